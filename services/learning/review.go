package learning

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"academy/services/grading"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// scoreTolerance absorbs floating-point rounding when comparing scores.
const scoreTolerance = 1e-9

// OverrideRequest changes the score of one question of a graded attempt.
type OverrideRequest struct {
	QuestionID string  `json:"question_id"`
	Score      float64 `json:"score"`
	Reason     string  `json:"reason"`
}

// ManualGradeRequest grades an essay: points per rubric criterion, in the
// rubric's order, or a score when the essay has no rubric.
type ManualGradeRequest struct {
	RubricScores []float64 `json:"rubric_scores,omitempty"`
	Score        *float64  `json:"score,omitempty"`
	// Comment is shown to the learner with the result.
	Comment string `json:"comment,omitempty"`
}

// Override changes the score of one question of a graded attempt, for staff
// of the course, with a reason kept in the audit trail. Progress follows;
// a completion already recorded stays as recorded.
func (s *Service) Override(ctx context.Context, p auth.Principal, attemptID string, req OverrideRequest) (AttemptView, error) {
	var v apperr.Validation
	reason := strings.TrimSpace(req.Reason)
	v.Check(reason != "" && utf8.RuneCountInString(reason) <= maxMessageLength, "reason", "is required, at most %d characters", maxMessageLength)
	v.Check(req.QuestionID != "", "question_id", "is required")
	v.Check(req.Score >= 0 && !math.IsInf(req.Score, 0), "score", "must be a number from 0 to the question's points")
	if err := v.Err(); err != nil {
		return AttemptView{}, err
	}
	return s.changeResult(ctx, p, attemptID, func(a Attempt) (AuditEntry, error) {
		if a.Status != AttemptGraded && a.Status != AttemptNeedsReview {
			return AuditEntry{}, apperr.Conflictf(CodeNotGraded, "the attempt is not graded yet")
		}
		r, err := resultOf(a, req.QuestionID)
		if err != nil {
			return AuditEntry{}, err
		}
		if req.Score > r.MaxScore+scoreTolerance {
			return AuditEntry{}, apperr.InvalidField("score", "must be at most %s, the question's points", formatScore(r.MaxScore))
		}
		return AuditEntry{Kind: ChangeOverride, QuestionID: req.QuestionID, OldScore: r.Score, NewScore: req.Score, Reason: reason}, nil
	})
}

// ManualGrade grades an essay question of an attempt, for staff of the
// course. Once no question awaits review the attempt counts as graded.
func (s *Service) ManualGrade(ctx context.Context, p auth.Principal, attemptID, questionID string, req ManualGradeRequest) (AttemptView, error) {
	comment := strings.TrimSpace(req.Comment)
	if utf8.RuneCountInString(comment) > maxMessageLength {
		return AttemptView{}, apperr.InvalidField("comment", "must be at most %d characters", maxMessageLength)
	}
	return s.changeResult(ctx, p, attemptID, func(a Attempt) (AuditEntry, error) {
		if a.Status != AttemptGraded && a.Status != AttemptNeedsReview {
			return AuditEntry{}, apperr.Conflictf(CodeNotGraded, "the attempt is not graded yet")
		}
		i := slices.IndexFunc(a.Questions, func(q grading.Question) bool { return q.ID == questionID })
		if i < 0 {
			return AuditEntry{}, apperr.InvalidField("question_id", "the attempt has no question %q", questionID)
		}
		q := a.Questions[i]
		if q.Type != grading.Essay {
			return AuditEntry{}, apperr.InvalidField("question_id", "question %q is graded automatically; override its score instead", questionID)
		}
		score, err := rubricScore(q, req)
		if err != nil {
			return AuditEntry{}, err
		}
		r, err := resultOf(a, questionID)
		if err != nil {
			return AuditEntry{}, err
		}
		return AuditEntry{Kind: ChangeManualGrade, QuestionID: questionID, OldScore: r.Score, NewScore: score,
			RubricScores: req.RubricScores, Comment: comment}, nil
	})
}

