package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func TestCloseWaitsForInFlightCalls(t *testing.T) {
	tests := []struct {
		name string
		call func(st *Store, fn func(store.Tx) error) error
	}{
		{"Update", func(st *Store, fn func(store.Tx) error) error { return st.Update(context.Background(), fn) }},
		{"View", func(st *Store, fn func(store.Tx) error) error { return st.View(context.Background(), fn) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			schema := newSchema(t)
			st := openSchema(t, schema, Options{})
			started, release := make(chan struct{}), make(chan struct{})
			inFlight := make(chan error, 1)
			go func() {
				inFlight <- tc.call(st, func(tx store.Tx) error {
					close(started)
					<-release
					// Still usable: Close must not have taken the
					// connection away.
					_, _, err := tx.GetBus("222222222222", "us-east-1", "in-flight")
					if err == nil && tc.name == "Update" {
						err = tx.PutBus(testBus("in-flight"))
					}
					return err
				})
			}()
			<-started
			closed := make(chan error, 1)
			go func() { closed <- st.Close() }()

			select {
			case err := <-closed:
				t.Fatalf("Close returned %v while a call was in flight", err)
			case <-time.After(100 * time.Millisecond):
			}
			if err := st.Update(context.Background(), func(store.Tx) error { return nil }); !errors.Is(err, store.ErrClosed) {
				t.Errorf("Update while closing = %v, want store.ErrClosed", err)
			}
			close(release)
			if err := <-inFlight; err != nil {
				t.Errorf("in-flight %s = %v, want nil: Close must let it finish", tc.name, err)
			}
			if err := <-closed; err != nil {
				t.Errorf("Close: %v", err)
			}
			if err := st.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}

			if tc.name == "Update" {
				st := openSchema(t, schema, Options{})
				defer st.Close()
				if !hasBus(t, st, "in-flight") {
					t.Error("the Update in flight during Close is lost")
				}
			}
		})
	}
}
