package delivery

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestBackoffGrowsExponentiallyWithinJitterBounds(t *testing.T) {
	b := Backoff{Base: time.Second, Max: time.Minute}
	rnd := rand.New(rand.NewPCG(1, 2))
	for n, ceiling := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 7: time.Minute, 100: time.Minute} {
		for range 200 {
			d := b.Delay(n, rnd)
			if d < ceiling/2 || d > ceiling {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", n, d, ceiling/2, ceiling)
			}
		}
	}
}

func TestRetryPolicyStopsAtAttemptsOrAge(t *testing.T) {
	b := Backoff{Base: time.Second, Max: time.Second}
	rnd := rand.New(rand.NewPCG(1, 2))
	put := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name     string
		policy   RetryPolicy
		attempts int
		now      time.Time
		wantOK   bool
	}{
		{"zero retries: first failure is final", RetryPolicy{0, time.Hour}, 1, put, false},
		{"retries left", RetryPolicy{2, time.Hour}, 2, put, true},
		{"retries used up", RetryPolicy{2, time.Hour}, 3, put, false},
		{"event too old", RetryPolicy{185, time.Minute}, 1, put.Add(time.Minute), false},
		{"default policy, young event", DefaultRetryPolicy, 1, put.Add(time.Minute), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			at, ok := c.policy.Next(b, c.attempts, put, c.now, rnd)
			if ok != c.wantOK {
				t.Fatalf("Next ok = %v, want %v", ok, c.wantOK)
			}
			if ok && !at.After(c.now) {
				t.Fatalf("next attempt %v is not after now %v", at, c.now)
			}
		})
	}
}
