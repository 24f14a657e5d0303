package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Options tunes a Store. The zero value is what the server uses.
type Options struct {
	// Schema is the PostgreSQL schema that holds Bridgeport's tables. Open
	// creates it if it does not exist. Empty means "public".
	Schema string
	// MaxConns caps the pool's connections, which is also how many
	// transactions this store runs at once. Zero means the URL's
	// pool_max_conns if it has one, else 16.
	MaxConns int32
	// MaxAttempts bounds how many times Update runs its function when the
	// transaction loses a race with a concurrent one; after that Update
	// returns store.ErrConflict. Zero means 20.
	MaxAttempts int
}

// defaultMaxConns is enough connections for concurrent Updates to share
// PostgreSQL's WAL flushes: with 64 callers (BenchmarkUpdateParallelPutEvents,
// database on the same two-core host) 16 connections committed as much as
// 32 or 64, and more steadily than 8. It leaves room for six nodes under
// the default max_connections of 100. A database server with more cores
// may want more (pool_max_conns).
const defaultMaxConns = 16

func (o Options) withDefaults() Options {
	if o.Schema == "" {
		o.Schema = "public"
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 20
	}
	return o
}

// Store is the PostgreSQL store: a pool of connections, each Update a
// SERIALIZABLE transaction retried on conflicts, each View a read-only
// REPEATABLE READ one. See the package documentation.
type Store struct {
	pool *pgxpool.Pool
	opts Options

	// mu guards closed; inflight counts the Update and View calls that
	// got past the closed check, so Close can wait for them.
	mu       sync.RWMutex
	closed   bool
	inflight sync.WaitGroup

	closeOnce sync.Once

	commits atomic.Int64 // Update transactions committed
	retries atomic.Int64 // attempts rerun after a conflict
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (postgres://user@host/db?...), with
// a pool of connections whose search_path is opts.Schema, and brings the
// schema up to date. It fails with ErrNewerSchema if the schema was
// written by a newer Bridgeport.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// Not the parse error: it quotes the URL, and redacting a password
		// from a malformed one is guesswork.
		return nil, errors.New("open PostgreSQL store: invalid connection URL")
	}
	target := fmt.Sprintf("%s/%s schema %s", cfg.ConnConfig.Host, cfg.ConnConfig.Database, opts.Schema)
	switch {
	case opts.MaxConns > 0:
		cfg.MaxConns = opts.MaxConns
	case !strings.Contains(url, "pool_max_conns="):
		cfg.MaxConns = defaultMaxConns
	}
	// Every connection resolves table names in the store's schema, so the
	// statements name tables without a schema and stay cacheable.
	cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{opts.Schema}.Sanitize()
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "bridgeport"
	}

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", target, err)
	}
	if err := migrate(ctx, pool, opts.Schema, time.Now()); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", target, err)
	}
	return &Store{pool: pool, opts: opts}, nil
}

// enter admits one Update or View unless the store is closed.
func (s *Store) enter() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	s.inflight.Add(1)
	return true
}

// Update runs fn in a SERIALIZABLE transaction and returns once it has
// committed, or with fn's error, unchanged, after rolling it back.
//
// When the transaction loses a race with a concurrent one (a serialization
// failure, a deadlock, or a unique violation from a concurrent insert),
// Update rolls it back, waits a short random time and runs fn again, on a
// fresh snapshot, up to Options.MaxAttempts times in all; then it returns
// an error wrapping store.ErrConflict. This holds even if fn returned the
// failed statement's error, wrapped or not, or swallowed it. fn must
// therefore have no effects outside tx, and must not keep tx after it
// returns.
//
// A ctx that is done before Update starts makes it return ctx.Err()
// without running fn. If ctx ends while fn runs, its statements fail and
// nothing is written. Once fn has returned nil, the COMMIT is not
// cancelled by ctx, so that the result always tells the truth about the
// writes.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	var lost error
	for attempt := 1; attempt <= s.opts.MaxAttempts; attempt++ {
		if attempt > 1 {
			if err := sleep(ctx, backoff(attempt)); err != nil {
				return err
			}
			s.retries.Add(1)
		}
		again, err := s.attempt(ctx, fn)
		if !again {
			return err
		}
		lost = err
	}
	return fmt.Errorf("%w: gave up after %d attempts: %w", store.ErrConflict, s.opts.MaxAttempts, lost)
}

// attempt runs fn in one transaction. again reports that it lost a race
// and nothing was written, so running it anew may succeed.
func (s *Store) attempt(ctx context.Context, fn func(store.Tx) error) (again bool, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("begin transaction: %w", err)
	}
	// Released last: the pool discards a connection left inside a
	// transaction rather than reuse it.
	defer conn.Release()
	t := &tx{ctx: ctx, conn: conn.Conn(), begin: beginUpdate}
	// The rollback also runs if fn panics, so that the connection goes
	// back to the pool clean; the panic goes on to the caller.
	finished := false
	defer func() {
		if !finished {
			_ = t.end("ROLLBACK")
		}
	}()

	fnErr := fn(t)
	if fnErr != nil || t.failed != nil {
		finished = true
		_ = t.end("ROLLBACK")
		switch {
		case retryable(t.failed):
			return true, t.failed
		case fnErr != nil:
			return retryable(fnErr), fnErr
		default:
			// fn ignored a failed statement; PostgreSQL has aborted the
			// transaction, so nothing of it can be committed.
			return false, fmt.Errorf("commit: an earlier statement failed: %w", t.failed)
		}
	}
	finished = true
	if err := t.end("COMMIT"); err != nil {
		// A serialization failure at COMMIT means nothing was written.
		return retryable(err), fmt.Errorf("commit: %w", err)
	}
	if t.begun {
		s.commits.Add(1)
	}
	return false, nil
}

// View runs fn in a read-only REPEATABLE READ transaction: one snapshot,
// taken at its first statement, which includes every Update that returned
// before View was called. fn's error is returned unchanged.
func (s *Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer conn.Release()
	t := &tx{ctx: ctx, conn: conn.Conn(), begin: beginView}
	// A read transaction has nothing to commit: rolling back just releases
	// the snapshot.
	defer func() { _ = t.end("ROLLBACK") }()
	return fn(t)
}

// Close waits for in-flight Update and View calls, then closes the pool.
// Later calls to Update and View return store.ErrClosed; later calls to
// Close return nil.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.inflight.Wait()
		s.pool.Close()
	})
	return nil
}
