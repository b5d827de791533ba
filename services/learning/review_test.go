package learning_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/httpkit"
	"academy/services/learning"
)

// gradedAttempt has learner pass the ml quiz after doing its lesson, and
// grades the attempt; the course is then complete.
func (e *env) gradedAttempt(t *testing.T) learning.AttemptView {
	t.Helper()
	e.publishML(t)
	e.enrol(t, learner, "ml")
	e.enrol(t, learner2, "ml")
	e.mustCall(t, "POST", path("/me/courses/ml/items/intro/complete"), learner, nil, http.StatusOK, nil)
	a := e.start(t, learner, "ml", "basics.quiz")
	e.answerAll(t, learner, a, true)
	e.submit(t, learner, a.ID)
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOverride(t *testing.T) {
	e := newEnv(t)
	a := e.gradedAttempt(t)
	overridePath := path("/attempts/%s/override", a.ID)
	lower := map[string]any{"question_id": "q1", "score": 0, "reason": "The answer was copied from a neighbour."}

	cases := []struct {
		name, user string
		body       any
		status     int
		code       string
	}{
		{"by the learner", learner, lower, 403, "forbidden"},
		{"by another learner", learner2, lower, 404, "not-found"},
		{"by staff of another institution", outsider, lower, 404, "not-found"},
		{"anonymous", "", lower, 401, "unauthorized"},
		{"without a reason", staff, map[string]any{"question_id": "q1", "score": 0, "reason": " "}, 400, "validation-failed"},
		{"above the question's points", staff, map[string]any{"question_id": "q1", "score": 2, "reason": "bonus"}, 400, "validation-failed"},
		{"negative", staff, map[string]any{"question_id": "q1", "score": -1, "reason": "malus"}, 400, "validation-failed"},
		{"an unknown question", staff, map[string]any{"question_id": "q9", "score": 0, "reason": "x"}, 400, "validation-failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := e.call(t, "POST", overridePath, tc.user, tc.body)
			wantProblem(t, status, body, tc.status, tc.code)
		})
	}
	completion := e.attempt(t, a.ID)
	var before learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ml"), learner, nil, http.StatusOK, &before)
	if before.Completion == nil || before.Completion.GradePercent != 100 {
		t.Fatalf("before the override the course is %+v, want completed at 100%%", before.EnrolmentView)
	}

	var view learning.AttemptView
	e.mustCall(t, "POST", overridePath, staff, lower, http.StatusOK, &view)
	if view.Score.Percent != 50 || !passed(view.Score) || view.Questions[0].Result.Score != 0 {
		t.Errorf("after the override: score %+v, question 1 %+v; want 50%% with question 1 at 0", view.Score, view.Questions[0].Result)
	}
	e.mustCall(t, "POST", overridePath, admin, map[string]any{"question_id": "q2", "score": 0, "reason": "Second look."}, http.StatusOK, &view)
	if view.Score.Percent != 0 || view.Score.Passed == nil || *view.Score.Passed {
		t.Errorf("after the second override: score %+v, want 0%%, failed", view.Score)
	}

	t.Run("progress follows; the completion stays as recorded", func(t *testing.T) {
		var after learning.CourseProgressView
		e.mustCall(t, "GET", path("/me/courses/ml"), learner, nil, http.StatusOK, &after)
		quiz := after.Items[1]
		if quiz.BestPercent == nil || *quiz.BestPercent != 0 || quiz.Done {
			t.Errorf("the quiz after the overrides: %+v, want best 0%%, not done", quiz.ItemState)
		}
		if after.Completion == nil || *after.Completion != *before.Completion || after.Status != learning.EnrolmentCompleted {
			t.Errorf("completion after the overrides %+v, want the first one, %+v", after.Completion, before.Completion)
		}
		if n := e.count(t, "completions", bson.M{"enrolment_id": completion.EnrolmentID}); n != 1 {
			t.Errorf("%d completions, want 1", n)
		}
	})
	t.Run("the audit trail keeps every change", func(t *testing.T) {
		for _, user := range []string{learner, staff} {
			var trail httpkit.Page[learning.AuditEntry]
			e.mustCall(t, "GET", path("/attempts/%s/audit", a.ID), user, nil, http.StatusOK, &trail)
			if len(trail.Items) != 2 {
				t.Fatalf("%s sees %d audit entries, want 2", user, len(trail.Items))
			}
			first, second := trail.Items[0], trail.Items[1]
			if first.ActorID != staff || first.QuestionID != "q1" || first.OldScore != 1 || first.NewScore != 0 || first.OldPercent != 100 ||
				first.NewPercent != 50 || first.Reason != "The answer was copied from a neighbour." || first.Kind != learning.ChangeOverride || first.At.IsZero() {
				t.Errorf("first entry %+v", first)
			}
			if second.ActorID != admin || second.QuestionID != "q2" || second.OldPercent != 50 || second.NewPercent != 0 || second.Rev != 3 {
				t.Errorf("second entry %+v", second)
			}
		}
		var page httpkit.Page[learning.AuditEntry]
		e.mustCall(t, "GET", path("/attempts/%s/audit?limit=1", a.ID), learner, nil, http.StatusOK, &page)
		e.mustCall(t, "GET", path("/attempts/%s/audit?limit=1&cursor=%s", a.ID, page.NextCursor), learner, nil, http.StatusOK, &page)
		if len(page.Items) != 1 || page.Items[0].QuestionID != "q2" {
			t.Errorf("the second page of the trail %+v, want the q2 entry", page.Items)
		}
	})
	t.Run("a change recorded but not applied is applied before the next", func(t *testing.T) {
		stored := e.attempt(t, a.ID)
		pending := learning.AuditEntry{ID: a.ID + ":4", AttemptID: a.ID, Rev: 4, CourseID: stored.CourseID, LearnerID: learner, Kind: learning.ChangeOverride,
			QuestionID: "q1", ActorID: staff, At: e.clock.Now(), OldScore: 0, NewScore: 1, OldPercent: 0, NewPercent: 50, Reason: "Restored."}
		if err := e.store.InsertAudit(context.Background(), pending); err != nil {
			t.Fatal(err)
		}
		var trail httpkit.Page[learning.AuditEntry]
		e.mustCall(t, "GET", path("/attempts/%s/audit", a.ID), learner, nil, http.StatusOK, &trail)
		if len(trail.Items) != 2 {
			t.Errorf("the trail shows %d entries while the change is not applied, want 2", len(trail.Items))
		}
		e.mustCall(t, "POST", overridePath, staff, map[string]any{"question_id": "q2", "score": 1, "reason": "Both right after all."}, http.StatusOK, &view)
		if view.Score.Percent != 100 {
			t.Errorf("after the pending change and the new one: %v%%, want 100%%", view.Score.Percent)
		}
		e.mustCall(t, "GET", path("/attempts/%s/audit", a.ID), learner, nil, http.StatusOK, &trail)
		if len(trail.Items) != 4 || trail.Items[2].Reason != "Restored." || trail.Items[3].Rev != 5 {
			t.Errorf("trail %+v, want the pending change then the new one", trail.Items)
		}
	})
}

