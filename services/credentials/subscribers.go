package credentials

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

// HandleCourseCompleted is the credentials context's subscriber to
// CourseCompleted: it issues the credential the completion earns. Handling
// the event again returns the credential already issued. An event that
// cannot be read, and an award that cannot be issued, are not retried.
func (s *Service) HandleCourseCompleted(ctx context.Context, ev events.Event) error {
	var d events.CourseCompletedData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	src := AwardSource{
		Kind: SourceCourseCompletion, ID: d.CompletionID, LearnerID: d.LearnerID, SubjectID: d.CourseID,
		Grade: d.GradePercent, At: d.CompletedAt,
	}
	if _, err := s.Issue(ctx, src); err != nil {
		if k := apperr.KindOf(err); k == apperr.Invalid || k == apperr.NotFound {
			return fmt.Errorf("issue credential for completion %s: %v: %w", d.CompletionID, err, asynq.SkipRetry)
		}
		return fmt.Errorf("issue credential for completion %s: %w", d.CompletionID, err)
	}
	return nil
}
