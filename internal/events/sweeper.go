package events

import (
	"context"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// sweepBatch bounds one expiry transaction so a large backlog never holds
// the writer for long.
const sweepBatch = 500

// ExpirePendingSources makes T9 permanent: a source PENDING past its
// ExpirationTime is removed, or turned DELETED while the customer still has
// its (deactivated) bus. Reads already apply expiry lazily, so this only
// reclaims space and keeps listings cheap. It returns how many sources it
// changed.
func (s *Service) ExpirePendingSources(ctx context.Context) (int, error) {
	changed := 0
	for {
		n := 0
		err := s.update(ctx, func(tx store.Tx) error {
			now := s.now()
			expired, err := tx.SourcesExpiringBefore(now, sweepBatch)
			if err != nil {
				return err
			}
			n = len(expired)
			for _, raw := range expired {
				src, found := effective(raw, true, now)
				if !found {
					err = tx.DeleteSource(raw.Region, raw.Name)
				} else {
					err = tx.PutSource(src)
				}
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return changed, err
		}
		changed += n
		if n < sweepBatch {
			return changed, nil
		}
	}
}

// RunSweeper expires pending sources every interval until ctx ends.
func (s *Service) RunSweeper(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.ExpirePendingSources(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Error("expire pending sources", "err", err)
		} else if n > 0 {
			s.opts.Logger.Info("expired pending event sources", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
