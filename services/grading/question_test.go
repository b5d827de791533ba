package grading

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// formatExample is an assessment written with every field the format
// document names, as served in JSON.
const formatExample = `{
  "title": "Check your understanding", "kind": "assessment", "pass_mark": 70,
  "attempts_allowed": 3, "time_limit_minutes": 15, "shuffle_questions": true,
  "shuffle_options": true, "draw": 0, "feedback": "immediate", "show_correct_answers": true,
  "questions": [
    {"id": "q1", "type": "single_choice", "prompt": "Which?", "points": 1, "explanation": "Why",
     "options": [{"id": "a", "text": "A", "correct": true, "feedback": "Yes"}, {"id": "b", "text": "B"}]},
    {"id": "q2", "type": "multiple_response", "prompt": "Which?", "penalty": 0.5,
     "options": [{"id": "a", "text": "A", "correct": true}, {"id": "b", "text": "B"}]},
    {"id": "q3", "type": "true_false", "prompt": "True?", "correct": false},
    {"id": "q4", "type": "numeric", "prompt": "How long?", "answer": 42.0, "tolerance": 0.5,
     "tolerance_mode": "absolute", "units": [{"unit": "ms", "multiplier": 1}, {"unit": "s", "multiplier": 1000}],
     "unit_required": false},
    {"id": "q5", "type": "short_answer", "prompt": "Name it", "answers": ["neural network"],
     "pattern": "^neural net(work)?s?$", "case_sensitive": false},
    {"id": "q6", "type": "matching", "prompt": "Match",
     "pairs": [{"id": "p1", "left": "Precision", "right": "P"}, {"id": "p2", "left": "Recall", "right": "R"}],
     "distractors": ["X"]},
    {"id": "q7", "type": "ordering", "prompt": "Order", "partial": true,
     "items": [{"id": "i1", "text": "Collect data"}, {"id": "i2", "text": "Train"}]},
    {"id": "q8", "type": "cloze", "prompt": "Fill", "text": "Uses {{g1}} data; clustering is {{g2}}.",
     "gaps": [{"id": "g1", "answers": ["labelled", "labeled"]},
              {"id": "g2", "options": ["supervised", "unsupervised"], "answer": "unsupervised"}]},
    {"id": "q9", "type": "essay", "prompt": "Discuss", "min_words": 50, "max_words": 300,
     "rubric": [{"criterion": "Names the risk category", "points": 2}]}
  ]
}`

func TestFormatExampleDecodesAndValidates(t *testing.T) {
	dec := json.NewDecoder(bytes.NewReader([]byte(formatExample)))
	dec.DisallowUnknownFields()
	var a Assessment
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("decode the format example: %v", err)
	}
	if errs := a.Validate(); errs != nil {
		t.Fatalf("Validate() = %v, want no errors", errs)
	}
	if a.PassMark != 70 || !a.ShuffleOptions || a.Questions[3].Units[1].Multiplier != 1000 || *a.Questions[1].Penalty != 0.5 {
		t.Errorf("decoded fields lost values: %+v", a)
	}
}

func TestJSONAndYAMLTagsAreIdentical(t *testing.T) {
	for _, v := range []any{Assessment{}, Question{}, Option{}, Unit{}, Pair{}, Item{}, Gap{}, Criterion{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			jsonTag, yamlTag := f.Tag.Get("json"), f.Tag.Get("yaml")
			if jsonTag == "" || jsonTag != yamlTag {
				t.Errorf("%s.%s: json tag %q, yaml tag %q; want identical and present", typ.Name(), f.Name, jsonTag, yamlTag)
			}
		}
	}
}

func TestMaxScore(t *testing.T) {
	tests := []struct {
		name string
		q    Question
		want float64
	}{
		{"default one point", Question{Type: SingleChoice}, 1},
		{"authored points", Question{Type: Numeric, Points: 2.5}, 2.5},
		{"essay rubric total", essayQuestion(), 5},
		{"essay without rubric", Question{Type: Essay, Points: 4}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.q.MaxScore(); got != tc.want {
				t.Errorf("MaxScore() = %v, want %v", got, tc.want)
			}
		})
	}
}
