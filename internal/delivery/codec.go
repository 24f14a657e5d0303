package delivery

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// record converts a job to its queue row. The job is kept whole as JSON;
// only the due time and lease are columns.
func record(j *Job, leaseUntil time.Time) (store.Delivery, error) {
	doc, err := json.Marshal(j)
	if err != nil {
		return store.Delivery{}, fmt.Errorf("encode delivery job: %w", err)
	}
	return store.Delivery{ID: j.ID, DueAt: j.DueAt, LeaseUntil: leaseUntil, Doc: doc}, nil
}

// jobOf decodes a queue row.
func jobOf(d store.Delivery) (*Job, error) {
	j := new(Job)
	if err := json.Unmarshal(d.Doc, j); err != nil {
		return nil, fmt.Errorf("decode delivery job %d: %w", d.ID, err)
	}
	j.ID, j.DueAt = d.ID, d.DueAt
	return j, nil
}
