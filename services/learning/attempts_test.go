package learning_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/grading"
	"academy/services/learning"
)

func TestStartAttempt(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")

	a := e.start(t, learner, "ml", "basics.quiz")
	if a.Status != learning.AttemptInProgress || a.Number != 1 || len(a.Questions) != 2 || a.Item != "basics.quiz" || a.Deadline != nil {
		t.Fatalf("attempt %+v, want attempt 1 at basics.quiz in progress with 2 questions and no deadline", a)
	}
	for _, q := range a.Questions {
		if q.Result != nil || q.Answer != nil {
			t.Errorf("a new attempt shows question %s with answer %s and result %+v", q.Question.ID, q.Answer, q.Result)
		}
	}
	t.Run("the questions drawn are fixed with the attempt", func(t *testing.T) {
		stored := e.attempt(t, a.ID)
		drawn := grading.Draw(*assessment(50, 2, grading.FeedbackOnSubmit, choiceQuestion(), trueFalseQuestion()), stored.Seed)
		same := func(x, y grading.Question) bool { return x.ID == y.ID && x.DisplaySeed == y.DisplaySeed }
		if !slices.EqualFunc(stored.Questions, drawn, same) {
			t.Errorf("stored questions %+v do not follow from seed %d", stored.Questions, stored.Seed)
		}
		var again learning.AttemptView
		e.mustCall(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil, http.StatusOK, &again)
		if again.ID != a.ID {
			t.Errorf("starting again gave attempt %s, want the one in progress, %s", again.ID, a.ID)
		}
	})
	t.Run("refusals", func(t *testing.T) {
		cases := []struct {
			name, path, user string
			status           int
			code             string
		}{
			{"a lesson", "/assessments/ml/basics.intro/attempts", learner, 409, "not-an-assessment"},
			{"an ambiguous item id", "/assessments/ml/quiz/attempts", learner, 400, "validation-failed"},
			{"an unknown item", "/assessments/ml/basics.nope/attempts", learner, 404, "not-found"},
			{"not enrolled", "/assessments/ml/basics.quiz/attempts", learner2, 404, "not-enrolled"},
			{"anonymous", "/assessments/ml/basics.quiz/attempts", "", 401, "unauthorized"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, body, _ := e.call(t, "POST", path("%s", tc.path), tc.user, nil)
				wantProblem(t, status, body, tc.status, tc.code)
			})
		}
	})
	t.Run("attempts exhausted", func(t *testing.T) {
		e.submit(t, learner, a.ID)
		second := e.start(t, learner, "ml", "basics.quiz")
		if second.Number != 2 {
			t.Errorf("second attempt has number %d", second.Number)
		}
		e.submit(t, learner, second.ID)
		status, body, _ := e.call(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil)
		p := wantProblem(t, status, body, http.StatusConflict, "attempts-exhausted")
		if !strings.Contains(p.Detail, "2 attempts") {
			t.Errorf("detail %q does not say how many attempts were allowed", p.Detail)
		}
	})
}

func TestAssessmentSchedule(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")
	now := e.clock.Now()
	schedule := map[string]any{"opens_at": now.Add(time.Hour), "closes_at": now.Add(3 * time.Hour)}

	status, body, _ := e.call(t, "PUT", path("/courses/ml/items/basics.quiz/schedule"), learner, schedule)
	wantProblem(t, status, body, http.StatusForbidden, "forbidden")
	status, body, _ = e.call(t, "PUT", path("/courses/ml/items/basics.intro/schedule"), staff, schedule)
	wantProblem(t, status, body, http.StatusConflict, "not-an-assessment")
	status, body, _ = e.call(t, "PUT", path("/courses/ml/items/basics.quiz/schedule"), staff, map[string]any{"opens_at": now, "closes_at": now.Add(-time.Hour)})
	wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")
	e.mustCall(t, "PUT", path("/courses/ml/items/basics.quiz/schedule"), staff, schedule, http.StatusOK, nil)

	var progress learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ml"), learner, nil, http.StatusOK, &progress)
	if quiz := progress.Items[1]; quiz.OpensAt == nil || !quiz.OpensAt.Equal(now.Add(time.Hour)) || quiz.ClosesAt == nil {
		t.Errorf("progress shows the quiz as %+v, want its dates", quiz)
	}

	status, body, _ = e.call(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil)
	wantProblem(t, status, body, http.StatusConflict, "assessment-not-open")
	e.clock.Advance(2 * time.Hour)
	a := e.start(t, learner, "ml", "basics.quiz")
	if a.Deadline == nil || !a.Deadline.Equal(now.Add(3*time.Hour)) {
		t.Errorf("deadline %v, want the closing time", a.Deadline)
	}
	e.clock.Advance(time.Hour)
	status, body, _ = e.call(t, "PUT", path("/attempts/%s/answers/q1", a.ID), learner, map[string]any{"choice": "a"})
	wantProblem(t, status, body, http.StatusConflict, "assessment-closed")
	status, body, _ = e.call(t, "POST", path("/assessments/ml/basics.quiz/attempts"), learner, nil)
	wantProblem(t, status, body, http.StatusConflict, "assessment-closed")
}

