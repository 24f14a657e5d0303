package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

// TestTransactionsWithoutStatements covers transactions that never send
// their BEGIN: they succeed without touching the server.
func TestTransactionsWithoutStatements(t *testing.T) {
	st := openTest(t, Options{})
	if err := st.Update(context.Background(), func(store.Tx) error { return nil }); err != nil {
		t.Errorf("empty Update = %v", err)
	}
	if err := st.View(context.Background(), func(store.Tx) error { return nil }); err != nil {
		t.Errorf("empty View = %v", err)
	}
	if n := st.w.commits.Load(); n != 0 {
		t.Errorf("%d commits for Updates that wrote nothing, want 0", n)
	}
	if n := st.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired", n)
	}
}

// TestPanicInFn checks that a panicking fn leaves no writes, no
// connection held, and a store that still works. An Update's fn runs on a
// writer goroutine, so its panic comes back as an error; a View's fn runs
// on the caller's, so its panic goes on up.
func TestPanicInFn(t *testing.T) {
	st := openTest(t, Options{MaxConns: 2}) // a leaked connection would block the next call
	err := st.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.PutBus(testBus("panicked")); err != nil {
			return err
		}
		panic("fn fails badly")
	})
	if err == nil || !strings.Contains(err.Error(), "fn fails badly") {
		t.Errorf("Update whose fn panicked = %v, want an error carrying the panic", err)
	}

	func() {
		defer func() {
			if recover() == nil {
				t.Error("the View's panic did not reach the caller")
			}
		}()
		_ = st.View(context.Background(), func(tx store.Tx) error {
			if _, _, err := tx.GetBus("222222222222", "us-east-1", "panicked"); err != nil {
				return err
			}
			panic("fn fails badly")
		})
	}()

	if n := st.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired after the panics", n)
	}
	if hasBus(t, st, "panicked") {
		t.Error("the panicking Update's write was committed")
	}
	if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.PutBus(testBus("after")) }); err != nil {
		t.Errorf("Update after a panic: %v", err)
	}
}
