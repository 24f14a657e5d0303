package queuelog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a Log. The zero value is what the server uses.
type Options struct {
	// SegmentSize is the size past which the next commit starts a new
	// segment. Zero means 16 MiB.
	SegmentSize int64
	// RemoveDelay is the longest a batch that nobody needs synced at
	// once (one that only deletes jobs, or the log's own forwarding of
	// jobs) waits for a sync to share, rather than cause one. Zero means
	// 2 ms.
	RemoveDelay time.Duration
}

// ErrClosed is returned by commits after Close.
var ErrClosed = errors.New("queue log closed")

// ErrInUse is returned by Open when another process has the log open.
var ErrInUse = errors.New("the queue log is in use by another process; each data folder serves one server")

// lockName is the file whose lock says which process has the log.
const lockName = "LOCK"

// Log is the durable queue. Its methods are safe for concurrent use; see
// Batch for how changes are made.
type Log struct {
	dir    string
	segMax int64
	lock   *os.File // held from Open to Close

	mu      sync.Mutex
	idx     *index
	nextID  int64
	segs    []*segment // oldest first; the last is the active one
	pending []chunk    // committed records the syncer has not taken yet
	waiting []func(error)
	writing []chunk // taken by the syncer, perhaps not yet in their files
	err     error   // set for good when a write or sync fails, or at Close
	// commitGen numbers commits, to place each job once per commit.
	// syncedGen is the last commit whose records are synced; rollGen the
	// commit that started the active segment. A segment retires only once
	// the records that emptied it, and the header of the segment after
	// it, are on disk.
	commitGen, syncedGen, rollGen uint64
	// free holds the buffers of written chunks for new ones.
	free [][]byte

	kick    chan struct{}
	stopped chan struct{}

	// spareReady says that a spare segment file, its blocks already
	// written, waits to be the next segment; preparing counts the
	// goroutines making one.
	spareReady bool
	preparing  sync.WaitGroup
	making     bool

	syncs atomic.Int64 // fdatasync rounds

	// urgent says that something pending must be synced now. A batch
	// that only deletes jobs, unless marked SyncNow, is not urgent, nor
	// is one committed with no callback (forwarded jobs): it waits for
	// the next urgent sync, or removeDelay at the most (syncSoon). Under
	// load, deletes cost no sync of their own (BENCHMARKS.md).
	urgent      bool
	soonArmed   bool
	removeDelay time.Duration
}

// syncSoon makes sure that what is pending is synced within removeDelay.
func (l *Log) syncSoon() {
	if l.soonArmed {
		return
	}
	l.soonArmed = true
	time.AfterFunc(l.removeDelay, func() {
		l.mu.Lock()
		l.soonArmed = false
		l.urgent = true
		l.mu.Unlock()
		l.wake()
	})
}

// lockDir takes the log's folder for this process: two processes
// appending to the same segments would destroy each other's records.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock queue log: %w", err)
	}
	if err := lockFile(f); err != nil {
		_ = f.Close()
		if errors.Is(err, ErrInUse) {
			return nil, err
		}
		return nil, fmt.Errorf("lock queue log: %w", err)
	}
	return f, nil
}

// chunk is committed bytes bound for one segment at one offset.
type chunk struct {
	seg *segment
	off int64
	b   []byte
}

