package main

import (
	"testing"
	"time"

	"academy/jobs"
)

// TestCompletingACourseEarnsACredential follows a learner from the last
// lesson of a course to a verifiable credential, through the real queue:
// completion with its CourseCompleted event → delivery to the credentials
// subscriber → signed credential in the wallet.
func TestCompletingACourseEarnsACredential(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t) // the learner has passed the quiz of the public course
	worker := jobs.NewWorker(w.ta.p.redis, 4, w.ta.log)
	w.ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)

	l := w.tokens[learner]
	var progress map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/me/courses/public-course/items/intro/complete", l, nil, &progress); resp.StatusCode != 200 {
		t.Fatalf("complete lesson = %d %v", resp.StatusCode, progress)
	}
	type wallet struct {
		Items []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	var got wallet
	deadline := time.Now().Add(time.Minute)
	for len(got.Items) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no credential in the wallet a minute after completing the course")
		}
		time.Sleep(100 * time.Millisecond)
		w.ta.call(t, "GET", "/api/v1/me/credentials", l, nil, &got)
	}
	if len(got.Items) != 1 {
		t.Fatalf("wallet = %+v, want exactly one credential", got.Items)
	}
	var check struct {
		Valid bool `json:"valid"`
	}
	if resp := w.ta.call(t, "GET", "/api/v1/credentials/"+got.Items[0].ID+"/verification", "", nil, &check); resp.StatusCode != 200 || !check.Valid {
		t.Fatalf("verification = %d %+v, want valid", resp.StatusCode, check)
	}
	// Completing the lesson again changes nothing: still one credential.
	w.ta.call(t, "POST", "/api/v1/me/courses/public-course/items/intro/complete", l, nil, nil)
	time.Sleep(2 * time.Second)
	w.ta.call(t, "GET", "/api/v1/me/credentials", l, nil, &got)
	if len(got.Items) != 1 {
		t.Fatalf("wallet after a repeat = %d credentials, want 1", len(got.Items))
	}
	// The course's insight counts the completion and, from its event, the credential, once.
	var insight struct{ Enrolments, Completions, Credentials int }
	for insight.Credentials == 0 {
		if time.Now().After(deadline.Add(time.Minute)) {
			t.Fatalf("insight = %+v a minute after the credential, want it counted", insight)
		}
		time.Sleep(100 * time.Millisecond)
		w.ta.call(t, "GET", "/api/v1/courses/public-course/insight", w.tokens[ownerStaff], nil, &insight)
	}
	if insight.Enrolments != 1 || insight.Completions != 1 || insight.Credentials != 1 {
		t.Fatalf("insight = %+v, want one enrolment, completion and credential", insight)
	}
}
