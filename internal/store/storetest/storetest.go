// Package storetest is the conformance suite for store.Store backends: the
// behaviour the domain relies on, checked against a real backend. A
// backend's tests call Run with a function that opens a new, empty store.
//
// What the suite expects beyond the comments in package store:
//
//   - Names order by their bytes (Go's string order), as SQLite's BINARY
//     collation does; a PostgreSQL backend needs COLLATE "C" on name
//     columns.
//   - Times come back equal at millisecond precision (the API's), in UTC.
//     The suite only uses whole milliseconds.
//   - Target documents come back as the same JSON text, compacted: no key
//     reordering, no re-escaping (so not PostgreSQL's jsonb).
//   - A ctx that is done before Update or View starts makes it return
//     ctx.Err() without running fn.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Run runs the suite. open returns a new, empty store for one subtest; the
// suite closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	s := suite{open: open}
	t.Run("Sources", s.sources)
	t.Run("Buses", s.buses)
	t.Run("Rules", s.rules)
	t.Run("Events", s.events)
	t.Run("Connections", s.connections)
	t.Run("Deliveries", s.deliveries)
	t.Run("Transactions", s.transactions)
}

type suite struct {
	open func(t *testing.T) store.Store
}

// store opens a store that is closed when the test ends.
func (s suite) store(t *testing.T) store.Store {
	t.Helper()
	st := s.open(t)
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return st
}

// update runs fn in an Update and fails the test on error.
func update(t *testing.T, st store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// view runs fn in a View and fails the test on error.
func view(t *testing.T, st store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.View(context.Background(), fn); err != nil {
		t.Fatalf("View: %v", err)
	}
}

// at is a fixed instant plus ms milliseconds: deterministic, and whole
// milliseconds as every backend keeps them.
func at(ms int64) time.Time {
	return time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(ms) * time.Millisecond)
}

// Accounts used across the suite.
const (
	partnerA  = "111111111111"
	customerA = "222222222222"
	customerB = "333333333333"
	partnerB  = "444444444444"
	partnerC  = "555555555555"
)
