package delivery

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/store/sqlite"
)

// target is a test target: it fails its first failures attempts, then
// accepts, recording what it received. block, if set, holds every send.
type target struct {
	mu        sync.Mutex
	failures  int
	permanent bool
	block     chan struct{}
	got       []string
	calls     int
}

func (t *target) Send(ctx context.Context, j *Job) error {
	if t.block != nil {
		select {
		case <-t.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.calls++
	if t.calls <= t.failures {
		if t.permanent {
			return Permanentf("BAD_REQUEST", "target refused the event")
		}
		return errors.New("target unavailable")
	}
	t.got = append(t.got, j.EventID)
	return nil
}

func (t *target) received() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.got...)
}

type deadLetters struct {
	mu  sync.Mutex
	got []DeadLetter
}

func (d *deadLetters) SendDeadLetter(_ context.Context, dl DeadLetter) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, dl)
	return nil
}

func (d *deadLetters) letters() []DeadLetter {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]DeadLetter(nil), d.got...)
}

func openStore(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

type harness struct {
	st     store.Store
	d      *Dispatcher
	cancel context.CancelFunc
}

func startDispatcher(t *testing.T, st store.Store, targets map[string]Sender, dls DeadLetterSender) *harness {
	t.Helper()
	d := New(st, Options{
		Senders:      func(arn string) Sender { return targets[arn] },
		DeadLetters:  dls,
		Backoff:      Backoff{Base: 5 * time.Millisecond, Max: 20 * time.Millisecond},
		PollInterval: 10 * time.Millisecond,
		Lease:        time.Second,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx, cancel := context.WithCancel(context.Background())
	go d.Run(ctx)
	h := &harness{st: st, d: d, cancel: cancel}
	t.Cleanup(func() { cancel(); d.Wait() })
	return h
}

// enqueue commits jobs the way the domain does, then submits them.
func (h *harness) enqueue(t *testing.T, jobs ...*Job) {
	t.Helper()
	now := time.Now()
	lease := h.d.LeaseUntil(now)
	err := h.st.Update(context.Background(), func(tx store.Tx) error {
		recs := make([]store.Delivery, len(jobs))
		for i, j := range jobs {
			j.FirstPut, j.DueAt = now, now
			var err error
			if recs[i], err = h.d.Record(j, lease); err != nil {
				return err
			}
		}
		if err := tx.EnqueueDeliveries(recs); err != nil {
			return err
		}
		for i := range jobs {
			jobs[i].ID = recs[i].ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.d.Submit(jobs)
}

func queued(t *testing.T, st store.Store) int {
	var n int
	if err := st.View(context.Background(), func(tx store.Tx) error {
		var err error
		n, err = tx.CountDeliveries()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestFailingTargetIsRetriedUntilItAccepts(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	tgt := &target{failures: 3}
	h := startDispatcher(t, st, map[string]Sender{"arn:t": tgt}, nil)
	h.enqueue(t, &Job{TargetArn: "arn:t", EventID: "e1", RuleArn: "r", TargetID: "t"})
	eventually(t, "delivery after retries", func() bool { return len(tgt.received()) == 1 })
	eventually(t, "the queue to empty", func() bool { return queued(t, st) == 0 })
	if tgt.calls != 4 {
		t.Fatalf("target called %d times, want 4 (3 failures + 1 success)", tgt.calls)
	}
}

func TestExhaustedRetriesGoToTheDeadLetterQueueWithAWSAttributes(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	tgt := &target{failures: 100}
	dls := &deadLetters{}
	h := startDispatcher(t, st, map[string]Sender{"arn:t": tgt}, dls)
	h.enqueue(t, &Job{TargetArn: "arn:t", EventID: "e1", RuleArn: "arn:rule", TargetID: "t", Event: []byte(`{"id":"e1"}`),
		Target: TargetSpec{DeadLetterArn: "arn:aws:sqs:us-east-1:1:dlq", RetryPolicy: &RetryPolicy{MaximumRetryAttempts: 2, MaximumEventAge: time.Hour}}})
	eventually(t, "a dead letter", func() bool { return len(dls.letters()) == 1 })
	dl := dls.letters()[0]
	if string(dl.Body) != `{"id":"e1"}` || dl.QueueArn != "arn:aws:sqs:us-east-1:1:dlq" {
		t.Fatalf("dead letter: %+v", dl)
	}
	want := map[string]string{"RULE_ARN": "arn:rule", "TARGET_ARN": "arn:t", "RETRY_ATTEMPTS": "2",
		"EXHAUSTED_RETRY_CONDITION": "MaximumRetryAttempts", "ERROR_CODE": "DELIVERY_FAILED", "ERROR_MESSAGE": "target unavailable"}
	for k, v := range want {
		if dl.Attributes[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, dl.Attributes[k], v)
		}
	}
	if tgt.calls != 3 {
		t.Fatalf("target called %d times, want 3 (1 + 2 retries)", tgt.calls)
	}
	eventually(t, "the queue to empty", func() bool { return queued(t, st) == 0 })
}

func TestPermanentErrorSkipsRetriesAndWithoutQueueIsRecorded(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	tgt := &target{failures: 100, permanent: true}
	h := startDispatcher(t, st, map[string]Sender{"arn:t": tgt}, &deadLetters{})
	h.enqueue(t, &Job{TargetArn: "arn:t", EventID: "e1", RuleArn: "r", TargetID: "t"})
	var failed []store.FailedDelivery
	eventually(t, "a recorded failure", func() bool {
		_ = st.View(context.Background(), func(tx store.Tx) error {
			var err error
			failed, err = tx.ListFailedDeliveries(0)
			return err
		})
		return len(failed) == 1
	})
	if failed[0].Code != "BAD_REQUEST" || tgt.calls != 1 {
		t.Fatalf("failure %+v after %d calls", failed[0], tgt.calls)
	}
}

func TestSlowTargetDoesNotHoldBackOthers(t *testing.T) {
	st := openStore(t, filepath.Join(t.TempDir(), "q.db"))
	slow := &target{block: make(chan struct{})}
	fast := &target{}
	h := startDispatcher(t, st, map[string]Sender{"arn:slow": slow, "arn:fast": fast}, nil)
	var jobs []*Job
	for i := range 50 {
		jobs = append(jobs, &Job{TargetArn: "arn:slow", EventID: "s", RuleArn: "r", TargetID: "slow"},
			&Job{TargetArn: "arn:fast", EventID: string(rune('a' + i%26)), RuleArn: "r", TargetID: "fast"})
	}
	h.enqueue(t, jobs...)
	eventually(t, "the fast target to get all its events", func() bool { return len(fast.received()) == 50 })
	close(slow.block)
	eventually(t, "the slow target to catch up", func() bool { return len(slow.received()) == 50 })
}

func TestJobsSurviveARestartOfTheDispatcher(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.db")
	st := openStore(t, path)
	down := &target{failures: 1 << 30}
	h := startDispatcher(t, st, map[string]Sender{"arn:t": down}, nil)
	h.enqueue(t, &Job{TargetArn: "arn:t", EventID: "e1", RuleArn: "r", TargetID: "t"}, &Job{TargetArn: "arn:t", EventID: "e2", RuleArn: "r", TargetID: "t"})
	eventually(t, "some failed attempts", func() bool { down.mu.Lock(); defer down.mu.Unlock(); return down.calls >= 2 })
	h.cancel()
	h.d.Wait()

	up := &target{}
	startDispatcher(t, st, map[string]Sender{"arn:t": up}, nil)
	eventually(t, "both events after the restart", func() bool { return len(up.received()) == 2 })
	eventually(t, "the queue to empty", func() bool { return queued(t, st) == 0 })
}
