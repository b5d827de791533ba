package learning_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"academy/services/learning"
)

// A learner whose submission waits for the grading task asks for the
// attempt with wait=grade and is answered with the grade once it is stored,
// without asking again.
func TestWaitForGrade(t *testing.T) {
	// submitted returns a fresh env serving a service with o that leaves
	// grading to the task, and an attempt of learner submitted with every answer right.
	submitted := func(t *testing.T, o learning.Options) (*env, learning.AttemptView) {
		e := newEnv(t)
		o.Now = e.clock.Now
		o.Events = e.outbox
		e.serve(learning.GradeOnQueueOnly(learning.NewService(e.store, e.courses, e.orgs, e.queue, o)))
		e.publishML(t)
		e.enrol(t, learner, "ml")
		a := e.start(t, learner, "ml", "basics.quiz")
		e.answerAll(t, learner, a, true)
		e.submit(t, learner, a.ID)
		return e, a
	}
	// waitForGrade asks as user and returns the answer's status and body once it comes.
	waitForGrade := func(e *env, user, id string) <-chan answer {
		got := make(chan answer, 1)
		go func() {
			status, body, _ := e.call(t, "GET", path("/attempts/%s?wait=grade", id), user, nil)
			got <- answer{status, body}
		}()
		return got
	}
	graded := func(t *testing.T, got answer) {
		t.Helper()
		if got.status != http.StatusOK {
			t.Fatalf("status %d: %s", got.status, got.body)
		}
		v := decode[learning.AttemptView](t, got.body)
		if v.Status != learning.AttemptGraded || v.Score == nil || v.Score.Percent != 100 {
			t.Fatalf("answered %+v, want the attempt graded at 100%%", v)
		}
	}

	t.Run("answered when the grade is stored", func(t *testing.T) {
		e, a := submitted(t, learning.Options{GradeWait: time.Hour})
		got := waitForGrade(e, learner, a.ID)
		for learning.GradeWaiters(e.svc, a.ID) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		graded(t, <-got)
		if n := learning.GradeWaiters(e.svc, a.ID); n != 0 {
			t.Errorf("%d requests still wait for the grade", n)
		}
	})
	t.Run("answered at once when already graded", func(t *testing.T) {
		e, a := submitted(t, learning.Options{GradeWait: time.Hour})
		if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		graded(t, <-waitForGrade(e, learner, a.ID))
	})
	t.Run("answered when another process stores the grade", func(t *testing.T) {
		e, a := submitted(t, learning.Options{GradeWait: time.Hour, GradePoll: 20 * time.Millisecond})
		got := waitForGrade(e, learner, a.ID)
		if err := e.newService().GradeSubmission(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		graded(t, <-got)
	})
	t.Run("answered as it stands when the wait ends", func(t *testing.T) {
		e, a := submitted(t, learning.Options{GradeWait: 50 * time.Millisecond})
		got := <-waitForGrade(e, learner, a.ID)
		if got.status != http.StatusOK {
			t.Fatalf("status %d: %s", got.status, got.body)
		}
		v := decode[learning.AttemptView](t, got.body)
		if v.Status != learning.AttemptSubmitted || v.QueuePosition == nil || v.Score != nil {
			t.Errorf("answered %+v, want the attempt still submitted, with its queue position", v)
		}
	})
	t.Run("answered when the process stops", func(t *testing.T) {
		stop := make(chan struct{})
		e, a := submitted(t, learning.Options{GradeWait: time.Hour, Stop: stop})
		got := waitForGrade(e, learner, a.ID)
		close(stop)
		if v := decode[learning.AttemptView](t, (<-got).body); v.Status != learning.AttemptSubmitted {
			t.Errorf("answered %+v, want the attempt still submitted", v)
		}
	})
	t.Run("another learner, anonymous, a bad wait", func(t *testing.T) {
		e, a := submitted(t, learning.Options{GradeWait: time.Hour})
		got := <-waitForGrade(e, learner2, a.ID)
		wantProblem(t, got.status, got.body, http.StatusNotFound, "not-found")
		got = <-waitForGrade(e, "", a.ID)
		wantProblem(t, got.status, got.body, http.StatusUnauthorized, "unauthorized")
		status, body, _ := e.call(t, "GET", path("/attempts/%s?wait=forever", a.ID), learner, nil)
		if p := wantProblem(t, status, body, http.StatusBadRequest, "validation-failed"); len(p.Errors) != 1 || p.Errors[0].Field != "wait" {
			t.Errorf("problem %+v, want one error naming wait", p)
		}
		if n := learning.GradeWaiters(e.svc, a.ID); n != 0 {
			t.Errorf("%d requests still wait for the grade", n)
		}
	})
}

type answer struct {
	status int
	body   []byte
}