func TestTimeLimit(t *testing.T) {
	e := newEnv(t)
	quiz := assessment(50, 0, grading.FeedbackOnSubmit, choiceQuestion(), trueFalseQuestion())
	quiz.TimeLimitMinutes = 20
	e.courses.publish(t, "timed", belfry, 50, mlTree(quiz))
	e.enrol(t, learner, "timed")
	a := e.start(t, learner, "timed", "basics.quiz")
	if a.Deadline == nil || !a.Deadline.Equal(e.clock.Now().Add(20*time.Minute)) {
		t.Fatalf("deadline %v, want 20 minutes from the start", a.Deadline)
	}
	e.answer(t, learner, a.ID, "q1", map[string]any{"choice": "a"})
	e.clock.Advance(20 * time.Minute)
	status, body, _ := e.call(t, "PUT", path("/attempts/%s/answers/q2", a.ID), learner, map[string]any{"value": true})
	wantProblem(t, status, body, http.StatusConflict, "time-over")

	t.Run("starting again submits the attempt out of time", func(t *testing.T) {
		next := e.start(t, learner, "timed", "basics.quiz")
		if next.Number != 2 {
			t.Errorf("new attempt number %d, want 2", next.Number)
		}
		old := e.attempt(t, a.ID)
		if old.Status != learning.AttemptSubmitted || !old.SubmittedAt.Equal(*a.Deadline) || len(old.Answers) != 1 {
			t.Errorf("the attempt out of time is %s, submitted at %v with %d answers; want submitted at its deadline with the answer saved in time",
				old.Status, old.SubmittedAt, len(old.Answers))
		}
		if tasks := e.queue.pending(t, jobs.TypeGrade); len(tasks) != 1 {
			t.Errorf("%d grading tasks queued, want 1", len(tasks))
		}
	})
}

