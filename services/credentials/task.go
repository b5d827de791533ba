package credentials

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/apperr"
)

// HandleIssueTask issues the credential a jobs.TypeIssueCredential task
// names; the learning context enqueues it when a learner completes a
// course. Running it again for the same completion returns the credential
// already issued. A payload that cannot be read, and an award that cannot
// be issued, are not retried.
func (s *Service) HandleIssueTask(ctx context.Context, t *asynq.Task) error {
	id, err := jobs.CompletionIDOf(t)
	if err != nil {
		return err
	}
	if _, err := s.Issue(ctx, id); err != nil {
		if k := apperr.KindOf(err); k == apperr.Invalid || k == apperr.NotFound {
			return fmt.Errorf("issue credential for completion %s: %v: %w", id, err, asynq.SkipRetry)
		}
		return fmt.Errorf("issue credential for completion %s: %w", id, err)
	}
	return nil
}
