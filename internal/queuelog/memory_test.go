package queuelog

import (
	"runtime"
	"testing"
	"unsafe"

	"github.com/bridgeport/bridgeport/internal/store"
)

// TestEntryStaysSmall holds the index entry to the allocation size class
// it fits now: a field that pushes it into the next costs every queued job
// 16 bytes or more.
func TestEntryStaysSmall(t *testing.T) {
	if size := unsafe.Sizeof(entry{}); size > 80 {
		t.Errorf("entry is %d bytes, want at most 80", size)
	}
}

// BenchmarkMemoryPerQueuedJob reports the heap a queued job holds once its
// batch is committed: its index entry, its place in the id map and in the
// due-time heap. The documents stay on disk and do not count.
//
//	go test ./internal/queuelog/ -run XXX -bench MemoryPerQueuedJob
func BenchmarkMemoryPerQueuedJob(b *testing.B) {
	const jobs = 200_000
	doc := make([]byte, 600)
	for range b.N {
		b.StopTimer()
		l, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		before := heapInUse()
		b.StartTimer()
		const perBatch = 1000
		ds := make([]store.Delivery, perBatch)
		for i := 0; i < jobs; i += perBatch {
			for k := range ds {
				ds[k] = store.Delivery{Doc: doc}
			}
			batch := l.Begin()
			if err := batch.Put(ds); err != nil {
				b.Fatal(err)
			}
			done := make(chan error, 1)
			batch.Commit(func(err error) { done <- err })
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		after := heapInUse()
		b.ReportMetric(float64(after-before)/jobs, "B/job")
		runtime.KeepAlive(ds)
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// heapInUse is the live heap after a full collection.
func heapInUse() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
