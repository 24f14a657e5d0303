package server

import (
	"context"
	"fmt"
	"time"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/delivery/awstarget"
	"github.com/bridgeport/bridgeport/internal/events"
	"github.com/bridgeport/bridgeport/internal/store"
)

// prepareDelivery loads the rules into the router and frees the leases a
// previous run of this single-node store left behind, so its undelivered
// jobs go out at once instead of after their leases expire.
func (s *Server) prepareDelivery(ctx context.Context) error {
	if err := s.service.Start(ctx); err != nil {
		return err
	}
	if s.cfg.Store != "" {
		return nil // other nodes may hold leases: they expire on their own
	}
	if err := s.store.Update(ctx, func(tx store.Tx) error { return tx.ReleaseDeliveryLeases() }); err != nil {
		return fmt.Errorf("release delivery leases: %w", err)
	}
	return nil
}

// newAWSSender builds the sender for AWS service targets and dead-letter
// queues. Credentials come from the standard AWS chain, resolved when a
// target is first called.
func newAWSSender(ctx context.Context, endpoint string) (*awstarget.Sender, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration for service targets: %w", err)
	}
	return awstarget.New(awstarget.Config{Endpoint: endpoint, AWS: cfg}), nil
}

// senderFor picks the sender for a target ARN.
func (s *Server) senderFor(arn string) delivery.Sender {
	switch events.KindOf(arn) {
	case events.TargetBus:
		return s.service.BusSender()
	case events.TargetAPIDestination:
		return s.apiDestinations
	case events.TargetAWS:
		if s.aws.Supports(arn) == nil {
			return s.aws
		}
	}
	return nil
}

// resyncInterval bounds how long a node can stay stale if it missed a
// change notification without noticing the disconnection.
const resyncInterval = 30 * time.Second

// runChores starts the background work besides delivery. On a shared
// PostgreSQL store the sweeper runs on the one node that leads, and rule
// changes from other nodes are followed.
func (s *Server) runChores(ctx context.Context) {
	if s.leader == nil {
		go s.service.RunSweeper(ctx, sweepInterval)
		return
	}
	go s.leader.Run(ctx, func(ctx context.Context) { s.service.RunSweeper(ctx, sweepInterval) })
	go s.changes.Listen(ctx, func(payload string) { s.service.RuleChanged(ctx, payload) })
	go func() {
		t := time.NewTicker(resyncInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := s.service.ResyncRoutes(ctx); err != nil && ctx.Err() == nil {
					s.log.Error("periodic route resync", "err", err)
				}
			}
		}
	}()
}
