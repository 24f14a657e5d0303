package events

import (
	"context"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
)

// PutEventsInput carries up to ten custom events.
type PutEventsInput struct {
	Entries    []PutEventsEntry
	EndpointId string //nolint:revive // wire name
}

// PutEventsEntry is one custom event.
type PutEventsEntry struct {
	Time         *Timestamp
	Source       string
	Resources    []string
	DetailType   string
	Detail       string
	EventBusName string
	TraceHeader  string
}

// PutEventsOutput has one result per request entry, in order.
type PutEventsOutput struct {
	FailedEntryCount int
	Entries          []ResultEntry
}

// PutEvents accepts custom events and routes each to the rules of its bus.
// An event for a bus that does not exist, or has no matching rule, gets an
// EventId and goes nowhere, as on AWS.
func (s *Service) PutEvents(ctx context.Context, c Caller, in *PutEventsInput) (*PutEventsOutput, error) {
	total := 0
	for i := range in.Entries {
		e := &in.Entries[i]
		total += entrySize(e.Time != nil, e.Source, e.DetailType, e.Detail, e.Resources)
	}
	if total > maxRequestEntriesSize {
		return nil, tooLarge()
	}
	now := s.now()
	out := &PutEventsOutput{Entries: make([]ResultEntry, len(in.Entries))}
	evs := make([]accepted, 0, len(in.Entries))
	// Every envelope goes into one buffer: its size is the entries' size
	// plus the envelope's own keys, ids and times.
	buf := make([]byte, 0, total+len(in.Entries)*envelopeOverhead)
	var policies policyMemo
	for i := range in.Entries {
		e := &in.Entries[i]
		res, ok := checkEntry(e.Source, e.DetailType, e.Detail)
		if ok && strings.HasPrefix(e.Source, "aws.") {
			// Custom events may not pose as AWS services or partners.
			res, ok = ResultEntry{ErrorCode: awserr.NotAuthorizedForSourceEntry, ErrorMessage: "Not authorized for the source."}, false
		}
		var bus busKey
		if ok {
			bus, res, ok = s.putTarget(ctx, c, e.EventBusName, &policies)
		}
		if !ok {
			out.Entries[i] = res
			out.FailedEntryCount++
			continue
		}
		id := s.opts.NewID()
		out.Entries[i] = ResultEntry{EventId: id}
		env := envelope{id: id, detailType: e.DetailType, source: e.Source, account: c.Account, region: c.Region,
			time: now, resources: e.Resources, detail: e.Detail}
		if e.Time != nil && !e.Time.IsZero() {
			env.time = e.Time.Time
		}
		start := len(buf)
		buf = env.appendJSON(buf)
		evs = append(evs, accepted{bus: bus, id: id, envelope: buf[start:len(buf):len(buf)], at: now})
	}
	jobs := s.route(evs)
	if err := s.enqueue(ctx, jobs); err != nil {
		return nil, err
	}
	return out, nil
}

// policyMemo holds the answers of the bus policies one request has read,
// so that entries for the same bus of another account read it once.
type policyMemo map[busKey]bool

// putTarget resolves the bus of a PutEvents entry. A bus of another
// account takes the event only if its policy allows the caller.
func (s *Service) putTarget(ctx context.Context, c Caller, nameOrARN string, memo *policyMemo) (busKey, ResultEntry, bool) {
	ref := s.resolveBus(c, nameOrARN)
	if !ref.foreign {
		return busKey{c.Account, c.Region, ref.name}, ResultEntry{}, true
	}
	account, region := ref.account, ref.region
	if account == "" || region != c.Region {
		// Another region's bus is not reachable here: like a missing bus,
		// the event is accepted and goes nowhere.
		return busKey{}, ResultEntry{}, true
	}
	k := busKey{account, region, ref.name}
	allowed, known := (*memo)[k]
	if !known {
		var err error
		if allowed, err = s.mayPutEvents(ctx, c.Account, k); err != nil {
			s.opts.Logger.Error("read bus policy", "bus", nameOrARN, "err", err)
			return busKey{}, ResultEntry{ErrorCode: "InternalException", ErrorMessage: "An internal error occurred."}, false
		}
		if *memo == nil {
			*memo = policyMemo{}
		}
		(*memo)[k] = allowed
	}
	if !allowed {
		return busKey{}, ResultEntry{ErrorCode: awserr.AccessDenied, ErrorMessage: "User: arn:aws:iam::" + c.Account +
			":root is not authorized to perform: events:PutEvents on resource: " + nameOrARN}, false
	}
	return k, ResultEntry{}, true
}
