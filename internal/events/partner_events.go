package events

import (
	"context"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// PutPartnerEventsInput carries up to 20 partner events.
type PutPartnerEventsInput struct {
	Entries []PutPartnerEventsEntry
}

// PutPartnerEventsEntry is one partner event. It has no bus name: the
// source routes it to the customer's bus of the same name.
type PutPartnerEventsEntry struct {
	Time       *Timestamp
	Source     string
	Resources  []string
	DetailType string
	Detail     string
}

// PutPartnerEventsOutput has one result per request entry, in order.
type PutPartnerEventsOutput struct {
	FailedEntryCount int
	Entries          []ResultEntry
}

// PutPartnerEvents accepts partner events and puts each one whose source is
// ACTIVE on the customer's partner bus, with account = the customer and
// source = the source name, where the bus's rules route it. Events for a
// PENDING or DELETED source get an EventId and are dropped, as PutEvents
// does for a missing bus.
func (s *Service) PutPartnerEvents(ctx context.Context, c Caller, in *PutPartnerEventsInput) (*PutPartnerEventsOutput, error) {
	total := 0
	for i := range in.Entries {
		e := &in.Entries[i]
		total += entrySize(e.Time != nil, e.Source, e.DetailType, e.Detail, e.Resources)
		if e.Source != "" {
			if err := c.authorizePartner("PutPartnerEvents", s.sourceARN(c.Region, e.Source), e.Source); err != nil {
				return nil, err
			}
		}
	}
	if total > maxRequestEntriesSize {
		return nil, tooLarge()
	}
	if c.Strict && c.PartnerName == "" {
		return nil, c.authorizePartner("PutPartnerEvents", s.sourceARN(c.Region, "aws.partner/*"), "")
	}

	out := &PutPartnerEventsOutput{Entries: make([]ResultEntry, len(in.Entries))}
	now := s.now()
	buf := make([]byte, 0, total+len(in.Entries)*envelopeOverhead)
	var q queued
	err := s.update(ctx, func(tx store.Tx) error {
		// The store may run this more than once: start over each time.
		out.FailedEntryCount, buf = 0, buf[:0]
		var evs []accepted
		sources := map[string]store.Source{}
		for i := range in.Entries {
			e := &in.Entries[i]
			res, ok := checkEntry(e.Source, e.DetailType, e.Detail)
			if !ok {
				out.Entries[i] = res
				out.FailedEntryCount++
				continue
			}
			src, seen := sources[e.Source]
			if !seen {
				var found bool
				var err error
				src, found, err = s.ownedBy(tx, c, e.Source)
				if err != nil {
					return err
				}
				if !found {
					src = store.Source{}
				}
				sources[e.Source] = src
			}
			if src.Name == "" {
				out.Entries[i] = ResultEntry{ErrorCode: awserr.NotAuthorizedForSourceEntry, ErrorMessage: "Not authorized for the source."}
				out.FailedEntryCount++
				continue
			}
			id := s.opts.NewID()
			out.Entries[i] = ResultEntry{EventId: id}
			if src.State != store.StateActive {
				continue
			}
			env := envelope{id: id, detailType: e.DetailType, source: e.Source, account: src.Account,
				region: c.Region, time: now, resources: e.Resources, detail: e.Detail}
			if e.Time != nil && !e.Time.IsZero() {
				env.time = e.Time.Time
			}
			from := len(buf)
			buf = env.appendJSON(buf)
			raw := buf[from:len(buf):len(buf)]
			evs = append(evs, accepted{bus: busKey{src.Account, c.Region, src.Name}, id: id, envelope: raw, at: now})
		}
		// Routing inside the transaction: the deliveries commit together
		// with the source state that allowed them.
		var err error
		if q, err = s.prepare(s.route(evs)); err != nil {
			return err
		}
		return q.write(tx)
	})
	if err != nil {
		return nil, err
	}
	s.start(q)
	return out, nil
}
