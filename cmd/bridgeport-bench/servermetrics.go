package main

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// deliveryMetrics is the part of Bridgeport's /metrics the tool reads: the
// delivery counters, to wait until the queue is empty between runs, and
// the put-to-target histogram, reported when the sink cannot be the
// target.
type deliveryMetrics struct {
	matched  float64 // deliveries created
	finished float64 // delivered, dropped or dead-lettered
	buckets  map[float64]float64
}

// backlog is the number of deliveries not finished yet.
func (m deliveryMetrics) backlog() float64 { return m.matched - m.finished }

// scrapeDelivery reads the delivery metrics of the server at baseURL.
func scrapeDelivery(ctx context.Context, client *http.Client, baseURL string) (deliveryMetrics, error) {
	m := deliveryMetrics{buckets: map[float64]float64{}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(baseURL, "/")+"/metrics", nil)
	if err != nil {
		return m, fmt.Errorf("metrics: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return m, fmt.Errorf("metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return m, fmt.Errorf("metrics: HTTP %d", resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "bridgeport_delivery_") {
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		if sp < 0 {
			continue
		}
		value, err := strconv.ParseFloat(line[sp+1:], 64)
		if err != nil {
			continue
		}
		name, labels, _ := strings.Cut(line[:sp], "{")
		switch name {
		case "bridgeport_delivery_matched_total":
			m.matched += value
		case "bridgeport_delivery_delivered_total", "bridgeport_delivery_failed_total", "bridgeport_delivery_dead_lettered_total":
			m.finished += value
		case "bridgeport_delivery_put_to_target_seconds_bucket":
			if le, ok := labelValue(labels, "le"); ok {
				bound, err := strconv.ParseFloat(le, 64)
				if err == nil {
					m.buckets[bound] = value
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return m, fmt.Errorf("metrics: read: %w", err)
	}
	return m, nil
}

func labelValue(labels, key string) (string, bool) {
	_, rest, ok := strings.Cut(labels, key+`="`)
	if !ok {
		return "", false
	}
	v, _, ok := strings.Cut(rest, `"`)
	return v, ok
}

// putToTargetBetween estimates put-to-target quantiles of the deliveries
// made between two scrapes, interpolating inside the server's buckets as
// Prometheus's histogram_quantile does. The buckets double in width, so
// this is coarser than the sink's measure; it is labelled as such.
func putToTargetBetween(a, b deliveryMetrics, qs ...float64) (count float64, values []time.Duration) {
	bounds := make([]float64, 0, len(b.buckets))
	for le := range b.buckets {
		bounds = append(bounds, le)
	}
	sort.Float64s(bounds)
	cum := make([]float64, len(bounds))
	for i, le := range bounds {
		cum[i] = b.buckets[le] - a.buckets[le]
	}
	if len(cum) == 0 || cum[len(cum)-1] <= 0 {
		return 0, nil
	}
	count = cum[len(cum)-1]
	for _, q := range qs {
		rank := q * count
		var v float64
		for i := range bounds {
			if cum[i] < rank {
				continue
			}
			lower, below := 0.0, 0.0
			if i > 0 {
				lower, below = bounds[i-1], cum[i-1]
			}
			if math.IsInf(bounds[i], 1) {
				v = lower // past the last finite bucket: its bound is all we know
			} else if cum[i] > below {
				v = lower + (bounds[i]-lower)*(rank-below)/(cum[i]-below)
			} else {
				v = bounds[i]
			}
			break
		}
		values = append(values, time.Duration(v*float64(time.Second)))
	}
	return count, values
}
