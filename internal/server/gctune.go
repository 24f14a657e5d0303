package server

import (
	"os"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is how far the heap may grow past the live data between two
// collections, at the least. With Go's default (GOGC=100, the heap doubles)
// a server whose live heap is a few megabytes collects thousands of times
// a second under load: on the put1 benchmark about a tenth of the CPU went
// to the collector. The floor keeps the default for large heaps, where
// doubling is already more than this.
const gcHeadroom = 32 << 20

// tuneGC keeps GOGC at what gives the heap gcHeadroom of room above its
// live data, and at least 100, re-reading the live heap after every
// collection. It does nothing when the operator has set GOGC or
// GOMEMLIMIT. The returned function stops it.
func tuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	var stopped atomic.Bool
	sample := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	// Each sentinel is garbage as soon as it is made: its finalizer runs
	// after the next collection, retunes and makes the next one.
	type sentinel struct{ _ [16]byte }
	onGC := func(*sentinel) {
		if stopped.Load() {
			return
		}
		rtmetrics.Read(sample)
		if sample[0].Value.Kind() == rtmetrics.KindUint64 {
			if live := sample[0].Value.Uint64(); live > 0 {
				debug.SetGCPercent(int(max(100, min(gcHeadroom*100/live, 2000))))
			}
		}
		arm()
	}
	arm = func() { runtime.SetFinalizer(&sentinel{}, onGC) }
	arm()
	return func() {
		stopped.Store(true)
		debug.SetGCPercent(100)
	}
}
