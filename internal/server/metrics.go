package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds the server's Prometheus collectors on a registry of its
// own, so two servers in one process (tests, benchmarks) never collide.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// ops holds each operation's series for a 200, looked up once: finding
	// a series by its labels hashes them on every request. Written only
	// before the server starts, so read without a lock.
	ops map[string]opMetrics
}

type opMetrics struct {
	ok       prometheus.Counter
	duration prometheus.Observer
}

// knowOperations prepares the series of the named operations.
func (m *metrics) knowOperations(names []string) {
	for _, name := range names {
		m.ops[name] = opMetrics{ok: m.requests.WithLabelValues(name, "200"), duration: m.duration.WithLabelValues(name)}
	}
}

// watchStore exports the store's group-commit counters.
func (m *metrics) watchStore(st store.Store) {
	m.registry.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "bridgeport_store_commits_total",
			Help: "Write transactions committed (each one a sync to disk on the embedded store).",
		}, func() float64 { return float64(st.Stats().Commits) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "bridgeport_store_updates_total",
			Help: "Store updates committed; divided by commits, the group-commit batch size.",
		}, func() float64 { return float64(st.Stats().Updates) }),
	)
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bridgeport_api_requests_total",
			Help: "API requests answered, by operation and HTTP status.",
		}, []string{"operation", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bridgeport_api_request_duration_seconds",
			Help:    "Time to answer an API request, by operation.",
			Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16),
		}, []string{"operation"}),
		ops: map[string]opMetrics{},
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(operation string, status int, elapsed time.Duration) {
	if op, ok := m.ops[operation]; ok && status == http.StatusOK {
		op.ok.Inc()
		op.duration.Observe(elapsed.Seconds())
		return
	}
	if operation == "" {
		operation = "unknown"
	}
	m.requests.WithLabelValues(operation, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(operation).Observe(elapsed.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
