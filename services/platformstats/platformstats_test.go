package platformstats_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/tally"
	"academy/services/kit/testenv"
	"academy/services/platformstats"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// now is a Thursday of ISO week 2026-W49.
var now = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

type env struct {
	svc   *platformstats.Service
	store *platformstats.Store
	app   *fiber.App
}

// history is a fixed list of facts recorded before the dashboard.
type history []platformstats.Fact

func (h history) Facts(_ context.Context, yield func(platformstats.Fact) error) error {
	for _, f := range h {
		if err := yield(f); err != nil {
			return err
		}
	}
	return nil
}

func newEnv(t *testing.T, h history) *env {
	t.Helper()
	db := testenv.DB(t)
	w, err := guarded.New(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	store := platformstats.NewStore(db, w)
	if err := store.EnsureIndexes(t.Context()); err != nil {
		t.Fatal(err)
	}
	e := &env{store: store, svc: platformstats.NewService(store, h, platformstats.Options{Now: func() time.Time { return now }})}
	e.app = httpkit.NewApp(httpkit.AppOptions{})
	e.app.Use(func(c *fiber.Ctx) error {
		if u := c.Get("X-Test-User"); u != "" {
			auth.Set(c, auth.Principal{UserID: u, Admin: u == "admin"})
		}
		return c.Next()
	})
	platformstats.NewHandler(e.svc).Register(openapi.New("platform stats test", "1").Mount(e.app, "/api/v1"))
	return e
}

func (e *env) get(t *testing.T, user string) (int, []byte) {
	t.Helper()
	req := httptest.NewRequest("GET", "/api/v1/admin/platform-stats", nil)
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// dashboard reads the dashboard as an administrator, by metric.
func (e *env) dashboard(t *testing.T) (platformstats.Dashboard, map[string]platformstats.Metric) {
	t.Helper()
	status, b := e.get(t, "admin")
	if status != 200 {
		t.Fatalf("dashboard = %d: %s", status, b)
	}
	var d platformstats.Dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	by := map[string]platformstats.Metric{}
	for _, m := range d.Metrics {
		by[m.Metric] = m
	}
	return d, by
}

func event(t *testing.T, eventType string, data any, at time.Time) events.Event {
	t.Helper()
	ev, err := events.New(eventType, data, at)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestDashboardIsForAdministratorsOnly(t *testing.T) {
	e := newEnv(t, nil)
	for user, want := range map[string]int{"": 401, "learner": 403, "admin": 200} {
		if status, b := e.get(t, user); status != want {
			t.Errorf("as %q: %d, want %d: %s", user, status, want, b)
		}
	}
}

func TestDashboardChartsTwentySixWeeksAndTotals(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	lastWeek := now.AddDate(0, 0, -7)
	longAgo := now.AddDate(-1, 0, 0) // before the chart, in the totals
	for _, f := range []platformstats.Fact{
		{Metric: tally.Learners, Key: "u1", At: longAgo},
		{Metric: tally.Learners, Key: "u2", At: lastWeek},
		{Metric: tally.Learners, Key: "u3", At: now},
		{Metric: tally.Learners, Key: "u3", At: now}, // the same sign-up reported twice
		{Metric: tally.Enrolments, Key: "e1", UserID: "u2", At: lastWeek},
		{Metric: tally.Enrolments, Key: "e2", UserID: "u2", At: now},
		{Metric: tally.Enrolments, Key: "e3", UserID: "u3", At: now},
		{Metric: tally.Submissions, Key: "s1", UserID: "u3", At: now},
		{Metric: tally.TalentContacts, Key: "c1", At: now},
	} {
		if err := e.svc.Record(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	d, m := e.dashboard(t)
	if len(d.Weeks) != platformstats.Weeks || d.Weeks[platformstats.Weeks-1].ID != "2026-W49" || d.Weeks[0].ID != "2026-W24" {
		t.Fatalf("weeks %d from %s to %s, want 26 from 2026-W24 to 2026-W49", len(d.Weeks), d.Weeks[0].ID, d.Weeks[len(d.Weeks)-1].ID)
	}
	if got := d.Weeks[platformstats.Weeks-1].Start; !got.Equal(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("this week starts %s, want Monday 2026-11-30", got)
	}
	last := platformstats.Weeks - 1
	for _, c := range []struct {
		metric         string
		prev, cur, all int64
	}{
		{tally.Learners, 1, 1, 3},
		{tally.Enrolments, 1, 2, 3},
		{tally.ActiveLearners, 1, 2, 2}, // u2 last week; u2 and u3 this week
		{tally.Submissions, 0, 1, 1},
		{tally.TalentContacts, 0, 1, 1},
		{tally.Completions, 0, 0, 0},
	} {
		got := m[c.metric]
		if got.Values[last-1] != c.prev || got.Values[last] != c.cur || got.Total != c.all {
			t.Errorf("%s: last week %d, this week %d, total %d; want %d, %d, %d", c.metric, got.Values[last-1], got.Values[last], got.Total, c.prev, c.cur, c.all)
		}
	}
	if len(d.Metrics) != len(tally.Metrics) {
		t.Errorf("%d metrics, want %d", len(d.Metrics), len(tally.Metrics))
	}
}

func TestWeeksAreISOWeeks(t *testing.T) {
	for at, want := range map[time.Time]string{
		time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC): "2026-W53",
		time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC):    "2026-W53",
		time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC):    "2027-W01",
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC):    "2026-W01",
	} {
		if got := platformstats.WeekID(at); got != want {
			t.Errorf("WeekID(%s) = %s, want %s", at, got, want)
		}
	}
}

func TestEventsCountCredentialsAndCompletions(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	completed := event(t, events.CourseCompleted, events.CourseCompletedData{CompletionID: "k1", LearnerID: "u1", CourseID: "c1", CompletedAt: now}, now)
	issued := event(t, events.CredentialIssued, events.CredentialData{CredentialID: "cr1", LearnerID: "u1", Status: "active"}, now)
	suspended := event(t, events.CredentialStatusChanged, events.CredentialData{CredentialID: "cr1", LearnerID: "u1", Status: "suspended"}, now)
	revoked := event(t, events.CredentialStatusChanged, events.CredentialData{CredentialID: "cr1", LearnerID: "u1", Status: "revoked"}, now)
	for _, err := range []error{
		e.svc.HandleCourseCompleted(ctx, completed), e.svc.HandleCredentialIssued(ctx, issued),
		e.svc.HandleCredentialStatusChanged(ctx, suspended), e.svc.HandleCredentialStatusChanged(ctx, revoked),
		e.svc.HandleCredentialStatusChanged(ctx, revoked),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	_, m := e.dashboard(t)
	for metric, want := range map[string]int64{tally.Completions: 1, tally.ActiveLearners: 1, tally.CredentialsIssued: 1, tally.CredentialsRevoked: 1} {
		if got := m[metric].Total; got != want {
			t.Errorf("%s = %d, want %d", metric, got, want)
		}
	}
}

func TestTalentPoolSizeFollowsConsent(t *testing.T) {
	e := newEnv(t, nil)
	ctx := t.Context()
	weeksAgo := func(n int) time.Time { return now.AddDate(0, 0, -7*n) }
	changes := []events.Event{
		event(t, events.ProfileChanged, events.ProfileData{UserID: "u1", InPool: true}, weeksAgo(3)),
		event(t, events.ProfileChanged, events.ProfileData{UserID: "u2", InPool: true}, weeksAgo(2)),
		event(t, events.ProfileChanged, events.ProfileData{UserID: "u2", InPool: true}, weeksAgo(1)), // an edit while in the pool
		event(t, events.ProfileChanged, events.ProfileData{UserID: "u1", InPool: false}, now),
		// Delivered late: older than the withdrawal above, so it changes nothing.
		event(t, events.ProfileChanged, events.ProfileData{UserID: "u1", InPool: true}, weeksAgo(1)),
	}
	for _, ev := range changes {
		if err := e.svc.HandleProfileChanged(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	_, m := e.dashboard(t)
	pool := m[tally.TalentPool]
	last := platformstats.Weeks - 1
	want := []int64{0, 1, 2, 2, 1} // four weeks ago … this week
	got := pool.Values[last-4:]
	if fmt.Sprint(got) != fmt.Sprint(want) || pool.Total != 1 {
		t.Errorf("pool size by week %v, now %d; want %v and 1", got, pool.Total, want)
	}
}

// TestSameEventDeliveredConcurrentlyCountsOnce delivers one completion 30
// times at once, as redeliveries racing on several workers would.
func TestSameEventDeliveredConcurrentlyCountsOnce(t *testing.T) {
	e := newEnv(t, nil)
	ev := event(t, events.CourseCompleted, events.CourseCompletedData{CompletionID: "k1", LearnerID: "u1", CourseID: "c1", CompletedAt: now}, now)
	other := event(t, events.CourseCompleted, events.CourseCompletedData{CompletionID: "k2", LearnerID: "u1", CourseID: "c2", CompletedAt: now}, now)
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 31)
	for i := range 31 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			delivered := ev
			if i == 30 {
				delivered = other
			}
			errs <- e.svc.HandleCourseCompleted(context.Background(), delivered)
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	_, m := e.dashboard(t)
	if got := m[tally.Completions].Total; got != 2 {
		t.Errorf("completions = %d, want 2 (one event delivered 30 times, one other)", got)
	}
	if got := m[tally.ActiveLearners].Total; got != 1 {
		t.Errorf("active learners = %d, want the one learner", got)
	}
}

// TestBackfillRunsOnceAcrossReplicas starts 30 replicas at once on one
// database: one counts the history, the others find it claimed, and later
// starts count nothing again.
func TestBackfillRunsOnceAcrossReplicas(t *testing.T) {
	old := now.AddDate(0, -2, 0)
	h := history{
		{Metric: tally.Learners, Key: "u1", At: old},
		{Metric: tally.Learners, Key: "u2", At: old},
		{Metric: tally.Enrolments, Key: "e1", UserID: "u1", At: old},
		{Metric: tally.Competitions, Key: "comp1", At: old},
		{Metric: tally.TalentPool, Key: "u2", At: old},
	}
	e := newEnv(t, h)
	// A sign-up counted live before the backfill ran is not counted again.
	e.svc.Count(t.Context(), tally.Learners, "u2", "", old)
	replicas := make([]*platformstats.Service, 30)
	for i := range replicas {
		replicas[i] = platformstats.NewService(e.store, h, platformstats.Options{Now: func() time.Time { return now }})
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	ran := make(chan bool, len(replicas))
	for _, r := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			ok, err := r.Backfill(context.Background())
			if err != nil {
				t.Error(err)
			}
			ran <- ok
		}()
	}
	close(start)
	wg.Wait()
	close(ran)
	n := 0
	for ok := range ran {
		if ok {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d replicas ran the backfill, want 1", n)
	}
	if again, err := e.svc.Backfill(t.Context()); err != nil || again {
		t.Errorf("a later start backfilled again (%v, %v)", again, err)
	}
	d, m := e.dashboard(t)
	for metric, want := range map[string]int64{tally.Learners: 2, tally.Enrolments: 1, tally.Competitions: 1, tally.TalentPool: 1} {
		if got := m[metric].Total; got != want {
			t.Errorf("%s = %d after the backfill, want %d", metric, got, want)
		}
	}
	if d.BackfilledAt == nil {
		t.Error("the dashboard does not say when it was backfilled")
	}
}

// An event that cannot be counted is not retried: it fails the same way every time.
func TestUncountableEventsAreNotRetried(t *testing.T) {
	e := newEnv(t, nil)
	garbled := events.Event{ID: "e1", Type: events.CourseCompleted, At: now, Data: bson.Raw{1, 2, 3}}
	cases := []struct {
		name   string
		handle func(context.Context, events.Event) error
		ev     events.Event
	}{
		{"undecodable completion", e.svc.HandleCourseCompleted, garbled},
		{"completion without its id", e.svc.HandleCourseCompleted, event(t, events.CourseCompleted, events.CourseCompletedData{LearnerID: "u1", CompletedAt: now}, now)},
		{"credential without its id", e.svc.HandleCredentialIssued, event(t, events.CredentialIssued, events.CredentialData{LearnerID: "u1"}, now)},
		{"revocation without its id", e.svc.HandleCredentialStatusChanged, event(t, events.CredentialStatusChanged, events.CredentialData{Status: "revoked"}, now)},
		{"profile without its user", e.svc.HandleProfileChanged, event(t, events.ProfileChanged, events.ProfileData{InPool: true}, now)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.handle(t.Context(), c.ev); !errors.Is(err, asynq.SkipRetry) {
				t.Errorf("error %v, want one that skips the retries", err)
			}
		})
	}
	_, m := e.dashboard(t)
	for metric, v := range m {
		if v.Total != 0 {
			t.Errorf("%s counts %d, want nothing counted", metric, v.Total)
		}
	}
}
