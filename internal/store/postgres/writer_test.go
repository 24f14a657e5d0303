package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// blockWriter starts an Update that puts bus name and then holds its
// writer until release is called, and returns once fn is running.
func blockWriter(t *testing.T, st *Store, name string) (release func(), result <-chan error) {
	t.Helper()
	started, unblock := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	go func() {
		res <- st.Update(context.Background(), func(tx store.Tx) error {
			if err := tx.PutBus(testBus(name)); err != nil {
				return err
			}
			close(started)
			<-unblock
			return nil
		})
	}()
	<-started
	return func() { close(unblock) }, res
}

// waitQueued waits until n Updates are queued for the writers.
func waitQueued(t *testing.T, st *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(st.w.reqs) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d Updates queued after 5s, want %d", len(st.w.reqs), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestUpdatesQueuedDuringABatchShareTheNextCommit(t *testing.T) {
	st := openTest(t, Options{Writers: 1})
	release, first := blockWriter(t, st, "first")
	const n = 10
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- st.Update(context.Background(), func(tx store.Tx) error {
				return tx.PutBus(testBus(fmt.Sprintf("queued-%d", i)))
			})
		}()
	}
	waitQueued(t, st, n)
	release()
	if err := <-first; err != nil {
		t.Fatalf("first Update: %v", err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("queued Update: %v", err)
		}
	}
	if got := st.w.commits.Load(); got != 2 {
		t.Errorf("%d commits for %d Updates, want 2", got, n+1)
	}
	if got := st.w.applied.Load(); got != n+1 {
		t.Errorf("%d Updates applied, want %d", got, n+1)
	}
	for i := range n {
		if !hasBus(t, st, fmt.Sprintf("queued-%d", i)) {
			t.Errorf("bus of queued Update %d is missing", i)
		}
	}
}

// TestFailuresInABatchLeaveTheRestCommitted runs, in one transaction,
// Updates that succeed between Updates that fail in every way an Update
// can: each failure is rolled back to its savepoint, and reported to its
// own caller only.
func TestFailuresInABatchLeaveTheRestCommitted(t *testing.T) {
	errOwn := errors.New("fn says no")
	// A name that is not UTF-8 makes the server reject the statement.
	badBus := func(tx store.Tx) error { return tx.PutBus(testBus("bad\xff")) }
	tests := []struct {
		name    string
		fn      func(tx store.Tx) error
		wantErr func(error) bool
	}{
		{"returns its own error", func(tx store.Tx) error {
			if err := tx.PutBus(testBus("returns its own error")); err != nil {
				return err
			}
			return errOwn
		}, func(err error) bool { return err == errOwn }},
		{"panics", func(tx store.Tx) error {
			if err := tx.PutBus(testBus("panics")); err != nil {
				return err
			}
			panic("boom")
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "boom") }},
		{"returns a failed statement's error", func(tx store.Tx) error {
			if err := tx.PutBus(testBus("returns a failed statement's error")); err != nil {
				return err
			}
			return badBus(tx)
		}, func(err error) bool { return err != nil }},
		{"ignores a failed statement", func(tx store.Tx) error {
			if err := tx.PutBus(testBus("ignores a failed statement")); err != nil {
				return err
			}
			_ = badBus(tx)
			return nil
		}, func(err error) bool { return err != nil }},
	}
	st := openTest(t, Options{Writers: 1})
	release, first := blockWriter(t, st, "first")
	type result struct {
		name string
		err  error
	}
	results := make(chan result, 2*len(tests))
	queue := func(name string, fn func(store.Tx) error) {
		go func() { results <- result{name, st.Update(context.Background(), fn)} }()
	}
	for i, tc := range tests {
		ok := fmt.Sprintf("ok-%d", i)
		queue(ok, func(tx store.Tx) error { return tx.PutBus(testBus(ok)) })
		waitQueued(t, st, 2*i+1)
		queue(tc.name, tc.fn)
		waitQueued(t, st, 2*i+2)
	}
	release()
	if err := <-first; err != nil {
		t.Fatalf("first Update: %v", err)
	}
	got := map[string]error{}
	for range 2 * len(tests) {
		r := <-results
		got[r.name] = r.err
	}
	if n := st.w.commits.Load(); n != 2 {
		t.Errorf("%d commits, want 2: the Updates were not batched as the test intends", n)
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.wantErr(got[tc.name]) {
				t.Errorf("Update = %v", got[tc.name])
			}
			if hasBus(t, st, tc.name) {
				t.Error("the failed Update's write was committed")
			}
			ok := fmt.Sprintf("ok-%d", i)
			if got[ok] != nil || !hasBus(t, st, ok) {
				t.Errorf("the Update batched before it = %v, bus exists %v; want committed", got[ok], hasBus(t, st, ok))
			}
		})
	}
}

