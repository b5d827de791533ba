// Package wakeup lets requests of this process wait for something to happen
// to a document (a grade stored, a score computed) and be woken at once when
// this process makes it happen: the long polls of the web app rest on it.
package wakeup

import "sync"

// Waiters holds the waiting requests by document id. The zero value is ready.
type Waiters struct {
	mu      sync.Mutex
	waiting map[string]*group
}

type group struct {
	woken chan struct{}
	n     int
}

// Wait returns a channel closed when id is woken, and the release the caller
// must call once it stops waiting. Call it before reading the document, so
// that a change made in between still wakes the caller.
func (w *Waiters) Wait(id string) (<-chan struct{}, func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == nil {
		w.waiting = map[string]*group{}
	}
	g, ok := w.waiting[id]
	if !ok {
		g = &group{woken: make(chan struct{})}
		w.waiting[id] = g
	}
	g.n++
	return g.woken, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if g.n--; g.n == 0 && w.waiting[id] == g {
			delete(w.waiting, id)
		}
	}
}

// Wake releases every request waiting for id.
func (w *Waiters) Wake(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if g, ok := w.waiting[id]; ok {
		close(g.woken)
		delete(w.waiting, id)
	}
}

// Count is the number of requests waiting for id.
func (w *Waiters) Count(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if g, ok := w.waiting[id]; ok {
		return g.n
	}
	return 0
}
