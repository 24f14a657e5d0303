package server

import (
	"context"
	"fmt"
	"strings"

	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/bridgeport/bridgeport/internal/delivery"
	"github.com/bridgeport/bridgeport/internal/delivery/awstarget"
	"github.com/bridgeport/bridgeport/internal/store"
)

// prepareDelivery loads the rules into the router and frees the leases a
// previous run of this single-node store left behind, so its undelivered
// jobs go out at once instead of after their leases expire.
func (s *Server) prepareDelivery(ctx context.Context) error {
	if err := s.service.Start(ctx); err != nil {
		return err
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
	if strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":events:") {
		switch {
		case strings.Contains(arn, ":event-bus/"):
			return s.service.BusSender()
		case strings.Contains(arn, ":api-destination/"):
			return s.apiDestinations
		}
		return nil
	}
	if s.aws.Supports(arn) == nil {
		return s.aws
	}
	return nil
}
