package delivery

import "github.com/prometheus/client_golang/prometheus"

// Metrics count what happens to deliveries, per rule and target.
type Metrics struct {
	Matched      *prometheus.CounterVec
	Delivered    *prometheus.CounterVec
	Retried      *prometheus.CounterVec
	Failed       *prometheus.CounterVec
	DeadLettered *prometheus.CounterVec
	Latency      prometheus.Histogram
}

// NewMetrics creates the counters and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	labels := []string{"rule_arn", "target_id"}
	counter := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: "bridgeport_delivery_" + name + "_total", Help: help}, labels)
	}
	m := &Metrics{
		Matched:      counter("matched", "Events matched by a rule, per target."),
		Delivered:    counter("delivered", "Events delivered to a target."),
		Retried:      counter("retried", "Failed delivery attempts that will be retried."),
		Failed:       counter("failed", "Events dropped after their retries ran out, with no dead-letter queue (or a failing one)."),
		DeadLettered: counter("dead_lettered", "Events sent to a target's dead-letter queue."),
		Latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "bridgeport_delivery_put_to_target_seconds",
			Help:    "Time from an event's acceptance to its successful delivery.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 18),
		}),
	}
	if reg != nil {
		reg.MustRegister(m.Matched, m.Delivered, m.Retried, m.Failed, m.DeadLettered, m.Latency)
	}
	return m
}
