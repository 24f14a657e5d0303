package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// TestConcurrentCheckThenInsertHasOneWinner is the pattern of every Create
// operation: read, and insert only if absent. One Update wins; the others
// are retried past their conflict and then see the winner's row, so none
// of them needs to report a conflict to its caller.
func TestConcurrentCheckThenInsertHasOneWinner(t *testing.T) {
	st := openTest(t, Options{})
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
					PartnerAccount: fmt.Sprintf("%012d", i), Account: "222222222222", State: store.StatePending})
			})
		})
	}
	close(start)
	wg.Wait()

	winner, won := -1, 0
	for i, err := range errs {
		switch {
		case err == nil:
			winner, won = i, won+1
		case errors.Is(err, errExists):
		default:
			t.Errorf("update %d = %v, want nil or the existing row", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d updates created the source, want exactly 1", won)
	}
	err := st.View(context.Background(), func(tx store.Tx) error {
		src, _, err := tx.GetSource("us-east-1", "aws.partner/acme.com/race")
		if want := fmt.Sprintf("%012d", winner); src.PartnerAccount != want {
			t.Errorf("stored source was created by %q, want the winner %q", src.PartnerAccount, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d retries", st.retries.Load())
}

// TestConcurrentIncrementsAreNotLost has 50 Updates read a counter and
// write it back plus one, all at once: without serializable transactions
// some would overwrite others' increments.
func TestConcurrentIncrementsAreNotLost(t *testing.T) {
	st := openTest(t, Options{})
	counter := testBus("counter")
	counter.Description = "0"
	if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(counter) }); err != nil {
		t.Fatal(err)
	}
	const n = 50
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = st.Update(context.Background(), func(tx store.Tx) error {
				b, _, err := tx.GetBus(counter.Account, counter.Region, counter.Name)
				if err != nil {
					return err
				}
				v, err := strconv.Atoi(b.Description)
				if err != nil {
					return err
				}
				b.Description = strconv.Itoa(v + 1)
				return tx.PutBus(b)
			})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("increment %d: %v", i, err)
		}
	}
	if got := busDescription(t, st, counter.Name); got != strconv.Itoa(n) {
		t.Errorf("counter = %s after %d increments, want %d", got, n, n)
	}
	t.Logf("%d retries", st.retries.Load())
}

func busDescription(t *testing.T, st *Store, name string) string {
	t.Helper()
	var b store.Bus
	err := st.View(context.Background(), func(tx store.Tx) error {
		var err error
		b, _, err = tx.GetBus("222222222222", "us-east-1", name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.Description
}

// TestConflictIsRetriedHoweverFnReportsIt forces one serialization failure
// on a write and checks that Update retries it whether fn returns the
// store's error, replaces it with its own, or ignores it; and that with no
// attempts left the caller gets store.ErrConflict and nothing is written.
func TestConflictIsRetriedHoweverFnReportsIt(t *testing.T) {
	errOwn := errors.New("could not save")
	tests := []struct {
		name        string
		maxAttempts int
		handle      func(err error) error // what fn does with its PutBus error
		wantErr     error                 // nil: Update succeeds
		wantRuns    int
		wantValue   string
	}{
		{"fn returns the error", 3, func(err error) error { return err }, nil, 2, "loser"},
		{"fn replaces the error", 3, func(err error) error {
			if err != nil {
				return errOwn
			}
			return nil
		}, nil, 2, "loser"},
		{"fn ignores the error", 3, func(error) error { return nil }, nil, 2, "loser"},
		{"no attempts left", 1, func(err error) error { return err }, store.ErrConflict, 1, "winner"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// One Update per transaction: the race needs the two in
			// transactions of their own, and a writer that gathered both
			// into one batch would wait on itself.
			st := openTest(t, Options{MaxAttempts: tc.maxAttempts, MaxBatch: 1})
			runs, err := loseOneRace(t, st, tc.handle)
			if tc.wantErr == nil && err != nil {
				t.Errorf("Update = %v, want nil", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("Update = %v, want %v", err, tc.wantErr)
			}
			if runs != tc.wantRuns {
				t.Errorf("fn ran %d times, want %d", runs, tc.wantRuns)
			}
			if got := busDescription(t, st, "contended"); got != tc.wantValue {
				t.Errorf("bus holds %q, want %q", got, tc.wantValue)
			}
		})
	}
}

// loseOneRace runs two Updates that both read one bus and then write it,
// on a store whose writers take one Update per transaction.
// The winner writes and commits between the loser's read and its write, so
// the loser's first write is a serialization failure. It returns how many
// times the loser's fn ran and what its Update returned.
func loseOneRace(t *testing.T, st *Store, handle func(error) error) (runs int, err error) {
	t.Helper()
	put := func(tx store.Tx, value string) error {
		b := testBus("contended")
		b.Description = value
		return tx.PutBus(b)
	}
	if err := st.Update(context.Background(), func(tx store.Tx) error { return put(tx, "initial") }); err != nil {
		t.Fatal(err)
	}
	read := func(tx store.Tx) error {
		_, _, err := tx.GetBus("222222222222", "us-east-1", "contended")
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	loserRead, winnerDone := make(chan struct{}), make(chan struct{})
	winner := make(chan error, 1)
	go func() {
		winner <- st.Update(ctx, func(tx store.Tx) error {
			if err := read(tx); err != nil {
				return err
			}
			<-loserRead
			return put(tx, "winner")
		})
		close(winnerDone)
	}()
	err = st.Update(ctx, func(tx store.Tx) error {
		runs++
		if err := read(tx); err != nil {
			return err
		}
		if runs == 1 {
			close(loserRead)
			<-winnerDone
		}
		return handle(put(tx, "loser"))
	})
	if werr := <-winner; werr != nil {
		t.Fatalf("winning Update: %v", werr)
	}
	return runs, err
}
