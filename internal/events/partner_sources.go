package events

import (
	"context"
	"strings"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// CreatePartnerEventSourceInput is the partner's offer of a source to one customer account.
type CreatePartnerEventSourceInput struct {
	Name    string
	Account string
}

// CreatePartnerEventSourceOutput carries the new source's ARN.
type CreatePartnerEventSourceOutput struct {
	EventSourceArn string `json:",omitempty"`
}

// CreatePartnerEventSource creates a PENDING source in the customer's view (T1).
func (s *Service) CreatePartnerEventSource(ctx context.Context, c Caller, in *CreatePartnerEventSourceInput) (*CreatePartnerEventSourceOutput, error) {
	arn := s.sourceARN(c.Region, in.Name)
	if err := c.authorizePartner("CreatePartnerEventSource", arn, in.Name); err != nil {
		return nil, err
	}
	err := s.update(ctx, func(tx store.Tx) error {
		// The name is unique in the region across all partners and
		// customers, DELETED tombstones included.
		_, found, err := s.loadSource(tx, c.Region, in.Name)
		if err != nil {
			return err
		}
		if found {
			return awserr.New(awserr.ResourceAlreadyExists, "Event source %s already exists.", in.Name)
		}
		src := s.pending(store.Source{Region: c.Region, Name: in.Name, PartnerAccount: c.Account,
			Account: in.Account, CreationTime: s.now()})
		return tx.PutSource(src)
	})
	if err != nil {
		return nil, err
	}
	return &CreatePartnerEventSourceOutput{EventSourceArn: arn}, nil
}

// DescribePartnerEventSourceInput names a source.
type DescribePartnerEventSourceInput struct{ Name string }

// DescribePartnerEventSourceOutput is the partner's view of one source.
type DescribePartnerEventSourceOutput struct {
	Arn  string `json:",omitempty"`
	Name string `json:",omitempty"`
}

// DescribePartnerEventSource returns a source the caller created and has not deleted.
func (s *Service) DescribePartnerEventSource(ctx context.Context, c Caller, in *DescribePartnerEventSourceInput) (*DescribePartnerEventSourceOutput, error) {
	arn := s.sourceARN(c.Region, in.Name)
	if err := c.authorizePartner("DescribePartnerEventSource", arn, in.Name); err != nil {
		return nil, err
	}
	var src store.Source
	err := s.view(ctx, func(tx store.Tx) error {
		var found bool
		var err error
		src, found, err = s.ownedBy(tx, c, in.Name)
		if err == nil && !found {
			err = sourceNotFound(in.Name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DescribePartnerEventSourceOutput{Arn: arn, Name: src.Name}, nil
}

// ListPartnerEventSourcesInput lists the caller's sources under a prefix.
type ListPartnerEventSourcesInput struct {
	NamePrefix string
	NextToken  string
	Limit      int
}

// PartnerEventSource is one element of ListPartnerEventSources.
type PartnerEventSource struct {
	Arn  string `json:",omitempty"`
	Name string `json:",omitempty"`
}

// ListPartnerEventSourcesOutput is one page of the caller's sources.
type ListPartnerEventSourcesOutput struct {
	PartnerEventSources []PartnerEventSource
	NextToken           string `json:",omitempty"`
}

// ListPartnerEventSources lists the caller's live sources whose names start with NamePrefix.
func (s *Service) ListPartnerEventSources(ctx context.Context, c Caller, in *ListPartnerEventSourcesInput) (*ListPartnerEventSourcesOutput, error) {
	// The prefix pattern guarantees aws.partner/<partner>/, so the prefix
	// names exactly one partner.
	if err := c.authorizePartner("ListPartnerEventSources", s.sourceARN(c.Region, in.NamePrefix), in.NamePrefix); err != nil {
		return nil, err
	}
	scope := "partner-sources|" + c.Account + "|" + c.Region + "|" + in.NamePrefix
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := pageSize(in.Limit)
	out := &ListPartnerEventSourcesOutput{PartnerEventSources: []PartnerEventSource{}}
	err = s.view(ctx, func(tx store.Tx) error {
		return s.scanSources(tx, store.SourceQuery{Region: c.Region, PartnerAccount: c.Account,
			NamePrefix: in.NamePrefix, After: after}, limit, func(src store.Source) bool {
			return src.State != store.StateDeleted
		}, func(src store.Source) {
			out.PartnerEventSources = append(out.PartnerEventSources,
				PartnerEventSource{Arn: s.sourceARN(src.Region, src.Name), Name: src.Name})
		}, func(last string) { out.NextToken = pageToken(scope, last) })
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanSources pages through sources matching q, keeping those for which
// keep returns true (after lazy expiry). It emits up to limit of them and,
// when more remain, calls more with the last emitted name: the resume point
// of the next page.
func (s *Service) scanSources(tx store.Tx, q store.SourceQuery, limit int, keep func(store.Source) bool,
	emit func(store.Source), more func(last string)) error {
	now := s.now()
	emitted, last := 0, ""
	for {
		q.Limit = limit + 1
		batch, err := tx.ListSources(q)
		if err != nil {
			return err
		}
		for _, raw := range batch {
			q.After = raw.Name
			src, found := effective(raw, true, now)
			if !found || !keep(src) {
				continue
			}
			if emitted == limit {
				more(last)
				return nil
			}
			emit(src)
			emitted, last = emitted+1, src.Name
		}
		if len(batch) < q.Limit {
			return nil
		}
	}
}

// ListPartnerEventSourceAccountsInput names the source whose customer is listed.
type ListPartnerEventSourceAccountsInput struct {
	EventSourceName string
	NextToken       string
	Limit           int
}

// PartnerEventSourceAccount is the customer side of a source as its partner sees it.
type PartnerEventSourceAccount struct {
	Account        string    `json:",omitempty"`
	CreationTime   Timestamp `json:",omitzero"`
	ExpirationTime Timestamp `json:",omitzero"`
	State          string    `json:",omitempty"`
}

// ListPartnerEventSourceAccountsOutput lists the customer a source is offered to.
type ListPartnerEventSourceAccountsOutput struct {
	PartnerEventSourceAccounts []PartnerEventSourceAccount
	NextToken                  string `json:",omitempty"`
}

// ListPartnerEventSourceAccounts reports the one customer account of a source and its state.
func (s *Service) ListPartnerEventSourceAccounts(ctx context.Context, c Caller, in *ListPartnerEventSourceAccountsInput) (*ListPartnerEventSourceAccountsOutput, error) {
	if err := c.authorizePartner("ListPartnerEventSourceAccounts", s.sourceARN(c.Region, in.EventSourceName), in.EventSourceName); err != nil {
		return nil, err
	}
	scope := "partner-accounts|" + c.Account + "|" + c.Region + "|" + in.EventSourceName
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	var src store.Source
	err = s.view(ctx, func(tx store.Tx) error {
		var found bool
		src, found, err = s.ownedBy(tx, c, in.EventSourceName)
		if err == nil && !found {
			err = sourceNotFound(in.EventSourceName)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &ListPartnerEventSourceAccountsOutput{PartnerEventSourceAccounts: []PartnerEventSourceAccount{}}
	// A source serves exactly one account, so there is one page; a token
	// pointing past it yields an empty page.
	if after == "" || strings.Compare(src.Account, after) > 0 {
		out.PartnerEventSourceAccounts = append(out.PartnerEventSourceAccounts, PartnerEventSourceAccount{
			Account: src.Account, CreationTime: At(src.CreationTime),
			ExpirationTime: At(src.ExpirationTime), State: src.State})
	}
	return out, nil
}

// DeletePartnerEventSourceInput names the source and the customer it was offered to.
type DeletePartnerEventSourceInput struct {
	Name    string
	Account string
}

// DeletePartnerEventSource withdraws a source (T6, T7). It is idempotent:
// the model has no ResourceNotFoundException for it.
func (s *Service) DeletePartnerEventSource(ctx context.Context, c Caller, in *DeletePartnerEventSourceInput) (*struct{}, error) {
	if err := c.authorizePartner("DeletePartnerEventSource", s.sourceARN(c.Region, in.Name), in.Name); err != nil {
		return nil, err
	}
	err := s.update(ctx, func(tx store.Tx) error {
		src, found, err := s.ownedBy(tx, c, in.Name)
		if err != nil || !found || src.Account != in.Account {
			return err
		}
		if !src.BusExists {
			return tx.DeleteSource(src.Region, src.Name) // T7
		}
		// T6: the customer keeps its bus and sees the source as DELETED
		// until it deletes the bus.
		src.State = store.StateDeleted
		src.ExpirationTime = time.Time{}
		return tx.PutSource(src)
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}
