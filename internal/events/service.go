// Package events is the EventBridge domain: partner event sources, event
// buses, and the events put onto them. It knows nothing of HTTP: each
// operation takes the caller and a typed input and returns a typed output or
// an *awserr.Error, and keeps its state in a store.Store.
package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/awserr"
	"github.com/bridgeport/bridgeport/internal/store"
	"github.com/google/uuid"
)

// Options configure a Service. Zero values take AWS's defaults.
type Options struct {
	// Partition is the ARN partition, "aws" by default.
	Partition string
	// PendingSourceTTL is how long a source may stay PENDING before it is
	// removed; AWS documents two weeks.
	PendingSourceTTL time.Duration
	// MaxBusesPerAccount is the per-account, per-region bus quota (AWS: 100).
	MaxBusesPerAccount int
	// MaxRulesPerBus is the rules-per-bus quota (AWS: 300 by default,
	// raised on request).
	MaxRulesPerBus int
	// Now returns the current time; tests inject a fake clock.
	Now func() time.Time
	// NewID returns a new event id; tests inject deterministic ids.
	NewID func() string
	// Logger receives domain-level logs.
	Logger *slog.Logger
	// Deliverer queues and starts deliveries of matched events.
	Deliverer Deliverer
	// Targets says whether an AWS service target ARN can be delivered to
	// (nil: none can). Event buses are always deliverable.
	Targets func(arn string) error
	// Changes, in a cluster, tells the other nodes about rule changes.
	Changes Changes
}

// Service implements the EventBridge operations on top of a store.
type Service struct {
	store  store.Store
	opts   Options
	routes *routes

	// accountsReady remembers the (account, region) pairs whose default bus
	// is known to exist, so the check costs one store write per pair per
	// process, not one per request.
	accountsReady sync.Map
}

// New returns a Service over st.
func New(st store.Store, opts Options) *Service {
	if opts.Partition == "" {
		opts.Partition = "aws"
	}
	if opts.PendingSourceTTL == 0 {
		opts.PendingSourceTTL = 14 * 24 * time.Hour
	}
	if opts.MaxBusesPerAccount == 0 {
		opts.MaxBusesPerAccount = 100
	}
	if opts.MaxRulesPerBus == 0 {
		opts.MaxRulesPerBus = DefaultMaxRulesPerBus
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = uuid.NewString
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	s := &Service{store: st, opts: opts}
	s.routes = &routes{svc: s}
	return s
}

// Start loads every rule into the router; call it before serving.
func (s *Service) Start(ctx context.Context) error {
	if err := s.ResyncRoutes(ctx); err != nil {
		return fmt.Errorf("load rules: %w", err)
	}
	return nil
}

// Caller is the authenticated principal of a request, as the domain needs it.
type Caller struct {
	Account string
	Region  string
	// PartnerName is the partner name this account owns (strict mode only).
	PartnerName string
	// Strict is true when identities are enforced: partner operations are
	// then limited to the caller's own partner name.
	Strict bool
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// update runs fn in a store transaction and turns a serialization conflict
// into the API's ConcurrentModificationException.
func (s *Service) update(ctx context.Context, fn func(tx store.Tx) error) error {
	return apiConflict(s.store.Update(ctx, fn))
}

// apiConflict turns the store's conflict into the API's error for it.
func apiConflict(err error) error {
	if errors.Is(err, store.ErrConflict) {
		return awserr.New(awserr.ConcurrentModification, "Another request changed this resource at the same time. Try again.")
	}
	return err
}

func (s *Service) view(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.store.View(ctx, fn)
}

// ensureDefaultBus makes sure the caller's account has its default bus:
// every AWS account has one in every region, and in open mode any
// twelve-digit account may appear at any time.
func (s *Service) ensureDefaultBus(ctx context.Context, c Caller) error {
	key := c.Account + "/" + c.Region
	if _, ok := s.accountsReady.Load(key); ok {
		return nil
	}
	err := s.update(ctx, func(tx store.Tx) error {
		_, found, err := tx.GetBus(c.Account, c.Region, defaultBusName)
		if err != nil || found {
			return err
		}
		now := s.now()
		return tx.PutBus(store.Bus{Account: c.Account, Region: c.Region, Name: defaultBusName,
			CreationTime: now, LastModifiedTime: now})
	})
	if err != nil {
		return fmt.Errorf("create default bus for %s: %w", key, err)
	}
	s.accountsReady.Store(key, struct{}{})
	return nil
}
