package sqlite

import "github.com/bridgeport/bridgeport/internal/store"

// sourceCache keeps the sources the writer has read, decoded. Every
// PutPartnerEvents looks its sources up inside the writer's transaction,
// and reading and decoding the row was most of the writer's work for it.
//
// The writer is the only one that changes the sources table, so the cache
// stays true as long as it is emptied whenever a change may make it wrong:
// on every write of a source and on every rollback, whole or to a
// savepoint. An entry read after a write of the same transaction holds
// that write, which is right once the transaction commits; if it rolls
// back instead, the entry goes with the rollback. Only the writer
// goroutine touches it, so it needs no lock.
type sourceCache struct {
	m map[sourceKey]cachedSource
}

type sourceKey struct{ region, name string }

type cachedSource struct {
	src   store.Source
	found bool
}

// maxCachedSources bounds the cache, which also holds names that were not
// found: a caller sending events for made-up names must not grow it
// without end.
const maxCachedSources = 4096

func (c *sourceCache) get(region, name string) (cachedSource, bool) {
	e, ok := c.m[sourceKey{region, name}]
	return e, ok
}

func (c *sourceCache) put(region, name string, src store.Source, found bool) {
	if c.m == nil || len(c.m) >= maxCachedSources {
		c.m = make(map[sourceKey]cachedSource)
	}
	c.m[sourceKey{region, name}] = cachedSource{src, found}
}

// clear forgets every source.
func (c *sourceCache) clear() { clear(c.m) }
