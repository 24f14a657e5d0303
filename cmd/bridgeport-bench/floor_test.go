package main

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"
)

// TestMain lets the test binary be the floor process, as the tool's own
// binary is when startFloor runs it.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == floorCommand {
		if err := runFloorProcess(); err != nil {
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// TestFloorRunsInAProcessOfItsOwn starts the floor as the tool does by
// default, sends it traffic, and stops it.
func TestFloorRunsInAProcessOfItsOwn(t *testing.T) {
	f, err := startFloor(false)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			f.stop()
		}
	}()
	s := allScenarios[0] // put1
	tpl, err := newBodyTemplate(s, "bench")
	if err != nil {
		t.Fatal(err)
	}
	r, err := runLoad(context.Background(), loadSpec{url: f.url, scenario: s, body: tpl, concurrency: 2,
		warmup: 50 * time.Millisecond, duration: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if r.requests == 0 || r.errors != 0 {
		t.Fatalf("%d requests, %d errors (first: %s)", r.requests, r.errors, r.firstError)
	}
	f.stop()
	stopped = true
	if resp, err := http.Get(f.url); err == nil {
		resp.Body.Close()
		t.Fatalf("the floor still answers after stop: %s", resp.Status)
	}
}
