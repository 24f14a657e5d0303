package main

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"time"
)

// run sets up the peers, measures every scenario on each, stops what it
// started and prints the report.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	progress := func(format string, args ...any) { fmt.Fprintf(stderr, format+"\n", args...) }
	concurrency := cfg.concurrency
	if len(cfg.sweep) > 0 {
		concurrency = 0 // the sweep's counts stand in its place
	}
	rep := &report{Run: runInfo{Started: time.Now().UTC(), GoVersion: runtime.Version(),
		OS: runtime.GOOS + "/" + runtime.GOARCH, CPUs: runtime.NumCPU(), Concurrency: concurrency,
		WarmupSeconds: cfg.warmup.Seconds(), DurationSeconds: cfg.duration.Seconds(),
		RateEventsPerSecond: cfg.rate, Sweep: cfg.sweep, Rules: cfg.rules, Bus: cfg.bus, FloorInProcess: cfg.floorInProcess}}
	note := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		rep.Notes = append(rep.Notes, msg)
		progress("note: %s", msg)
	}
	var stops []func()
	defer func() {
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i]()
		}
	}()
	families := map[string]bool{}
	for _, s := range cfg.scenarios {
		families[family(s)] = true
	}

	bp, err := startBridgeportPeer(ctx, cfg, progress, &stops)
	if err != nil {
		return err
	}
	var snk *sink
	if cfg.sink {
		if snk, err = startSink(); err != nil {
			return err
		}
		stops = append(stops, snk.close)
	}
	kind, err := setupBridgeport(ctx, cfg, bp, snk, families, note)
	if err != nil {
		return err
	}
	rep.Run.Target, rep.Run.PutToTargetSource = kind, "server-metrics"
	if bp.sink != nil {
		rep.Run.PutToTargetSource = "sink"
	}

	peers := []*peer{}
	if cfg.floor {
		f, err := startFloor(ctx, cfg.floorInProcess)
		if err != nil {
			return err
		}
		stops = append(stops, f.stop)
		peers = append(peers, &peer{name: "floor", url: f.url})
	}
	peers = append(peers, bp)
	motoBin, motoSkipped := "", ""
	if cfg.moto {
		if motoBin, err = exec.LookPath(cfg.motoBin); err != nil {
			motoSkipped = cfg.motoBin + " is not on PATH"
			note("moto skipped: %s", motoSkipped)
		}
	}

	if len(cfg.sweep) > 0 {
		if motoBin != "" {
			note("moto is not measured in a sweep")
		}
		for _, s := range cfg.scenarios {
			sr, err := runSweep(ctx, cfg, peers, s, progress)
			if err != nil {
				return err
			}
			rep.Sweep = append(rep.Sweep, sr)
		}
		return printReport(stdout, cfg.format, rep)
	}
	for _, s := range cfg.scenarios {
		sr := scenarioReport{Name: s.name, Operation: s.op, EntriesPerRequest: s.entries, MotoSkipped: motoSkipped}
		for _, p := range peers {
			res, err := measure(ctx, cfg, p, s)
			if err != nil {
				return err
			}
			logResult(progress, s, res)
			if p.bridgeport {
				sr.Bridgeport = res
			} else {
				sr.Floor = res
			}
		}
		if motoBin != "" {
			res, why, err := measureMoto(ctx, cfg, motoBin, kind, snk, s, progress)
			switch {
			case err != nil:
				return err
			case why != "":
				sr.MotoSkipped = why
				note("moto skipped for %s: %s", s.name, why)
			default:
				sr.Moto = res
				logResult(progress, s, res)
			}
		}
		sr.ratios()
		rep.Scenarios = append(rep.Scenarios, sr)
	}
	return printReport(stdout, cfg.format, rep)
}

