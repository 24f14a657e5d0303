package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLoadAgainstFloorCountsConsistently runs the traffic generator
// against the in-process floor for about a second and checks that its
// counts agree with each other. It asserts nothing about speed.
func TestLoadAgainstFloorCountsConsistently(t *testing.T) {
	f, err := serveFloor()
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	for _, s := range []scenario{allScenarios[1], allScenarios[3]} { // put10, partner20
		t.Run(s.name, func(t *testing.T) {
			tpl, err := newBodyTemplate(s, "bench")
			if err != nil {
				t.Fatal(err)
			}
			var began, ended time.Time
			r, err := runLoad(context.Background(), loadSpec{url: f.url, scenario: s, body: tpl, concurrency: 4,
				warmup: 100 * time.Millisecond, duration: 400 * time.Millisecond,
				begin: func(at time.Time) { began = at },
				end:   func(at time.Time) { ended = at }})
			if err != nil {
				t.Fatal(err)
			}
			if r.requests == 0 {
				t.Fatal("no request answered in the window")
			}
			if r.errors != 0 || r.failedEntries != 0 {
				t.Fatalf("errors %d, failed entries %d, first: %s", r.errors, r.failedEntries, r.firstError)
			}
			if r.events != r.requests*int64(s.entries) {
				t.Errorf("events %d, want requests %d x %d entries", r.events, r.requests, s.entries)
			}
			if r.latency.count() != uint64(r.requests) {
				t.Errorf("latency count %d, want one per request (%d)", r.latency.count(), r.requests)
			}
			if r.statuses[200] != r.requests {
				t.Errorf("statuses %v, want %d answers 200", r.statuses, r.requests)
			}
			if got := ended.Sub(began); got != r.window || r.window != 400*time.Millisecond {
				t.Errorf("window %v, marks %v apart, want 400ms", r.window, got)
			}
			if q := r.latency.quantile(0.5); q <= 0 || q > r.latency.quantile(0.999) {
				t.Errorf("p50 %v not within (0, p999 %v]", q, r.latency.quantile(0.999))
			}
		})
	}
}

// TestPacedLoadSendsNoMoreThanTheRate checks the --rate mode's
// bookkeeping: a low rate leaves the floor mostly idle, and what is sent
// stays within what the pacer handed out.
func TestPacedLoadSendsNoMoreThanTheRate(t *testing.T) {
	f, err := serveFloor()
	if err != nil {
		t.Fatal(err)
	}
	defer f.close()
	s := allScenarios[0]
	tpl, err := newBodyTemplate(s, "bench")
	if err != nil {
		t.Fatal(err)
	}
	const rate = 200 // events per second
	r, err := runLoad(context.Background(), loadSpec{url: f.url, scenario: s, body: tpl, concurrency: 4,
		warmup: 100 * time.Millisecond, duration: 500 * time.Millisecond, rate: rate})
	if err != nil {
		t.Fatal(err)
	}
	// The pacer hands out at most rate x (warm-up + window) + one per
	// worker; the window holds a part of them.
	if limit := int64(rate*0.6) + 4; r.events > limit || r.requests == 0 {
		t.Errorf("paced run answered %d events in the window, want between 1 and %d", r.events, limit)
	}
	if r.errors != 0 {
		t.Errorf("errors %d: %s", r.errors, r.firstError)
	}
}

func TestSinkRecordsOnlyItsWindow(t *testing.T) {
	s, err := startSink()
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	now := time.Now()
	s.reset(now.Add(-time.Minute), now.Add(time.Minute))
	post := func(sent int64) {
		body := `{"version":"0","detail":{"bench":{"sent":` + strconv.FormatInt(sent, 10) + `,"k":"match"}}}`
		resp, err := newKeepAliveClient().Post(s.url, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(now.UnixNano())
	post(now.Add(-time.Hour).UnixNano()) // sent before the window
	n, h, bad := s.snapshot()
	if n != 1 || h.count() != 1 || bad != 0 {
		t.Fatalf("in window %d, recorded %d, bad %d; want 1, 1, 0", n, h.count(), bad)
	}
}
