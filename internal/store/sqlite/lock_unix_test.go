//go:build unix

package sqlite

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bridgeport/bridgeport/internal/queuelog"
)

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
