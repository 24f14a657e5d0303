package queuelog

import (
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Batch is a set of changes to the queue that commit together. Each change
// takes effect in memory at once, so later changes and claims of the same
// batch see it, and is undone by Rollback. Commit makes the batch durable.
//
// Many batches may be open at once, but only one of them may change or
// claim existing jobs: the store's single writer. Any number of others may
// Put new jobs. A job put by a batch is seen by no other batch (nor
// claimed, nor changed) until that batch commits. The index relies on
// this: the document of a job that an open batch has written is found in
// that batch's buffer, through the job's inBatch.
type Batch struct {
	l   *Log
	buf []byte // the batch's records, in order
	ops []op   // what each change did, to place or undo it
	// seq is the segment whose sequence number the records' checksums
	// cover; mixed says that some cover another, because the log moved to
	// a new segment while the batch was open.
	seq   uint64
	mixed bool
	// now says that a caller waits on this batch: it is synced at once
	// even if it only deletes jobs (SyncNow).
	now bool
}

type opKind uint8

const (
	opPut    opKind = iota // a new job
	opUpdate               // a job's due time and document changed
	opDelete               // a job removed
	opLease                // a job's lease changed; nothing is written
)

// op is one change to one job, with what it replaced.
type op struct {
	kind opKind
	e    *entry
	// What the change replaced.
	due, lease    int64
	docLen, bufOp int32
	inBuf         bool
	prevBatch     *Batch
	// bufAt is the length of buf before the change: undoing it cuts buf
	// back there. docAt is where the document of the change's record
	// starts in buf (opPut, opUpdate).
	bufAt, docAt int
}

// Begin opens a batch.
func (l *Log) Begin() *Batch { return &Batch{l: l, buf: bufPool.Get().([]byte)} }

// bufPool holds batch buffers: a batch's records are copied into a chunk
// when it commits, and its buffer serves the next batch.
var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

// touch records an op on e, whose record (if any) starts at bufAt in buf
// and its document at docAt, and marks e as changed by b.
func (b *Batch) touch(kind opKind, e *entry, bufAt, docAt int) {
	b.ops = append(b.ops, op{kind: kind, e: e, due: e.due, lease: e.lease, docLen: e.docLen, bufOp: e.bufOp,
		inBuf: e.inBuf, prevBatch: e.inBatch, bufAt: bufAt, docAt: docAt})
	e.inBatch = b
}

// MaxDoc is the largest job document the log takes. A job is an event and
// its payload for one target, each at most 256 KB, with their metadata.
const MaxDoc = maxBody - 64

// ErrTooLarge is returned by Put for a document over MaxDoc.
var ErrTooLarge = errors.New("queue log: job document too large")

// Put adds jobs and sets each one's ID. A document over MaxDoc fails the
// whole call, and nothing is added.
func (b *Batch) Put(ds []store.Delivery) error {
	for _, d := range ds {
		if len(d.Doc) > MaxDoc {
			return fmt.Errorf("%w: %d bytes", ErrTooLarge, len(d.Doc))
		}
	}
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	now := nowMillis()
	for i := range ds {
		d := &ds[i]
		d.ID = l.nextID
		l.nextID++
		bufAt := len(b.buf)
		var docAt int
		b.buf, docAt = appendPut(b.buf, b.sealSeq(), d.ID, d.DueAt.UnixMilli(), d.Doc)
		e := &entry{id: d.ID, due: d.DueAt.UnixMilli(), lease: d.LeaseUntil.UnixMilli(), unpublished: true, slot: -1}
		l.idx.add(e, now)
		b.touch(opPut, e, bufAt, docAt)
		b.holdDoc(e, len(d.Doc))
	}
	return nil
}

// Update rewrites a job's due time, lease and document. A job that is not
// queued is left alone.
func (b *Batch) Update(d store.Delivery) {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.idx.get(d.ID, b)
	if e == nil {
		return
	}
	bufAt := len(b.buf)
	var docAt int
	b.buf, docAt = appendPut(b.buf, b.sealSeq(), d.ID, d.DueAt.UnixMilli(), d.Doc)
	b.touch(opUpdate, e, bufAt, docAt)
	l.idx.set(e, d.DueAt.UnixMilli(), d.LeaseUntil.UnixMilli(), nowMillis())
	b.holdDoc(e, len(d.Doc))
}

// rewrite logs a job again unchanged, at the head of the log. Called with
// mu held.
func (b *Batch) rewrite(e *entry, doc []byte) {
	bufAt := len(b.buf)
	var docAt int
	b.buf, docAt = appendPut(b.buf, b.sealSeq(), e.id, e.due, doc)
	b.touch(opUpdate, e, bufAt, docAt)
	b.holdDoc(e, len(doc))
}

// holdDoc notes that e's document is now the one of the batch's last
// record: the batch's buffer holds it until the batch commits. The entry
// keeps the record's place in ops rather than in buf, which may grow past
// what an int32 counts.
func (b *Batch) holdDoc(e *entry, docLen int) {
	e.docLen, e.bufOp, e.inBuf = int32(docLen), int32(len(b.ops)-1), true
}

// Delete removes jobs; ids that are not queued are skipped.
func (b *Batch) Delete(ids []int64) {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	found := make([]int64, 0, len(ids))
	bufAt := len(b.buf)
	for _, id := range ids {
		e := l.idx.get(id, b)
		if e == nil {
			continue
		}
		found = append(found, id)
		b.touch(opDelete, e, bufAt, 0)
		l.idx.remove(e)
	}
	if len(found) > 0 {
		b.buf = appendDelete(b.buf, b.sealSeq(), found)
	}
}

// Claim leases up to limit jobs that are due at now and not leased, oldest
// due first, until leaseUntil, and returns them with their documents. A
// negative limit means no limit.
func (b *Batch) Claim(nowMillis, leaseUntil int64, limit int) ([]store.Delivery, error) {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	l.idx.expire(nowMillis)
	// Claimed jobs leave the ready heap until the loop ends: a lease that
	// ends at or before now would file them straight back into it. Jobs of
	// other open batches are set aside the same way, untouched.
	var aside []*entry
	var out []store.Delivery
	defer func() {
		for _, e := range aside {
			l.idx.file(e, nowMillis)
		}
	}()
	for limit < 0 || len(out) < limit {
		e := l.idx.ready.min()
		if e == nil || e.due > nowMillis {
			break
		}
		if e.lease > nowMillis {
			// Filed as unleased at a time its lease had not begun yet.
			l.idx.set(e, e.due, e.lease, nowMillis)
			continue
		}
		heap.Pop(&l.idx.ready)
		aside = append(aside, e)
		if !e.visibleTo(b) {
			continue
		}
		doc, err := l.docLocked(e)
		if err != nil {
			return nil, err
		}
		b.touch(opLease, e, len(b.buf), 0)
		e.lease = leaseUntil
		out = append(out, store.Delivery{ID: e.id, DueAt: millisTime(e.due), LeaseUntil: millisTime(leaseUntil), Doc: doc})
	}
	return out, nil
}

// ReleaseLeases makes every queued job claimable at once.
func (b *Batch) ReleaseLeases() {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	// Every job, not only those in the leases heap: a job whose lease had
	// ended when it was last filed sits in the ready heap with its lease.
	// Only a node's start calls this, so a walk of the index is cheap.
	for _, e := range l.idx.byID {
		if e.lease != 0 && e.visibleTo(b) {
			b.touch(opLease, e, len(b.buf), 0)
			l.idx.set(e, e.due, 0, 0)
		}
	}
}

// sealSeq returns the sequence number to checksum a new record with: the
// active segment's, where the batch will most likely go. Called with mu
// held.
func (b *Batch) sealSeq() uint64 {
	seq := b.l.segs[len(b.l.segs)-1].seq
	if len(b.buf) > 0 && seq != b.seq {
		b.mixed = true
	}
	b.seq = seq
	return seq
}

// reseal checksums every record of the batch again for segment seq.
func (b *Batch) reseal(seq uint64) {
	for at := 0; at < len(b.buf); {
		n := int(binary.LittleEndian.Uint32(b.buf[at:]))
		b.buf = closeFrame(b.buf[:at+frameSize+n], at, seq)[:len(b.buf)]
		at += frameSize + n
	}
	b.seq, b.mixed = seq, false
}

// Mark returns a point that RollbackTo can undo back to.
func (b *Batch) Mark() int { return len(b.ops) }

// RollbackTo undoes the changes made since mark, newest first.
func (b *Batch) RollbackTo(mark int) {
	l := b.l
	l.mu.Lock()
	defer l.mu.Unlock()
	b.undoLocked(mark)
}

// Rollback undoes every change of the batch.
func (b *Batch) Rollback() { b.RollbackTo(0) }

func (b *Batch) undoLocked(mark int) {
	l := b.l
	now := nowMillis()
	cut := len(b.buf)
	for i := len(b.ops) - 1; i >= mark; i-- {
		o := &b.ops[i]
		e := o.e
		switch o.kind {
		case opPut:
			l.idx.remove(e)
		case opDelete:
			l.idx.add(e, now)
		default:
			l.idx.set(e, o.due, o.lease, now)
			e.docLen, e.bufOp, e.inBuf = o.docLen, o.bufOp, o.inBuf
		}
		e.inBatch = o.prevBatch
		cut = o.bufAt
		b.ops[i] = op{}
	}
	b.ops = b.ops[:mark]
	b.buf = b.buf[:cut]
}

// Commit makes the batch durable. done, if not nil, is called once the
// batch's records are synced, with nil, or with the error that lost them;
// a batch with nothing to write (claims only change leases, which are not
// logged) is acknowledged once what was committed before it is synced, at
// once if nothing is. If the log has failed or is closed, the batch is
// rolled back and done gets the error. With a nil done, nobody waits, and
// the records go out with the next sync, as a delete-only batch's do.
//
// Records are durable one by one: after a crash, a batch that was never
// acknowledged may come back in part. An acknowledged batch comes back
// whole.
func (b *Batch) Commit(done func(error)) {
	l := b.l
	l.mu.Lock()
	err, later := l.commitLocked(b, done)
	l.mu.Unlock()
	if !later && done != nil {
		done(err)
	}
}

// commitLocked hands the batch's records to the syncer and gives each job
// it wrote the location of its new record. later reports that done was
// queued for the syncer; otherwise the caller calls it with err.
func (l *Log) commitLocked(b *Batch, done func(error)) (err error, later bool) {
	if l.err != nil {
		err := l.err
		b.undoLocked(0)
		return err, false
	}
	defer b.finish()
	if len(b.buf) == 0 {
		// Nothing to write, but what the batch saw (a claimed job, say)
		// may not be on disk yet: it is acknowledged after what is.
		if done != nil && (len(l.pending) > 0 || len(l.writing) > 0 || len(l.waiting) > 0) {
			l.waiting = append(l.waiting, done)
			l.urgent = true
			l.wake()
			return nil, true
		}
		return nil, false
	}
	seg := l.segs[len(l.segs)-1]
	if seg.size+int64(len(b.buf)) > l.segMax {
		next, err := l.newSegment(seg.seq + 1)
		if err != nil {
			b.undoLocked(0)
			return err, false
		}
		// The header goes after every pending record of the segment it
		// follows, and writeOut syncs that segment before writing it.
		hdr := appendHeader(nil, next.seq, l.nextID, seg.size)
		l.pending = append(l.pending, chunk{seg: next, b: hdr})
		next.size = int64(len(hdr))
		l.segs = append(l.segs, next)
		l.rollGen = l.commitGen + 1
		seg = next
	}
	if b.mixed || b.seq != seg.seq {
		b.reseal(seg.seq)
	}
	base := seg.size
	if n := len(l.pending); n > 0 && l.pending[n-1].seg == seg && l.pending[n-1].off+int64(len(l.pending[n-1].b)) == base &&
		cap(l.pending[n-1].b)-len(l.pending[n-1].b) >= len(b.buf) {
		l.pending[n-1].b = append(l.pending[n-1].b, b.buf...)
	} else {
		l.pending = append(l.pending, chunk{seg: seg, off: base, b: append(l.getBuf(len(b.buf)), b.buf...)})
	}
	seg.size += int64(len(b.buf))
	bufPool.Put(b.buf[:0])
	b.buf = nil
	if seg.size > l.segMax/4 {
		l.prepareSpare()
	}

	// Newest first, so that each job takes the location of its last record.
	l.commitGen++
	gen := l.commitGen
	for i := len(b.ops) - 1; i >= 0; i-- {
		o := &b.ops[i]
		e := o.e
		if o.kind == opLease || e.placed == gen {
			continue
		}
		e.placed = gen
		e.seg.drop(e, gen)
		if o.kind == opDelete {
			e.seg, e.inBuf = nil, false
			continue
		}
		e.seg, e.docOff, e.inBuf, e.unpublished = seg, base+int64(o.docAt), false, false
		seg.keep(e)
	}
	if done != nil {
		l.waiting = append(l.waiting, done)
	}
	if !b.now && (done == nil || b.onlyRemoves()) {
		// Nobody waits for it (jobs forwarded by the log itself), or only
		// the removal of delivered jobs does.
		l.syncSoon()
	} else {
		l.urgent = true
		l.wake()
	}
	return nil, done != nil
}

// SyncNow marks the batch as one whose caller is waiting, such as a
// client's request, so that Commit syncs it at once even if it only
// deletes jobs.
func (b *Batch) SyncNow() { b.now = true }

// onlyRemoves reports whether the batch only deletes jobs (and leases
// them). Unless SyncNow was called, such a batch can wait a little for its
// sync: it is still acknowledged only once durable, what waits for it is
// the removal of delivered jobs, and a crash before the sync only means
// delivering those jobs again.
func (b *Batch) onlyRemoves() bool {
	for i := range b.ops {
		if k := b.ops[i].kind; k != opDelete && k != opLease {
			return false
		}
	}
	return true
}

// finish ends the batch's claim on the jobs it changed.
func (b *Batch) finish() {
	for i := range b.ops {
		if e := b.ops[i].e; e.inBatch == b {
			e.inBatch = nil
		}
	}
	b.ops = nil
}

func millisTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
