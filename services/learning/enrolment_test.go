package learning_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"academy/services/catalog"
	"academy/services/kit/httpkit"
	"academy/services/learning"
)

func TestEnrolment(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)

	first := e.enrol(t, learner, "ml")
	if first.Status != learning.EnrolmentActive || first.Version != 1 || first.RequiredTotal != 2 || first.PassMark != 60 {
		t.Errorf("enrolment %+v, want active in version 1 with 2 required items and pass mark 60", first)
	}
	var again learning.EnrolmentView
	e.mustCall(t, "POST", path("/courses/ml/enrolment"), learner, nil, http.StatusOK, &again)
	if again.ID != first.ID {
		t.Errorf("enrolling again gave enrolment %s, want the first, %s", again.ID, first.ID)
	}

	t.Run("an enrolment pins the version current at enrolment", func(t *testing.T) {
		e.courses.publish(t, "ml", belfry, 60, catalog.Tree{Modules: []catalog.Module{{ID: "new", Title: "New", Items: []catalog.Item{
			{ID: "only", Kind: catalog.ItemLesson, Title: "Only", Required: true, Body: "x"}}}}})
		var progress learning.CourseProgressView
		e.mustCall(t, "GET", path("/me/courses/ml"), learner, nil, http.StatusOK, &progress)
		if progress.Version != 1 || len(progress.Items) != 4 || progress.Items[0].Ref != "basics.intro" {
			t.Errorf("progress in version %d with items %+v, want version 1's four items", progress.Version, progress.Items)
		}
		later := e.enrol(t, learner2, "ml")
		if later.Version != 2 || later.RequiredTotal != 1 {
			t.Errorf("a later enrolment %+v, want version 2 with 1 required item", later)
		}
	})

	t.Run("my courses lists my enrolments with progress", func(t *testing.T) {
		var page httpkit.Page[learning.EnrolmentView]
		e.mustCall(t, "GET", path("/me/courses"), learner, nil, http.StatusOK, &page)
		if len(page.Items) != 1 || page.Items[0].CourseSlug != "ml" || page.Items[0].CourseTitle != "Course ml" {
			t.Errorf("my courses %+v, want the ml course", page.Items)
		}
	})

	t.Run("withdrawing keeps progress for a return", func(t *testing.T) {
		e.mustCall(t, "POST", path("/me/courses/ml/items/intro/complete"), learner, nil, http.StatusOK, nil)
		e.mustCall(t, "DELETE", path("/courses/ml/enrolment"), learner, nil, http.StatusNoContent, nil)
		e.mustCall(t, "DELETE", path("/courses/ml/enrolment"), learner, nil, http.StatusNoContent, nil)
		var page httpkit.Page[learning.EnrolmentView]
		e.mustCall(t, "GET", path("/me/courses"), learner, nil, http.StatusOK, &page)
		if len(page.Items) != 0 {
			t.Errorf("my courses after withdrawing %+v, want none", page.Items)
		}
		status, body, _ := e.call(t, "GET", path("/me/courses/ml"), learner, nil)
		wantProblem(t, status, body, http.StatusNotFound, "not-enrolled")
		back := e.enrol(t, learner, "ml")
		if back.ID != first.ID || back.Version != 1 || back.RequiredDone != 1 {
			t.Errorf("returning gave %+v, want enrolment %s in version 1 with the lesson done", back, first.ID)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		e.courses.publish(t, "old", belfry, 50, mlTree(assessment(50, 0, "on_submit", trueFalseQuestion())))
		e.courses.setStatus("old", catalog.StatusArchived)
		e.courses.publish(t, "draft", belfry, 50, mlTree(assessment(50, 0, "on_submit", trueFalseQuestion())))
		e.courses.setStatus("draft", catalog.StatusDraft)
		cases := []struct {
			name, method, path, user string
			body                     any
			status                   int
			code                     string
		}{
			{"anonymous enrolment", "POST", "/courses/ml/enrolment", "", nil, 401, "unauthorized"},
			{"unknown course", "POST", "/courses/nope/enrolment", learner, nil, 404, "not-found"},
			{"unpublished course", "POST", "/courses/draft/enrolment", learner, nil, 404, "not-found"},
			{"archived course", "POST", "/courses/old/enrolment", learner, nil, 409, "course-archived"},
			{"unknown cohort", "POST", "/courses/ml/enrolment", outsider, map[string]any{"cohort_id": "nope"}, 400, "validation-failed"},
			{"unknown field", "POST", "/courses/ml/enrolment", outsider, map[string]any{"cohort": "x"}, 400, "validation-failed"},
			{"withdraw when not enrolled", "DELETE", "/courses/ml/enrolment", outsider, nil, 404, "not-enrolled"},
			{"anonymous list", "GET", "/me/courses", "", nil, 401, "unauthorized"},
			{"bad cursor", "GET", "/me/courses?cursor=%21", learner, nil, 400, "validation-failed"},
			{"page too large", "GET", "/me/courses?limit=1000", learner, nil, 400, "validation-failed"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, body, _ := e.call(t, tc.method, path("%s", tc.path), tc.user, tc.body)
				wantProblem(t, status, body, tc.status, tc.code)
			})
		}
	})
}

