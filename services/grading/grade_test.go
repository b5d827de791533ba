package grading

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

type gradeCase struct {
	name        string
	question    func() Question
	answer      Answer
	wantScore   float64
	wantCorrect bool
	wantMessage string
}

func runGradeCases(t *testing.T, cases []gradeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.question()
			got := Grade(q, tc.answer)
			assertScore(t, got, tc.wantScore, tc.wantCorrect)
			if got.MaxScore != q.MaxScore() {
				t.Errorf("max score = %v, want %v", got.MaxScore, q.MaxScore())
			}
			if got.Status != StatusGraded {
				t.Errorf("status = %q, want graded", got.Status)
			}
			if tc.wantMessage != "" && got.Feedback.Message != tc.wantMessage {
				t.Errorf("message = %q, want %q", got.Feedback.Message, tc.wantMessage)
			}
		})
	}
}

func TestGradeSingleChoice(t *testing.T) {
	runGradeCases(t, []gradeCase{
		{name: "exact", question: singleChoiceQuestion, answer: Answer{Choice: "a"}, wantScore: 1, wantCorrect: true, wantMessage: "Correct"},
		{name: "wrong", question: singleChoiceQuestion, answer: Answer{Choice: "b"}, wantScore: 0, wantMessage: "Incorrect"},
		{name: "empty answer", question: singleChoiceQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
		{name: "unknown option", question: singleChoiceQuestion, answer: Answer{Choice: "z"}, wantScore: 0, wantMessage: "Incorrect"},
		{name: "points default to one", question: func() Question {
			q := singleChoiceQuestion()
			q.Points = 0
			return q
		}, answer: Answer{Choice: "a"}, wantScore: 1, wantCorrect: true},
	})
}

func TestGradeSingleChoiceFeedback(t *testing.T) {
	q := singleChoiceQuestion()
	got := Grade(q, Answer{Choice: "b"})
	want := []OptionFeedback{{OptionID: "b", Text: "Clustering has no labels."}}
	if !slices.Equal(got.Feedback.Options, want) {
		t.Errorf("option feedback = %+v, want %+v", got.Feedback.Options, want)
	}
	if got.Feedback.Explanation != q.Explanation {
		t.Errorf("explanation = %q, want %q", got.Feedback.Explanation, q.Explanation)
	}
	if !slices.Equal(got.Solution.OptionIDs, []string{"a"}) || !slices.Equal(got.Solution.Lines, []string{"Classification"}) {
		t.Errorf("solution = %+v, want option a, Classification", got.Solution)
	}
}

func TestGradeMultipleResponse(t *testing.T) {
	withPenalty := func(p float64) func() Question {
		return func() Question {
			q := multipleResponseQuestion()
			q.Penalty = ptr(p)
			return q
		}
	}
	// 4 points, 2 correct options (a, b) and 2 wrong ones (c, d): each correct
	// option earns 2 points; the default penalty is 1/2 of the points, i.e. 2.
	runGradeCases(t, []gradeCase{
		{name: "exact", question: multipleResponseQuestion, answer: Answer{Choices: []string{"b", "a"}}, wantScore: 4, wantCorrect: true, wantMessage: "Correct"},
		{name: "one of two correct", question: multipleResponseQuestion, answer: Answer{Choices: []string{"a"}}, wantScore: 2, wantMessage: "Partly correct"},
		{name: "all correct and one wrong", question: multipleResponseQuestion, answer: Answer{Choices: []string{"a", "b", "c"}}, wantScore: 2, wantMessage: "Partly correct"},
		{name: "every option scores zero", question: multipleResponseQuestion, answer: Answer{Choices: []string{"a", "b", "c", "d"}}, wantScore: 0, wantMessage: "Incorrect"},
		{name: "penalty floors at zero", question: multipleResponseQuestion, answer: Answer{Choices: []string{"a", "c", "d"}}, wantScore: 0},
		{name: "only wrong", question: multipleResponseQuestion, answer: Answer{Choices: []string{"c"}}, wantScore: 0},
		{name: "explicit penalty", question: withPenalty(0.25), answer: Answer{Choices: []string{"a", "b", "c"}}, wantScore: 3},
		{name: "zero penalty", question: withPenalty(0), answer: Answer{Choices: []string{"a", "b", "c", "d"}}, wantScore: 4, wantCorrect: true},
		{name: "full penalty", question: withPenalty(1), answer: Answer{Choices: []string{"a", "b", "c"}}, wantScore: 0},
		{name: "empty answer", question: multipleResponseQuestion, answer: Answer{Choices: []string{}}, wantScore: 0, wantMessage: "Not answered"},
		{name: "no wrong options to penalise", question: func() Question {
			q := multipleResponseQuestion()
			q.Options = q.Options[:2]
			return q
		}, answer: Answer{Choices: []string{"a"}}, wantScore: 2},
	})
}

func TestGradeMultipleResponseFeedbackOfChosenOptions(t *testing.T) {
	got := Grade(multipleResponseQuestion(), Answer{Choices: []string{"a", "c"}})
	want := []OptionFeedback{{OptionID: "c", Text: "That is a hyperparameter."}}
	if !slices.Equal(got.Feedback.Options, want) {
		t.Errorf("option feedback = %+v, want %+v", got.Feedback.Options, want)
	}
}

func TestGradeTrueFalse(t *testing.T) {
	falseQuestion := func() Question {
		q := trueFalseQuestion()
		q.Correct = ptr(false)
		return q
	}
	runGradeCases(t, []gradeCase{
		{name: "exact", question: trueFalseQuestion, answer: Answer{Value: ptr(true)}, wantScore: 1, wantCorrect: true},
		{name: "wrong", question: trueFalseQuestion, answer: Answer{Value: ptr(false)}, wantScore: 0},
		{name: "false is right", question: falseQuestion, answer: Answer{Value: ptr(false)}, wantScore: 1, wantCorrect: true},
		{name: "empty answer", question: trueFalseQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
	})
}

func TestGradeNumeric(t *testing.T) {
	number := func(v float64, unit string) Answer { return Answer{Number: ptr(v), Unit: unit} }
	relative := func() Question {
		q := numericQuestion()
		q.Answer, q.Tolerance, q.ToleranceMode = ptr(200.0), 0.01, ToleranceRelative
		return q
	}
	unitRequired := func() Question {
		q := numericQuestion()
		q.UnitRequired = true
		return q
	}
	exactDecimal := func() Question {
		q := numericQuestion()
		q.Answer, q.Tolerance = ptr(41.1), 0
		return q
	}
	// Computed at run time: Go constant arithmetic is exact and would hide
	// the binary rounding a learner's input goes through.
	tenth, fifth := 0.1, 0.2
	boundary := func() Question {
		q := numericQuestion()
		q.Answer, q.Tolerance = ptr(0.2), 0.1
		return q
	}
	runGradeCases(t, []gradeCase{
		{name: "exact", question: numericQuestion, answer: number(42, "ms"), wantScore: 2, wantCorrect: true},
		{name: "inside tolerance", question: numericQuestion, answer: number(42.3, "ms"), wantScore: 2, wantCorrect: true},
		{name: "upper tolerance boundary", question: numericQuestion, answer: number(42.5, "ms"), wantScore: 2, wantCorrect: true},
		{name: "lower tolerance boundary", question: numericQuestion, answer: number(41.5, ""), wantScore: 2, wantCorrect: true},
		{name: "just outside tolerance", question: numericQuestion, answer: number(42.51, "ms"), wantScore: 0},
		{name: "unit conversion", question: numericQuestion, answer: number(0.0423, "s"), wantScore: 2, wantCorrect: true},
		{name: "unit conversion outside tolerance", question: numericQuestion, answer: number(0.043, "s"), wantScore: 0},
		{name: "wrong unit scale", question: numericQuestion, answer: number(42, "s"), wantScore: 0},
		{name: "no unit means base unit", question: numericQuestion, answer: number(42, ""), wantScore: 2, wantCorrect: true},
		{name: "unit required but missing", question: unitRequired, answer: number(42, ""), wantScore: 0, wantMessage: "Incorrect"},
		{name: "unit required and given", question: unitRequired, answer: number(42, "ms"), wantScore: 2, wantCorrect: true},
		{name: "relative tolerance boundary", question: relative, answer: number(202, ""), wantScore: 2, wantCorrect: true},
		{name: "relative tolerance outside", question: relative, answer: number(202.1, ""), wantScore: 0},
		{name: "relative tolerance below", question: relative, answer: number(198, ""), wantScore: 2, wantCorrect: true},
		{name: "unit conversion at zero tolerance", question: exactDecimal, answer: number(0.0411, "s"), wantScore: 2, wantCorrect: true},
		{name: "rounding on the tolerance boundary", question: boundary, answer: number(tenth+fifth, ""), wantScore: 2, wantCorrect: true},
		{name: "just beyond a tiny tolerance", question: boundary, answer: number(0.3000001, ""), wantScore: 0},
		{name: "negative number", question: numericQuestion, answer: number(-42, ""), wantScore: 0},
		{name: "empty answer", question: numericQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
	})
}

func TestGradeNumericExplainsMissingUnit(t *testing.T) {
	q := numericQuestion()
	q.UnitRequired = true
	got := Grade(q, Answer{Number: ptr(42.0)})
	if !slices.Contains(got.Feedback.Notes, "A unit is required.") {
		t.Errorf("notes = %q, want the missing unit explained", got.Feedback.Notes)
	}
}

func TestNumericSolution(t *testing.T) {
	relative := numericQuestion()
	relative.Tolerance, relative.ToleranceMode = 0.07, ToleranceRelative
	for _, tc := range []struct {
		name string
		q    Question
		want string
	}{
		{"absolute", numericQuestion(), "42 ms (± 0.5)"},
		{"relative", relative, "42 ms (± 7%)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Grade(tc.q, Answer{}).Solution.Lines; !slices.Equal(got, []string{tc.want}) {
				t.Errorf("solution = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGradeShortAnswer(t *testing.T) {
	caseSensitive := func() Question {
		q := shortAnswerQuestion()
		q.Answers, q.Pattern, q.CaseSensitive = []string{"ReLU"}, "Leaky ?ReLU", true
		return q
	}
	patternOnly := func() Question {
		q := shortAnswerQuestion()
		q.Answers = nil
		return q
	}
	runGradeCases(t, []gradeCase{
		{name: "exact", question: shortAnswerQuestion, answer: Answer{Text: "neural network"}, wantScore: 1, wantCorrect: true},
		{name: "second accepted answer", question: shortAnswerQuestion, answer: Answer{Text: "neural networks"}, wantScore: 1, wantCorrect: true},
		{name: "case ignored", question: shortAnswerQuestion, answer: Answer{Text: "Neural Networks"}, wantScore: 1, wantCorrect: true},
		{name: "whitespace normalised", question: shortAnswerQuestion, answer: Answer{Text: "  neural \t  network\n"}, wantScore: 1, wantCorrect: true},
		{name: "pattern match", question: shortAnswerQuestion, answer: Answer{Text: "Neural Nets"}, wantScore: 1, wantCorrect: true},
		{name: "pattern must match whole answer", question: shortAnswerQuestion, answer: Answer{Text: "deep neural nets"}, wantScore: 0},
		{name: "pattern only", question: patternOnly, answer: Answer{Text: "neural net"}, wantScore: 1, wantCorrect: true},
		{name: "wrong", question: shortAnswerQuestion, answer: Answer{Text: "decision tree"}, wantScore: 0},
		{name: "blank answer", question: shortAnswerQuestion, answer: Answer{Text: "   "}, wantScore: 0, wantMessage: "Not answered"},
		{name: "case sensitive exact", question: caseSensitive, answer: Answer{Text: "ReLU"}, wantScore: 1, wantCorrect: true},
		{name: "case sensitive wrong case", question: caseSensitive, answer: Answer{Text: "relu"}, wantScore: 0},
		{name: "case sensitive pattern", question: caseSensitive, answer: Answer{Text: "Leaky ReLU"}, wantScore: 1, wantCorrect: true},
		{name: "case sensitive pattern wrong case", question: caseSensitive, answer: Answer{Text: "leaky relu"}, wantScore: 0},
	})
}

func TestGradeMatching(t *testing.T) {
	runGradeCases(t, []gradeCase{
		{name: "exact", question: matchingQuestion, answer: Answer{Matches: map[string]string{"p1": "p1", "p2": "p2", "p3": "p3"}}, wantScore: 3, wantCorrect: true},
		{name: "two of three", question: matchingQuestion, answer: Answer{Matches: map[string]string{"p1": "p1", "p2": "p2", "p3": "d1"}}, wantScore: 2, wantMessage: "Partly correct"},
		{name: "swapped pair", question: matchingQuestion, answer: Answer{Matches: map[string]string{"p1": "p2", "p2": "p1", "p3": "p3"}}, wantScore: 1},
		{name: "partly answered", question: matchingQuestion, answer: Answer{Matches: map[string]string{"p2": "p2"}}, wantScore: 1},
		{name: "all wrong", question: matchingQuestion, answer: Answer{Matches: map[string]string{"p1": "d1", "p2": "p3", "p3": "p1"}}, wantScore: 0, wantMessage: "Incorrect"},
		{name: "empty answer", question: matchingQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
	})
}

func TestGradeOrdering(t *testing.T) {
	partial := func() Question {
		q := orderingQuestion()
		q.Partial = true
		return q
	}
	runGradeCases(t, []gradeCase{
		{name: "exact", question: orderingQuestion, answer: Answer{Order: []string{"i1", "i2", "i3", "i4"}}, wantScore: 1, wantCorrect: true},
		{name: "all or nothing", question: orderingQuestion, answer: Answer{Order: []string{"i1", "i2", "i4", "i3"}}, wantScore: 0},
		{name: "partial two in place", question: partial, answer: Answer{Order: []string{"i1", "i2", "i4", "i3"}}, wantScore: 0.5, wantMessage: "Partly correct"},
		{name: "partial exact", question: partial, answer: Answer{Order: []string{"i1", "i2", "i3", "i4"}}, wantScore: 1, wantCorrect: true},
		{name: "partial reversed", question: partial, answer: Answer{Order: []string{"i4", "i3", "i2", "i1"}}, wantScore: 0},
		{name: "too short is never full marks", question: partial, answer: Answer{Order: []string{"i1", "i2"}}, wantScore: 0.5},
		{name: "empty answer", question: orderingQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
	})
}

func TestGradeCloze(t *testing.T) {
	runGradeCases(t, []gradeCase{
		{name: "exact", question: clozeQuestion, answer: Answer{Gaps: map[string]string{"g1": "labelled", "g2": "unsupervised"}}, wantScore: 2, wantCorrect: true},
		{name: "alternative spelling any case", question: clozeQuestion, answer: Answer{Gaps: map[string]string{"g1": " Labeled ", "g2": "unsupervised"}}, wantScore: 2, wantCorrect: true},
		{name: "one gap right", question: clozeQuestion, answer: Answer{Gaps: map[string]string{"g1": "labelled", "g2": "supervised"}}, wantScore: 1},
		{name: "choice gap is exact", question: clozeQuestion, answer: Answer{Gaps: map[string]string{"g2": "Unsupervised"}}, wantScore: 0},
		{name: "one gap filled", question: clozeQuestion, answer: Answer{Gaps: map[string]string{"g2": "unsupervised"}}, wantScore: 1},
		{name: "empty answer", question: clozeQuestion, answer: Answer{}, wantScore: 0, wantMessage: "Not answered"},
	})
}

func TestClozeSolutionFillsTheText(t *testing.T) {
	got := Grade(clozeQuestion(), Answer{}).Solution.Lines
	want := []string{"Supervised learning uses labelled data; clustering is unsupervised."}
	if !slices.Equal(got, want) {
		t.Errorf("solution = %q, want %q", got, want)
	}
}

func TestGradeEssay(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantStatus Status
		wantNote   string
	}{
		{name: "answered awaits review", text: "Biometric identification is high risk.", wantStatus: StatusNeedsReview},
		{name: "too short noted", text: "High risk.", wantStatus: StatusNeedsReview, wantNote: "at least 3"},
		{name: "too long noted", text: strings.Repeat("word ", 11), wantStatus: StatusNeedsReview, wantNote: "at most 10"},
		{name: "blank is not answered", text: " \n ", wantStatus: StatusGraded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Grade(essayQuestion(), Answer{Text: tc.text})
			if got.Status != tc.wantStatus {
				t.Errorf("status = %q, want %q", got.Status, tc.wantStatus)
			}
			if got.Score != 0 || got.Correct {
				t.Errorf("score = %v, correct = %v; an essay is never scored automatically", got.Score, got.Correct)
			}
			if got.MaxScore != 5 {
				t.Errorf("max score = %v, want the rubric total 5", got.MaxScore)
			}
			notes := strings.Join(got.Feedback.Notes, " ")
			if tc.wantNote == "" && notes != "" || !strings.Contains(notes, tc.wantNote) {
				t.Errorf("notes = %q, want %q", notes, tc.wantNote)
			}
		})
	}
}

func TestGradeAttempt(t *testing.T) {
	questions := allQuestions()
	answers := map[string]Answer{
		"q-single": {Choice: "a"},                   // 1 of 1
		"q-multi":  {Choices: []string{"a"}},        // 2 of 4
		"q-tf":     {Value: ptr(false)},             // 0 of 1
		"q-num":    {Number: ptr(42.2), Unit: "ms"}, // 2 of 2
		"q-short":  {Text: "neural nets"},           // 1 of 1
		"q-essay":  {Text: "An answer for staff to read."},
		"q-other":  {Choice: "a"}, // not in the attempt
		// q-match (3), q-order (1) and q-cloze (2) are unanswered.
	}
	got := GradeAttempt(questions, answers)
	if got.Score != 6 || got.MaxScore != 20 {
		t.Errorf("score = %v / %v, want 6 / 20", got.Score, got.MaxScore)
	}
	if got.Percent != 30 {
		t.Errorf("percent = %v, want 30", got.Percent)
	}
	if !got.NeedsReview {
		t.Error("needs review = false, want true for an answered essay")
	}
	if len(got.Results) != len(questions) {
		t.Fatalf("results = %d, want %d", len(got.Results), len(questions))
	}
	for i, r := range got.Results {
		if r.QuestionID != questions[i].ID {
			t.Errorf("results[%d] is for %q, want %q", i, r.QuestionID, questions[i].ID)
		}
	}
	if got.Passed(70) || !got.Passed(30) {
		t.Errorf("passed(70) = %v, passed(30) = %v; want false, true at 30%%", got.Passed(70), got.Passed(30))
	}
}

func TestGradeAttemptWithoutReviewOrQuestions(t *testing.T) {
	got := GradeAttempt([]Question{singleChoiceQuestion()}, nil)
	if got.NeedsReview || got.Score != 0 || got.MaxScore != 1 || got.Percent != 0 {
		t.Errorf("unanswered attempt = %+v, want 0 / 1, 0%%, no review", got)
	}
	empty := GradeAttempt(nil, nil)
	if empty.Percent != 0 || empty.MaxScore != 0 {
		t.Errorf("empty attempt = %+v, want zeros", empty)
	}
}

func TestPassedAllowsRounding(t *testing.T) {
	q := Question{ID: "q", Type: MultipleResponse, Prompt: "Pick the metrics.", Options: []Option{
		{ID: "a", Text: "Precision", Correct: true},
		{ID: "b", Text: "Recall", Correct: true},
		{ID: "c", Text: "F1", Correct: true},
	}}
	// 0 + 2/3 + 3/3 + 1/3 is exactly 2 of 4 points, but its floating-point
	// sum falls just short of 2.
	chosen := [][]string{nil, {"a", "b"}, {"a", "b", "c"}, {"a"}}
	questions := make([]Question, len(chosen))
	answers := make(map[string]Answer, len(chosen))
	for i, c := range chosen {
		questions[i] = q
		questions[i].ID = fmt.Sprintf("q%d", i)
		answers[questions[i].ID] = Answer{Choices: c}
	}
	got := GradeAttempt(questions, answers)
	if !got.Passed(50) {
		t.Errorf("percent = %v; 2 of 4 points must pass a 50%% mark", got.Percent)
	}
	if got.Passed(50.01) {
		t.Errorf("percent = %v passes a 50.01%% mark", got.Percent)
	}
}
