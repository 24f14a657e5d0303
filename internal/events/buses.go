package events

import (
	"context"
	"strings"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
)

// DeadLetterConfig names the SQS queue for events a bus or target cannot deliver.
type DeadLetterConfig struct {
	Arn string `json:",omitempty"`
}

// LogConfig is a bus's logging configuration.
type LogConfig struct {
	IncludeDetail string `json:",omitempty"`
	Level         string `json:",omitempty"`
}

func deadLetter(b store.Bus) *DeadLetterConfig {
	if b.DeadLetterArn == "" {
		return nil
	}
	return &DeadLetterConfig{Arn: b.DeadLetterArn}
}

func logConfig(b store.Bus) *LogConfig {
	if b.LogLevel == "" && b.LogIncludeDetail == "" {
		return nil
	}
	return &LogConfig{IncludeDetail: b.LogIncludeDetail, Level: b.LogLevel}
}

func busNotFound(name string) error {
	return awserr.NotFoundf("Event bus %s does not exist.", name)
}

// CreateEventBusInput creates a custom bus, or a partner bus when
// EventSourceName is set.
type CreateEventBusInput struct {
	Name             string
	EventSourceName  string
	Description      string
	KmsKeyIdentifier string
	DeadLetterConfig *DeadLetterConfig
	LogConfig        *LogConfig
	Tags             []store.Tag
}

// CreateEventBusOutput echoes the bus's ARN and the settings supplied.
type CreateEventBusOutput struct {
	EventBusArn      string            `json:",omitempty"`
	Description      string            `json:",omitempty"`
	KmsKeyIdentifier string            `json:",omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:",omitempty"`
	LogConfig        *LogConfig        `json:",omitempty"`
}

// maxTags is AWS's tags-per-resource limit.
const maxTags = 50

// CreateEventBus creates a bus. With EventSourceName it creates the partner
// bus that turns a PENDING source ACTIVE (T2).
func (s *Service) CreateEventBus(ctx context.Context, c Caller, in *CreateEventBusInput) (*CreateEventBusOutput, error) {
	if in.EventSourceName == "" {
		if strings.HasPrefix(in.Name, "aws.") {
			return nil, awserr.Validationf("EventBus name starting with 'aws.' is not valid.")
		}
		if strings.Contains(in.Name, "/") {
			return nil, awserr.Validationf("Event bus name must not contain '/'.")
		}
	} else if in.Name != in.EventSourceName {
		return nil, awserr.Validationf("Event bus name must match the event source name.")
	}
	if len(in.Tags) > maxTags {
		return nil, awserr.Validationf("The number of tags on a resource must not exceed %d.", maxTags)
	}
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	now := s.now()
	bus := store.Bus{Account: c.Account, Region: c.Region, Name: in.Name, EventSourceName: in.EventSourceName,
		Description: in.Description, KmsKeyIdentifier: in.KmsKeyIdentifier,
		Tags: in.Tags, CreationTime: now, LastModifiedTime: now}
	if in.DeadLetterConfig != nil {
		bus.DeadLetterArn = in.DeadLetterConfig.Arn
	}
	if in.LogConfig != nil {
		bus.LogLevel, bus.LogIncludeDetail = in.LogConfig.Level, in.LogConfig.IncludeDetail
	}
	err := s.update(ctx, func(tx store.Tx) error {
		if _, found, err := tx.GetBus(c.Account, c.Region, in.Name); err != nil || found {
			if err == nil {
				err = awserr.New(awserr.ResourceAlreadyExists, "Event bus %s already exists.", in.Name)
			}
			return err
		}
		if n, err := tx.CountBuses(c.Account, c.Region); err != nil || n >= s.opts.MaxBusesPerAccount {
			if err == nil {
				err = awserr.New(awserr.LimitExceeded, "The requested resource exceeds the maximum number allowed.")
			}
			return err
		}
		if in.EventSourceName != "" {
			src, found, err := s.offeredTo(tx, c, in.EventSourceName)
			if err != nil {
				return err
			}
			if !found {
				return sourceNotFound(in.EventSourceName)
			}
			if src.State == store.StateDeleted || src.BusExists {
				return awserr.New(awserr.InvalidState, "Event source %s is in state %s and cannot be attached to a new event bus.", src.Name, src.State)
			}
			src = active(src)
			src.BusExists = true
			if err := tx.PutSource(src); err != nil {
				return err
			}
		}
		return tx.PutBus(bus)
	})
	if err != nil {
		return nil, err
	}
	return &CreateEventBusOutput{EventBusArn: s.busARN(c.Account, c.Region, in.Name),
		Description: in.Description, KmsKeyIdentifier: in.KmsKeyIdentifier,
		DeadLetterConfig: deadLetter(bus), LogConfig: logConfig(bus)}, nil
}

