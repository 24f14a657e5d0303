// Command bridgeport-bench measures a Bridgeport server under EventBridge
// traffic: PutEvents with 1 and 10 entries and PutPartnerEvents with 1 and
// 20, at a chosen concurrency, with N rules on the bus of which one
// matches and delivers. It reports events per second, request latency,
// put-to-target latency, errors, and the server's CPU and memory.
//
// The same traffic runs in the same invocation against a floor (the
// cheapest Go handler that decodes the request and answers it, run as a
// process of its own like the servers it stands beside) and, when
// moto_server is on PATH, against moto, so the results are ratios that
// hold on a busy machine:
//
//	go build -o bridgeport ./cmd/bridgeport
//	go run ./cmd/bridgeport-bench --server-bin ./bridgeport --duration 5s --markdown
//
// A server that syncs to disk before it answers needs more requests in
// flight than the floor to reach its best; --sweep 32,64,128,256 measures
// both at each of those worker counts and compares their bests.
//
// Runs are bounded in time, and only loopback servers are loaded unless
// --allow-remote is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == floorCommand {
		if err := runFloorProcess(); err != nil {
			fmt.Fprintln(os.Stderr, "bridgeport-bench:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bridgeport-bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bridgeport-bench:", err)
		stop()
		os.Exit(1)
	}
}
