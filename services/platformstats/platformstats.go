// Package platformstats keeps the platform dashboard of the administrators'
// console: for each metric of package tally, a counter per ISO week and a
// running total, kept up to date by the domain events and the facts the
// contexts report, and filled once from the existing data.
package platformstats

import (
	"context"
	"fmt"
	"time"
)

// Weeks is how many weeks the dashboard charts, the current one included.
const Weeks = 26

// Fact is one countable thing that happened: Key identifies it (the same key
// counts once), UserID makes its learner active in the week of At.
type Fact struct {
	Metric string
	Key    string
	UserID string
	At     time.Time
}

// History yields the facts recorded before the dashboard counted them, for
// the one backfill of a deployment; the composition root reads them from
// the contexts' collections.
type History interface {
	Facts(ctx context.Context, yield func(Fact) error) error
}

// Dashboard is the platform's figures: per metric its weekly values over
// the last Weeks weeks, oldest first, and its current total.
type Dashboard struct {
	Weeks   []Week   `json:"weeks"`
	Metrics []Metric `json:"metrics"`
	// BackfilledAt is when the existing data was counted; absent until then.
	BackfilledAt *time.Time `json:"backfilled_at,omitempty"`
}

// Week is an ISO week of the dashboard.
type Week struct {
	ID    string    `json:"id"`    // as 2026-W49
	Start time.Time `json:"start"` // its Monday, 00:00 UTC
}

// Metric is one metric's weekly values and total. For active_learners the
// total is this week's count; for talent_pool the values are the pool's
// size at each week's end, and the total its size now.
type Metric struct {
	Metric string  `json:"metric"`
	Values []int64 `json:"values"`
	Total  int64   `json:"total"`
}

// WeekID returns the ISO week of t, as 2026-W49.
func WeekID(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// weekStart returns the Monday 00:00 UTC of t's ISO week.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	back := (int(day.Weekday()) + 6) % 7 // days since Monday
	return day.AddDate(0, 0, -back)
}
