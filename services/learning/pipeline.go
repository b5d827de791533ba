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
// Submit does the same in the request when the result needs no staff; the
// task is then only the fallback.
func (s *Service) GradeSubmission(ctx context.Context, attemptID string) error {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return err
	}
	if a.Status == AttemptSubmitted {
		if a, err = s.storeGrade(ctx, a, s.grade(a)); err != nil {
			return err
		}
	}
	if a.Status == AttemptGraded && !a.Applied {
		if err := s.applyResult(ctx, a); err != nil {
			return err
		}
	}
	if a.Status == AttemptNeedsReview {
		// Listed for staff before it leaves the waitlist: a failed listing
		// fails the task, which is retried, and ReconcileSubmissions lists
		// the attempt again while it stays on the waitlist.
		if err := s.store.SetAwaiting(ctx, a, true); err != nil {
			return err
		}
	}
	// Graded and applied, or listed for staff: nothing more to reconcile.
	s.leaveWaitlist(ctx, a.ID)
	return nil
}

// storeGrade stores result as a submitted attempt's first result and returns
// the attempt as it then stands. A final result is counted in the learner's
// progress first, so that storing it also records it applied: one write
// fewer per submission. Grading is deterministic, so a run that stops
// between the two writes and the run that redoes the work count the same
// score, and counting it again changes nothing.
func (s *Service) storeGrade(ctx context.Context, a Attempt, result grading.AttemptResult) (Attempt, error) {
	status := AttemptGraded
	if result.NeedsReview {
		status = AttemptNeedsReview
	}
	if s.afterGrade != nil {
		if err := s.afterGrade(ctx, a.ID); err != nil {
			return a, err
		}
	}
	applied := status == AttemptGraded
	if applied {
		change := &ScoreChange{AttemptID: a.ID, Item: a.Item, Percent: result.Percent}
		if _, err := s.refreshProgress(ctx, a.EnrolmentID, change); err != nil {
			return a, fmt.Errorf("apply result of %s: %w", a.ID, err)
		}
	}
	at := s.clock()
	stored, err := s.store.StoreResult(ctx, a.ID, result, status, applied, at)
	if err != nil {
		return a, err
	}
	if !stored {
		return s.store.Attempt(ctx, a.ID)
	}
	a.Status, a.Result, a.ResultRev, a.Applied, a.GradedAt = status, &result, 1, applied, &at
	s.countAttempt(ctx, a)
	s.graded.Wake(a.ID)
	return a, nil
}

// countAttempt brings the insight of the attempt's assessment up to date
// with its grade. Insight is not worth failing a grade for: a miss is
// logged, and a rebuild recounts it.
func (s *Service) countAttempt(ctx context.Context, a Attempt) {
	if err := s.store.countAttempt(ctx, a); err != nil {
		s.log.Warn("attempt not counted in its assessment's insight", "attempt", a.ID, "err", err)
	}
}

// leaveWaitlist takes an attempt whose grading needs nothing more off the
// grading waitlist. A failed removal is retried by ReconcileSubmissions.
func (s *Service) leaveWaitlist(ctx context.Context, attemptID string) {
	if err := s.store.RemoveWaiting(ctx, attemptID); err != nil {
		s.log.Warn("graded submission left on the grading waitlist", "attempt", attemptID, "err", err)
	}
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
	s.countAttempt(ctx, a)
	change := &ScoreChange{AttemptID: a.ID, Item: a.Item, Percent: a.Result.Percent}
	if _, err := s.refreshProgress(ctx, a.EnrolmentID, change); err != nil {
		return fmt.Errorf("apply result of %s: %w", a.ID, err)
	}
	return s.store.MarkApplied(ctx, a.ID, a.ResultRev)
}

// ReconcileSubmissions puts back on the queue the grading work it lost:
// every attempt on the grading waitlist still submitted, or graded without
// its progress applied. Each gets its grading task again under the id it
// was last enqueued with, a no-op while that task is in the queue, so that
// a run as a worker starts restores at once what an emptied Redis forgot;
// one last enqueued more than olderThan ago gets a task under a fresh id,
// as its task may have failed for good. It reads the waitlist, and the
// attempts only of entries older than olderThan, so that it can run often.
// Entries older than that whose attempt needs nothing more (a submit that
// failed, a result applied) leave the waitlist; one waiting for staff is
// listed for them again first, in case its grading task failed to. It
// returns how many grading tasks it added.
func (s *Service) ReconcileSubmissions(ctx context.Context, olderThan time.Duration) (int, error) {
	now := s.clock()
	cutoff := now.Add(-olderThan)
	list, err := s.store.Waiting(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range list {
		if !w.SubmittedAt.Before(cutoff) {
			// Submitted since the cutoff, so never re-enqueued by a claim:
			// its one task has the first id.
			added, err := s.addGrading(ctx, w.ID, 0)
			if err != nil {
				return n, err
			}
			if added {
				n++
			}
			continue
		}
		a, err := s.store.AttemptState(ctx, w.ID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return n, err
		}
		if err == nil && a.Status == AttemptNeedsReview {
			if err := s.listAwaiting(ctx, a.ID); err != nil {
				return n, err
			}
		}
		pending := err == nil && (a.Status == AttemptSubmitted || a.Status == AttemptGraded && !a.Applied)
		if !pending {
			if err := s.store.RemoveWaiting(ctx, w.ID); err != nil {
				return n, err
			}
			continue
		}
		if a.EnqueuedAt == nil || !a.EnqueuedAt.Before(cutoff) {
			added, err := s.addGrading(ctx, a.ID, a.Enqueues)
			if err != nil {
				return n, err
			}
			if added {
				n++
			}
			continue
		}
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

// SubmitAbandoned submits the attempts still in progress more than
// olderThan after their deadline, with the answers saved in time, and
// enqueues their grading; it returns how many. It reads every attempt, so
// it runs seldom: a learner who comes back sooner has theirs submitted then.
func (s *Service) SubmitAbandoned(ctx context.Context, olderThan time.Duration) (int, error) {
	now := s.clock()
	expired, err := s.store.ExpiredAttempts(ctx, now.Add(-olderThan))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range expired {
		ok, err := s.submitExpired(ctx, a, now)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// listAwaiting puts an attempt on its course's list of attempts awaiting staff.
func (s *Service) listAwaiting(ctx context.Context, attemptID string) error {
	a, err := s.store.Attempt(ctx, attemptID)
	if err != nil {
		return err
	}
	return s.store.SetAwaiting(ctx, a, true)
}
