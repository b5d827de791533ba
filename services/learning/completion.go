package learning

import (
	"context"
	"time"

	"academy/services/kit/apperr"
)

// maxWriteTries bounds the retries of a guarded write that lost a race.
const maxWriteTries = 16

// ScoreChange is a graded attempt's score to count in an enrolment's
// progress, or (Remove) to stop counting.
type ScoreChange struct {
	AttemptID, Item string
	Percent         float64
	Remove          bool
}

// refreshProgress recomputes an enrolment's progress from its lessons and
// graded attempts, with change applied, and records its completion when the
// rule first holds. The write applies only to the revision read, so
// concurrent refreshes retry rather than overwrite each other; running it
// again changes nothing.
func (s *Service) refreshProgress(ctx context.Context, enrolmentID string, change *ScoreChange) (Enrolment, error) {
	for range maxWriteTries {
		e, err := s.store.Enrolment(ctx, enrolmentID)
		if err != nil {
			return e, err
		}
		v, err := s.version(ctx, e.CourseID, e.Version)
		if err != nil {
			return e, err
		}
		p := Evaluate(v.Tree, e.PassMark, e.CompletedLessons, scoresByItem(e.Graded, change))
		ok, err := s.store.SetProgress(ctx, e.ID, e.Rev, p, change)
		if err != nil {
			return e, err
		}
		if !ok {
			continue
		}
		e.Progress, e.Rev = p, e.Rev+1
		if p.Complete && e.Completion == nil {
			ref, err := s.recordCompletion(ctx, e)
			if err != nil {
				return e, err
			}
			e.Completion, e.Status = &ref, EnrolmentCompleted
		}
		return e, nil
	}
	return Enrolment{}, apperr.Conflictf("progress-conflict", "progress changed too often at once; try again")
}

// scoresByItem lists the percents of the graded attempts by item, with change applied.
func scoresByItem(graded map[string]GradedScore, change *ScoreChange) map[string][]float64 {
	out := map[string][]float64{}
	for id, g := range graded {
		if change != nil && id == change.AttemptID {
			continue
		}
		out[g.Item] = append(out[g.Item], g.Percent)
	}
	if change != nil && !change.Remove {
		out[change.Item] = append(out[change.Item], change.Percent)
	}
	return out
}

// recordCompletion writes the enrolment's completion once, with the grade
// of the moment, and enqueues its credential. A completion already recorded
// (by a concurrent or an interrupted run) is kept as it is; if its writer
// stopped before enqueueing, ReconcileCompletions enqueues it.
func (s *Service) recordCompletion(ctx context.Context, e Enrolment) (CompletionRef, error) {
	c, err := s.courses.CourseByID(ctx, e.CourseID)
	if err != nil {
		return CompletionRef{}, err
	}
	now := s.clock()
	stored, created, err := s.store.InsertCompletion(ctx, Completion{
		ID: newID(), EnrolmentID: e.ID, UserID: e.UserID, CourseID: e.CourseID, CourseSlug: c.Slug, Version: e.Version,
		GradePercent: e.Progress.GradePercent, CompletedAt: now, EnqueuedAt: now,
	})
	if err != nil {
		return CompletionRef{}, err
	}
	ref := CompletionRef{ID: stored.ID, GradePercent: stored.GradePercent, CompletedAt: stored.CompletedAt}
	if err := s.store.SetCompletion(ctx, e.ID, ref); err != nil {
		return CompletionRef{}, err
	}
	if created {
		if err := s.enqueueCredential(ctx, stored.ID, 0); err != nil {
			s.log.Warn("credential task not enqueued; ReconcileCompletions will retry", "completion", stored.ID, "err", err)
		}
	}
	return ref, nil
}

// Completion returns a course completion, for the credentials context.
func (s *Service) Completion(ctx context.Context, id string) (Completion, error) {
	return s.store.Completion(ctx, id)
}

// MarkCredentialIssued records that the credential of a completion is
// issued, so that ReconcileCompletions stops enqueueing it. Marking it
// again is no error and keeps the first time.
func (s *Service) MarkCredentialIssued(ctx context.Context, completionID string) error {
	ok, err := s.store.MarkCredentialIssued(ctx, completionID, s.clock())
	if err != nil {
		return err
	}
	if !ok {
		return apperr.NotFoundf("no such completion")
	}
	return nil
}

// ReconcileCompletions puts back on the queue the credential task of every
// completion without an issued credential: under the id it was last
// enqueued with, a no-op while that task is in the queue, or under a fresh
// id once it was enqueued more than olderThan ago, as its task may have
// failed for good. It returns how many tasks it added.
func (s *Service) ReconcileCompletions(ctx context.Context, olderThan time.Duration) (int, error) {
	now := s.clock()
	cutoff := now.Add(-olderThan)
	pending, err := s.store.PendingCompletions(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range pending {
		if !c.EnqueuedAt.Before(cutoff) {
			added, err := s.addCredential(ctx, c.ID, c.Enqueues)
			if err != nil {
				return n, err
			}
			if added {
				n++
			}
			continue
		}
		seq := c.Enqueues + 1
		ok, err := s.store.ClaimCompletionEnqueue(ctx, c.ID, c.EnqueuedAt, seq, now)
		if err != nil {
			return n, err
		}
		if !ok {
			continue
		}
		if err := s.enqueueCredential(ctx, c.ID, seq); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
