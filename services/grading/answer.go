package grading

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Size limits on learners' answers, in characters (runes).
const (
	MaxEssayChars       = 20000
	MaxShortAnswerChars = 500
	MaxGapChars         = 500
	MaxNumberChars      = 64
)

// Answer is a learner's answer to one question after decoding, in the
// question's authored ids: matching values are pair ids (or d1, d2, ... for
// distractors) and ordering entries are item ids. Only the field of the
// question's type is set; the zero Answer means the question was not answered.
type Answer struct {
	Choice  string            `json:"choice,omitempty"`
	Choices []string          `json:"choices,omitempty"`
	Value   *bool             `json:"value,omitempty"`
	Number  *float64          `json:"number,omitempty"`
	Unit    string            `json:"unit,omitempty"`
	Text    string            `json:"text,omitempty"`
	Matches map[string]string `json:"matches,omitempty"`
	Order   []string          `json:"order,omitempty"`
	Gaps    map[string]string `json:"gaps,omitempty"`
}

// AnswerError says why a learner's answer to a question was rejected.
type AnswerError struct {
	QuestionID string
	Reason     string
}

func (e *AnswerError) Error() string {
	return fmt.Sprintf("answer to question %s: %s", e.QuestionID, e.Reason)
}

// answerKind is which JSON fields an answer to one type of question may have
// and how it is decoded.
type answerKind struct {
	fields []string
	decode func(answerDecoder) (Answer, string)
}

// answerKinds holds the answerKind of every question type.
var answerKinds = map[QuestionType]answerKind{
	SingleChoice:     {[]string{"choice"}, answerDecoder.singleChoice},
	MultipleResponse: {[]string{"choices"}, answerDecoder.multipleResponse},
	TrueFalse:        {[]string{"value"}, answerDecoder.trueFalse},
	Numeric:          {[]string{"number", "unit"}, answerDecoder.numeric},
	ShortAnswer:      {[]string{"text"}, func(d answerDecoder) (Answer, string) { return d.text(MaxShortAnswerChars) }},
	Matching:         {[]string{"matches"}, answerDecoder.matching},
	Ordering:         {[]string{"order"}, answerDecoder.ordering},
	Cloze:            {[]string{"gaps"}, answerDecoder.cloze},
	Essay:            {[]string{"text"}, func(d answerDecoder) (Answer, string) { return d.text(MaxEssayChars) }},
}

// DecodeAnswer decodes and checks a learner's JSON answer to q as the learner
// sees q through Public. It rejects malformed JSON, fields other than those of
// q's type (matched exactly, case included), ids q does not have, and values
// over the size limits, with an *AnswerError naming the problem. A missing,
// null or empty value means the question was left unanswered.
// A question of unknown type, which Validate would have rejected, is the
// server's fault and gives a plain error instead.
func DecodeAnswer(q Question, raw json.RawMessage) (Answer, error) {
	kind, ok := answerKinds[q.Type]
	if !ok {
		return Answer{}, fmt.Errorf("decode answer to question %s: unknown question type %q", q.ID, q.Type)
	}
	a, reason := decodeAnswer(q, kind, raw)
	if reason != "" {
		return Answer{}, &AnswerError{QuestionID: q.ID, Reason: reason}
	}
	return a, nil
}

func decodeAnswer(q Question, kind answerKind, raw json.RawMessage) (Answer, string) {
	fields, reason := decodeObject(raw)
	if reason != "" {
		return Answer{}, reason
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(kind.fields, name) {
			return Answer{}, fmt.Sprintf("unknown field %q; a %s answer has %s", name, q.Type, quoteAll(kind.fields))
		}
	}
	return kind.decode(answerDecoder{q: q, fields: fields})
}

