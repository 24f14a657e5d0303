package main

import (
	"math"
	"testing"
	"time"
)

func TestPutToTargetBetweenInterpolatesTheDelta(t *testing.T) {
	before := deliveryMetrics{buckets: map[float64]float64{0.001: 5, 0.002: 5, 0.004: 5, math.Inf(1): 5}}
	// 100 new deliveries: 50 under 1ms, 50 between 2 and 4ms.
	after := deliveryMetrics{buckets: map[float64]float64{0.001: 55, 0.002: 55, 0.004: 105, math.Inf(1): 105}}
	n, qs := putToTargetBetween(before, after, 0.5, 0.99)
	if n != 100 {
		t.Fatalf("count = %v, want 100", n)
	}
	if qs[0] != time.Millisecond {
		t.Errorf("p50 = %v, want 1ms", qs[0])
	}
	if want := 2*time.Millisecond + 2*time.Millisecond*49/50; qs[1] < want-time.Microsecond || qs[1] > want+time.Microsecond {
		t.Errorf("p99 = %v, want about %v", qs[1], want)
	}
}

func TestLabelValue(t *testing.T) {
	if v, ok := labelValue(`le="0.004"`, "le"); !ok || v != "0.004" {
		t.Fatalf("labelValue = %q, %v", v, ok)
	}
}
