package main

import (
	"math"
	"strconv"
	"time"
)

// report is everything a run measured; --json prints it as is.
type report struct {
	Run       runInfo          `json:"run"`
	Scenarios []scenarioReport `json:"scenarios,omitempty"`
	Sweep     []sweepReport    `json:"sweep,omitempty"`
	Notes     []string         `json:"notes,omitempty"`
}

// runInfo is what is needed to reproduce and compare a run.
type runInfo struct {
	Started             time.Time `json:"started"`
	GoVersion           string    `json:"go_version"`
	OS                  string    `json:"os"`
	CPUs                int       `json:"cpus"`
	Concurrency         int       `json:"concurrency,omitempty"`
	Sweep               []int     `json:"sweep,omitempty"` // worker counts, in place of Concurrency
	WarmupSeconds       float64   `json:"warmup_seconds"`
	DurationSeconds     float64   `json:"duration_seconds"`
	RateEventsPerSecond float64   `json:"rate_events_per_second,omitempty"`
	Rules               int       `json:"rules"`
	Bus                 string    `json:"bus"`
	Target              string    `json:"target"` // kind of the matching rule's target
	PutToTargetSource   string    `json:"put_to_target_source,omitempty"`
	FloorInProcess      bool      `json:"floor_in_process,omitempty"`
}

// scenarioReport is one scenario on every peer.
type scenarioReport struct {
	Name              string      `json:"name"`
	Operation         string      `json:"operation"`
	EntriesPerRequest int         `json:"entries_per_request"`
	Bridgeport        *peerResult `json:"bridgeport,omitempty"`
	Floor             *peerResult `json:"floor,omitempty"`
	Moto              *peerResult `json:"moto,omitempty"`
	MotoSkipped       string      `json:"moto_skipped,omitempty"`
	// Ratios of events per second; 0 when a side is missing.
	BridgeportToFloor float64 `json:"bridgeport_to_floor,omitempty"`
	BridgeportToMoto  float64 `json:"bridgeport_to_moto,omitempty"`
}

// peerResult is one scenario on one peer.
type peerResult struct {
	Peer              string           `json:"peer"`
	WindowSeconds     float64          `json:"window_seconds"`
	Requests          int64            `json:"requests"`
	Events            int64            `json:"events"`
	EventsPerSecond   float64          `json:"events_per_second"`
	RequestsPerSecond float64          `json:"requests_per_second"`
	Latency           latencySummary   `json:"latency_ms"`
	Errors            int64            `json:"errors"`         // requests not answered 200
	FailedEntries     int64            `json:"failed_entries"` // entries an answer failed
	Statuses          map[string]int64 `json:"statuses,omitempty"`
	FirstError        string           `json:"first_error,omitempty"`
	PutToTarget       *putToTarget     `json:"put_to_target,omitempty"`
	Server            *usage           `json:"server,omitempty"`           // nil when the process is unknown
	Tool              *usage           `json:"tool,omitempty"`             // the tool itself, with the floor when that is the peer
	Backlog           float64          `json:"delivery_backlog,omitempty"` // deliveries left after the drain wait
	DrainSeconds      float64          `json:"drain_seconds,omitempty"`
	// SettleSeconds is how long the server took to go idle after the run;
	// BusyAfterSettle is set if it was still busy when the tool went on.
	SettleSeconds   float64 `json:"settle_seconds,omitempty"`
	BusyAfterSettle bool    `json:"busy_after_settle,omitempty"`
}

type latencySummary struct {
	P50  float64 `json:"p50"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

// putToTarget is the time from sending an event to its delivery.
type putToTarget struct {
	// Source is "sink" (measured by the tool from the payload) or
	// "server-metrics" (the server's own bucketed histogram, from
	// acceptance to delivery).
	Source string  `json:"source"`
	Events int64   `json:"events"` // deliveries measured
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
}

// ms is d in milliseconds, to the microsecond: finer digits are noise.
func ms(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func summarize(h *histogram) latencySummary {
	return latencySummary{P50: ms(h.quantile(0.5)), P99: ms(h.quantile(0.99)), P999: ms(h.quantile(0.999)),
		Max: ms(time.Duration(max(h.max, 0))), Mean: ms(h.mean())}
}

// newPeerResult converts a load result.
func newPeerResult(name string, r *loadResult) *peerResult {
	p := &peerResult{Peer: name, WindowSeconds: r.window.Seconds(), Requests: r.requests, Events: r.events,
		EventsPerSecond: round(r.eventsPerSecond(), 1), RequestsPerSecond: round(r.requestsPerSecond(), 1),
		Latency: summarize(r.latency),
		Errors:  r.errors, FailedEntries: r.failedEntries, FirstError: r.firstError}
	for code, n := range r.statuses {
		if code == 200 {
			continue
		}
		if p.Statuses == nil {
			p.Statuses = map[string]int64{}
		}
		label := strconv.Itoa(code)
		if code == 0 {
			label = "no answer"
		}
		p.Statuses[label] = n
	}
	return p
}

// ratios fills the scenario's throughput ratios.
func (s *scenarioReport) ratios() {
	if s.Bridgeport == nil {
		return
	}
	if s.Floor != nil && s.Floor.EventsPerSecond > 0 {
		s.BridgeportToFloor = round(s.Bridgeport.EventsPerSecond/s.Floor.EventsPerSecond, 3)
	}
	if s.Moto != nil && s.Moto.EventsPerSecond > 0 {
		s.BridgeportToMoto = round(s.Bridgeport.EventsPerSecond/s.Moto.EventsPerSecond, 3)
	}
}
