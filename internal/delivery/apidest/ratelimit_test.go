package apidest

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func TestBucketSpreadsABurstAndRefills(t *testing.T) {
	var l limiters
	const rate = 4
	var waits []time.Duration
	for range 2 * rate {
		w, ok := l.reserve("d", rate, t0, time.Hour)
		if !ok {
			t.Fatal("reserve refused within maxWait")
		}
		waits = append(waits, w)
	}
	// A full bucket lets one second's worth through at once; each later
	// request queues a quarter of a second behind the one before.
	want := []time.Duration{0, 0, 0, 0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond, time.Second}
	if !slices.Equal(waits, want) {
		t.Errorf("waits = %v, want %v", waits, want)
	}
	// Two seconds on, the queue has drained and the bucket is full again,
	// never fuller.
	for i := range rate + 1 {
		w, _ := l.reserve("d", rate, t0.Add(2*time.Second), time.Hour)
		if (i < rate) != (w == 0) {
			t.Errorf("after refill, request %d waits %v", i, w)
		}
	}
}

func TestBucketsArePerDestinationAndFollowRateChanges(t *testing.T) {
	var l limiters
	if w, _ := l.reserve("a", 1, t0, time.Hour); w != 0 {
		t.Fatalf("first request waits %v", w)
	}
	if w, _ := l.reserve("b", 1, t0, time.Hour); w != 0 {
		t.Errorf("another destination's first request waits %v, want its own bucket", w)
	}
	if w, _ := l.reserve("a", 1, t0, time.Hour); w != time.Second {
		t.Errorf("second request at rate 1 waits %v, want 1s", w)
	}
	// The destination is updated to 100/s: what is queued drains at the
	// new rate (two requests owed: 20ms).
	if w, _ := l.reserve("a", 100, t0, time.Hour); w != 20*time.Millisecond {
		t.Errorf("after the rate rose, request waits %v, want 20ms", w)
	}
}

func TestBucketRefusesAWaitBeyondMaxWaitWithoutTakingAToken(t *testing.T) {
	var l limiters
	l.reserve("d", 1, t0, time.Hour)
	if _, ok := l.reserve("d", 1, t0, 10*time.Millisecond); ok {
		t.Fatal("reserve accepted a one-second wait with 10ms to spare")
	}
	if w, ok := l.reserve("d", 1, t0, time.Hour); !ok || w != time.Second {
		t.Errorf("next reserve waits %v, %v; the refused one must not have queued", w, ok)
	}
}

func TestSendSpreadsABurstOverTheRateLimit(t *testing.T) {
	srv, got := endpoint(t, nil)
	dest := destination(srv.URL+"/hook", "POST")
	dest.InvocationRateLimitPerSecond = 3
	s := New(&resolver{dest: dest, conn: connection("API_KEY", apiKeyAuth)}, nil)
	s.now = func() time.Time { return t0 } // the burst arrives in one instant
	var waits []time.Duration
	s.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	for i := range 7 {
		if err := s.Send(context.Background(), job(`{}`, nil)); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
	}
	if n := len(got()); n != 7 {
		t.Errorf("endpoint got %d requests, want all 7", n)
	}
	// Three go at once; the other four each wait, each longer than the last.
	increasing := len(waits) == 4
	for i := 1; increasing && i < len(waits); i++ {
		increasing = waits[i] > waits[i-1]
	}
	if !increasing || waits[0] <= 0 {
		t.Errorf("waits = %v, want 4 strictly increasing waits", waits)
	}
}

func TestRateLimitedJobPastItsDeadlineIsRetriedLater(t *testing.T) {
	srv, got := endpoint(t, nil)
	dest := destination(srv.URL+"/hook", "POST")
	dest.InvocationRateLimitPerSecond = 1
	s := New(&resolver{dest: dest, conn: connection("API_KEY", apiKeyAuth)}, nil)
	s.now = func() time.Time { return t0 }
	s.sleep = func(context.Context, time.Duration) error {
		t.Error("a job that cannot make its deadline must not wait")
		return nil
	}
	if err := s.Send(context.Background(), job(`{}`, nil)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Send(ctx, job(`{}`, nil)); outcomeOf(err) != "retry" {
		t.Errorf("Send over the limit with a short deadline = %v, want retryable", err)
	}
	if n := len(got()); n != 1 {
		t.Errorf("endpoint got %d requests, want 1", n)
	}
}

func TestClassifyTreatsInformationalAsDelivered(t *testing.T) {
	for _, status := range []int{100, 101, 103} {
		if classify(status) != delivered {
			t.Errorf("classify(%d) = %v, want delivered", status, classify(status))
		}
	}
	if classify(math.MaxInt32) != retry {
		t.Errorf("classify(huge) is not retried")
	}
}
