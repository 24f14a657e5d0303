package postgres

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Request states. A writer moves a request from queued to running before
// calling its fn; a caller whose ctx ends first moves it to abandoned and
// returns at once. Whoever wins the swap decides whether fn runs.
const (
	queued int32 = iota
	running
	abandoned
)

// request is one attempt of an Update, waiting for a writer.
type request struct {
	ctx   context.Context
	fn    func(store.Tx) error
	state atomic.Int32
	// done receives the one outcome. Buffered so a writer never waits
	// for a caller, including one that has abandoned the request.
	done chan outcome
}

// outcome is what became of one request: err is Update's answer, unless
// again says that the transaction lost a race with a concurrent one and
// nothing of it was written, so the caller should run fn anew.
type outcome struct {
	err   error
	again bool
}

// writers run Updates in batches: each writer takes the first queued
// request and every other one queued meanwhile (up to maxBatch), and runs
// them in one transaction, each in its own savepoint, with one COMMIT. See
// the package documentation.
type writers struct {
	pool     *pgxpool.Pool
	maxBatch int
	reqs     chan *request
	quit     chan struct{}
	wg       sync.WaitGroup

	lastBatch atomic.Int64 // size of the batch gathered last, by any writer
	ids       idBlocks     // delivery job ids, shared by the writers

	commits atomic.Int64 // transactions committed
	applied atomic.Int64 // Update functions whose writes were committed
}

func startWriters(pool *pgxpool.Pool, n, maxBatch int) *writers {
	w := &writers{
		pool:     pool,
		maxBatch: maxBatch,
		// Buffered so that callers arriving while every writer is busy
		// queue up without blocking; they form the next batches.
		reqs: make(chan *request, n*maxBatch),
		quit: make(chan struct{}),
	}
	for range n {
		w.wg.Go(w.run)
	}
	return w
}

// submit queues fn and waits for its outcome.
func (w *writers) submit(ctx context.Context, fn func(store.Tx) error) outcome {
	req := &request{ctx: ctx, fn: fn, done: make(chan outcome, 1)}
	select {
	case w.reqs <- req:
	case <-ctx.Done():
		return outcome{err: ctx.Err()}
	}
	select {
	case out := <-req.done:
		return out
	case <-ctx.Done():
		if req.state.CompareAndSwap(queued, abandoned) {
			return outcome{err: ctx.Err()}
		}
		// fn has started: its writes may commit, so wait to report
		// what really happened.
		return <-req.done
	}
}

// run is one writer goroutine. It blocks for the first request, with no
// timer: an idle store commits a lone Update at once, and batches grow
// exactly as far as callers outpace the commits.
func (w *writers) run() {
	for {
		select {
		case req := <-w.reqs:
			w.runBatch(w.gather(req))
		case <-w.quit:
			return
		}
	}
}

// gather returns first and the requests queued behind it, up to maxBatch.
// Knowing the batch's size before it starts lets a lone Update skip the
// savepoints.
func (w *writers) gather(first *request) []*request {
	batch := []*request{first}
	busy := w.lastBatch.Load() > 1
	for yielded := 0; len(batch) < w.maxBatch; {
		select {
		case req := <-w.reqs:
			batch = append(batch, req)
			continue
		default:
		}
		if !busy || yielded == yields {
			break
		}
		// Under concurrent load, let the request goroutines that are on
		// their way to Update run first: each one that joins saves a
		// transaction, and PostgreSQL a WAL flush.
		runtime.Gosched()
		yielded++
	}
	w.lastBatch.Store(int64(len(batch)))
	return batch
}

// yields is how many times a writer lets other goroutines run while it
// gathers a batch, when the previous batch showed concurrent Updates.
const yields = 3

