package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"
)

// sink is the HTTP endpoint the matching rule delivers to, through an API
// destination. It measures put-to-target latency from the payload: each
// event carries its send time in detail.bench.sent, and the sink records
// now minus that, for events sent inside the current measured window.
type sink struct {
	srv *http.Server
	url string

	mu       sync.Mutex
	from, to int64 // window of send times, UnixNano
	latency  *histogram
	inWindow int64 // events sent in the window and received
	received int64 // every event received, any window
	bad      int64 // deliveries without a readable send time
}

// startSink serves the sink on a loopback port.
func startSink() (*sink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sink: listen: %w", err)
	}
	s := &sink{url: "http://" + ln.Addr().String() + "/sink", latency: newHistogram()}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "sink: serve: %v\n", err)
		}
	}()
	return s, nil
}

func (s *sink) close() { _ = s.srv.Close() }

// delivered is the part of an event the sink reads.
type delivered struct {
	Detail benchDetail `json:"detail"`
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now().UnixNano()
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var ev delivered
	var sent int64
	if err == nil {
		err = json.Unmarshal(body, &ev)
	}
	if err == nil {
		sent, err = ev.Detail.Bench.Sent.Int64()
	}
	s.mu.Lock()
	s.received++
	switch {
	case err != nil:
		s.bad++
	case sent >= s.from && sent < s.to:
		s.inWindow++
		s.latency.record(time.Duration(now - sent))
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// reset starts a new window of send times and forgets the last one.
func (s *sink) reset(from, to time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.from, s.to = from.UnixNano(), to.UnixNano()
	s.latency = newHistogram()
	s.inWindow = 0
}

// snapshot is what the sink has recorded for the current window.
func (s *sink) snapshot() (count int64, latency histogram, bad int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inWindow, *s.latency, s.bad
}
