package grading

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
)

// FieldError is one problem with an authored assessment, located by a path
// such as "questions[2].options".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// idPattern is the shape of every authored id: question, option, pair, item and gap ids.
var idPattern = regexp.MustCompile(`^[a-z0-9-]+$`)

// placeholderPattern finds the {{gap}} markers of a cloze text.
var placeholderPattern = regexp.MustCompile(`\{\{(.*?)\}\}`)

// problems collects field errors under a path prefix.
type problems struct {
	list []FieldError
}

func (p *problems) add(field, format string, args ...any) {
	p.list = append(p.list, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Validate reports every problem with the assessment; it returns nil when the
// assessment can be served and graded as authored.
func (a Assessment) Validate() []FieldError {
	var p problems
	if isBlank(a.Title) {
		p.add("title", "is required")
	}
	if a.Kind != KindAssessment {
		p.add("kind", "must be %q", KindAssessment)
	}
	if !(a.PassMark >= 0 && a.PassMark <= 100) {
		p.add("pass_mark", "must be a percentage between 0 and 100")
	}
	if a.AttemptsAllowed < 0 {
		p.add("attempts_allowed", "must not be negative (0 means unlimited)")
	}
	if a.TimeLimitMinutes < 0 {
		p.add("time_limit_minutes", "must not be negative (0 means no limit)")
	}
	switch a.Feedback {
	case FeedbackImmediate, FeedbackOnSubmit, FeedbackAfterClose:
	default:
		p.add("feedback", "must be one of %s, %s, %s", FeedbackImmediate, FeedbackOnSubmit, FeedbackAfterClose)
	}
	if len(a.Questions) == 0 {
		p.add("questions", "at least one question is required")
	}
	if len(a.Groups) == 0 {
		if a.Draw < 0 || a.Draw > len(a.Questions) {
			p.add("draw", "must be between 0 (all) and %d, the number of questions", len(a.Questions))
		}
	} else if blocks := len(questionBlocks(a.Questions)); a.Draw < 0 || a.Draw > blocks {
		p.add("draw", "must be between 0 (all) and %d, the number of questions with each group counted as one", blocks)
	}
	seen := make(map[string]int, len(a.Questions))
	for i, q := range a.Questions {
		at := fmt.Sprintf("questions[%d]", i)
		q.validate(&p, at)
		if j, dup := seen[q.ID]; dup && q.ID != "" {
			p.add(at+".id", "duplicates questions[%d].id %q", j, q.ID)
		} else {
			seen[q.ID] = i
		}
	}
	a.validateGroups(&p)
	return p.list
}

// validateGroups checks that groups have ids and questions, and that the
// questions of each group follow one another: Draw keeps such a run
// together, and a group split by other questions would not be one block.
func (a Assessment) validateGroups(p *problems) {
	defined := make(map[string]int, len(a.Groups))
	for i, g := range a.Groups {
		gat := fmt.Sprintf("groups[%d]", i)
		checkID(p, gat+".id", g.ID)
		checkUnique(p, defined, gat+".id", "groups[%d].id", g.ID, i)
	}
	last := make(map[string]int, len(a.Groups))
	for i, q := range a.Questions {
		if q.Stem != "" {
			p.add(fmt.Sprintf("questions[%d].stem", i), "is not authored on a question: write it as the stem of its group")
		}
		if q.Group == "" {
			continue
		}
		at := fmt.Sprintf("questions[%d].group", i)
		if !hasKey(defined, q.Group) {
			p.add(at, "refers to undefined group %q", q.Group)
			continue
		}
		if j, ok := last[q.Group]; ok && j != i-1 {
			p.add(at, "must come right after questions[%d], the previous question of group %q: a group's questions follow one another", j, q.Group)
		}
		last[q.Group] = i
	}
	for i, g := range a.Groups {
		if _, used := last[g.ID]; g.ID != "" && !used {
			p.add(fmt.Sprintf("groups[%d].id", i), "no question belongs to group %q", g.ID)
		}
	}
}

func (q Question) validate(p *problems, at string) {
	checkID(p, at+".id", q.ID)
	if isBlank(q.Prompt) {
		p.add(at+".prompt", "is required")
	}
	if !isFinite(q.Points) || q.Points < 0 {
		p.add(at+".points", "must be greater than 0 (or left out for 1)")
	}
	switch q.Type {
	case SingleChoice, MultipleResponse:
		q.validateChoice(p, at)
	case TrueFalse:
		if q.Correct == nil {
			p.add(at+".correct", "is required: true or false")
		}
	case Numeric:
		q.validateNumeric(p, at)
	case ShortAnswer:
		q.validateShortAnswer(p, at)
	case Matching:
		q.validateMatching(p, at)
	case Ordering:
		q.validateOrdering(p, at)
	case Cloze:
		q.validateCloze(p, at)
	case Essay:
		q.validateEssay(p, at)
	default:
		p.add(at+".type", "unknown type %q", q.Type)
		return
	}
	for _, f := range typeSpecificFields {
		if f.set(q) && !slices.Contains(f.types, q.Type) {
			p.add(at+"."+f.name, "is not used by %s questions", q.Type)
		}
	}
}

// typeSpecificFields lists the fields that only some question types use, so
// that a field authored for the wrong type is reported instead of ignored.
var typeSpecificFields = []struct {
	name  string
	set   func(Question) bool
	types []QuestionType
}{
	{"options", func(q Question) bool { return len(q.Options) > 0 }, []QuestionType{SingleChoice, MultipleResponse}},
	{"penalty", func(q Question) bool { return q.Penalty != nil }, []QuestionType{MultipleResponse}},
	{"correct", func(q Question) bool { return q.Correct != nil }, []QuestionType{TrueFalse}},
	{"answer", func(q Question) bool { return q.Answer != nil }, []QuestionType{Numeric}},
	{"tolerance", func(q Question) bool { return q.Tolerance != 0 }, []QuestionType{Numeric}},
	{"tolerance_mode", func(q Question) bool { return q.ToleranceMode != "" }, []QuestionType{Numeric}},
	{"units", func(q Question) bool { return len(q.Units) > 0 }, []QuestionType{Numeric}},
	{"unit_required", func(q Question) bool { return q.UnitRequired }, []QuestionType{Numeric}},
	{"answers", func(q Question) bool { return len(q.Answers) > 0 }, []QuestionType{ShortAnswer}},
	{"pattern", func(q Question) bool { return q.Pattern != "" }, []QuestionType{ShortAnswer}},
	{"case_sensitive", func(q Question) bool { return q.CaseSensitive }, []QuestionType{ShortAnswer}},
	{"pairs", func(q Question) bool { return len(q.Pairs) > 0 }, []QuestionType{Matching}},
	{"distractors", func(q Question) bool { return len(q.Distractors) > 0 }, []QuestionType{Matching}},
	{"items", func(q Question) bool { return len(q.Items) > 0 }, []QuestionType{Ordering}},
	{"partial", func(q Question) bool { return q.Partial }, []QuestionType{Ordering}},
	{"text", func(q Question) bool { return q.Text != "" }, []QuestionType{Cloze}},
	{"gaps", func(q Question) bool { return len(q.Gaps) > 0 }, []QuestionType{Cloze}},
	{"rubric", func(q Question) bool { return len(q.Rubric) > 0 }, []QuestionType{Essay}},
	{"min_words", func(q Question) bool { return q.MinWords != 0 }, []QuestionType{Essay}},
	{"max_words", func(q Question) bool { return q.MaxWords != 0 }, []QuestionType{Essay}},
}

func (q Question) validateChoice(p *problems, at string) {
	if len(q.Options) < 2 {
		p.add(at+".options", "at least two options are required")
	}
	ids := make(map[string]int, len(q.Options))
	correct := 0
	for i, o := range q.Options {
		oat := fmt.Sprintf("%s.options[%d]", at, i)
		checkID(p, oat+".id", o.ID)
		checkUnique(p, ids, oat+".id", fmt.Sprintf("%s.options[%%d].id", at), o.ID, i)
		if isBlank(o.Text) {
			p.add(oat+".text", "is required")
		}
		if o.Correct {
			correct++
		}
	}
	switch {
	case q.Type == SingleChoice && correct != 1:
		p.add(at+".options", "exactly one option must be correct, found %d", correct)
	case q.Type == MultipleResponse && correct == 0:
		p.add(at+".options", "at least one option must be correct")
	}
	if q.Penalty != nil && !(*q.Penalty >= 0 && *q.Penalty <= 1) {
		p.add(at+".penalty", "must be between 0 and 1")
	}
}

func (q Question) validateNumeric(p *problems, at string) {
	if q.Answer == nil {
		p.add(at+".answer", "is required")
	} else if !isFinite(*q.Answer) {
		p.add(at+".answer", "must be a finite number")
	}
	if !isFinite(q.Tolerance) || q.Tolerance < 0 {
		p.add(at+".tolerance", "must not be negative")
	}
	switch q.ToleranceMode {
	case "", ToleranceAbsolute, ToleranceRelative:
	default:
		p.add(at+".tolerance_mode", "must be %s or %s", ToleranceAbsolute, ToleranceRelative)
	}
	names := make(map[string]int, len(q.Units))
	for i, u := range q.Units {
		uat := fmt.Sprintf("%s.units[%d]", at, i)
		if isBlank(u.Unit) || strings.TrimSpace(u.Unit) != u.Unit {
			p.add(uat+".unit", "is required and must not have surrounding spaces")
		}
		checkUnique(p, names, uat+".unit", fmt.Sprintf("%s.units[%%d].unit", at), u.Unit, i)
		if !isFinite(u.Multiplier) || u.Multiplier <= 0 {
			p.add(uat+".multiplier", "must be greater than 0")
		}
	}
	if q.UnitRequired && len(q.Units) == 0 {
		p.add(at+".unit_required", "needs units to choose from")
	}
}

func (q Question) validateShortAnswer(p *problems, at string) {
	if len(q.Answers) == 0 && q.Pattern == "" {
		p.add(at+".answers", "at least one accepted answer or a pattern is required")
	}
	for i, ans := range q.Answers {
		if isBlank(ans) {
			p.add(fmt.Sprintf("%s.answers[%d]", at, i), "must not be blank")
		}
	}
	if q.Pattern != "" {
		if _, err := compilePattern(q.Pattern, q.CaseSensitive); err != nil {
			p.add(at+".pattern", "is not a valid regular expression: %v", err)
		}
	}
}

func (q Question) validateMatching(p *problems, at string) {
	if len(q.Pairs) < 2 {
		p.add(at+".pairs", "at least two pairs are required")
	}
	ids := make(map[string]int, len(q.Pairs))
	rights := make(map[string]int, len(q.Pairs))
	for i, pair := range q.Pairs {
		pat := fmt.Sprintf("%s.pairs[%d]", at, i)
		checkID(p, pat+".id", pair.ID)
		checkUnique(p, ids, pat+".id", fmt.Sprintf("%s.pairs[%%d].id", at), pair.ID, i)
		if isBlank(pair.Left) {
			p.add(pat+".left", "is required")
		}
		if isBlank(pair.Right) {
			p.add(pat+".right", "is required")
		}
		// Two equal right-hand texts could not be told apart by a learner.
		checkUnique(p, rights, pat+".right", fmt.Sprintf("%s.pairs[%%d].right", at), pair.Right, i)
	}
	for i, d := range q.Distractors {
		dat := fmt.Sprintf("%s.distractors[%d]", at, i)
		if isBlank(d) {
			p.add(dat, "must not be blank")
		}
		if j, dup := rights[d]; dup && d != "" {
			p.add(dat, "duplicates pairs[%d].right", j)
		}
		if _, clash := ids[distractorID(i)]; clash {
			p.add(dat, "its answer id %q is already a pair id; rename that pair", distractorID(i))
		}
	}
}

func (q Question) validateOrdering(p *problems, at string) {
	if len(q.Items) < 2 {
		p.add(at+".items", "at least two items are required")
	}
	ids := make(map[string]int, len(q.Items))
	for i, it := range q.Items {
		iat := fmt.Sprintf("%s.items[%d]", at, i)
		checkID(p, iat+".id", it.ID)
		checkUnique(p, ids, iat+".id", fmt.Sprintf("%s.items[%%d].id", at), it.ID, i)
		if isBlank(it.Text) {
			p.add(iat+".text", "is required")
		}
	}
}

func (q Question) validateCloze(p *problems, at string) {
	if isBlank(q.Text) {
		p.add(at+".text", "is required")
	}
	if len(q.Gaps) == 0 {
		p.add(at+".gaps", "at least one gap is required")
	}
	defined := make(map[string]int, len(q.Gaps))
	for i, g := range q.Gaps {
		gat := fmt.Sprintf("%s.gaps[%d]", at, i)
		checkID(p, gat+".id", g.ID)
		checkUnique(p, defined, gat+".id", fmt.Sprintf("%s.gaps[%%d].id", at), g.ID, i)
		validateGap(p, gat, g)
	}
	used := make(map[string]bool, len(q.Gaps))
	for _, m := range placeholderPattern.FindAllStringSubmatch(q.Text, -1) {
		id := m[1]
		switch {
		case used[id]:
			p.add(at+".text", "gap %q appears more than once", id)
		case !hasKey(defined, id):
			p.add(at+".text", "refers to undefined gap %q", id)
		}
		used[id] = true
	}
	for i, g := range q.Gaps {
		if g.ID != "" && !used[g.ID] {
			p.add(fmt.Sprintf("%s.gaps[%d].id", at, i), "does not appear in text as {{%s}}", g.ID)
		}
	}
}

func validateGap(p *problems, at string, g Gap) {
	freeText := len(g.Answers) > 0
	choice := len(g.Options) > 0 || g.Answer != ""
	switch {
	case freeText && choice:
		p.add(at, "use either answers (free text) or options with answer (choice), not both")
	case !freeText && !choice:
		p.add(at, "needs answers (free text) or options with answer (choice)")
	case freeText:
		for i, ans := range g.Answers {
			if isBlank(ans) {
				p.add(fmt.Sprintf("%s.answers[%d]", at, i), "must not be blank")
			}
		}
	default:
		if len(g.Options) < 2 {
			p.add(at+".options", "at least two options are required")
		}
		seen := make(map[string]int, len(g.Options))
		for i, o := range g.Options {
			oat := fmt.Sprintf("%s.options[%d]", at, i)
			if isBlank(o) {
				p.add(oat, "must not be blank")
			}
			checkUnique(p, seen, oat, at+".options[%d]", o, i)
		}
		if !hasKey(seen, g.Answer) {
			p.add(at+".answer", "must be one of the gap's options")
		}
	}
}

func (q Question) validateEssay(p *problems, at string) {
	for i, c := range q.Rubric {
		cat := fmt.Sprintf("%s.rubric[%d]", at, i)
		if isBlank(c.Criterion) {
			p.add(cat+".criterion", "is required")
		}
		if !isFinite(c.Points) || c.Points <= 0 {
			p.add(cat+".points", "must be greater than 0")
		}
		validateLevels(p, cat, c)
	}
	if len(q.Rubric) > 0 && q.Points != 0 && q.Points != q.rubricTotal() {
		p.add(at+".points", "must equal the rubric total %g, or be left out", q.rubricTotal())
	}
	if q.MinWords < 0 {
		p.add(at+".min_words", "must not be negative")
	}
	if q.MaxWords < 0 {
		p.add(at+".max_words", "must not be negative")
	}
	if q.MaxWords > 0 && q.MinWords > q.MaxWords {
		p.add(at+".min_words", "must not exceed max_words (%d)", q.MaxWords)
	}
}

// validateLevels checks a criterion's levels: each is described and worth
// from 0 to the criterion's points, and no two are worth the same.
func validateLevels(p *problems, at string, c Criterion) {
	seen := make(map[float64]int, len(c.Levels))
	for i, l := range c.Levels {
		lat := fmt.Sprintf("%s.levels[%d]", at, i)
		if isBlank(l.Description) {
			p.add(lat+".description", "is required")
		}
		if !isFinite(l.Points) || l.Points < 0 || l.Points > c.Points {
			p.add(lat+".points", "must be from 0 to the criterion's %g points", c.Points)
			continue
		}
		if j, dup := seen[l.Points]; dup {
			p.add(lat+".points", "duplicates %s.levels[%d].points", at, j)
			continue
		}
		seen[l.Points] = i
	}
}

func checkID(p *problems, field, id string) {
	switch {
	case id == "":
		p.add(field, "is required")
	case !idPattern.MatchString(id):
		p.add(field, "must contain only a-z, 0-9 and -")
	}
}

// checkUnique records value at index i in seen and reports it when an earlier
// index already had it; firstField formats the earlier index into a path.
func checkUnique(p *problems, seen map[string]int, field, firstField, value string, i int) {
	if value == "" {
		return
	}
	if j, dup := seen[value]; dup {
		p.add(field, "duplicates "+firstField, j)
		return
	}
	seen[value] = i
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
