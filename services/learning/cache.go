package learning

import "sync"

// fixedCache keeps values that never change once written (course versions,
// attempt papers) by key, up to a bound; when full, it forgets one at random.
type fixedCache[V any] struct {
	mu   sync.Mutex
	size int
	m    map[string]V
}

func newFixedCache[V any](size int) *fixedCache[V] {
	return &fixedCache[V]{size: size, m: make(map[string]V, size)}
}

func (c *fixedCache[V]) get(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *fixedCache[V]) put(key string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; !ok && len(c.m) >= c.size {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = v
}
