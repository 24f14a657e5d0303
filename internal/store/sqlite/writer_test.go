package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/queuelog"
	"github.com/bridgeport/bridgeport/internal/store"
)

func testBus(name string) store.Bus {
	return store.Bus{Account: "222222222222", Region: "us-east-1", Name: name}
}

func hasBus(t *testing.T, st *Store, name string) bool {
	t.Helper()
	var found bool
	err := st.View(context.Background(), func(tx store.Tx) error {
		var err error
		_, found, err = tx.GetBus("222222222222", "us-east-1", name)
		return err
	})
	if err != nil {
		t.Fatalf("View: %v", err)
	}
	return found
}

// blockWriter starts an Update that puts bus name and then holds the writer
// until release is called. It returns once the writer is inside that
// Update, with the channel its result arrives on.
func blockWriter(t *testing.T, st *Store, name string) (release func(), result <-chan error) {
	t.Helper()
	inside, hold := make(chan struct{}), make(chan struct{})
	res := make(chan error, 1)
	var entered sync.Once // fn may run twice: a failure later in its batch replays it
	go func() {
		res <- st.Update(context.Background(), func(tx store.Tx) error {
			entered.Do(func() { close(inside) })
			<-hold
			return tx.PutBus(testBus(name))
		})
	}()
	<-inside
	var once sync.Once
	release = func() { once.Do(func() { close(hold) }) }
	t.Cleanup(release)
	return release, res
}

// waitQueued waits until n Updates are queued for the writer.
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

func TestUpdatesQueuedDuringACommitShareTheNextOne(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
	commits, applied := st.w.commits.Load(), st.w.applied.Load()

	release, first := blockWriter(t, st, "first")
	const n = 20
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
	// The writer drains the queue into the transaction it is in: one
	// commit, one sync, for all 21.
	if got := st.w.commits.Load() - commits; got != 1 {
		t.Errorf("%d commits for %d Updates, want 1", got, n+1)
	}
	if got := st.w.applied.Load() - applied; got != n+1 {
		t.Errorf("%d Updates applied, want %d", got, n+1)
	}
}

func TestMaxBatchCapsOneCommit(t *testing.T) {
	st := openTemp(t, Options{MaxBatch: 4})
	defer st.Close()
	commits := st.w.commits.Load()

	release, first := blockWriter(t, st, "first")
	const n = 11
	errs := make(chan error, n)
	for i := range n {
		go func() {
			errs <- st.Update(context.Background(), func(tx store.Tx) error {
				return tx.PutBus(testBus(fmt.Sprintf("queued-%d", i)))
			})
		}()
	}
	waitQueued(t, st, 4) // the queue holds MaxBatch; the rest wait to enter it
	release()
	if err := <-first; err != nil {
		t.Fatalf("first Update: %v", err)
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatalf("queued Update: %v", err)
		}
	}
	if got := st.w.commits.Load() - commits; got < 3 {
		t.Errorf("%d commits for 12 Updates with MaxBatch 4, want at least 3", got)
	}
}

func TestFailuresAndPanicsInABatchLeaveTheRestCommitted(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
	commits := st.w.commits.Load()
	errRefused := errors.New("refused")

	release, first := blockWriter(t, st, "first")
	fns := map[string]func(tx store.Tx) error{
		"ok-1": func(tx store.Tx) error { return tx.PutBus(testBus("ok-1")) },
		"fails": func(tx store.Tx) error {
			if err := tx.PutBus(testBus("fails")); err != nil {
				return err
			}
			return errRefused
		},
		"panics": func(tx store.Tx) error {
			if err := tx.PutBus(testBus("panics")); err != nil {
				return err
			}
			panic("kaboom")
		},
		"ok-2": func(tx store.Tx) error { return tx.PutBus(testBus("ok-2")) },
	}
	var mu sync.Mutex
	results := map[string]error{}
	var wg sync.WaitGroup
	for name, fn := range fns {
		wg.Go(func() {
			err := st.Update(context.Background(), fn)
			mu.Lock()
			results[name] = err
			mu.Unlock()
		})
	}
	waitQueued(t, st, len(fns))
	release()
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatalf("first Update: %v", err)
	}

	if results["ok-1"] != nil || results["ok-2"] != nil {
		t.Errorf("succeeding Updates returned %v and %v, want nil", results["ok-1"], results["ok-2"])
	}
	if results["fails"] != errRefused {
		t.Errorf("failing Update returned %v, want its own error unchanged", results["fails"])
	}
	if err := results["panics"]; err == nil || !strings.Contains(err.Error(), "kaboom") {
		t.Errorf("panicking Update returned %v, want an error carrying the panic", err)
	}
	for name, want := range map[string]bool{"first": true, "ok-1": true, "ok-2": true, "fails": false, "panics": false} {
		if got := hasBus(t, st, name); got != want {
			t.Errorf("bus %s exists = %v, want %v", name, got, want)
		}
	}
	if got := st.w.commits.Load() - commits; got != 1 {
		t.Errorf("%d commits, want the whole batch in 1", got)
	}
	// The writer survived the panic.
	if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(testBus("later")) }); err != nil {
		t.Errorf("Update after a panic: %v", err)
	}
}

