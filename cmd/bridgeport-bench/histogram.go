package main

import (
	"math/bits"
	"time"
)

// subBucketBits sets the histogram's precision: each power of two is split
// into 2^subBucketBits linear sub-buckets, so a recorded value is known to
// within 1/128 (under 1%) of itself, whatever its magnitude. That is the
// HDR histogram layout, in fixed memory: no sample is kept.
const subBucketBits = 7

const (
	subBuckets = 1 << subBucketBits
	// histogramBuckets covers every non-negative int64: the largest shift
	// is 63-subBucketBits.
	histogramBuckets = (64 - subBucketBits) * subBuckets
)

// histogram records durations in nanoseconds with bounded relative error
// and constant memory. It is not safe for concurrent use: each load worker
// keeps its own and they are merged at the end.
type histogram struct {
	counts [histogramBuckets]uint64
	total  uint64
	min    int64
	max    int64
	sum    float64
}

func newHistogram() *histogram { return &histogram{min: -1} }

// bucketOf maps v >= 0 to its bucket. Values below 2*subBuckets are exact;
// above, v is shifted right until it has subBucketBits+1 significant bits.
func bucketOf(v int64) int {
	if v < 2*subBuckets {
		return int(v)
	}
	shift := bits.Len64(uint64(v)) - subBucketBits - 1
	return shift*subBuckets + int(v>>shift)
}

// bucketHigh is the largest value that falls in bucket i.
func bucketHigh(i int) int64 {
	if i < 2*subBuckets {
		return int64(i)
	}
	shift := i/subBuckets - 1
	mantissa := int64(i - shift*subBuckets)
	return (mantissa+1)<<shift - 1
}

// record adds one duration; negative ones (clock steps) count as zero.
func (h *histogram) record(d time.Duration) {
	v := int64(d)
	if v < 0 {
		v = 0
	}
	h.counts[bucketOf(v)]++
	h.total++
	h.sum += float64(v)
	if h.min < 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
}

// merge adds every value of o to h.
func (h *histogram) merge(o *histogram) {
	if o.total == 0 {
		return
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.total += o.total
	h.sum += o.sum
	if h.min < 0 || o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
}

func (h *histogram) count() uint64 { return h.total }

// quantile returns the value at or below which a fraction q of the
// recorded values fall, as the upper edge of its bucket (never above the
// largest value seen). It is 0 when nothing was recorded.
func (h *histogram) quantile(q float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	rank := uint64(q*float64(h.total) + 0.5)
	if rank < 1 {
		rank = 1
	}
	if rank > h.total {
		rank = h.total
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return time.Duration(min(bucketHigh(i), h.max))
		}
	}
	return time.Duration(h.max)
}

func (h *histogram) mean() time.Duration {
	if h.total == 0 {
		return 0
	}
	return time.Duration(h.sum / float64(h.total))
}