// runBatch runs the batch's functions in one transaction and answers each
// caller once the transaction's outcome is final.
//
// A function that fails on its own (its error, a failed statement, a
// panic) is rolled back to its savepoint, and the others go on. A function
// that loses a race with a concurrent transaction dooms the whole
// transaction: every function of the batch is answered "again", including
// those that failed, since what they read included writes that are now
// undone.
func (w *writers) runBatch(batch []*request) {
	// Drop the requests whose callers have given up, before any work.
	live := batch[:0]
	for _, req := range batch {
		if !req.state.CompareAndSwap(queued, running) {
			continue
		}
		if err := req.ctx.Err(); err != nil {
			req.done <- outcome{err: err}
			continue
		}
		live = append(live, req)
	}
	if len(live) == 0 {
		return
	}

	// The callers' contexts do not reach the statements: cancelling one
	// would abort the transaction, and with it every other Update in it.
	ctx := context.Background()
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		answerAll(live, outcome{err: fmt.Errorf("begin transaction: %w", err)})
		return
	}
	// Released last: the pool discards a connection left inside a
	// transaction rather than reuse it.
	defer conn.Release()
	t := &tx{ctx: ctx, conn: conn.Conn(), queued: []queuedStmt{{sql: beginUpdate}}, ids: &w.ids}
	savepoints := len(live) > 1

	results := make([]error, len(live))
	var lost error // a race lost, or the transaction broken
	for i, req := range live {
		if savepoints {
			t.queue("SAVEPOINT u")
		}
		t.failed = nil
		fnErr := call(req.fn, t)
		if t.broken != nil || retryable(t.failed) || (t.failed == nil && retryable(fnErr)) {
			lost = cmp.Or(t.broken, t.failed, fnErr)
			break
		}
		switch {
		case fnErr != nil:
			results[i] = fnErr
		case t.failed != nil:
			// fn ignored a failed statement; its writes cannot commit.
			results[i] = fmt.Errorf("a statement failed: %w", t.failed)
		}
		switch {
		case results[i] != nil && !savepoints:
			// The ROLLBACK below undoes it.
		case results[i] != nil && t.failed != nil:
			// The failed statement left the transaction aborted, and pgx
			// prepares a batch's new statements before running any of
			// it: a queued ROLLBACK TO would come too late for the next
			// Update's statements. Roll back now.
			if err := t.flush("ROLLBACK TO SAVEPOINT u", "RELEASE SAVEPOINT u"); err != nil {
				lost = err
			}
		case results[i] != nil:
			t.queue("ROLLBACK TO SAVEPOINT u", "RELEASE SAVEPOINT u")
		case savepoints:
			t.queue("RELEASE SAVEPOINT u")
		}
		if lost != nil {
			break
		}
	}

	if lost == nil && !savepoints && results[0] != nil {
		_ = t.end("ROLLBACK")
		live[0].done <- outcome{err: results[0]}
		return
	}
	if lost != nil {
		_ = t.end("ROLLBACK")
		if retryable(lost) {
			answerAll(live, outcome{again: true, err: lost})
		} else {
			answerFailed(live, results, fmt.Errorf("transaction aborted: %w", lost))
		}
		return
	}
	if err := t.end("COMMIT"); err != nil {
		// A serialization failure at COMMIT means nothing was written.
		if retryable(err) {
			answerAll(live, outcome{again: true, err: err})
		} else {
			answerFailed(live, results, fmt.Errorf("commit: %w", err))
		}
		return
	}
	if t.begun {
		w.commits.Add(1)
	}
	for i, req := range live {
		if results[i] == nil {
			w.applied.Add(1)
		}
		req.done <- outcome{err: results[i]}
	}
}

func answerAll(reqs []*request, out outcome) {
	for _, req := range reqs {
		req.done <- out
	}
}

// answerFailed answers the requests of a transaction that failed for good:
// each with its fn's own error if it had one (its writes are gone either
// way), the others with err.
func answerFailed(reqs []*request, results []error, err error) {
	for i, req := range reqs {
		req.done <- outcome{err: cmp.Or(results[i], err)}
	}
}

// call runs fn, turning a panic into an error so that one bad Update does
// not take down a writer and every Update after it.
func call(fn func(store.Tx) error, t store.Tx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("update function panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(t)
}

// stop ends the writer goroutines once they finish their batches. The
// caller makes sure no request is waiting for an answer.
func (w *writers) stop() {
	close(w.quit)
	w.wg.Wait()
}
