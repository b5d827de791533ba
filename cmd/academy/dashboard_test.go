package main

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/kit/guarded"
	"academy/services/learning"
)

// courseCard is a course of the dashboard as the tests read it.
type courseCard struct {
	CourseSlug   string `json:"course_slug"`
	Status       string `json:"status"`
	LastActivity *struct {
		Ref       string `json:"ref"`
		Kind      string `json:"kind"`
		AttemptID string `json:"attempt_id"`
	} `json:"last_activity"`
	Next *struct {
		Ref       string `json:"ref"`
		Kind      string `json:"kind"`
		Title     string `json:"title"`
		AttemptID string `json:"attempt_id"`
	} `json:"next"`
	Modules []struct {
		ID    string `json:"id"`
		Done  int    `json:"done"`
		Total int    `json:"total"`
	} `json:"modules"`
}

// deadlineRow is a deadline of the dashboard as the tests read it.
type deadlineRow struct {
	Kind            string    `json:"kind"`
	At              time.Time `json:"at"`
	CourseSlug      string    `json:"course_slug"`
	Ref             string    `json:"ref"`
	CompetitionSlug string    `json:"competition_slug"`
}

// fieldError is an entry of a validation problem's errors.
type fieldError struct {
	Field string `json:"field"`
}

// dashboardView is the part of GET /me/dashboard the tests read.
type dashboardView struct {
	Courses     []courseCard  `json:"courses"`
	Deadlines   []deadlineRow `json:"deadlines"`
	Credentials struct {
		Total  int `json:"total"`
		Latest []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"latest"`
	} `json:"credentials"`
	Competitions []struct {
		Slug   string   `json:"slug"`
		Status string   `json:"status"`
		Rank   *int     `json:"rank"`
		Score  *float64 `json:"score"`
		Ranked int      `json:"ranked"`
	} `json:"competitions"`
	Skills []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"skills"`
	Occupations []struct {
		ID        string `json:"id"`
		Label     string `json:"label"`
		Essential int    `json:"essential"`
		Proven    int    `json:"proven"`
		Missing   []struct {
			ID string `json:"id"`
		} `json:"missing"`
	} `json:"occupations"`
	Recommendations []struct {
		Slug        string   `json:"slug"`
		Reason      string   `json:"reason"`
		Occupations []string `json:"occupations"`
	} `json:"recommendations"`
}

func (w *world) dashboard(t testing.TB, token string) dashboardView {
	t.Helper()
	var d dashboardView
	if resp := w.ta.call(t, "GET", "/api/v1/me/dashboard", token, nil, &d); resp.StatusCode != 200 {
		t.Fatalf("dashboard = %d", resp.StatusCode)
	}
	return d
}

// startWorker runs the background work (search indexing, events, scoring) for the test.
func (w *world) startWorker(t testing.TB) {
	t.Helper()
	worker := jobs.NewWorker(w.ta.p.redis, 4, w.ta.log)
	w.ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)
}

