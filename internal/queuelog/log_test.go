package queuelog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

func openLog(t *testing.T, dir string, segSize int64) *Log {
	t.Helper()
	l, err := Open(dir, Options{SegmentSize: segSize})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return l
}

// commit commits b and waits for its acknowledgement.
func commit(t *testing.T, b *Batch) {
	t.Helper()
	done := make(chan error, 1)
	b.Commit(func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func ms(n int64) time.Time { return time.UnixMilli(n).UTC() }

// put enqueues one unleased job per doc, due at the given times (or at 0).
func put(t *testing.T, l *Log, docs ...string) []int64 {
	t.Helper()
	ds := make([]store.Delivery, len(docs))
	for i, d := range docs {
		ds[i] = store.Delivery{DueAt: ms(int64(i)), Doc: []byte(d)}
	}
	b := l.Begin()
	b.Put(ds)
	commit(t, b)
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	return ids
}

// claimAll claims every job due by a far time and returns their docs in
// claim order.
func claimAll(t *testing.T, l *Log) []string {
	t.Helper()
	b := l.Begin()
	got, err := b.Claim(1<<40, 1<<41, -1)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	b.Rollback()
	docs := make([]string, len(got))
	for i, d := range got {
		docs[i] = string(d.Doc)
	}
	return docs
}

func TestJobsSurviveReopenInDueOrder(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	b := l.Begin()
	b.Put([]store.Delivery{
		{DueAt: ms(30), Doc: []byte("c")},
		{DueAt: ms(10), Doc: []byte("a")},
		{DueAt: ms(20), LeaseUntil: ms(1 << 42), Doc: []byte("b, leased")},
		{DueAt: ms(10), Doc: []byte("a2")},
	})
	commit(t, b)
	if got, want := claimAll(t, l), []string{"a", "a2", "c"}; !slices.Equal(got, want) {
		t.Errorf("before reopen: claimed %q, want %q (leased job excluded)", got, want)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, dir, 0)
	defer l.Close()
	// Leases are not logged: after a restart every job is claimable.
	if got, want := claimAll(t, l), []string{"a", "a2", "b, leased", "c"}; !slices.Equal(got, want) {
		t.Errorf("after reopen: claimed %q, want %q", got, want)
	}
	if n := l.Count(); n != 4 {
		t.Errorf("Count = %d, want 4", n)
	}
}

func TestIDsKeepGrowingAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	first := put(t, l, "a", "b")
	b := l.Begin()
	b.Delete(first)
	commit(t, b)
	l.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	next := put(t, l, "c")
	if next[0] <= first[1] {
		t.Errorf("id after reopen = %d, want above %d", next[0], first[1])
	}
}

func TestClaimLeasesUntilTheLeaseEnds(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	put(t, l, "a", "b")
	claim := func(now int64, limit int) []string {
		b := l.Begin()
		got, err := b.Claim(now, now+100, limit)
		if err != nil {
			t.Fatal(err)
		}
		commit(t, b)
		var docs []string
		for _, d := range got {
			docs = append(docs, string(d.Doc))
		}
		return docs
	}
	tests := []struct {
		now   int64
		limit int
		want  []string
	}{
		{now: 1000, limit: 1, want: []string{"a"}},
		{now: 1000, limit: 5, want: []string{"b"}},
		{now: 1050, limit: 5, want: nil},                // both leased until 1100
		{now: 1100, limit: 5, want: []string{"a", "b"}}, // leases over: due order again
		{now: 1150, limit: 0, want: nil},                // limit 0 claims nothing
	}
	for _, tc := range tests {
		if got := claim(tc.now, tc.limit); !slices.Equal(got, tc.want) {
			t.Errorf("Claim(now %d, limit %d) = %q, want %q", tc.now, tc.limit, got, tc.want)
		}
	}
	b := l.Begin()
	b.ReleaseLeases()
	commit(t, b)
	if got := claim(1150, -1); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("after ReleaseLeases: claimed %q, want both", got)
	}
}

