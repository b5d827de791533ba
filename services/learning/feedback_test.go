package learning_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"academy/services/grading"
	"academy/services/learning"
)

// clozeQuestion has a free-text gap and a choice gap.
func clozeQuestion() grading.Question {
	return grading.Question{ID: "q4", Type: grading.Cloze, Prompt: "Complete the sentence.", Points: 2,
		Text: "Supervised learning uses {{g1}} data; clustering is {{g2}}.",
		Gaps: []grading.Gap{{ID: "g1", Answers: []string{"labelled"}}, {ID: "g2", Options: []string{"supervised", "unsupervised"}, Answer: "unsupervised"}}}
}

// check checks a question over HTTP and returns its view.
func (e *env) check(t *testing.T, user, attemptID, questionID string, answer any) learning.QuestionView {
	t.Helper()
	var v learning.QuestionView
	e.mustCall(t, "POST", path("/attempts/%s/questions/%s/check", attemptID, questionID), user, answer, http.StatusOK, &v)
	return v
}

// Answering wrong, reading the feedback and correcting was worth full marks;
// now the feedback locks the answer, and what was checked is what is graded.
func TestImmediateFeedbackLocksTheAnswer(t *testing.T) {
	e := newEnv(t)
	quiz := assessment(50, 0, grading.FeedbackImmediate, choiceQuestion(), trueFalseQuestion(), clozeQuestion())
	e.courses.publish(t, "ml", belfry, 50, mlTree(quiz))
	e.enrol(t, learner, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")

	e.answer(t, learner, a.ID, "q1", map[string]any{"choice": "b"})
	status, body, _ := e.call(t, "POST", path("/attempts/%s/questions/q2/check", a.ID), learner, nil)
	wantProblem(t, status, body, http.StatusConflict, "question-not-answered")

	checked := e.check(t, learner, a.ID, "q1", nil)
	if !checked.Locked || checked.Result == nil || checked.Result.Correct || checked.Result.Solution == nil ||
		!slices.Equal(checked.Result.Solution.OptionIDs, []string{"a"}) || string(checked.Answer) != `{"choice":"b"}` {
		t.Fatalf("checked %+v, want the saved answer locked, incorrect, with the solution a", checked)
	}

	t.Run("the checked answer can no longer change", func(t *testing.T) {
		status, body, _ := e.call(t, "PUT", path("/attempts/%s/answers/q1", a.ID), learner, map[string]any{"choice": "a"})
		p := wantProblem(t, status, body, http.StatusConflict, "question-locked")
		if !strings.Contains(p.Detail, "q1") {
			t.Errorf("detail %q does not name the question", p.Detail)
		}
		status, body, _ = e.call(t, "POST", path("/attempts/%s/questions/q1/check", a.ID), learner, map[string]any{"choice": "a"})
		wantProblem(t, status, body, http.StatusConflict, "question-locked")
		if got := e.attempt(t, a.ID).Answers["q1"]; got != `{"choice":"b"}` {
			t.Errorf("the stored answer is %s, want the checked one", got)
		}
	})

	t.Run("a cloze is graded only when checked, not as its gaps are filled", func(t *testing.T) {
		e.answer(t, learner, a.ID, "q4", map[string]any{"gaps": map[string]string{"g1": "labelled"}})
		view := e.view(t, learner, a.ID)
		if q := view.Questions[2]; q.Result != nil {
			t.Fatalf("one gap filled shows result %+v", q.Result)
		}
		for _, q := range view.Questions {
			if q.Result != nil && !q.Locked {
				t.Errorf("question %s can still be answered but shows its result %+v", q.Question.ID, q.Result)
			}
		}
		checked := e.check(t, learner, a.ID, "q4", map[string]any{"gaps": map[string]string{"g1": "labelled", "g2": "unsupervised"}})
		if checked.Result == nil || !checked.Result.Correct || checked.Result.Score != 2 {
			t.Errorf("checking the filled cloze gave %+v, want correct for 2 points", checked.Result)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		status, body, _ := e.call(t, "POST", path("/attempts/%s/questions/q9/check", a.ID), learner, nil)
		wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")
		status, body, _ = e.call(t, "POST", path("/attempts/%s/questions/q2/check", a.ID), learner, map[string]any{"choice": "a"})
		wantProblem(t, status, body, http.StatusBadRequest, "invalid-answer")
		status, body, _ = e.call(t, "POST", path("/attempts/%s/questions/q2/check", a.ID), learner2, map[string]any{"value": true})
		wantProblem(t, status, body, http.StatusNotFound, "not-found")
		if e.attempt(t, a.ID).Checked["q2"] {
			t.Error("a refused check locked q2")
		}
	})

	t.Run("the grade counts the checked answer", func(t *testing.T) {
		e.answer(t, learner, a.ID, "q2", map[string]any{"value": true})
		e.submit(t, learner, a.ID)
		if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
		view := e.view(t, learner, a.ID)
		// q1 wrong (0 of 1), q2 right (1 of 1), q4 right (2 of 2).
		if view.Score == nil || view.Score.Score != 3 || view.Score.MaxScore != 4 {
			t.Errorf("score %+v, want 3 of 4: the corrected q1 must not count", view.Score)
		}
	})
}

func TestCheckNeedsImmediateFeedback(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")
	status, body, _ := e.call(t, "POST", path("/attempts/%s/questions/q1/check", a.ID), learner, map[string]any{"choice": "a"})
	wantProblem(t, status, body, http.StatusConflict, "feedback-not-immediate")
	if got := e.attempt(t, a.ID); got.Checked["q1"] || got.Answers["q1"] != "" {
		t.Errorf("a refused check changed the attempt: checked %v, answers %v", got.Checked, got.Answers)
	}
}

// Requests released together through a listening server: one check wins, and
// the answer stored, locked and graded is the one whose feedback was shown.
func TestConcurrentChecksLockOneAnswer(t *testing.T) {
	e := newEnv(t)
	quiz := assessment(50, 0, grading.FeedbackImmediate, choiceQuestion(), trueFalseQuestion())
	e.courses.publish(t, "ml", belfry, 50, mlTree(quiz))
	e.enrol(t, learner, "ml")
	a := e.start(t, learner, "ml", "basics.quiz")
	base := e.listen(t)

	const n = 40
	type outcome struct {
		check  bool
		choice string
		status int
		body   []byte
	}
	outcomes := make([]outcome, n)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		o := &outcomes[i]
		o.check, o.choice = i%2 == 0, []string{"a", "b"}[i%4/2]
		method, url := "PUT", base+path("/attempts/%s/answers/q1", a.ID)
		if o.check {
			method, url = "POST", base+path("/attempts/%s/questions/q1/check", a.ID)
		}
		body, _ := json.Marshal(map[string]string{"choice": o.choice})
		req, err := http.NewRequest(method, url, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Test-User", learner)
		wg.Go(func() {
			<-release
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			o.status = resp.StatusCode
			o.body, _ = io.ReadAll(resp.Body)
		})
	}
	close(release)
	wg.Wait()

	var winner *outcome
	for i := range outcomes {
		o := &outcomes[i]
		switch {
		case o.status == http.StatusOK && o.check:
			if winner != nil {
				t.Fatalf("two checks succeeded: %s and %s", winner.body, o.body)
			}
			winner = o
		case o.status == http.StatusOK:
		case o.status == http.StatusConflict && strings.Contains(string(o.body), "question-locked"):
		default:
			t.Errorf("check %v of %s: status %d: %s", o.check, o.choice, o.status, o.body)
		}
	}
	if winner == nil {
		t.Fatal("no check succeeded")
	}
	var shown learning.QuestionView
	if err := json.Unmarshal(winner.body, &shown); err != nil {
		t.Fatal(err)
	}
	stored := e.attempt(t, a.ID)
	want := `{"choice":"` + winner.choice + `"}`
	if stored.Answers["q1"] != want || string(shown.Answer) != want || !stored.Checked["q1"] {
		t.Fatalf("stored answer %s (checked %v), shown %s; want the winning check's %s", stored.Answers["q1"], stored.Checked["q1"], shown.Answer, want)
	}
	e.submit(t, learner, a.ID)
	if err := e.svc.GradeSubmission(context.Background(), a.ID); err != nil {
		t.Fatal(err)
	}
	graded := e.view(t, learner, a.ID)
	if got := graded.Questions[slices.IndexFunc(graded.Questions, func(q learning.QuestionView) bool { return q.Question.ID == "q1" })].Result; got == nil || got.Correct != shown.Result.Correct {
		t.Errorf("graded q1 as %+v, but the feedback shown said correct=%v", got, shown.Result.Correct)
	}
}

// view reads an attempt over HTTP.
func (e *env) view(t *testing.T, user, id string) learning.AttemptView {
	t.Helper()
	var v learning.AttemptView
	e.mustCall(t, "GET", path("/attempts/%s", id), user, nil, http.StatusOK, &v)
	return v
}

// listen serves the test app on a loopback port and returns its base URL.
func (e *env) listen(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.Shutdown() })
	return "http://" + ln.Addr().String()
}