// Open opens the log in dir, creating dir if needed (its parent must
// exist), and recovers the queued jobs from its segments. Every recovered
// job is unleased.
func Open(dir string, opts Options) (*Log, error) {
	if opts.SegmentSize <= 0 {
		opts.SegmentSize = 16 << 20
	}
	if opts.RemoveDelay <= 0 {
		opts.RemoveDelay = 2 * time.Millisecond
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("open queue log: %w", err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open queue log %s: %w", dir, err)
	}
	l := &Log{dir: dir, segMax: opts.SegmentSize, removeDelay: opts.RemoveDelay, idx: newIndex(), nextID: 1,
		kick: make(chan struct{}, 1), stopped: make(chan struct{}), lock: lock}
	if err := l.recover(); err != nil {
		_ = l.closeFiles()
		return nil, fmt.Errorf("open queue log %s: %w", dir, err)
	}
	go l.syncLoop()
	return l, nil
}

// recover replays every segment into the index, then starts a new
// segment for what follows: the tail of the last one may hold a record cut
// short by a crash, and writing after it could make it whole again.
//
// Each segment's header says where the records of the one before it end.
// An older segment is replayed up to there and must have whole, valid
// records all the way: otherwise it is damaged, and Open fails rather than
// lose jobs or bring deleted ones back. Only the last segment may end in a
// record cut short, and only the last may lack its header (its file was
// made, its header never written).
func (l *Log) recover() error {
	seqs, err := listSegments(l.dir)
	if err != nil {
		return err
	}
	if err := l.findSpare(); err != nil {
		return err
	}
	datas := make([][]byte, len(seqs))
	for i, seq := range seqs {
		f, err := os.OpenFile(segmentPath(l.dir, seq), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		l.segs = append(l.segs, &segment{seq: seq, f: f})
		if datas[i], err = os.ReadFile(segmentPath(l.dir, seq)); err != nil {
			return err
		}
	}
	// Segments whose header never reached the disk hold nothing: a header
	// is written only after everything before it is synced. Several can
	// trail when commits rolled more than once while a sync ran.
	for n := len(l.segs); n > 0; n-- {
		if _, ok := header(datas[n-1], l.segs[n-1].seq); ok {
			break
		}
		s := l.segs[n-1]
		l.segs, datas = l.segs[:n-1], datas[:n-1]
		_ = s.f.Close()
		if err := os.Remove(segmentPath(l.dir, s.seq)); err != nil {
			return err
		}
	}
	for i, s := range l.segs {
		limit, last := len(datas[i]), i == len(l.segs)-1
		if !last {
			next, ok := header(datas[i+1], l.segs[i+1].seq)
			if !ok || next.prevEnd > int64(limit) {
				return fmt.Errorf("segment %d: damaged (the next segment says its records end at %d)", s.seq, next.prevEnd)
			}
			limit = int(next.prevEnd)
		}
		if end := l.replay(s, datas[i][:limit]); !last && end != limit {
			return fmt.Errorf("segment %d: damaged record at %d", s.seq, end)
		}
	}
	var seq uint64 = 1
	var prevEnd int64
	if len(l.segs) > 0 {
		last := l.segs[len(l.segs)-1]
		seq, prevEnd = last.seq+1, last.size
		// What was replayed may be only in the page cache (the process
		// was killed before its sync): the new header must not vouch for
		// it before it is on disk.
		if err := fdatasync(last.f); err != nil {
			return err
		}
	}
	s, err := l.newSegment(seq)
	if err != nil {
		return err
	}
	hdr := appendHeader(nil, seq, l.nextID, prevEnd)
	if _, err := s.f.WriteAt(hdr, 0); err != nil {
		_ = s.f.Close() // not in segs, so closeFiles would not close it
		return err
	}
	if err := fdatasync(s.f); err != nil {
		_ = s.f.Close()
		return err
	}
	s.size, s.written = int64(len(hdr)), int64(len(hdr))
	l.segs = append(l.segs, s)
	return nil
}

// header reads the header record a segment's data starts with.
func header(data []byte, seq uint64) (record, bool) {
	r, _, err := readRecord(data, seq)
	return r, err == nil && r.kind == kindHeader
}

// replay applies a segment's records, up to the first that is not whole
// and valid, and returns where that is.
func (l *Log) replay(s *segment, data []byte) int {
	off := 0
	for off < len(data) {
		r, n, err := readRecord(data[off:], s.seq)
		if err != nil || (off == 0) != (r.kind == kindHeader) {
			break
		}
		l.apply(s, int64(off), r)
		off += n
	}
	s.size, s.written = int64(off), int64(off)
	return off
}

// apply replays one record read at off in s.
func (l *Log) apply(s *segment, off int64, r record) {
	switch r.kind {
	case kindHeader:
		l.nextID = max(l.nextID, r.nextID)
	case kindPut:
		l.nextID = max(l.nextID, r.id+1)
		e := l.idx.byID[r.id]
		if e == nil {
			e = &entry{id: r.id, slot: -1}
			l.idx.add(e, 0)
		} else {
			e.seg.drop(e, 0)
		}
		l.idx.set(e, r.due, 0, 0)
		e.seg, e.docOff, e.docLen = s, off+int64(r.docAt), int32(len(r.doc))
		s.keep(e)
	case kindDelete:
		for _, id := range r.ids {
			l.nextID = max(l.nextID, id+1)
			if e := l.idx.byID[id]; e != nil {
				e.seg.drop(e, 0)
				l.idx.remove(e)
			}
		}
	}
}

// keep and drop count a job's current record in or out of its segment.
func (s *segment) keep(e *entry) {
	e.segBytes = e.docLen + recordOverhead
	s.live++
	s.liveBytes += int64(e.segBytes)
}

// drop's gen is the commit that moved or deleted the job.
func (s *segment) drop(e *entry, gen uint64) {
	if s == nil {
		return
	}
	s.live--
	s.liveBytes -= int64(e.segBytes)
	s.dropGen = max(s.dropGen, gen)
}

// recordOverhead is about what a put record adds to its document.
const recordOverhead = 32

// Count returns the number of queued jobs, including those of batches
// not yet committed.
func (l *Log) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.idx.byID)
}

