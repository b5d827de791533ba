package grading

import "strconv"

// KindAssessment is the only value an assessment's kind may take.
const KindAssessment = "assessment"

// QuestionType names the kind of a question and so which fields it uses.
type QuestionType string

// The question types an assessment may contain.
const (
	SingleChoice     QuestionType = "single_choice"
	MultipleResponse QuestionType = "multiple_response"
	TrueFalse        QuestionType = "true_false"
	Numeric          QuestionType = "numeric"
	ShortAnswer      QuestionType = "short_answer"
	Matching         QuestionType = "matching"
	Ordering         QuestionType = "ordering"
	Cloze            QuestionType = "cloze"
	Essay            QuestionType = "essay"
)

// FeedbackPolicy says when a learner sees the outcome of their answers.
type FeedbackPolicy string

// The feedback policies an assessment may use.
const (
	FeedbackImmediate  FeedbackPolicy = "immediate"
	FeedbackOnSubmit   FeedbackPolicy = "on_submit"
	FeedbackAfterClose FeedbackPolicy = "after_close"
)

// ToleranceMode says how a numeric question's tolerance is measured.
type ToleranceMode string

// The tolerance modes of numeric questions; empty means absolute.
const (
	ToleranceAbsolute ToleranceMode = "absolute"
	ToleranceRelative ToleranceMode = "relative"
)

// Assessment is a quiz as authored in YAML and stored or served as JSON.
type Assessment struct {
	Title              string         `json:"title" yaml:"title"`
	Kind               string         `json:"kind" yaml:"kind"`
	PassMark           float64        `json:"pass_mark" yaml:"pass_mark"`
	AttemptsAllowed    int            `json:"attempts_allowed,omitempty" yaml:"attempts_allowed,omitempty"`
	TimeLimitMinutes   int            `json:"time_limit_minutes,omitempty" yaml:"time_limit_minutes,omitempty"`
	ShuffleQuestions   bool           `json:"shuffle_questions,omitempty" yaml:"shuffle_questions,omitempty"`
	ShuffleOptions     bool           `json:"shuffle_options,omitempty" yaml:"shuffle_options,omitempty"`
	Draw               int            `json:"draw,omitempty" yaml:"draw,omitempty"`
	Feedback           FeedbackPolicy `json:"feedback" yaml:"feedback"`
	ShowCorrectAnswers bool           `json:"show_correct_answers,omitempty" yaml:"show_correct_answers,omitempty"`
	// Groups are questions that share a stem, such as a table several
	// questions ask about: their questions follow one another and are drawn,
	// shuffled and shown as one block, in their authored order.
	Groups    []Group    `json:"groups,omitempty" yaml:"groups,omitempty"`
	Questions []Question `json:"questions" yaml:"questions"`
}

// Group is a block of questions kept together and in order; Stem, in
// Markdown, is shown above its first question.
type Group struct {
	ID   string `json:"id" yaml:"id"`
	Stem string `json:"stem,omitempty" yaml:"stem,omitempty"`
}

