package learning

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"academy/services/grading"
	"academy/services/kit/apperr"
)

// GradeSubmission is the work of a grading task: it grades a submitted
// attempt, stores the result unless another run stored one first, and
// brings the learner's progress up to date with it. Every step is guarded,
// so running it again, or twice at once, leaves one result and one
// completion. An attempt with an answered essay waits for staff instead.
func (s *Service) GradeSubmission(ctx context.Context, attemptID string) error {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return err
	}
	if a.Status == AttemptSubmitted {
		result := s.grade(a)
		status := AttemptGraded
		if result.NeedsReview {
			status = AttemptNeedsReview
		}
		if s.afterGrade != nil {
			if err := s.afterGrade(ctx, a.ID); err != nil {
				return err
			}
		}
		stored, err := s.store.StoreResult(ctx, a.ID, result, status, s.clock())
		if err != nil {
			return err
		}
		if stored {
			a.Status, a.Result, a.ResultRev, a.Applied = status, &result, 1, false
		} else if a, err = s.store.Attempt(ctx, attemptID); err != nil {
			return err
		}
	}
	if a.Status != AttemptSubmitted {
		if err := s.store.RemoveWaiting(ctx, a.ID); err != nil {
			s.log.Warn("graded submission left on the grading waitlist", "attempt", a.ID, "err", err)
		}
	}
	if a.Status == AttemptGraded && !a.Applied {
		return s.applyResult(ctx, a)
	}
	return nil
}

// grade scores an attempt's saved answers. Answers were checked when saved;
// one that no longer decodes counts as unanswered.
func (s *Service) grade(a Attempt) grading.AttemptResult {
	answers := make(map[string]grading.Answer, len(a.Answers))
	for _, q := range a.Questions {
		raw, ok := a.Answers[q.ID]
		if !ok {
			continue
		}
		ans, err := grading.DecodeAnswer(q, json.RawMessage(raw))
		if err != nil {
			s.log.Warn("saved answer does not decode; graded as unanswered", "attempt", a.ID, "question", q.ID, "err", err)
			continue
		}
		answers[q.ID] = ans
	}
	return grading.GradeAttempt(a.Questions, answers)
}

// applyResult brings the learner's progress up to date with an attempt's
// current result and records that it did.
func (s *Service) applyResult(ctx context.Context, a Attempt) error {
	change := &ScoreChange{AttemptID: a.ID, Item: a.Item, Percent: a.Result.Percent}
	if _, err := s.refreshProgress(ctx, a.EnrolmentID, change); err != nil {
		return fmt.Errorf("apply result of %s: %w", a.ID, err)
	}
	return s.store.MarkApplied(ctx, a.ID, a.ResultRev)
}

// ReconcileSubmissions finds the work the queue lost and enqueues it again:
// attempts still in progress more than olderThan after their deadline are
// submitted with the answers saved in time, and attempts whose grading task
// was enqueued more than olderThan ago yet are still submitted, or graded
// without their progress applied, are enqueued again. It returns how many
// grading tasks it enqueued.
func (s *Service) ReconcileSubmissions(ctx context.Context, olderThan time.Duration) (int, error) {
	now := s.clock()
	cutoff := now.Add(-olderThan)
	n := 0
	expired, err := s.store.ExpiredAttempts(ctx, cutoff)
	if err != nil {
		return 0, err
	}
	for _, a := range expired {
		ok, err := s.store.SubmitExpired(ctx, a.ID, *a.Deadline, now)
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		s.joinWaitlist(ctx, a.ID, *a.Deadline)
		if err := s.enqueueGrading(ctx, a.ID, 0); err != nil {
			return n, err
		}
		n++
	}
	if err := s.pruneWaitlist(ctx, cutoff); err != nil {
		return n, err
	}
	stuck, err := s.store.StuckAttempts(ctx, cutoff)
	if err != nil {
		return n, err
	}
	for _, a := range stuck {
		seq := a.Enqueues + 1
		ok, err := s.store.ClaimEnqueue(ctx, a.ID, *a.EnqueuedAt, seq, now)
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		if err := s.enqueueGrading(ctx, a.ID, seq); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// pruneWaitlist drops the waitlist entries submitted before cutoff whose
// attempt is no longer waiting: their removal after grading failed.
func (s *Service) pruneWaitlist(ctx context.Context, cutoff time.Time) error {
	list, err := s.store.Waiting(ctx)
	if err != nil {
		return err
	}
	for _, w := range list {
		if !w.SubmittedAt.Before(cutoff) {
			break
		}
		status, err := s.store.AttemptStatus(ctx, w.ID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if status != AttemptSubmitted {
			if err := s.store.RemoveWaiting(ctx, w.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
