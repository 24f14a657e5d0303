package sqlite

import (
	"errors"
	"fmt"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The durable queue of delivery jobs is the queue log (package queuelog),
// not a table: a job lives for milliseconds, and a log makes its put and
// delete two small appends. An Update's queue changes are its batch of the
// log, committed with the rest of the transaction. Jobs that failed for
// good stay in the failed_deliveries table.
const (
	failedInsert = `INSERT INTO failed_deliveries (time, code, message, doc) VALUES (?, ?, ?, ?)`
	failedList   = `SELECT id, time, code, message, doc FROM failed_deliveries ORDER BY id LIMIT ?`
)

// errReadOnly is a View calling a queue write.
var errReadOnly = errors.New("delivery queue change in a read-only transaction")

func (t *tx) EnqueueDeliveries(ds []store.Delivery) error {
	if t.qb == nil {
		return errReadOnly
	}
	if err := t.qb.Put(ds); err != nil {
		return fmt.Errorf("enqueue deliveries: %w", err)
	}
	return nil
}

func (t *tx) ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]store.Delivery, error) {
	if t.qb == nil {
		return nil, errReadOnly
	}
	out, err := t.qb.Claim(millis(now), millis(leaseUntil), limit)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	return out, nil
}

func (t *tx) UpdateDelivery(d store.Delivery) error {
	if t.qb == nil {
		return errReadOnly
	}
	t.qb.Update(d)
	return nil
}

func (t *tx) DeleteDeliveries(ids []int64) error {
	if t.qb == nil {
		return errReadOnly
	}
	t.qb.Delete(ids)
	return nil
}

func (t *tx) ReleaseDeliveryLeases() error {
	if t.qb == nil {
		return errReadOnly
	}
	t.qb.ReleaseLeases()
	return nil
}

// CountDeliveries counts the queued jobs, including those an open Update
// has just added or removed: the queue log has no snapshots.
func (t *tx) CountDeliveries() (int, error) { return t.queue.Count(), nil }

func (t *tx) RecordFailedDelivery(f store.FailedDelivery) error {
	if err := t.q.exec(failedInsert, millis(f.Time), f.Code, f.Message, f.Doc); err != nil {
		return fmt.Errorf("record failed delivery: %w", err)
	}
	return nil
}

func (t *tx) ListFailedDeliveries(limit int) ([]store.FailedDelivery, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := t.q.query(failedList, limit)
	if err != nil {
		return nil, fmt.Errorf("list failed deliveries: %w", err)
	}
	defer rows.Close()
	var out []store.FailedDelivery
	for rows.Next() {
		var f store.FailedDelivery
		var at int64
		if err := rows.Scan(&f.ID, &at, &f.Code, &f.Message, &f.Doc); err != nil {
			return nil, fmt.Errorf("list failed deliveries: %w", err)
		}
		f.Time = fromMillis(at)
		out = append(out, f)
	}
	return out, rows.Err()
}
