package catalog

import (
	"sync"
	"time"
)

// Published course pages are read far more often than they change. This
// process clears an entry whenever it changes the course; the TTL bounds how
// long a change made by another server process takes to show.
const (
	courseCacheTTL  = 30 * time.Second
	courseCacheSize = 2048
)

// courseCache holds encoded public course views by slug.
type courseCache struct {
	ttl, size int64

	mu      sync.RWMutex
	entries map[string]cachedCourse
	// gen counts invalidations: a view read before one must not be stored after it.
	gen uint64
}

type cachedCourse struct {
	body    []byte
	expires int64 // unix nanoseconds
}

func newCourseCache(ttl time.Duration, size int) *courseCache {
	return &courseCache{ttl: int64(ttl), size: int64(size), entries: make(map[string]cachedCourse)}
}

func (c *courseCache) get(slug string) ([]byte, bool) {
	c.mu.RLock()
	e, ok := c.entries[slug]
	c.mu.RUnlock()
	if !ok || time.Now().UnixNano() > e.expires {
		return nil, false
	}
	return e.body, true
}

// generation returns the invalidation count to pass to put.
func (c *courseCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put stores a view read at generation gen, unless an invalidation came since.
func (c *courseCache) put(slug string, body []byte, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if int64(len(c.entries)) >= c.size {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[slug] = cachedCourse{body: body, expires: time.Now().UnixNano() + c.ttl}
}

func (c *courseCache) invalidate(slugs ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, s := range slugs {
		delete(c.entries, s)
	}
}

func (c *courseCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}