func TestAutosave(t *testing.T) {
	e := newEnv(t)
	quiz := assessment(50, 0, grading.FeedbackImmediate, choiceQuestion(), trueFalseQuestion())
	e.courses.publish(t, "ml", belfry, 50, mlTree(quiz))
	e.enrol(t, learner, "ml")
	e.enrol(t, learner2, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")

	t.Run("a saved answer shows no result until the question is checked", func(t *testing.T) {
		saved := e.answer(t, learner, a.ID, "q1", map[string]any{"choice": "b"})
		if string(saved.Answer) != `{"choice":"b"}` {
			t.Errorf("saved %+v, want the answer back", saved)
		}
		var view learning.AttemptView
		e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
		if q := view.Questions[0]; string(q.Answer) != `{"choice":"b"}` || q.Result != nil || q.Locked {
			t.Errorf("the attempt shows question 1 with answer %s, result %+v, locked %v; want the answer alone", q.Answer, q.Result, q.Locked)
		}
		if saved = e.answer(t, learner, a.ID, "q1", map[string]any{"choice": "a"}); string(saved.Answer) != `{"choice":"a"}` {
			t.Errorf("changing an unchecked answer saved %s", saved.Answer)
		}
	})
	t.Run("bad answers are refused naming what is wrong", func(t *testing.T) {
		cases := []struct {
			name, question string
			body           any
			field          string
			inDetail       string
		}{
			{"unknown question", "q9", map[string]any{"choice": "a"}, "question_id", "q9"},
			{"unknown option", "q1", map[string]any{"choice": "z"}, "q1", `unknown option "z"`},
			{"field of another question type", "q2", map[string]any{"choice": "a"}, "q2", `unknown field "choice"`},
			{"not an object", "q2", true, "q2", "JSON object"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, body, _ := e.call(t, "PUT", path("/attempts/%s/answers/%s", a.ID, tc.question), learner, tc.body)
				if status != http.StatusBadRequest {
					t.Fatalf("status %d, want 400: %s", status, body)
				}
				p := problem(t, body)
				if len(p.Errors) != 1 || p.Errors[0].Field != tc.field || !strings.Contains(p.Detail+p.Errors[0].Message, tc.inDetail) {
					t.Errorf("problem %+v, want field %s and %q", p, tc.field, tc.inDetail)
				}
			})
		}
	})
	t.Run("another learner's attempt does not exist for them", func(t *testing.T) {
		for _, call := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/attempts/" + a.ID, nil},
			{"PUT", "/attempts/" + a.ID + "/answers/q1", map[string]any{"choice": "a"}},
			{"POST", "/attempts/" + a.ID + "/submit", nil},
			{"POST", "/attempts/" + a.ID + "/review-request", map[string]any{"message": "please"}},
			{"GET", "/attempts/" + a.ID + "/audit", nil},
		} {
			status, body, _ := e.call(t, call.method, path("%s", call.path), learner2, call.body)
			wantProblem(t, status, body, http.StatusNotFound, "not-found")
		}
		if got := e.attempt(t, a.ID); got.Status != learning.AttemptInProgress {
			t.Errorf("after another learner's calls the attempt is %s", got.Status)
		}
	})
	t.Run("answers stop at submission", func(t *testing.T) {
		e.submit(t, learner, a.ID)
		status, body, _ := e.call(t, "PUT", path("/attempts/%s/answers/q2", a.ID), learner, map[string]any{"value": true})
		wantProblem(t, status, body, http.StatusConflict, "attempt-submitted")
	})
}

