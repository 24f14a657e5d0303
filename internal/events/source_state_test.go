package events

import (
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func TestExpiryRemovesOrTombstonesPendingSources(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	past, future := now.Add(-time.Second), now.Add(time.Hour)
	cases := []struct {
		name      string
		src       store.Source
		wantFound bool
		wantState string
	}{
		{"pending, not yet expired", store.Source{State: store.StatePending, ExpirationTime: future}, true, store.StatePending},
		{"pending without bus, expired: gone", store.Source{State: store.StatePending, ExpirationTime: past}, false, ""},
		{"deactivated with bus, expired: deleted", store.Source{State: store.StatePending, ExpirationTime: past, BusExists: true}, true, store.StateDeleted},
		{"active never expires", store.Source{State: store.StateActive, BusExists: true}, true, store.StateActive},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, found := effective(c.src, true, now)
			if found != c.wantFound || got.State != c.wantState {
				t.Fatalf("effective = %s found=%v, want %s found=%v", got.State, found, c.wantState, c.wantFound)
			}
			if found && got.State != store.StatePending && !got.ExpirationTime.IsZero() {
				t.Fatalf("ExpirationTime kept on a %s source", got.State)
			}
		})
	}
}

func TestPageTokensAreBoundToTheirListing(t *testing.T) {
	tok := pageToken("buses|111111111111|us-east-1|", "orders")
	if after, err := afterToken("buses|111111111111|us-east-1|", tok); err != nil || after != "orders" {
		t.Fatalf("afterToken = %q, %v", after, err)
	}
	for _, scope := range []string{"buses|222222222222|us-east-1|", "buses|111111111111|us-east-1|o"} {
		if _, err := afterToken(scope, tok); err == nil {
			t.Fatalf("token accepted by listing %q", scope)
		}
	}
	if _, err := afterToken("x", "!!not base64"); err == nil {
		t.Fatal("garbage token accepted")
	}
}

func TestResolveBusReadsNamesAndARNs(t *testing.T) {
	s := New(nil, Options{})
	c := Caller{Account: "222222222222", Region: "us-east-1"}
	cases := []struct {
		in, name string
		foreign  bool
	}{
		{"", "default", false},
		{"orders", "orders", false},
		{"arn:aws:events:us-east-1:222222222222:event-bus/aws.partner/acme.com/x", "aws.partner/acme.com/x", false},
		{"arn:aws:events:us-east-1:111111111111:event-bus/orders", "orders", true},
		{"arn:aws:events:eu-west-1:222222222222:event-bus/orders", "orders", true},
	}
	for _, tc := range cases {
		got := s.resolveBus(c, tc.in)
		if got.name != tc.name || got.foreign != tc.foreign {
			t.Errorf("resolveBus(%q) = %+v, want name %q foreign %v", tc.in, got, tc.name, tc.foreign)
		}
	}
}
