package learning

import "context"

// SetAfterGrade installs a hook that runs between grading an attempt and
// storing its result, so that a test can stop a worker there.
func SetAfterGrade(s *Service, f func(ctx context.Context, attemptID string) error) { s.afterGrade = f }