func TestRollbackToMarkUndoesOnlyLaterChanges(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	ids := put(t, l, "a", "b", "c")

	b := l.Begin()
	b.Update(store.Delivery{ID: ids[0], DueAt: ms(500), Doc: []byte("a, attempt 2")})
	mark := b.Mark()
	b.Delete(ids[1:2])
	b.Put([]store.Delivery{{Doc: []byte("d")}})
	if _, err := b.Claim(1<<40, 1<<41, -1); err != nil {
		t.Fatal(err)
	}
	b.Update(store.Delivery{ID: ids[2], Doc: []byte("c, changed")})
	b.RollbackTo(mark)
	if n := l.Count(); n != 3 {
		t.Errorf("Count after RollbackTo = %d, want 3", n)
	}
	commit(t, b)
	if got, want := claimAll(t, l), []string{"b", "c", "a, attempt 2"}; !slices.Equal(got, want) {
		t.Errorf("claimed %q, want %q", got, want)
	}
	l.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	if got, want := claimAll(t, l), []string{"b", "c", "a, attempt 2"}; !slices.Equal(got, want) {
		t.Errorf("after reopen: claimed %q, want %q", got, want)
	}
}

// A batch that changes a job twice and undoes the second change reads
// the first one back before it commits, and commits it.
func TestRollbackToMarkRestoresAnEarlierChangeOfTheSameBatch(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	ids := put(t, l, "a")

	b := l.Begin()
	b.Update(store.Delivery{ID: ids[0], Doc: []byte("a, attempt 2")})
	mark := b.Mark()
	b.Update(store.Delivery{ID: ids[0], Doc: []byte("a, attempt 3 with a longer document")})
	b.RollbackTo(mark)
	got, err := b.Claim(1<<40, 1<<41, -1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || string(got[0].Doc) != "a, attempt 2" {
		t.Fatalf("claimed %v, want the document of the change kept", got)
	}
	b.RollbackTo(mark)
	commit(t, b)
	l.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	if got, want := claimAll(t, l), []string{"a, attempt 2"}; !slices.Equal(got, want) {
		t.Errorf("after reopen: claimed %q, want %q", got, want)
	}
}

// A claimed document is the caller's own: the batch that wrote it may
// still roll back and write over that place in its buffer.
func TestAClaimedDocumentOutlivesTheBatchBuffer(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	ids := put(t, l, "a")

	b := l.Begin()
	mark := b.Mark()
	b.Update(store.Delivery{ID: ids[0], Doc: []byte("AAAA")})
	got, err := b.Claim(1<<40, 1<<41, -1)
	if err != nil {
		t.Fatal(err)
	}
	b.RollbackTo(mark)
	b.Update(store.Delivery{ID: ids[0], Doc: []byte("BBBB")})
	commit(t, b)
	if len(got) != 1 || string(got[0].Doc) != "AAAA" {
		t.Errorf("claimed %v, want the document as it was when claimed", got)
	}
}

func TestRollbackRestoresDeletedAndUpdatedJobs(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	ids := put(t, l, "a", "b")
	b := l.Begin()
	b.Update(store.Delivery{ID: ids[0], DueAt: ms(999), Doc: []byte("a2")})
	b.Delete(ids)
	b.Delete([]int64{424242}) // not queued: nothing to do
	b.Rollback()
	commit(t, b)
	if got, want := claimAll(t, l), []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("claimed %q, want %q", got, want)
	}
}

func TestTornTailIsCutOffAndLaterWritesSurvive(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "kept-1", "kept-2")
	put(t, l, "torn")
	active := l.segs[len(l.segs)-1]
	path := segmentPath(dir, active.seq)
	size := active.size
	l.Close()
	// Cut the last record short, as a crash in the middle of its write
	// would.
	if err := os.Truncate(path, size-3); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, dir, 0)
	if got, want := claimAll(t, l), []string{"kept-1", "kept-2"}; !slices.Equal(got, want) {
		t.Errorf("after a torn write: claimed %q, want %q", got, want)
	}
	put(t, l, "after")
	l.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	if got, want := claimAll(t, l), []string{"after", "kept-1", "kept-2"}; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("after a second reopen: claimed %q, want %q", got, want)
	}
}