func TestReviewRequest(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")
	request := map[string]any{"message": "I think question 2 is ambiguous."}
	status, body, _ := e.call(t, "POST", path("/attempts/%s/review-request", a.ID), learner, request)
	wantProblem(t, status, body, http.StatusConflict, "attempt-not-graded")

	e.answerAll(t, learner, a, false)
	e.submit(t, learner, a.ID)
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	status, body, _ = e.call(t, "POST", path("/attempts/%s/review-request", a.ID), learner, map[string]any{"message": ""})
	wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")
	var view learning.AttemptView
	e.mustCall(t, "POST", path("/attempts/%s/review-request", a.ID), learner, request, http.StatusOK, &view)
	if view.ReviewRequest == nil || view.ReviewRequest.Message != "I think question 2 is ambiguous." || view.ReviewRequest.ResolvedAt != nil {
		t.Errorf("review request %+v, want the message, open", view.ReviewRequest)
	}
	status, body, _ = e.call(t, "POST", path("/attempts/%s/review-request", a.ID), learner, request)
	wantProblem(t, status, body, http.StatusConflict, "review-already-requested")

	var open httpkit.Page[learning.ReviewItem]
	status, body, _ = e.call(t, "GET", path("/courses/ml/review-requests"), learner, nil)
	wantProblem(t, status, body, http.StatusForbidden, "forbidden")
	e.mustCall(t, "GET", path("/courses/ml/review-requests"), staff, nil, http.StatusOK, &open)
	if len(open.Items) != 1 || open.Items[0].ID != a.ID || open.Items[0].LearnerID != learner || open.Items[0].ReviewRequest.Message == "" {
		t.Fatalf("open reviews %+v, want the attempt", open.Items)
	}
	e.mustCall(t, "POST", path("/attempts/%s/override", a.ID), staff, map[string]any{"question_id": "q2", "score": 1, "reason": "Ambiguous; accepted."}, http.StatusOK, nil)
	e.mustCall(t, "GET", path("/courses/ml/review-requests"), staff, nil, http.StatusOK, &open)
	if len(open.Items) != 0 {
		t.Errorf("open reviews after the override %+v, want none", open.Items)
	}
	e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
	if view.ReviewRequest == nil || view.ReviewRequest.ResolvedAt == nil {
		t.Errorf("the learner sees the review request as %+v, want resolved", view.ReviewRequest)
	}
	if r := view.Questions[1].Result; r == nil || r.Score != 1 || len(r.Feedback.Notes) == 0 {
		t.Errorf("question 2 result %+v, want the new score with the reason in its notes", r)
	}
}

