package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bridgeport/bridgeport/internal/queuelog"
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

func TestOpenTakesPathsWithURICharacters(t *testing.T) {
	// The path goes into a file: URI; these must not be read as its
	// query, fragment or escapes.
	dir := filepath.Join(t.TempDir(), "data dir?x=1#frag%20")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "bridgeport.db")
	st, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
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

// A second server on the same folder is stopped by the queue log's lock
// before it reads or writes the database: here the database is not even
// one, and the lock is still what Open reports.
func TestOpenOfAFolderInUseFailsBeforeTheDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	junk := []byte("not a database, and must stay as it is")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	held, err := queuelog.Open(path+"-queue", queuelog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if st, err := Open(context.Background(), path, Options{}); !errors.Is(err, queuelog.ErrInUse) {
		if err == nil {
			st.Close()
		}
		t.Fatalf("Open of a folder in use: %v, want queuelog.ErrInUse", err)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, junk) {
		t.Fatalf("database file after the refused Open: %q, %v", got, err)
	}
}
