package main

import (
	"context"
	"testing"
)

// setUpLearning enrols the learner in the public course and leaves three
// attempts: one in progress, one to submit, one submitted and graded.
func (w *world) setUpLearning(t testing.TB) {
	t.Helper()
	l := w.tokens[learner]
	if resp := w.ta.call(t, "POST", "/api/v1/courses/public-course/enrolment", l, nil, nil); resp.StatusCode != 201 {
		t.Fatalf("enrol = %d", resp.StatusCode)
	}
	start := func() string {
		t.Helper()
		var at map[string]any
		if resp := w.ta.call(t, "POST", "/api/v1/assessments/public-course/quiz/attempts", l, nil, &at); resp.StatusCode != 201 && resp.StatusCode != 200 {
			t.Fatalf("start attempt = %d %v", resp.StatusCode, at)
		}
		return at["id"].(string)
	}
	answer := func(id string) {
		t.Helper()
		if resp := w.ta.call(t, "PUT", "/api/v1/attempts/"+id+"/answers/q1", l, map[string]any{"value": true}, nil); resp.StatusCode != 200 {
			t.Fatalf("answer = %d", resp.StatusCode)
		}
	}
	submit := func(id string) {
		t.Helper()
		if resp := w.ta.call(t, "POST", "/api/v1/attempts/"+id+"/submit", l, nil, nil); resp.StatusCode != 200 {
			t.Fatalf("submit = %d", resp.StatusCode)
		}
	}
	graded := start()
	answer(graded)
	submit(graded)
	if err := w.ta.learning.GradeSubmission(context.Background(), graded); err != nil {
		t.Fatal(err)
	}
	w.ids["graded_attempt"] = graded
	w.ids["open_attempt"] = start()
}

func attemptParam(key string) func(*world, role) map[string]string {
	return func(w *world, _ role) map[string]string { return map[string]string{"id": w.ids[key]} }
}

// learningMatrix covers enrolment, progress, attempts and grading review.
func learningMatrix() []authzCase {
	signedIn := [5]int{401, 200, 200, 200, 200}
	staffOnly := [5]int{401, 403, 403, 200, 200}
	learnerOnly := [5]int{401, 200, 404, 404, 404}
	courseParam := fixedSlug("public-course")
	return []authzCase{
		{method: "POST", path: "/api/v1/courses/:slug/enrolment", params: fixedSlug("enrol-course"), want: [5]int{401, 201, 201, 201, 201}},
		{method: "DELETE", path: "/api/v1/courses/:slug/enrolment", params: fixedSlug("enrol-course"), want: [5]int{401, 204, 204, 204, 204}},
		{method: "GET", path: "/api/v1/courses/:slug/cohorts", params: courseParam, want: same(200)},
		{method: "POST", path: "/api/v1/courses/:slug/cohorts", params: courseParam, body: func(w *world, _ role) any {
			return map[string]any{"name": w.unique("Cohort "), "starts_at": "2030-01-01T00:00:00Z", "ends_at": "2030-06-30T00:00:00Z"}
		}, want: [5]int{401, 403, 403, 201, 201}},
		{method: "PUT", path: "/api/v1/courses/:slug/items/:item_id/schedule", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "public-course", "item_id": "quiz"}
		}, body: func(*world, role) any { return map[string]any{"opens_at": "2020-01-01T00:00:00Z"} }, want: staffOnly},
		{method: "GET", path: "/api/v1/me/courses", want: signedIn},
		{method: "GET", path: "/api/v1/me/courses/:slug", params: courseParam, want: learnerOnly},
		{method: "POST", path: "/api/v1/me/courses/:slug/items/:item_id/complete", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "public-course", "item_id": "intro"}
		}, want: learnerOnly},
		{method: "POST", path: "/api/v1/assessments/:course_slug/:item_id/attempts", params: func(*world, role) map[string]string {
			return map[string]string{"course_slug": "public-course", "item_id": "quiz"}
		}, want: [5]int{401, 200, 404, 404, 404}},
		{method: "GET", path: "/api/v1/attempts/:id", params: attemptParam("graded_attempt"), want: [5]int{401, 200, 404, 200, 200}},
		{method: "PUT", path: "/api/v1/attempts/:id/answers/:question_id", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["open_attempt"], "question_id": "q1"}
		}, body: func(*world, role) any { return map[string]any{"value": false} }, want: learnerOnly},
		// After the answer above is saved; only its learner may check (and so lock) it.
		{method: "POST", path: "/api/v1/attempts/:id/questions/:question_id/check", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["open_attempt"], "question_id": "q1"}
		}, want: learnerOnly},
		{method: "POST", path: "/api/v1/attempts/:id/review-request", params: attemptParam("graded_attempt"), body: func(*world, role) any {
			return map[string]any{"message": "Please look at question 1 again."}
		}, want: learnerOnly},
		// The owner's staff resolve the request just opened; nothing is left open for the admin.
		{method: "POST", path: "/api/v1/attempts/:id/review-request/reply", params: attemptParam("graded_attempt"), body: func(*world, role) any {
			return map[string]any{"reply": "No change: the key is right."}
		}, want: [5]int{401, 403, 404, 200, 409}},
		{method: "POST", path: "/api/v1/attempts/:id/override", params: attemptParam("graded_attempt"), body: func(*world, role) any {
			return map[string]any{"question_id": "q1", "score": 1, "reason": "Accepted after review."}
		}, want: [5]int{401, 403, 404, 200, 200}},
		{method: "POST", path: "/api/v1/attempts/:id/questions/:question_id/manual-grade", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["graded_attempt"], "question_id": "q1"}
		}, body: func(*world, role) any { return map[string]any{"score": 1, "comment": "Fine."} }, want: [5]int{401, 403, 404, 400, 400}},
		{method: "GET", path: "/api/v1/attempts/:id/audit", params: attemptParam("graded_attempt"), want: [5]int{401, 200, 404, 200, 200}},
		{method: "POST", path: "/api/v1/attempts/:id/submit", params: attemptParam("open_attempt"), want: learnerOnly},
		{method: "GET", path: "/api/v1/courses/:slug/gradebook", params: courseParam, want: staffOnly},
		{method: "GET", path: "/api/v1/courses/:slug/gradebook.csv", params: courseParam, want: staffOnly},
		{method: "GET", path: "/api/v1/courses/:slug/review-requests", params: courseParam, want: staffOnly},
		{method: "GET", path: "/api/v1/courses/:slug/insight", params: courseParam, want: staffOnly},
		{method: "GET", path: "/api/v1/courses/:slug/awaiting-grading", params: courseParam, want: staffOnly},
		{method: "GET", path: "/api/v1/courses/:slug/learners/:learner_id/attempts", params: func(w *world, _ role) map[string]string {
			return map[string]string{"slug": "public-course", "learner_id": w.ids["learner"]}
		}, want: staffOnly},
	}
}
