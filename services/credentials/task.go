package credentials

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
)

// NewIssueTask returns the task that issues the credential of a completion.
// Its task id makes enqueueing the same completion twice a no-op while the
// first task is queued.
func NewIssueTask(completionID string) (*asynq.Task, error) {
	payload, err := json.Marshal(IssuePayload{CompletionID: completionID})
	if err != nil {
		return nil, fmt.Errorf("encode %s payload: %w", TypeIssue, err)
	}
	return asynq.NewTask(TypeIssue, payload, asynq.TaskID(TypeIssue+":"+completionID)), nil
}

// HandleIssueTask issues the credential a TypeIssue task names. Running it
// again for the same completion returns the credential already issued. A
// payload that cannot be read, and an award that cannot be issued, are not
// retried.
func (s *Service) HandleIssueTask(ctx context.Context, t *asynq.Task) error {
	var p IssuePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return fmt.Errorf("decode %s payload: %v: %w", TypeIssue, err, asynq.SkipRetry)
	}
	if p.CompletionID == "" {
		return fmt.Errorf("%s payload names no completion: %w", TypeIssue, asynq.SkipRetry)
	}
	if _, err := s.Issue(ctx, p.CompletionID); err != nil {
		if k := apperr.KindOf(err); k == apperr.Invalid || k == apperr.NotFound {
			return fmt.Errorf("issue credential for completion %s: %v: %w", p.CompletionID, err, asynq.SkipRetry)
		}
		return fmt.Errorf("issue credential for completion %s: %w", p.CompletionID, err)
	}
	return nil
}
