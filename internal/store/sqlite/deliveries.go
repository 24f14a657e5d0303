package sqlite

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The deliveries table is the durable queue: a job is a row until it is
// delivered, dead-lettered or recorded as failed. Claiming sets a lease in
// the same statement that selects, so two claimers never share a job.
const (
	deliveryInsert = `INSERT INTO deliveries (due_at, lease_until, doc) VALUES (?, ?, ?)`
	// deliveryInsertMore continues deliveryInsert with one more row.
	deliveryInsertMore = `, (?, ?, ?)`
	deliveryClaim      = `UPDATE deliveries SET lease_until = ?
WHERE id IN (SELECT id FROM deliveries WHERE due_at <= ? AND lease_until <= ? ORDER BY due_at LIMIT ?)
RETURNING id, due_at, doc`
	deliveryUpdate = `UPDATE deliveries SET due_at = ?, lease_until = ?, doc = ? WHERE id = ?`
	deliveryCount  = `SELECT COUNT(*) FROM deliveries`
	deliveryFree   = `UPDATE deliveries SET lease_until = 0 WHERE lease_until > 0`
	failedInsert   = `INSERT INTO failed_deliveries (time, code, message, doc) VALUES (?, ?, ?, ?)`
	failedList     = `SELECT id, time, code, message, doc FROM failed_deliveries ORDER BY id LIMIT ?`
)

// EnqueueDeliveries inserts up to insertChunk rows per statement: one
// statement costs about as much as a row. The rows of one INSERT get
// consecutive ids in the order of their VALUES, because SQLite inserts them
// one after another, each with the next AUTOINCREMENT id, and this
// connection is the only writer; so the last id tells them all.
func (t *tx) EnqueueDeliveries(ds []store.Delivery) error {
	const insertChunk = 64
	args := make([]any, 0, 3*min(len(ds), insertChunk))
	for len(ds) > 0 {
		n := min(len(ds), insertChunk)
		args = args[:0]
		for _, d := range ds[:n] {
			args = append(args, millis(d.DueAt), millis(d.LeaseUntil), d.Doc)
		}
		last, err := t.q.insert(deliveryInsert+strings.Repeat(deliveryInsertMore, n-1), args...)
		if err != nil {
			return fmt.Errorf("enqueue %d deliveries: %w", n, err)
		}
		for i := range ds[:n] {
			ds[i].ID = last - int64(n-1-i)
		}
		ds = ds[n:]
	}
	return nil
}

func (t *tx) ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]store.Delivery, error) {
	rows, err := t.q.query(deliveryClaim, millis(leaseUntil), millis(now), millis(now), limit)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		d := store.Delivery{LeaseUntil: leaseUntil}
		var due int64
		if err := rows.Scan(&d.ID, &due, &d.Doc); err != nil {
			return nil, fmt.Errorf("claim deliveries: %w", err)
		}
		d.DueAt = fromMillis(due)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	// RETURNING gives rows in no set order; the contract is oldest due first.
	slices.SortFunc(out, func(a, b store.Delivery) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (t *tx) UpdateDelivery(d store.Delivery) error {
	if err := t.q.exec(deliveryUpdate, millis(d.DueAt), millis(d.LeaseUntil), d.Doc, d.ID); err != nil {
		return fmt.Errorf("update delivery %d: %w", d.ID, err)
	}
	return nil
}

// DeleteDeliveries deletes in chunks so one statement never exceeds
// SQLite's bound-parameter limit.
func (t *tx) DeleteDeliveries(ids []int64) error {
	const chunk = 500
	for len(ids) > 0 {
		n := min(len(ids), chunk)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		query := "DELETE FROM deliveries WHERE id IN (?" + strings.Repeat(",?", n-1) + ")"
		if err := t.q.exec(query, args...); err != nil {
			return fmt.Errorf("delete %d deliveries: %w", n, err)
		}
		ids = ids[n:]
	}
	return nil
}

func (t *tx) ReleaseDeliveryLeases() error {
	if err := t.q.exec(deliveryFree); err != nil {
		return fmt.Errorf("release delivery leases: %w", err)
	}
	return nil
}

func (t *tx) CountDeliveries() (int, error) {
	n, err := count(t.q, deliveryCount)
	if err != nil {
		return 0, fmt.Errorf("count deliveries: %w", err)
	}
	return n, nil
}

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
