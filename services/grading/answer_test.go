package grading

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// drawn returns q as an attempt would serve it, with a display seed.
func drawn(q Question) Question {
	q.DisplaySeed = 20240917
	return q
}

// publicID returns the id under which the learner sees the element with the
// given text among choices.
func publicID(t *testing.T, choices []PublicChoice, text string) string {
	t.Helper()
	for _, c := range choices {
		if c.Text == text {
			return c.ID
		}
	}
	t.Fatalf("no public choice with text %q in %+v", text, choices)
	return ""
}

// learnerOrder is an ordering answer in public ids for the items with the given texts.
func learnerOrder(t *testing.T, q Question, texts ...string) string {
	t.Helper()
	items := Public(q).Items
	ids := make([]string, len(texts))
	for i, text := range texts {
		ids[i] = publicID(t, items, text)
	}
	raw, err := json.Marshal(map[string][]string{"order": ids})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// learnerMatches is a matching answer in public ids: left pair id → right text.
func learnerMatches(t *testing.T, q Question, rightText map[string]string) string {
	t.Helper()
	rights := Public(q).Rights
	matches := make(map[string]string, len(rightText))
	for left, text := range rightText {
		matches[left] = publicID(t, rights, text)
	}
	raw, err := json.Marshal(map[string]map[string]string{"matches": matches})
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestDecodeAnswerAccepts(t *testing.T) {
	match, order := drawn(matchingQuestion()), drawn(orderingQuestion())
	precision, recall := match.Pairs[0].Right, match.Pairs[1].Right
	tests := []struct {
		name string
		q    Question
		raw  string
		want Answer
	}{
		{"single choice", singleChoiceQuestion(), `{"choice": "a"}`, Answer{Choice: "a"}},
		{"single choice skipped", singleChoiceQuestion(), `{}`, Answer{}},
		{"single choice null", singleChoiceQuestion(), `{"choice": null}`, Answer{}},
		{"single choice empty", singleChoiceQuestion(), `{"choice": ""}`, Answer{}},
		{"multiple response", multipleResponseQuestion(), `{"choices": ["c", "a"]}`, Answer{Choices: []string{"c", "a"}}},
		{"multiple response none", multipleResponseQuestion(), `{"choices": []}`, Answer{}},
		{"true false", trueFalseQuestion(), `{"value": false}`, Answer{Value: ptr(false)}},
		{"numeric with unit", numericQuestion(), `{"number": "42.3", "unit": "ms"}`, Answer{Number: ptr(42.3), Unit: "ms"}},
		{"numeric decimal comma", numericQuestion(), `{"number": "42,3"}`, Answer{Number: ptr(42.3)}},
		{"numeric exponent and spaces", numericQuestion(), `{"number": " -1.5e-3 ", "unit": " s "}`, Answer{Number: ptr(-0.0015), Unit: "s"}},
		{"numeric leading point", numericQuestion(), `{"number": ".5"}`, Answer{Number: ptr(0.5)}},
		{"numeric skipped", numericQuestion(), `{"number": ""}`, Answer{}},
		{"short answer kept as typed", shortAnswerQuestion(), `{"text": "  Neural  nets "}`, Answer{Text: "  Neural  nets "}},
		{"short answer at the limit", shortAnswerQuestion(), textAnswer(MaxShortAnswerChars, "é"), Answer{Text: strings.Repeat("é", MaxShortAnswerChars)}},
		{"essay at the limit", essayQuestion(), textAnswer(MaxEssayChars, "a"), Answer{Text: strings.Repeat("a", MaxEssayChars)}},
		{"matching in public ids", match, learnerMatches(t, match, map[string]string{"p1": precision, "p2": match.Distractors[0], "p3": recall}),
			Answer{Matches: map[string]string{"p1": "p1", "p2": "d1", "p3": "p2"}}},
		{"matching with an unmatched left", match, `{"matches": {"p1": ""}}`, Answer{}},
		{"ordering in public ids", order, learnerOrder(t, order, "Train model", "Collect data", "Deploy", "Evaluate"),
			Answer{Order: []string{"i2", "i1", "i4", "i3"}}},
		{"cloze", clozeQuestion(), `{"gaps": {"g1": "labeled", "g2": "unsupervised"}}`, Answer{Gaps: map[string]string{"g1": "labeled", "g2": "unsupervised"}}},
		{"cloze with an empty gap", clozeQuestion(), `{"gaps": {"g1": "", "g2": "supervised"}}`, Answer{Gaps: map[string]string{"g2": "supervised"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeAnswer(tc.q, json.RawMessage(tc.raw))
			if err != nil {
				t.Fatalf("DecodeAnswer(%s) error: %v", tc.raw, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DecodeAnswer(%s) = %+v, want %+v", tc.raw, got, tc.want)
			}
		})
	}
}

func textAnswer(n int, char string) string {
	return fmt.Sprintf(`{"text": %q}`, strings.Repeat(char, n))
}

func TestDecodeAnswerRejects(t *testing.T) {
	match, order := drawn(matchingQuestion()), drawn(orderingQuestion())
	tests := []struct {
		name       string
		q          Question
		raw        string
		wantReason string
	}{
		{"empty body", singleChoiceQuestion(), ``, "answer is empty"},
		{"null", singleChoiceQuestion(), `null`, "must be a JSON object"},
		{"array", singleChoiceQuestion(), `["a"]`, "must be a JSON object"},
		{"truncated", singleChoiceQuestion(), `{"choice": "a"`, "malformed JSON"},
		{"syntax error", singleChoiceQuestion(), `{"choice": 'a'}`, "malformed JSON: invalid character"},
		{"trailing data", singleChoiceQuestion(), `{"choice": "a"} {}`, "unexpected data after the answer object"},
		{"unknown field", singleChoiceQuestion(), `{"choice": "a", "confidence": 3}`, `unknown field "confidence"; a single_choice answer has "choice"`},
		{"field in another case", singleChoiceQuestion(), `{"Choice": "a"}`, `unknown field "Choice"`},
		{"field of another type", singleChoiceQuestion(), `{"choices": ["a"]}`, `unknown field "choices"`},
		{"choice not a string", singleChoiceQuestion(), `{"choice": ["a"]}`, `"choice" must be an option id`},
		{"unknown option", singleChoiceQuestion(), `{"choice": "z"}`, `unknown option "z"`},
		{"choices not an array", multipleResponseQuestion(), `{"choices": "a"}`, `"choices" must be an array of option ids`},
		{"unknown option among choices", multipleResponseQuestion(), `{"choices": ["a", "x"]}`, `unknown option "x"`},
		{"option chosen twice", multipleResponseQuestion(), `{"choices": ["a", "a"]}`, `option "a" is chosen more than once`},
		{"value as a string", trueFalseQuestion(), `{"value": "true"}`, `"value" must be true or false`},
		{"number as a JSON number", numericQuestion(), `{"number": 42.3}`, `"number" must be a string holding a decimal number`},
		{"number with letters", numericQuestion(), `{"number": "42ms"}`, `"42ms" is not a decimal number`},
		{"number with inner space", numericQuestion(), `{"number": "4 2"}`, "not a decimal number"},
		{"number with grouping", numericQuestion(), `{"number": "1,234.5"}`, "not a decimal number"},
		{"number with two commas", numericQuestion(), `{"number": "1,2,3"}`, "not a decimal number"},
		{"not a number", numericQuestion(), `{"number": "NaN"}`, "not a decimal number"},
		{"infinity", numericQuestion(), `{"number": "Inf"}`, "not a decimal number"},
		{"hexadecimal", numericQuestion(), `{"number": "0x1p3"}`, "not a decimal number"},
		{"number out of range", numericQuestion(), `{"number": "1e999"}`, `"1e999" is out of range`},
		{"number too long", numericQuestion(), fmt.Sprintf(`{"number": %q}`, strings.Repeat("1", MaxNumberChars+1)), "longer than 64 characters"},
		{"unknown unit", numericQuestion(), `{"number": "42", "unit": "km"}`, `unknown unit "km"; expected one of "ms", "s"`},
		{"unit in another case", numericQuestion(), `{"number": "42", "unit": "MS"}`, `unknown unit "MS"`},
		{"unit without number", numericQuestion(), `{"unit": "ms"}`, "a unit is given without a number"},
		{"unit where none is taken", numericWithoutUnits(), `{"number": "1", "unit": "m"}`, `takes no unit, got "m"`},
		{"short answer too long", shortAnswerQuestion(), textAnswer(MaxShortAnswerChars+1, "é"), "text has 501 characters; at most 500 are allowed"},
		{"essay too long", essayQuestion(), textAnswer(MaxEssayChars+1, "a"), "text has 20001 characters; at most 20000"},
		{"text not a string", essayQuestion(), `{"text": 5}`, `"text" must be a string`},
		{"unknown left item", match, `{"matches": {"p9": "r1"}}`, `unknown left item "p9"`},
		{"unknown right item", match, `{"matches": {"p1": "r9"}}`, `unknown right item "r9" for left item "p1"`},
		{"authored pair id as right item", match, `{"matches": {"p1": "p1"}}`, `unknown right item "p1"`},
		{"distractor id as right item", match, `{"matches": {"p1": "d1"}}`, `unknown right item "d1"`},
		{"matches not an object", match, `{"matches": ["r1"]}`, `"matches" must be an object mapping left ids to right ids`},
		{"unknown item", order, `{"order": ["o1", "o2", "o3", "o9"]}`, `unknown item "o9"`},
		{"authored item ids", order, `{"order": ["i1", "i2", "i3", "i4"]}`, `unknown item "i1"`},
		{"item twice", order, `{"order": ["o1", "o2", "o2", "o3"]}`, `item "o2" appears more than once`},
		{"items missing", order, `{"order": ["o1", "o2"]}`, "order must list all 4 items, got 2"},
		{"unknown gap", clozeQuestion(), `{"gaps": {"g7": "x"}}`, `unknown gap "g7"`},
		{"choice gap off its options", clozeQuestion(), `{"gaps": {"g2": "semi-supervised"}}`, `gap "g2": "semi-supervised" is not one of its options`},
		{"gap too long", clozeQuestion(), fmt.Sprintf(`{"gaps": {"g1": %q}}`, strings.Repeat("x", MaxGapChars+1)), `gap "g1" has 501 characters`},
		{"gap not a string", clozeQuestion(), `{"gaps": {"g1": 1}}`, `"gaps" must be an object mapping gap ids to text`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeAnswer(tc.q, json.RawMessage(tc.raw))
			var answerErr *AnswerError
			if !errors.As(err, &answerErr) {
				t.Fatalf("DecodeAnswer(%s) error = %v, want an *AnswerError", tc.raw, err)
			}
			if answerErr.QuestionID != tc.q.ID {
				t.Errorf("question id = %q, want %q", answerErr.QuestionID, tc.q.ID)
			}
			if !strings.Contains(answerErr.Reason, tc.wantReason) {
				t.Errorf("reason = %q, want it to contain %q", answerErr.Reason, tc.wantReason)
			}
		})
	}
}

func numericWithoutUnits() Question {
	return Question{ID: "q-plain", Type: Numeric, Prompt: "How many?", Answer: ptr(3.0)}
}

func TestDecodeAnswerToQuestionOfUnknownTypeIsNotTheLearnersFault(t *testing.T) {
	_, err := DecodeAnswer(Question{ID: "q", Type: "hotspot"}, json.RawMessage(`{}`))
	var answerErr *AnswerError
	if err == nil || errors.As(err, &answerErr) {
		t.Errorf("error = %v, want a plain error, not an *AnswerError", err)
	}
}

func TestAnswerErrorNamesTheQuestion(t *testing.T) {
	_, err := DecodeAnswer(singleChoiceQuestion(), json.RawMessage(`{"choice": "z"}`))
	if got, want := fmt.Sprint(err), `answer to question q-single: unknown option "z"`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestDecodedAnswersGradeAsTheLearnerMeant(t *testing.T) {
	match, order := drawn(matchingQuestion()), drawn(orderingQuestion())
	right := map[string]string{}
	for _, p := range match.Pairs {
		right[p.ID] = p.Right
	}
	tests := []struct {
		name string
		q    Question
		raw  string
	}{
		{"matching", match, learnerMatches(t, match, right)},
		{"ordering", order, learnerOrder(t, order, "Collect data", "Train model", "Evaluate", "Deploy")},
		{"numeric in seconds with a comma", numericQuestion(), `{"number": "0,0421", "unit": "s"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := DecodeAnswer(tc.q, json.RawMessage(tc.raw))
			if err != nil {
				t.Fatal(err)
			}
			if r := Grade(tc.q, a); !r.Correct {
				t.Errorf("Grade(%s) = %+v, want correct", tc.raw, r)
			}
		})
	}
}
