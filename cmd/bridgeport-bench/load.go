package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// loadSpec is one measured run of one scenario against one peer.
type loadSpec struct {
	url         string
	scenario    scenario
	body        *bodyTemplate
	concurrency int
	warmup      time.Duration
	duration    time.Duration
	// rate caps the offered load in events per second across all workers;
	// 0 sends each request as soon as the previous answer is read.
	rate float64
	// window, when set, is told the measured window before traffic starts.
	window func(from, to time.Time)
	// begin and end, when set, are called at the start and end of the
	// measured window (after the warm-up), to sample the server around it.
	begin, end func(time.Time)
}

// loadResult counts what happened in the measured window: requests whose
// answer arrived in it, and their events.
type loadResult struct {
	window        time.Duration
	requests      int64 // answered 200
	events        int64 // entries accepted (sent minus FailedEntryCount)
	errors        int64 // requests not answered 200, or not answered at all
	failedEntries int64 // entries an answer listed as failed
	statuses      map[int]int64
	firstError    string
	latency       *histogram
}

func newLoadResult() *loadResult {
	return &loadResult{statuses: map[int]int64{}, latency: newHistogram()}
}

func (r *loadResult) add(o *loadResult) {
	r.requests += o.requests
	r.events += o.events
	r.errors += o.errors
	r.failedEntries += o.failedEntries
	for code, n := range o.statuses {
		r.statuses[code] += n
	}
	if r.firstError == "" {
		r.firstError = o.firstError
	}
	r.latency.merge(o.latency)
}

// eventsPerSecond is the accepted-event throughput over the window.
func (r *loadResult) eventsPerSecond() float64 {
	if r.window <= 0 {
		return 0
	}
	return float64(r.events) / r.window.Seconds()
}

func (r *loadResult) requestsPerSecond() float64 {
	if r.window <= 0 {
		return 0
	}
	return float64(r.requests) / r.window.Seconds()
}

// runLoad drives the peer for warmup+duration and returns what was
// answered inside the measured window. In-flight requests are cancelled at
// the end of the window, so a run never outlasts its bound.
func runLoad(ctx context.Context, spec loadSpec) (*loadResult, error) {
	if spec.concurrency < 1 || spec.duration <= 0 || spec.body == nil {
		return nil, errors.New("load: concurrency, duration and body are required")
	}
	start := time.Now()
	from := start.Add(spec.warmup)
	to := from.Add(spec.duration)
	ctx, cancel := context.WithDeadline(ctx, to)
	defer cancel()
	if spec.window != nil {
		spec.window(from, to)
	}

	var pace *pacer
	if spec.rate > 0 {
		pace = &pacer{start: start, every: time.Duration(float64(spec.scenario.entries) / spec.rate * float64(time.Second))}
	}
	// Each worker counts into its own result, merged at the end, so the
	// hot loop shares nothing but the pacer.
	stats := make([]*loadResult, spec.concurrency)
	var wg sync.WaitGroup
	for i := range stats {
		stats[i] = newLoadResult()
		w := &worker{spec: spec, stats: stats[i], from: from, to: to, pace: pace,
			client: newKeepAliveClient(), header: requestHeaders(spec.scenario.op, spec.scenario.account(), start)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.client.CloseIdleConnections()
			w.run(ctx)
		}()
	}
	// The window's edges are marked from here, not from a worker, so that
	// sampling the server never delays a request.
	marks := make(chan struct{})
	go func() {
		defer close(marks)
		if sleepUntil(ctx, from) && spec.begin != nil {
			spec.begin(from)
		}
		<-ctx.Done()
		if ctx.Err() == context.DeadlineExceeded && spec.end != nil {
			spec.end(to)
		}
	}()
	wg.Wait()
	<-marks
	if err := context.Cause(ctx); !errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("load interrupted: %w", err)
	}
	out := newLoadResult()
	out.window = to.Sub(from)
	for _, s := range stats {
		out.add(s)
	}
	return out, nil
}

// pacer hands out send times at a fixed interval, shared by all workers.
type pacer struct {
	start time.Time
	every time.Duration
	next  atomic.Int64
}

func (p *pacer) due() time.Time {
	return p.start.Add(time.Duration(p.next.Add(1)-1) * p.every)
}

// worker sends requests back to back on its own connection.
type worker struct {
	spec     loadSpec
	stats    *loadResult
	from, to time.Time
	pace     *pacer
	client   *http.Client
	header   http.Header
	buf      bytes.Buffer
}

func (w *worker) run(ctx context.Context) {
	for ctx.Err() == nil {
		sent := time.Now()
		if w.pace != nil {
			// Latency counts from the scheduled send time, so a server
			// that falls behind shows it as latency rather than quietly
			// receiving less load.
			due := w.pace.due()
			if !sleepUntil(ctx, due) {
				return
			}
			sent = due
		}
		status, failed, err := w.send(ctx, time.Now())
		done := time.Now()
		if ctx.Err() != nil {
			return // cancelled at the end of the window: not an answer
		}
		if done.Before(w.from) || !done.Before(w.to) {
			if err != nil {
				pause(ctx) // do not spin on a refused connection
			}
			continue
		}
		w.count(status, failed, err, done.Sub(sent))
		if err != nil {
			pause(ctx)
		}
	}
}

// send makes one request and reads its answer through.
func (w *worker) send(ctx context.Context, now time.Time) (status, failed int, err error) {
	body := w.spec.body.render(now.UnixNano())
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.spec.url, bytes.NewReader(body))
	if err != nil {
		return 0, 0, fmt.Errorf("build request: %w", err)
	}
	// Sharing the header map across this worker's requests is safe: the
	// client only reads it, and the worker sends one request at a time.
	req.Header = w.header
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	w.buf.Reset()
	_, err = w.buf.ReadFrom(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return resp.StatusCode, 0, fmt.Errorf("read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, 0, fmt.Errorf("HTTP %d: %s", resp.StatusCode, truncate(w.buf.String(), 300))
	}
	n, ok := failedEntryCount(w.buf.Bytes())
	if !ok {
		return resp.StatusCode, 0, fmt.Errorf("answer has no FailedEntryCount: %s", truncate(w.buf.String(), 300))
	}
	return resp.StatusCode, n, nil
}

func (w *worker) count(status, failed int, err error, latency time.Duration) {
	s := w.stats
	s.statuses[status]++ // 0: no answer
	if err != nil {
		s.errors++
		if s.firstError == "" {
			s.firstError = err.Error()
		}
		return
	}
	// Latency is of well-formed answers only: a fast refusal says
	// nothing about how long the work takes.
	s.latency.record(latency)
	s.requests++
	if failed > 0 && s.firstError == "" {
		s.firstError = "failed entries: " + truncate(w.buf.String(), 300) // the answer just read
	}
	s.failedEntries += int64(failed)
	s.events += int64(w.spec.scenario.entries - failed)
}

// sleepUntil waits for t; it reports false if ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func pause(ctx context.Context) { sleepUntil(ctx, time.Now().Add(10*time.Millisecond)) }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
