package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary be the floor process, as the tool's own
// binary is when startFloor runs it.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == floorCommand {
		if err := runFloorProcess(); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// TestFloorRunsInAProcessOfItsOwn starts the floor as the tool does by
// default, sends it traffic, and stops it.
func TestFloorRunsInAProcessOfItsOwn(t *testing.T) {
	f, err := startFloor(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if f.pid == 0 || f.pid == os.Getpid() {
		t.Fatalf("the floor runs in process %d, the test in %d: want a process of its own", f.pid, os.Getpid())
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
	if err := syscall.Kill(f.pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Fatalf("floor process %d after stop: %v, want it gone", f.pid, err)
	}
	if resp, err := http.Get(f.url); err == nil {
		resp.Body.Close()
		t.Fatalf("the floor still answers after stop: %s", resp.Status)
	}
}