// startBridgeportPeer starts the server binary, or checks the running
// server given by --url.
func startBridgeportPeer(ctx context.Context, cfg config, progress func(string, ...any), stops *[]func()) (*peer, error) {
	bp := &peer{name: "bridgeport", url: cfg.url, pid: cfg.pid, bridgeport: true}
	if cfg.url == "" {
		proc, err := startBridgeport(ctx, cfg.serverBin, cfg.rules)
		if err != nil {
			return nil, err
		}
		*stops = append(*stops, func() {
			if err := proc.stop(); err != nil {
				progress("warning: %v", err)
			}
		})
		bp.url, bp.pid = proc.url, proc.pid()
		progress("bridgeport: started %s, pid %d, at %s", cfg.serverBin, bp.pid, bp.url)
	} else {
		if cfg.pid > 0 {
			if _, err := readProc(cfg.pid); err != nil {
				return nil, fmt.Errorf("--pid: %w", err)
			}
		}
		if err := waitHealthy(ctx, bp.url+"health", 5*time.Second); err != nil {
			return nil, fmt.Errorf("--url: %w", err)
		}
	}
	bp.api = newAPIClient(bp.url)
	return bp, nil
}

// setupBridgeport installs the rules and picks the target kind, which the
// other peers then copy.
func setupBridgeport(ctx context.Context, cfg config, bp *peer, snk *sink, families map[string]bool,
	note func(string, ...any)) (string, error) {
	o := setupOptions{rules: cfg.rules, bus: cfg.bus, put: families["put"], partner: families["partner"]}
	if snk != nil {
		o.sinkURL = snk.url
	}
	res, err := setupPeer(ctx, bp.api, o)
	if err != nil {
		return "", fmt.Errorf("set up bridgeport: %w", err)
	}
	switch {
	case res.kind == targetAPIDestination:
		bp.sink = snk
	case res.fallback != "":
		note("the matching rule targets the bus %s, not the sink: the server refused the API destination target (%s); put-to-target comes from the server's metrics", targetBus, res.fallback)
	default:
		note("the matching rule targets the bus %s (--sink=false); put-to-target comes from the server's metrics", targetBus)
	}
	return res.kind, nil
}

// measureMoto runs scenario s on a moto_server of its own, started and
// set up for this scenario only and stopped right after. moto keeps
// working on requests the tool has given up on, for longer than any
// reasonable wait when it is far behind; stopping it is the only way to
// keep that work out of the next run. It says why when moto cannot be
// measured.
func measureMoto(ctx context.Context, cfg config, bin, kind string, snk *sink, s scenario,
	progress func(string, ...any)) (res *peerResult, skipped string, err error) {
	proc, err := startMoto(ctx, bin)
	if err != nil {
		return nil, err.Error(), nil
	}
	defer func() {
		if err := proc.stop(); err != nil {
			progress("warning: %v", err)
		}
	}()
	m := &peer{name: "moto", url: proc.url, pid: proc.pid(), api: newAPIClient(proc.url)}
	// moto invokes API destinations only when MOTO_EVENTS_INVOKE_HTTP is
	// set, and then inside the PutEvents call; it is left unset, so moto
	// matches the rules and keeps the target but sends nothing, and has no
	// put-to-target to report. Matching still costs it: moto 5.2 builds a
	// JSONPath parser for every event that a rule with a target matches
	// (about 0.3 s of CPU on the machine this was written on), which is
	// what its users meet.
	o := setupOptions{rules: cfg.rules, bus: cfg.bus, put: !s.partner, partner: s.partner,
		forceKind: kind, partnerOnDefaultBus: true}
	if snk != nil {
		o.sinkURL = snk.url
	}
	if _, err := setupPeer(ctx, m.api, o); err != nil {
		return nil, "setup failed: " + apiErrorText(err), nil
	}
	// No settle wait: the process is stopped instead.
	res, err = measureRun(ctx, cfg, m, s)
	return res, "", err
}

func logResult(progress func(string, ...any), s scenario, res *peerResult) {
	progress("%-9s %-10s %10.0f events/s  p50 %s  p99 %s  errors %d", s.name, res.Peer,
		res.EventsPerSecond, fmtMS(res.Latency.P50), fmtMS(res.Latency.P99), res.Errors)
}