// eventually reads the dashboard until ok accepts it, for up to a minute.
func (w *world) eventually(t *testing.T, token, what string, ok func(dashboardView) bool) dashboardView {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		d := w.dashboard(t, token)
		if ok(d) {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not seen within a minute; dashboard %+v", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestNewLearnerDashboardIsEmpty(t *testing.T) {
	ta := newTestAcademy(t)
	w := &world{ta: ta}
	_, s := ta.signUp(t, "new@example.org")
	var raw map[string]any
	if resp := ta.call(t, "GET", "/api/v1/me/dashboard", s.AccessToken, nil, &raw); resp.StatusCode != 200 {
		t.Fatalf("dashboard = %d", resp.StatusCode)
	}
	for _, key := range []string{"courses", "deadlines", "competitions", "skills", "occupations", "recommendations"} {
		if list, ok := raw[key].([]any); !ok || len(list) != 0 {
			t.Errorf("%s = %#v, want an empty list", key, raw[key])
		}
	}
	if d := w.dashboard(t, s.AccessToken); d.Credentials.Total != 0 || d.Credentials.Latest == nil {
		t.Errorf("credentials = %+v, want none, as an empty list", d.Credentials)
	}
}

// A learner sees where to continue in their course, the assessment dates
// ahead, the competition they joined with their rank, and, once they aim at
// an occupation, the courses that teach what it needs; completing the
// course turns the gap into a proven skill and a credential.
func TestDashboardFollowsTheLearner(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t) // enrolled in public-course: quiz passed, a second attempt in progress
	w.setUpCompetitions(t)
	w.startWorker(t)
	l, owner := w.tokens[learner], w.tokens[ownerStaff]

	d := w.dashboard(t, l)
	if len(d.Courses) != 1 || d.Courses[0].CourseSlug != "public-course" {
		t.Fatalf("courses = %+v, want public-course", d.Courses)
	}
	c := d.Courses[0]
	if c.Next == nil || c.Next.Ref != "basics.quiz" || c.Next.AttemptID != w.ids["open_attempt"] {
		t.Errorf("next = %+v, want the attempt in progress %s at basics.quiz", c.Next, w.ids["open_attempt"])
	}
	if len(c.Modules) != 1 || c.Modules[0].Done != 1 || c.Modules[0].Total != 2 {
		t.Errorf("modules = %+v, want basics with 1 of 2 items done", c.Modules)
	}

	// A second course whose assessment closes on a date: the lesson comes first, the date is ahead.
	if resp := w.ta.call(t, "POST", "/api/v1/courses/enrol-course/enrolment", l, nil, nil); resp.StatusCode != 201 {
		t.Fatalf("enrol = %d", resp.StatusCode)
	}
	closes := time.Now().UTC().Add(10 * 24 * time.Hour).Truncate(time.Second)
	if resp := w.ta.call(t, "PUT", "/api/v1/courses/enrol-course/items/quiz/schedule", owner, map[string]any{"closes_at": closes}, nil); resp.StatusCode != 200 {
		t.Fatalf("schedule = %d", resp.StatusCode)
	}
	d = w.eventually(t, l, "the competition ranked", func(d dashboardView) bool {
		return len(d.Competitions) == 1 && d.Competitions[0].Rank != nil
	})
	if d.Competitions[0].Slug != "comp-public" || *d.Competitions[0].Rank != 1 || d.Competitions[0].Ranked != 1 {
		t.Errorf("competitions = %+v, want comp-public ranked 1 of 1", d.Competitions)
	}
	i := slices.IndexFunc(d.Courses, func(c courseCard) bool {
		return c.CourseSlug == "enrol-course"
	})
	if i < 0 || d.Courses[i].Next == nil || d.Courses[i].Next.Ref != "basics.intro" {
		t.Errorf("courses = %+v, want enrol-course to continue at its lesson", d.Courses)
	}
	kinds := map[string]bool{}
	for _, dl := range d.Deadlines {
		kinds[dl.Kind+" "+dl.CourseSlug+dl.CompetitionSlug] = true
	}
	for _, want := range []string{"assessment_closes enrol-course", "competition_ends comp-public"} {
		if !kinds[want] {
			t.Errorf("deadlines = %+v, want %s", d.Deadlines, want)
		}
	}
	if !slices.IsSortedFunc(d.Deadlines, func(a, b deadlineRow) int {
		return a.At.Compare(b.At)
	}) {
		t.Errorf("deadlines = %+v, want the soonest first", d.Deadlines)
	}

	// Aiming at an occupation: the courses teaching its missing skill, not those taken.
	if resp := w.ta.call(t, "PUT", "/api/v1/me/dashboard/occupations", l, map[string]any{"occupations": []string{matrixOccupation}}, nil); resp.StatusCode != 200 {
		t.Fatalf("set occupations = %d", resp.StatusCode)
	}
	d = w.eventually(t, l, "a recommendation", func(d dashboardView) bool { return len(d.Recommendations) > 0 })
	if len(d.Occupations) != 1 || d.Occupations[0].Label != "data scientist" || d.Occupations[0].Proven != 0 || len(d.Occupations[0].Missing) != 1 {
		t.Errorf("occupations = %+v, want data scientist missing its one skill", d.Occupations)
	}
	for _, r := range d.Recommendations {
		if r.Slug == "public-course" || r.Slug == "enrol-course" {
			t.Errorf("recommendations = %+v, want none of the courses taken", d.Recommendations)
		}
		if r.Reason != "closes_gap" || !slices.Contains(r.Occupations, "data scientist") {
			t.Errorf("recommendation %+v, want it to close the data scientist's gap", r)
		}
	}

	// Completing the course: a credential arrives and proves the skill.
	if resp := w.ta.call(t, "POST", "/api/v1/me/courses/public-course/items/intro/complete", l, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("complete lesson = %d", resp.StatusCode)
	}
	d = w.eventually(t, l, "the credential", func(d dashboardView) bool { return d.Credentials.Total == 1 })
	if d.Credentials.Latest[0].Name != "Machine learning basics" {
		t.Errorf("latest credential = %+v", d.Credentials.Latest)
	}
	if len(d.Skills) != 1 || d.Skills[0].ID != matrixSkill || d.Skills[0].Label != "machine learning" {
		t.Errorf("skills = %+v, want machine learning", d.Skills)
	}
	if d.Occupations[0].Proven != 1 || len(d.Occupations[0].Missing) != 0 {
		t.Errorf("occupations = %+v, want the skill proven", d.Occupations)
	}
	for _, r := range d.Recommendations {
		if r.Reason != "builds_on" {
			t.Errorf("recommendation %+v, want it to build on the proven skill once no gap is left", r)
		}
	}
	for _, c := range d.Courses {
		if c.CourseSlug == "public-course" && (c.Status != "completed" || c.Next != nil) {
			t.Errorf("public-course = %+v, want completed with nothing left to continue", c)
		}
	}

	// Enrolments made before the lists were kept are listed when the
	// platform next opens its store.
	ctx := context.Background()
	if _, err := w.ta.p.db.Collection("learner_enrolments").DeleteMany(ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	if d = w.dashboard(t, l); len(d.Courses) != 0 {
		t.Fatalf("courses without the lists = %d: the test proves nothing", len(d.Courses))
	}
	writes, err := guarded.New(ctx, w.ta.p.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := learning.NewStore(w.ta.p.db, writes).EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if d = w.dashboard(t, l); len(d.Courses) != 2 {
		t.Errorf("courses after the lists were rebuilt = %d, want 2", len(d.Courses))
	}
}

func TestTargetOccupationsRefuseBadInput(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	l := w.tokens[learner]
	unknown := "11111111-2222-4333-8444-555555555555"
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"missing list", map[string]any{}, "occupations"},
		{"not an id", map[string]any{"occupations": []string{"data scientist"}}, "occupations[0]"},
		{"unknown occupation", map[string]any{"occupations": []string{unknown}}, "occupations[0]"},
		{"listed twice", map[string]any{"occupations": []string{matrixOccupation, matrixOccupation}}, "occupations[1]"},
		{"too many", map[string]any{"occupations": []string{matrixOccupation, unknown + "0", unknown + "1", unknown + "2", unknown + "3", unknown + "4"}}, "occupations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p struct {
				Errors []fieldError `json:"errors"`
			}
			resp := w.ta.call(t, "PUT", "/api/v1/me/dashboard/occupations", l, tc.body, &p)
			if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d %s, want a 400 problem", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if !slices.ContainsFunc(p.Errors, func(e fieldError) bool { return e.Field == tc.field }) {
				t.Errorf("errors = %+v, want one at %s", p.Errors, tc.field)
			}
		})
	}
	if resp := w.ta.call(t, "PUT", "/api/v1/me/dashboard/occupations", l, map[string]any{"occupations": []string{}, "extra": 1}, nil); resp.StatusCode != 400 {
		t.Errorf("unknown field = %d, want 400", resp.StatusCode)
	}
	if resp := w.ta.call(t, "GET", "/api/v1/me/dashboard?lang=xx", l, nil, nil); resp.StatusCode != 400 {
		t.Errorf("lang=xx = %d, want 400", resp.StatusCode)
	}
	// Clearing the list is allowed and sticks.
	if resp := w.ta.call(t, "PUT", "/api/v1/me/dashboard/occupations", l, map[string]any{"occupations": []string{}}, nil); resp.StatusCode != 200 {
		t.Errorf("clear = %d, want 200", resp.StatusCode)
	}
	if d := w.dashboard(t, l); len(d.Occupations) != 0 {
		t.Errorf("occupations after clearing = %+v", d.Occupations)
	}
}

