package learning

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Problem codes of refused attempt operations.
const (
	CodeAttemptsExhausted  = "attempts-exhausted"
	CodeAssessmentNotOpen  = "assessment-not-open"
	CodeAssessmentClosed   = "assessment-closed"
	CodeCohortNotStarted   = "cohort-not-started"
	CodeTimeOver           = "time-over"
	CodeAttemptSubmitted   = "attempt-submitted"
	CodeNotGraded          = "attempt-not-graded"
	CodeReviewAlreadyAsked = "review-already-requested"
	CodeNotAnAssessment    = "not-an-assessment"
	CodeInvalidAnswer      = "invalid-answer"
	CodeQuestionLocked     = "question-locked"
	CodeNotImmediate       = "feedback-not-immediate"
	CodeNotAnswered        = "question-not-answered"
)

// Limits on what learners and staff write.
const (
	maxMessageLength        = 2000
	maxIdempotencyKeyLength = 200
)

// AttemptView is an attempt as its learner, or staff, see it.
type AttemptView struct {
	ID          string     `json:"id"`
	LearnerID   string     `json:"learner_id"`
	CourseID    string     `json:"course_id"`
	Item        string     `json:"item"`
	Title       string     `json:"title"`
	Number      int        `json:"number"`
	Status      string     `json:"status"`
	StartedAt   time.Time  `json:"started_at"`
	Deadline    *time.Time `json:"deadline,omitempty"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	GradedAt    *time.Time `json:"graded_at,omitempty"`
	// QueuePosition counts the submissions waiting to be graded ahead of this one.
	QueuePosition *int64  `json:"queue_position,omitempty"`
	PassMark      float64 `json:"pass_mark"`
	// Score is set once graded; while the status is needs_review it counts
	// only what is graded so far and carries no verdict.
	Score *ScoreView `json:"score,omitempty"`
	// FeedbackAvailable says whether per-question results are shown, per the assessment's feedback policy.
	FeedbackAvailable bool                   `json:"feedback_available"`
	Feedback          grading.FeedbackPolicy `json:"feedback_policy"`
	Questions         []QuestionView         `json:"questions"`
	ReviewRequest     *ReviewRequest         `json:"review_request,omitempty"`
}

// ScoreView is an attempt's total. Until a teacher has graded every answer
// waiting for one, Final is false, Passed is left out and AwaitingPoints
// says how many of MaxScore are still to be graded: a score without those
// points would read as a failing grade it is not.
type ScoreView struct {
	Score          float64 `json:"score"`
	MaxScore       float64 `json:"max_score"`
	Percent        float64 `json:"percent"`
	Final          bool    `json:"final"`
	Passed         *bool   `json:"passed,omitempty"`
	AwaitingPoints float64 `json:"awaiting_points,omitempty"`
}

func scoreView(r grading.AttemptResult, passMark float64) *ScoreView {
	v := &ScoreView{Score: r.Score, MaxScore: r.MaxScore, Percent: r.Percent, Final: !r.NeedsReview}
	if v.Final {
		passed := r.Passed(passMark)
		v.Passed = &passed
	}
	for _, q := range r.Results {
		if q.Status == grading.StatusNeedsReview {
			v.AwaitingPoints += q.MaxScore
		}
	}
	return v
}

// QuestionView is a drawn question with the learner's saved answer and, when
// the feedback policy allows, its result. Locked says the learner checked
// the question under immediate feedback: its answer can no longer change.
type QuestionView struct {
	Question grading.PublicQuestion `json:"question"`
	Answer   json.RawMessage        `json:"answer,omitempty"`
	Locked   bool                   `json:"locked,omitempty"`
	Result   *QuestionResult        `json:"result,omitempty"`
}

// QuestionResult is the outcome of one question; Solution only when the
// assessment shows correct answers.
type QuestionResult struct {
	Score    float64           `json:"score"`
	MaxScore float64           `json:"max_score"`
	Status   grading.Status    `json:"status"`
	Correct  bool              `json:"correct"`
	Feedback grading.Feedback  `json:"feedback"`
	Solution *grading.Solution `json:"solution,omitempty"`
}

func questionResult(r grading.Result, withSolution bool) *QuestionResult {
	out := &QuestionResult{Score: r.Score, MaxScore: r.MaxScore, Status: r.Status, Correct: r.Correct, Feedback: r.Feedback}
	if withSolution {
		sol := r.Solution
		out.Solution = &sol
	}
	return out
}

// StartAttempt starts an attempt at an assessment of p's course version: its
// questions are drawn and fixed now, and its deadline set. An attempt in
// progress is returned instead (created is false); one whose deadline passed
// is submitted first.
func (s *Service) StartAttempt(ctx context.Context, p auth.Principal, slug, ref string) (AttemptView, bool, error) {
	e, err := s.enrolment(ctx, p, slug, false)
	if err != nil {
		return AttemptView{}, false, err
	}
	v, err := s.version(ctx, e.CourseID, e.Version)
	if err != nil {
		return AttemptView{}, false, err
	}
	it, err := findItem(v.Tree, ref)
	if err != nil {
		return AttemptView{}, false, err
	}
	if it.Item.Assessment == nil {
		return AttemptView{}, false, apperr.Conflictf(CodeNotAnAssessment, "%s is a lesson, not an assessment", it.Ref)
	}
	asm := *it.Item.Assessment
	sc, err := s.store.Schedule(ctx, e.CourseID, it.Ref)
	if err != nil {
		return AttemptView{}, false, err
	}
	now := s.clock()
	if err := checkOpen(now, e.Cohort, sc); err != nil {
		return AttemptView{}, false, err
	}
	for range maxWriteTries {
		latest, found, err := s.store.LatestAttempt(ctx, e.ID, it.Ref)
		if err != nil {
			return AttemptView{}, false, err
		}
		number := 1
		if found {
			if latest.Status == AttemptInProgress {
				if latest.Deadline == nil || now.Before(*latest.Deadline) {
					a, err := s.store.Attempt(ctx, latest.ID)
					if err != nil {
						return AttemptView{}, false, err
					}
					view, err := s.attemptView(ctx, a, false)
					return view, false, err
				}
				if _, err := s.submitExpired(ctx, latest, now); err != nil {
					return AttemptView{}, false, err
				}
			}
			number = latest.Number + 1
		}
		if asm.AttemptsAllowed > 0 && number > asm.AttemptsAllowed {
			return AttemptView{}, false, apperr.Conflictf(CodeAttemptsExhausted, "all %d attempts allowed at %q are used", asm.AttemptsAllowed, asm.Title)
		}
		seed := rand.Int64()
		a := Attempt{
			ID: AttemptID(e.ID, it.Ref, number), EnrolmentID: e.ID, UserID: e.UserID, CourseID: e.CourseID, InstitutionID: e.InstitutionID,
			Item: it.Ref, Number: number, Seed: seed, Questions: grading.Draw(asm, seed),
			Settings:  AttemptSettings{Title: it.Item.Title, PassMark: asm.PassMark, Feedback: asm.Feedback, ShowCorrectAnswers: asm.ShowCorrectAnswers},
			Status:    AttemptInProgress,
			StartedAt: now,
			Answers:   map[string]string{},
		}
		a.Deadline, a.DeadlineReason = deadline(now, asm.TimeLimitMinutes, e.Cohort, sc)
		err = s.store.InsertAttempt(ctx, a)
		if errors.Is(err, errNumberTaken) {
			continue
		}
		if err != nil {
			return AttemptView{}, false, err
		}
		// The attempt stands without it: a dashboard missing it shows the step before.
		if err := s.store.SetLastActivity(ctx, e.ID, Activity{Ref: it.Ref, Kind: catalog.ItemAssessment, AttemptID: a.ID, At: now}); err != nil {
			s.log.Warn("record the attempt as the latest activity", "attempt", a.ID, "err", err)
		}
		view, err := s.attemptView(ctx, a, false)
		return view, true, err
	}
	return AttemptView{}, false, apperr.Conflictf("attempt-conflict", "attempts were started at the same time; try again")
}

// checkOpen refuses an attempt outside the cohort's dates or the assessment's schedule.
func checkOpen(now time.Time, cohort *CohortRef, sc Schedule) error {
	if cohort != nil && now.Before(cohort.StartsAt) {
		return apperr.Conflictf(CodeCohortNotStarted, "your cohort starts on %s", cohort.StartsAt.Format(time.RFC3339))
	}
	if cohort != nil && !now.Before(cohort.EndsAt) {
		return apperr.Conflictf(CodeAssessmentClosed, "your cohort ended on %s", cohort.EndsAt.Format(time.RFC3339))
	}
	if sc.OpensAt != nil && now.Before(*sc.OpensAt) {
		return apperr.Conflictf(CodeAssessmentNotOpen, "the assessment opens on %s", sc.OpensAt.Format(time.RFC3339))
	}
	if sc.ClosesAt != nil && !now.Before(*sc.ClosesAt) {
		return apperr.Conflictf(CodeAssessmentClosed, "the assessment closed on %s", sc.ClosesAt.Format(time.RFC3339))
	}
	return nil
}

// deadline is the earliest of the time limit, the assessment's closing and
// the cohort's end, with the problem code a late answer gets.
func deadline(start time.Time, limitMinutes int, cohort *CohortRef, sc Schedule) (*time.Time, string) {
	var at *time.Time
	reason := ""
	consider := func(t time.Time, why string) {
		if at == nil || t.Before(*at) {
			at, reason = &t, why
		}
	}
	if limitMinutes > 0 {
		consider(start.Add(time.Duration(limitMinutes)*time.Minute), CodeTimeOver)
	}
	if sc.ClosesAt != nil {
		consider(*sc.ClosesAt, CodeAssessmentClosed)
	}
	if cohort != nil {
		consider(cohort.EndsAt, CodeAssessmentClosed)
	}
	return at, reason
}

// waitingSnapshot holds when the submissions waiting to be graded were
// submitted, read at most once per waitingSnapshotAge: every learner waiting
// for a grade sees their place in the queue, and on the embedded database
// each count would read every attempt.
type waitingSnapshot struct {
	mu    sync.Mutex
	taken time.Time
	times []time.Time
}

// waitingSnapshotAge is how old the queue a learner sees may be.
const waitingSnapshotAge = time.Second

// queuePosition counts the submissions waiting to be graded that were submitted before at.
func (s *Service) queuePosition(ctx context.Context, at time.Time) (int64, error) {
	w := &s.waiting
	w.mu.Lock()
	defer w.mu.Unlock()
	now := s.clock()
	if w.taken.IsZero() || now.Sub(w.taken) >= waitingSnapshotAge || now.Before(w.taken) {
		list, err := s.store.Waiting(ctx)
		if err != nil {
			return 0, err
		}
		w.times = w.times[:0]
		for _, e := range list {
			w.times = append(w.times, e.SubmittedAt)
		}
		w.taken = now
	}
	return int64(sort.Search(len(w.times), func(i int) bool { return !w.times[i].Before(at) })), nil
}

// submitExpired submits an attempt whose deadline passed, as of its
// deadline, and reports whether this call submitted it.
func (s *Service) submitExpired(ctx context.Context, a Attempt, now time.Time) (bool, error) {
	if err := s.store.AddWaiting(ctx, a.ID, *a.Deadline); err != nil {
		return false, err
	}
	ok, err := s.store.SubmitExpired(ctx, a.ID, *a.Deadline, now)
	if err != nil || !ok {
		return false, err
	}
	if err := s.enqueueGrading(ctx, a.ID, 0); err != nil {
		s.log.Warn("grading not enqueued; ReconcileSubmissions will retry", "attempt", a.ID, "err", err)
	}
	return true, nil
}

// readableAttempt returns an attempt its learner or staff of its course may
// read; to anyone else it does not exist.
func (s *Service) readableAttempt(ctx context.Context, p auth.Principal, id string) (Attempt, bool, error) {
	if !p.Authenticated() {
		return Attempt{}, false, apperr.Unauthorizedf("sign in to see attempts")
	}
	a, err := s.store.Attempt(ctx, id)
	if err != nil {
		return a, false, err
	}
	if a.UserID == p.UserID {
		return a, false, nil
	}
	staff, err := s.isStaff(ctx, p, a.InstitutionID)
	if err != nil {
		return a, false, err
	}
	if !staff {
		return Attempt{}, false, apperr.NotFoundf("no such attempt")
	}
	return a, true, nil
}

// Attempt returns an attempt to its learner or to staff of its course.
func (s *Service) Attempt(ctx context.Context, p auth.Principal, id string) (AttemptView, error) {
	a, staff, err := s.readableAttempt(ctx, p, id)
	if err != nil {
		return AttemptView{}, err
	}
	return s.attemptView(ctx, a, staff)
}

// attemptView builds the view of an attempt, with per-question results as
// the feedback policy allows its learner; staff see everything.
func (s *Service) attemptView(ctx context.Context, a Attempt, staff bool) (AttemptView, error) {
	v := AttemptView{
		ID: a.ID, LearnerID: a.UserID, CourseID: a.CourseID, Item: a.Item, Title: a.Settings.Title, Number: a.Number,
		Status: a.Status, StartedAt: a.StartedAt, Deadline: a.Deadline, SubmittedAt: a.SubmittedAt, GradedAt: a.GradedAt,
		PassMark: a.Settings.PassMark, Feedback: a.Settings.Feedback, ReviewRequest: a.ReviewRequest, Questions: []QuestionView{},
	}
	if a.Result != nil {
		v.Score = scoreView(*a.Result, a.Settings.PassMark)
	}
	if a.Status == AttemptSubmitted && a.SubmittedAt != nil {
		ahead, err := s.queuePosition(ctx, *a.SubmittedAt)
		if err != nil {
			return v, err
		}
		v.QueuePosition = &ahead
	}
	detail, err := s.feedbackVisible(ctx, a, staff)
	if err != nil {
		return v, err
	}
	v.FeedbackAvailable = detail
	solutions := staff || a.Settings.ShowCorrectAnswers
	for _, q := range a.Questions {
		qv := QuestionView{Question: grading.Public(q), Locked: a.Checked[q.ID]}
		if raw, ok := a.Answers[q.ID]; ok {
			qv.Answer = json.RawMessage(raw)
		}
		switch {
		case !detail:
		case a.Result != nil:
			if i := slices.IndexFunc(a.Result.Results, func(r grading.Result) bool { return r.QuestionID == q.ID }); i >= 0 {
				qv.Result = questionResult(a.Result.Results[i], solutions)
			}
		case qv.Locked && qv.Answer != nil:
			// In progress, only a checked question shows its result: the
			// others can still be answered, so their solution stays hidden.
			if ans, err := grading.DecodeAnswer(q, qv.Answer); err == nil {
				qv.Result = questionResult(grading.Grade(q, ans), solutions)
			}
		}
		v.Questions = append(v.Questions, qv)
	}
	return v, nil
}

// feedbackVisible applies the feedback policy: immediate feedback shows the
// result of each question the learner checks, on_submit once graded, after_close once the
// assessment or the learner's cohort has closed. Without a closing date,
// after_close shows totals only.
func (s *Service) feedbackVisible(ctx context.Context, a Attempt, staff bool) (bool, error) {
	if staff {
		return true, nil
	}
	graded := a.Status == AttemptGraded || a.Status == AttemptNeedsReview
	switch a.Settings.Feedback {
	case grading.FeedbackImmediate:
		return graded || a.Status == AttemptInProgress, nil
	case grading.FeedbackOnSubmit:
		return graded, nil
	}
	if !graded {
		return false, nil
	}
	now := s.clock()
	sc, err := s.store.Schedule(ctx, a.CourseID, a.Item)
	if err != nil {
		return false, err
	}
	if sc.ClosesAt != nil && !now.Before(*sc.ClosesAt) {
		return true, nil
	}
	e, err := s.store.Enrolment(ctx, a.EnrolmentID)
	if err != nil {
		return false, err
	}
	return e.Cohort != nil && !now.Before(e.Cohort.EndsAt), nil
}

// AnswerSaved confirms an autosaved answer. It never carries a result:
// under immediate feedback the learner asks for one with CheckAnswer.
type AnswerSaved struct {
	QuestionID string          `json:"question_id"`
	Answer     json.RawMessage `json:"answer"`
	SavedAt    time.Time       `json:"saved_at"`
}

// SaveAnswer autosaves p's answer to one question of their attempt in
// progress, after checking it against the question as drawn.
func (s *Service) SaveAnswer(ctx context.Context, p auth.Principal, attemptID, questionID string, raw json.RawMessage) (AnswerSaved, error) {
	a, q, err := s.answerTarget(ctx, p, attemptID, questionID)
	if err != nil {
		return AnswerSaved{}, err
	}
	_, compact, err := decodeAnswer(q, raw)
	if err != nil {
		return AnswerSaved{}, err
	}
	ok, err := s.store.SaveAnswer(ctx, a.ID, q.ID, compact)
	if err != nil {
		return AnswerSaved{}, err
	}
	if !ok {
		return AnswerSaved{}, s.whyNotWritten(ctx, a.ID, q.ID)
	}
	return AnswerSaved{QuestionID: q.ID, Answer: json.RawMessage(compact), SavedAt: s.clock()}, nil
}

// CheckAnswer shows p the result of one question of their attempt under
// immediate feedback, and locks its answer: raw when given, otherwise the
// one saved. A question is checked once; its answer then stays as checked,
// so that reading the feedback and correcting cannot raise the score.
// Locking was chosen over Moodle's interactive retries with a penalty: one
// rule learners understand, and the score stays the grade of one answer.
func (s *Service) CheckAnswer(ctx context.Context, p auth.Principal, attemptID, questionID string, raw json.RawMessage) (QuestionView, error) {
	a, q, err := s.answerable(ctx, p, attemptID, questionID)
	if err != nil {
		return QuestionView{}, err
	}
	if a.Settings.Feedback != grading.FeedbackImmediate {
		return QuestionView{}, apperr.Conflictf(CodeNotImmediate, "%q gives feedback %s, not question by question", a.Settings.Title, a.Settings.Feedback)
	}
	compact := ""
	if len(raw) > 0 {
		if _, compact, err = decodeAnswer(q, raw); err != nil {
			return QuestionView{}, err
		}
	} else if _, saved := a.Answers[q.ID]; !saved {
		return QuestionView{}, apperr.Conflictf(CodeNotAnswered, "question %s has no answer to check; answer it first", q.ID)
	}
	ok, err := s.store.CheckAnswer(ctx, a.ID, q.ID, compact)
	if err != nil {
		return QuestionView{}, err
	}
	if !ok {
		return QuestionView{}, s.whyNotWritten(ctx, a.ID, q.ID)
	}
	if compact == "" {
		compact = a.Answers[q.ID]
	}
	ans, err := grading.DecodeAnswer(q, json.RawMessage(compact))
	if err != nil {
		return QuestionView{}, fmt.Errorf("decode the checked answer to %s of %s: %w", q.ID, a.ID, err)
	}
	return QuestionView{Question: grading.Public(q), Answer: json.RawMessage(compact), Locked: true,
		Result: questionResult(grading.Grade(q, ans), a.Settings.ShowCorrectAnswers)}, nil
}

// answerTarget returns the frame of p's attempt (see Store.AttemptFrame)
// and its question questionID, for an answer to be saved. Whether the
// attempt is still in progress and the question not checked is left to the
// guarded write, which reads the attempt anyway: an autosave during an exam
// then costs that one read and write. An attempt past its deadline goes
// through answerable, which says why it takes no more answers.
func (s *Service) answerTarget(ctx context.Context, p auth.Principal, attemptID, questionID string) (Attempt, grading.Question, error) {
	if !p.Authenticated() {
		return Attempt{}, grading.Question{}, apperr.Unauthorizedf("sign in to answer")
	}
	a, err := s.store.AttemptFrame(ctx, attemptID)
	if err != nil {
		return a, grading.Question{}, err
	}
	if a.UserID != p.UserID {
		return Attempt{}, grading.Question{}, apperr.NotFoundf("no such attempt")
	}
	if a.Deadline != nil && !s.clock().Before(*a.Deadline) {
		return s.answerable(ctx, p, attemptID, questionID)
	}
	i := slices.IndexFunc(a.Questions, func(q grading.Question) bool { return q.ID == questionID })
	if i < 0 {
		return a, grading.Question{}, apperr.InvalidField("question_id", "the attempt has no question %q", questionID)
	}
	return a, a.Questions[i], nil
}

// answerable returns p's attempt, open for answers, and its question questionID, not yet checked.
func (s *Service) answerable(ctx context.Context, p auth.Principal, attemptID, questionID string) (Attempt, grading.Question, error) {
	a, err := s.ownAttempt(ctx, p, attemptID)
	if err != nil {
		return a, grading.Question{}, err
	}
	if err := checkWritable(a, s.clock()); err != nil {
		return a, grading.Question{}, err
	}
	i := slices.IndexFunc(a.Questions, func(q grading.Question) bool { return q.ID == questionID })
	if i < 0 {
		return a, grading.Question{}, apperr.InvalidField("question_id", "the attempt has no question %q", questionID)
	}
	if a.Checked[questionID] {
		return a, grading.Question{}, errLocked(questionID)
	}
	return a, a.Questions[i], nil
}

func errLocked(questionID string) error {
	return apperr.Conflictf(CodeQuestionLocked, "the feedback on question %s was shown; its answer can no longer change", questionID)
}

// whyNotWritten explains a guarded answer write that did not apply: the
// attempt was submitted, or the question checked, since it was read.
func (s *Service) whyNotWritten(ctx context.Context, attemptID, questionID string) error {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return err
	}
	if a.Status == AttemptInProgress && a.Checked[questionID] {
		return errLocked(questionID)
	}
	return apperr.Conflictf(CodeAttemptSubmitted, "the attempt was submitted; answers can no longer change")
}

// decodeAnswer checks raw against q and returns it decoded and as compact JSON.
func decodeAnswer(q grading.Question, raw json.RawMessage) (grading.Answer, string, error) {
	ans, err := grading.DecodeAnswer(q, raw)
	var ae *grading.AnswerError
	if errors.As(err, &ae) {
		return ans, "", &apperr.Error{Kind: apperr.Invalid, Code: CodeInvalidAnswer, Detail: ae.Error(),
			Fields: []apperr.FieldError{{Field: ae.QuestionID, Message: ae.Reason}}}
	}
	if err != nil {
		return ans, "", err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return ans, "", apperr.New(apperr.Invalid, CodeInvalidAnswer, "the answer is not valid JSON")
	}
	return ans, compact.String(), nil
}

// ownAttempt returns p's own attempt; anyone else's does not exist for them.
func (s *Service) ownAttempt(ctx context.Context, p auth.Principal, id string) (Attempt, error) {
	if !p.Authenticated() {
		return Attempt{}, apperr.Unauthorizedf("sign in to answer")
	}
	a, err := s.store.Attempt(ctx, id)
	if err != nil {
		return a, err
	}
	if a.UserID != p.UserID {
		return Attempt{}, apperr.NotFoundf("no such attempt")
	}
	return a, nil
}

// checkWritable refuses answers to an attempt submitted or past its deadline.
func checkWritable(a Attempt, now time.Time) error {
	if a.Status != AttemptInProgress {
		return apperr.Conflictf(CodeAttemptSubmitted, "the attempt was submitted; answers can no longer change")
	}
	if a.Deadline != nil && !now.Before(*a.Deadline) {
		if a.DeadlineReason == CodeTimeOver {
			return apperr.Conflictf(CodeTimeOver, "the time limit ended at %s; submit the answers saved", a.Deadline.Format(time.RFC3339))
		}
		return apperr.Conflictf(CodeAssessmentClosed, "the assessment closed at %s; submit the answers saved", a.Deadline.Format(time.RFC3339))
	}
	return nil
}

// Submit submits p's attempt for grading with the answers saved, which
// were all saved before its deadline. Submitting an attempt again returns
// it as it stands (replayed is true): the first submission is the one graded.
func (s *Service) Submit(ctx context.Context, p auth.Principal, attemptID, idempotencyKey string) (view AttemptView, replayed bool, err error) {
	if !p.Authenticated() {
		return AttemptView{}, false, apperr.Unauthorizedf("sign in to submit")
	}
	if utf8.RuneCountInString(idempotencyKey) > maxIdempotencyKeyLength {
		return AttemptView{}, false, apperr.InvalidField("Idempotency-Key", "must be at most %d characters", maxIdempotencyKeyLength)
	}
	now := s.clock()
	state, err := s.store.AttemptState(ctx, attemptID)
	if err != nil {
		return AttemptView{}, false, err
	}
	if state.UserID != p.UserID {
		return AttemptView{}, false, apperr.NotFoundf("no such attempt")
	}
	// On the waitlist first: ReconcileSubmissions finds lost grading work there.
	if state.Status == AttemptInProgress {
		if err := s.store.AddWaiting(ctx, attemptID, now); err != nil {
			return AttemptView{}, false, err
		}
	}
	a, submitted, err := s.store.Submit(ctx, attemptID, p.UserID, idempotencyKey, now)
	if err != nil {
		return AttemptView{}, false, err
	}
	if !submitted {
		if a, err = s.ownAttempt(ctx, p, attemptID); err != nil {
			return AttemptView{}, false, err
		}
		replayed = true
	}
	if submitted && !s.queueOnly {
		a = s.gradeInline(ctx, a)
	}
	if a.Status == AttemptSubmitted {
		// On a replay the first task may be lost; its id makes a queued one absorb this.
		if err := s.enqueueGrading(ctx, a.ID, 0); err != nil {
			s.log.Warn("grading not enqueued; ReconcileSubmissions will retry", "attempt", a.ID, "err", err)
		}
	}
	view, err = s.attemptView(ctx, a, false)
	return view, replayed, err
}

// gradeInline grades a submission in the submit request when no staff
// need to see it, so that the learner is told the grade in the answer to
// the submit, and returns the attempt as it then stands. During an exam
// this spares the queue and the database the grading task's own reads.
// Otherwise, or when a write fails, the attempt stays submitted and the
// grading task does the work; if the process stops midway, its waitlist
// entry brings the task back (ReconcileSubmissions).
func (s *Service) gradeInline(ctx context.Context, a Attempt) Attempt {
	result := s.grade(a)
	if result.NeedsReview {
		return a
	}
	graded, err := s.storeGrade(ctx, a, result)
	if err != nil {
		s.log.Warn("submission not graded at once; its grading task will", "attempt", a.ID, "err", err)
		return a
	}
	if graded.Status == AttemptGraded && graded.Applied {
		s.leaveWaitlist(ctx, graded.ID)
	}
	return graded
}

// RequestReview asks staff to look at p's graded attempt again; one request may be open at a time.
func (s *Service) RequestReview(ctx context.Context, p auth.Principal, attemptID, message string) (AttemptView, error) {
	message = strings.TrimSpace(message)
	if message == "" || utf8.RuneCountInString(message) > maxMessageLength {
		return AttemptView{}, apperr.InvalidField("message", "is required, at most %d characters", maxMessageLength)
	}
	a, err := s.ownAttempt(ctx, p, attemptID)
	if err != nil {
		return AttemptView{}, err
	}
	ok, err := s.store.RequestReview(ctx, a.ID, p.UserID, ReviewRequest{Message: message, RequestedAt: s.clock()})
	if err != nil {
		return AttemptView{}, err
	}
	if !ok {
		if a, err = s.store.Attempt(ctx, a.ID); err != nil {
			return AttemptView{}, err
		}
		if a.ReviewOpen {
			return AttemptView{}, apperr.Conflictf(CodeReviewAlreadyAsked, "a review of this attempt is already requested")
		}
		return AttemptView{}, apperr.Conflictf(CodeNotGraded, "the attempt is not graded yet")
	}
	if a, err = s.store.Attempt(ctx, a.ID); err != nil {
		return AttemptView{}, err
	}
	return s.attemptView(ctx, a, false)
}
