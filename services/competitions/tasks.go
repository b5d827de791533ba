package competitions

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/apperr"
)

// HandleScoreTask is the asynq handler of jobs.TypeScore.
func (s *Service) HandleScoreTask(ctx context.Context, t *asynq.Task) error {
	id, err := jobs.SubmissionIDOf(t)
	if err != nil {
		return err
	}
	err = s.ScoreSubmission(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("score submission %s: %w: %w", id, err, asynq.SkipRetry)
	}
	return err
}
