package grading

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeAnswer decodes arbitrary bytes as the answer to the fixture
// question of every type (picked by kind) and checks that decoding either
// fails with an *AnswerError or yields an answer that only names the
// question's own ids, keeps to the size limits and grades within bounds.
func FuzzDecodeAnswer(f *testing.F) {
	questions := allQuestions()
	for i := range questions {
		questions[i].DisplaySeed = 7
	}
	typeIndex := func(t QuestionType) uint8 {
		return uint8(slices.IndexFunc(questions, func(q Question) bool { return q.Type == t }))
	}
	seeds := []struct {
		t   QuestionType
		raw string
	}{
		{SingleChoice, `{"choice": "a"}`},
		{SingleChoice, `{"choice": "zz", "extra": true}`},
		{MultipleResponse, `{"choices": ["a", "b", "b"]}`},
		{TrueFalse, `{"value": true}`},
		{Numeric, `{"number": "42,3", "unit": "ms"}`},
		{Numeric, `{"number": "-1.5e-3", "unit": "s"}`},
		{Numeric, `{"number": "1e999"}`},
		{ShortAnswer, `{"text": "  Neural\tnets "}`},
		{Matching, `{"matches": {"p1": "r2", "p2": "r1", "p3": ""}}`},
		{Ordering, `{"order": ["o4", "o3", "o2", "o1"]}`},
		{Cloze, `{"gaps": {"g1": "labeled", "g2": "unsupervised"}}`},
		{Essay, `{"text": "An essay of a few words."}`},
		{Essay, `{"text": "\ud800"} trailing`},
	}
	for _, s := range seeds {
		f.Add(typeIndex(s.t), []byte(s.raw))
	}
	f.Fuzz(func(t *testing.T, kind uint8, raw []byte) {
		q := questions[int(kind)%len(questions)]
		a, err := DecodeAnswer(q, json.RawMessage(raw))
		if err != nil {
			var answerErr *AnswerError
			if !errors.As(err, &answerErr) || answerErr.QuestionID != q.ID || answerErr.Reason == "" {
				t.Fatalf("DecodeAnswer(%q) error %v, want an *AnswerError for %s with a reason", raw, err, q.ID)
			}
			return
		}
		checkAnswerUsesQuestionIDs(t, q, a)
		r := Grade(q, a)
		if !(r.Score >= 0 && r.Score <= r.MaxScore) {
			t.Fatalf("Grade(%+v) score %v outside 0..%v", a, r.Score, r.MaxScore)
		}
		if r.Status != StatusGraded && r.Status != StatusNeedsReview {
			t.Fatalf("Grade(%+v) status %q", a, r.Status)
		}
	})
}

func checkAnswerUsesQuestionIDs(t *testing.T, q Question, a Answer) {
	t.Helper()
	optionIDs := func() []string {
		ids := make([]string, len(q.Options))
		for i, o := range q.Options {
			ids[i] = o.ID
		}
		return ids
	}
	switch q.Type {
	case SingleChoice:
		if a.Choice != "" && !slices.Contains(optionIDs(), a.Choice) {
			t.Fatalf("choice %q is not an option", a.Choice)
		}
	case MultipleResponse:
		for _, c := range a.Choices {
			if !slices.Contains(optionIDs(), c) {
				t.Fatalf("choice %q is not an option", c)
			}
		}
	case Numeric:
		if a.Unit != "" && !slices.ContainsFunc(q.Units, func(u Unit) bool { return u.Unit == a.Unit }) {
			t.Fatalf("unit %q is not one of the question's", a.Unit)
		}
	case ShortAnswer, Essay:
		if limit := map[QuestionType]int{ShortAnswer: MaxShortAnswerChars, Essay: MaxEssayChars}[q.Type]; utf8.RuneCountInString(a.Text) > limit {
			t.Fatalf("text of %d characters accepted", utf8.RuneCountInString(a.Text))
		}
	case Matching:
		for left, right := range a.Matches {
			isPair := func(id string) bool { return slices.ContainsFunc(q.Pairs, func(p Pair) bool { return p.ID == id }) }
			if !isPair(left) || !(isPair(right) || right == "d1") {
				t.Fatalf("match %q → %q names an id the question does not have", left, right)
			}
		}
	case Ordering:
		if len(a.Order) != 0 && !sameElements(a.Order, itemIDs(q)) {
			t.Fatalf("order %v is not a permutation of %v", a.Order, itemIDs(q))
		}
	case Cloze:
		for id, value := range a.Gaps {
			i := slices.IndexFunc(q.Gaps, func(g Gap) bool { return g.ID == id })
			if i < 0 || value == "" || (len(q.Gaps[i].Options) > 0 && !slices.Contains(q.Gaps[i].Options, value)) {
				t.Fatalf("gap %q = %q is not acceptable input", id, value)
			}
		}
	}
}

func itemIDs(q Question) []string {
	ids := make([]string, len(q.Items))
	for i, it := range q.Items {
		ids[i] = it.ID
	}
	return ids
}
