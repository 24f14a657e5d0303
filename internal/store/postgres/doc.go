// Package postgres is the store.Store for several nodes sharing one
// PostgreSQL database (pgx, a pool of connections per node). It keeps the
// same tables, with the same meaning, as the embedded store (package
// sqlite) and passes the same conformance suite (package storetest).
//
// # Transactions
//
// Updates run in SERIALIZABLE transactions. The embedded store runs
// Updates one at a time, so the domain is written as if no other Update
// ran concurrently: check-then-create, read-modify-write, count-then-insert
// against a quota, "delete the bus if it has no rules" racing "put a rule
// if its bus exists". SERIALIZABLE keeps every one of those correct without
// the domain naming what to lock. REPEATABLE READ with row locks would not:
// a lock cannot be taken on a row that does not exist yet, so two
// transactions that each check for the other's row can both commit.
//
// View runs fn on the caller's goroutine in a READ ONLY REPEATABLE READ
// transaction: one snapshot, taken at its first statement, so it sees
// every Update that returned before View was called. Read-only
// transactions at this level never fail for serialization, and take no
// predicate locks.
//
// # Group commit
//
// PostgreSQL on a small host runs out of CPU long before disk: each
// transaction costs its BEGIN, its statements and its COMMIT, each a round
// trip the server parses and answers. So, as the embedded store does,
// Update hands fn to a writer goroutine (Options.Writers of them, 2 by
// default, each taking a pooled connection per transaction) and waits.
// Fewer writers make larger batches and fewer commits: on two cores, 2
// writers carried half again as many single-entry PutEvents as 4. A
// writer takes the first queued fn and every fn queued meanwhile (up to
// Options.MaxBatch), and runs them in one transaction, each inside
// SAVEPOINT u ... RELEASE SAVEPOINT u, with one COMMIT. A lone fn runs
// without savepoints.
//
//   - The statements that only frame the transaction (BEGIN, SAVEPOINT,
//     RELEASE) are not sent on their own: they go with the next real
//     statement, or the COMMIT, in one round trip. A lone Update that runs
//     one statement costs two round trips; each further Update of a batch
//     costs only its own statements.
//   - Delivery jobs are written the same way: their ids come from blocks
//     of 1024 that a node reserves in the sequence, so the INSERT returns
//     nothing anyone waits for and rides with the next round trip. A batch
//     of PutEvents calls is then one round trip, COMMIT included.
//   - A fn that fails on its own (its error, a failed statement, a panic)
//     is rolled back to its savepoint; the others go on. After a failed
//     statement the rollback is sent at once: PostgreSQL refuses to
//     prepare the next fn's statements in an aborted transaction.
//   - Callers are answered once the transaction's outcome is final: with
//     nil after the COMMIT, with fn's own error unchanged.
//   - The fns of a batch run one after another and see each other's
//     writes, as if run in that order; batches on different writers, and
//     on other nodes, are kept apart by SERIALIZABLE.
//   - Measured with pgbench on a two-core host running the database:
//     8,000 to 12,000 single-insert transactions per second (with the
//     host's other load), against about 33,000 inserts per second as 16
//     savepoints per transaction with the framing statements sent along.
//     Single-entry PutEvents through the API, set up as package server's
//     benchmark is, ran at about a third of the embedded store's rate
//     with one transaction per Update, and about half with batching.
//
// A transaction can fail because of a concurrent one: a serialization
// failure (SQLSTATE 40001), a deadlock (40P01), or a unique violation when
// two transactions insert one key (23505). The whole transaction is then
// rolled back, and every fn of it runs again, including one that had
// failed on its own, since what it read included writes that are now
// undone. Each caller waits a random time, up to a window that doubles
// from 1 ms to 100 ms, and submits its fn anew, up to Options.MaxAttempts
// times (20); then Update returns an error wrapping store.ErrConflict. The
// transaction records the first statement that failed, so this does not
// depend on fn returning that statement's error: fn may wrap it, replace
// it or ignore it.
//
// So fn may run more than once and must have no effects outside tx. It
// runs on a writer goroutine: it must not call Update or View on its own
// store (it could wait for itself), and it should be quick, since the fns
// batched after it wait for it. The callers' contexts do not reach the
// statements, because cancelling one would abort the transaction, and
// with it the other fns in it: a caller whose ctx ends before its fn
// starts gets ctx.Err() and the fn never runs; once the fn has started,
// the caller waits for the outcome, so that the answer is the truth.
//
// # Durability and settings
//
// Update returns nil only after COMMIT has returned. With PostgreSQL's
// defaults (fsync = on, synchronous_commit = on)
// a returned COMMIT is flushed to the WAL on disk. synchronous_commit = off
// (for the database, the role, or in the URL's options) makes commits
// faster but lets a server crash lose Updates that were acknowledged;
// Bridgeport promises they are not, so leave it on. To survive the loss of
// the server, use synchronous replication (synchronous_standby_names,
// synchronous_commit = on or remote_apply).
//
// Each node opens up to Options.MaxConns connections (default 16, or the
// URL's pool_max_conns): the writers use one each, Views the rest. The
// sum over nodes must stay below the server's max_connections (default
// 100, minus superuser_reserved_connections). Behind PgBouncer in
// transaction mode, prepared statements need PgBouncer 1.21 or later with
// max_prepared_statements set, or default_query_exec_mode=exec in the URL.
// Serializable transactions take predicate locks, on index pages rather
// than rows, and large scans turn them into relation locks
// (max_pred_locks_per_transaction): both make conflicts, and retries, more
// likely than the data alone would. Bridgeport's transactions read a few
// rows by key, so the defaults suffice. A batch is one transaction with up
// to MaxBatch subtransactions (at most 64, the number PostgreSQL tracks
// per session before every snapshot gets slower).
//
// # Schema
//
// The tables live in one schema, Options.Schema ("public" unless set),
// which every pooled connection has as its search_path; Open creates it if
// it is missing. Migrations are the numbered files in migrations/,
// applied at Open in one transaction that first takes an advisory lock
// keyed by the schema, so that nodes starting at once on a new database
// apply each migration exactly once. A schema newer than the build is
// refused (ErrNewerSchema).
//
// Each record is kept whole as JSON text in a doc column: text, not jsonb,
// because jsonb reorders keys and re-escapes strings, and target documents
// must come back as they were put. Name and key columns use the "C"
// collation, so that they order and compare by bytes as the embedded
// store's do (the database encoding must be UTF8, whose byte order is code
// point order). Prefix filters are a range of that order, from the prefix
// to the least string after every string that starts with it: exact,
// case-sensitive, '_' and '%' literal, and served by the index. Times in
// columns are Unix milliseconds, as in the embedded store.
//
// # The delivery queue
//
// ClaimDeliveries selects due, unleased jobs FOR UPDATE SKIP LOCKED and
// leases them in the same statement, so nodes claiming at once pass over
// each other's rows instead of waiting for them or sharing them. Because
// claims run in serializable transactions, two concurrent claims can still
// conflict on what they read; the loser is retried like any Update (a
// test drains 2000 jobs with eight claimers on two pools: no job claimed
// twice, about a hundred retries). EnqueueDeliveries draws each job's id
// from the table's sequence in the same row as the job, so ids are paired
// with jobs by construction. ReleaseDeliveryLeases frees every lease;
// only a single-node deployment may call it.
//
// Event and job ids come from sequences, which hand out values when rows
// are inserted, not when they commit: while Updates run concurrently, an
// event with a smaller Seq can become visible after one with a larger Seq.
// ListEvents returns events in Seq order, which is append order within a
// transaction and between transactions that do not overlap; a reader that
// pages with AfterSeq while writers are active can miss an event that
// commits late. The embedded store, with one writer, has no such gap.
package postgres
