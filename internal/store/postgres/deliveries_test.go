package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// at is a fixed instant plus ms milliseconds.
func at(ms int64) time.Time {
	return time.Date(2025, time.June, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(ms) * time.Millisecond)
}

func update(t testing.TB, st *Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.Update(context.Background(), fn); err != nil {
		t.Fatalf("Update: %v", err)
	}
}

// enqueue adds one job per doc, due at dueAt and unleased.
func enqueue(t testing.TB, st *Store, dueAt time.Time, docs ...string) {
	t.Helper()
	ds := make([]store.Delivery, len(docs))
	for i, doc := range docs {
		ds[i] = store.Delivery{DueAt: dueAt, Doc: []byte(doc)}
	}
	update(t, st, func(tx store.Tx) error { return tx.EnqueueDeliveries(ds) })
}

// TestTwoNodesClaimingAtOnceNeverShareAJob has two stores, each with its
// own pool, as two nodes have, and several claimers on each, drain one
// queue together: every job must be claimed exactly once.
func TestTwoNodesClaimingAtOnceNeverShareAJob(t *testing.T) {
	schema := newSchema(t)
	nodes := []*Store{openSchema(t, schema, Options{}), openSchema(t, schema, Options{})}
	for _, st := range nodes {
		t.Cleanup(func() { _ = st.Close() })
	}
	const jobs = 2000
	docs := make([]string, jobs)
	for i := range docs {
		docs[i] = fmt.Sprintf("job-%d", i)
	}
	enqueue(t, nodes[0], at(0), docs...)

	var (
		mu        sync.Mutex
		claimedBy = map[int64]int{} // job ID -> claimer
		dupes     int
		conflicts int
		wg        sync.WaitGroup
	)
	const claimersPerNode = 4
	for n, st := range nodes {
		for c := range claimersPerNode {
			claimer := n*claimersPerNode + c
			wg.Go(func() {
				for {
					var got []store.Delivery
					err := st.Update(context.Background(), func(tx store.Tx) error {
						var err error
						got, err = tx.ClaimDeliveries(at(0), at(60_000), 25)
						return err
					})
					if errors.Is(err, store.ErrConflict) {
						mu.Lock()
						conflicts++
						mu.Unlock()
						continue
					}
					if err != nil {
						t.Errorf("claimer %d: %v", claimer, err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, d := range got {
						if prev, ok := claimedBy[d.ID]; ok {
							dupes++
							t.Errorf("job %d claimed by %d and by %d", d.ID, prev, claimer)
						}
						claimedBy[d.ID] = claimer
					}
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if len(claimedBy) != jobs {
		t.Errorf("%d of %d jobs claimed", len(claimedBy), jobs)
	}
	perClaimer := map[int]int{}
	for _, c := range claimedBy {
		perClaimer[c]++
	}
	t.Logf("jobs per claimer %v; retries %d + %d; Updates that gave up: %d",
		perClaimer, nodes[0].retries.Load(), nodes[1].retries.Load(), conflicts)
}