// Stats count the log's work since Open.
type Stats struct {
	Syncs int64 // fdatasync rounds, each acknowledging a group of batches
}

// Stats returns the counters.
func (l *Log) Stats() Stats { return Stats{Syncs: l.syncs.Load()} }

// Close waits for the committed batches to be written and acknowledged,
// then closes the files. Later commits fail with ErrClosed.
func (l *Log) Close() error {
	l.mu.Lock()
	if l.err == nil {
		l.err = ErrClosed
	}
	l.mu.Unlock()
	l.wake()
	<-l.stopped
	l.preparing.Wait()
	return l.closeFiles()
}

func (l *Log) closeFiles() error {
	var errs []error
	for _, s := range l.segs {
		errs = append(errs, s.f.Close())
	}
	// Last: the folder is another process's to take only once every
	// segment is closed.
	errs = append(errs, l.lock.Close())
	return errors.Join(errs...)
}

func (l *Log) wake() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

// syncLoop writes and syncs what batches commit, one group at a time, and
// acknowledges each group when its sync returns. After a failed write or
// sync nothing more is written: what the file holds past that point is
// unknown, and a record written after a hole would be lost to recovery,
// which stops at the hole. Every later group gets the error. It exits once
// the log is closed and nothing is left to write.
func (l *Log) syncLoop() {
	defer close(l.stopped)
	last := 0 // batches acknowledged by the previous round
	for range l.kick {
		for {
			if last > 1 {
				l.gather()
			}
			l.mu.Lock()
			failed, closing := l.err != nil && l.err != ErrClosed, l.err != nil
			if !l.urgent && !closing {
				l.mu.Unlock()
				break
			}
			l.urgent = false
			chunks, waiting, gen := l.pending, l.waiting, l.commitGen
			l.pending, l.waiting = nil, nil
			if !failed {
				l.writing = chunks
			}
			err := l.err
			l.mu.Unlock()
			if len(chunks) == 0 && len(waiting) == 0 {
				if closing {
					return
				}
				break
			}
			if !failed {
				err = l.writeOut(chunks)
			}
			l.mu.Lock()
			l.writing = nil
			for _, c := range chunks {
				l.putBuf(c.b)
			}
			switch {
			case err != nil && !failed:
				l.err = fmt.Errorf("queue log failed, restart to recover: %w", err)
				err = l.err
			case err == nil:
				l.syncedGen = gen
				l.retire()
			}
			l.mu.Unlock()
			if len(chunks) > 0 {
				l.syncs.Add(1)
			}
			last = len(waiting)
			for _, done := range waiting {
				done(err)
			}
		}
	}
}

// gatherYields is how many times the syncer lets other goroutines run
// before it takes a group, when the previous group held several batches.
// On a busy machine those goroutines are requests on their way to Commit,
// and each one that joins the group saves a sync, which costs far more CPU
// than a yield (BENCHMARKS.md).
const gatherYields = 3

func (l *Log) gather() {
	for range gatherYields {
		runtime.Gosched()
	}
}