// A quiz graded automatically is graded in the submit request: the learner
// reads the grade in its answer, and progress counts it at once.
func TestSubmit(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")
	e.answerAll(t, learner, a, true)
	e.clock.Advance(time.Second)

	status, body, headers := e.call(t, "POST", path("/attempts/%s/submit", a.ID), learner, nil, "Idempotency-Key", "k-1")
	if status != http.StatusOK {
		t.Fatalf("submit: status %d: %s", status, body)
	}
	first := decode[learning.AttemptView](t, body)
	if first.Status != learning.AttemptGraded || first.QueuePosition != nil || first.Score == nil || first.Score.Percent != 100 || !passed(first.Score) ||
		!first.FeedbackAvailable || headers.Get("Idempotency-Replayed") != "false" {
		t.Errorf("submitted %+v (replayed %q), want graded at 100%% with feedback in the answer", first, headers.Get("Idempotency-Replayed"))
	}
	if first.SubmittedAt == nil || !first.SubmittedAt.Equal(e.clock.Now().Truncate(time.Millisecond)) || first.GradedAt == nil || !first.GradedAt.Equal(*first.SubmittedAt) {
		t.Errorf("submitted at %v, graded at %v; want both now", first.SubmittedAt, first.GradedAt)
	}
	if q := first.Questions[0]; q.Result == nil || !q.Result.Correct || q.Result.Solution == nil {
		t.Errorf("question 1 result %+v, want correct with the solution", q.Result)
	}
	var progress learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ml"), learner, nil, http.StatusOK, &progress)
	if quiz := progress.Items[1]; quiz.BestPercent == nil || *quiz.BestPercent != 100 || !quiz.Done {
		t.Errorf("progress shows the quiz as %+v, want done at 100%%", quiz)
	}
	if stored := e.attempt(t, a.ID); stored.ResultRev != 1 || !stored.Applied {
		t.Errorf("stored attempt has %d results, applied %v; want one, applied", stored.ResultRev, stored.Applied)
	}
	if n := e.count(t, "grading_waitlist", bson.M{}); n != 0 {
		t.Errorf("%d submissions on the grading waitlist, want none", n)
	}

	e.clock.Advance(time.Minute)
	for _, key := range []string{"k-1", "", "k-2"} {
		status, body, headers := e.call(t, "POST", path("/attempts/%s/submit", a.ID), learner, nil, "Idempotency-Key", key)
		if status != http.StatusOK {
			t.Fatalf("submitting again with key %q: status %d: %s", key, status, body)
		}
		again := decode[learning.AttemptView](t, body)
		if !again.SubmittedAt.Equal(*first.SubmittedAt) || !again.GradedAt.Equal(*first.GradedAt) || headers.Get("Idempotency-Replayed") != "true" {
			t.Errorf("submitting again with key %q: submitted at %v, graded at %v (replayed %q), want the first submission's %v",
				key, again.SubmittedAt, again.GradedAt, headers.Get("Idempotency-Replayed"), first.SubmittedAt)
		}
	}
	if tasks := e.queue.pending(t, jobs.TypeGrade); len(tasks) != 0 {
		t.Errorf("%d grading tasks queued, want none: the request graded it", len(tasks))
	}
	status, body, _ = e.call(t, "POST", path("/attempts/%s/submit", a.ID), learner, nil, "Idempotency-Key", strings.Repeat("k", 201))
	wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")

	t.Run("an answer for staff waits in the grading queue", func(t *testing.T) {
		e.courses.publish(t, "essays", belfry, 60, mlTree(assessment(50, 1, grading.FeedbackOnSubmit, choiceQuestion(), essayQuestion())))
		var ids []string
		for _, u := range []string{learner2, learner} {
			e.enrol(t, u, "essays")
			a := e.start(t, u, "essays", "basics.quiz")
			e.answerAll(t, u, a, true)
			ids = append(ids, a.ID)
		}
		e.submit(t, learner2, ids[0])
		e.clock.Advance(time.Second)
		v := e.submit(t, learner, ids[1])
		if v.Status != learning.AttemptSubmitted || v.QueuePosition == nil || *v.QueuePosition != 1 || v.Score != nil || v.GradedAt != nil {
			t.Errorf("submitted %+v, want submitted with one submission ahead and no score", v)
		}
		for _, q := range v.Questions {
			if q.Result != nil {
				t.Errorf("question %s shows a result before grading", q.Question.ID)
			}
		}
		if tasks := e.queue.pending(t, jobs.TypeGrade); len(tasks) != 2 {
			t.Errorf("%d grading tasks queued, want one per essay submission (2)", len(tasks))
		}
		if err := e.svc.GradeSubmission(context.Background(), ids[1]); err != nil {
			t.Fatal(err)
		}
		var graded learning.AttemptView
		e.mustCall(t, "GET", path("/attempts/%s", ids[1]), learner, nil, http.StatusOK, &graded)
		if graded.Status != learning.AttemptNeedsReview || graded.QueuePosition != nil || graded.Score == nil || graded.Score.Final || graded.Score.AwaitingPoints != 5 {
			t.Errorf("graded view %+v, want waiting for staff with the essay's 5 points to grade", graded)
		}
	})
}

