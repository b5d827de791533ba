package competitions

import (
	"context"
	"time"

	"academy/services/kit/auth"
)

// DefaultFinalWait is the longest a request waiting for a score is held:
// below the idle timeouts of common proxies.
const DefaultFinalWait = 25 * time.Second

// SubmissionWhenFinal returns a submission as Submission does, but while
// it is queued or scoring holds the answer until it is scored or failed,
// the process stops, or Options.FinalWait passes.
func (s *Service) SubmissionWhenFinal(ctx context.Context, p auth.Principal, slug, id string) (SubmissionView, error) {
	// Listening before the first read: a score stored in between still wakes us.
	woken, release := s.final.Wait(id)
	defer release()
	c, sub, host, err := s.readableSubmission(ctx, p, slug, id)
	if err != nil {
		return SubmissionView{}, err
	}
	if sub.final() {
		return s.submissionView(ctx, c, sub, host)
	}
	timeout := time.NewTimer(s.finalWait)
	defer timeout.Stop()
	var poll <-chan time.Time
	if s.finalPoll > 0 {
		t := time.NewTicker(s.finalPoll)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case <-woken:
		case <-poll:
			if sub, err = s.store.Submission(ctx, id); err != nil {
				return SubmissionView{}, err
			}
			if !sub.final() {
				continue
			}
		case <-timeout.C:
		case <-s.stop:
		case <-ctx.Done():
		}
		return s.Submission(ctx, p, slug, id)
	}
}
