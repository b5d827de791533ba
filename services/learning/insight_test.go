package learning_test

import (
	"context"
	"math"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/learning"
)

// Four attempts graded 100, 80, 40 and 20 %: mean 60, population variance
// 1000 (s ≈ 31.623). A question the two best got right has M1 = 90, M0 = 30,
// p = 0.5: r = 60 / 31.623 × 0.5 ≈ 0.9487. One the middle two got right has
// M1 = M0 = 60: r = 0. One the two weakest got right: r ≈ −0.9487, the
// question that fails the strong learners.
func TestQuestionStats(t *testing.T) {
	grades := []float64{100, 80, 40, 20}
	tally := func(right ...bool) learning.QuestionTally {
		q := learning.QuestionTally{ID: "q"}
		for i, x := range grades {
			q.N++
			q.SumX += x
			q.SumX2 += x * x
			if right[i] {
				q.Correct++
				q.SumScore++
				q.SumXRight += x
			}
		}
		return q
	}
	cases := []struct {
		name           string
		right          []bool
		difficulty     float64
		discrimination *float64
	}{
		{"the strong get it right", []bool{true, true, false, false}, 0.5, ptr(0.948683)},
		{"the middle get it right", []bool{false, true, true, false}, 0.5, ptr(0.0)},
		{"the weak get it right", []bool{false, false, true, true}, 0.5, ptr(-0.948683)},
		{"three of four get it right", []bool{true, true, true, false}, 0.75, ptr(0.730297)},
		{"everyone gets it right", []bool{true, true, true, true}, 1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := tally(tc.right...).Stats()
			if st.Attempts != 4 || math.Abs(st.Difficulty-tc.difficulty) > 1e-9 || math.Abs(st.MeanScore-tc.difficulty) > 1e-9 {
				t.Errorf("stats %+v, want 4 attempts, difficulty %v", st, tc.difficulty)
			}
			switch {
			case tc.discrimination == nil && st.Discrimination != nil:
				t.Errorf("discrimination %v, want none", *st.Discrimination)
			case tc.discrimination != nil && (st.Discrimination == nil || math.Abs(*st.Discrimination-*tc.discrimination) > 1e-6):
				t.Errorf("discrimination %v, want %v", st.Discrimination, *tc.discrimination)
			}
		})
	}
}