func TestFeedbackPolicy(t *testing.T) {
	cases := []struct {
		name         string
		feedback     grading.FeedbackPolicy
		showCorrect  bool
		closeAfter   time.Duration
		wantDetail   bool
		wantSolution bool
	}{
		{"on submit with correct answers", grading.FeedbackOnSubmit, true, 0, true, true},
		{"on submit without correct answers", grading.FeedbackOnSubmit, false, 0, true, false},
		{"after close, never closing", grading.FeedbackAfterClose, true, 0, false, false},
		{"after close, not closed yet", grading.FeedbackAfterClose, true, time.Hour, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			quiz := assessment(50, 0, tc.feedback, choiceQuestion(), trueFalseQuestion())
			quiz.ShowCorrectAnswers = tc.showCorrect
			e.courses.publish(t, "ml", belfry, 50, mlTree(quiz))
			if tc.closeAfter > 0 {
				e.mustCall(t, "PUT", path("/courses/ml/items/basics.quiz/schedule"), staff, map[string]any{"closes_at": e.clock.Now().Add(tc.closeAfter)}, http.StatusOK, nil)
			}
			e.enrol(t, learner, "ml")
			a := e.start(t, learner, "ml", "basics.quiz")
			e.answerAll(t, learner, a, false)
			e.submit(t, learner, a.ID)
			if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
				t.Fatal(err)
			}
			var view learning.AttemptView
			e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
			if view.Score == nil || view.Score.Percent != 0 || view.Score.Passed == nil || *view.Score.Passed {
				t.Errorf("score %+v, want 0%% and failed: the total is always shown once graded", view.Score)
			}
			checkDetail(t, view, tc.wantDetail, tc.wantSolution)
			var staffView learning.AttemptView
			e.mustCall(t, "GET", path("/attempts/%s", a.ID), staff, nil, http.StatusOK, &staffView)
			checkDetail(t, staffView, true, true)
			if tc.closeAfter > 0 {
				e.clock.Advance(tc.closeAfter)
				e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
				checkDetail(t, view, true, tc.showCorrect)
			}
		})
	}
}

func checkDetail(t *testing.T, view learning.AttemptView, wantDetail, wantSolution bool) {
	t.Helper()
	if view.FeedbackAvailable != wantDetail {
		t.Errorf("feedback_available %v, want %v", view.FeedbackAvailable, wantDetail)
	}
	for _, q := range view.Questions {
		if (q.Result != nil) != wantDetail {
			t.Errorf("question %s result %+v, want shown: %v", q.Question.ID, q.Result, wantDetail)
		}
		if q.Result != nil && (q.Result.Solution != nil) != wantSolution {
			t.Errorf("question %s solution %+v, want shown: %v", q.Question.ID, q.Result.Solution, wantSolution)
		}
	}
}

// The place in the queue counts the submissions still waiting for the
// grading task before this one: it drops as those are graded, and an entry
// whose removal failed is pruned by the reconciler.
func TestQueuePositionFollowsGrading(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	e.publishML(t)
	var ids []string
	for _, u := range []string{learner, learner2} {
		e.enrol(t, u, "ml")
		a := e.start(t, u, "ml", "basics.quiz")
		e.answerAll(t, u, a, true)
		ids = append(ids, a.ID)
	}
	if v := e.submit(t, learner, ids[0]); v.QueuePosition == nil || *v.QueuePosition != 0 {
		t.Fatalf("the first submission is %v in the queue, want 0", v.QueuePosition)
	}
	e.clock.Advance(time.Second)
	if v := e.submit(t, learner2, ids[1]); v.QueuePosition == nil || *v.QueuePosition != 1 {
		t.Fatalf("the second submission is %v in the queue, want 1", v.QueuePosition)
	}
	position := func(t *testing.T) int64 {
		t.Helper()
		e.clock.Advance(time.Second) // the queue learners see may be a second old
		var v learning.AttemptView
		e.mustCall(t, "GET", path("/attempts/%s", ids[1]), learner2, nil, http.StatusOK, &v)
		if v.QueuePosition == nil {
			t.Fatalf("the waiting submission shows no place in the queue: %+v", v)
		}
		return *v.QueuePosition
	}
	if err := e.svc.GradeSubmission(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	if p := position(t); p != 0 {
		t.Errorf("after the first was graded the second is %d in the queue, want 0", p)
	}

	if err := e.store.AddWaiting(context.Background(), "graded-elsewhere", e.clock.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if p := position(t); p != 1 {
		t.Fatalf("with a stale entry ahead the second is %d in the queue, want 1", p)
	}
	if _, err := e.svc.ReconcileSubmissions(context.Background(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	if p := position(t); p != 0 {
		t.Errorf("after reconciling, the second is %d in the queue, want 0: the stale entry should be gone", p)
	}
}
