package app

import (
	"sync"
	"time"
)

// ttlCache keeps values for a short while, for reads that every public
// request makes and that change rarely (a government by its address, its
// report categories). At thousands of reports a second those reads were
// most of the database's work. An instance sees another's change after
// at most the TTL; its own changes drop the entry at once.
type ttlCache[K comparable, V any] struct {
	ttl time.Duration
	mu  sync.Mutex
	m   map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v  V
	at time.Time
}

func newTTLCache[K comparable, V any](ttl time.Duration) *ttlCache[K, V] {
	return &ttlCache[K, V]{ttl: ttl, m: map[K]ttlEntry[V]{}}
}

// get returns the cached value of k, or loads, keeps and returns it.
func (c *ttlCache[K, V]) get(k K, now time.Time, load func() (V, error)) (V, error) {
	return c.getFresh(k, now, nil, load)
}

// getFresh is get that also loads again when fresh, given the cached value,
// says it no longer holds: a cheap check against the database that lets
// a change made on another instance take effect at once rather than after
// the TTL.
func (c *ttlCache[K, V]) getFresh(k K, now time.Time, fresh func(V) bool, load func() (V, error)) (V, error) {
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < c.ttl && (fresh == nil || fresh(e.v)) {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if len(c.m) > 10000 { // one entry per government: bounded anyway, but a stray key must not grow it
		clear(c.m)
	}
	c.m[k] = ttlEntry[V]{v: v, at: now}
	c.mu.Unlock()
	return v, nil
}

// drop forgets k.
func (c *ttlCache[K, V]) drop(k K) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

// dropWhere forgets every key for which match is true.
func (c *ttlCache[K, V]) dropWhere(match func(K) bool) {
	c.mu.Lock()
	for k := range c.m {
		if match(k) {
			delete(c.m, k)
		}
	}
	c.mu.Unlock()
}