// DescribeEventBusInput names a bus by name or ARN; empty means default.
type DescribeEventBusInput struct{ Name string }

// DescribeEventBusOutput is one bus with its settings and policy.
type DescribeEventBusOutput struct {
	Name             string            `json:",omitempty"`
	Arn              string            `json:",omitempty"`
	Description      string            `json:",omitempty"`
	KmsKeyIdentifier string            `json:",omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:",omitempty"`
	Policy           string            `json:",omitempty"`
	LogConfig        *LogConfig        `json:",omitempty"`
	CreationTime     Timestamp         `json:",omitzero"`
	LastModifiedTime Timestamp         `json:",omitzero"`
}

// DescribeEventBus returns one of the caller's buses.
func (s *Service) DescribeEventBus(ctx context.Context, c Caller, in *DescribeEventBusInput) (*DescribeEventBusOutput, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	ref := s.resolveBus(c, in.Name)
	if ref.foreign {
		return nil, busNotFound(ref.name)
	}
	var b store.Bus
	err := s.view(ctx, func(tx store.Tx) error {
		var found bool
		var err error
		b, found, err = tx.GetBus(c.Account, c.Region, ref.name)
		if err == nil && !found {
			err = busNotFound(ref.name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &DescribeEventBusOutput{Name: b.Name, Arn: s.busARN(b.Account, b.Region, b.Name),
		Description: b.Description, KmsKeyIdentifier: b.KmsKeyIdentifier, DeadLetterConfig: deadLetter(b),
		Policy: b.Policy, LogConfig: logConfig(b),
		CreationTime: At(b.CreationTime), LastModifiedTime: At(b.LastModifiedTime)}, nil
}

// ListEventBusesInput filters the caller's buses.
type ListEventBusesInput struct {
	NamePrefix string
	NextToken  string
	Limit      int
}

// EventBus is one element of ListEventBuses.
type EventBus struct {
	Name             string    `json:",omitempty"`
	Arn              string    `json:",omitempty"`
	Description      string    `json:",omitempty"`
	Policy           string    `json:",omitempty"`
	CreationTime     Timestamp `json:",omitzero"`
	LastModifiedTime Timestamp `json:",omitzero"`
}

// ListEventBusesOutput is one page of buses.
type ListEventBusesOutput struct {
	EventBuses []EventBus
	NextToken  string `json:",omitempty"`
}

// ListEventBuses lists the caller's default, custom and partner buses.
func (s *Service) ListEventBuses(ctx context.Context, c Caller, in *ListEventBusesInput) (*ListEventBusesOutput, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	scope := "buses|" + c.Account + "|" + c.Region + "|" + in.NamePrefix
	after, err := afterToken(scope, in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := pageSize(in.Limit)
	var buses []store.Bus
	err = s.view(ctx, func(tx store.Tx) error {
		buses, err = tx.ListBuses(store.BusQuery{Account: c.Account, Region: c.Region,
			NamePrefix: in.NamePrefix, After: after, Limit: limit + 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &ListEventBusesOutput{EventBuses: []EventBus{}}
	if len(buses) > limit {
		buses = buses[:limit]
		out.NextToken = pageToken(scope, buses[limit-1].Name)
	}
	for _, b := range buses {
		out.EventBuses = append(out.EventBuses, EventBus{Name: b.Name, Arn: s.busARN(b.Account, b.Region, b.Name),
			Description: b.Description, Policy: b.Policy,
			CreationTime: At(b.CreationTime), LastModifiedTime: At(b.LastModifiedTime)})
	}
	return out, nil
}

// DeleteEventBusInput names a bus (a name, never an ARN).
type DeleteEventBusInput struct{ Name string }

// DeleteEventBus deletes a custom or partner bus. Deleting a missing bus
// succeeds, as on AWS. A partner bus's source goes back to PENDING (T5), or
// disappears if the partner had deleted it (T8).
func (s *Service) DeleteEventBus(ctx context.Context, c Caller, in *DeleteEventBusInput) (*struct{}, error) {
	if in.Name == defaultBusName {
		return nil, awserr.Validationf("Cannot delete event bus default.")
	}
	err := s.update(ctx, func(tx store.Tx) error {
		bus, found, err := tx.GetBus(c.Account, c.Region, in.Name)
		if err != nil || !found {
			return err
		}
		// AWS refuses rather than cascading: deleting rules (and so their
		// targets) must be the caller's explicit choice.
		if has, err := hasRules(tx, c.Account, c.Region, in.Name); err != nil || has {
			if err == nil {
				err = awserr.Validationf("EventBus can't be deleted since it has rules.")
			}
			return err
		}
		if bus.EventSourceName != "" {
			src, found, err := s.offeredTo(tx, c, bus.EventSourceName)
			if err != nil {
				return err
			}
			switch {
			case !found:
			case src.State == store.StateDeleted:
				if err := tx.DeleteSource(src.Region, src.Name); err != nil { // T8
					return err
				}
			default:
				src = s.pending(src) // T5
				src.BusExists = false
				if err := tx.PutSource(src); err != nil {
					return err
				}
			}
		}
		return tx.DeleteBus(c.Account, c.Region, in.Name)
	})
	if err != nil {
		return nil, err
	}
	return &struct{}{}, nil
}

// UpdateEventBusInput changes a bus's settings. A member left out keeps its
// value; a member given empty ("" or {}) clears it. Pointers tell the two apart.
type UpdateEventBusInput struct {
	Name             string
	KmsKeyIdentifier *string
	Description      *string
	DeadLetterConfig *DeadLetterConfig
	LogConfig        *LogConfig
}

// UpdateEventBusOutput echoes the bus's current settings.
type UpdateEventBusOutput struct {
	Arn              string            `json:",omitempty"`
	Name             string            `json:",omitempty"`
	KmsKeyIdentifier string            `json:",omitempty"`
	Description      string            `json:",omitempty"`
	DeadLetterConfig *DeadLetterConfig `json:",omitempty"`
	LogConfig        *LogConfig        `json:",omitempty"`
}

// UpdateEventBus updates a bus's description, KMS key, dead-letter queue and logging.
func (s *Service) UpdateEventBus(ctx context.Context, c Caller, in *UpdateEventBusInput) (*UpdateEventBusOutput, error) {
	if err := s.ensureDefaultBus(ctx, c); err != nil {
		return nil, err
	}
	name := in.Name
	if name == "" {
		name = defaultBusName
	}
	var bus store.Bus
	err := s.update(ctx, func(tx store.Tx) error {
		var found bool
		var err error
		bus, found, err = tx.GetBus(c.Account, c.Region, name)
		if err != nil {
			return err
		}
		if !found {
			return busNotFound(name)
		}
		if in.Description != nil {
			bus.Description = *in.Description
		}
		if in.KmsKeyIdentifier != nil {
			bus.KmsKeyIdentifier = *in.KmsKeyIdentifier
		}
		if in.DeadLetterConfig != nil {
			bus.DeadLetterArn = in.DeadLetterConfig.Arn
		}
		if in.LogConfig != nil {
			bus.LogLevel, bus.LogIncludeDetail = in.LogConfig.Level, in.LogConfig.IncludeDetail
		}
		bus.LastModifiedTime = s.now()
		return tx.PutBus(bus)
	})
	if err != nil {
		return nil, err
	}
	return &UpdateEventBusOutput{Arn: s.busARN(c.Account, c.Region, name), Name: name,
		KmsKeyIdentifier: bus.KmsKeyIdentifier, Description: bus.Description,
		DeadLetterConfig: deadLetter(bus), LogConfig: logConfig(bus)}, nil
}

// hasRules reports whether a bus has any rule; a bus with rules cannot be deleted.
func hasRules(tx store.Tx, account, region, bus string) (bool, error) {
	n, err := tx.CountRules(account, region, bus)
	return n > 0, err
}
