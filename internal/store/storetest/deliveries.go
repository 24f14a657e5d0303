package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) deliveries(t *testing.T) {
	t.Run("EnqueueSetsEachJobsID", s.testEnqueueSetsEachJobsID)
	t.Run("ClaimDeliveries", s.testClaimDeliveries)
	t.Run("UpdateDeleteReleaseAndCount", s.testUpdateDeleteReleaseAndCountDeliveries)
	t.Run("FailedDeliveriesListOldestFirst", s.testFailedDeliveriesListOldestFirst)
	t.Run("FailingUpdateEnqueuesNothing", s.testFailingUpdateEnqueuesNothing)
}

// testFailingUpdateEnqueuesNothing: jobs queued by an Update that fails are
// not written, alone or beside Updates that succeed.
func (s suite) testFailingUpdateEnqueuesNothing(t *testing.T) {
	st := s.store(t)
	refused := errors.New("refused")
	job := func(doc string) []store.Delivery { return []store.Delivery{{DueAt: at(0), Doc: []byte(doc)}} }
	if err := st.Update(context.Background(), func(tx store.Tx) error {
		if err := tx.EnqueueDeliveries(job("lone")); err != nil {
			return err
		}
		return refused
	}); !errors.Is(err, refused) {
		t.Fatalf("failing Update returned %v", err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			err := st.Update(context.Background(), func(tx store.Tx) error {
				if err := tx.EnqueueDeliveries(job(fmt.Sprintf("job-%d", i))); err != nil {
					return err
				}
				if i%2 == 1 {
					return refused
				}
				return nil
			})
			if (i%2 == 1) != errors.Is(err, refused) {
				t.Errorf("Update %d returned %v", i, err)
			}
		})
	}
	wg.Wait()
	got := claim(t, st, at(0), at(100), -1)
	slices.Sort(got)
	if want := []string{"job-0", "job-2", "job-4", "job-6"}; !slices.Equal(got, want) {
		t.Errorf("queued jobs = %q, want %q", got, want)
	}
}

// enqueue adds one job per doc, due at dueAt and unleased, and returns
// their IDs.
func enqueue(t *testing.T, st store.Store, dueAt time.Time, docs ...string) []int64 {
	t.Helper()
	ds := make([]store.Delivery, len(docs))
	for i, doc := range docs {
		ds[i] = store.Delivery{DueAt: dueAt, Doc: []byte(doc)}
	}
	update(t, st, func(tx store.Tx) error { return tx.EnqueueDeliveries(ds) })
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

// claim claims jobs due at now, leased until lease, and returns their docs
// in the order ClaimDeliveries gave them.
func claim(t *testing.T, st store.Store, now, lease time.Time, limit int) []string {
	t.Helper()
	var got []store.Delivery
	update(t, st, func(tx store.Tx) error {
		var err error
		got, err = tx.ClaimDeliveries(now, lease, limit)
		return err
	})
	var docs []string
	for _, d := range got {
		if !d.LeaseUntil.Equal(lease) {
			t.Errorf("claimed job %d has lease %v, want %v", d.ID, d.LeaseUntil, lease)
		}
		docs = append(docs, string(d.Doc))
	}
	return docs
}

func (s suite) testEnqueueSetsEachJobsID(t *testing.T) {
	st := s.store(t)
	// More than one INSERT statement takes at once.
	docs := make([]string, 150)
	for i := range docs {
		docs[i] = fmt.Sprintf("job-%03d", i)
	}
	ids := enqueue(t, st, at(0), docs...)
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("IDs %v are not distinct and in enqueue order", ids)
	}
	var claimed []store.Delivery
	update(t, st, func(tx store.Tx) error {
		var err error
		claimed, err = tx.ClaimDeliveries(at(0), at(100), -1)
		return err
	})
	byID := map[int64]string{}
	for _, d := range claimed {
		byID[d.ID] = string(d.Doc)
	}
	for i, id := range ids {
		if byID[id] != docs[i] {
			t.Errorf("job %d got ID %d, which holds %q", i, id, byID[id])
		}
	}
}

