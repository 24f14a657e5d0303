package events

import (
	"context"
	"encoding/json"
	"time"

	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/bridgeport/bridgeport/internal/transform"
)

// Deliverer queues delivery jobs; the delivery dispatcher implements it.
type Deliverer interface {
	// LeaseUntil is the lease this node takes on jobs it delivers at once.
	LeaseUntil(now time.Time) time.Time
	// Record converts a job to its queue row.
	Record(j *delivery.Job, leaseUntil time.Time) (store.Delivery, error)
	// Submit starts delivering jobs whose rows are committed.
	Submit(jobs []*delivery.Job)
	// Matched counts a job created for a rule's target.
	Matched(j *delivery.Job)
}

// accepted is an event accepted onto a bus, about to be routed.
type accepted struct {
	bus      busKey
	id       string
	envelope []byte
	at       time.Time // ingestion time
}

// route matches accepted events against their buses' rules and builds one
// delivery job per matched (rule, target). It reads only the in-memory
// routes: an event put on a bus without rules costs no store access.
func (s *Service) route(evs []accepted) []*delivery.Job {
	var jobs []*delivery.Job
	var matched []string
	for _, ev := range evs {
		b := s.routes.bus(ev.bus)
		if b == nil {
			continue
		}
		var err error
		matched, err = b.matcher.Match(ev.envelope, matched[:0])
		if err != nil {
			s.opts.Logger.Error("match event", "event", ev.id, "err", err)
			continue
		}
		if len(matched) == 0 {
			continue
		}
		table := *b.rules.Load()
		for _, name := range matched {
			rule := table[name]
			if rule == nil {
				continue
			}
			for _, t := range rule.targets {
				if j := s.job(ev, rule, t); j != nil {
					jobs = append(jobs, j)
				}
			}
		}
	}
	return jobs
}

// job computes what one target receives for one event.
func (s *Service) job(ev accepted, rule *routedRule, t *compiledTarget) *delivery.Job {
	payload, err := t.transformer.Apply(ev.envelope, transform.Context{RuleArn: rule.arn, RuleName: rule.name, IngestionTime: ev.at})
	if err != nil {
		s.opts.Logger.Error("transform event for target", "event", ev.id, "rule", rule.arn, "target", t.id, "err", err)
		return nil
	}
	spec := t.spec
	if t.partitionKey != nil {
		if raw, found, err := t.partitionKey.Lookup(ev.envelope); err == nil && found {
			spec.PartitionKey = unquoteJSON(raw)
		}
	}
	return &delivery.Job{Account: ev.bus.account, Region: ev.bus.region, Bus: ev.bus.name, RuleName: rule.name,
		RuleArn: rule.arn, TargetID: t.id, TargetArn: t.arn, EventID: ev.id, Event: ev.envelope, Payload: payload,
		Target: spec, FirstPut: ev.at, DueAt: ev.at}
}

// enqueue commits jobs to the durable queue in a transaction of their own
// and starts delivering them. No jobs (nothing matched) costs nothing.
func (s *Service) enqueue(ctx context.Context, jobs []*delivery.Job) error {
	if len(jobs) == 0 {
		return nil
	}
	q, err := s.prepare(jobs)
	if err != nil {
		return err
	}
	if err := apiConflict(s.store.Enqueue(ctx, q.recs)); err != nil {
		return err
	}
	s.start(q)
	return nil
}

// queued is delivery jobs with their queue rows, encoded ahead of the
// transaction that writes them so that the encoding never runs on the
// store's single writer.
type queued struct {
	jobs []*delivery.Job
	recs []store.Delivery
}

// prepare encodes the queue rows of jobs. The rows carry this node's lease:
// the node delivers them itself right after they commit.
func (s *Service) prepare(jobs []*delivery.Job) (queued, error) {
	q := queued{jobs: jobs}
	if len(jobs) == 0 {
		return q, nil
	}
	lease := s.opts.Deliverer.LeaseUntil(s.now())
	q.recs = make([]store.Delivery, len(jobs))
	for i, j := range jobs {
		var err error
		if q.recs[i], err = s.opts.Deliverer.Record(j, lease); err != nil {
			return queued{}, err
		}
	}
	return q, nil
}

// write adds the rows to the durable queue inside tx.
func (q queued) write(tx store.Tx) error {
	if len(q.recs) == 0 {
		return nil
	}
	return tx.EnqueueDeliveries(q.recs)
}

// start hands the jobs to delivery once their transaction has committed.
func (s *Service) start(q queued) {
	if len(q.jobs) == 0 {
		return
	}
	for i, j := range q.jobs {
		j.ID = q.recs[i].ID
		s.opts.Deliverer.Matched(j)
	}
	s.opts.Deliverer.Submit(q.jobs)
}

// unquoteJSON turns a JSON string's raw text into its value; other JSON
// values are used as their text.
func unquoteJSON(raw []byte) string {
	if len(raw) >= 2 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			return s
		}
	}
	return string(raw)
}