// CodeNoOpenReview refuses a reply to an attempt without an open review request.
const CodeNoOpenReview = "no-open-review"

// ReviewReply answers a learner's review request without changing the grade.
type ReviewReply struct {
	Reply string `json:"reply"`
}

// ReplyToReview resolves the open review request of an attempt with a
// written answer and no change of score, for staff of the course. It goes
// through the audit trail like a grade change: of replies sent at the same
// time one resolves the request, the others find it resolved.
func (s *Service) ReplyToReview(ctx context.Context, p auth.Principal, attemptID string, in ReviewReply) (AttemptView, error) {
	reply := strings.TrimSpace(in.Reply)
	if reply == "" || utf8.RuneCountInString(reply) > maxMessageLength {
		return AttemptView{}, apperr.InvalidField("reply", "is required, at most %d characters", maxMessageLength)
	}
	return s.changeResult(ctx, p, attemptID, func(a Attempt) (AuditEntry, error) {
		if !a.ReviewOpen || a.Result == nil {
			return AuditEntry{}, apperr.Conflictf(CodeNoOpenReview, "no review of this attempt is open")
		}
		return AuditEntry{Kind: ChangeReviewReply, Reason: reply}, nil
	})
}

// rubricScore checks the points given to an essay and returns their total.
func rubricScore(q grading.Question, req ManualGradeRequest) (float64, error) {
	if len(q.Rubric) == 0 {
		if req.Score == nil || len(req.RubricScores) > 0 {
			return 0, apperr.InvalidField("score", "is required for an essay without a rubric, and rubric_scores is not")
		}
		if *req.Score < 0 || *req.Score > q.MaxScore()+scoreTolerance {
			return 0, apperr.InvalidField("score", "must be from 0 to %s", formatScore(q.MaxScore()))
		}
		return *req.Score, nil
	}
	if req.Score != nil || len(req.RubricScores) != len(q.Rubric) {
		return 0, apperr.InvalidField("rubric_scores", "give points for each of the %d rubric criteria, in order", len(q.Rubric))
	}
	var v apperr.Validation
	var total float64
	for i, pts := range req.RubricScores {
		c := q.Rubric[i]
		v.Check(pts >= 0 && pts <= c.Points+scoreTolerance, fmt.Sprintf("rubric_scores[%d]", i), "must be from 0 to %s for %q", formatScore(c.Points), c.Criterion)
		total += pts
	}
	return total, v.Err()
}

func resultOf(a Attempt, questionID string) (grading.Result, error) {
	if a.Result != nil {
		for _, r := range a.Result.Results {
			if r.QuestionID == questionID {
				return r, nil
			}
		}
	}
	return grading.Result{}, apperr.InvalidField("question_id", "the attempt has no question %q", questionID)
}

func formatScore(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// changeResult applies a staff change to an attempt's result. The change is
// first appended to the audit trail under the result revision it creates,
// which no other change can take; then the attempt moves to that revision.
// A change found recorded but not applied (its writer stopped in between) is
// applied first, so the trail and the result never disagree for long.
func (s *Service) changeResult(ctx context.Context, p auth.Principal, attemptID string, change func(Attempt) (AuditEntry, error)) (AttemptView, error) {
	if !p.Authenticated() {
		return AttemptView{}, apperr.Unauthorizedf("sign in to grade")
	}
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return AttemptView{}, err
	}
	staff, err := s.isStaff(ctx, p, a.InstitutionID)
	switch {
	case err != nil:
		return AttemptView{}, err
	case !staff && a.UserID == p.UserID:
		return AttemptView{}, apperr.Forbiddenf("only staff of the course's institution may change grades")
	case !staff:
		return AttemptView{}, apperr.NotFoundf("no such attempt")
	}
	for range maxWriteTries {
		entry, err := change(a)
		if err != nil {
			return AttemptView{}, err
		}
		entry.Rev = a.ResultRev + 1
		entry.ID = a.ID + ":" + strconv.Itoa(entry.Rev)
		entry.AttemptID, entry.CourseID, entry.LearnerID = a.ID, a.CourseID, a.UserID
		entry.ActorID, entry.At = p.UserID, s.clock()
		entry.OldPercent = a.Result.Percent
		entry.NewPercent = withChange(*a.Result, entry).Percent
		err = s.store.InsertAudit(ctx, entry)
		mine := err == nil
		if errors.Is(err, errAuditRevTaken) {
			if entry, err = s.store.AuditEntry(ctx, entry.ID); err != nil {
				return AttemptView{}, err
			}
		} else if err != nil {
			return AttemptView{}, err
		}
		if err := s.applyChange(ctx, a, entry); err != nil {
			return AttemptView{}, err
		}
		if a, err = s.store.Attempt(ctx, attemptID); err != nil {
			return AttemptView{}, err
		}
		if mine {
			return s.attemptView(ctx, a, true)
		}
	}
	return AttemptView{}, apperr.Conflictf("grade-conflict", "the grade was changed at the same time; reload and try again")
}

