package postgres

import (
	"bytes"
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// The benchmarks mirror the embedded store's: many callers, each Update
// writing ~1 KB records, so that they measure how well concurrent Updates
// share transactions and WAL flushes. Each runs in a fresh schema.

// BenchmarkUpdateSerial is the baseline: one caller, so every Update is
// its own transaction and waits for its own WAL flush.
func BenchmarkUpdateSerial(b *testing.B) { benchUpdates(b, 0, appendEvents(1)) }

// BenchmarkUpdateParallel has many callers each appending one ~1 KB event
// per Update, as PutPartnerEvents under load does.
func BenchmarkUpdateParallel(b *testing.B) { benchUpdates(b, 32, appendEvents(1)) }

// BenchmarkUpdateParallelBatch10 is the same with 10 events per Update.
func BenchmarkUpdateParallelBatch10(b *testing.B) { benchUpdates(b, 32, appendEvents(10)) }

// BenchmarkUpdateParallelEnqueue10 enqueues 10 ~1 KB delivery jobs per
// Update, as a PutEvents whose event matches ten targets does.
func BenchmarkUpdateParallelEnqueue10(b *testing.B) { benchUpdates(b, 32, enqueueDeliveries(10)) }

// BenchmarkUpdateParallelPutEvents appends one event and enqueues one
// delivery per Update: the store's share of a single-entry PutEvents whose
// event matches one target.
func BenchmarkUpdateParallelPutEvents(b *testing.B) {
	events, jobs := appendEvents(1), enqueueDeliveries(1)
	benchUpdates(b, 32, workload{perUpdate: 1, unit: "events/s", run: func(tx store.Tx) error {
		if err := events.run(tx); err != nil {
			return err
		}
		return jobs.run(tx)
	}})
}

// workload is what one Update of a benchmark writes: perUpdate records,
// counted in unit.
type workload struct {
	perUpdate int
	unit      string
	run       func(tx store.Tx) error
}

// envelope is a ~1 KB event.
var envelope = append(append([]byte(`{"detail":"`), bytes.Repeat([]byte("x"), 1000)...), `"}`...)

func appendEvents(n int) workload {
	var ids atomic.Int64
	return workload{perUpdate: n, unit: "events/s", run: func(tx store.Tx) error {
		evs := make([]store.Event, n)
		for i := range evs {
			evs[i] = store.Event{Account: "222222222222", Region: "us-east-1", Bus: "aws.partner/acme.com/orders",
				ID: strconv.FormatInt(ids.Add(1), 10), Time: time.UnixMilli(1), IngestionTime: time.UnixMilli(2),
				Envelope: envelope}
		}
		return tx.AppendEvents(evs)
	}}
}

func enqueueDeliveries(n int) workload {
	return workload{perUpdate: n, unit: "deliveries/s", run: func(tx store.Tx) error {
		ds := make([]store.Delivery, n)
		for i := range ds {
			ds[i] = store.Delivery{DueAt: time.UnixMilli(1), LeaseUntil: time.UnixMilli(60_000), Doc: envelope}
		}
		return tx.EnqueueDeliveries(ds)
	}}
}

// benchUpdates runs Updates of w. parallelism is per GOMAXPROCS, as for
// b.SetParallelism; 0 means a single caller.
func benchUpdates(b *testing.B, parallelism int, w workload) {
	st := openTest(b, Options{})
	update := func() error { return st.Update(context.Background(), w.run) }

	b.SetBytes(int64(len(envelope) * w.perUpdate))
	b.ResetTimer()
	if parallelism == 0 {
		for range b.N {
			if err := update(); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := update(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.StopTimer()
	secs := b.Elapsed().Seconds()
	commits := st.w.commits.Load()
	b.ReportMetric(float64(commits)/secs, "commits/s")
	b.ReportMetric(float64(b.N*w.perUpdate)/secs, w.unit)
	b.ReportMetric(float64(st.w.applied.Load())/float64(max(commits, 1)), "updates/commit")
	b.ReportMetric(float64(st.retries.Load())/float64(b.N), "retries/op")
}
