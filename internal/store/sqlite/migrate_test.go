package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// rawDB opens the file directly, bypassing the Store, to inspect or tamper
// with it.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driverName, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func schemaVersion(t *testing.T, path string) (version, rows int) {
	t.Helper()
	db := rawDB(t, path)
	err := db.QueryRow("SELECT MAX(version), COUNT(*) FROM schema_migrations").Scan(&version, &rows)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	return version, rows
}

func TestMigrationsAreNumberedFromOneWithoutGaps(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.version != i+1 || strings.TrimSpace(m.sql) == "" {
			t.Errorf("migration %d is %s (version %d), want version %d with SQL", i, m.name, m.version, i+1)
		}
	}
}

func TestReopenKeepsSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	ms, _ := migrations()
	for range 3 {
		createStore(t, path)
		if v, n := schemaVersion(t, path); v != len(ms) || n != len(ms) {
			t.Fatalf("schema at version %d with %d rows, want %d and %d", v, n, len(ms), len(ms))
		}
	}
}

func TestNewerSchemaRefusesToOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bridgeport.db")
	createStore(t, path)
	ms, _ := migrations()
	db := rawDB(t, path)
	if _, err := db.Exec("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)", len(ms)+1); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()

	st, err := Open(context.Background(), path, Options{})
	if err == nil {
		_ = st.Close()
		t.Fatal("Open of a database from a newer version succeeded")
	}
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open error %v does not wrap ErrNewerSchema", err)
	}
	t.Logf("Open says: %v", err) // the message an operator sees
	if v, _ := schemaVersion(t, path); v != len(ms)+1 {
		t.Errorf("failed Open changed the schema version to %d", v)
	}
}