func (s suite) testClaimDeliveries(t *testing.T) {
	tests := []struct {
		name  string
		now   int64
		limit int
		want  []string
	}{
		{"nothing due yet", 50, 10, nil},
		{"due and unleased jobs, oldest first", 400, 10, []string{"due-100", "due-200", "due-300"}},
		{"a job due now is due", 200, 10, []string{"due-100", "due-200"}},
		{"limit takes the oldest", 400, 2, []string{"due-100", "due-200"}},
		{"an expired lease is claimable", 1000, 10, []string{"due-100", "leased-to-1000", "due-200", "due-300", "due-900"}},
		{"zero limit claims nothing", 400, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := s.store(t)
			enqueue(t, st, at(300), "due-300")
			enqueue(t, st, at(100), "due-100")
			enqueue(t, st, at(900), "due-900")
			enqueue(t, st, at(200), "due-200")
			update(t, st, func(tx store.Tx) error {
				return tx.EnqueueDeliveries([]store.Delivery{{DueAt: at(150), LeaseUntil: at(1000), Doc: []byte("leased-to-1000")}})
			})

			got := claim(t, st, at(tc.now), at(tc.now+500), tc.limit)
			if !slices.Equal(got, tc.want) {
				t.Errorf("ClaimDeliveries(now %d, limit %d) = %q, want %q", tc.now, tc.limit, got, tc.want)
			}
			if again := claim(t, st, at(tc.now), at(tc.now+500), tc.limit); len(got) > 0 && slices.ContainsFunc(again, func(d string) bool { return slices.Contains(got, d) }) {
				t.Errorf("a second claim at the same time returned leased jobs again: %q", again)
			}
		})
	}
}

func (s suite) testUpdateDeleteReleaseAndCountDeliveries(t *testing.T) {
	st := s.store(t)
	ids := enqueue(t, st, at(0), "a", "b", "c")
	if got := claim(t, st, at(0), at(1000), 10); len(got) != 3 {
		t.Fatalf("claimed %q, want all three", got)
	}
	update(t, st, func(tx store.Tx) error {
		// Retry a later: a new due time, no lease, a new doc.
		if err := tx.UpdateDelivery(store.Delivery{ID: ids[0], DueAt: at(50), Doc: []byte("a, attempt 2")}); err != nil {
			return err
		}
		return tx.DeleteDeliveries([]int64{ids[1], 424242})
	})
	if got := claim(t, st, at(10), at(1000), 10); got != nil {
		t.Errorf("claim before the retry is due = %q, want none", got)
	}
	if got := claim(t, st, at(60), at(1000), 10); !slices.Equal(got, []string{"a, attempt 2"}) {
		t.Errorf("claim once the retry is due = %q, want the updated job", got)
	}
	update(t, st, func(tx store.Tx) error { return tx.ReleaseDeliveryLeases() })
	if got := claim(t, st, at(60), at(1000), 10); !slices.Equal(got, []string{"c", "a, attempt 2"}) {
		t.Errorf("claim after releasing leases = %q, want every remaining job", got)
	}
	update(t, st, func(tx store.Tx) error {
		n, err := tx.CountDeliveries()
		if err == nil && n != 2 {
			t.Errorf("CountDeliveries = %d, want 2", n)
		}
		if err == nil {
			err = tx.DeleteDeliveries(nil)
		}
		return err
	})
}

func (s suite) testFailedDeliveriesListOldestFirst(t *testing.T) {
	st := s.store(t)
	want := []store.FailedDelivery{
		{Time: at(30), Code: "Throttled", Message: "slow down", Doc: []byte("first")},
		{Time: at(10), Code: "NotFound", Message: "", Doc: []byte("second")},
		{Time: at(20), Code: "AccessDenied", Message: "no <access> & more", Doc: []byte("third")},
	}
	update(t, st, func(tx store.Tx) error {
		for _, f := range want {
			if err := tx.RecordFailedDelivery(f); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		limit int
		want  int
	}{{0, 3}, {2, 2}, {10, 3}}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("limit %d", tc.limit), func(t *testing.T) {
			var got []store.FailedDelivery
			err := st.View(context.Background(), func(tx store.Tx) error {
				var err error
				got, err = tx.ListFailedDeliveries(tc.limit)
				return err
			})
			if err != nil || len(got) != tc.want {
				t.Fatalf("ListFailedDeliveries(%d) = %d records, %v; want %d", tc.limit, len(got), err, tc.want)
			}
			for i, f := range got {
				w := want[i]
				w.ID = f.ID
				if i > 0 && f.ID <= got[i-1].ID {
					t.Errorf("record %d has ID %d after %d", i, f.ID, got[i-1].ID)
				}
				if !f.Time.Equal(w.Time) || f.Code != w.Code || f.Message != w.Message || string(f.Doc) != string(w.Doc) {
					t.Errorf("record %d = %+v, want %+v", i, f, w)
				}
			}
		})
	}
}