// writeOut writes chunks and syncs the segments they went to. It syncs a
// segment before it writes to the next one: a segment's header, which
// says where the one before ends, must never be on disk ahead of the
// records it vouches for.
func (l *Log) writeOut(chunks []chunk) error {
	var cur *segment
	for _, c := range chunks {
		if cur != nil && c.seg != cur {
			if err := fdatasync(cur.f); err != nil {
				return fmt.Errorf("sync queue segment %d: %w", cur.seq, err)
			}
		}
		cur = c.seg
		if _, err := c.seg.f.WriteAt(c.b, c.off); err != nil {
			return fmt.Errorf("write queue segment %d: %w", c.seg.seq, err)
		}
	}
	if cur != nil {
		if err := fdatasync(cur.f); err != nil {
			return fmt.Errorf("sync queue segment %d: %w", cur.seq, err)
		}
	}
	l.mu.Lock()
	for _, c := range chunks {
		c.seg.written = max(c.seg.written, c.off+int64(len(c.b)))
	}
	l.mu.Unlock()
	return nil
}

// retire removes the oldest segments once no live job has its record
// there, and rewrites the live jobs of a mostly dead oldest segment at the
// head so that it can retire next time. Called with mu held.
func (l *Log) retire() {
	for len(l.segs) > 1 {
		s := l.segs[0]
		if s.live > 0 {
			if s.liveBytes*2 < s.size {
				l.forward(s)
			}
			return
		}
		if s.written < s.size || s.dropGen > l.syncedGen || l.rollGen > l.syncedGen {
			return
		}
		l.segs = l.segs[1:]
		l.recycle(s)
	}
}

// forward writes the live jobs of s again at the head of the log, except
// those an open batch is changing, which will be rewritten by that batch
// or on a later round. It scans the whole index, which it does about once
// per segment, and only for a segment mostly dead. Called with mu held.
func (l *Log) forward(s *segment) {
	b := &Batch{l: l}
	for _, e := range l.idx.byID {
		if e.seg != s || e.inBatch != nil {
			continue
		}
		doc, err := l.docLocked(e)
		if err != nil {
			b.undoLocked(0) // tried again after the next sync
			return
		}
		b.rewrite(e, doc)
	}
	l.commitLocked(b, nil)
}

// docLocked returns a job's document: from the open batch that set it,
// from the bytes committed but not yet written, or from its segment file.
func (l *Log) docLocked(e *entry) ([]byte, error) {
	if e.inBuf {
		// A copy: the batch's buffer is reused once it commits, and cut
		// back by a rollback.
		o := &e.inBatch.ops[e.bufOp]
		return append([]byte(nil), e.inBatch.buf[o.docAt:][:e.docLen]...), nil
	}
	if e.seg == nil {
		return nil, fmt.Errorf("job %d has neither a record nor an open batch", e.id)
	}
	if e.docOff+int64(e.docLen) <= e.seg.written {
		return e.seg.readAt(e.docOff, int(e.docLen))
	}
	for _, cs := range [][]chunk{l.writing, l.pending} {
		for _, c := range cs {
			if c.seg == e.seg && c.off <= e.docOff && e.docOff+int64(e.docLen) <= c.off+int64(len(c.b)) {
				at := e.docOff - c.off
				return append([]byte(nil), c.b[at:at+int64(e.docLen)]...), nil
			}
		}
	}
	// Neither written nor waiting to be: its write failed, and the log
	// with it.
	return nil, fmt.Errorf("job %d: its record was never written: %w", e.id, l.err)
}

// chunkSize is the least capacity of a chunk's buffer: enough for the
// records of a group of small batches, so that it seldom grows.
const chunkSize = 256 << 10

// getBuf returns an empty buffer for a chunk of at least n bytes. Called
// with mu held.
func (l *Log) getBuf(n int) []byte {
	if k := len(l.free); k > 0 && cap(l.free[k-1]) >= n {
		b := l.free[k-1]
		l.free = l.free[:k-1]
		return b[:0]
	}
	return make([]byte, 0, max(n, chunkSize))
}

// putBuf keeps a written chunk's buffer for reuse. Called with mu held.
// It keeps none smaller than chunkSize: a segment header's buffer, kept,
// would sit on top of the free list, too small for the next chunk, and
// once four had piled up every commit would allocate a new buffer.
func (l *Log) putBuf(b []byte) {
	if len(l.free) < 4 && cap(b) >= chunkSize && cap(b) <= 4*chunkSize {
		l.free = append(l.free, b)
	}
}

func nowMillis() int64 { return time.Now().UnixMilli() }
