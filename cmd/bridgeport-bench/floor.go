package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// floor is the cheapest server that answers the same traffic: it decodes
// the request into typed entries and answers a well-formed PutEvents
// result, and does nothing else. Its throughput, measured on the same
// machine in the same run, is what HTTP and JSON alone cost here, so a
// server's ratio to it holds where absolute numbers do not.
type floor struct {
	srv *http.Server
	url string
	ids atomic.Uint64
}

// startFloor serves the floor on its own loopback port.
func startFloor() (*floor, error) {
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
