package postgres

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The deliveries table is the durable queue: a job is a row until it is
// delivered, dead-lettered or recorded as failed.
const (
	// deliveryInsert enqueues a batch of jobs whose ids were drawn
	// beforehand (see idBlocks), so that nothing needs to come back and
	// the statement can wait for the next round trip (tx.deferWrite).
	deliveryInsert = `INSERT INTO deliveries (id, due_at, lease_until, doc)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[])`
	// deliveryIDBlock reserves the next idBlockSize ids: the sequence
	// steps by that much (migration 0003).
	deliveryIDBlock = `SELECT nextval('deliveries_id_seq')`
	// deliveryClaim leases jobs in the statement that selects them. FOR
	// UPDATE SKIP LOCKED lets nodes claim at once without waiting on or
	// sharing each other's rows: a job another transaction is claiming
	// (or updating) is passed over, not waited for. A NULL limit is none.
	deliveryClaim = `UPDATE deliveries SET lease_until = $1
WHERE id IN (
    SELECT id FROM deliveries WHERE due_at <= $2 AND lease_until <= $2
    ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
RETURNING id, due_at, doc`
	deliveryUpdate = `UPDATE deliveries SET due_at = $1, lease_until = $2, doc = $3 WHERE id = $4`
	deliveryDelete = `DELETE FROM deliveries WHERE id = ANY($1)`
	deliveryCount  = `SELECT COUNT(*) FROM deliveries`
	deliveryFree   = `UPDATE deliveries SET lease_until = 0 WHERE lease_until > 0`
	failedInsert   = `INSERT INTO failed_deliveries (time, code, message, doc) VALUES ($1, $2, $3, $4)`
	failedList     = `SELECT id, time, code, message, doc FROM failed_deliveries ORDER BY id LIMIT $1`
)

func (t *tx) EnqueueDeliveries(ds []store.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	if t.ids == nil {
		return fmt.Errorf("enqueue %d deliveries: not in a read-write transaction", len(ds))
	}
	ids, due, lease, docs := make([]int64, len(ds)), make([]int64, len(ds)), make([]int64, len(ds)), make([][]byte, len(ds))
	if err := t.ids.fill(t, ids); err != nil {
		return fmt.Errorf("enqueue %d deliveries: %w", len(ds), err)
	}
	for i, d := range ds {
		due[i], lease[i], docs[i] = millis(d.DueAt), millis(d.LeaseUntil), d.Doc
		if docs[i] == nil {
			docs[i] = []byte{} // NOT NULL: an absent doc is an empty one
		}
	}
	t.deferWrite(deliveryInsert, ids, due, lease, docs)
	for i := range ds {
		ds[i].ID = ids[i]
	}
	return nil
}

// idBlockSize is how many delivery ids one draw from the sequence
// reserves; migration 0003 makes the sequence step by it.
const idBlockSize = 1024

// idBlocks hands out delivery job ids from blocks reserved in the
// sequence, so that enqueueing needs no answer from the server and can
// ride on the next round trip. Ids are unique across nodes (each block is
// one node's), not gap-free; a block's unused ids are lost at restart.
type idBlocks struct {
	mu        sync.Mutex
	from, end int64 // ids from..end-1 are left in the current block
}

// fill gives every element of ids an id, reserving new blocks through t
// as the current one runs out.
func (b *idBlocks) fill(t *tx, ids []int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := range ids {
		if b.from == b.end {
			start, err := reserveBlock(t)
			if err != nil {
				return fmt.Errorf("reserve delivery ids: %w", err)
			}
			b.from, b.end = start, start+idBlockSize
		}
		ids[i] = b.from
		b.from++
	}
	return nil
}

// reserveBlock draws the first id of a new block from the sequence.
func reserveBlock(t *tx) (int64, error) {
	rows, err := t.query(deliveryIDBlock)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var start int64
	if rows.Next() {
		err = rows.Scan(&start)
	}
	return start, cmp.Or(err, rows.Err())
}

// ClaimDeliveries returns the claimed jobs oldest due first (then by id).
// A negative limit claims every due job, as in the embedded store.
func (t *tx) ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]store.Delivery, error) {
	if limit == 0 {
		return nil, nil
	}
	rows, err := t.query(deliveryClaim, millis(leaseUntil), millis(now), limitArg(limit))
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
	// RETURNING follows no order; the subquery chose by due time.
	slices.SortFunc(out, func(a, b store.Delivery) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

func (t *tx) UpdateDelivery(d store.Delivery) error {
	doc := d.Doc
	if doc == nil {
		doc = []byte{}
	}
	if err := t.exec(deliveryUpdate, millis(d.DueAt), millis(d.LeaseUntil), doc, d.ID); err != nil {
		return fmt.Errorf("update delivery %d: %w", d.ID, err)
	}
	return nil
}

// DeleteDeliveries deletes every job in one statement, the ids passed as
// one array parameter.
func (t *tx) DeleteDeliveries(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := t.exec(deliveryDelete, ids); err != nil {
		return fmt.Errorf("delete %d deliveries: %w", len(ids), err)
	}
	return nil
}

func (t *tx) ReleaseDeliveryLeases() error {
	if err := t.exec(deliveryFree); err != nil {
		return fmt.Errorf("release delivery leases: %w", err)
	}
	return nil
}

func (t *tx) CountDeliveries() (int, error) {
	n, err := count(t, deliveryCount)
	if err != nil {
		return 0, fmt.Errorf("count deliveries: %w", err)
	}
	return n, nil
}

func (t *tx) RecordFailedDelivery(f store.FailedDelivery) error {
	doc := f.Doc
	if doc == nil {
		doc = []byte{}
	}
	if err := t.exec(failedInsert, millis(f.Time), f.Code, f.Message, doc); err != nil {
		return fmt.Errorf("record failed delivery: %w", err)
	}
	return nil
}

// ListFailedDeliveries returns every failure when limit <= 0.
func (t *tx) ListFailedDeliveries(limit int) ([]store.FailedDelivery, error) {
	rows, err := t.query(failedList, limitArg(limit))
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list failed deliveries: %w", err)
	}
	return out, nil
}