// decodeObject splits raw into the values of its top-level fields.
func decodeObject(raw json.RawMessage) (map[string]json.RawMessage, string) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return nil, "answer is empty"
	}
	if trimmed[0] != '{' {
		return nil, "answer must be a JSON object"
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil {
		return nil, "malformed JSON: " + jsonReason(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, "malformed JSON: unexpected data after the answer object"
	}
	return fields, ""
}

func jsonReason(err error) string {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Sprintf("%s (at byte %d)", strings.TrimPrefix(syntax.Error(), "json: "), syntax.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// answerDecoder decodes the fields of one answer for its question.
type answerDecoder struct {
	q      Question
	fields map[string]json.RawMessage
}

// field decodes the named field into dst, leaving dst alone when the field is
// missing or null; want describes the expected JSON for the error message.
func (d answerDecoder) field(name string, dst any, want string) string {
	raw, ok := d.fields[name]
	if !ok {
		return ""
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Sprintf("%q must be %s", name, want)
	}
	return ""
}

func (d answerDecoder) singleChoice() (Answer, string) {
	var choice string
	if reason := d.field("choice", &choice, "an option id"); reason != "" {
		return Answer{}, reason
	}
	if choice != "" && !slices.ContainsFunc(d.q.Options, func(o Option) bool { return o.ID == choice }) {
		return Answer{}, fmt.Sprintf("unknown option %q", choice)
	}
	return Answer{Choice: choice}, ""
}

func (d answerDecoder) multipleResponse() (Answer, string) {
	var choices []string
	if reason := d.field("choices", &choices, "an array of option ids"); reason != "" {
		return Answer{}, reason
	}
	for i, c := range choices {
		if !slices.ContainsFunc(d.q.Options, func(o Option) bool { return o.ID == c }) {
			return Answer{}, fmt.Sprintf("unknown option %q", c)
		}
		if slices.Contains(choices[:i], c) {
			return Answer{}, fmt.Sprintf("option %q is chosen more than once", c)
		}
	}
	if len(choices) == 0 {
		return Answer{}, ""
	}
	return Answer{Choices: choices}, ""
}

func (d answerDecoder) trueFalse() (Answer, string) {
	var value *bool
	if reason := d.field("value", &value, "true or false"); reason != "" {
		return Answer{}, reason
	}
	return Answer{Value: value}, ""
}

func (d answerDecoder) numeric() (Answer, string) {
	var number, unit string
	if reason := d.field("number", &number, "a string holding a decimal number"); reason != "" {
		return Answer{}, reason
	}
	if reason := d.field("unit", &unit, "a string"); reason != "" {
		return Answer{}, reason
	}
	number, unit = strings.TrimSpace(number), strings.TrimSpace(unit)
	if number == "" {
		if unit != "" {
			return Answer{}, "a unit is given without a number"
		}
		return Answer{}, ""
	}
	value, reason := parseNumber(number)
	if reason != "" {
		return Answer{}, reason
	}
	if unit != "" {
		if len(d.q.Units) == 0 {
			return Answer{}, fmt.Sprintf("this question takes no unit, got %q", unit)
		}
		if !slices.ContainsFunc(d.q.Units, func(u Unit) bool { return u.Unit == unit }) {
			names := make([]string, len(d.q.Units))
			for i, u := range d.q.Units {
				names[i] = u.Unit
			}
			return Answer{}, fmt.Sprintf("unknown unit %q; expected one of %s", unit, quoteAll(names))
		}
	}
	return Answer{Number: &value, Unit: unit}, ""
}

// decimalPattern accepts plain and scientific decimal notation with a point
// or a comma as the decimal separator, and no grouping separators.
var decimalPattern = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// parseNumber reads a learner's number, accepting "42.3" and "42,3" alike.
func parseNumber(s string) (float64, string) {
	if utf8.RuneCountInString(s) > MaxNumberChars {
		return 0, fmt.Sprintf("number is longer than %d characters", MaxNumberChars)
	}
	if !decimalPattern.MatchString(s) {
		return 0, fmt.Sprintf("%q is not a decimal number", s)
	}
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return 0, fmt.Sprintf("%q is out of range", s)
	}
	return v, ""
}

func (d answerDecoder) text(limit int) (Answer, string) {
	var text string
	if reason := d.field("text", &text, "a string"); reason != "" {
		return Answer{}, reason
	}
	if n := utf8.RuneCountInString(text); n > limit {
		return Answer{}, fmt.Sprintf("text has %d characters; at most %d are allowed", n, limit)
	}
	return Answer{Text: text}, ""
}

func (d answerDecoder) matching() (Answer, string) {
	var matches map[string]string
	if reason := d.field("matches", &matches, "an object mapping left ids to right ids"); reason != "" {
		return Answer{}, reason
	}
	rights := make(map[string]string)
	for _, r := range displayRights(d.q) {
		rights[r.publicID] = r.id
	}
	canonical := make(map[string]string, len(matches))
	for _, left := range slices.Sorted(maps.Keys(matches)) {
		if !slices.ContainsFunc(d.q.Pairs, func(p Pair) bool { return p.ID == left }) {
			return Answer{}, fmt.Sprintf("unknown left item %q", left)
		}
		right := matches[left]
		if right == "" {
			continue
		}
		id, ok := rights[right]
		if !ok {
			return Answer{}, fmt.Sprintf("unknown right item %q for left item %q", right, left)
		}
		canonical[left] = id
	}
	if len(canonical) == 0 {
		return Answer{}, ""
	}
	return Answer{Matches: canonical}, ""
}

func (d answerDecoder) ordering() (Answer, string) {
	var order []string
	if reason := d.field("order", &order, "an array of item ids"); reason != "" {
		return Answer{}, reason
	}
	if len(order) == 0 {
		return Answer{}, ""
	}
	items := make(map[string]string)
	for _, it := range displayItems(d.q) {
		items[it.publicID] = it.id
	}
	canonical := make([]string, len(order))
	for i, publicID := range order {
		id, ok := items[publicID]
		if !ok {
			return Answer{}, fmt.Sprintf("unknown item %q", publicID)
		}
		if slices.Contains(order[:i], publicID) {
			return Answer{}, fmt.Sprintf("item %q appears more than once", publicID)
		}
		canonical[i] = id
	}
	if len(order) != len(d.q.Items) {
		return Answer{}, fmt.Sprintf("order must list all %d items, got %d", len(d.q.Items), len(order))
	}
	return Answer{Order: canonical}, ""
}

func (d answerDecoder) cloze() (Answer, string) {
	var gaps map[string]string
	if reason := d.field("gaps", &gaps, "an object mapping gap ids to text"); reason != "" {
		return Answer{}, reason
	}
	filled := make(map[string]string, len(gaps))
	for _, id := range slices.Sorted(maps.Keys(gaps)) {
		i := slices.IndexFunc(d.q.Gaps, func(g Gap) bool { return g.ID == id })
		if i < 0 {
			return Answer{}, fmt.Sprintf("unknown gap %q", id)
		}
		value := gaps[id]
		if value == "" {
			continue
		}
		if n := utf8.RuneCountInString(value); n > MaxGapChars {
			return Answer{}, fmt.Sprintf("gap %q has %d characters; at most %d are allowed", id, n, MaxGapChars)
		}
		if g := d.q.Gaps[i]; len(g.Options) > 0 && !slices.Contains(g.Options, value) {
			return Answer{}, fmt.Sprintf("gap %q: %q is not one of its options", id, value)
		}
		filled[id] = value
	}
	if len(filled) == 0 {
		return Answer{}, ""
	}
	return Answer{Gaps: filled}, ""
}

func quoteAll(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
