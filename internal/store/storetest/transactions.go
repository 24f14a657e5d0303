package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) transactions(t *testing.T) {
	t.Run("FailingUpdateReturnsItsErrorAndWritesNothing", s.testFailingUpdateWritesNothing)
	t.Run("UpdateSeesItsOwnWrites", s.testUpdateSeesItsOwnWrites)
	t.Run("ViewSeesEveryReturnedUpdate", s.testReadYourWrites)
	t.Run("ViewSeesOneSnapshot", s.testViewSnapshot)
	t.Run("ViewCannotWrite", s.testViewCannotWrite)
	t.Run("FailingUpdatesDoNotDisturbConcurrentOnes", s.testConcurrentFailuresAreIsolated)
	t.Run("ConcurrentCheckThenCreateHasOneWinner", s.testCheckThenCreateRace)
	t.Run("DoneContextRunsNothing", s.testDoneContext)
	t.Run("ClosedStoreReturnsErrClosed", s.testClosed)
}

func bus(name string) store.Bus {
	return store.Bus{Account: customerA, Region: "us-east-1", Name: name, CreationTime: at(0), LastModifiedTime: at(0)}
}

func hasBus(t *testing.T, st store.Store, name string) bool {
	t.Helper()
	var found bool
	view(t, st, func(tx store.Tx) error {
		var err error
		_, found, err = tx.GetBus(customerA, "us-east-1", name)
		return err
	})
	return found
}

func (s suite) testFailingUpdateWritesNothing(t *testing.T) {
	st := s.store(t)
	errBoom := errors.New("boom")
	err := st.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.PutBus(bus("written-then-failed")); err != nil {
			return err
		}
		if err := tx.AppendEvents([]store.Event{event("written-then-failed", "e1", 0)}); err != nil {
			return err
		}
		return errBoom
	})
	if err != errBoom { // the contract is "unchanged": the same value, not a wrapper
		t.Errorf("Update returned %v, want the fn's error unchanged", err)
	}
	// A later Update that returns has committed everything before it, so
	// the check below cannot pass merely by running ahead of a commit.
	update(t, st, func(tx store.Tx) error { return tx.PutBus(bus("after")) })
	if hasBus(t, st, "written-then-failed") {
		t.Error("bus written by a failed Update exists")
	}
	if got := listEvents(t, st, store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "written-then-failed"}); len(got) != 0 {
		t.Errorf("events appended by a failed Update exist: %+v", got)
	}
}

func (s suite) testUpdateSeesItsOwnWrites(t *testing.T) {
	st := s.store(t)
	update(t, st, func(tx store.Tx) error {
		if err := tx.PutBus(bus("fresh")); err != nil {
			return err
		}
		if _, found, err := tx.GetBus(customerA, "us-east-1", "fresh"); err != nil || !found {
			t.Errorf("GetBus of a bus put earlier in the same Update = found %v, %v", found, err)
		}
		if n, err := tx.CountBuses(customerA, "us-east-1"); err != nil || n != 1 {
			t.Errorf("CountBuses in the same Update = %d, %v; want 1", n, err)
		}
		if err := tx.DeleteBus(customerA, "us-east-1", "fresh"); err != nil {
			return err
		}
		if _, found, err := tx.GetBus(customerA, "us-east-1", "fresh"); err != nil || found {
			t.Errorf("GetBus of a bus deleted earlier in the same Update = found %v, %v", found, err)
		}
		return nil
	})
}

func (s suite) testReadYourWrites(t *testing.T) {
	st := s.store(t)
	for i := range 20 {
		name := fmt.Sprintf("bus-%d", i)
		update(t, st, func(tx store.Tx) error { return tx.PutBus(bus(name)) })
		if !hasBus(t, st, name) {
			t.Fatalf("View after Update returned does not see %s", name)
		}
	}
}

func (s suite) testViewSnapshot(t *testing.T) {
	st := s.store(t)
	update(t, st, func(tx store.Tx) error { return tx.PutBus(bus("before")) })
	view(t, st, func(tx store.Tx) error {
		n1, err := tx.CountBuses(customerA, "us-east-1")
		if err != nil {
			return err
		}
		// Another writer commits while this View is open: none of its
		// writes, to any table, may show up in this View.
		update(t, st, func(tx store.Tx) error {
			if err := tx.PutBus(bus("during")); err != nil {
				return err
			}
			if err := tx.DeleteBus(customerA, "us-east-1", "before"); err != nil {
				return err
			}
			return tx.AppendEvents([]store.Event{event("before", "e1", 0)})
		})
		n2, err := tx.CountBuses(customerA, "us-east-1")
		if err != nil {
			return err
		}
		if n1 != 1 || n2 != 1 {
			t.Errorf("CountBuses in one View = %d then %d; want 1 both times", n1, n2)
		}
		if _, found, err := tx.GetBus(customerA, "us-east-1", "during"); err != nil || found {
			t.Errorf("View sees a bus committed after it started (found %v, %v)", found, err)
		}
		if _, found, err := tx.GetBus(customerA, "us-east-1", "before"); err != nil || !found {
			t.Errorf("View lost a bus deleted after it started (found %v, %v)", found, err)
		}
		evs, err := tx.ListEvents(store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "before"})
		if err != nil || len(evs) != 0 {
			t.Errorf("View sees %d events appended after it started (%v)", len(evs), err)
		}
		return nil
	})
	if !hasBus(t, st, "during") || hasBus(t, st, "before") {
		t.Error("a View started after the Update does not see its writes")
	}
}

