// Package postgres is the store.Store for several nodes sharing one
// PostgreSQL database (pgx, a pool of connections per node). It keeps the
// same tables, with the same meaning, as the embedded store (package
// sqlite) and passes the same conformance suite (package storetest).
//
// # Transactions
//
// Update runs fn in a SERIALIZABLE transaction. The embedded store runs
// Updates one at a time, so the domain is written as if no other Update
// ran concurrently: check-then-create, read-modify-write, count-then-insert
// against a quota, "delete the bus if it has no rules" racing "put a rule
// if its bus exists". SERIALIZABLE keeps every one of those correct without
// the domain naming what to lock. REPEATABLE READ with row locks would not:
// a lock cannot be taken on a row that does not exist yet, so two
// transactions that each check for the other's row can both commit.
//
// A serializable transaction can fail because of a concurrent one: a
// serialization failure (SQLSTATE 40001), a deadlock (40P01), or a unique
// violation when two transactions insert one key (23505). Update then rolls
// back, waits a random time up to a window that doubles from 1 ms to 100
// ms, and runs fn again on a fresh snapshot, up to Options.MaxAttempts
// times (20); after that it returns an error wrapping store.ErrConflict.
// The transaction records the first statement that failed, so the retry
// does not depend on fn returning that statement's error: fn may wrap it,
// replace it or ignore it. This is why fn may run more than once and must
// have no effects outside tx.
//
// View runs fn in a READ ONLY REPEATABLE READ transaction: one snapshot,
// taken at its first statement, so it sees every Update that returned
// before View was called. Read-only transactions at this level never fail
// for serialization, and take no predicate locks.
//
// A transaction's BEGIN is sent together with its first statement, in one
// round trip (see tx). Most Updates on the hot path run one statement, so
// they cost two round trips, that statement and COMMIT; each statement is
// prepared once per connection and reused (pgx's statement cache).
//
// # Why no group commit
//
// The embedded store shares one fsync among concurrent Updates by running
// them in one transaction, each inside a savepoint. PostgreSQL already
// shares WAL flushes among concurrent commits. A savepoint costs a round
// trip, as a commit does, and measured with pgbench 16 inserts with a
// savepoint each in one transaction were no faster than 16 separate
// transactions. So each Update is its own transaction, and throughput
// comes from concurrency (the pool) and from putting many rows into one
// statement: AppendEvents and EnqueueDeliveries insert a whole batch with
// one statement (BenchmarkUpdateParallelBatch10 and
// BenchmarkUpdateParallelEnqueue10).
//
// # Durability and settings
//
// Update returns nil only after COMMIT has returned, and the COMMIT is not
// cancelled by the caller's context, so that the answer is always the
// truth. With PostgreSQL's defaults (fsync = on, synchronous_commit = on)
// a returned COMMIT is flushed to the WAL on disk. synchronous_commit = off
// (for the database, the role, or in the URL's options) makes commits
// faster but lets a server crash lose Updates that were acknowledged;
// Bridgeport promises they are not, so leave it on. To survive the loss of
// the server, use synchronous replication (synchronous_standby_names,
// synchronous_commit = on or remote_apply).
//
// Each node opens up to Options.MaxConns connections (default 16, or the
// URL's pool_max_conns): that many transactions run at once on a node. The
// sum over nodes must stay below the server's max_connections (default
// 100, minus superuser_reserved_connections). Behind PgBouncer in
// transaction mode, prepared statements need PgBouncer 1.21 or later with
// max_prepared_statements set, or default_query_exec_mode=exec in the URL.
// Serializable transactions take predicate locks; large scans turn them
// into relation locks (max_pred_locks_per_transaction), which makes
// conflicts, and retries, more likely. Bridgeport's transactions read a
// few rows by key, so the defaults suffice.
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
