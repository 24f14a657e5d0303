package events

import (
	"context"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// EventSource is a partner source as the customer it is offered to sees it.
type EventSource struct {
	Arn            string    `json:",omitempty"`
	CreatedBy      string    `json:",omitempty"`
	CreationTime   Timestamp `json:",omitzero"`
	ExpirationTime Timestamp `json:",omitzero"`
	Name           string    `json:",omitempty"`
	State          string    `json:",omitempty"`
}

func (s *Service) eventSource(src store.Source) EventSource {
	return EventSource{Arn: s.sourceARN(src.Region, src.Name), CreatedBy: createdBy(src.Name),
		CreationTime: At(src.CreationTime), ExpirationTime: At(src.ExpirationTime),
		Name: src.Name, State: src.State}
}

// ListEventSourcesInput filters the caller's offered sources.
type ListEventSourcesInput struct {
	NamePrefix string
	NextToken  string
	Limit      int
}

// ListEventSourcesOutput is one page of offered sources.
type ListEventSourcesOutput struct {
	EventSources []EventSource
	NextToken    string `json:",omitempty"`
}

// ListEventSources lists every source offered to the caller, in any state.
func (s *Service) ListEventSources(ctx context.Context, c Caller, in *ListEventSourcesInput) (*ListEventSourcesOutput, error) {
	scope := "event-sources|" + c.Account + "|" + c.Region + "|" + in.NamePrefix
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	out := &ListEventSourcesOutput{EventSources: []EventSource{}}
	err = s.view(ctx, func(tx store.Tx) error {
		return s.scanSources(tx, store.SourceQuery{Region: c.Region, Account: c.Account,
			NamePrefix: in.NamePrefix, After: after}, pageSize(in.Limit),
			func(store.Source) bool { return true },
			func(src store.Source) { out.EventSources = append(out.EventSources, s.eventSource(src)) },
			func(last string) { out.NextToken = pageToken(scope, last) })
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DescribeEventSourceInput names an offered source.
type DescribeEventSourceInput struct{ Name string }

// DescribeEventSource returns one source offered to the caller.
func (s *Service) DescribeEventSource(ctx context.Context, c Caller, in *DescribeEventSourceInput) (*EventSource, error) {
	var out EventSource
	err := s.view(ctx, func(tx store.Tx) error {
		src, found, err := s.offeredTo(tx, c, in.Name)
		if err != nil {
			return err
		}
		if !found {
			return sourceNotFound(in.Name)
		}
		out = s.eventSource(src)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ActivateEventSourceInput names a deactivated source.
type ActivateEventSourceInput struct{ Name string }

// ActivateEventSource resumes delivery of a deactivated source (T4). It does
// not create the bus: without one AWS answers ResourceNotFoundException.
func (s *Service) ActivateEventSource(ctx context.Context, c Caller, in *ActivateEventSourceInput) (*struct{}, error) {
	return s.setSourceActive(ctx, c, in.Name, true)
}

// DeactivateEventSourceInput names an active source.
type DeactivateEventSourceInput struct{ Name string }

// DeactivateEventSource pauses delivery and keeps the bus (T3); the source is
// PENDING again and expires if left so.
func (s *Service) DeactivateEventSource(ctx context.Context, c Caller, in *DeactivateEventSourceInput) (*struct{}, error) {
	return s.setSourceActive(ctx, c, in.Name, false)
}

func (s *Service) setSourceActive(ctx context.Context, c Caller, name string, activate bool) (*struct{}, error) {
	err := s.update(ctx, func(tx store.Tx) error {
		src, found, err := s.offeredTo(tx, c, name)
		if err != nil {
			return err
		}
		if !found || !src.BusExists {
			return awserr.NotFoundf("Event source %s or event bus %s does not exist.", name, name)
		}
		switch {
		case src.State == store.StateDeleted:
			return awserr.New(awserr.InvalidState, "Event source %s is deleted and cannot be activated or deactivated.", name)
		case activate && src.State == store.StateActive:
			return awserr.New(awserr.InvalidState, "Event source %s is already active.", name)
		case !activate && src.State == store.StatePending:
			return awserr.New(awserr.InvalidState, "Event source %s is already inactive.", name)
		case activate:
			return tx.PutSource(active(src))
		default:
			return tx.PutSource(s.pending(src))
		}
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}
