package postgres

import (
	"context"
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
	if n := st.commits.Load(); n != 0 {
		t.Errorf("%d commits for Updates that wrote nothing, want 0", n)
	}
	if n := st.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired", n)
	}
}

// TestPanicInFnRollsBackAndFreesTheConnection checks that a panicking fn
// leaves no writes, no connection held, and a store that still works; the
// panic itself reaches the caller.
func TestPanicInFnRollsBackAndFreesTheConnection(t *testing.T) {
	st := openTest(t, Options{MaxConns: 1}) // a leaked connection would block the next call
	tests := []struct {
		name string
		call func(fn func(store.Tx) error) error
	}{
		{"Update", func(fn func(store.Tx) error) error { return st.Update(context.Background(), fn) }},
		{"View", func(fn func(store.Tx) error) error { return st.View(context.Background(), fn) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			func() {
				defer func() {
					if recover() == nil {
						t.Error("the panic did not reach the caller")
					}
				}()
				_ = tc.call(func(tx store.Tx) error {
					if tc.name == "Update" {
						if err := tx.PutBus(testBus("panicked")); err != nil {
							return err
						}
					} else if _, _, err := tx.GetBus("222222222222", "us-east-1", "panicked"); err != nil {
						return err
					}
					panic("fn fails badly")
				})
			}()
			if n := st.pool.Stat().AcquiredConns(); n != 0 {
				t.Errorf("%d connections still acquired after the panic", n)
			}
			if hasBus(t, st, "panicked") {
				t.Error("the panicking Update's write was committed")
			}
		})
	}
}