// A learner enrolling in many courses at once finds every one on their
// dashboard: the per-learner list loses no enrolment to a concurrent one.
func TestSimultaneousEnrolmentsAllReachTheDashboard(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	owner := w.tokens[ownerStaff]
	const n = 20
	reqs := make([]burstRequest, n)
	for i := range n {
		slug := fmt.Sprintf("burst-course-%d", i)
		for _, step := range []struct {
			method, path string
			body         any
			want         int
		}{
			{"POST", "/api/v1/courses", matrixCourse(slug, "owning-university"), 201},
			{"PUT", "/api/v1/courses/" + slug + "/tree", matrixTree(), 200},
			{"POST", "/api/v1/courses/" + slug + "/publish", nil, 200},
		} {
			if resp := w.ta.call(t, step.method, step.path, owner, step.body, nil); resp.StatusCode != step.want {
				t.Fatalf("%s %s = %d", step.method, step.path, resp.StatusCode)
			}
		}
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/courses/" + slug + "/enrolment", token: w.tokens[learner]}
	}
	base := w.ta.listen(t)
	if got := statuses(burst(t, base, reqs)); got[201] != n {
		t.Fatalf("%d enrolments at once answered %v, want all 201", n, got)
	}
	d := w.dashboard(t, w.tokens[learner])
	if len(d.Courses) != n {
		t.Fatalf("dashboard lists %d courses, want %d", len(d.Courses), n)
	}
}
