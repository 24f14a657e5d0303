package delivery

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// Options configure a Dispatcher.
type Options struct {
	// Senders picks the sender for a target ARN; nil means none can.
	Senders func(arn string) Sender
	// DeadLetters sends to dead-letter queues.
	DeadLetters DeadLetterSender
	Backoff     Backoff
	// Lease is how long a node owns a job it is delivering; after it
	// expires any node may claim the job again. It must exceed the longest
	// send (API destinations time out after 5 s).
	Lease time.Duration
	// PollInterval is how often due retries and orphaned jobs are claimed.
	PollInterval time.Duration
	// WorkersPerTarget bounds concurrent sends to one target, so a slow
	// target never holds back the others.
	WorkersPerTarget int
	// QueuePerTarget bounds the jobs held in memory per target; beyond it
	// they wait in the store.
	QueuePerTarget int
	Now            func() time.Time
	Logger         *slog.Logger
	Metrics        *Metrics
}

// Dispatcher delivers queued jobs at least once.
type Dispatcher struct {
	store store.Store
	opts  Options

	mu      sync.Mutex
	targets map[string]*targetQueue // by target ARN
	rnd     *rand.Rand

	done    chan *Job // delivered jobs, deleted in batches
	wg      sync.WaitGroup
	ctx     context.Context
	stopped chan struct{}
}

// New returns a Dispatcher; Run starts it.
func New(st store.Store, opts Options) *Dispatcher {
	if opts.Backoff == (Backoff{}) {
		opts.Backoff = DefaultBackoff
	}
	if opts.Lease == 0 {
		// Twice the 5 s send timeout: long enough that a live node keeps
		// its jobs, short enough that a dead node's resume within seconds.
		opts.Lease = 10 * time.Second
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = 500 * time.Millisecond
	}
	if opts.WorkersPerTarget == 0 {
		opts.WorkersPerTarget = 16
	}
	if opts.QueuePerTarget == 0 {
		opts.QueuePerTarget = 4096
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Metrics == nil {
		opts.Metrics = NewMetrics(nil)
	}
	return &Dispatcher{store: st, opts: opts, targets: map[string]*targetQueue{},
		rnd: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x6272)), done: make(chan *Job, 4096),
		stopped: make(chan struct{})}
}

// LeaseUntil is the lease a node sets on jobs it enqueues and delivers
// itself right away.
func (d *Dispatcher) LeaseUntil(now time.Time) time.Time { return now.Add(d.opts.Lease) }

// Record converts a job to the queue row to enqueue.
func (d *Dispatcher) Record(j *Job, leaseUntil time.Time) (store.Delivery, error) {
	return record(j, leaseUntil)
}

// Matched counts a job created for a rule's target.
func (d *Dispatcher) Matched(j *Job) {
	d.opts.Metrics.Matched.WithLabelValues(j.RuleArn, j.TargetID).Inc()
}

// Run delivers until ctx ends, then waits for in-flight sends.
func (d *Dispatcher) Run(ctx context.Context) {
	d.mu.Lock()
	d.ctx = ctx
	d.mu.Unlock()
	d.wg.Add(1)
	go func() { defer d.wg.Done(); d.completeLoop(ctx) }()
	d.pollLoop(ctx)
	d.wg.Wait()
	close(d.stopped)
}

// Submit hands jobs this node has just enqueued (and leased) to their
// targets' queues. A job that does not fit waits in the store for the poller.
func (d *Dispatcher) Submit(jobs []*Job) {
	var overflow []store.Delivery
	for _, j := range jobs {
		if d.offer(j) {
			continue
		}
		rec, err := record(j, time.Time{})
		if err != nil {
			d.opts.Logger.Error("release delivery", "id", j.ID, "err", err)
			continue
		}
		overflow = append(overflow, rec)
	}
	d.release(overflow)
}

func (d *Dispatcher) offer(j *Job) bool {
	q := d.queue(j.TargetArn)
	if q == nil {
		return false
	}
	select {
	case q.jobs <- j:
		return true
	default:
		return false
	}
}

