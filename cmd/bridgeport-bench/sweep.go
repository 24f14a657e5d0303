package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// A server that syncs each write to disk before it answers holds every
// request for about one disk sync, while the floor holds it for nothing:
// with the same workers, the floor runs out of CPU while Bridgeport still
// waits on the disk. A sweep measures both at several worker counts, so
// that each can be compared at the count that suits it as well as at the
// same one.

// sweepReport is one scenario measured at several worker counts.
type sweepReport struct {
	Name   string       `json:"name"`
	Points []sweepPoint `json:"points"`
	// The most events per second each peer carried at any of the counts,
	// and the ratio of the two.
	BridgeportBest    *sweepBest `json:"bridgeport_best,omitempty"`
	FloorBest         *sweepBest `json:"floor_best,omitempty"`
	BridgeportToFloor float64    `json:"bridgeport_to_floor_best,omitempty"`
}

// sweepPoint is one scenario at one worker count.
type sweepPoint struct {
	Workers           int         `json:"workers"`
	Bridgeport        *peerResult `json:"bridgeport"`
	Floor             *peerResult `json:"floor,omitempty"`
	BridgeportToFloor float64     `json:"bridgeport_to_floor,omitempty"`
}

// sweepBest is a peer's best point of a sweep.
type sweepBest struct {
	Workers         int     `json:"workers"`
	EventsPerSecond float64 `json:"events_per_second"`
}

// runSweep measures scenario s on every peer at each worker count of the
// sweep, the peers in turn at each count.
func runSweep(ctx context.Context, cfg config, peers []*peer, s scenario, progress func(string, ...any)) (sweepReport, error) {
	sr := sweepReport{Name: s.name}
	for _, n := range cfg.sweep {
		at := cfg
		at.concurrency = n
		pt := sweepPoint{Workers: n}
		for _, p := range peers {
			res, err := measure(ctx, at, p, s)
			if err != nil {
				return sr, err
			}
			progress("%d workers:", n)
			logResult(progress, s, res)
			if p.bridgeport {
				pt.Bridgeport = res
			} else {
				pt.Floor = res
			}
		}
		if pt.Floor != nil && pt.Floor.EventsPerSecond > 0 {
			pt.BridgeportToFloor = round(pt.Bridgeport.EventsPerSecond/pt.Floor.EventsPerSecond, 3)
		}
		sr.Points = append(sr.Points, pt)
	}
	sr.best()
	return sr, nil
}

// best fills each peer's best point and their ratio.
func (sr *sweepReport) best() {
	better := func(b *sweepBest, workers int, r *peerResult) *sweepBest {
		if r == nil || (b != nil && b.EventsPerSecond >= r.EventsPerSecond) {
			return b
		}
		return &sweepBest{Workers: workers, EventsPerSecond: r.EventsPerSecond}
	}
	for _, pt := range sr.Points {
		sr.BridgeportBest = better(sr.BridgeportBest, pt.Workers, pt.Bridgeport)
		sr.FloorBest = better(sr.FloorBest, pt.Workers, pt.Floor)
	}
	if sr.BridgeportBest != nil && sr.FloorBest != nil && sr.FloorBest.EventsPerSecond > 0 {
		sr.BridgeportToFloor = round(sr.BridgeportBest.EventsPerSecond/sr.FloorBest.EventsPerSecond, 3)
	}
}

// printSweepTable writes the sweep as aligned text.
func printSweepTable(w io.Writer, sweeps []sweepReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tworkers\tbridgeport ev/s\tfloor ev/s\tratio\tbp p50 ms\tbp p99 ms\tbp errors\tfloor errors\tsrv CPU%\ttool CPU%\t")
	for _, row := range sweepRows(sweeps) {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write sweep table: %w", err)
	}
	fmt.Fprintln(w)
	for _, sr := range sweeps {
		fmt.Fprintf(w, "%-9s %s\n", sr.Name, describeBest(sr))
	}
	return nil
}

// printSweepMarkdown writes the sweep as the table BENCHMARKS.md takes.
func printSweepMarkdown(w io.Writer, sweeps []sweepReport) {
	fmt.Fprintln(w, "| scenario | workers | Bridgeport events/s | floor events/s | Bridgeport/floor | Bridgeport p50 ms | Bridgeport p99 ms | Bridgeport errors | floor errors | server CPU % | tool CPU % |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, row := range sweepRows(sweeps) {
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
	fmt.Fprintln(w)
	for _, sr := range sweeps {
		fmt.Fprintf(w, "- %s: %s\n", sr.Name, describeBest(sr))
	}
}

// sweepRows formats every point of the sweeps, a row each, in the columns
// both tables share. Bridgeport is measured at every point; the floor only
// when it is a peer.
func sweepRows(sweeps []sweepReport) [][]string {
	var rows [][]string
	for _, sr := range sweeps {
		for _, pt := range sr.Points {
			b := pt.Bridgeport
			floor, floorErrors, cpu, tool := "-", "-", "-", "-"
			if pt.Floor != nil {
				floor, floorErrors = fmt.Sprintf("%.0f", pt.Floor.EventsPerSecond), countErrors(pt.Floor)
			}
			if b.Server != nil {
				cpu = fmt.Sprintf("%.0f", b.Server.CPUPercent)
			}
			if b.Tool != nil {
				tool = fmt.Sprintf("%.0f", b.Tool.CPUPercent)
			}
			rows = append(rows, []string{sr.Name, strconv.Itoa(pt.Workers), fmt.Sprintf("%.0f", b.EventsPerSecond), floor,
				fmtRatio(pt.BridgeportToFloor), fmtMS(b.Latency.P50), fmtMS(b.Latency.P99), countErrors(b), floorErrors, cpu, tool})
		}
	}
	return rows
}

// countErrors is a result's failed requests, and its failed entries if any.
func countErrors(r *peerResult) string {
	if r.FailedEntries > 0 {
		return fmt.Sprintf("%d (+%d failed entries)", r.Errors, r.FailedEntries)
	}
	return fmt.Sprint(r.Errors)
}

func describeBest(sr sweepReport) string {
	b, f := sr.BridgeportBest, sr.FloorBest
	switch {
	case b == nil:
		return "no result"
	case f == nil:
		return fmt.Sprintf("best Bridgeport %.0f events/s at %d workers", b.EventsPerSecond, b.Workers)
	}
	return fmt.Sprintf("best Bridgeport %.0f events/s at %d workers, best floor %.0f at %d workers, ratio of the bests %s",
		b.EventsPerSecond, b.Workers, f.EventsPerSecond, f.Workers, fmtRatio(sr.BridgeportToFloor))
}
