package main

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"academy/services/grading"
)

func TestAnswersDecodeAsTheServerExpects(t *testing.T) {
	yes := true
	answer := 200.0
	questions := []grading.Question{
		{ID: "single", Type: grading.SingleChoice, Options: []grading.Option{{ID: "a", Correct: true}, {ID: "b"}}},
		{ID: "multiple", Type: grading.MultipleResponse, Options: []grading.Option{{ID: "a", Correct: true}, {ID: "b"}, {ID: "c", Correct: true}}},
		{ID: "truefalse", Type: grading.TrueFalse, Correct: &yes},
		{ID: "numeric", Type: grading.Numeric, Answer: &answer},
		{ID: "numeric-unit", Type: grading.Numeric, Answer: &answer, Units: []grading.Unit{{Unit: "ms", Multiplier: 1}, {Unit: "s", Multiplier: 1000}}, UnitRequired: true},
		{ID: "short", Type: grading.ShortAnswer, Answers: []string{"overfitting"}},
		{ID: "matching", Type: grading.Matching, DisplaySeed: 42, Pairs: []grading.Pair{{ID: "p1", Left: "x", Right: "1"}, {ID: "p2", Left: "y", Right: "2"}}, Distractors: []string{"3"}},
		{ID: "ordering", Type: grading.Ordering, DisplaySeed: 7, Items: []grading.Item{{ID: "i1", Text: "first"}, {ID: "i2", Text: "second"}, {ID: "i3", Text: "third"}}},
		{ID: "cloze", Type: grading.Cloze, Text: "{{g1}} and {{g2}}", Gaps: []grading.Gap{{ID: "g1", Answers: []string{"test"}}, {ID: "g2", Options: []string{"bias", "variance"}, Answer: "bias"}}},
	}
	r := rand.New(rand.NewPCG(1, 1))
	for _, q := range questions {
		t.Run(q.ID, func(t *testing.T) {
			for range 20 {
				raw, ok := answerFor(grading.Public(q), r)
				if !ok {
					t.Fatal("no answer")
				}
				a, err := grading.DecodeAnswer(q, raw)
				if err != nil {
					t.Fatalf("answer %s refused: %v", raw, err)
				}
				if reflect.DeepEqual(a, grading.Answer{}) {
					t.Fatalf("answer %s counts as unanswered", raw)
				}
			}
		})
	}
	t.Run("essays are left unanswered", func(t *testing.T) {
		if raw, ok := answerFor(grading.Public(grading.Question{ID: "essay", Type: grading.Essay}), r); ok {
			t.Errorf("essay answered with %s", raw)
		}
	})
}
