package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"sync"
)

// signingKeyCache keeps the SigV4 signing keys derived lately. Deriving one
// costs four HMACs, and every request from one client on one day in one
// region uses the same key, so the cache turns the common case into a map
// lookup.
type signingKeyCache struct {
	mu   sync.Mutex
	max  int
	keys map[signingKeyID][sha256.Size]byte
}

type signingKeyID struct{ secret, date, region string }

// defaultSigningKeyCacheSize holds every key of a few hundred clients over
// the two days around midnight; beyond that, entries are evicted.
const defaultSigningKeyCacheSize = 512

func newSigningKeyCache(max int) *signingKeyCache {
	return &signingKeyCache{max: max, keys: make(map[signingKeyID][sha256.Size]byte, max)}
}

// get returns the signing key for secret on date (yyyymmdd) in region, for
// the events service.
func (c *signingKeyCache) get(secret, date, region string) [sha256.Size]byte {
	id := signingKeyID{secret, date, region}
	c.mu.Lock()
	key, ok := c.keys[id]
	c.mu.Unlock()
	if ok {
		return key
	}
	key = deriveSigningKey(secret, date, region)
	// date and region are slices of the request's Authorization header;
	// cloning them keeps the cache from pinning whole headers in memory.
	id.date, id.region = strings.Clone(date), strings.Clone(region)
	c.mu.Lock()
	if len(c.keys) >= c.max {
		// Go randomises map iteration, so this evicts an arbitrary entry:
		// good enough for keys that go stale daily, without LRU bookkeeping.
		for old := range c.keys {
			delete(c.keys, old)
			break
		}
	}
	c.keys[id] = key
	c.mu.Unlock()
	return key
}

// deriveSigningKey is SigV4's key derivation:
// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), "events"), "aws4_request").
func deriveSigningKey(secret, date, region string) [sha256.Size]byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, signingService)
	k = hmacSHA256(k, scopeTerminator)
	return [sha256.Size]byte(k)
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
