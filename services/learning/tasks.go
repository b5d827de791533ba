package learning

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/apperr"
)

// HandleGradeTask is the asynq handler of jobs.TypeGrade.
func (s *Service) HandleGradeTask(ctx context.Context, t *asynq.Task) error {
	id, err := jobs.AttemptIDOf(t)
	if err != nil {
		return err
	}
	err = s.GradeSubmission(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("grade attempt %s: %w: %w", id, err, asynq.SkipRetry)
	}
	return err
}

// enqueueGrading enqueues the n-th grading task of an attempt.
func (s *Service) enqueueGrading(ctx context.Context, attemptID string, n int) error {
	_, err := s.addGrading(ctx, attemptID, n)
	return err
}

// addGrading enqueues the n-th grading task of an attempt and reports
// whether it was added: false while that task is in the queue.
func (s *Service) addGrading(ctx context.Context, attemptID string, n int) (bool, error) {
	added, err := s.queue.Add(ctx, jobs.NewGradeTask(attemptID, n))
	if err != nil {
		return false, fmt.Errorf("enqueue grading of %s: %w", attemptID, err)
	}
	return added, nil
}