// publishEthics publishes the ethics course: one assessment with a choice
// question and an essay only staff can grade.
func (e *env) publishEthics(t *testing.T) {
	t.Helper()
	tree := catalog.Tree{Modules: []catalog.Module{{ID: "ethics", Title: "Ethics", Items: []catalog.Item{
		{ID: "essay", Kind: catalog.ItemAssessment, Title: "Essay", Required: true,
			Assessment: assessment(60, 1, grading.FeedbackOnSubmit, choiceQuestion(), essayQuestion())},
	}}}}
	e.courses.publish(t, "ethics", belfry, 60, tree)
}

// submitEssay enrols user in the ethics course and submits an attempt at its essay with every question answered.
func (e *env) submitEssay(t *testing.T, user string) learning.AttemptView {
	t.Helper()
	e.enrol(t, user, "ethics")
	a := e.start(t, user, "ethics", "essay")
	e.answerAll(t, user, a, true)
	e.submit(t, user, a.ID)
	return a
}

func TestEssayManualGrade(t *testing.T) {
	e := newEnv(t)
	e.publishEthics(t)
	a := e.submitEssay(t, learner)
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	var view learning.AttemptView
	e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
	if view.Status != learning.AttemptNeedsReview || view.Score == nil || view.Score.MaxScore != 6 || view.Score.Score != 1 {
		t.Fatalf("after grading: %s with %+v, want needs_review with a provisional 1 of 6", view.Status, view.Score)
	}
	// 1 of 6 would read as a failing 16.7 %: awaiting a teacher, there is no verdict.
	if view.Score.Final || view.Score.Passed != nil || view.Score.AwaitingPoints != 5 {
		t.Errorf("awaiting a teacher the score is %+v, want not final, no verdict and 5 points awaiting", view.Score)
	}
	var progress learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ethics"), learner, nil, http.StatusOK, &progress)
	if progress.Items[0].GradedAttempts != 0 || progress.Completion != nil {
		t.Errorf("an attempt awaiting review counts: %+v", progress.Items[0])
	}
	if at := progress.Items[0].Attempts; len(at) != 1 || at[0].Passed != nil {
		t.Errorf("the progress lists the attempt awaiting a teacher as %+v, want it without a verdict", at)
	}

	gradePath := path("/attempts/%s/questions/q3/manual-grade", a.ID)
	cases := []struct {
		name, user, path string
		body             any
		status           int
		code             string
	}{
		{"by the learner", learner, gradePath, map[string]any{"rubric_scores": []float64{2, 3}}, 403, "forbidden"},
		{"a criterion over its points", staff, gradePath, map[string]any{"rubric_scores": []float64{3, 3}}, 400, "validation-failed"},
		{"too few criteria", staff, gradePath, map[string]any{"rubric_scores": []float64{2}}, 400, "validation-failed"},
		{"a score instead of the rubric", staff, gradePath, map[string]any{"score": 5}, 400, "validation-failed"},
		{"a question graded automatically", staff, path("/attempts/%s/questions/q1/manual-grade", a.ID), map[string]any{"score": 1}, 400, "validation-failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := e.call(t, "POST", tc.path, tc.user, tc.body)
			wantProblem(t, status, body, tc.status, tc.code)
		})
	}

	e.clock.Advance(time.Hour)
	e.mustCall(t, "POST", gradePath, staff, map[string]any{"rubric_scores": []float64{2, 1.5}, "comment": "Name a concrete case."}, http.StatusOK, &view)
	if view.Status != learning.AttemptGraded || view.Score.Score != 4.5 || view.Score.Percent != 75 || !passed(view.Score) || !view.Score.Final {
		t.Errorf("after the manual grade: %s with %+v, want graded 4.5 of 6 (75%%), passed", view.Status, view.Score)
	}
	e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
	if r := view.Questions[1].Result; r == nil || r.Score != 3.5 || r.Status != grading.StatusGraded || r.Feedback.Notes[len(r.Feedback.Notes)-1] != "Name a concrete case." {
		t.Errorf("the learner sees the essay result %+v, want 3.5 points with the comment", r)
	}
	e.mustCall(t, "GET", path("/me/courses/ethics"), learner, nil, http.StatusOK, &progress)
	if progress.Completion == nil || progress.Completion.GradePercent != 75 {
		t.Errorf("after the manual grade the course is %+v, want completed at 75%%", progress.EnrolmentView)
	}
	var trail httpkit.Page[learning.AuditEntry]
	e.mustCall(t, "GET", path("/attempts/%s/audit", a.ID), learner, nil, http.StatusOK, &trail)
	if len(trail.Items) != 1 || trail.Items[0].Kind != learning.ChangeManualGrade || trail.Items[0].NewScore != 3.5 || len(trail.Items[0].RubricScores) != 2 {
		t.Errorf("trail %+v, want the manual grade", trail.Items)
	}
}