func TestCorruptRecordEndsItsSegment(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "first")
	seg := l.segs[len(l.segs)-1]
	at := seg.size
	put(t, l, "second")
	l.Close()
	f, err := os.OpenFile(segmentPath(dir, seg.seq), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Flip a byte of the second record's document.
	if _, err := f.WriteAt([]byte{'X'}, at+frameSize+4); err != nil {
		t.Fatal(err)
	}
	f.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"first"}) {
		t.Errorf("claimed %q, want only the record before the corrupt one", got)
	}
}

func TestSegmentsRetireAndTheirJobsStay(t *testing.T) {
	dir := t.TempDir()
	const segSize = 4 << 10
	l := openLog(t, dir, segSize)
	// One job stays queued throughout, as behind a target that is down.
	pinned := put(t, l, "pinned")
	doc := string(make([]byte, 500))
	for i := range 200 {
		ids := put(t, l, fmt.Sprintf("job-%d%s", i, doc))
		b := l.Begin()
		b.Delete(ids)
		commit(t, b)
	}
	segs := countSegments(t, dir)
	// 200 jobs of about 500 bytes each fill about 25 segments of 4 KiB;
	// nearly all of them retire, the pinned job's too once it moves.
	if segs > 4 {
		t.Errorf("%d segment files remain, want at most 4", segs)
	}
	l.Close()
	l = openLog(t, dir, segSize)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"pinned"}) {
		t.Errorf("after reopen: claimed %.40q, want only the pinned job", got)
	}
	b := l.Begin()
	b.Delete(pinned)
	commit(t, b)
	if n := l.Count(); n != 0 {
		t.Errorf("Count = %d, want 0", n)
	}
}

func TestChunkBuffersAreReusedAcrossSegmentRolls(t *testing.T) {
	// Segments of 4 KiB and jobs of 500 bytes: a new segment every eight
	// commits, each with a header chunk of its own.
	l := openLog(t, t.TempDir(), 4<<10)
	defer l.Close()
	doc := string(make([]byte, 500))
	for range 100 {
		put(t, l, doc)
	}
	const commits = 200
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range commits {
		put(t, l, doc)
	}
	runtime.ReadMemStats(&after)
	// Each commit allocates its batch and its index entry and, every
	// eighth, a segment and the zeros of the next spare, each no larger
	// than a segment: a few KiB. A fresh chunk buffer alone is chunkSize.
	if per := (after.TotalAlloc - before.TotalAlloc) / commits; per > chunkSize/4 {
		t.Errorf("%d bytes allocated per commit, want under %d", per, chunkSize/4)
	}
}

func countSegments(t *testing.T, dir string) int {
	t.Helper()
	seqs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(seqs)
}

func TestRecycledSegmentRecordsAreNotReplayed(t *testing.T) {
	dir := t.TempDir()
	const segSize = 4 << 10
	l := openLog(t, dir, segSize)
	doc := string(make([]byte, 300))
	for i := range 100 {
		ids := put(t, l, fmt.Sprintf("gone-%d%s", i, doc))
		b := l.Begin()
		b.Delete(ids)
		commit(t, b)
	}
	// Wait for the background spare, then use it up and more.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, spareName)); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	put(t, l, "live")
	for i := range 100 {
		ids := put(t, l, fmt.Sprintf("gone-again-%d%s", i, doc))
		b := l.Begin()
		b.Delete(ids)
		commit(t, b)
	}
	l.Close()
	l = openLog(t, dir, segSize)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"live"}) {
		t.Errorf("claimed %d jobs (%.60q), want only the live one", len(got), got)
	}
}

func TestCommitAfterCloseFails(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	l.Close()
	b := l.Begin()
	b.Put([]store.Delivery{{Doc: []byte("late")}})
	done := make(chan error, 1)
	b.Commit(func(err error) { done <- err })
	if err := <-done; err != ErrClosed {
		t.Errorf("Commit after Close = %v, want ErrClosed", err)
	}
	if n := l.Count(); n != 0 {
		t.Errorf("Count = %d, want 0: a failed commit leaves nothing", n)
	}
}

