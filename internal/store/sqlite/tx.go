package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bridgeport/bridgeport/internal/queuelog"
	"github.com/bridgeport/bridgeport/internal/store"
)

// querier runs the statements of one transaction: the writer (cached
// prepared statements on the write connection) or a reader's sql.Tx.
type querier interface {
	exec(query string, args ...any) error
	query(query string, args ...any) (*sql.Rows, error)
	// insert runs an INSERT and returns the new row's rowid, which costs
	// less than reading it back through RETURNING.
	insert(query string, args ...any) (int64, error)
}

// readQuerier runs a View's statements under the View's context, so a
// cancelled caller stops reading.
type readQuerier struct {
	ctx context.Context
	tx  *sql.Tx
}

func (r readQuerier) exec(query string, args ...any) error {
	_, err := r.tx.ExecContext(r.ctx, query, args...)
	return err
}

func (r readQuerier) insert(query string, args ...any) (int64, error) {
	res, err := r.tx.ExecContext(r.ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

func (r readQuerier) query(query string, args ...any) (*sql.Rows, error) {
	return r.tx.QueryContext(r.ctx, query, args...)
}

// tx implements store.Tx. Its methods live in one file per table, next to
// that table's SQL.
type tx struct {
	q querier
	// queue is the delivery queue log; qb is the Update's batch of it,
	// nil in a View.
	queue *queuelog.Log
	qb    *queuelog.Batch
	// sources is the writer's cache of sources, nil in a View.
	sources *sourceCache
}

var _ store.Tx = (*tx)(nil)

// Times in key columns are Unix milliseconds: the API's own precision, and
// a range that int64 nanoseconds lack (they end in 2262, and PutEvents
// accepts event times far later). UnixMilli floors, so comparing two
// floored values never reports a time as earlier than another when it is
// not; see SourcesExpiringBefore.

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
func getDoc(q querier, v any, query string, args ...any) (bool, error) {
	rows, err := q.query(query, args...)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	var doc []byte
	if err := rows.Scan(&doc); err != nil {
		return false, err
	}
	if err := json.Unmarshal(doc, v); err != nil {
		return false, fmt.Errorf("decode record: %w", err)
	}
	return true, rows.Close()
}

// listDocs runs a query selecting one doc column and decodes every row.
func listDocs[T any](q querier, query string, args ...any) ([]T, error) {
	rows, err := q.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal(doc, &v); err != nil {
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
func count(q querier, query string, args ...any) (int, error) {
	rows, err := q.query(query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}