// Question is one question of an assessment. Which of the type-specific
// fields apply depends on Type; Validate rejects the others.
type Question struct {
	ID          string       `json:"id" yaml:"id"`
	Type        QuestionType `json:"type" yaml:"type"`
	Prompt      string       `json:"prompt" yaml:"prompt"`
	Points      float64      `json:"points,omitempty" yaml:"points,omitempty"`
	Explanation string       `json:"explanation,omitempty" yaml:"explanation,omitempty"`
	// Group is the id of the group the question belongs to, if any.
	Group string `json:"group,omitempty" yaml:"group,omitempty"`

	// single_choice and multiple_response.
	Options []Option `json:"options,omitempty" yaml:"options,omitempty"`
	// multiple_response: share of the points lost per wrong option chosen; nil means 1/#wrong options.
	Penalty *float64 `json:"penalty,omitempty" yaml:"penalty,omitempty"`

	// true_false.
	Correct *bool `json:"correct,omitempty" yaml:"correct,omitempty"`

	// numeric.
	Answer        *float64      `json:"answer,omitempty" yaml:"answer,omitempty"`
	Tolerance     float64       `json:"tolerance,omitempty" yaml:"tolerance,omitempty"`
	ToleranceMode ToleranceMode `json:"tolerance_mode,omitempty" yaml:"tolerance_mode,omitempty"`
	Units         []Unit        `json:"units,omitempty" yaml:"units,omitempty"`
	UnitRequired  bool          `json:"unit_required,omitempty" yaml:"unit_required,omitempty"`

	// short_answer.
	Answers       []string `json:"answers,omitempty" yaml:"answers,omitempty"`
	Pattern       string   `json:"pattern,omitempty" yaml:"pattern,omitempty"`
	CaseSensitive bool     `json:"case_sensitive,omitempty" yaml:"case_sensitive,omitempty"`

	// matching.
	Pairs       []Pair   `json:"pairs,omitempty" yaml:"pairs,omitempty"`
	Distractors []string `json:"distractors,omitempty" yaml:"distractors,omitempty"`

	// ordering: Items are listed in the correct order.
	Items   []Item `json:"items,omitempty" yaml:"items,omitempty"`
	Partial bool   `json:"partial,omitempty" yaml:"partial,omitempty"`

	// cloze.
	Text string `json:"text,omitempty" yaml:"text,omitempty"`
	Gaps []Gap  `json:"gaps,omitempty" yaml:"gaps,omitempty"`

	// essay.
	Rubric   []Criterion `json:"rubric,omitempty" yaml:"rubric,omitempty"`
	MinWords int         `json:"min_words,omitempty" yaml:"min_words,omitempty"`
	MaxWords int         `json:"max_words,omitempty" yaml:"max_words,omitempty"`

	// DisplaySeed is set by Draw, never authored: Public and DecodeAnswer
	// derive from it the learner-facing ids of ordering items and matching
	// right-hand items, so that ids cannot give the answer away.
	DisplaySeed int64 `json:"display_seed,omitempty" yaml:"display_seed,omitempty"`
	// Stem is set by Draw, never authored: the stem of the question's group,
	// kept with the drawn question so that an attempt shows it as authored then.
	Stem string `json:"stem,omitempty" yaml:"stem,omitempty"`
}

// Option is a choice of a single_choice or multiple_response question.
type Option struct {
	ID       string `json:"id" yaml:"id"`
	Text     string `json:"text" yaml:"text"`
	Correct  bool   `json:"correct,omitempty" yaml:"correct,omitempty"`
	Feedback string `json:"feedback,omitempty" yaml:"feedback,omitempty"`
}

// Unit is a unit a numeric answer may be given in; the value times
// Multiplier is compared with the question's answer.
type Unit struct {
	Unit       string  `json:"unit" yaml:"unit"`
	Multiplier float64 `json:"multiplier" yaml:"multiplier"`
}

// Pair is a left-hand item of a matching question with its right-hand match.
type Pair struct {
	ID    string `json:"id" yaml:"id"`
	Left  string `json:"left" yaml:"left"`
	Right string `json:"right" yaml:"right"`
}

// Item is an element of an ordering question.
type Item struct {
	ID   string `json:"id" yaml:"id"`
	Text string `json:"text" yaml:"text"`
}

// Gap is a blank in a cloze text: either free text with accepted Answers, or
// a choice among Options whose right one is Answer.
type Gap struct {
	ID      string   `json:"id" yaml:"id"`
	Answers []string `json:"answers,omitempty" yaml:"answers,omitempty"`
	Options []string `json:"options,omitempty" yaml:"options,omitempty"`
	Answer  string   `json:"answer,omitempty" yaml:"answer,omitempty"`
}

// Criterion is one line of an essay's marking rubric.
type Criterion struct {
	Criterion string  `json:"criterion" yaml:"criterion"`
	Points    float64 `json:"points" yaml:"points"`
	// Levels describe what earns which points on the criterion, so that
	// learners know what is expected and graders mark alike.
	Levels []Level `json:"levels,omitempty" yaml:"levels,omitempty"`
}

// Level is one level of performance on a rubric criterion.
type Level struct {
	Points      float64 `json:"points" yaml:"points"`
	Description string  `json:"description" yaml:"description"`
}

// MaxScore is the number of points the question is worth: the rubric total
// for an essay with a rubric, otherwise Points, which defaults to 1.
func (q Question) MaxScore() float64 {
	if q.Type == Essay && len(q.Rubric) > 0 {
		return q.rubricTotal()
	}
	if q.Points == 0 {
		return 1
	}
	return q.Points
}

func (q Question) rubricTotal() float64 {
	var total float64
	for _, c := range q.Rubric {
		total += c.Points
	}
	return total
}

// distractorID is the id a matching answer uses for the i-th distractor (0-based).
func distractorID(i int) string {
	return "d" + strconv.Itoa(i+1)
}
