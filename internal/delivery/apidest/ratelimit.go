package apidest

import (
	"sync"
	"time"
)

// defaultRate is AWS's InvocationRateLimitPerSecond default, for a
// destination recorded without one.
const defaultRate = 300

// limiters holds one token bucket per API destination.
type limiters struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

// bucket is a token bucket that holds up to one second's worth of tokens,
// so a destination receives at most its rate in any second after an idle
// spell. Tokens may go negative: each reservation queues behind the ones
// before it, which is what spreads a burst out evenly.
type bucket struct {
	rate   float64 // tokens per second, and the bucket's capacity
	tokens float64
	last   time.Time
}

// reserve takes a token from key's bucket and says how long the caller
// must wait before using it. A wait longer than maxWait takes nothing and
// returns ok=false. A changed rate applies from now on.
func (l *limiters) reserve(key string, rate int, now time.Time, maxWait time.Duration) (wait time.Duration, ok bool) {
	if rate <= 0 {
		rate = defaultRate
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = make(map[string]*bucket)
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{rate: float64(rate), tokens: float64(rate), last: now}
		l.buckets[key] = b
	}
	if r := float64(rate); r != b.rate {
		b.rate = r
		b.tokens = min(b.tokens, r)
	}
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = min(b.rate, b.tokens+elapsed.Seconds()*b.rate)
		b.last = now
	}
	tokens := b.tokens - 1
	if tokens >= 0 {
		b.tokens = tokens
		return 0, true
	}
	wait = time.Duration(-tokens / b.rate * float64(time.Second))
	if wait > maxWait {
		return wait, false
	}
	b.tokens = tokens
	return wait, true
}
