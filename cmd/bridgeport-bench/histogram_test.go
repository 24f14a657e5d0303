package main

import (
	"math"
	"testing"
	"time"
)

func TestBucketsAreContiguousAndOrdered(t *testing.T) {
	prevHigh := int64(-1)
	for i := range 20 * subBuckets {
		high := bucketHigh(i)
		if high <= prevHigh {
			t.Fatalf("bucket %d ends at %d, not after bucket %d (%d)", i, high, i-1, prevHigh)
		}
		if got := bucketOf(prevHigh + 1); got != i {
			t.Fatalf("value %d maps to bucket %d, want %d", prevHigh+1, got, i)
		}
		if got := bucketOf(high); got != i {
			t.Fatalf("value %d maps to bucket %d, want %d", high, got, i)
		}
		prevHigh = high
	}
	if got := bucketOf(math.MaxInt64); got >= histogramBuckets {
		t.Fatalf("MaxInt64 maps to bucket %d, past the %d buckets", got, histogramBuckets)
	}
}

func TestQuantilesWithinOnePercent(t *testing.T) {
	h := newHistogram()
	for v := 1; v <= 100000; v++ {
		h.record(time.Duration(v) * time.Microsecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0.5, 50 * time.Millisecond}, {0.99, 99 * time.Millisecond}, {0.999, 99900 * time.Microsecond}} {
		got := h.quantile(tc.q)
		if rel := math.Abs(float64(got-tc.want)) / float64(tc.want); rel > 0.01 {
			t.Errorf("quantile(%v) = %v, want %v within 1%%", tc.q, got, tc.want)
		}
	}
	if h.count() != 100000 {
		t.Errorf("count = %d, want 100000", h.count())
	}
}

func TestMergeAddsCounts(t *testing.T) {
	a, b := newHistogram(), newHistogram()
	a.record(time.Millisecond)
	b.record(3 * time.Millisecond)
	b.record(5 * time.Millisecond)
	a.merge(b)
	if a.count() != 3 || a.max != int64(5*time.Millisecond) || a.min != int64(time.Millisecond) {
		t.Fatalf("merged count %d min %d max %d", a.count(), a.min, a.max)
	}
	if got := a.mean(); got != 3*time.Millisecond {
		t.Errorf("mean = %v, want 3ms", got)
	}
}

func TestEmptyHistogramAnswersZero(t *testing.T) {
	if got := newHistogram().quantile(0.99); got != 0 {
		t.Fatalf("quantile of nothing = %v", got)
	}
}
