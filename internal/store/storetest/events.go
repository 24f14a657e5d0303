package storetest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

func (s suite) events(t *testing.T) {
	t.Run("ListReturnsAppendOrderWithSeq", s.testEventsInAppendOrder)
	t.Run("AfterSeqAndLimitPage", s.testEventsPaging)
	t.Run("AppendNothingIsNoError", s.testAppendNoEvents)
}

func event(bus, id string, ms int64) store.Event {
	return store.Event{Account: customerA, Region: "us-east-1", Bus: bus, ID: id, Time: at(ms), IngestionTime: at(ms + 5),
		Envelope: []byte(fmt.Sprintf(`{"id":%q,"detail":{"note":"<&>"}}`, id))}
}

// appendEach appends evs to the store, one Update per group.
func appendEach(t *testing.T, st store.Store, groups ...[]store.Event) {
	t.Helper()
	for _, g := range groups {
		update(t, st, func(tx store.Tx) error { return tx.AppendEvents(g) })
	}
}

func listEvents(t *testing.T, st store.Store, q store.EventQuery) []store.Event {
	t.Helper()
	var got []store.Event
	view(t, st, func(tx store.Tx) error {
		var err error
		got, err = tx.ListEvents(q)
		return err
	})
	return got
}

func (s suite) testEventsInAppendOrder(t *testing.T) {
	st := s.store(t)
	orders := []store.Event{event("orders", "e1", 300), event("orders", "e2", 100), event("orders", "e3", 200),
		event("orders", "e4", 50), event("orders", "e5", 400)}
	otherBus := event("default", "x1", 0)
	otherRegion := event("orders", "x2", 0)
	otherRegion.Region = "us-west-2"
	otherAccount := event("orders", "x3", 0)
	otherAccount.Account = customerB
	// Event times deliberately out of order: the list follows appends.
	appendEach(t, st,
		[]store.Event{orders[0], otherBus, orders[1], otherRegion},
		[]store.Event{orders[2], otherAccount},
		[]store.Event{orders[3], orders[4]},
	)

	got := listEvents(t, st, store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "orders"})
	if len(got) != len(orders) {
		t.Fatalf("ListEvents returned %d events, want %d", len(got), len(orders))
	}
	for i, e := range got {
		if i > 0 && e.Seq <= got[i-1].Seq {
			t.Errorf("event %d has Seq %d after %d: not increasing", i, e.Seq, got[i-1].Seq)
		}
		if e.Seq <= 0 {
			t.Errorf("event %d has Seq %d, want it assigned (> 0)", i, e.Seq)
		}
		want := orders[i]
		want.Seq = e.Seq
		if !reflect.DeepEqual(e, want) {
			t.Errorf("event %d\n got %+v\nwant %+v", i, e, want)
		}
	}
	for _, other := range []store.Event{otherBus, otherRegion, otherAccount} {
		got := listEvents(t, st, store.EventQuery{Account: other.Account, Region: other.Region, Bus: other.Bus})
		if len(got) != 1 || got[0].ID != other.ID {
			t.Errorf("ListEvents(%s/%s/%s) = %+v, want only %s", other.Account, other.Region, other.Bus, got, other.ID)
		}
	}
}

func (s suite) testEventsPaging(t *testing.T) {
	st := s.store(t)
	var evs []store.Event
	for i := range 6 {
		evs = append(evs, event("orders", fmt.Sprintf("e%d", i), int64(i)))
	}
	appendEach(t, st, evs[:3], evs[3:])
	q := store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "orders"}
	all := listEvents(t, st, q)
	if len(all) != len(evs) {
		t.Fatalf("ListEvents returned %d events, want %d", len(all), len(evs))
	}
	ids := func(evs []store.Event) []string {
		var out []string
		for _, e := range evs {
			out = append(out, e.ID)
		}
		return out
	}
	tests := []struct {
		name     string
		afterSeq int64
		limit    int
		want     []string
	}{
		{"after a seq starts past it", all[1].Seq, 0, []string{"e2", "e3", "e4", "e5"}},
		{"limit caps the page", 0, 2, []string{"e0", "e1"}},
		{"after and limit page", all[2].Seq, 2, []string{"e3", "e4"}},
		{"after the last is empty", all[5].Seq, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := q
			q.AfterSeq, q.Limit = tc.afterSeq, tc.limit
			if got := ids(listEvents(t, st, q)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ListEvents(%+v) = %q, want %q", q, got, tc.want)
			}
		})
	}
}

func (s suite) testAppendNoEvents(t *testing.T) {
	st := s.store(t)
	appendEach(t, st, nil, []store.Event{})
	if got := listEvents(t, st, store.EventQuery{Account: customerA, Region: "us-east-1", Bus: "orders"}); len(got) != 0 {
		t.Errorf("ListEvents = %+v, want none", got)
	}
}