// The read model follows enrolments, gradings and grade changes as they
// happen, and a rebuild from the source data gives the same insight.
func TestInsightFollowsGradingAndEqualsRebuild(t *testing.T) {
	e := newEnv(t)
	e.gradedAttempt(t) // learner: both questions right, course completed
	b := e.start(t, learner2, "ml", "basics.quiz")
	e.answerAll(t, learner2, b, false)
	e.submit(t, learner2, b.ID)
	if err := e.svc.GradeSubmission(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	// Running the grading again counts nothing twice.
	if err := e.svc.GradeSubmission(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	e.mustCall(t, "POST", path("/attempts/%s/override", b.ID), staff, map[string]any{"question_id": "q2", "score": 1, "reason": "Ambiguous."}, http.StatusOK, nil)

	var live learning.CourseInsightView
	e.mustCall(t, "GET", path("/courses/ml/insight"), staff, nil, http.StatusOK, &live)
	if live.Enrolments != 2 || live.Completions != 1 || len(live.EnrolmentsByDay) != 1 || live.EnrolmentsByDay[0].Count != 2 {
		t.Errorf("course insight %+v, want 2 enrolments on one day and 1 completion", live)
	}
	quiz := live.Assessments[0]
	if quiz.Item != "basics.quiz" || quiz.Graded != 2 || quiz.Passed != 2 || quiz.PassRate != 1 || quiz.MeanPercent != 75 || quiz.Histogram[5] != 1 || quiz.Histogram[9] != 1 {
		t.Errorf("quiz insight %+v, want 2 graded, both passed (100 %% and 50 %% after the override)", quiz)
	}
	if len(quiz.Questions) != 2 || quiz.Questions[0].QuestionID != "q1" || quiz.Questions[0].Difficulty != 0.5 || quiz.Questions[1].Difficulty != 1 {
		t.Errorf("question stats %+v, want q1 right once in two, q2 right twice", quiz.Questions)
	}
	if d := quiz.Questions[0].Discrimination; d == nil || math.Abs(*d-1) > 1e-9 {
		t.Errorf("q1 discrimination %v, want 1: only the stronger attempt got it right", d)
	}

	for _, coll := range []string{"insight_courses", "insight_assessments", "insight_marks"} {
		if _, err := e.db.Collection(coll).DeleteMany(context.Background(), bson.M{}); err != nil {
			t.Fatal(err)
		}
	}
	done, err := e.svc.RebuildInsightOnce(context.Background())
	if err != nil || !done {
		t.Fatalf("rebuild = %v, %v; want it done", done, err)
	}
	var rebuilt learning.CourseInsightView
	e.mustCall(t, "GET", path("/courses/ml/insight"), staff, nil, http.StatusOK, &rebuilt)
	if !reflect.DeepEqual(rebuilt, live) {
		t.Errorf("rebuilt insight\n%+v\nwant what the events made\n%+v", rebuilt, live)
	}
	if done, err := e.svc.RebuildInsightOnce(context.Background()); err != nil || done {
		t.Errorf("a second rebuild = %v, %v; want it skipped", done, err)
	}
	// After a rebuild, grading changes still count once.
	e.mustCall(t, "POST", path("/attempts/%s/override", b.ID), staff, map[string]any{"question_id": "q2", "score": 0, "reason": "Second look."}, http.StatusOK, nil)
	e.mustCall(t, "GET", path("/courses/ml/insight"), staff, nil, http.StatusOK, &live)
	if q := live.Assessments[0]; q.Graded != 2 || q.Passed != 1 || q.Histogram[0] != 1 || q.Histogram[5] != 0 {
		t.Errorf("after another override %+v, want one pass and one 0 %%", q)
	}

	status, body, _ := e.call(t, "GET", path("/courses/ml/insight"), learner, nil)
	wantProblem(t, status, body, http.StatusForbidden, "forbidden")
}

// Of twenty processes starting at once, one rebuilds the insight read model
// and the others skip; a claim left by a process that stopped is taken again
// once its lease ends.
func TestRebuildInsightClaim(t *testing.T) {
	e := newEnv(t)
	var wg sync.WaitGroup
	var rebuilt atomic.Int32
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done, err := e.newService().RebuildInsightOnce(context.Background())
			if err != nil {
				t.Error(err)
			}
			if done {
				rebuilt.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := rebuilt.Load(); n != 1 {
		t.Fatalf("%d of 20 starts rebuilt the insight, want 1", n)
	}
	if done, err := e.svc.RebuildInsightOnce(context.Background()); err != nil || done {
		t.Errorf("a start after the rebuild = %v, %v; want it skipped", done, err)
	}

	marks := e.db.Collection("insight_marks")
	claimed := func(until time.Time) {
		t.Helper()
		if _, err := marks.ReplaceOne(context.Background(), bson.M{"_id": "insight-rebuild-v1"},
			bson.M{"state": "running", "owner": "stopped", "until": until}); err != nil {
			t.Fatal(err)
		}
	}
	claimed(e.clock.Now().Add(time.Minute))
	if done, err := e.svc.RebuildInsightOnce(context.Background()); err != nil || done {
		t.Errorf("a start while another process holds the claim = %v, %v; want it skipped", done, err)
	}
	claimed(e.clock.Now().Add(-time.Minute))
	if done, err := e.svc.RebuildInsightOnce(context.Background()); err != nil || !done {
		t.Errorf("a start after the claim's lease ended = %v, %v; want it to rebuild", done, err)
	}
}
