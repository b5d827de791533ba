package learning

import (
	"context"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
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
// of the moment and its CourseCompleted event, then publishes the event. A
// completion already recorded (by a concurrent or an interrupted run) is kept
// as it is; if its writer stopped before publishing, the events reconciler
// publishes it.
func (s *Service) recordCompletion(ctx context.Context, e Enrolment) (CompletionRef, error) {
	c, err := s.courses.CourseByID(ctx, e.CourseID)
	if err != nil {
		return CompletionRef{}, err
	}
	now := s.clock()
	completion := Completion{
		ID: newID(), EnrolmentID: e.ID, UserID: e.UserID, CourseID: e.CourseID, CourseSlug: c.Slug, Version: e.Version,
		GradePercent: e.Progress.GradePercent, CompletedAt: now,
	}
	ev, err := events.New(events.CourseCompleted, events.CourseCompletedData{
		CompletionID: completion.ID, LearnerID: e.UserID, CourseID: e.CourseID, GradePercent: completion.GradePercent, CompletedAt: now,
	}, now)
	if err != nil {
		return CompletionRef{}, err
	}
	completion.Outbox = map[string]events.Event{ev.ID: ev}
	stored, created, err := s.store.InsertCompletion(ctx, completion)
	if err != nil {
		return CompletionRef{}, err
	}
	ref := CompletionRef{ID: stored.ID, GradePercent: stored.GradePercent, CompletedAt: stored.CompletedAt}
	if err := s.store.SetCompletion(ctx, e.ID, ref); err != nil {
		return CompletionRef{}, err
	}
	// Counted here rather than where it is created, so that a completion whose writer stopped in between is counted when it is recorded again.
	if err := s.store.countOnce(ctx, "completion:"+stored.ID, func() error {
		return s.store.countCourse(ctx, stored.CourseID, "completions", stored.CompletedAt)
	}); err != nil {
		s.log.Warn("completion not counted in the course's insight; a rebuild recounts it", "completion", stored.ID, "err", err)
	}
	if created {
		if err := s.events.Publish(ctx, s.store.completions, stored.ID, ev); err != nil {
			s.log.Warn("completion event not published; the events reconciler will", "completion", stored.ID, "err", err)
		}
	}
	return ref, nil
}

// Completion returns a course completion.
func (s *Service) Completion(ctx context.Context, id string) (Completion, error) {
	return s.store.Completion(ctx, id)
}
