package grading

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

func gradeSingleChoice(q Question, a Answer) mark {
	if a.Choice == "" {
		return mark{}
	}
	m := mark{answered: true, options: chosenFeedback(q, []string{a.Choice})}
	if i := slices.IndexFunc(q.Options, func(o Option) bool { return o.ID == a.Choice }); i >= 0 && q.Options[i].Correct {
		m.share = 1
	}
	return m
}

// gradeMultipleResponse scores a multiple-response answer. With C correct and
// W wrong options, each correct option chosen earns 1/C of the points and each
// wrong option chosen loses penalty × the points, where penalty defaults to
// 1/W, so that choosing every option scores 0. The score never goes below 0.
// With an explicit penalty of 0, wrong choices cost nothing.
func gradeMultipleResponse(q Question, a Answer) mark {
	if len(a.Choices) == 0 {
		return mark{}
	}
	var correct, wrong, chosenCorrect, chosenWrong int
	for _, o := range q.Options {
		chosen := slices.Contains(a.Choices, o.ID)
		switch {
		case o.Correct && chosen:
			correct++
			chosenCorrect++
		case o.Correct:
			correct++
		case chosen:
			wrong++
			chosenWrong++
		default:
			wrong++
		}
	}
	m := mark{answered: true, options: chosenFeedback(q, a.Choices)}
	if correct == 0 {
		return m
	}
	penalty := 0.0
	switch {
	case q.Penalty != nil:
		penalty = *q.Penalty
	case wrong > 0:
		penalty = 1 / float64(wrong)
	}
	m.share = max(0, float64(chosenCorrect)/float64(correct)-float64(chosenWrong)*penalty)
	return m
}

// chosenFeedback returns the authored feedback of the chosen options, in the
// question's option order.
func chosenFeedback(q Question, chosen []string) []OptionFeedback {
	var out []OptionFeedback
	for _, o := range q.Options {
		if o.Feedback != "" && slices.Contains(chosen, o.ID) {
			out = append(out, OptionFeedback{OptionID: o.ID, Text: o.Feedback})
		}
	}
	return out
}

func gradeTrueFalse(q Question, a Answer) mark {
	if a.Value == nil {
		return mark{}
	}
	m := mark{answered: true}
	if q.Correct != nil && *a.Value == *q.Correct {
		m.share = 1
	}
	return m
}

// gradeNumeric accepts a number whose value, times its unit's multiplier,
// lies within the tolerance of the answer, boundaries included. The
// tolerance is absolute, or with tolerance_mode relative a fraction of the
// answer. A number without a unit is taken in the answer's own unit
// (multiplier 1) unless unit_required.
func gradeNumeric(q Question, a Answer) mark {
	if a.Number == nil {
		return mark{}
	}
	m := mark{answered: true}
	multiplier := 1.0
	if a.Unit != "" {
		i := slices.IndexFunc(q.Units, func(u Unit) bool { return u.Unit == a.Unit })
		if i < 0 {
			m.notes = append(m.notes, fmt.Sprintf("The unit %q is not accepted here.", a.Unit))
			return m
		}
		multiplier = q.Units[i].Multiplier
	} else if q.UnitRequired {
		m.notes = append(m.notes, "A unit is required.")
		return m
	}
	if q.Answer != nil && withinTolerance(*a.Number*multiplier, *q.Answer, q.allowedDeviation()) {
		m.share = 1
	}
	return m
}

// allowedDeviation is how far from the answer a numeric response may be.
func (q Question) allowedDeviation() float64 {
	if q.ToleranceMode == ToleranceRelative && q.Answer != nil {
		return q.Tolerance * math.Abs(*q.Answer)
	}
	return q.Tolerance
}

// withinTolerance compares inclusively, with a slack of a billionth of the
// magnitudes compared: binary floating point cannot hold 0.1 or 42.3
// exactly, and a learner answering on the boundary, or in another unit,
// must not lose the mark to a rounding error.
func withinTolerance(value, answer, deviation float64) bool {
	slack := 1e-9 * max(math.Abs(value), math.Abs(answer))
	return math.Abs(value-answer) <= deviation+slack
}

func gradeShortAnswer(q Question, a Answer) mark {
	if isBlank(a.Text) {
		return mark{}
	}
	m := mark{answered: true}
	if textMatches(a.Text, q.Answers, q.CaseSensitive) {
		m.share = 1
		return m
	}
	if q.Pattern != "" {
		// Validate rejects patterns that do not compile; such a pattern accepts nothing.
		if re, err := compilePattern(q.Pattern, q.CaseSensitive); err == nil && re.MatchString(normalizeText(a.Text)) {
			m.share = 1
		}
	}
	return m
}

// gradeMatching gives each correctly matched pair an equal share of the points.
func gradeMatching(q Question, a Answer) mark {
	if len(a.Matches) == 0 {
		return mark{}
	}
	right := 0
	for _, p := range q.Pairs {
		if a.Matches[p.ID] == p.ID {
			right++
		}
	}
	return mark{answered: true, share: fraction(right, len(q.Pairs))}
}