// applyChange moves an attempt to the result revision of an audit entry,
// unless it is there already, and brings progress up to date.
func (s *Service) applyChange(ctx context.Context, a Attempt, e AuditEntry) error {
	if a.ResultRev != e.Rev-1 || a.Result == nil {
		return nil
	}
	result := withChange(*a.Result, e)
	status := AttemptGraded
	if result.NeedsReview {
		status = AttemptNeedsReview
	}
	reply := ""
	if e.Kind == ChangeReviewReply {
		reply = e.Reason
	}
	ok, err := s.store.ReplaceResult(ctx, a.ID, a.ResultRev, result, status, a.ReviewOpen, reply, e.ActorID, e.At)
	if err != nil || !ok {
		return err
	}
	a.Status, a.ResultRev, a.Result = status, e.Rev, &result
	if status == AttemptGraded {
		// A miss leaves a stale entry, which AwaitingGrading drops as it reads it.
		if err := s.store.SetAwaiting(ctx, a, false); err != nil {
			s.log.Warn("graded attempt left on the list awaiting staff", "attempt", a.ID, "err", err)
		}
	}
	if status != AttemptGraded {
		// A result waiting for staff no longer counts.
		_, err := s.refreshProgress(ctx, a.EnrolmentID, &ScoreChange{AttemptID: a.ID, Item: a.Item, Remove: true})
		return err
	}
	return s.applyResult(ctx, a)
}

// withChange returns result with the change of an audit entry applied and the totals recomputed.
func withChange(result grading.AttemptResult, e AuditEntry) grading.AttemptResult {
	result.Results = slices.Clone(result.Results)
	for i := range result.Results {
		r := &result.Results[i]
		if r.QuestionID != e.QuestionID {
			continue
		}
		r.Score = e.NewScore
		r.Status = grading.StatusGraded
		r.Correct = r.MaxScore > 0 && r.Score >= r.MaxScore-scoreTolerance
		r.Feedback.Message = verdict(r.Score, r.MaxScore)
		r.Feedback.Notes = slices.Clone(r.Feedback.Notes)
		switch e.Kind {
		case ChangeManualGrade:
			if e.Comment != "" {
				r.Feedback.Notes = append(r.Feedback.Notes, e.Comment)
			}
		case ChangeOverride:
			r.Feedback.Notes = append(r.Feedback.Notes, "Score changed by staff: "+e.Reason)
		}
	}
	result.Score, result.MaxScore, result.NeedsReview = 0, 0, false
	for _, r := range result.Results {
		result.Score += r.Score
		result.MaxScore += r.MaxScore
		result.NeedsReview = result.NeedsReview || r.Status == grading.StatusNeedsReview
	}
	result.Percent = 0
	if result.MaxScore > 0 {
		result.Percent = 100 * result.Score / result.MaxScore
	}
	return result
}

