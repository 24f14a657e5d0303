package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseSweep(t *testing.T) {
	tests := []struct {
		in      string
		want    []int
		wantErr bool
	}{
		{in: "", want: nil},
		{in: "32", want: []int{32}},
		{in: "32, 64,128", want: []int{32, 64, 128}},
		{in: "32,,64", wantErr: true},
		{in: "0", wantErr: true},
		{in: "many", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseSweep(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseSweep(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("parseSweep(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestSweepComparesEachPeersBest(t *testing.T) {
	res := func(peer string, eps float64) *peerResult {
		return &peerResult{Peer: peer, EventsPerSecond: eps}
	}
	sr := sweepReport{Name: "put1", Points: []sweepPoint{
		{Workers: 32, Bridgeport: res("bridgeport", 20000), Floor: res("floor", 50000)},
		{Workers: 64, Bridgeport: res("bridgeport", 27000), Floor: res("floor", 55000)},
		{Workers: 128, Bridgeport: res("bridgeport", 33000), Floor: res("floor", 52000)},
	}}
	sr.best()
	if b := sr.BridgeportBest; b == nil || b.Workers != 128 || b.EventsPerSecond != 33000 {
		t.Errorf("Bridgeport best = %+v, want 33000 at 128 workers", b)
	}
	if f := sr.FloorBest; f == nil || f.Workers != 64 || f.EventsPerSecond != 55000 {
		t.Errorf("floor best = %+v, want 55000 at 64 workers", f)
	}
	if sr.BridgeportToFloor != 0.6 {
		t.Errorf("ratio of the bests = %v, want 0.6", sr.BridgeportToFloor)
	}

	var out bytes.Buffer
	printSweepMarkdown(&out, []sweepReport{sr})
	for _, want := range []string{"| put1 | 128 | 33000 | 52000 |", "best Bridgeport 33000 events/s at 128 workers, best floor 55000 at 64 workers, ratio of the bests 0.60"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSweepWithoutFloorHasNoRatio(t *testing.T) {
	sr := sweepReport{Name: "put1", Points: []sweepPoint{
		{Workers: 32, Bridgeport: &peerResult{EventsPerSecond: 20000}},
	}}
	sr.best()
	if sr.FloorBest != nil || sr.BridgeportToFloor != 0 {
		t.Errorf("floor best %+v, ratio %v, want none", sr.FloorBest, sr.BridgeportToFloor)
	}
	if got := describeBest(sr); got != "best Bridgeport 20000 events/s at 32 workers" {
		t.Errorf("describeBest = %q", got)
	}
}

func TestSweepExcludesRateAndConcurrency(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{args: []string{"--sweep", "32,64"}},
		{args: []string{"--sweep", "32,64", "--rate", "1000"}, wantErr: "excludes --rate"},
		{args: []string{"--sweep", "32,64", "--concurrency", "32"}, wantErr: "exclude each other"},
	}
	for _, tt := range tests {
		_, err := parseFlags(append([]string{"--server-bin", "bridgeport"}, tt.args...), io.Discard)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%v: %v", tt.args, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%v: error %v, want one saying %q", tt.args, err, tt.wantErr)
		}
	}
}

func TestSweepReportsWhatWentWrongAtEachPoint(t *testing.T) {
	rep := &report{Sweep: []sweepReport{{Name: "put1", Points: []sweepPoint{
		{Workers: 32, Bridgeport: &peerResult{Peer: "bridgeport", Requests: 10, EventsPerSecond: 100}},
		{Workers: 256, Bridgeport: &peerResult{Peer: "bridgeport", Requests: 10, Errors: 7, FirstError: "timeout",
			EventsPerSecond: 90, BusyAfterSettle: true, SettleSeconds: 30}},
	}}}}
	rep.Sweep[0].best()
	var out bytes.Buffer
	if err := printMarkdown(&out, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| put1 | 256 | 90 | - | - | ",
		" | 7 | - |",
		"put1 at 256 workers on bridgeport, first error: timeout",
		"put1 at 256 workers on bridgeport: the server was still busy 30.0s after the run",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "at 32 workers on") {
		t.Errorf("a point without trouble has a warning:\n%s", out.String())
	}
}
