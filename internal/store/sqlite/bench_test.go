package sqlite

import (
	"bytes"
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// BenchmarkUpdateSerial is the baseline: one caller, so every Update is
// its own commit and the rate is the disk's sync rate.
func BenchmarkUpdateSerial(b *testing.B) { benchAppend(b, 0, 1) }

// BenchmarkUpdateParallel has many callers each appending one ~1 KB event
// per Update, as PutPartnerEvents under load does: group commit shares
// each sync among the Updates that queued during the previous one.
func BenchmarkUpdateParallel(b *testing.B) { benchAppend(b, 32, 1) }

// BenchmarkUpdateParallelBatch10 is the same with 10 events per Update.
func BenchmarkUpdateParallelBatch10(b *testing.B) { benchAppend(b, 32, 10) }

// benchAppend runs Updates that each append perUpdate events. parallelism
// is per GOMAXPROCS, as for b.SetParallelism; 0 means a single caller.
func benchAppend(b *testing.B, parallelism, perUpdate int) {
	st, err := Open(context.Background(), b.TempDir()+"/bridgeport.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	envelope := bytes.Repeat([]byte("x"), 1000)
	envelope = append(append([]byte(`{"detail":"`), envelope...), `"}`...)
	var ids atomic.Int64
	appendOne := func(evs []store.Event) error {
		for i := range evs {
			evs[i] = store.Event{Account: "222222222222", Region: "us-east-1", Bus: "aws.partner/acme.com/orders",
				ID: strconv.FormatInt(ids.Add(1), 10), Time: time.UnixMilli(1), IngestionTime: time.UnixMilli(2),
				Envelope: envelope}
		}
		return st.Update(context.Background(), func(tx store.Tx) error { return tx.AppendEvents(evs) })
	}

	commits := st.w.commits.Load()
	b.SetBytes(int64(len(envelope) * perUpdate))
	b.ResetTimer()
	if parallelism == 0 {
		evs := make([]store.Event, perUpdate)
		for range b.N {
			if err := appendOne(evs); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		b.SetParallelism(parallelism)
		b.RunParallel(func(pb *testing.PB) {
			evs := make([]store.Event, perUpdate)
			for pb.Next() {
				if err := appendOne(evs); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	b.StopTimer()
	secs := b.Elapsed().Seconds()
	n := st.w.commits.Load() - commits
	b.ReportMetric(float64(n)/secs, "commits/s")
	b.ReportMetric(float64(b.N*perUpdate)/secs, "events/s")
	b.ReportMetric(float64(b.N)/float64(max(n, 1)), "updates/commit")
}

// BenchmarkEnqueueParallel has many callers each queueing one ~700-byte
// delivery job per Update, as single-entry PutEvents with one matching
// target does: the per-Update cost on the writer bounds the batch rate.
func BenchmarkEnqueueParallel(b *testing.B) {
	st, err := Open(context.Background(), b.TempDir()+"/bridgeport.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	doc := bytes.Repeat([]byte("j"), 700)
	commits := st.w.commits.Load()
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		recs := make([]store.Delivery, 1)
		for pb.Next() {
			recs[0] = store.Delivery{DueAt: time.UnixMilli(1), LeaseUntil: time.UnixMilli(2), Doc: doc}
			if err := st.Update(context.Background(), func(tx store.Tx) error { return tx.EnqueueDeliveries(recs) }); err != nil {
				b.Error(err)
				return
			}
			if recs[0].ID == 0 {
				b.Error("no ID assigned")
				return
			}
		}
	})
	b.StopTimer()
	n := st.w.commits.Load() - commits
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "updates/s")
	b.ReportMetric(float64(b.N)/float64(max(n, 1)), "updates/commit")
}
