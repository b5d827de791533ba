package grading

import (
	"fmt"
	"testing"
)

// BenchmarkGradeAttempt grades a 20-question attempt mixing every type, each
// answered correctly.
func BenchmarkGradeAttempt(b *testing.B) {
	correct := map[QuestionType]Answer{
		SingleChoice:     {Choice: "a"},
		MultipleResponse: {Choices: []string{"a", "b"}},
		TrueFalse:        {Value: ptr(true)},
		Numeric:          {Number: ptr(0.042), Unit: "s"},
		ShortAnswer:      {Text: "Neural Nets"},
		Matching:         {Matches: map[string]string{"p1": "p1", "p2": "p2", "p3": "p3"}},
		Ordering:         {Order: []string{"i1", "i2", "i3", "i4"}},
		Cloze:            {Gaps: map[string]string{"g1": "labeled", "g2": "unsupervised"}},
		Essay:            {Text: "A short essay for staff to review."},
	}
	pool := allQuestions()
	questions := make([]Question, 20)
	answers := make(map[string]Answer, len(questions))
	for i := range questions {
		q := pool[i%len(pool)]
		q.ID = fmt.Sprintf("q%d", i)
		questions[i] = q
		answers[q.ID] = correct[q.Type]
	}
	if r := GradeAttempt(questions, answers); r.Score != r.MaxScore-10 {
		b.Fatalf("attempt scored %v of %v; want everything but the two essays (10 points)", r.Score, r.MaxScore)
	}
	b.ReportAllocs()
	for b.Loop() {
		GradeAttempt(questions, answers)
	}
}
