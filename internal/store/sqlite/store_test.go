package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return openTemp(t, Options{})
	})
}

// openTemp opens a store in a new file under t.TempDir(). The caller
// closes it.
func openTemp(t *testing.T, opts Options) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "bridgeport.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return st
}
