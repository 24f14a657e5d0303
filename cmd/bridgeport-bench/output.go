package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// printReport writes the report in the chosen format.
func printReport(w io.Writer, format string, rep *report) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("write JSON report: %w", err)
		}
		return nil
	case "markdown":
		return printMarkdown(w, rep)
	default:
		return printTable(w, rep)
	}
}

// describeRun is the one-line summary of the conditions of a run.
func describeRun(r runInfo) string {
	load := "closed loop (each worker sends when its answer arrives)"
	if r.RateEventsPerSecond > 0 {
		load = fmt.Sprintf("offered load %.0f events/s (latency from the scheduled send time)", r.RateEventsPerSecond)
	}
	floor := "floor in a process of its own"
	if r.FloorInProcess {
		floor = "floor inside the tool's process"
	}
	workers := fmt.Sprintf("%d workers", r.Concurrency)
	if len(r.Sweep) > 0 {
		counts := make([]string, len(r.Sweep))
		for i, n := range r.Sweep {
			counts[i] = strconv.Itoa(n)
		}
		workers = "workers " + strings.Join(counts, ", ")
	}
	return fmt.Sprintf("%s, %s, %s, %gs warm-up + %gs measured per scenario and peer, %d rules on bus %q "+
		"(one matching, target: %s; put-to-target from %s), %s, %d CPUs, %s %s",
		r.Started.Format("2006-01-02 15:04 MST"), workers, load, r.WarmupSeconds, r.DurationSeconds,
		r.Rules, r.Bus, r.Target, r.PutToTargetSource, floor, r.CPUs, r.GoVersion, r.OS)
}

func printTable(w io.Writer, rep *report) error {
	fmt.Fprintln(w, describeRun(rep.Run))
	fmt.Fprintln(w)
	var err error
	if len(rep.Sweep) > 0 {
		err = printSweepTable(w, rep.Sweep)
	} else {
		err = printScenarioTable(w, rep)
	}
	if err != nil {
		return err
	}
	for _, line := range reportWarnings(rep) {
		fmt.Fprintln(w, line)
	}
	printNotes(w, rep.Notes)
	return nil
}

