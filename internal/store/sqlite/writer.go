package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync/atomic"

	"github.com/bridgeport/bridgeport/internal/queuelog"
	"github.com/bridgeport/bridgeport/internal/store"
)

// Request states. The writer moves a request from queued to running before
// calling its fn; a caller whose ctx ends first moves it to abandoned and
// returns at once. Whoever wins the swap decides whether fn runs.
const (
	queued int32 = iota
	running
	abandoned
)

// request is one Update waiting for the writer.
type request struct {
	ctx   context.Context
	fn    func(store.Tx) error
	state atomic.Int32
	// done receives the one answer. Buffered so the writer never waits
	// for a caller, including one that has abandoned the request.
	done chan error
}

// writer owns the write connection. A single goroutine (run) executes
// every Update, which is what makes them serializable without retries.
type writer struct {
	conn     *sql.Conn
	queue    *queuelog.Log
	maxBatch int
	reqs     chan *request
	quit     chan struct{}
	exited   chan struct{}

	// stmts caches prepared statements by SQL text. Only the writer
	// goroutine touches it (Update functions run there), so it needs no
	// lock; the set of distinct statements is small and fixed.
	stmts map[string]*sql.Stmt

	lastBatch int  // requests in the previous batch
	begun     bool // the SQLite transaction of the batch is open
	sources   sourceCache

	commits atomic.Int64 // SQLite transactions committed
	applied atomic.Int64 // Update functions whose writes were committed
}

func newWriter(conn *sql.Conn, queue *queuelog.Log, maxBatch int) *writer {
	return &writer{
		conn:     conn,
		queue:    queue,
		maxBatch: maxBatch,
		// Buffered so that callers arriving while a commit is syncing
		// queue up without blocking; they form the next batch.
		reqs:   make(chan *request, maxBatch),
		quit:   make(chan struct{}),
		exited: make(chan struct{}),
		stmts:  map[string]*sql.Stmt{},
	}
}