// verdict words a score as the graders do.
func verdict(score, max float64) string {
	switch {
	case max > 0 && score >= max-scoreTolerance:
		return "Correct"
	case score > 0:
		return "Partly correct"
	default:
		return "Incorrect"
	}
}

// AuditTrail lists the grade changes of an attempt, oldest first, to its
// learner and to staff of its course.
func (s *Service) AuditTrail(ctx context.Context, p auth.Principal, attemptID string, afterRev, limit int) ([]AuditEntry, error) {
	a, _, err := s.readableAttempt(ctx, p, attemptID)
	if err != nil {
		return nil, err
	}
	return s.store.AuditTrail(ctx, a.ID, afterRev, a.ResultRev, limit)
}

// ReviewItem is an attempt whose learner asked for a review.
type ReviewItem struct {
	AttemptSummary
	LearnerID     string        `json:"learner_id"`
	LearnerName   string        `json:"learner_name"`
	Title         string        `json:"title"`
	ReviewRequest ReviewRequest `json:"review_request"`
}

// AwaitingPos is the place of an attempt in the list of those awaiting
// staff: by submission, then by id.
type AwaitingPos struct {
	SubmittedAt time.Time `json:"at"`
	AttemptID   string    `json:"id"`
}

func (a AwaitingPos) compare(b AwaitingPos) int {
	if c := a.SubmittedAt.Compare(b.SubmittedAt); c != 0 {
		return c
	}
	return strings.Compare(a.AttemptID, b.AttemptID)
}

// Pos is the place of the item in the list.
func (it AwaitingItem) Pos() AwaitingPos {
	return AwaitingPos{SubmittedAt: it.SubmittedAt, AttemptID: it.AttemptID}
}

// AwaitingGrading lists up to limit of a course's attempts with answers
// only staff can grade after the place after, oldest submission first, for
// its staff. An entry whose attempt no longer waits (its unlisting failed
// when it was graded) is left out and taken off the list.
func (s *Service) AwaitingGrading(ctx context.Context, p auth.Principal, slug string, after AwaitingPos, limit int) ([]AwaitingItem, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	list, err := s.store.Awaiting(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	all := make([]AwaitingItem, 0, len(list))
	for id, a := range list {
		if it := (AwaitingItem{AttemptID: id, AwaitingAttempt: a}); after.compare(it.Pos()) < 0 {
			all = append(all, it)
		}
	}
	slices.SortFunc(all, func(x, y AwaitingItem) int { return x.Pos().compare(y.Pos()) })
	out := make([]AwaitingItem, 0, min(limit, len(all)))
	for _, it := range all {
		if len(out) == limit {
			break
		}
		state, err := s.store.AttemptState(ctx, it.AttemptID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		if err != nil || state.Status != AttemptNeedsReview {
			if err := s.store.SetAwaiting(ctx, Attempt{ID: it.AttemptID, CourseID: c.ID}, false); err != nil {
				s.log.Warn("attempt no longer awaiting staff left on their list", "attempt", it.AttemptID, "err", err)
			}
			continue
		}
		if it.LearnerName, _, err = s.orgs.Contact(ctx, it.LearnerID); err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// AwaitingItem is an attempt waiting for staff to grade an answer.
type AwaitingItem struct {
	AttemptID   string `json:"attempt_id"`
	LearnerName string `json:"learner_name"`
	AwaitingAttempt
}

// OpenReviews lists a course's attempts with an open review request, for its staff.
func (s *Service) OpenReviews(ctx context.Context, p auth.Principal, slug, after string, limit int) ([]ReviewItem, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	list, err := s.store.OpenReviews(ctx, c.ID, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewItem, 0, len(list))
	for _, a := range list {
		name, _, err := s.orgs.Contact(ctx, a.UserID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		item := ReviewItem{AttemptSummary: summarizeAttempt(a), LearnerID: a.UserID, LearnerName: name, Title: a.Settings.Title}
		if a.ReviewRequest != nil {
			item.ReviewRequest = *a.ReviewRequest
		}
		out = append(out, item)
	}
	return out, nil
}
