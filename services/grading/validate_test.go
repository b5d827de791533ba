package grading

import (
	"fmt"
	"strings"
	"testing"
)

func TestValidateAcceptsEveryQuestionType(t *testing.T) {
	if errs := validAssessment().Validate(); errs != nil {
		t.Fatalf("Validate() = %v, want no errors", errs)
	}
}

func TestValidateReportsProblems(t *testing.T) {
	// question returns a pointer to the fixture question of the given id.
	question := func(a *Assessment, id string) *Question {
		for i := range a.Questions {
			if a.Questions[i].ID == id {
				return &a.Questions[i]
			}
		}
		panic("no fixture question " + id)
	}
	tests := []struct {
		name      string
		change    func(a *Assessment)
		wantField string
		wantText  string
	}{
		{"missing title", func(a *Assessment) { a.Title = " " }, "title", "required"},
		{"wrong kind", func(a *Assessment) { a.Kind = "quiz" }, "kind", `"assessment"`},
		{"pass mark above 100", func(a *Assessment) { a.PassMark = 101 }, "pass_mark", "between 0 and 100"},
		{"pass mark negative", func(a *Assessment) { a.PassMark = -1 }, "pass_mark", "between 0 and 100"},
		{"negative attempts", func(a *Assessment) { a.AttemptsAllowed = -1 }, "attempts_allowed", "negative"},
		{"negative time limit", func(a *Assessment) { a.TimeLimitMinutes = -5 }, "time_limit_minutes", "negative"},
		{"unknown feedback policy", func(a *Assessment) { a.Feedback = "later" }, "feedback", "one of"},
		{"draw more than the pool", func(a *Assessment) { a.Draw = 10 }, "draw", "between 0 (all) and 9"},
		{"no questions", func(a *Assessment) { a.Questions = nil }, "questions", "at least one"},
		{"duplicate question id", func(a *Assessment) { a.Questions[1].ID = a.Questions[0].ID }, "questions[1].id", `duplicates questions[0].id "q-single"`},
		{"bad question id", func(a *Assessment) { a.Questions[0].ID = "Q 1" }, "questions[0].id", "a-z, 0-9"},
		{"unknown type", func(a *Assessment) { a.Questions[0].Type = "hotspot" }, "questions[0].type", `unknown type "hotspot"`},
		{"missing prompt", func(a *Assessment) { a.Questions[0].Prompt = "" }, "questions[0].prompt", "required"},
		{"negative points", func(a *Assessment) { a.Questions[0].Points = -1 }, "questions[0].points", "greater than 0"},
		{"field of another type", func(a *Assessment) { question(a, "q-single").Answers = []string{"x"} }, "questions[0].answers", "not used by single_choice"},
		{"single choice with two correct", func(a *Assessment) { question(a, "q-single").Options[1].Correct = true }, "questions[0].options", "exactly one option must be correct, found 2"},
		{"single choice with none correct", func(a *Assessment) { question(a, "q-single").Options[0].Correct = false }, "questions[0].options", "found 0"},
		{"single choice with one option", func(a *Assessment) { q := question(a, "q-single"); q.Options = q.Options[:1] }, "questions[0].options", "at least two"},
		{"duplicate option id", func(a *Assessment) { question(a, "q-single").Options[2].ID = "b" }, "questions[0].options[2].id", "duplicates questions[0].options[1].id"},
		{"option without text", func(a *Assessment) { question(a, "q-single").Options[1].Text = "" }, "questions[0].options[1].text", "required"},
		{"multiple response without correct", func(a *Assessment) {
			for i := range question(a, "q-multi").Options {
				question(a, "q-multi").Options[i].Correct = false
			}
		}, "questions[1].options", "at least one option must be correct"},
		{"penalty above one", func(a *Assessment) { question(a, "q-multi").Penalty = ptr(1.5) }, "questions[1].penalty", "between 0 and 1"},
		{"true false without correct", func(a *Assessment) { question(a, "q-tf").Correct = nil }, "questions[2].correct", "required"},
		{"numeric without answer", func(a *Assessment) { question(a, "q-num").Answer = nil }, "questions[3].answer", "required"},
		{"negative tolerance", func(a *Assessment) { question(a, "q-num").Tolerance = -0.1 }, "questions[3].tolerance", "negative"},
		{"unknown tolerance mode", func(a *Assessment) { question(a, "q-num").ToleranceMode = "percent" }, "questions[3].tolerance_mode", "absolute or relative"},
		{"unit without multiplier", func(a *Assessment) { question(a, "q-num").Units[1].Multiplier = 0 }, "questions[3].units[1].multiplier", "greater than 0"},
		{"duplicate unit", func(a *Assessment) { question(a, "q-num").Units[1].Unit = "ms" }, "questions[3].units[1].unit", "duplicates questions[3].units[0].unit"},
		{"unit required without units", func(a *Assessment) {
			q := question(a, "q-num")
			q.Units, q.UnitRequired = nil, true
		}, "questions[3].unit_required", "needs units"},
		{"short answer without answers or pattern", func(a *Assessment) {
			q := question(a, "q-short")
			q.Answers, q.Pattern = nil, ""
		}, "questions[4].answers", "accepted answer or a pattern"},
		{"bad regex", func(a *Assessment) { question(a, "q-short").Pattern = "neural(" }, "questions[4].pattern", "not a valid regular expression"},
		{"regex escaping its anchors", func(a *Assessment) { question(a, "q-short").Pattern = "a)|(b" }, "questions[4].pattern", "not a valid regular expression"},
		{"blank accepted answer", func(a *Assessment) { question(a, "q-short").Answers[1] = " " }, "questions[4].answers[1]", "blank"},
		{"matching with one pair", func(a *Assessment) { q := question(a, "q-match"); q.Pairs = q.Pairs[:1] }, "questions[5].pairs", "at least two"},
		{"duplicate right text", func(a *Assessment) {
			q := question(a, "q-match")
			q.Pairs[2].Right = q.Pairs[0].Right
		}, "questions[5].pairs[2].right", "duplicates questions[5].pairs[0].right"},
		{"distractor equal to a right", func(a *Assessment) {
			q := question(a, "q-match")
			q.Distractors[0] = q.Pairs[1].Right
		}, "questions[5].distractors[0]", "duplicates pairs[1].right"},
		{"pair id taken by a distractor", func(a *Assessment) { question(a, "q-match").Pairs[0].ID = "d1" }, "questions[5].distractors[0]", `"d1" is already a pair id`},
		{"duplicate item id", func(a *Assessment) { question(a, "q-order").Items[3].ID = "i1" }, "questions[6].items[3].id", "duplicates questions[6].items[0].id"},
		{"cloze text with undefined gap", func(a *Assessment) {
			question(a, "q-cloze").Text += " Also {{g3}}."
		}, "questions[7].text", `undefined gap "g3"`},
		{"cloze gap not in text", func(a *Assessment) {
			question(a, "q-cloze").Text = "Supervised learning uses {{g1}} data."
		}, "questions[7].gaps[1].id", "does not appear in text as {{g2}}"},
		{"cloze gap twice in text", func(a *Assessment) {
			question(a, "q-cloze").Text += " Again {{g1}}."
		}, "questions[7].text", `gap "g1" appears more than once`},
		{"cloze gap with both kinds", func(a *Assessment) {
			question(a, "q-cloze").Gaps[1].Answers = []string{"unsupervised"}
		}, "questions[7].gaps[1]", "not both"},
		{"cloze gap with neither kind", func(a *Assessment) {
			question(a, "q-cloze").Gaps[0].Answers = nil
		}, "questions[7].gaps[0]", "needs answers"},
		{"cloze choice answer not an option", func(a *Assessment) {
			question(a, "q-cloze").Gaps[1].Answer = "reinforcement"
		}, "questions[7].gaps[1].answer", "one of the gap's options"},
		{"rubric without points", func(a *Assessment) { question(a, "q-essay").Rubric[0].Points = 0 }, "questions[8].rubric[0].points", "greater than 0"},
		{"level without description", func(a *Assessment) { question(a, "q-essay").Rubric[0].Levels[1].Description = " " }, "questions[8].rubric[0].levels[1].description", "required"},
		{"level above the criterion", func(a *Assessment) { question(a, "q-essay").Rubric[0].Levels[1].Points = 3 }, "questions[8].rubric[0].levels[1].points", "from 0 to the criterion's 2 points"},
		{"two levels worth the same", func(a *Assessment) { question(a, "q-essay").Rubric[0].Levels[1].Points = 0 }, "questions[8].rubric[0].levels[1].points", "duplicates questions[8].rubric[0].levels[0].points"},
		{"points differ from rubric", func(a *Assessment) { question(a, "q-essay").Points = 4 }, "questions[8].points", "rubric total 5"},
		{"group not defined", func(a *Assessment) { a.Questions[2].Group = "nope" }, "questions[2].group", `undefined group "nope"`},
		{"group split by another question", func(a *Assessment) {
			a.Groups = []Group{{ID: "g"}}
			a.Questions[1].Group, a.Questions[3].Group = "g", "g"
		}, "questions[3].group", "must come right after questions[1]"},
		{"group without questions", func(a *Assessment) { a.Groups = []Group{{ID: "empty"}} }, "groups[0].id", `no question belongs to group "empty"`},
		{"duplicate group id", func(a *Assessment) {
			a.Groups = []Group{{ID: "g"}, {ID: "g"}}
			a.Questions[0].Group = "g"
		}, "groups[1].id", "duplicates groups[0].id"},
		{"bad group id", func(a *Assessment) { a.Groups = []Group{{ID: "G 1"}} }, "groups[0].id", "a-z, 0-9"},
		{"stem authored on a question", func(a *Assessment) { a.Questions[0].Stem = "Context" }, "questions[0].stem", "stem of its group"},
		{"draw more than the blocks", func(a *Assessment) {
			a.Groups = []Group{{ID: "g"}}
			a.Questions[0].Group, a.Questions[1].Group = "g", "g"
			a.Draw = 9
		}, "draw", "between 0 (all) and 8, the number of questions with each group counted as one"},
		{"min words above max", func(a *Assessment) { question(a, "q-essay").MinWords = 20 }, "questions[8].min_words", "must not exceed max_words"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := validAssessment()
			tc.change(&a)
			errs := a.Validate()
			if !hasFieldError(errs, tc.wantField, tc.wantText) {
				t.Errorf("Validate() = %v, want %s: ...%s...", errs, tc.wantField, tc.wantText)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	a := validAssessment()
	a.Title = ""
	a.PassMark = 200
	a.Questions[0].Options[1].Correct = true
	a.Questions[3].Answer = nil
	errs := a.Validate()
	for _, field := range []string{"title", "pass_mark", "questions[0].options", "questions[3].answer"} {
		if !hasFieldError(errs, field, "") {
			t.Errorf("Validate() = %v, missing %s", errs, field)
		}
	}
	if len(errs) != 4 {
		t.Errorf("Validate() returned %d errors, want 4: %v", len(errs), errs)
	}
}

func hasFieldError(errs []FieldError, field, text string) bool {
	for _, e := range errs {
		if e.Field == field && strings.Contains(e.Message, text) {
			return true
		}
	}
	return false
}

func TestFieldErrorNamesTheField(t *testing.T) {
	err := FieldError{Field: "questions[2].options", Message: "at least two options are required"}
	if got := fmt.Sprint(err); got != "questions[2].options: at least two options are required" {
		t.Errorf("Error() = %q", got)
	}
}
