package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// floor is the cheapest server that answers the same traffic: it decodes
// the request into typed entries and answers a well-formed PutEvents
// result, and does nothing else. Its throughput, measured on the same
// machine in the same run, is what HTTP and JSON alone cost here, so a
// server's ratio to it holds where absolute numbers do not.
//
// It runs as a process of its own, as Bridgeport and moto do: served from
// the tool's own process, it shares the client's Go runtime, and a request
// and its answer pass between goroutines of one scheduler instead of
// between two processes. That made it about half again as fast on a
// 2-core machine, a gain no server can have (BENCHMARKS.md).
type floor struct {
	srv *http.Server
	url string
	ids atomic.Uint64
}

// serveFloor serves the floor on a free loopback port until close.
func serveFloor() (*floor, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("floor: listen: %w", err)
	}
	f := &floor{url: "http://" + ln.Addr().String() + "/"}
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := f.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "floor: serve: %v\n", err)
		}
	}()
	return f, nil
}

func (f *floor) close() { _ = f.srv.Close() }

// floorCommand is the hidden first argument that makes the tool serve only
// the floor; startFloor runs the tool's own binary with it.
const floorCommand = "serve-floor"

// floorReady is the line the floor process prints, followed by its URL.
const floorReady = "floor listening on "

// runFloorProcess is the floor process: it serves until it is told to
// stop.
func runFloorProcess() error {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// The collector runs no more often than Bridgeport's, which lets
		// a heap of a few megabytes grow twentyfold between collections.
		debug.SetGCPercent(2000)
	}
	// Signals are caught before the ready line: the tool may stop the
	// floor as soon as it has read it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f, err := serveFloor()
	if err != nil {
		return err
	}
	fmt.Println(floorReady + f.url)
	<-ctx.Done()
	f.close()
	return nil
}

// floorPeer is a running floor and how to stop it.
type floorPeer struct {
	url  string
	pid  int // its process; 0 when it runs inside the tool
	stop func()
}

// startFloor starts the floor: a process of its own, or inside the tool
// when inProcess is set.
func startFloor(ctx context.Context, inProcess bool) (*floorPeer, error) {
	if inProcess {
		f, err := serveFloor()
		if err != nil {
			return nil, err
		}
		return &floorPeer{url: f.url, stop: f.close}, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("floor: find the tool's own binary: %w", err)
	}
	urls := make(chan string, 1)
	c, err := startChild("floor", exec.Command(self, floorCommand), func(line string) {
		if u, ok := strings.CutPrefix(line, floorReady); ok {
			select {
			case urls <- u:
			default:
			}
		}
	})
	if err != nil {
		return nil, err
	}
	stop := func() { _ = c.stop(10 * time.Second) }
	select {
	case u := <-urls:
		return &floorPeer{url: u, pid: c.pid(), stop: stop}, nil
	case <-c.exited:
		return nil, fmt.Errorf("floor process exited before listening (%v):\n%s", c.err, c.output())
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	case <-time.After(10 * time.Second):
		stop()
		return nil, fmt.Errorf("floor process did not listen within 10s:\n%s", c.output())
	}
}

// floorResult is the answer: one EventId per entry, as PutEvents gives.
type floorResult struct {
	FailedEntryCount int
	Entries          []floorEventID
}

type floorEventID struct{ EventId string } //nolint:revive // wire name

func (f *floor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct{ Entries []wireEntry }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"__type":"SerializationException","message":"body is not JSON"}`))
		return
	}
	out := floorResult{Entries: make([]floorEventID, len(in.Entries))}
	for i := range out.Entries {
		out.Entries[i].EventId = f.nextID()
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(out)
}

// nextID is a UUID-shaped counter: the answer has AWS's shape without the
// cost of randomness, which a floor should not pay.
func (f *floor) nextID() string {
	n := strconv.FormatUint(f.ids.Add(1), 16)
	const zeros = "000000000000"
	if len(n) < len(zeros) {
		n = zeros[len(n):] + n
	}
	return "00000000-0000-4000-8000-" + n
}
