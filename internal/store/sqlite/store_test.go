package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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
// createStore makes a new store at path and closes it.
func createStore(t *testing.T, path string) {
	t.Helper()
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func openTemp(t *testing.T, opts Options) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "bridgeport.db"), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return st
}

func TestOpenTakesPathsWithURICharacters(t *testing.T) {
	// The path goes into a file: URI; these must not be read as its
	// query, fragment or escapes.
	dir := filepath.Join(t.TempDir(), "data dir?x=1#frag%20")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "bridgeport.db")
	createStore(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not at the path given: %v", err)
	}
}

func TestOpenInMissingFolderFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "bridgeport.db")
	st, err := Open(context.Background(), path, Options{})
	if err == nil {
		_ = st.Close()
		t.Fatal("Open in a folder that does not exist succeeded")
	}
	t.Logf("Open says: %v", err)
	if !strings.Contains(err.Error(), path) {
		t.Errorf("Open error %q does not name the path", err)
	}
}