func TestMyCoursesPages(t *testing.T) {
	for _, c := range []struct {
		name string
		gap  time.Duration
	}{{"enrolled one after another", time.Second}, {"enrolled at one instant", 0}} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			for _, slug := range []string{"c1", "c2", "c3"} {
				e.courses.publish(t, slug, belfry, 50, mlTree(assessment(50, 0, "on_submit", trueFalseQuestion())))
				e.enrol(t, learner, slug)
				e.clock.Advance(c.gap)
			}
			var slugs []string
			next := path("/me/courses?limit=2")
			for pages := 0; next != ""; pages++ {
				if pages > 3 {
					t.Fatal("the cursor does not advance")
				}
				var page httpkit.Page[learning.EnrolmentView]
				e.mustCall(t, "GET", next, learner, nil, http.StatusOK, &page)
				for _, it := range page.Items {
					slugs = append(slugs, it.CourseSlug)
				}
				next = ""
				if page.NextCursor != "" {
					next = path("/me/courses?limit=2&cursor=%s", page.NextCursor)
				}
			}
			if c.gap > 0 && !slices.Equal(slugs, []string{"c1", "c2", "c3"}) {
				t.Errorf("paged through %v, want c1, c2, c3 in enrolment order", slugs)
			}
			slices.Sort(slugs)
			if !slices.Equal(slugs, []string{"c1", "c2", "c3"}) {
				t.Errorf("paged through %v, want c1, c2, c3 once each", slugs)
			}
		})
	}
}

func TestCompleteLesson(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")

	var progress learning.CourseProgressView
	e.mustCall(t, "POST", path("/me/courses/ml/items/basics.intro/complete"), learner, nil, http.StatusOK, &progress)
	if progress.RequiredDone != 1 || !progress.Items[0].Done {
		t.Errorf("after marking basics.intro done: %d required done, items %+v", progress.RequiredDone, progress.Items)
	}
	e.mustCall(t, "POST", path("/me/courses/ml/items/extra/complete"), learner, nil, http.StatusOK, &progress)
	if progress.RequiredDone != 1 || !progress.Items[2].Done || progress.ProgressPercent != 50 {
		t.Errorf("after the optional lesson: %d required done (%v%%), items %+v; want the lesson done and progress unchanged",
			progress.RequiredDone, progress.ProgressPercent, progress.Items)
	}
	e.mustCall(t, "POST", path("/me/courses/ml/items/intro/complete"), learner, nil, http.StatusOK, &progress)
	if progress.RequiredDone != 1 {
		t.Errorf("marking a lesson twice: %d required done, want 1", progress.RequiredDone)
	}

	cases := []struct {
		name, ref, user string
		status          int
		code            string
	}{
		{"an assessment is done when passed", "basics.quiz", learner, 409, "not-a-lesson"},
		{"an item id two modules share", "quiz", learner, 400, "validation-failed"},
		{"an unknown item", "nope", learner, 404, "not-found"},
		{"a learner not enrolled", "intro", learner2, 404, "not-enrolled"},
		{"anonymous", "intro", "", 401, "unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := e.call(t, "POST", path("/me/courses/ml/items/%s/complete", tc.ref), tc.user, nil)
			wantProblem(t, status, body, tc.status, tc.code)
		})
	}
}

func TestCohorts(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	now := e.clock.Now()
	cohort := map[string]any{"name": "Spring 2030", "starts_at": now.Add(24 * time.Hour), "ends_at": now.Add(60 * 24 * time.Hour)}

	status, body, _ := e.call(t, "POST", path("/courses/ml/cohorts"), learner, cohort)
	wantProblem(t, status, body, http.StatusForbidden, "forbidden")
	status, body, _ = e.call(t, "POST", path("/courses/ml/cohorts"), staff, map[string]any{"name": " ", "starts_at": now, "ends_at": now.Add(-time.Hour)})
	if p := wantProblem(t, status, body, http.StatusBadRequest, "validation-failed"); len(p.Errors) != 2 {
		t.Errorf("a cohort without a name ending before it starts: errors %+v, want name and ends_at", p.Errors)
	}
	var spring learning.Cohort
	e.mustCall(t, "POST", path("/courses/ml/cohorts"), staff, cohort, http.StatusCreated, &spring)
	var listed []learning.Cohort
	e.mustCall(t, "GET", path("/courses/ml/cohorts"), "", nil, http.StatusOK, &listed)
	if len(listed) != 1 || listed[0].ID != spring.ID || listed[0].Name != "Spring 2030" {
		t.Errorf("cohorts %+v, want Spring 2030", listed)
	}

	var v learning.EnrolmentView
	e.mustCall(t, "POST", path("/courses/ml/enrolment"), learner, map[string]any{"cohort_id": spring.ID}, http.StatusCreated, &v)
	if v.Cohort == nil || v.Cohort.ID != spring.ID {
		t.Fatalf("enrolment %+v, want cohort %s", v, spring.ID)
	}
	t.Run("attempts wait for the cohort to start", func(t *testing.T) {
		status, body, _ := e.call(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil)
		wantProblem(t, status, body, http.StatusConflict, "cohort-not-started")
		e.clock.Advance(25 * time.Hour)
		a := e.start(t, learner, "ml", "basics.quiz")
		if a.Deadline == nil || !a.Deadline.Equal(spring.EndsAt) {
			t.Errorf("attempt deadline %v, want the cohort's end %v", a.Deadline, spring.EndsAt)
		}
	})
	t.Run("an ended cohort takes no one and closes its assessments", func(t *testing.T) {
		e.clock.Advance(60 * 24 * time.Hour)
		status, body, _ := e.call(t, "POST", path("/courses/ml/enrolment"), learner2, map[string]any{"cohort_id": spring.ID})
		wantProblem(t, status, body, http.StatusConflict, "cohort-ended")
		status, body, _ = e.call(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil)
		wantProblem(t, status, body, http.StatusConflict, "assessment-closed")
		e.mustCall(t, "GET", path("/courses/ml/cohorts"), "", nil, http.StatusOK, &listed)
		if len(listed) != 0 {
			t.Errorf("cohorts after the end %+v, want none", listed)
		}
	})
}
