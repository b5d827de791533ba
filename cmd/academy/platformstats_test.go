package main

import (
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// platformStatsView is GET /admin/platform-stats as the tests read it.
type platformStatsView struct {
	Weeks []struct {
		ID string `json:"id"`
	} `json:"weeks"`
	Metrics []struct {
		Metric string  `json:"metric"`
		Values []int64 `json:"values"`
		Total  int64   `json:"total"`
	} `json:"metrics"`
}

func (w *world) platformStats(t testing.TB) map[string][2]int64 {
	t.Helper()
	var v platformStatsView
	if resp := w.ta.call(t, "GET", "/api/v1/admin/platform-stats", w.tokens[admin], nil, &v); resp.StatusCode != 200 {
		t.Fatalf("platform stats = %d", resp.StatusCode)
	}
	out := map[string][2]int64{} // metric → this week, total
	for _, m := range v.Metrics {
		out[m.Metric] = [2]int64{m.Values[len(m.Values)-1], m.Total}
	}
	return out
}

// TestPlatformDashboardCountsEnrolmentOnce has a learner enrol in one course
// through 30 requests at once: the platform dashboard counts one enrolment
// and one active learner, and the accounts opened, however many replicas
// start the backfill afterwards.
func TestPlatformDashboardCountsEnrolmentOnce(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	before := w.platformStats(t)
	accounts := before["learners"][1]
	if accounts < 5 {
		t.Fatalf("accounts counted = %d, want the world's 5 sign-ups and its administrator", accounts)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	statuses := make(chan int, 30)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses <- w.ta.call(t, "POST", "/api/v1/courses/enrol-course/enrolment", w.tokens[learner], nil, nil).StatusCode
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	var got []int
	for s := range statuses {
		got = append(got, s)
	}
	if created := len(slices.DeleteFunc(slices.Clone(got), func(s int) bool { return s != http.StatusCreated })); created != 1 {
		t.Fatalf("statuses %v, want one 201", got)
	}
	after := w.platformStats(t)
	if e := after["enrolments"]; e[0] != before["enrolments"][0]+1 || e[1] != before["enrolments"][1]+1 {
		t.Errorf("enrolments this week and in total %v, want one more than %v", e, before["enrolments"])
	}
	if a := after["active_learners"]; a[0] != before["active_learners"][0]+1 {
		t.Errorf("active learners this week %d, want one more than %d", a[0], before["active_learners"][0])
	}

	// The first start's backfill finds everything counted already.
	if ran, err := w.ta.stats.Backfill(t.Context()); err != nil || !ran {
		t.Fatalf("backfill ran %v: %v", ran, err)
	}
	if again := w.platformStats(t); again["enrolments"] != after["enrolments"] || again["learners"][1] != accounts {
		t.Errorf("after the backfill: enrolments %v, accounts %d; want %v and %d", again["enrolments"], again["learners"][1], after["enrolments"], accounts)
	}
}

// BenchmarkPlatformDashboard measures GET /admin/platform-stats through the
// whole HTTP stack with 26 weeks of counters: 28 reads by _id whatever the
// platform's size. It reports the 95th percentile in "p95-ms".
func BenchmarkPlatformDashboard(b *testing.B) {
	w := newWorld(b)
	ctx := b.Context()
	for i := range 26 * 40 {
		at := time.Now().AddDate(0, 0, -(i % 182))
		w.ta.stats.Count(ctx, "enrolments", "bench-"+time.Duration(i).String(), "bench-learner-"+time.Duration(i%97).String(), at)
	}
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		w.platformStats(b)
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	p95 := took[(len(took)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}
