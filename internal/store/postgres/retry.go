package postgres

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// SQLSTATEs after which running the transaction again can succeed: it lost
// a race with a concurrent one, and a fresh snapshot will see the winner.
const (
	serializationFailure = "40001" // SERIALIZABLE found a conflicting transaction
	deadlockDetected     = "40P01" // PostgreSQL aborted this side of a lock cycle
	// uniqueViolation: two transactions inserting one key can collide on
	// the index before serializable checking reports it; the retry sees
	// the other's row.
	uniqueViolation = "23505"
)

// retryable reports whether err says the transaction lost a race with a
// concurrent one.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case serializationFailure, deadlockDetected, uniqueViolation:
		return true
	}
	return false
}

// Backoff between attempts: full jitter over an exponentially growing
// window, so that transactions that collided once spread out instead of
// colliding again in step.
const (
	backoffBase = time.Millisecond
	backoffMax  = 100 * time.Millisecond
)

// backoff is the pause before attempt n (2, 3, ...): a random duration up
// to backoffBase·2^(n-2), capped at backoffMax.
func backoff(n int) time.Duration {
	window := backoffMax
	if shift := n - 2; shift < 10 {
		window = min(backoffBase<<max(shift, 0), backoffMax)
	}
	return rand.N(window) + 1
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
