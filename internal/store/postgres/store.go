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
	// Writers is how many transactions of Updates run at once, each on
	// its own connection of the pool. Zero means 2; at most one less than
	// the pool's connections.
	Writers int
	// MaxBatch caps how many Update functions share one transaction. Zero
	// means 32; at most 64, the subtransactions PostgreSQL tracks per
	// connection before taking snapshots gets slower for every session.
	MaxBatch int
}

// defaultMaxConns serves the writers (one connection each while a batch
// runs) and a dozen concurrent Views, and leaves room for several nodes
// under PostgreSQL's default max_connections of 100. A database server
// with more cores may want more (pool_max_conns in the URL).
const defaultMaxConns = 16

func (o Options) withDefaults() Options {
	if o.Schema == "" {
		o.Schema = "public"
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 20
	}
	if o.Writers <= 0 {
		o.Writers = 2
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 32
	}
	o.MaxBatch = min(o.MaxBatch, 64)
	return o
}

// Store is the PostgreSQL store: a pool of connections; writers that run
// Updates in batches, each batch a SERIALIZABLE transaction retried on
// conflicts; and Views in read-only REPEATABLE READ transactions. See the
// package documentation.
type Store struct {
	pool *pgxpool.Pool
	opts Options
	w    *writers

	// mu guards closed; inflight counts the Update and View calls that
	// got past the closed check, so Close can wait for them.
	mu       sync.RWMutex
	closed   bool
	inflight sync.WaitGroup

	closeOnce sync.Once

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
	// Leave a connection for Views: writers take theirs a batch at a time.
	opts.Writers = max(1, min(opts.Writers, int(cfg.MaxConns)-1))
	return &Store{pool: pool, opts: opts, w: startWriters(pool, opts.Writers, opts.MaxBatch)}, nil
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
// committed, or with fn's error, unchanged, after discarding fn's writes.
// fn runs on one of the store's writer goroutines, in a transaction it may
// share with other Updates, each in its own savepoint; see the package
// documentation.
//
// When the transaction loses a race with a concurrent one (a serialization
// failure, a deadlock, or a unique violation from a concurrent insert),
// nothing of it is written: Update waits a short random time and runs fn
// again, on a fresh snapshot, up to Options.MaxAttempts times in all; then
// it returns an error wrapping store.ErrConflict. This holds even if fn
// returned the failed statement's error, wrapped or not, or swallowed it.
// fn may also run again because another Update of its transaction lost
// such a race. So fn must have no effects outside tx, must not keep tx
// after it returns, must not call Update or View on this store (it could
// wait for itself), and should be quick: it holds up the Updates batched
// after it.
//
// A ctx that is done before fn starts makes Update return ctx.Err()
// without running fn. Once fn has started, Update waits for the outcome
// even if ctx ends, so that the result always tells the truth about the
// writes; fn's statements do not see ctx.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	for attempt := 1; ; attempt++ {
		out := s.w.submit(ctx, fn)
		if !out.again {
			return out.err
		}
		if attempt == s.opts.MaxAttempts {
			return fmt.Errorf("%w: gave up after %d attempts: %w", store.ErrConflict, attempt, out.err)
		}
		s.retries.Add(1)
		if err := sleep(ctx, backoff(attempt+1)); err != nil {
			return err
		}
	}
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
	t := &tx{ctx: ctx, conn: conn.Conn(), queued: []queuedStmt{{sql: beginView}}}
	// A read transaction has nothing to commit: rolling back just releases
	// the snapshot.
	defer func() { _ = t.end("ROLLBACK") }()
	return fn(t)
}

// Close waits for in-flight Update and View calls, stops the writers and
// closes the pool.
// Later calls to Update and View return store.ErrClosed; later calls to
// Close return nil.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.inflight.Wait()
		s.w.stop()
		s.pool.Close()
	})
	return nil
}

// Enqueue adds delivery jobs in an Update of their own.
func (s *Store) Enqueue(ctx context.Context, ds []store.Delivery) error {
	return s.Update(ctx, func(tx store.Tx) error { return tx.EnqueueDeliveries(ds) })
}

// Stats counts the commits of the group-commit writer and the updates they
// carried.
func (s *Store) Stats() store.Stats {
	return store.Stats{Commits: s.w.commits.Load(), Updates: s.w.applied.Load()}
}
