// Package sqlite is the embedded store.Store: one SQLite database file
// (modernc.org/sqlite, no cgo), written by one goroutine that group-commits
// concurrent Updates, and read by a small pool of connections; and beside
// it the delivery queue, an append-only log (package queuelog) in the
// folder named after the file with "-queue" added.
//
// # The delivery queue
//
// Delivery jobs are not rows. A job lives for milliseconds, and as a row
// it cost an insert and a delete in a B-tree, each rewriting whole pages in
// the WAL: the largest part of the CPU of a single-entry PutEvents. In the
// queue log it is two small records. Store.Enqueue, which every PutEvents
// uses, goes straight to the log and never waits for the writer. An
// Update's queue changes (claims, reschedules, deletes, the jobs of a
// PutPartnerEvents) are a batch of the log opened with its transaction:
// they take effect in memory as the fn runs, are undone with the SQLite
// part when the fn fails, and commit after the SQLite part. The callers
// are answered when the log's sync returns, from the log's own goroutine,
// while the writer runs the next batch.
//
// A transaction that changes both SQLite rows and the queue is committed
// in two steps, SQLite first. A crash between them keeps its rows and
// loses its queue changes, and its caller has had no answer: a job the
// caller was deleting is delivered again (at least once allows it), and
// the only Update that records a failure and deletes the job together
// records it again later. Jobs left in the old deliveries table by an
// earlier Bridgeport are moved to the log at Open.
//
// # Durability
//
// The SQLite file is in WAL mode with synchronous=FULL: a COMMIT appends
// the transaction's pages to the write-ahead log and fsyncs the log before
// it returns (with F_FULLFSYNC on macOS, where plain fsync leaves data in
// the drive's cache). The queue log fdatasyncs each group of commits before
// it acknowledges any of them. Update and Enqueue answer a caller only
// after both hold its writes, so an acknowledged call is on stable storage:
// a kill -9 cannot lose it (the crash test kills a writer mid-stream and
// checks every acknowledged key, job and deletion), and neither should a
// power loss on a disk that honours fsync. Open also syncs the folder once,
// so that the new file's own directory entry is durable.
//
// # Group commit
//
// The cost of a durable write is the fsync, a few milliseconds on ordinary
// disks, not the SQL. So Update does not run its own transaction: it hands
// fn to the writer goroutine and waits. The writer takes the first queued
// fn and runs it (the first SQL statement BEGINs); then it runs every fn
// that queued meanwhile (up to Options.MaxBatch), and COMMITs once. One
// fsync acknowledges the whole batch; a batch that ran no SQL, only queue
// changes, needs no SQLite transaction at all.
//
//   - A fn that returns an error (or panics) makes the writer roll the
//     batch back and replay it with each fn inside SAVEPOINT u ... RELEASE
//     u, so that the failed fn's writes vanish while the others' stay; its
//     caller gets the error, unchanged. Savepoints cost two statements per
//     fn, a large part of a small fn's cost, so they are paid only by
//     batches that need them. The replay runs fns a second time, which the
//     store.Store contract allows.
//   - The callers whose fn succeeded are answered after the COMMIT
//     returns: all with nil, or all with the commit's error.
//   - There is no timer. An idle writer commits a lone Update immediately;
//     under load, batches form from the Updates that arrive while the
//     previous commit syncs, and grow exactly as far as callers outpace the
//     disk. BenchmarkUpdateParallel measures it.
//   - The fns run one at a time on one goroutine, so Updates are
//     serializable without retries: two Updates that both check for a key
//     and then create it cannot both succeed, and ErrConflict never occurs.
//   - A fn must not call Update or View on its own store (the writer would
//     wait on itself), and should be quick: it holds up every writer.
//   - A caller whose ctx ends before its fn starts gets ctx.Err() and the
//     fn never runs. Once the fn has started, the caller waits for the
//     commit, so that the result it reports is the truth.
//
// # Reads
//
// View runs on a pool of read-only connections (Options.Readers), each in a
// read transaction. WAL gives it a snapshot taken at its first read, which
// includes every Update that returned before View was called and none
// committed during it; readers and the writer never wait for each other.
//
// # Schema
//
// Migrations are the numbered files in migrations/, applied in order in one
// transaction at Open and recorded in schema_migrations. A file whose
// schema is newer than the build is refused (ErrNewerSchema). Each record
// is stored whole as JSON (the doc column), so a new record field needs no
// migration; the other columns copy the fields that queries filter and
// order on.
//
// Times in columns are Unix milliseconds, restored as UTC: the API's own
// precision, and a range that int64 nanoseconds lack (they end in 2262).
// Record times kept in doc keep their full precision.
//
// The data statements, one const block per table (sources.go, buses.go,
// rules.go, events.go), are plain SQL with ? placeholders that PostgreSQL
// also accepts once ? is rewritten to $n. Prefix matches use substr, not
// LIKE, which in SQLite ignores case and would read '_' and '%' in a name as
// wildcards. Only the schema (migrations/) is SQLite's own dialect.
package sqlite
