package catalog

import (
	"sync"
	"time"
)

// Published courses are read far more often than they change: their public
// pages, and every learner's step through one. This process clears an entry
// whenever it changes the course; the TTL bounds how long a change made by
// another server process takes to show.
const (
	courseCacheTTL  = 30 * time.Second
	courseCacheSize = 2048
)

// courseCache holds what is read of courses (their encoded public views,
// or the courses themselves) by slug.
type courseCache[V any] struct {
	ttl, size int64

	mu      sync.RWMutex
	entries map[string]cachedCourse[V]
	// gen counts invalidations: a value read before one must not be stored after it.
	gen uint64
	// loading lets one reader at a time fill a missing entry, so an entry
	// expiring under load is read once, not by every request at that moment.
	loading sync.Mutex
}

type cachedCourse[V any] struct {
	value   V
	expires int64 // unix nanoseconds
}

func newCourseCache[V any](ttl time.Duration, size int) *courseCache[V] {
	return &courseCache[V]{ttl: int64(ttl), size: int64(size), entries: make(map[string]cachedCourse[V])}
}

func (c *courseCache[V]) get(slug string) (V, bool) {
	c.mu.RLock()
	e, ok := c.entries[slug]
	c.mu.RUnlock()
	if !ok || time.Now().UnixNano() > e.expires {
		var zero V
		return zero, false
	}
	return e.value, true
}

// load returns the entry for slug, reading it with read when it is missing.
func (c *courseCache[V]) load(slug string, read func() (V, error)) (V, error) {
	if v, ok := c.get(slug); ok {
		return v, nil
	}
	c.loading.Lock()
	defer c.loading.Unlock()
	if v, ok := c.get(slug); ok {
		return v, nil
	}
	gen := c.generation()
	v, err := read()
	if err != nil {
		return v, err
	}
	c.put(slug, v, gen)
	return v, nil
}

// generation returns the invalidation count to pass to put.
func (c *courseCache[V]) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put stores a value read at generation gen, unless an invalidation came since.
func (c *courseCache[V]) put(slug string, v V, gen uint64) {
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
	c.entries[slug] = cachedCourse[V]{value: v, expires: time.Now().UnixNano() + c.ttl}
}

func (c *courseCache[V]) invalidate(slugs ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, s := range slugs {
		delete(c.entries, s)
	}
}

func (c *courseCache[V]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// courseCaches are the caches of course reads, cleared together.
type courseCaches struct {
	views   *courseCache[[]byte]
	courses *courseCache[Course]
}

func newCourseCaches() courseCaches {
	return courseCaches{
		views:   newCourseCache[[]byte](courseCacheTTL, courseCacheSize),
		courses: newCourseCache[Course](courseCacheTTL, courseCacheSize),
	}
}

func (c courseCaches) invalidate(slugs ...string) {
	c.views.invalidate(slugs...)
	c.courses.invalidate(slugs...)
}

func (c courseCaches) clear() {
	c.views.clear()
	c.courses.clear()
}