// gradeOrdering gives full marks for the authored order only, or with
// partial the share of items in their correct position.
func gradeOrdering(q Question, a Answer) mark {
	if len(a.Order) == 0 {
		return mark{}
	}
	inPlace := 0
	for i, it := range q.Items {
		if i < len(a.Order) && a.Order[i] == it.ID {
			inPlace++
		}
	}
	m := mark{answered: true}
	switch {
	case inPlace == len(q.Items) && len(a.Order) == len(q.Items):
		m.share = 1
	case q.Partial:
		m.share = fraction(inPlace, len(q.Items))
	}
	return m
}

// gradeCloze gives each correctly filled gap an equal share of the points.
// Free-text gaps compare like short answers, ignoring case; choice gaps must
// be the right option.
func gradeCloze(q Question, a Answer) mark {
	if len(a.Gaps) == 0 {
		return mark{}
	}
	right := 0
	for _, g := range q.Gaps {
		given, ok := a.Gaps[g.ID]
		switch {
		case !ok:
		case len(g.Options) > 0:
			if given == g.Answer {
				right++
			}
		case textMatches(given, g.Answers, false):
			right++
		}
	}
	return mark{answered: true, share: fraction(right, len(q.Gaps))}
}

// reviewEssay leaves the score to staff, noting a word count outside the
// authored limits for them and the learner.
func reviewEssay(q Question, a Answer) mark {
	if isBlank(a.Text) {
		return mark{}
	}
	m := mark{answered: true}
	words := len(strings.Fields(a.Text))
	if q.MinWords > 0 && words < q.MinWords {
		m.notes = append(m.notes, fmt.Sprintf("The answer has %d words; at least %d were asked for.", words, q.MinWords))
	}
	if q.MaxWords > 0 && words > q.MaxWords {
		m.notes = append(m.notes, fmt.Sprintf("The answer has %d words; at most %d were asked for.", words, q.MaxWords))
	}
	return m
}

func fraction(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// solution states the correct answer of q for display.
func solution(q Question) Solution {
	var s Solution
	switch q.Type {
	case SingleChoice, MultipleResponse:
		for _, o := range q.Options {
			if o.Correct {
				s.Lines = append(s.Lines, o.Text)
				s.OptionIDs = append(s.OptionIDs, o.ID)
			}
		}
	case TrueFalse:
		switch {
		case q.Correct == nil:
		case *q.Correct:
			s.Lines = []string{"True"}
		default:
			s.Lines = []string{"False"}
		}
	case Numeric:
		if q.Answer != nil {
			s.Lines = []string{numericSolution(q)}
		}
	case ShortAnswer:
		s.Lines = slices.Clone(q.Answers)
		if len(s.Lines) == 0 {
			s.Lines = []string{"Any answer matching " + q.Pattern}
		}
	case Matching:
		for _, p := range q.Pairs {
			s.Lines = append(s.Lines, p.Left+" → "+p.Right)
		}
	case Ordering:
		for _, it := range q.Items {
			s.Lines = append(s.Lines, it.Text)
		}
	case Cloze:
		s.Lines = []string{filledCloze(q)}
	case Essay:
		for _, c := range q.Rubric {
			s.Lines = append(s.Lines, fmt.Sprintf("%s (%s points)", c.Criterion, formatNumber(c.Points)))
		}
	}
	return s
}

// numericSolution reads like "42 ms (± 0.5)" or "42 (± 1%)"; the unit shown
// is the one whose multiplier is 1, if any.
func numericSolution(q Question) string {
	line := formatNumber(*q.Answer)
	if i := slices.IndexFunc(q.Units, func(u Unit) bool { return u.Multiplier == 1 }); i >= 0 {
		line += " " + q.Units[i].Unit
	}
	switch {
	case q.Tolerance == 0:
	case q.ToleranceMode == ToleranceRelative:
		line += " (± " + formatNumber(q.Tolerance*100) + "%)"
	default:
		line += " (± " + formatNumber(q.Tolerance) + ")"
	}
	return line
}

// filledCloze returns the cloze text with every gap filled by its first
// accepted answer or its right option.
func filledCloze(q Question) string {
	return placeholderPattern.ReplaceAllStringFunc(q.Text, func(marker string) string {
		id := placeholderPattern.FindStringSubmatch(marker)[1]
		i := slices.IndexFunc(q.Gaps, func(g Gap) bool { return g.ID == id })
		switch {
		case i < 0:
			return marker
		case len(q.Gaps[i].Answers) > 0:
			return q.Gaps[i].Answers[0]
		default:
			return q.Gaps[i].Answer
		}
	})
}

// formatNumber prints f with at most 12 significant digits, so that a
// product such as 0.07 × 100 shows as 7, not 7.000000000000001.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'g', 12, 64)
}
