package testenv

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
)

// Clock is a settable clock for the services of a test, safe for
// concurrent use; its Now is what their Options.Now takes.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t} }

// Now returns the time the clock is at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Count counts the documents of coll matching filter, failing the test on error.
func Count(tb testing.TB, coll *mongo.Collection, filter any) int64 {
	tb.Helper()
	n, err := coll.CountDocuments(context.Background(), filter)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