func TestReviewReplyAndLearnerRecord(t *testing.T) {
	e := newEnv(t)
	a := e.gradedAttempt(t)
	replyPath := path("/attempts/%s/review-request/reply", a.ID)
	noChange := map[string]any{"reply": "No change: question 2 asks about training error, which falls."}
	status, body, _ := e.call(t, "POST", replyPath, staff, noChange)
	wantProblem(t, status, body, http.StatusConflict, "no-open-review")
	e.mustCall(t, "POST", path("/attempts/%s/review-request", a.ID), learner, map[string]any{"message": "Question 2 is ambiguous."}, http.StatusOK, nil)

	cases := []struct {
		name, user string
		body       any
		status     int
		code       string
	}{
		{"by the learner", learner, noChange, 403, "forbidden"},
		{"by staff of another institution", outsider, noChange, 404, "not-found"},
		{"empty", staff, map[string]any{"reply": "  "}, 400, "validation-failed"},
		{"with an unknown field", staff, map[string]any{"reply": "x", "score": 1}, 400, "validation-failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := e.call(t, "POST", replyPath, tc.user, tc.body)
			wantProblem(t, status, body, tc.status, tc.code)
		})
	}
	var view learning.AttemptView
	e.mustCall(t, "POST", replyPath, staff, noChange, http.StatusOK, &view)
	if view.Score.Percent != 100 || view.ReviewRequest == nil || view.ReviewRequest.ResolvedAt == nil {
		t.Errorf("after the reply: score %+v, request %+v; want 100%% unchanged and the request resolved", view.Score, view.ReviewRequest)
	}
	e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &view)
	if view.ReviewRequest.Reply != "No change: question 2 asks about training error, which falls." {
		t.Errorf("the learner reads the reply %q", view.ReviewRequest.Reply)
	}
	var trail httpkit.Page[learning.AuditEntry]
	e.mustCall(t, "GET", path("/attempts/%s/audit", a.ID), learner, nil, http.StatusOK, &trail)
	if len(trail.Items) != 1 || trail.Items[0].Kind != learning.ChangeReviewReply || trail.Items[0].OldPercent != 100 || trail.Items[0].NewPercent != 100 {
		t.Errorf("trail %+v, want one reply keeping 100%%", trail.Items)
	}

	t.Run("staff read a learner's record", func(t *testing.T) {
		var rec learning.LearnerRecord
		e.mustCall(t, "GET", path("/courses/ml/learners/%s/attempts", learner), staff, nil, http.StatusOK, &rec)
		if rec.Learner.LearnerID != learner || rec.Learner.Standing != learning.StandingPassed || len(rec.Attempts) != 1 ||
			rec.Attempts[0].ID != a.ID || rec.Attempts[0].Title != "Basics quiz" || rec.Attempts[0].Percent == nil {
			t.Errorf("record %+v, want the passed learner with their one graded attempt", rec)
		}
		e.mustCall(t, "GET", path("/courses/ml/learners/%s/attempts", learner2), staff, nil, http.StatusOK, &rec)
		if rec.Learner.Standing != learning.StandingInProgress || len(rec.Attempts) != 0 {
			t.Errorf("record of the learner without attempts %+v", rec)
		}
		status, body, _ := e.call(t, "GET", path("/courses/ml/learners/nobody/attempts"), staff, nil)
		wantProblem(t, status, body, http.StatusNotFound, "not-found")
		status, body, _ = e.call(t, "GET", path("/courses/ml/learners/%s/attempts", learner), learner2, nil)
		wantProblem(t, status, body, http.StatusForbidden, "forbidden")
	})
}