// printScenarioTable writes every scenario on every peer as aligned text,
// with the ratios below.
func printScenarioTable(w io.Writer, rep *report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tpeer\tevents/s\treq/s\tp50 ms\tp99 ms\tp999 ms\tp2t p50 ms\tp2t p99 ms\tp2t n\terrors\tfailed\tsrv CPU%\tsrv RSS MB\tsrv peak MB\ttool CPU%\t")
	for _, s := range rep.Scenarios {
		for _, p := range []*peerResult{s.Floor, s.Bridgeport, s.Moto} {
			if p == nil {
				continue
			}
			p2t50, p2t99, p2tN := "-", "-", "-"
			if t := p.PutToTarget; t != nil {
				p2t50, p2t99, p2tN = fmtMS(t.P50), fmtMS(t.P99), fmt.Sprint(t.Events)
			}
			cpu, rss, peak := "-", "-", "-"
			if p.Server != nil {
				cpu, rss, peak = fmt.Sprintf("%.0f", p.Server.CPUPercent), fmt.Sprintf("%.0f", p.Server.RSSMB), fmt.Sprintf("%.0f", p.Server.PeakRSSMB)
			}
			tool := "-"
			if p.Tool != nil {
				tool = fmt.Sprintf("%.0f", p.Tool.CPUPercent)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t\n",
				s.Name, p.Peer, p.EventsPerSecond, p.RequestsPerSecond, fmtMS(p.Latency.P50), fmtMS(p.Latency.P99),
				fmtMS(p.Latency.P999), p2t50, p2t99, p2tN, p.Errors, p.FailedEntries, cpu, rss, peak, tool)
		}
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	fmt.Fprintln(w)
	for _, s := range rep.Scenarios {
		fmt.Fprintf(w, "%-9s bridgeport/floor %s   bridgeport/moto %s\n", s.Name, fmtRatio(s.BridgeportToFloor), fmtRatio(s.BridgeportToMoto))
	}
	return nil
}

// reportWarnings lists what went wrong in any run of the report: errors,
// silent peers, and servers still busy or backlogged when the next run
// began.
func reportWarnings(rep *report) []string {
	var lines []string
	add := func(run string, p *peerResult) {
		if p == nil {
			return
		}
		if p.FirstError != "" {
			lines = append(lines, fmt.Sprintf("%s on %s, first error: %s", run, p.Peer, p.FirstError))
		}
		if p.Requests == 0 && p.Errors == 0 {
			lines = append(lines, fmt.Sprintf("%s on %s: no answer arrived within the measured window", run, p.Peer))
		}
		if p.BusyAfterSettle {
			lines = append(lines, fmt.Sprintf("%s on %s: the server was still busy %.1fs after the run; the next run shared the CPU with it", run, p.Peer, p.SettleSeconds))
		}
		if p.Backlog > 0 {
			lines = append(lines, fmt.Sprintf("%s on %s: %.0f deliveries still queued after %.1fs", run, p.Peer, p.Backlog, p.DrainSeconds))
		}
	}
	for _, s := range rep.Scenarios {
		for _, p := range []*peerResult{s.Floor, s.Bridgeport, s.Moto} {
			add(s.Name, p)
		}
	}
	for _, sr := range rep.Sweep {
		for _, pt := range sr.Points {
			run := fmt.Sprintf("%s at %d workers", sr.Name, pt.Workers)
			add(run, pt.Floor)
			add(run, pt.Bridgeport)
		}
	}
	return lines
}

// printMarkdown writes the table BENCHMARKS.md takes: Bridgeport's figures
// with the floor and moto beside them.
func printMarkdown(w io.Writer, rep *report) error {
	fmt.Fprintf(w, "Run: %s.\n\n", describeRun(rep.Run))
	if len(rep.Sweep) > 0 {
		printSweepMarkdown(w, rep.Sweep)
	} else {
		printScenarioMarkdown(w, rep)
	}
	printMarkdownNotes(w, append(reportWarnings(rep), rep.Notes...))
	return nil
}

func printScenarioMarkdown(w io.Writer, rep *report) {
	fmt.Fprintln(w, "| scenario | Bridgeport events/s | floor events/s | Bridgeport/floor | moto events/s | Bridgeport/moto | p50 ms | p99 ms | p999 ms | put-to-target p50 ms | put-to-target p99 ms | errors | server CPU % | server RSS MB (peak) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range rep.Scenarios {
		b := s.Bridgeport
		if b == nil {
			continue
		}
		floor, moto := "-", "-"
		if s.Floor != nil {
			floor = fmt.Sprintf("%.0f", s.Floor.EventsPerSecond)
		}
		switch {
		case s.Moto != nil && s.Moto.Requests == 0 && s.Moto.Errors == 0:
			moto = "0 (no answer in the window)"
		case s.Moto != nil:
			moto = fmt.Sprintf("%.0f", s.Moto.EventsPerSecond)
		case s.MotoSkipped != "":
			moto = "skipped"
		}
		p2t50, p2t99 := "-", "-"
		if t := b.PutToTarget; t != nil {
			p2t50, p2t99 = fmtMS(t.P50), fmtMS(t.P99)
		}
		cpu, rss := "-", "-"
		if b.Server != nil {
			cpu = fmt.Sprintf("%.0f", b.Server.CPUPercent)
			rss = fmt.Sprintf("%.0f (%.0f)", b.Server.RSSMB, b.Server.PeakRSSMB)
		}
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			s.Name, b.EventsPerSecond, floor, fmtRatio(s.BridgeportToFloor), moto, fmtRatio(s.BridgeportToMoto),
			fmtMS(b.Latency.P50), fmtMS(b.Latency.P99), fmtMS(b.Latency.P999), p2t50, p2t99, countErrors(b), cpu, rss)
	}
}

func printMarkdownNotes(w io.Writer, notes []string) {
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintf(w, "- %s\n", n)
		}
	}
}

func printNotes(w io.Writer, notes []string) {
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", strings.TrimSpace(n))
	}
}

// fmtMS prints milliseconds with about three significant digits.
func fmtMS(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v < 1:
		return fmt.Sprintf("%.3f", v)
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.0f", v)
	}
}

func fmtRatio(r float64) string {
	if r == 0 {
		return "-"
	}
	if r < 10 {
		return fmt.Sprintf("%.2f", r)
	}
	return fmt.Sprintf("%.1f", r)
}
