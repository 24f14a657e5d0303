package awstarget

import (
	"strings"
	"testing"
)

func TestIdempotencyKeyIsStablePerDeliveryAndFitsTheLimit(t *testing.T) {
	const eventID = "8d2f3c1e-0000-4000-8000-00000000000e"
	tests := []struct {
		name     string
		eventID  string
		targetID string
		max      int
		readable bool
	}{
		{"short ids read as event_target", eventID, "queue", maxDeduplicationID, true},
		{"long target id is hashed for an execution name", eventID, strings.Repeat("t", 64), maxExecutionName, false},
		{"long target id still fits a deduplication id", eventID, strings.Repeat("t", 64), maxDeduplicationID, true},
		{"event id with the joining underscore is hashed", "a_b", "c", maxDeduplicationID, false},
		{"event id with a colon is hashed", "a:b", "c", maxExecutionName, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := idempotencyKey(tt.eventID, tt.targetID, tt.max)
			if key != idempotencyKey(tt.eventID, tt.targetID, tt.max) {
				t.Error("key differs between attempts")
			}
			if len(key) > tt.max {
				t.Errorf("key %q is %d long, limit %d", key, len(key), tt.max)
			}
			if got := key == tt.eventID+"_"+tt.targetID; got != tt.readable {
				t.Errorf("key %q readable = %t, want %t", key, got, tt.readable)
			}
			if key == idempotencyKey(tt.eventID, tt.targetID+"x", tt.max) {
				t.Error("another target gets the same key")
			}
		})
	}
}