func TestAwaitingGrading(t *testing.T) {
	e := newEnv(t)
	e.publishEthics(t)
	a := e.submitEssay(t, learner)
	e.enrol(t, learner2, "ethics")
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}

	var waiting httpkit.Page[learning.AwaitingItem]
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading"), staff, nil, http.StatusOK, &waiting)
	if len(waiting.Items) != 1 || waiting.Items[0].AttemptID != a.ID || waiting.Items[0].LearnerID != learner || waiting.Items[0].Title != "Essay" || waiting.Items[0].SubmittedAt.IsZero() {
		t.Fatalf("awaiting grading %+v, want the essay attempt", waiting)
	}
	var book learning.Gradebook
	e.mustCall(t, "GET", path("/courses/ethics/gradebook"), staff, nil, http.StatusOK, &book)
	standings := map[string]string{}
	for _, r := range book.Rows {
		standings[r.LearnerID] = r.Standing
	}
	if standings[learner] != learning.StandingAwaiting || standings[learner2] != learning.StandingInProgress {
		t.Errorf("standings %v, want the learner awaiting grading and the other in progress", standings)
	}
	status, body, _ := e.call(t, "GET", path("/courses/ethics/awaiting-grading"), learner, nil)
	wantProblem(t, status, body, http.StatusForbidden, "forbidden")

	e.mustCall(t, "POST", path("/attempts/%s/questions/q3/manual-grade", a.ID), staff, map[string]any{"rubric_scores": []float64{2, 3}}, http.StatusOK, nil)
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading"), staff, nil, http.StatusOK, &waiting)
	if len(waiting.Items) != 0 {
		t.Errorf("after grading, awaiting %+v, want none", waiting.Items)
	}
	var rec learning.LearnerRecord
	e.mustCall(t, "GET", path("/courses/ethics/learners/%s/attempts", learner), staff, nil, http.StatusOK, &rec)
	if rec.Learner.Standing != learning.StandingPassed {
		t.Errorf("after grading the learner stands %q, want passed", rec.Learner.Standing)
	}
}

