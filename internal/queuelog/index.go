package queuelog

import "container/heap"

// entry is a live job. Its due time and lease change in place; its
// location changes only when a batch commits.
//
// An index holds one entry for every queued job, however long the queue
// grows behind a target that is down, so its fields are packed into 80
// bytes (TestEntryStaysSmall; BenchmarkMemoryPerQueuedJob measures a job's
// whole cost).
type entry struct {
	id    int64
	due   int64 // Unix milliseconds
	lease int64 // Unix milliseconds; at or before now means unleased

	// The job's current record: its segment, and where in the segment its
	// document starts. seg is nil until the batch that put the job
	// commits.
	seg    *segment
	docOff int64
	// placed is the commit that last gave the job a location.
	placed uint64

	// inBatch is the open batch that has changed this job, if any.
	inBatch *Batch

	docLen int32 // the document's length (MaxDoc bounds it)
	// inBuf says that inBatch has written the job and not yet committed:
	// its document is in inBatch.buf, where the record of inBatch.ops[bufOp]
	// put it, not at docOff in seg.
	bufOp int32
	inBuf bool
	// unpublished says that inBatch put the job. Until it commits, no
	// other batch can see it.
	unpublished bool

	leased bool // which heap holds the entry
	// segBytes is what the record counts in its segment's liveBytes.
	segBytes int32
	slot     int32 // the entry's position in its heap
}

// before orders jobs oldest due first, then by id.
func (e *entry) before(o *entry, leased bool) bool {
	a, b := e.due, o.due
	if leased {
		a, b = e.lease, o.lease
	}
	if a != b {
		return a < b
	}
	return e.id < o.id
}

// queue is a heap of entries: the unleased ones by due time, or the
// leased ones by lease end.
type queue struct {
	leased bool
	items  []*entry
}

func (q *queue) Len() int           { return len(q.items) }
func (q *queue) Less(i, j int) bool { return q.items[i].before(q.items[j], q.leased) }
func (q *queue) Swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].slot = int32(i)
	q.items[j].slot = int32(j)
}
func (q *queue) Push(x any) {
	e := x.(*entry)
	e.slot = int32(len(q.items))
	e.leased = q.leased
	q.items = append(q.items, e)
}
func (q *queue) Pop() any {
	last := len(q.items) - 1
	e := q.items[last]
	q.items[last] = nil
	q.items = q.items[:last]
	e.slot = -1
	return e
}

func (q *queue) min() *entry {
	if len(q.items) == 0 {
		return nil
	}
	return q.items[0]
}

// index is the live jobs: by id, and in the two heaps that claiming walks.
type index struct {
	byID   map[int64]*entry
	ready  queue // unleased, by due time
	leases queue // leased, by lease end
}

func newIndex() *index {
	return &index{byID: map[int64]*entry{}, leases: queue{leased: true}}
}

// add indexes e by id and files it.
func (x *index) add(e *entry, now int64) {
	x.byID[e.id] = e
	x.file(e, now)
}

// file puts e in the heap its lease calls for as of now.
func (x *index) file(e *entry, now int64) {
	switch {
	case e.lease > now:
		heap.Push(&x.leases, e)
	default:
		heap.Push(&x.ready, e)
	}
}

func (x *index) remove(e *entry) {
	delete(x.byID, e.id)
	x.unfile(e)
}

func (x *index) unfile(e *entry) {
	switch {
	case e.slot < 0:
	case e.leased:
		heap.Remove(&x.leases, int(e.slot))
	default:
		heap.Remove(&x.ready, int(e.slot))
	}
}

// set changes a job's due time and lease and refiles it.
func (x *index) set(e *entry, due, lease, now int64) {
	x.unfile(e)
	e.due, e.lease = due, lease
	x.file(e, now)
}

// get returns the job with id that b may see: a committed one, or one b
// put itself.
func (x *index) get(id int64, b *Batch) *entry {
	e := x.byID[id]
	if e == nil || !e.visibleTo(b) {
		return nil
	}
	return e
}

// visibleTo says whether b may see e: it is committed, or b put it.
func (e *entry) visibleTo(b *Batch) bool { return !e.unpublished || e.inBatch == b }

// expire moves jobs whose lease ended at or before now to the ready heap.
func (x *index) expire(now int64) {
	for e := x.leases.min(); e != nil && e.lease <= now; e = x.leases.min() {
		heap.Pop(&x.leases)
		heap.Push(&x.ready, e)
	}
}
