package jobs

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/hibiken/asynq"
)

// Scheduler enqueues the periodic task types of a table once per cluster.
// Every worker runs one; each enqueues a period's task under an id made of
// the type and the start of the period on the wall clock, so whichever
// scheduler comes first wins and the others find the id taken, kept for a
// period by the type's Retention even after the task ran. (asynq's own
// Scheduler enqueues a fixed task: of two replicas, both would run a task
// that finished before the other's tick, and its cron specs cannot align
// periods shorter than a minute.)
type Scheduler struct {
	queue *Queue
	specs map[string]Spec
	log   *slog.Logger
}

// NewScheduler returns a scheduler of the periodic types in specs (Specs in production).
func NewScheduler(q *Queue, specs map[string]Spec, log *slog.Logger) *Scheduler {
	return &Scheduler{queue: q, specs: specs, log: log}
}

// Run enqueues every periodic task once at once, so that a worker starting
// after a crash resumes the backlog without waiting for a period, then once
// per period, until ctx ends.
func (s *Scheduler) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for taskType, spec := range s.specs {
		if spec.Every > 0 {
			wg.Go(func() { s.run(ctx, taskType, spec) })
		}
	}
	wg.Wait()
}

func (s *Scheduler) run(ctx context.Context, taskType string, spec Spec) {
	s.enqueue(ctx, taskType, spec, "start")
	for {
		next := time.Now().Truncate(spec.Every).Add(spec.Every)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Until(next)):
		}
		s.enqueue(ctx, taskType, spec, strconv.FormatInt(next.UnixMilli(), 10))
	}
}

// enqueue adds the task of one period; the start run gets an id of its own,
// so every worker that starts runs it.
func (s *Scheduler) enqueue(ctx context.Context, taskType string, spec Spec, period string) {
	opts := spec.options()
	if period != "start" {
		opts = append(opts, asynq.TaskID(taskType+"@"+period))
	}
	if err := s.queue.Enqueue(ctx, asynq.NewTask(taskType, nil, opts...)); err != nil && ctx.Err() == nil {
		s.log.Warn("enqueue periodic task", "type", taskType, "err", err)
	}
}
