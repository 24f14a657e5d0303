package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// config is what a run measures and how.
type config struct {
	url         string // a running server; empty to start serverBin
	pid         int    // its process, for CPU and RSS; 0 if unknown
	serverBin   string
	allowRemote bool
	scenarios   []scenario
	floor       bool
	// floorInProcess serves the floor from the tool's own process.
	floorInProcess bool
	moto           bool
	motoBin        string
	concurrency    int
	// sweep lists worker counts to measure each scenario at, in place of
	// the one run at concurrency.
	sweep    []int
	warmup   time.Duration
	duration time.Duration
	rate     float64
	rules    int
	bus      string
	sink     bool
	drain    time.Duration
	format   string // "table", "json" or "markdown"
}

const usageText = `bridgeport-bench drives a Bridgeport server with EventBridge traffic and
compares it with a minimal Go JSON handler (the floor) and moto_server.

Usage:
  bridgeport-bench --server-bin PATH [flags]      start and stop the server itself
  bridgeport-bench --url URL [--pid PID] [flags]  measure a running server

Flags:
`

// parseFlags reads the command line.
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("bridgeport-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
	}
	fs.StringVar(&c.url, "url", "", "URL of a running server to measure (http://127.0.0.1:PORT); the tool then starts no server")
	fs.IntVar(&c.pid, "pid", 0, "process ID of the server at --url, to report its CPU and RSS")
	fs.StringVar(&c.serverBin, "server-bin", "", "Bridgeport binary to start on a free loopback port with an empty data folder (build it with go build ./cmd/bridgeport)")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a --url that is not a loopback address")
	scenarios := fs.String("scenarios", "put1,put10,partner1,partner20", "scenarios to run: put1, put10 (PutEvents with 1 and 10 entries), partner1, partner20 (PutPartnerEvents with 1 and 20)")
	peers := fs.String("peers", "floor,moto", "peers to measure beside Bridgeport: floor, moto, or none")
	fs.BoolVar(&c.floorInProcess, "floor-in-process", false, "serve the floor from the tool's own process instead of a process of its own; it then shares the client's Go runtime and measures faster than any separate server could")
	fs.StringVar(&c.motoBin, "moto-bin", "moto_server", "moto_server command; the moto peer is skipped if it is not found")
	fs.IntVar(&c.concurrency, "concurrency", 32, "workers, each with one keep-alive connection")
	sweep := fs.String("sweep", "", "comma-separated worker counts, such as 32,64,128,256, to measure each scenario at on Bridgeport and the floor in place of one run at --concurrency; reports each one's best events/s and their ratio (moto is not swept)")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "traffic before measuring, per scenario and peer")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "measured traffic, per scenario and peer")
	fs.Float64Var(&c.rate, "rate", 0, "offered load in events per second across all workers; 0 sends as fast as answers come")
	fs.IntVar(&c.rules, "rules", 100, "rules on the bus; exactly one matches the events and has a target")
	fs.StringVar(&c.bus, "bus", "bench", `bus of the PutEvents scenarios; "default" for the default bus`)
	fs.BoolVar(&c.sink, "sink", true, "deliver matched events to a built-in HTTP sink through an API destination and measure put-to-target latency")
	fs.DurationVar(&c.drain, "drain", 30*time.Second, "longest wait after each run for the server to finish its deliveries and go idle, before the next run")
	jsonOut := fs.Bool("json", false, "print the results as JSON")
	markdown := fs.Bool("markdown", false, "print a Markdown results table")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}

	var err error
	if c.scenarios, err = parseScenarios(*scenarios); err != nil {
		return c, err
	}
	if c.floor, c.moto, err = parsePeers(*peers); err != nil {
		return c, err
	}
	if c.sweep, err = parseSweep(*sweep); err != nil {
		return c, err
	}
	if len(c.sweep) > 0 {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		switch {
		case set["concurrency"]:
			return c, errors.New("--sweep and --concurrency exclude each other: the sweep gives the worker counts")
		case c.rate > 0:
			// The rate is shared by all workers: every count would carry
			// the same load, and the best would say nothing.
			return c, errors.New("--sweep measures closed loops and excludes --rate")
		}
	}
	switch {
	case *jsonOut && *markdown:
		return c, errors.New("--json and --markdown exclude each other")
	case *jsonOut:
		c.format = "json"
	case *markdown:
		c.format = "markdown"
	default:
		c.format = "table"
	}
	switch {
	case c.url == "" && c.serverBin == "":
		return c, errors.New("give --server-bin PATH (a built Bridgeport binary) or --url URL of a running server")
	case c.url != "" && c.serverBin != "":
		return c, errors.New("--url and --server-bin exclude each other")
	case c.pid != 0 && c.url == "":
		return c, errors.New("--pid goes with --url")
	case c.concurrency < 1:
		return c, errors.New("--concurrency must be at least 1")
	case c.duration <= 0 || c.warmup < 0 || c.drain < 0:
		return c, errors.New("--duration must be positive, --warmup and --drain not negative")
	case c.rate < 0:
		return c, errors.New("--rate must not be negative")
	case c.rules < 1:
		return c, errors.New("--rules must be at least 1: one rule matches and delivers")
	case c.bus == "":
		return c, errors.New(`--bus must name a bus, or "default"`)
	}
	if c.url != "" {
		if c.url, err = checkTarget(c.url, c.allowRemote); err != nil {
			return c, err
		}
		if c.sink && !isLoopbackURL(c.url) {
			return c, errors.New("the sink listens on loopback only, out of reach of a remote server: add --sink=false")
		}
	}
	return c, nil
}

// parseSweep reads a comma-separated list of worker counts; empty for none.
func parseSweep(list string) ([]int, error) {
	if strings.TrimSpace(list) == "" {
		return nil, nil
	}
	var counts []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--sweep: %q is not a worker count (a whole number, at least 1)", f)
		}
		counts = append(counts, n)
	}
	return counts, nil
}

func parsePeers(list string) (floor, moto bool, err error) {
	for _, p := range strings.Split(list, ",") {
		switch strings.TrimSpace(p) {
		case "floor":
			floor = true
		case "moto":
			moto = true
		case "", "none":
		default:
			return false, false, fmt.Errorf("unknown peer %q (known: floor, moto, none)", p)
		}
	}
	return floor, moto, nil
}
