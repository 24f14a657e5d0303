package apidest

import (
	"context"
	"sync"
	"time"

	"github.com/bridgeport/bridgeport/internal/store"
)

// resolveTTL is how long a resolved destination and connection are reused.
// Reading them from the store for every event would cost two queries per
// delivery; a change (an update, DeauthorizeConnection) still takes effect
// within this time, on every node.
const resolveTTL = time.Second

// resolveCache remembers recent resolutions by destination ARN.
type resolveCache struct {
	mu      sync.Mutex
	entries map[string]resolved
}

// resolved is a destination, its connection, and the connection's auth
// parameters decoded once for every delivery that reuses them.
type resolved struct {
	dest    store.APIDestination
	conn    store.Connection
	auth    authParameters
	authErr error // the auth parameters could not be decoded
	expires time.Time
}

// resolve returns the destination and connection for arn, from the cache
// while fresh. Failures are not cached: a missing destination is looked up
// again on the next attempt.
func (s *Sender) resolve(ctx context.Context, arn string) (resolved, error) {
	now := s.now()
	s.cache.mu.Lock()
	r, ok := s.cache.entries[arn]
	s.cache.mu.Unlock()
	if ok && now.Before(r.expires) {
		return r, nil
	}
	dest, conn, err := s.resolver.ResolveAPIDestination(ctx, arn)
	if err != nil {
		return resolved{}, err
	}
	r = resolved{dest: dest, conn: conn, expires: now.Add(resolveTTL)}
	r.auth, r.authErr = decodeAuth(conn)
	s.cache.mu.Lock()
	if s.cache.entries == nil || len(s.cache.entries) > 10_000 {
		s.cache.entries = map[string]resolved{}
	}
	s.cache.entries[arn] = r
	s.cache.mu.Unlock()
	return r, nil
}
