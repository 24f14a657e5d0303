package server

import (
	"context"
	"fmt"
	"strings"

	"github.com/bridgeport/bridgeport/internal/delivery"
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

// senderFor picks the sender for a target ARN.
func (s *Server) senderFor(arn string) delivery.Sender {
	if strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":events:") && strings.Contains(arn, ":event-bus/") {
		return s.service.BusSender()
	}
	return nil
}
