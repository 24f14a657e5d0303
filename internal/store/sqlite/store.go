package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bridgeport/bridgeport/internal/queuelog"
	"github.com/bridgeport/bridgeport/internal/store"
)

// Options tunes a Store. The zero value is what the server uses.
type Options struct {
	// Readers is how many View transactions may run at once, each on its
	// own connection. Zero means 4.
	Readers int
	// BusyTimeout is how long a statement waits for a lock another
	// connection holds, such as a second process opening the same file.
	// Zero means 5 seconds.
	BusyTimeout time.Duration
	// MaxBatch caps how many Update functions share one commit. Zero
	// means 256.
	MaxBatch int
	// queue tunes the delivery queue log; tests set it.
	queue queuelog.Options
}

func (o Options) withDefaults() Options {
	if o.Readers <= 0 {
		o.Readers = 4
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	return o
}

// Store is the embedded store: one SQLite database file in WAL mode, one
// writer goroutine that group-commits Updates, a pool of reader
// connections for View, and the delivery queue log beside the file. See
// the package documentation.
type Store struct {
	writeDB *sql.DB
	readDB  *sql.DB
	w       *writer
	queue   *queuelog.Log

	enqueued atomic.Int64 // Enqueue calls acknowledged

	// mu guards closed; inflight counts the Update and View calls that
	// got past the closed check, so Close can wait for them.
	mu       sync.RWMutex
	closed   bool
	inflight sync.WaitGroup

	closeOnce sync.Once
	closeErr  error
}

var _ store.Store = (*Store)(nil)

// Open opens the delivery queue log in the folder path+"-queue" and the
// database file at path, creating them if needed (the folder of path must
// exist) and bringing the schema up to date. It fails with
// queuelog.ErrInUse if another process has the queue log open, and with
// ErrNewerSchema if the file was written by a newer Bridgeport.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	opts = opts.withDefaults()
	writeDSN, readDSN, err := dsns(path, opts.BusyTimeout)
	if err != nil {
		return nil, err
	}

	// The queue log first: its lock keeps a second server off the folder
	// before that server touches the database (a newer one would migrate
	// it under the running one).
	queue, err := queuelog.Open(path+"-queue", opts.queue)
	if err != nil {
		return nil, err
	}
	writeDB, err := sql.Open(driverName, writeDSN)
	if err != nil {
		_ = queue.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// One connection: SQLite has one writer at a time anyway, and the
	// writer goroutine keeps it for the life of the store.
	writeDB.SetMaxOpenConns(1)
	conn, err := writeDB.Conn(ctx)
	if err != nil {
		_ = writeDB.Close()
		_ = queue.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	fail := func(err error) (*Store, error) {
		_ = conn.Close()
		_ = writeDB.Close()
		_ = queue.Close()
		return nil, err
	}
	if err := checkWAL(ctx, conn); err != nil {
		return fail(fmt.Errorf("open %s: %w", path, err))
	}
	if err := migrate(ctx, conn, time.Now()); err != nil {
		return fail(fmt.Errorf("open %s: %w", path, err))
	}
	if err := syncDir(path); err != nil {
		return fail(fmt.Errorf("open %s: %w", path, err))
	}

	if err := moveQueuedRows(ctx, conn, queue); err != nil {
		return fail(fmt.Errorf("open %s: %w", path, err))
	}

	readDB, err := sql.Open(driverName, readDSN)
	if err != nil {
		return fail(fmt.Errorf("open %s for reading: %w", path, err))
	}
	readDB.SetMaxOpenConns(opts.Readers)
	readDB.SetMaxIdleConns(opts.Readers)
	if err := readDB.PingContext(ctx); err != nil {
		_ = readDB.Close()
		return fail(fmt.Errorf("open %s for reading: %w", path, err))
	}

	s := &Store{writeDB: writeDB, readDB: readDB, w: newWriter(conn, queue, opts.MaxBatch), queue: queue}
	go s.w.run()
	return s, nil
}

// moveQueuedRows moves the jobs that a Bridgeport before the queue log
// left in the deliveries table into the log, then empties the table. A
// crash in between delivers those jobs twice, which at-least-once allows;
// it never loses one.
func moveQueuedRows(ctx context.Context, conn *sql.Conn, queue *queuelog.Log) error {
	rows, err := conn.QueryContext(ctx, `SELECT due_at, doc FROM deliveries ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read queued deliveries: %w", err)
	}
	var ds []store.Delivery
	for rows.Next() {
		var due int64
		var doc []byte
		if err := rows.Scan(&due, &doc); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read queued deliveries: %w", err)
		}
		ds = append(ds, store.Delivery{DueAt: fromMillis(due), Doc: doc})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("read queued deliveries: %w", err)
	}
	if len(ds) == 0 {
		return nil
	}
	if err := enqueue(queue, ds); err != nil {
		return fmt.Errorf("move queued deliveries to the queue log: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM deliveries`); err != nil {
		return fmt.Errorf("empty the deliveries table: %w", err)
	}
	return nil
}

// enqueue puts jobs in a queue batch of their own and waits until they are
// durable.
func enqueue(queue *queuelog.Log, ds []store.Delivery) error {
	qb := queue.Begin()
	if err := qb.Put(ds); err != nil {
		return fmt.Errorf("enqueue deliveries: %w", err)
	}
	done := make(chan error, 1)
	qb.Commit(func(err error) { done <- err })
	return <-done
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

// Update runs fn in a read-write transaction and returns once its writes
// are committed and synced to disk, or with fn's error, unchanged, after
// discarding fn's writes. See the package documentation for how concurrent
// Updates share a commit.
//
// fn runs on the store's single writer goroutine: it must not call Update
// or View on this store (that would wait on itself forever), must not keep
// tx after it returns, and holds up every other writer while it runs, so it
// should do nothing slow. fn runs once, twice when another fn of its batch
// fails and the batch is replayed (see the package documentation), or not
// at all if ctx ends before its turn comes, in which case Update returns
// ctx.Err(). Once fn
// has started, Update waits for the commit even if ctx ends, so that a nil
// or error result always tells the truth about the writes.
func (s *Store) Update(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	return s.w.submit(ctx, fn)
}

// Enqueue adds delivery jobs and returns once they are durable. It takes
// no turn on the writer: the jobs go straight to the queue log, whose
// group commit they share with every other enqueue and Update.
func (s *Store) Enqueue(ctx context.Context, ds []store.Delivery) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := enqueue(s.queue, ds); err != nil {
		return err
	}
	s.enqueued.Add(1)
	return nil
}

// View runs fn in a read-only transaction on a snapshot that includes
// every Update that returned before View was called. fn's error is
// returned unchanged. Views run concurrently with each other and with the
// writer.
func (s *Store) View(ctx context.Context, fn func(tx store.Tx) error) error {
	if !s.enter() {
		return store.ErrClosed
	}
	defer s.inflight.Done()
	sqlTx, err := s.readDB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	// A read transaction has nothing to commit: rolling back just releases
	// the snapshot.
	defer func() { _ = sqlTx.Rollback() }()
	return fn(&tx{q: readQuerier{ctx: ctx, tx: sqlTx}, queue: s.queue})
}

// Close waits for in-flight Update and View calls, stops the writer and
// closes the database. Later calls to Update and View return
// store.ErrClosed; later calls to Close return the first one's result.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.inflight.Wait()
		s.w.stop()
		// Readers close first so that the writer's connection is the last
		// one: SQLite checkpoints the WAL into the database file and removes
		// it when its last connection closes.
		s.closeErr = errors.Join(s.queue.Close(), s.readDB.Close(), s.w.close(), s.writeDB.Close())
		if s.closeErr != nil {
			s.closeErr = fmt.Errorf("close store: %w", s.closeErr)
		}
	})
	return s.closeErr
}

// Stats counts the durable commits, of the SQLite file and of the queue
// log, and the Updates and Enqueues they carried.
func (s *Store) Stats() store.Stats {
	return store.Stats{Commits: s.w.commits.Load() + s.queue.Stats().Syncs, Updates: s.w.applied.Load() + s.enqueued.Load()}
}