func TestCancelWhileQueuedReturnsAtOnceAndSkipsFn(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
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
	if err := st.Update(context.Background(), func(store.Tx) error { return nil }); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if ran.Load() || hasBus(t, st, "cancelled") {
		t.Error("fn of an Update cancelled while queued ran")
	}
}

func TestOpenSetsWALFullSyncAndReadOnlyReaders(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
	pragma := func(q querier, name string) string {
		rows, err := q.query("PRAGMA " + name)
		if err != nil {
			t.Fatalf("PRAGMA %s: %v", name, err)
		}
		defer rows.Close()
		var v string
		if !rows.Next() || rows.Scan(&v) != nil {
			t.Fatalf("PRAGMA %s: no value", name)
		}
		return v
	}
	err := st.Update(context.Background(), func(store.Tx) error {
		for name, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "query_only": "0"} {
			if got := pragma(st.w, name); got != want {
				t.Errorf("writer PRAGMA %s = %s, want %s", name, got, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = st.View(context.Background(), func(v store.Tx) error {
		if got := pragma(v.(*tx).q, "query_only"); got != "1" {
			t.Errorf("reader PRAGMA query_only = %s, want 1", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestALoneFailingUpdateLeavesNothing(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
	errRefused := errors.New("refused")
	for _, fn := range []func(tx store.Tx) error{
		func(tx store.Tx) error {
			if err := tx.PutBus(testBus("refused")); err != nil {
				return err
			}
			return errRefused
		},
		func(tx store.Tx) error {
			if err := tx.PutBus(testBus("panicked")); err != nil {
				return err
			}
			panic("kaboom")
		},
	} {
		if err := st.Update(context.Background(), fn); err == nil {
			t.Fatal("failing Update returned nil")
		}
	}
	for _, name := range []string{"refused", "panicked"} {
		if hasBus(t, st, name) {
			t.Errorf("bus %s of a failed Update exists", name)
		}
	}
	if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(testBus("later")) }); err != nil {
		t.Fatalf("Update after failures: %v", err)
	}
	if !hasBus(t, st, "later") {
		t.Error("bus of the later Update is missing")
	}
}

// The removal of delivered jobs may wait to share a sync, but not when an
// API request shares its batch: that request is answered at once.
func TestARequestBatchedWithADeleteIsNotDelayed(t *testing.T) {
	// Long enough to tell apart, short enough that Close, which waits for
	// the delayed sync, ends soon after a failure.
	st := openTemp(t, Options{queue: queuelog.Options{RemoveDelay: 20 * time.Second}})
	defer st.Close()
	ctx := context.Background()
	jobs := []store.Delivery{{DueAt: time.UnixMilli(1), Doc: []byte("{}")}}
	if err := st.Enqueue(ctx, jobs); err != nil {
		t.Fatal(err)
	}

	release, first := blockWriter(t, st, "first")
	deleted, put := make(chan error, 1), make(chan error, 1)
	go func() {
		deleted <- st.Update(ctx, func(tx store.Tx) error { return tx.DeleteDeliveries([]int64{jobs[0].ID}) })
	}()
	waitQueued(t, st, 1)
	go func() { put <- st.Update(ctx, func(tx store.Tx) error { return tx.PutBus(testBus("second")) }) }()
	waitQueued(t, st, 2)
	release()
	for name, ch := range map[string]chan error{"first": nil, "delete": deleted, "put": put} {
		if ch == nil {
			continue
		}
		select {
		case err := <-ch:
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s not answered within 5s: the batch waited for a later sync", name)
		}
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
}