// submit queues fn and waits for its outcome.
func (w *writer) submit(ctx context.Context, fn func(store.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &request{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case w.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		if req.state.CompareAndSwap(queued, abandoned) {
			return ctx.Err()
		}
		// fn has started: its writes may commit, so wait to report
		// what really happened.
		return <-req.done
	}
}

// run is the writer goroutine. It blocks for the first request, with no
// timer: an idle store commits a lone Update at once. Requests that queue
// while one batch runs and syncs form the next batch, so batches grow
// exactly as fast as callers outpace the disk.
func (w *writer) run() {
	defer close(w.exited)
	for {
		select {
		case req := <-w.reqs:
			w.commitBatch(req)
		case <-w.quit:
			return
		}
	}
}

// yields is how many times the writer lets other goroutines run before it
// commits, when the previous batch showed concurrent writers: on a busy
// machine they are requests on their way to Update, and every one that
// joins this batch saves a commit.
const yields = 3

// next returns another queued request for the current batch, or nil if
// none is waiting or the batch is full.
func (w *writer) next(n int) *request {
	if n >= w.maxBatch {
		return nil
	}
	for range yields {
		select {
		case req := <-w.reqs:
			return req
		default:
		}
		if w.lastBatch <= 1 {
			return nil
		}
		runtime.Gosched()
	}
	return nil
}

// commitBatch runs first and whatever else is queued in one transaction,
// then commits once. It first runs the fns back to back, with no savepoint
// between them: almost every fn succeeds, and two savepoint statements per
// fn are a large part of a small fn's cost. If one fails, the batch is
// rolled back and run again with a savepoint around each fn (replay), so
// that the failed fn's writes, and only those, are undone. Replaying is
// safe because an fn's only effects are its writes and the values it
// assigns for its caller, which the second run assigns again.
//
// A transaction has two parts: the SQLite one, begun by the first
// statement an fn runs, and a batch of the delivery queue log. A batch
// whose fns only touch the queue never begins the SQLite one.
func (w *writer) commitBatch(first *request) {
	qb := w.queue.Begin()
	t := w.tx(qb)
	var batch []*request
	var fnErr error
	n := 1
	for req := first; req != nil; req, n = w.next(n), n+1 {
		if !w.start(req) {
			continue
		}
		batch = append(batch, req)
		if fnErr = call(req.fn, t); fnErr != nil {
			break
		}
	}
	switch {
	case fnErr == nil:
		w.commit(batch, qb)
	case len(batch) == 1:
		// The only fn failed: rolling back the transaction undoes its writes.
		w.rollback(qb)
		batch[0].done <- fnErr
	default:
		if err := w.replay(batch, n, qb); err != nil {
			for _, req := range batch {
				req.done <- err
			}
		}
	}
}

// tx is the store.Tx of the writer's open transaction, whose queue part
// is qb.
func (w *writer) tx(qb *queuelog.Batch) *tx {
	return &tx{q: writeQuerier{w}, queue: w.queue, qb: qb, sources: &w.sources}
}

// begin opens the SQLite transaction of the batch, once.
func (w *writer) begin() error {
	if w.begun {
		return nil
	}
	if err := w.exec("BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	w.begun = true
	return nil
}

// rollback undoes both parts of the open transaction. The ROLLBACK fails
// harmlessly if SQLite has already rolled back on its own (as it does after
// some I/O errors).
func (w *writer) rollback(qb *queuelog.Batch) {
	w.sources.clear()
	if w.begun {
		w.begun = false
		_ = w.exec("ROLLBACK")
	}
	qb.Rollback()
}

// start moves a request from queued to running, or reports that it must
// not run: its caller gave up, or its context ended while it was queued.
func (w *writer) start(req *request) bool {
	if !req.state.CompareAndSwap(queued, running) {
		return false // the caller has already returned
	}
	if err := req.ctx.Err(); err != nil {
		req.done <- err
		return false
	}
	return true
}

// replay rolls back a batch in which an fn failed and runs it again with a
// savepoint around each fn, then fills the batch up to maxBatch and
// commits. n is the number of requests taken from the queue so far. An
// error means nothing was committed and no request has been answered.
func (w *writer) replay(batch []*request, n int, qb *queuelog.Batch) error {
	w.rollback(qb)
	// Savepoints need the SQLite transaction whether or not fns use it.
	if err := w.begin(); err != nil {
		return err
	}
	var committed []*request // fns that succeeded, answered after COMMIT
	// run applies one fn; broken says that the transaction can no longer
	// be trusted and must be abandoned.
	var broken error
	run := func(req *request) {
		fnErr, txErr := w.apply(req.fn, qb)
		switch {
		case fnErr != nil:
			req.done <- fnErr // its writes are gone, either way
		case txErr != nil:
			req.done <- txErr
		default:
			committed = append(committed, req)
		}
		broken = txErr
	}
	// Run the batch again, then whatever queued meanwhile, until the batch
	// is full or the transaction breaks.
	pending := batch
	for broken == nil && len(pending) > 0 {
		run(pending[0])
		pending = pending[1:]
	}
	for broken == nil {
		req := w.next(n)
		if req == nil {
			break
		}
		n++
		if w.start(req) {
			run(req)
		}
	}
	if broken != nil {
		// Requests already answered with their own error keep it; the ones
		// that succeeded, and those of the batch that did not run again,
		// learn that the transaction was lost.
		w.fail(append(committed, pending...), qb, fmt.Errorf("transaction aborted: %w", broken))
		return nil
	}
	w.commit(committed, qb)
	return nil
}

// commit commits the SQLite part of the open transaction, if it began,
// then the queue part, and answers the requests whose fns succeeded once
// both are durable. The queue log acknowledges from its own goroutine, so
// the writer goes on to the next batch while the log syncs.
func (w *writer) commit(committed []*request, qb *queuelog.Batch) {
	if w.begun {
		// A failed COMMIT can leave the transaction open: begun stays set
		// so that fail rolls it back.
		if err := w.exec("COMMIT"); err != nil {
			w.fail(committed, qb, fmt.Errorf("commit: %w", err))
			return
		}
		w.begun = false
		w.commits.Add(1)
		// Something ran SQL: an API request, not only the removal of
		// delivered jobs, whose queue part may wait to share a sync.
		qb.SyncNow()
	}
	w.lastBatch = len(committed)
	qb.Commit(func(err error) {
		if err == nil {
			w.applied.Add(int64(len(committed)))
		} else {
			err = fmt.Errorf("commit delivery queue: %w", err)
		}
		for _, req := range committed {
			req.done <- err
		}
	})
}

// fail rolls back the open transaction and answers reqs with err.
func (w *writer) fail(reqs []*request, qb *queuelog.Batch, err error) {
	w.rollback(qb)
	for _, req := range reqs {
		req.done <- err
	}
}

// apply runs fn inside a savepoint. fnErr is fn's own error (or its panic),
// after its writes have been rolled back. txErr reports that the savepoint
// could not be set, rolled back or released: then the state of the whole
// transaction is unknown, and the batch must be abandoned.
func (w *writer) apply(fn func(store.Tx) error, qb *queuelog.Batch) (fnErr, txErr error) {
	if err := w.exec("SAVEPOINT u"); err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	mark := qb.Mark()
	fnErr = call(fn, w.tx(qb))
	if fnErr != nil {
		qb.RollbackTo(mark)
		w.sources.clear()
		// ROLLBACK TO undoes the savepoint's writes but keeps it open;
		// RELEASE then closes it, leaving the earlier fns' writes intact.
		if err := w.exec("ROLLBACK TO u"); err != nil {
			return fnErr, fmt.Errorf("roll back savepoint: %w", err)
		}
	}
	if err := w.exec("RELEASE u"); err != nil {
		return fnErr, fmt.Errorf("release savepoint: %w", err)
	}
	return fnErr, nil
}

// call runs fn, turning a panic into an error so that one bad Update does
// not take down the writer and every Update after it.
func call(fn func(store.Tx) error, t store.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("update function panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(t)
}

// stop ends the writer goroutine. The caller makes sure no request is
// waiting for an answer.
func (w *writer) stop() {
	close(w.quit)
	<-w.exited
}

// close releases the cached statements and the connection.
func (w *writer) close() error {
	var errs []error
	for _, st := range w.stmts {
		errs = append(errs, st.Close())
	}
	errs = append(errs, w.conn.Close())
	return errors.Join(errs...)
}

// stmt returns the prepared statement for query, preparing it on first use.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.conn.PrepareContext(context.Background(), query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	w.stmts[query] = st
	return st, nil
}

// The writer's statements deliberately ignore the callers' contexts:
// SQLite rolls back the whole transaction when a write statement is
// interrupted, which would undo every other Update in the batch.

// writeQuerier runs an Update's statements, beginning the SQLite
// transaction at the first.
type writeQuerier struct{ w *writer }

func (q writeQuerier) exec(query string, args ...any) error {
	if err := q.w.begin(); err != nil {
		return err
	}
	return q.w.exec(query, args...)
}

func (q writeQuerier) insert(query string, args ...any) (int64, error) {
	if err := q.w.begin(); err != nil {
		return 0, err
	}
	return q.w.insert(query, args...)
}

func (q writeQuerier) query(query string, args ...any) (*sql.Rows, error) {
	if err := q.w.begin(); err != nil {
		return nil, err
	}
	return q.w.query(query, args...)
}

func (w *writer) exec(query string, args ...any) error {
	st, err := w.stmt(query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(context.Background(), args...)
	return err
}

func (w *writer) insert(query string, args ...any) (int64, error) {
	st, err := w.stmt(query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(context.Background(), args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (w *writer) query(query string, args ...any) (*sql.Rows, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(context.Background(), args...)
}
