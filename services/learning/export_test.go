package learning

import "context"

// SetAfterGrade installs a hook that runs between grading an attempt and
// storing its result, so that a test can stop a worker there.
func SetAfterGrade(s *Service, f func(ctx context.Context, attemptID string) error) { s.afterGrade = f }

// GradeOnQueueOnly makes s leave every submission to the grading task, as
// it does those that need staff, so that a test can follow the task's path.
func GradeOnQueueOnly(s *Service) *Service {
	s.queueOnly = true
	return s
}

// GradeWaiters counts the requests waiting for the grade of an attempt.
func GradeWaiters(s *Service, attemptID string) int {
	return s.graded.Count(attemptID)
}
