package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bridgeport/bridgeport/internal/store"
)

// tx implements store.Tx on one connection. Its methods live in one file
// per table, next to that table's SQL.
//
// Statements that only frame the transaction (BEGIN, and the savepoints
// around each Update of a batch), and writes whose results nobody reads
// (deferWrite), are not sent on their own: they queue,
// and go to the server in one round trip with the next real statement (a
// pgx batch), or with the COMMIT. So a lone Update that runs one statement
// costs two round trips, not three; each Update of a batch costs no more
// than its own statements; and a transaction that runs no statement costs
// none.
type tx struct {
	ctx  context.Context
	conn *pgx.Conn
	// queued are the statements waiting for the next one that must reach
	// the server now: framing statements, and writes whose results nobody
	// reads (see deferWrite).
	queued []queuedStmt
	// ids hands out delivery job ids; nil in a View.
	ids *idBlocks
	// begun records that the BEGIN has gone to the server.
	begun bool
	// failed is the first error a statement of the current Update
	// returned. PostgreSQL aborts the transaction (or the savepoint) on
	// any error, so the writer looks here, not only at what fn returns,
	// to decide what happened: fn may wrap the error, turn it into its
	// own, or ignore it.
	failed error
	// broken is the error of a framing statement: the transaction is in
	// an unknown state and cannot commit.
	broken error
}

var _ store.Tx = (*tx)(nil)

// Statements that begin the two kinds of transaction.
const (
	beginUpdate = "BEGIN ISOLATION LEVEL SERIALIZABLE"
	beginView   = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
)

// deferredWrites reports whether a deferred write waits to be sent.
func (t *tx) deferredWrites() bool {
	for _, q := range t.queued {
		if q.args != nil {
			return true
		}
	}
	return false
}

// queuedStmt is a statement waiting to be sent, with its arguments.
type queuedStmt struct {
	sql  string
	args []any
}

// queue adds framing statements to send with the next statement.
func (t *tx) queue(statements ...string) {
	for _, s := range statements {
		t.queued = append(t.queued, queuedStmt{sql: s})
	}
}

// deferWrite queues a write that returns nothing the caller reads, to go
// to the server with the next statement or the COMMIT instead of costing
// a round trip of its own. Statements keep their order, so later reads of
// the transaction see it. A deferred write that fails leaves the
// transaction broken: the error can no longer be told to the Update that
// queued it. Only writes that cannot fail on valid input are deferred.
func (t *tx) deferWrite(query string, args ...any) {
	t.queued = append(t.queued, queuedStmt{sql: query, args: args})
}

// note records err as the current Update's failure if it is the first,
// and returns it.
func (t *tx) note(err error) error {
	if err != nil && t.failed == nil {
		t.failed = err
	}
	return err
}

// sendQueued sends the queued framing statements followed by query in one
// batch, and reads the framing statements' results. The caller reads
// query's result from the batch, then closes it.
func (t *tx) sendQueued(query string, args ...any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	for _, q := range t.queued {
		b.Queue(q.sql, q.args...)
	}
	b.Queue(query, args...)
	n := len(t.queued)
	t.queued, t.begun = t.queued[:0], true
	br := t.conn.SendBatch(t.ctx, b)
	for range n {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			if t.broken == nil {
				t.broken = err
			}
			return nil, err
		}
	}
	return br, nil
}

