package grading

// Status says whether a question's score is final.
type Status string

// The statuses of a graded question.
const (
	StatusGraded      Status = "graded"
	StatusNeedsReview Status = "needs_review"
)

// Result is the outcome of grading one answer. Solution is kept apart from
// Feedback so that the caller can withhold it under the feedback policy.
type Result struct {
	QuestionID string   `json:"question_id"`
	Score      float64  `json:"score"`
	MaxScore   float64  `json:"max_score"`
	Status     Status   `json:"status"`
	Correct    bool     `json:"correct"`
	Feedback   Feedback `json:"feedback"`
	Solution   Solution `json:"solution"`
}

// Feedback is what a learner is told about their answer.
type Feedback struct {
	// Message is the verdict: "Correct", "Partly correct", "Incorrect",
	// "Not answered" or "Awaiting review".
	Message string `json:"message"`
	// Options holds the authored feedback of each chosen option that has one.
	Options []OptionFeedback `json:"options,omitempty"`
	// Notes are the grader's remarks, such as a missing unit.
	Notes []string `json:"notes,omitempty"`
	// Explanation is the question's general explanation.
	Explanation string `json:"explanation,omitempty"`
}

// OptionFeedback is the authored feedback of one chosen option.
type OptionFeedback struct {
	OptionID string `json:"option_id"`
	Text     string `json:"text"`
}

// Solution is the correct answer in a form fit to show a learner.
type Solution struct {
	// Lines states the correct answer, one readable line per part.
	Lines []string `json:"lines"`
	// OptionIDs are the correct options of a choice question, for highlighting.
	OptionIDs []string `json:"option_ids,omitempty"`
}

// The verdicts of Feedback.Message.
const (
	messageCorrect     = "Correct"
	messagePartial     = "Partly correct"
	messageIncorrect   = "Incorrect"
	messageUnanswered  = "Not answered"
	messageNeedsReview = "Awaiting review"
)

// mark is a type grader's verdict: the share of the points earned, whether
// anything was answered, and what to tell the learner beyond the verdict.
type mark struct {
	share    float64
	answered bool
	options  []OptionFeedback
	notes    []string
}

// Grade scores answer a to question q. An answer that decodes to the zero
// Answer scores 0 as not answered. Essays are left to staff: an answered
// essay scores 0 with status needs_review and the rubric total as MaxScore.
func Grade(q Question, a Answer) Result {
	r := Result{
		QuestionID: q.ID,
		MaxScore:   q.MaxScore(),
		Status:     StatusGraded,
		Feedback:   Feedback{Explanation: q.Explanation},
		Solution:   solution(q),
	}
	var m mark
	switch q.Type {
	case SingleChoice:
		m = gradeSingleChoice(q, a)
	case MultipleResponse:
		m = gradeMultipleResponse(q, a)
	case TrueFalse:
		m = gradeTrueFalse(q, a)
	case Numeric:
		m = gradeNumeric(q, a)
	case ShortAnswer:
		m = gradeShortAnswer(q, a)
	case Matching:
		m = gradeMatching(q, a)
	case Ordering:
		m = gradeOrdering(q, a)
	case Cloze:
		m = gradeCloze(q, a)
	case Essay:
		m = reviewEssay(q, a)
		if m.answered {
			r.Status = StatusNeedsReview
		}
	}
	r.Score = m.share * r.MaxScore
	r.Correct = r.Status == StatusGraded && m.answered && m.share == 1
	r.Feedback.Options = m.options
	r.Feedback.Notes = m.notes
	switch {
	case r.Status == StatusNeedsReview:
		r.Feedback.Message = messageNeedsReview
	case !m.answered:
		r.Feedback.Message = messageUnanswered
	case r.Correct:
		r.Feedback.Message = messageCorrect
	case m.share > 0:
		r.Feedback.Message = messagePartial
	default:
		r.Feedback.Message = messageIncorrect
	}
	return r
}

// AttemptResult is the outcome of grading a whole attempt.
type AttemptResult struct {
	Score    float64 `json:"score"`
	MaxScore float64 `json:"max_score"`
	// Percent is 100 × Score / MaxScore, or 0 when MaxScore is 0.
	Percent float64 `json:"percent"`
	// NeedsReview is true while any question awaits staff; Score is then provisional.
	NeedsReview bool `json:"needs_review"`
	// Results has one entry per question, in the order given.
	Results []Result `json:"results"`
}

// GradeAttempt grades every question of an attempt with the answer under its
// id; questions without an answer score 0, answers to other ids are ignored.
func GradeAttempt(questions []Question, answers map[string]Answer) AttemptResult {
	ar := AttemptResult{Results: make([]Result, 0, len(questions))}
	for _, q := range questions {
		r := Grade(q, answers[q.ID])
		ar.Score += r.Score
		ar.MaxScore += r.MaxScore
		if r.Status == StatusNeedsReview {
			ar.NeedsReview = true
		}
		ar.Results = append(ar.Results, r)
	}
	if ar.MaxScore > 0 {
		ar.Percent = 100 * ar.Score / ar.MaxScore
	}
	return ar
}

// Passed reports whether the attempt reaches passMark percent, allowing for
// floating-point rounding in the sum of partial scores.
func (ar AttemptResult) Passed(passMark float64) bool {
	return ar.Percent >= passMark-1e-9
}
