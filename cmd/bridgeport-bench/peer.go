package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"
)

// peer is one server the traffic is sent to.
type peer struct {
	name string
	url  string
	pid  int        // process to sample for CPU and RSS; 0 for none
	api  *apiClient // nil for the floor, which needs no setup
	// bridgeport peers expose /metrics: the tool waits for their delivery
	// queue to empty after each run and may read put-to-target there.
	bridgeport bool
	sink       *sink // set when the matching rule delivers to the sink
}

func family(s scenario) string {
	if s.partner {
		return "partner"
	}
	return "put"
}

// measure runs scenario s against p, then waits for p to finish its
// deliveries and go idle, so that the next run has the machine to itself.
func measure(ctx context.Context, cfg config, p *peer, s scenario) (*peerResult, error) {
	res, err := measureRun(ctx, cfg, p, s)
	if err != nil {
		return nil, err
	}
	if p.pid > 0 {
		waited, busy := settle(ctx, p.pid, cfg.drain)
		res.SettleSeconds, res.BusyAfterSettle = round(waited.Seconds(), 2), busy
	}
	return res, nil
}

// measureRun runs scenario s against p and collects everything about it.
func measureRun(ctx context.Context, cfg config, p *peer, s scenario) (*peerResult, error) {
	tpl, err := newBodyTemplate(s, cfg.bus)
	if err != nil {
		return nil, err
	}
	var (
		server, self [2]procSample
		serverErr    error
		before       deliveryMetrics
		metricsErr   error
		scrape       = &http.Client{Timeout: 5 * time.Second}
	)
	sample := func(i int) {
		if p.pid > 0 && serverErr == nil {
			server[i], serverErr = readProc(p.pid)
		}
		self[i], _ = readProc(os.Getpid())
	}
	spec := loadSpec{url: p.url, scenario: s, body: tpl, concurrency: cfg.concurrency,
		warmup: cfg.warmup, duration: cfg.duration, rate: cfg.rate,
		window: func(from, to time.Time) {
			if p.sink != nil {
				p.sink.reset(from, to)
			}
		},
		begin: func(time.Time) {
			sample(0)
			if p.bridgeport {
				before, metricsErr = scrapeDelivery(ctx, scrape, p.url)
			}
		},
		end: func(time.Time) { sample(1) },
	}
	r, err := runLoad(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("%s on %s: %w", s.name, p.name, err)
	}
	res := newPeerResult(p.name, r)
	if p.pid > 0 {
		if serverErr != nil {
			return nil, fmt.Errorf("%s on %s: %w", s.name, p.name, serverErr)
		}
		res.Server = usageBetween(server[0], server[1])
	}
	res.Tool = usageBetween(self[0], self[1])
	if p.bridgeport {
		readDeliveries(ctx, cfg, p, res, before, metricsErr)
	}
	return res, nil
}

// readDeliveries waits for the deliveries of this run, so they are
// measured and do not compete with the next run for the CPU, then reads
// put-to-target latency from the sink or, failing that, from the server.
func readDeliveries(ctx context.Context, cfg config, p *peer, res *peerResult, before deliveryMetrics, metricsErr error) {
	scrape := &http.Client{Timeout: 5 * time.Second}
	var after deliveryMetrics

	drainStart := time.Now()
	for metricsErr == nil {
		after, metricsErr = scrapeDelivery(ctx, scrape, p.url)
		if metricsErr != nil || after.backlog() <= 0 || time.Since(drainStart) > cfg.drain {
			break
		}
		sleepUntil(ctx, time.Now().Add(100*time.Millisecond))
	}
	res.DrainSeconds = round(time.Since(drainStart).Seconds(), 2)
	if metricsErr != nil {
		return // a server without delivery metrics: nothing more to read
	}
	res.Backlog = max(after.backlog(), 0)
	if p.sink != nil {
		n, h, _ := p.sink.snapshot()
		res.PutToTarget = &putToTarget{Source: "sink", Events: n, P50: ms(h.quantile(0.5)), P99: ms(h.quantile(0.99))}
	} else if n, qs := putToTargetBetween(before, after, 0.5, 0.99); n > 0 {
		res.PutToTarget = &putToTarget{Source: "server-metrics", Events: int64(n), P50: ms(qs[0]), P99: ms(qs[1])}
	}
}