// An attempt whose listing for staff failed is not lost: its grading task
// fails to be retried, and the reconciler lists it once the list takes writes.
func TestAwaitingListedAgain(t *testing.T) {
	e := newEnv(t)
	e.publishEthics(t)
	a := e.submitEssay(t, learner)

	// A list no attempt can be added to: its attempts are not a document.
	awaiting := e.db.Collection("grading_awaiting")
	courseID := e.attempt(t, a.ID).CourseID
	if _, err := awaiting.InsertOne(context.Background(), bson.M{"_id": courseID, "attempts": "unwritable"}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err == nil {
		t.Fatal("grading succeeded though the attempt could not be listed for staff; want an error so that the task is retried")
	}
	if n := e.count(t, "grading_waitlist", bson.M{"_id": a.ID}); n != 1 {
		t.Fatalf("the attempt left the grading waitlist unlisted for staff (%d entries)", n)
	}

	if _, err := awaiting.DeleteOne(context.Background(), bson.M{"_id": courseID}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(20 * time.Minute)
	if _, err := e.svc.ReconcileSubmissions(context.Background(), 10*time.Minute); err != nil {
		t.Fatal(err)
	}
	var waiting httpkit.Page[learning.AwaitingItem]
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading"), staff, nil, http.StatusOK, &waiting)
	if len(waiting.Items) != 1 || waiting.Items[0].AttemptID != a.ID {
		t.Fatalf("awaiting grading %+v, want the essay attempt listed again", waiting.Items)
	}
	if n := e.count(t, "grading_waitlist", bson.M{"_id": a.ID}); n != 0 {
		t.Errorf("the listed attempt stays on the grading waitlist")
	}
}

// The gradebook's filters apply on the server over the whole course, not
// over one page; the attempts awaiting staff come a page at a time, without
// those graded since.
func TestGradebookFiltersAndAwaitingPages(t *testing.T) {
	e := newEnv(t)
	e.publishEthics(t)
	const early = "learner-early"
	e.enrol(t, early, "ethics")
	var attempts []string
	for _, u := range []string{learner, learner2} {
		e.clock.Advance(time.Minute)
		a := e.submitEssay(t, u)
		if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		attempts = append(attempts, a.ID)
	}

	learners := func(query string) ([]string, string) {
		t.Helper()
		var book learning.Gradebook
		e.mustCall(t, "GET", path("/courses/ethics/gradebook?%s", query), staff, nil, http.StatusOK, &book)
		ids := []string{}
		for _, r := range book.Rows {
			ids = append(ids, r.LearnerID)
		}
		return ids, book.NextCursor
	}
	// The first enrolment does not wait: a filter over the first page alone would find nobody.
	got, next := learners("standing=awaiting_grading&limit=1")
	if !slices.Equal(got, []string{learner}) || next == "" {
		t.Fatalf("first page awaiting grading %v (next %q), want %s and a next page", got, next, learner)
	}
	if got, _ = learners("standing=awaiting_grading&limit=1&cursor=" + next); !slices.Equal(got, []string{learner2}) {
		t.Errorf("second page awaiting grading %v, want %s", got, learner2)
	}
	if got, _ = learners("standing=in_progress"); !slices.Equal(got, []string{early}) {
		t.Errorf("in progress %v, want %s", got, early)
	}
	if got, _ = learners("q=LEARNER-2%20example"); !slices.Equal(got, []string{learner2}) {
		t.Errorf("searching a name %v, want %s", got, learner2)
	}
	status, body, _ := e.call(t, "GET", path("/courses/ethics/gradebook?standing=asleep"), staff, nil)
	wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")

	var page httpkit.Page[learning.AwaitingItem]
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading?limit=1"), staff, nil, http.StatusOK, &page)
	if len(page.Items) != 1 || page.Items[0].AttemptID != attempts[0] || page.NextCursor == "" {
		t.Fatalf("first page awaiting %+v, want the earliest submission and a next page", page)
	}
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading?limit=1&cursor=%s", page.NextCursor), staff, nil, http.StatusOK, &page)
	if len(page.Items) != 1 || page.Items[0].AttemptID != attempts[1] {
		t.Fatalf("second page awaiting %+v, want the later submission", page)
	}

	// Graded, but still on the list, as when taking it off failed.
	e.mustCall(t, "POST", path("/attempts/%s/questions/q3/manual-grade", attempts[0]), staff, map[string]any{"rubric_scores": []float64{2, 3}}, http.StatusOK, nil)
	courseID := e.attempt(t, attempts[0]).CourseID
	if err := e.store.SetAwaiting(context.Background(), e.attempt(t, attempts[0]), true); err != nil {
		t.Fatal(err)
	}
	e.mustCall(t, "GET", path("/courses/ethics/awaiting-grading"), staff, nil, http.StatusOK, &page)
	if len(page.Items) != 1 || page.Items[0].AttemptID != attempts[1] {
		t.Errorf("awaiting after grading the first %+v, want only the second", page.Items)
	}
	if n := e.count(t, "grading_awaiting", bson.M{"_id": courseID, "attempts." + attempts[0]: bson.M{"$exists": true}}); n != 0 {
		t.Errorf("the graded attempt stays on the list awaiting staff")
	}
}
