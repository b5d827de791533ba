package learning_test

import (
	"math"
	"testing"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/learning"
)

// twoQuizTree has a required lesson, two required assessments (pass marks
// 50 and 80), an optional lesson and an optional assessment.
func twoQuizTree() catalog.Tree {
	q := func(pass float64) *grading.Assessment {
		return assessment(pass, 0, grading.FeedbackOnSubmit, trueFalseQuestion())
	}
	return catalog.Tree{Modules: []catalog.Module{
		{ID: "m1", Title: "One", Items: []catalog.Item{
			{ID: "read", Kind: catalog.ItemLesson, Title: "Read", Required: true, Body: "x"},
			{ID: "quiz", Kind: catalog.ItemAssessment, Title: "Quiz 1", Required: true, Assessment: q(50)},
		}},
		{ID: "m2", Title: "Two", Items: []catalog.Item{
			{ID: "read", Kind: catalog.ItemLesson, Title: "Optional read", Body: "x"},
			{ID: "quiz", Kind: catalog.ItemAssessment, Title: "Quiz 2", Required: true, Assessment: q(80)},
			{ID: "practice", Kind: catalog.ItemAssessment, Title: "Practice", Assessment: q(90)},
		}},
	}}
}

func TestEvaluate(t *testing.T) {
	lessonsOnly := catalog.Tree{Modules: []catalog.Module{{ID: "m", Title: "M", Items: []catalog.Item{
		{ID: "a", Kind: catalog.ItemLesson, Title: "A", Required: true, Body: "x"},
		{ID: "b", Kind: catalog.ItemLesson, Title: "B", Body: "x"},
	}}}}
	nothingRequired := catalog.Tree{Modules: []catalog.Module{{ID: "m", Title: "M", Items: []catalog.Item{
		{ID: "a", Kind: catalog.ItemLesson, Title: "A", Body: "x"},
		{ID: "q", Kind: catalog.ItemAssessment, Title: "Q", Assessment: assessment(50, 0, grading.FeedbackOnSubmit, trueFalseQuestion())},
	}}}}
	cases := []struct {
		name         string
		tree         catalog.Tree
		passMark     float64
		lessons      []string
		scores       map[string][]float64
		wantDone     int
		wantTotal    int
		wantGrade    float64
		wantComplete bool
	}{
		{name: "nothing done", tree: twoQuizTree(), passMark: 60, wantTotal: 3, wantGrade: 0},
		{name: "lesson done, no assessment graded", tree: twoQuizTree(), passMark: 60, lessons: []string{"m1.read"}, wantDone: 1, wantTotal: 3},
		{name: "everything passed", tree: twoQuizTree(), passMark: 60, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {70}, "m2.quiz": {90}}, wantDone: 3, wantTotal: 3, wantGrade: 80, wantComplete: true},
		{name: "the best attempt counts", tree: twoQuizTree(), passMark: 60, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {20, 70, 40}, "m2.quiz": {90, 10}}, wantDone: 3, wantTotal: 3, wantGrade: 80, wantComplete: true},
		{name: "an assessment below its own pass mark blocks completion", tree: twoQuizTree(), passMark: 60, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {100}, "m2.quiz": {79}}, wantDone: 2, wantTotal: 3, wantGrade: 89.5},
		{name: "every assessment passed but the mean below the course pass mark", tree: twoQuizTree(), passMark: 75, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {50}, "m2.quiz": {80}}, wantDone: 3, wantTotal: 3, wantGrade: 65},
		{name: "a required lesson not done blocks completion", tree: twoQuizTree(), passMark: 60,
			scores: map[string][]float64{"m1.quiz": {100}, "m2.quiz": {100}}, wantDone: 2, wantTotal: 3, wantGrade: 100},
		{name: "the optional lesson with the same id does not stand in for the required one", tree: twoQuizTree(), passMark: 60, lessons: []string{"m2.read"},
			scores: map[string][]float64{"m1.quiz": {100}, "m2.quiz": {100}}, wantDone: 2, wantTotal: 3, wantGrade: 100},
		{name: "optional assessments count neither for nor against", tree: twoQuizTree(), passMark: 60, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {60}, "m2.quiz": {80}, "m2.practice": {0}}, wantDone: 3, wantTotal: 3, wantGrade: 70, wantComplete: true},
		{name: "a grade at the pass mark passes despite rounding", tree: twoQuizTree(), passMark: 75.15, lessons: []string{"m1.read"},
			scores: map[string][]float64{"m1.quiz": {70.1}, "m2.quiz": {80.2}}, wantDone: 3, wantTotal: 3, wantGrade: (70.1 + 80.2) / 2, wantComplete: true},
		{name: "a course of lessons completes with 100", tree: lessonsOnly, passMark: 60, lessons: []string{"m.a"}, wantDone: 1, wantTotal: 1, wantGrade: 100, wantComplete: true},
		{name: "with nothing marked required everything is", tree: nothingRequired, passMark: 50, lessons: []string{"m.a"},
			scores: map[string][]float64{"m.q": {40}}, wantDone: 1, wantTotal: 2, wantGrade: 40},
		{name: "with nothing marked required, all done completes", tree: nothingRequired, passMark: 50, lessons: []string{"m.a"},
			scores: map[string][]float64{"m.q": {60}}, wantDone: 2, wantTotal: 2, wantGrade: 60, wantComplete: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := learning.Evaluate(tc.tree, tc.passMark, tc.lessons, tc.scores)
			if p.RequiredDone != tc.wantDone || p.RequiredTotal != tc.wantTotal {
				t.Errorf("required done %d of %d, want %d of %d", p.RequiredDone, p.RequiredTotal, tc.wantDone, tc.wantTotal)
			}
			if math.Abs(p.GradePercent-tc.wantGrade) > 1e-9 {
				t.Errorf("grade %v, want %v", p.GradePercent, tc.wantGrade)
			}
			if p.Complete != tc.wantComplete {
				t.Errorf("complete %v, want %v", p.Complete, tc.wantComplete)
			}
			if want := 100 * float64(tc.wantDone) / float64(tc.wantTotal); math.Abs(p.Percent-want) > 1e-9 {
				t.Errorf("percent %v, want %v", p.Percent, want)
			}
		})
	}
}

func TestEvaluateItemStates(t *testing.T) {
	p := learning.Evaluate(twoQuizTree(), 60, []string{"m1.read"}, map[string][]float64{"m1.quiz": {30, 55}})
	byRef := map[string]learning.ItemState{}
	for _, st := range p.Items {
		byRef[st.Ref] = st
	}
	if len(p.Items) != 5 {
		t.Fatalf("%d item states, want one per item (5): %+v", len(p.Items), p.Items)
	}
	quiz := byRef["m1.quiz"]
	if quiz.BestPercent == nil || *quiz.BestPercent != 55 || !quiz.Done || quiz.GradedAttempts != 2 || quiz.PassMark != 50 {
		t.Errorf("m1.quiz %+v, want best 55 of 2 graded attempts, passed at 50", quiz)
	}
	if st := byRef["m2.quiz"]; st.BestPercent != nil || st.Done {
		t.Errorf("m2.quiz %+v, want no score and not done", st)
	}
	if st := byRef["m2.read"]; st.Required || st.Done {
		t.Errorf("m2.read %+v, want optional and not done", st)
	}
}