func (s suite) testViewCannotWrite(t *testing.T) {
	st := s.store(t)
	err := st.View(context.Background(), func(tx store.Tx) error {
		return tx.PutBus(bus("from-a-view"))
	})
	if err == nil {
		t.Error("PutBus inside View succeeded, want an error")
	}
	if hasBus(t, st, "from-a-view") {
		t.Error("a bus put inside View exists")
	}
}

// testConcurrentFailuresAreIsolated launches Updates together so that a
// batching backend commits several at once: the failing ones must vanish,
// with their own errors, and the others must all be committed.
func (s suite) testConcurrentFailuresAreIsolated(t *testing.T) {
	st := s.store(t)
	const n = 40
	errs := make([]error, n)
	failures := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		failures[i] = fmt.Errorf("update %d fails", i)
		wg.Go(func() {
			<-start
			errs[i] = st.Update(context.Background(), func(tx store.Tx) error {
				if err := tx.PutBus(bus(fmt.Sprintf("bus-%d", i))); err != nil {
					return err
				}
				if err := tx.AppendEvents([]store.Event{event("shared", fmt.Sprintf("e%d", i), int64(i))}); err != nil {
					return err
				}
				if i%3 == 0 {
					return failures[i]
				}
				return nil
			})
		})
	}
	close(start)
	wg.Wait()

	wantEvents := map[string]bool{}
	for i := range n {
		failed := i%3 == 0
		if failed && errs[i] != failures[i] {
			t.Errorf("update %d returned %v, want its own error", i, errs[i])
		}
		if !failed && errs[i] != nil {
			t.Errorf("update %d returned %v, want nil", i, errs[i])
		}
		if found := hasBus(t, st, fmt.Sprintf("bus-%d", i)); found == failed {
			t.Errorf("update %d (failed %v): bus exists = %v", i, failed, found)
		}
		if !failed {
			wantEvents[fmt.Sprintf("e%d", i)] = true
		}
	}
	got := listEvents(t, st, store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "shared"})
	if len(got) != len(wantEvents) {
		t.Errorf("%d events stored, want %d", len(got), len(wantEvents))
	}
	for _, e := range got {
		if !wantEvents[e.ID] {
			t.Errorf("event %s from a failed update is stored", e.ID)
		}
	}
}

// testCheckThenCreateRace is the pattern every Create operation uses: read,
// and write only if absent. Serializable transactions admit one winner.
func (s suite) testCheckThenCreateRace(t *testing.T) {
	st := s.store(t)
	const n = 50
	errExists := errors.New("already exists")
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = st.Update(context.Background(), func(tx store.Tx) error {
				_, found, err := tx.GetSource("us-east-1", "aws.partner/acme.com/race")
				if err != nil {
					return err
				}
				if found {
					return errExists
				}
				return tx.PutSource(store.Source{Region: "us-east-1", Name: "aws.partner/acme.com/race",
					PartnerAccount: fmt.Sprintf("%012d", i), Account: customerA, State: store.StatePending})
			})
		})
	}
	close(start)
	wg.Wait()

	winner, won := -1, 0
	for i, err := range errs {
		switch {
		case err == nil:
			winner = i
			won++
		case errors.Is(err, store.ErrConflict), errors.Is(err, errExists):
		default:
			t.Errorf("update %d: %v", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d updates created the source, want exactly 1", won)
	}
	view(t, st, func(tx store.Tx) error {
		src, _, err := tx.GetSource("us-east-1", "aws.partner/acme.com/race")
		if want := fmt.Sprintf("%012d", winner); err != nil || src.PartnerAccount != want {
			t.Errorf("stored source was created by %q (%v), want the winner %q", src.PartnerAccount, err, want)
		}
		return nil
	})
}

func (s suite) testDoneContext(t *testing.T) {
	st := s.store(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := st.Update(ctx, func(tx store.Tx) error { ran = true; return tx.PutBus(bus("cancelled")) }); !errors.Is(err, context.Canceled) {
		t.Errorf("Update with a cancelled ctx = %v, want context.Canceled", err)
	}
	if err := st.View(ctx, func(tx store.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("View with a cancelled ctx = %v, want context.Canceled", err)
	}
	if ran {
		t.Error("fn ran under a cancelled ctx")
	}
	if hasBus(t, st, "cancelled") {
		t.Error("bus from a cancelled Update exists")
	}
}

func (s suite) testClosed(t *testing.T) {
	st := s.open(t) // closed here, not by the suite
	update(t, st, func(tx store.Tx) error { return tx.PutBus(bus("kept")) })
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ran := false
	if err := st.Update(context.Background(), func(store.Tx) error { ran = true; return nil }); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Update after Close = %v, want store.ErrClosed", err)
	}
	if err := st.View(context.Background(), func(store.Tx) error { ran = true; return nil }); !errors.Is(err, store.ErrClosed) {
		t.Errorf("View after Close = %v, want store.ErrClosed", err)
	}
	if ran {
		t.Error("fn ran on a closed store")
	}
}
