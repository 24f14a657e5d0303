package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrNewerSchema is returned by Open for a database written by a newer
// version of Bridgeport: its schema has migrations this build does not know,
// and running older code against it could corrupt it.
var ErrNewerSchema = errors.New("postgres: database schema is newer than this build")

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
	schemaExists    = `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`
	migrationsLock  = `SELECT pg_advisory_xact_lock($1)`
	migrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at BIGINT NOT NULL -- Unix milliseconds
)`
	migrationsCurrent = `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`
	migrationsRecord  = `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)`
)

// migrationLockKey is the advisory lock that serializes migrations of one
// schema. Advisory locks are per database, so the key includes the schema:
// stores in different schemas of one database migrate independently.
func migrationLockKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("bridgeport schema migrations\x00" + schema))
	return int64(h.Sum64())
}

// migrate brings schema up to date in one transaction: either every missing
// migration is applied or none is. It creates the schema if it does not
// exist. now stamps applied_at.
//
// The transaction first takes an advisory lock, so that nodes starting at
// once on one database wait for each other: the first applies the
// migrations, the others then find them applied. DDL is transactional in
// PostgreSQL, so a failed migration leaves nothing half-done.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string, now time.Time) (err error) {
	ms, err := migrations()
	if err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if _, err := tx.Exec(ctx, migrationsLock, migrationLockKey(schema)); err != nil {
		return fmt.Errorf("lock schema %s for migration: %w", schema, err)
	}
	var exists bool
	if err := tx.QueryRow(ctx, schemaExists, schema).Scan(&exists); err != nil {
		return fmt.Errorf("look up schema %s: %w", schema, err)
	}
	if !exists {
		// Checked first rather than CREATE SCHEMA IF NOT EXISTS, which
		// needs the CREATE privilege on the database even when the schema
		// is already there.
		if _, err := tx.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
			return fmt.Errorf("create schema %s: %w", schema, err)
		}
	}
	// Pin the search path for this transaction: the connection's own names
	// the schema too, but it may have been resolved before the schema
	// existed.
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+pgx.Identifier{schema}.Sanitize()); err != nil {
		return fmt.Errorf("use schema %s: %w", schema, err)
	}
	if _, err := tx.Exec(ctx, migrationsTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRow(ctx, migrationsCurrent).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("%w: it is at version %d, this build knows versions up to %d; open it with a newer Bridgeport",
			ErrNewerSchema, current, len(ms))
	}
	for _, m := range ms[current:] {
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, migrationsRecord, m.version, now.UnixMilli()); err != nil {
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}