func TestBatchWithNothingToWriteIsAcknowledgedAtOnce(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	b := l.Begin()
	called := false
	b.Commit(func(err error) { called = err == nil })
	if !called {
		t.Error("done was not called synchronously for an empty batch")
	}
}

// A retired segment becomes the next one by a rename: its old records must
// read as no records at all under the new sequence number.
func TestOldRecordsUnderANewSequenceReadAsNothing(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "old life")
	seq := l.segs[len(l.segs)-1].seq
	l.Close()
	seqs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range seqs {
		if s != seq {
			os.Remove(segmentPath(dir, s))
		}
	}
	if err := os.Rename(segmentPath(dir, seq), segmentPath(dir, seq+10)); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, dir, 0)
	defer l.Close()
	if got := claimAll(t, l); len(got) != 0 {
		t.Errorf("claimed %q from a file renamed to a new sequence, want nothing", got)
	}
}

func TestDamageInAnOlderSegmentFailsOpen(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "in the first segment")
	first := l.segs[len(l.segs)-1]
	l.Close()
	l = openLog(t, dir, 0) // starts a second segment after the first
	put(t, l, "in the second segment")
	l.Close()
	f, err := os.OpenFile(segmentPath(dir, first.seq), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{'X'}, first.size-3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if l, err := Open(dir, Options{}); err == nil {
		l.Close()
		t.Fatal("Open succeeded over a damaged older segment; want an error rather than a silently shorter queue")
	}
}

func TestJobsOfAnOpenBatchAreHiddenFromOthers(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	p := l.Begin()
	ds := []store.Delivery{{Doc: []byte("not yet committed")}}
	p.Put(ds)

	w := l.Begin()
	if got, _ := w.Claim(1<<40, 1<<41, -1); len(got) != 0 {
		t.Errorf("another batch claimed %d jobs of an open batch", len(got))
	}
	w.Update(store.Delivery{ID: ds[0].ID, Doc: []byte("changed")})
	w.Delete([]int64{ds[0].ID})
	commit(t, w)
	commit(t, p)
	if got := claimAll(t, l); !slices.Equal(got, []string{"not yet committed"}) {
		t.Errorf("after both commits: claimed %q, want the job as put", got)
	}
}

func TestAfterAFailedWriteNothingMoreIsAcknowledged(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "before")
	// The active segment's file goes away under the log, as a disk that
	// fails would take it: the next write fails.
	l.segs[len(l.segs)-1].f.Close()
	for _, doc := range []string{"first after", "second after"} {
		b := l.Begin()
		b.Put([]store.Delivery{{Doc: []byte(doc)}})
		done := make(chan error, 1)
		b.Commit(func(err error) { done <- err })
		if err := <-done; err == nil {
			t.Errorf("commit of %q acknowledged after the log failed", doc)
		}
	}
	l.Close()
	l = openLog(t, dir, 0)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"before"}) {
		t.Errorf("after reopen: claimed %q, want only what was acknowledged", got)
	}
}

// A claim whose lease ends at or before now leaves its jobs claimable again
// afterwards, but still returns each one once.
func TestClaimWithALeaseAlreadyOverReturnsEachJobOnce(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	put(t, l, "a", "b")
	for _, leaseUntil := range []int64{1000, 900} {
		b := l.Begin()
		got, err := b.Claim(1000, leaseUntil, -1)
		if err != nil {
			t.Fatal(err)
		}
		commit(t, b)
		if len(got) != 2 {
			t.Errorf("Claim(now 1000, lease until %d) returned %d jobs, want 2", leaseUntil, len(got))
		}
	}
}

// Commits can roll to new segments faster than the syncer writes their
// headers; a crash then leaves several segments without one, which hold
// nothing.
func TestTrailingSegmentsWithoutHeadersAreDropped(t *testing.T) {
	dir := t.TempDir()
	l := openLog(t, dir, 0)
	put(t, l, "kept")
	last := l.segs[len(l.segs)-1].seq
	l.Close()
	for _, seq := range []uint64{last + 1, last + 2} {
		if err := os.WriteFile(segmentPath(dir, seq), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	l = openLog(t, dir, 0)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"kept"}) {
		t.Errorf("claimed %q, want the job before the empty segments", got)
	}
}

