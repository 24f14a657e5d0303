package sqlite

import (
	"context"
	"errors"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func testSource(state string) store.Source {
	return store.Source{Region: "us-east-1", Name: "aws.partner/acme/orders", PartnerAccount: "111111111111",
		Account: "222222222222", State: state}
}

// sourceState reads the test source in an Update, where the writer's
// cache serves it.
func sourceState(t *testing.T, st *Store) string {
	t.Helper()
	var state string
	err := st.Update(context.Background(), func(tx store.Tx) error {
		src, found, err := tx.GetSource("us-east-1", "aws.partner/acme/orders")
		if found {
			state = src.State
		}
		return err
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return state
}

func TestWriterSourceCacheFollowsWritesAndRollbacks(t *testing.T) {
	st := openTemp(t, Options{})
	defer st.Close()
	ctx := context.Background()
	errRefused := errors.New("refused")
	if got := sourceState(t, st); got != "" {
		t.Fatalf("state %q before the source exists, want none", got)
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return tx.PutSource(testSource(store.StatePending)) }); err != nil {
		t.Fatal(err)
	}
	if got := sourceState(t, st); got != store.StatePending {
		t.Fatalf("after a committed put: state %q, want PENDING", got)
	}

	// A lone Update that writes, reads back and fails.
	err := st.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutSource(testSource(store.StateActive)); err != nil {
			return err
		}
		if _, _, err := tx.GetSource("us-east-1", "aws.partner/acme/orders"); err != nil {
			return err
		}
		return errRefused
	})
	if !errors.Is(err, errRefused) {
		t.Fatalf("failing Update returned %v", err)
	}
	if got := sourceState(t, st); got != store.StatePending {
		t.Fatalf("after a rolled-back Update: state %q, want PENDING", got)
	}

	// The same failure inside a batch, rolled back to its savepoint, with
	// a reader behind it in the same transaction.
	release, first := blockWriter(t, st, "first")
	failed := make(chan error, 1)
	go func() {
		failed <- st.Update(ctx, func(tx store.Tx) error {
			if err := tx.PutSource(testSource(store.StateActive)); err != nil {
				return err
			}
			if _, _, err := tx.GetSource("us-east-1", "aws.partner/acme/orders"); err != nil {
				return err
			}
			return errRefused
		})
	}()
	waitQueued(t, st, 1)
	seen := make(chan string, 1)
	go func() { seen <- sourceState(t, st) }()
	waitQueued(t, st, 2)
	release()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-failed; !errors.Is(err, errRefused) {
		t.Fatalf("failing Update in a batch returned %v", err)
	}
	if got := <-seen; got != store.StatePending {
		t.Fatalf("read after a savepoint rollback in the same batch: state %q, want PENDING", got)
	}

	// A committed change replaces what was cached; so does a delete.
	if err := st.Update(ctx, func(tx store.Tx) error { return tx.PutSource(testSource(store.StateActive)) }); err != nil {
		t.Fatal(err)
	}
	if got := sourceState(t, st); got != store.StateActive {
		t.Fatalf("after a committed change: state %q, want ACTIVE", got)
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return tx.DeleteSource("us-east-1", "aws.partner/acme/orders") }); err != nil {
		t.Fatal(err)
	}
	if got := sourceState(t, st); got != "" {
		t.Fatalf("after a delete: state %q, want none", got)
	}
}