// TestConflictInABatchRerunsTheWholeBatch makes one Update of a batch lose
// a race with an Update on another writer: the whole batch is rolled back,
// and every Update of it runs again and commits.
func TestConflictInABatchRerunsTheWholeBatch(t *testing.T) {
	st := openTest(t, Options{Writers: 2})
	put := func(tx store.Tx, name, value string) error {
		b := testBus(name)
		b.Description = value
		return tx.PutBus(b)
	}
	update(t, st, func(tx store.Tx) error { return put(tx, "contended", "initial") })
	read := func(tx store.Tx) error {
		_, _, err := tx.GetBus("222222222222", "us-east-1", "contended")
		return err
	}

	// The winner holds one writer, a gate the other, while the loser and
	// the innocent Updates queue behind them; releasing the gate lets the
	// second writer take them all as one batch. The gate writes nothing:
	// serializable checking locks index pages, so a write near the
	// winner's read could make the winner lose instead.
	loserRead, winnerDone := make(chan struct{}), make(chan struct{})
	winner := make(chan error, 1)
	winnerStarted := make(chan struct{})
	var startOnce sync.Once
	go func() {
		winner <- st.Update(context.Background(), func(tx store.Tx) error {
			if err := read(tx); err != nil {
				return err
			}
			startOnce.Do(func() { close(winnerStarted) })
			<-loserRead
			return put(tx, "contended", "winner")
		})
		close(winnerDone)
	}()
	<-winnerStarted
	gateRunning, openGate := make(chan struct{}), make(chan struct{})
	gate := make(chan error, 1)
	go func() {
		gate <- st.Update(context.Background(), func(store.Tx) error {
			close(gateRunning)
			<-openGate
			return nil
		})
	}()
	<-gateRunning
	releaseGate := func() { close(openGate) }

	// The innocent Updates queue first, so that they run, and write, in
	// the batch before the loser dooms it.
	var loserRuns, innocentRuns atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 3 {
		wg.Go(func() {
			errs <- st.Update(context.Background(), func(tx store.Tx) error {
				innocentRuns.Add(1)
				return put(tx, fmt.Sprintf("innocent-%d", i), "")
			})
		})
	}
	waitQueued(t, st, 3)
	wg.Go(func() {
		errs <- st.Update(context.Background(), func(tx store.Tx) error {
			if err := read(tx); err != nil {
				return err
			}
			if loserRuns.Add(1) == 1 {
				close(loserRead)
				<-winnerDone
			}
			return put(tx, "contended", "loser")
		})
	})
	waitQueued(t, st, 4)
	releaseGate()
	if err := <-gate; err != nil {
		t.Fatalf("gate Update: %v", err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Update = %v, want nil", err)
		}
	}
	if err := <-winner; err != nil {
		t.Fatalf("winning Update: %v", err)
	}
	if n := loserRuns.Load(); n != 2 {
		t.Errorf("loser ran %d times, want 2", n)
	}
	if n := innocentRuns.Load(); n != 6 {
		t.Errorf("the innocent Updates ran %d times in all, want 6: each once in the doomed batch, once more", n)
	}
	if got := busDescription(t, st, "contended"); got != "loser" {
		t.Errorf("contended bus holds %q, want the loser's retried write", got)
	}
	for i := range 3 {
		if !hasBus(t, st, fmt.Sprintf("innocent-%d", i)) {
			t.Errorf("innocent Update %d's bus is missing", i)
		}
	}
}

func TestCancelWhileQueuedReturnsAtOnceAndSkipsFn(t *testing.T) {
	st := openTest(t, Options{Writers: 1})
	release, first := blockWriter(t, st, "first")
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Bool
	res := make(chan error, 1)
	go func() {
		res <- st.Update(ctx, func(tx store.Tx) error {
			ran.Store(true)
			return tx.PutBus(testBus("cancelled"))
		})
	}()
	waitQueued(t, st, 1)
	cancel()
	select {
	case err := <-res:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Update = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("cancelled Update still waiting for the busy writer")
	}
	release()
	if err := <-first; err != nil {
		t.Fatalf("first Update: %v", err)
	}
	update(t, st, func(store.Tx) error { return nil })
	if ran.Load() || hasBus(t, st, "cancelled") {
		t.Error("fn of an Update cancelled while queued ran")
	}
}