func TestPutRefusesADocumentOverMaxDoc(t *testing.T) {
	l := openLog(t, t.TempDir(), 0)
	defer l.Close()
	b := l.Begin()
	err := b.Put([]store.Delivery{{Doc: []byte("fine")}, {Doc: make([]byte, MaxDoc+1)}})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("Put = %v, want ErrTooLarge", err)
	}
	commit(t, b)
	if n := l.Count(); n != 0 {
		t.Errorf("Count = %d, want 0: a refused Put adds nothing", n)
	}
}

// A batch that only deletes jobs causes no sync of its own: it is written
// and acknowledged with the next batch that needs one, or after
// RemoveDelay when none comes.
func TestDeletesShareTheNextSync(t *testing.T) {
	l, err := Open(t.TempDir(), Options{RemoveDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ids := put(t, l, "a", "b")
	before := l.Stats().Syncs

	del := l.Begin()
	del.Delete(ids[:1])
	deleted := make(chan error, 1)
	del.Commit(func(err error) { deleted <- err })
	select {
	case err := <-deleted:
		t.Fatalf("a delete-only batch was acknowledged (%v) before any sync was due", err)
	case <-time.After(50 * time.Millisecond):
	}

	put(t, l, "c")
	if err := <-deleted; err != nil {
		t.Fatalf("delete: %v", err)
	}
	if got := l.Stats().Syncs - before; got != 1 {
		t.Fatalf("%d syncs for a delete and a put committed together, want 1", got)
	}
	if got := claimAll(t, l); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"b", "c"}) {
		t.Fatalf("jobs %q, want [b c]", got)
	}
}

// Moving the live jobs of a mostly dead segment to the head of the log is
// written with the next batch that syncs; nobody waits for it.
func TestForwardedJobsShareTheNextSync(t *testing.T) {
	dir := t.TempDir()
	const segSize = 4 << 10
	l, err := Open(dir, Options{SegmentSize: segSize, RemoveDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// One job stays queued throughout, so its segments are forwarded
	// rather than dropped.
	put(t, l, "pinned")
	before := l.Stats().Syncs
	doc := string(make([]byte, 500))
	const rounds = 100
	for i := range rounds {
		ids := put(t, l, fmt.Sprintf("job-%d%s", i, doc))
		del := l.Begin()
		del.Delete(ids) // acknowledged with the next put
		del.Commit(func(error) {})
		// Time for a sync of the log's own to run apart from the next put.
		time.Sleep(time.Millisecond)
	}
	if got := l.Stats().Syncs - before; got != rounds {
		t.Errorf("%d syncs for %d puts, want one each: forwarding synced on its own", got, rounds)
	}
	if segs := countSegments(t, dir); segs > 4 {
		t.Errorf("%d segment files remain, want at most 4: the pinned job was not forwarded", segs)
	}
	l.Close()
	l = openLog(t, dir, segSize)
	defer l.Close()
	if got := claimAll(t, l); !slices.Equal(got, []string{"pinned"}) {
		t.Errorf("after reopen: claimed %.40q, want only the pinned job", got)
	}
}

func TestADeleteAloneIsAcknowledgedAfterRemoveDelay(t *testing.T) {
	l, err := Open(t.TempDir(), Options{RemoveDelay: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ids := put(t, l, "a")
	del := l.Begin()
	del.Delete(ids)
	commit(t, del) // hangs if nothing ever syncs it
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	l = openLog(t, l.dir, 0)
	defer l.Close()
	if n := l.Count(); n != 0 {
		t.Fatalf("%d jobs after reopen, want 0: the acknowledged delete was not durable", n)
	}
}

func TestSyncNowSyncsADeleteAtOnce(t *testing.T) {
	l, err := Open(t.TempDir(), Options{RemoveDelay: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ids := put(t, l, "a")
	del := l.Begin()
	del.Delete(ids)
	del.SyncNow()
	done := make(chan error, 1)
	del.Commit(func(err error) { done <- err })
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a delete marked SyncNow waited for a later sync")
	}
}
