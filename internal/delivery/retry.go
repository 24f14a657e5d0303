package delivery

import (
	"math/rand/v2"
	"time"
)

// RetryPolicy bounds how long and how often a failing delivery is retried,
// as a target's RetryPolicy does on AWS.
type RetryPolicy struct {
	// MaximumRetryAttempts is how many retries follow the first attempt (0-185).
	MaximumRetryAttempts int
	// MaximumEventAge is how long after the event was put retries may go on
	// (60 s - 24 h).
	MaximumEventAge time.Duration
}

// DefaultRetryPolicy is AWS's default: 185 retries within 24 hours.
var DefaultRetryPolicy = RetryPolicy{MaximumRetryAttempts: 185, MaximumEventAge: 24 * time.Hour}

// Backoff shapes the delay between attempts: exponential from Base, capped
// at Max, with full jitter so that many events failing together do not
// retry in lockstep against a recovering target.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

// DefaultBackoff starts at one second and settles at five minutes, which
// spreads 185 retries over roughly AWS's 24 hours.
var DefaultBackoff = Backoff{Base: time.Second, Max: 5 * time.Minute}

// Delay is the wait before retry number n (1 for the first retry). It is
// drawn uniformly from [d/2, d] where d = min(Max, Base*2^(n-1)): half
// jitter keeps a floor, so retries never collapse onto each other.
func (b Backoff) Delay(n int, rnd *rand.Rand) time.Duration {
	d := b.Max
	if n < 1 {
		n = 1
	}
	if shift := n - 1; shift < 32 {
		if exp := b.Base << shift; exp > 0 && exp < b.Max {
			d = exp
		}
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + time.Duration(rnd.Int64N(int64(half)+1))
}

// Next decides what follows a failed attempt. attempts is how many attempts
// have been made so far (including the one that failed); firstPut is when
// the event was accepted. It returns the time of the next attempt, or
// ok=false when the policy is exhausted and the event goes to the
// dead-letter queue.
func (p RetryPolicy) Next(b Backoff, attempts int, firstPut, now time.Time, rnd *rand.Rand) (at time.Time, ok bool) {
	if attempts > p.MaximumRetryAttempts {
		return time.Time{}, false
	}
	at = now.Add(b.Delay(attempts, rnd))
	if at.Sub(firstPut) > p.MaximumEventAge {
		return time.Time{}, false
	}
	return at, true
}
