package learning

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
)

// Task types of the learning context. The credentials context registers the
// handler of TypeIssueCredential.
const (
	TypeGradeAttempt    = "grading:grade"
	TypeIssueCredential = "credentials:issue"
)

type gradePayload struct {
	AttemptID string `json:"attempt_id"`
}

type completionPayload struct {
	CompletionID string `json:"completion_id"`
}

// NewGradeTask returns the task that grades a submitted attempt.
func NewGradeTask(attemptID string) *asynq.Task {
	b, _ := json.Marshal(gradePayload{AttemptID: attemptID})
	return asynq.NewTask(TypeGradeAttempt, b)
}

// NewCompletionTask returns the task that issues the credential of a course completion.
func NewCompletionTask(completionID string) *asynq.Task {
	b, _ := json.Marshal(completionPayload{CompletionID: completionID})
	return asynq.NewTask(TypeIssueCredential, b)
}

// CompletionIDOf returns the completion id a credentials:issue task carries;
// an undecodable payload gives an error wrapping asynq.SkipRetry.
func CompletionIDOf(t *asynq.Task) (string, error) {
	var p completionPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.CompletionID == "" {
		return "", fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	return p.CompletionID, nil
}

// HandleGradeTask is the asynq handler of TypeGradeAttempt.
func (s *Service) HandleGradeTask(ctx context.Context, t *asynq.Task) error {
	var p gradePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.AttemptID == "" {
		return fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	err := s.GradeSubmission(ctx, p.AttemptID)
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("grade attempt %s: %w: %w", p.AttemptID, err, asynq.SkipRetry)
	}
	return err
}

// taskID is the asynq task id of the n-th enqueue of a piece of work. The
// first uses the bare id, so that duplicate submissions collapse into one
// task; re-enqueues by a reconciler get fresh ids, because a task that
// failed for good keeps its id in the queue's archive.
func taskID(id string, n int) string {
	if n == 0 {
		return id
	}
	return id + "#" + strconv.Itoa(n)
}

// enqueueGrading enqueues the grading of an attempt.
func (s *Service) enqueueGrading(ctx context.Context, attemptID string, n int) error {
	if err := s.queue.Enqueue(ctx, NewGradeTask(attemptID), asynq.TaskID(taskID(attemptID, n))); err != nil {
		return fmt.Errorf("enqueue grading of %s: %w", attemptID, err)
	}
	return nil
}

// enqueueCredential enqueues the credential of a completion.
func (s *Service) enqueueCredential(ctx context.Context, completionID string, n int) error {
	if err := s.queue.Enqueue(ctx, NewCompletionTask(completionID), asynq.TaskID(taskID(completionID, n))); err != nil {
		return fmt.Errorf("enqueue credential of %s: %w", completionID, err)
	}
	return nil
}
