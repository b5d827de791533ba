package competitions

import (
	"context"
	"sync"
	"time"

	"academy/services/kit/auth"
)

// DefaultFinalWait is the longest a request waiting for a score is held:
// below the idle timeouts of common proxies.
const DefaultFinalWait = 25 * time.Second

// waiters wakes the requests of this process waiting for a submission to
// be final when it becomes final here.
type waiters struct {
	mu      sync.Mutex
	waiting map[string]*waiting
}

type waiting struct {
	woken chan struct{}
	n     int
}

// wait returns a channel closed when the submission is final, and the
// release the caller must call once it stops waiting.
func (w *waiters) wait(id string) (<-chan struct{}, func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.waiting == nil {
		w.waiting = map[string]*waiting{}
	}
	g, ok := w.waiting[id]
	if !ok {
		g = &waiting{woken: make(chan struct{})}
		w.waiting[id] = g
	}
	g.n++
	return g.woken, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		if g.n--; g.n == 0 && w.waiting[id] == g {
			delete(w.waiting, id)
		}
	}
}

// wake releases every request waiting for the submission.
func (w *waiters) wake(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if g, ok := w.waiting[id]; ok {
		close(g.woken)
		delete(w.waiting, id)
	}
}

// SubmissionWhenFinal returns a submission as Submission does, but while
// it is queued or scoring holds the answer until it is scored or failed,
// the process stops, or Options.FinalWait passes.
func (s *Service) SubmissionWhenFinal(ctx context.Context, p auth.Principal, slug, id string) (SubmissionView, error) {
	// Listening before the first read: a score stored in between still wakes us.
	woken, release := s.final.wait(id)
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
