package queuelog

import (
	"fmt"
	"sync"
	"testing"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Producers put jobs in batches of their own while one writer deletes the
// ones it is told are done, as the embedded store's writer does; small
// segments make the syncer roll, forward and retire throughout. After a
// reopen the queue holds exactly the jobs not deleted.
func TestConcurrentPutsAndDeletesRecoverExactly(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 16<<10)
	const producers, perProducer = 6, 150
	done := make(chan int64, producers*perProducer)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range perProducer {
				ds := []store.Delivery{{Doc: fmt.Appendf(nil, "p%d-%d-%0200d", p, i, 0)}}
				b := l.Begin()
				b.Put(ds)
				ack := make(chan error, 1)
				b.Commit(func(err error) { ack <- err })
				if err := <-ack; err != nil {
					t.Errorf("commit: %v", err)
					return
				}
				done <- ds[0].ID
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	kept := map[int64]bool{}
	var batch []int64
	flush := func() {
		b := l.Begin()
		b.Delete(batch)
		commit(t, b)
		batch = batch[:0]
	}
	for id := range done {
		// Every third job stays queued; the others are delivered.
		if id%3 == 0 {
			kept[id] = true
			continue
		}
		if batch = append(batch, id); len(batch) == 16 {
			flush()
		}
	}
	flush()
	if n := l.Count(); n != len(kept) {
		t.Errorf("Count before reopen = %d, want %d", n, len(kept))
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, dir, 16<<10)
	defer l.Close()
	b := l.Begin()
	got, err := b.Claim(1<<40, 1<<41, -1)
	if err != nil {
		t.Fatal(err)
	}
	b.Rollback()
	if len(got) != len(kept) {
		t.Errorf("recovered %d jobs, want %d", len(got), len(kept))
	}
	for _, d := range got {
		if !kept[d.ID] {
			t.Errorf("job %d (%.12s) was deleted but came back", d.ID, d.Doc)
		}
	}
}