// release writes back, unleased, the rows of jobs that did not fit their
// target's queue, in one transaction, so that the poller picks them up
// later.
func (d *Dispatcher) release(recs []store.Delivery) {
	if len(recs) == 0 {
		return
	}
	err := d.store.Update(context.Background(), func(tx store.Tx) error {
		for _, rec := range recs {
			if err := tx.UpdateDelivery(rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		// Their leases still expire: the jobs are late, not lost.
		d.opts.Logger.Error("release deliveries", "count", len(recs), "err", err)
	}
}

func (d *Dispatcher) queue(arn string) *targetQueue {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ctx == nil || d.ctx.Err() != nil {
		return nil
	}
	q := d.targets[arn]
	if q == nil {
		q = &targetQueue{jobs: make(chan *Job, d.opts.QueuePerTarget)}
		d.targets[arn] = q
		for range d.opts.WorkersPerTarget {
			d.wg.Add(1)
			go func() { defer d.wg.Done(); d.work(d.ctx, q) }()
		}
	}
	return q
}

// targetQueue is the in-memory line of jobs for one target.
type targetQueue struct{ jobs chan *Job }

func (d *Dispatcher) work(ctx context.Context, q *targetQueue) {
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-q.jobs:
			d.attempt(ctx, j)
		}
	}
}

// attempt sends a job once and decides what follows.
func (d *Dispatcher) attempt(ctx context.Context, j *Job) {
	sender := d.opts.Senders(j.TargetArn)
	var err error
	if sender == nil {
		err = Permanentf("SDK_CLIENT_ERROR", "Bridgeport cannot deliver to %s", j.TargetArn)
	} else {
		err = sender.Send(ctx, j)
	}
	if ctx.Err() != nil {
		return // shutting down: the lease expires and the job is retried
	}
	j.Attempts++
	labels := []string{j.RuleArn, j.TargetID}
	if err == nil {
		d.opts.Metrics.Delivered.WithLabelValues(labels...).Inc()
		d.opts.Metrics.Latency.Observe(d.opts.Now().Sub(j.FirstPut).Seconds())
		if d.opts.Logger.Enabled(ctx, slog.LevelDebug) {
			// Guarded: the arguments would otherwise be boxed for every delivery.
			d.opts.Logger.DebugContext(ctx, "delivered", "event", j.EventID, "rule", j.RuleArn, "target", j.TargetID, "attempt", j.Attempts)
		}
		d.done <- j
		return
	}
	now := d.opts.Now()
	if !IsPermanent(err) {
		d.mu.Lock()
		next, ok := j.Policy().Next(d.opts.Backoff, j.Attempts, j.FirstPut, now, d.rnd)
		d.mu.Unlock()
		if ok {
			d.opts.Metrics.Retried.WithLabelValues(labels...).Inc()
			d.opts.Logger.Info("delivery failed, will retry", "event", j.EventID, "rule", j.RuleArn, "target", j.TargetID,
				"attempt", j.Attempts, "retry_at", next, "err", err)
			d.reschedule(j, next)
			return
		}
	}
	d.giveUp(ctx, j, err)
}

// reschedule writes the job back, unleased, due at the given time.
func (d *Dispatcher) reschedule(j *Job, due time.Time) {
	j.DueAt = due
	rec, err := record(j, time.Time{})
	if err == nil {
		err = d.store.Update(context.Background(), func(tx store.Tx) error { return tx.UpdateDelivery(rec) })
	}
	if err != nil {
		// The lease still expires, so the job is not lost; it is retried late.
		d.opts.Logger.Error("reschedule delivery", "id", j.ID, "err", err)
	}
}

// giveUp sends the job to its dead-letter queue, or records it as failed,
// and removes it from the queue.
func (d *Dispatcher) giveUp(ctx context.Context, j *Job, cause error) {
	labels := []string{j.RuleArn, j.TargetID}
	code, message := errorCode(cause), cause.Error()
	condition := "MaximumRetryAttempts"
	if !IsPermanent(cause) && d.opts.Now().Sub(j.FirstPut) >= j.Policy().MaximumEventAge-d.opts.Backoff.Max {
		condition = "MaximumEventAgeInSeconds"
	}
	if IsPermanent(cause) {
		condition = "NonRetriableError"
	}
	if j.Target.DeadLetterArn != "" && d.opts.DeadLetters != nil {
		dl := DeadLetter{QueueArn: j.Target.DeadLetterArn, Body: j.Event, Attributes: map[string]string{
			"RULE_ARN": j.RuleArn, "TARGET_ARN": j.TargetArn, "ERROR_CODE": code, "ERROR_MESSAGE": message,
			"EXHAUSTED_RETRY_CONDITION": condition, "RETRY_ATTEMPTS": strconv.Itoa(max(j.Attempts-1, 0))}}
		err := d.opts.DeadLetters.SendDeadLetter(ctx, dl)
		if err == nil {
			d.opts.Metrics.DeadLettered.WithLabelValues(labels...).Inc()
			d.opts.Logger.Warn("delivery dead-lettered", "event", j.EventID, "rule", j.RuleArn, "target", j.TargetID,
				"dlq", j.Target.DeadLetterArn, "attempts", j.Attempts, "err", cause)
			d.done <- j
			return
		}
		code, message = "DEAD_LETTER_FAILED", "dead-letter queue "+j.Target.DeadLetterArn+": "+err.Error()+"; delivery: "+message
	}
	d.opts.Metrics.Failed.WithLabelValues(labels...).Inc()
	d.opts.Logger.Warn("delivery dropped", "event", j.EventID, "rule", j.RuleArn, "target", j.TargetID,
		"attempts", j.Attempts, "code", code, "err", message)
	rec, err := record(j, time.Time{})
	if err == nil {
		err = d.store.Update(context.Background(), func(tx store.Tx) error {
			if err := tx.RecordFailedDelivery(store.FailedDelivery{Time: d.opts.Now(), Code: code, Message: message, Doc: rec.Doc}); err != nil {
				return err
			}
			return tx.DeleteDeliveries([]int64{j.ID})
		})
	}
	if err != nil {
		d.opts.Logger.Error("record failed delivery", "id", j.ID, "err", err)
	}
}

func errorCode(err error) string {
	var p *PermanentError
	if errors.As(err, &p) {
		return p.Code
	}
	return "DELIVERY_FAILED"
}

// completeLoop deletes delivered jobs in batches: one store transaction for
// many completions keeps the queue's write cost per event small.
func (d *Dispatcher) completeLoop(ctx context.Context) {
	const maxBatch = 512
	ids := make([]int64, 0, maxBatch)
	flush := func() {
		if len(ids) == 0 {
			return
		}
		batch := ids
		if err := d.store.Update(context.Background(), func(tx store.Tx) error { return tx.DeleteDeliveries(batch) }); err != nil {
			// Undeleted jobs are delivered again after their lease: a
			// duplicate, which at-least-once allows, never a loss.
			d.opts.Logger.Error("delete delivered jobs", "count", len(batch), "err", err)
		}
		ids = ids[:0]
	}
	for {
		select {
		case j := <-d.done:
			ids = append(ids, j.ID)
		drain:
			for len(ids) < maxBatch {
				select {
				case j := <-d.done:
					ids = append(ids, j.ID)
				default:
					break drain
				}
			}
			flush()
		case <-ctx.Done():
			for {
				select {
				case j := <-d.done:
					ids = append(ids, j.ID)
				default:
					flush()
					return
				}
			}
		}
	}
}

// pollLoop claims jobs that are due and not leased: retries whose time has
// come, and jobs of a node that died (their lease expired).
func (d *Dispatcher) pollLoop(ctx context.Context) {
	t := time.NewTicker(d.opts.PollInterval)
	defer t.Stop()
	for {
		d.poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Dispatcher) poll(ctx context.Context) {
	const batch = 1024
	for ctx.Err() == nil {
		now := d.opts.Now()
		var claimed []store.Delivery
		err := d.store.Update(ctx, func(tx store.Tx) error {
			var err error
			claimed, err = tx.ClaimDeliveries(now, now.Add(d.opts.Lease), batch)
			return err
		})
		if err != nil {
			if ctx.Err() == nil {
				d.opts.Logger.Error("claim deliveries", "err", err)
			}
			return
		}
		var overflow []store.Delivery
		for _, rec := range claimed {
			j, err := jobOf(rec)
			if err != nil {
				d.opts.Logger.Error("unreadable delivery job", "id", rec.ID, "err", err)
				continue
			}
			if !d.offer(j) {
				// The row as claimed, unchanged but for its lease.
				rec.LeaseUntil = time.Time{}
				overflow = append(overflow, rec)
			}
		}
		d.release(overflow)
		full := len(overflow) > 0
		// A full target queue means claiming more now would only churn:
		// the rest waits for the next poll.
		if full || len(claimed) < batch {
			return
		}
	}
}

// Wait blocks until Run has returned.
func (d *Dispatcher) Wait() { <-d.stopped }
