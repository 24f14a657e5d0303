package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestCloseWaitsForInFlightUpdates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	release, inFlight := blockWriter(t, st, "in-flight")
	closed := make(chan error, 1)
	go func() { closed <- st.Close() }()

	select {
	case err := <-closed:
		t.Fatalf("Close returned %v while an Update was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	release()
	if err := <-inFlight; err != nil {
		t.Errorf("in-flight Update = %v, want nil: Close must let it commit", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	st, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !hasBus(t, st, "in-flight") {
		t.Error("the Update in flight during Close is lost")
	}
}