// flush sends the queued framing statements and then statements, now, in
// one round trip (the simple protocol runs several statements at once).
func (t *tx) flush(statements ...string) error {
	if t.deferredWrites() {
		// Deferred writes carry arguments, which the simple protocol
		// cannot: send everything as one batch instead.
		last := len(statements) - 1
		t.queue(statements[:last]...)
		br, err := t.sendQueued(statements[last])
		if err == nil {
			_, err = br.Exec()
			if cerr := br.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil && t.broken == nil {
			t.broken = err
		}
		return err
	}
	all := make([]string, 0, len(t.queued)+len(statements))
	for _, q := range t.queued {
		all = append(all, q.sql)
	}
	all = append(all, statements...)
	t.queued, t.begun = t.queued[:0], true
	if _, err := t.conn.Exec(t.ctx, strings.Join(all, "; ")); err != nil {
		if t.broken == nil {
			t.broken = err
		}
		return err
	}
	return nil
}

// exec runs a statement that returns no rows.
func (t *tx) exec(query string, args ...any) error {
	if len(t.queued) == 0 {
		_, err := t.conn.Exec(t.ctx, query, args...)
		return t.note(err)
	}
	br, err := t.sendQueued(query, args...)
	if err != nil {
		return t.note(err)
	}
	_, err = br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return t.note(err)
}

// query runs a statement that returns rows. The caller closes them.
func (t *tx) query(query string, args ...any) (*rows, error) {
	if len(t.queued) == 0 {
		r, err := t.conn.Query(t.ctx, query, args...)
		if err != nil {
			return nil, t.note(err)
		}
		return &rows{Rows: r, t: t}, nil
	}
	br, err := t.sendQueued(query, args...)
	if err != nil {
		return nil, t.note(err)
	}
	r, err := br.Query()
	if err != nil {
		_ = br.Close()
		return nil, t.note(err)
	}
	return &rows{Rows: r, t: t, batch: br}, nil
}

// end finishes the transaction with COMMIT or ROLLBACK, sent with any
// queued statements; a transaction that never sent its BEGIN has nothing
// to roll back, and nothing to commit unless a deferred write waits. It is
// not cancelled by the caller's ctx: an interrupted COMMIT would leave the
// caller unsure whether it happened, and an interrupted ROLLBACK only
// costs the connection.
func (t *tx) end(statement string) error {
	if !t.begun && (statement == "ROLLBACK" || !t.deferredWrites()) {
		t.queued = t.queued[:0]
		return nil
	}
	t.ctx = context.WithoutCancel(t.ctx)
	if statement == "ROLLBACK" {
		t.queued = t.queued[:0] // the rollback undoes them all anyway
	}
	var (
		tag pgconn.CommandTag
		err error
	)
	if len(t.queued) == 0 {
		tag, err = t.conn.Exec(t.ctx, statement)
	} else {
		var br pgx.BatchResults
		if br, err = t.sendQueued(statement); err == nil {
			tag, err = br.Exec()
			if cerr := br.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err != nil {
		return err
	}
	if statement == "COMMIT" && tag.String() == "ROLLBACK" {
		// The server answers COMMIT of an aborted transaction this way.
		return errors.New("transaction was rolled back")
	}
	return nil
}

// rows are a query's results. A failure that the server reports while
// rows stream in is recorded like any other statement's.
type rows struct {
	pgx.Rows
	t *tx
	// batch is the BEGIN-and-query batch the rows came in, if they did:
	// the connection is busy until it is closed too.
	batch    pgx.BatchResults
	batchErr error
}

func (r *rows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return r.t.note(err)
	}
	return r.t.note(r.batchErr)
}

func (r *rows) Close() {
	r.Rows.Close()
	if r.batch != nil {
		r.batchErr = r.batch.Close()
		r.batch = nil
	}
}

// Times in key columns are Unix milliseconds: the API's own precision, and
// the same values the embedded store keeps. UnixMilli floors, so comparing
// two floored values never reports a time as earlier than another when it
// is not; see SourcesExpiringBefore.

func millis(t time.Time) int64 { return t.UnixMilli() }

// nullMillis stores the zero time as NULL, so that "no time" never
// compares as a very early one.
func nullMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// encodeDoc is the record's JSON, without the HTML escaping json.Marshal
// applies, so that target documents keep '<', '>' and '&' as they were put.
func encodeDoc(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

// getDoc runs a query selecting one doc column and decodes the first row
// into v, reporting whether there was one.
func getDoc(t *tx, v any, query string, args ...any) (bool, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := json.Unmarshal(rows.RawValues()[0], v); err != nil {
		return false, fmt.Errorf("decode record: %w", err)
	}
	rows.Close()
	return true, rows.Err()
}

// listDocs runs a query selecting one doc column and decodes every row.
func listDocs[T any](t *tx, query string, args ...any) ([]T, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		// RawValues is the doc's text as it came off the wire, valid until
		// the next row: decoding from it saves copying every doc.
		if err := json.Unmarshal(rows.RawValues()[0], &v); err != nil {
			return nil, fmt.Errorf("decode record: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// count runs a query selecting one integer.
func count(t *tx, query string, args ...any) (int, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return int(n), rows.Err()
}
