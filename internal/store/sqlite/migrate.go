package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// ErrNewerSchema is returned by Open for a database written by a newer
// version of Bridgeport: its schema has migrations this build does not know,
// and running older code against it could corrupt it.
var ErrNewerSchema = errors.New("sqlite: database schema is newer than this build")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema step. Version n is the file whose name starts
// with n, zero-padded (0001_initial.sql).
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order, checking that they
// are numbered 1, 2, 3... with no gap, so a misnamed file fails every Open
// (and the tests) instead of being skipped.
func migrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries { // ReadDir sorts by name
		prefix, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil || v != len(ms)+1 {
			return nil, fmt.Errorf("migration %s: want a name starting with %04d_", e.Name(), len(ms)+1)
		}
		body, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	return ms, nil
}

const (
	migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at INTEGER NOT NULL -- Unix milliseconds
) STRICT`
	migrationsCurrent = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
	migrationsRecord  = `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`
)

// migrate brings the schema up to date in one transaction: either every
// missing migration is applied or none is. now stamps applied_at.
func migrate(ctx context.Context, conn *sql.Conn, now time.Time) (err error) {
	ms, err := migrations()
	if err != nil {
		return err
	}
	// IMMEDIATE takes the write lock before reading the version, so two
	// processes opening the same new file cannot both apply migration 1.
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, migrationsTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := conn.QueryRowContext(ctx, migrationsCurrent).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("%w: it is at version %d, this build knows versions up to %d; open it with a newer Bridgeport",
			ErrNewerSchema, current, len(ms))
	}
	for _, m := range ms[current:] {
		if _, err := conn.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := conn.ExecContext(ctx, migrationsRecord, m.version, now.UnixMilli()); err != nil {
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}
