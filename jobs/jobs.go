// Package jobs is the asynq transport for background work: the table of task
// types (Specs: queue, timeout, retries, retention, period), a queue to
// enqueue tasks that carry only ids, a worker that runs their handlers with
// the critical queue first, a scheduler that runs periodic work once per
// cluster, and the queues' figures for /metrics. The database stays the
// record of every piece of work; a task lost here is re-enqueued by the
// owning context's reconciler, which also runs as soon as a worker starts.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/hibiken/asynq"
)

// Queue enqueues tasks.
type Queue struct {
	client *asynq.Client
}

// NewQueue returns a queue on the given Redis.
func NewQueue(redis asynq.RedisConnOpt) *Queue {
	return &Queue{client: asynq.NewClient(redis)}
}

// Enqueue adds a task. A task whose id is already queued counts as enqueued:
// callers use task ids to make enqueueing idempotent.
func (q *Queue) Enqueue(ctx context.Context, t *asynq.Task, opts ...asynq.Option) error {
	_, err := q.add(ctx, t, opts...)
	return err
}

// Add enqueues a task unless one with its id is in the queue (waiting,
// running, retrying, archived or kept after it ran), and reports whether it did.
func (q *Queue) Add(ctx context.Context, t *asynq.Task) (bool, error) {
	return q.add(ctx, t)
}

func (q *Queue) add(ctx context.Context, t *asynq.Task, opts ...asynq.Option) (bool, error) {
	_, err := q.client.EnqueueContext(ctx, t, opts...)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		return false, nil
	default:
		return false, fmt.Errorf("enqueue %s: %w", t.Type(), err)
	}
}

// Close releases the queue's connections.
func (q *Queue) Close() error { return q.client.Close() }

// Worker runs task handlers: a main pool serving the critical and default
// queues by priority, and a pool of a quarter of its size for the bulk
// queue, so that bulk work never takes the handlers of the other queues.
type Worker struct {
	main, bulk *asynq.Server
	mux        *asynq.ServeMux
}

// taskCheckInterval is how often an idle handler looks for work.
const taskCheckInterval = 100 * time.Millisecond

// NewWorker returns a worker processing tasks from Redis with the given concurrency.
func NewWorker(redis asynq.RedisConnOpt, concurrency int, log *slog.Logger) *Worker {
	cfg := func(concurrency int, queues map[string]int) asynq.Config {
		return asynq.Config{
			Concurrency: concurrency,
			Queues:      queues,
			// asynq polls Redis, and each idle handler sleeps about this long
			// (from half to one and a half times it) before looking again. At
			// its default of a second a submission waited that long to be
			// graded, and a queue that emptied for a moment left the handlers
			// asleep while new work arrived.
			TaskCheckInterval: taskCheckInterval,
			Logger:            asynqLogger{log.With("component", "worker")},
			LogLevel:          asynq.WarnLevel,
			// Work is idempotent and usually fails for passing reasons (a busy
			// index, a restarting database): retry soon, then back off to 5 minutes.
			RetryDelayFunc: func(n int, _ error, _ *asynq.Task) time.Duration {
				return min(time.Second<<min(n, 9), 5*time.Minute)
			},
			ErrorHandler: asynq.ErrorHandlerFunc(func(_ context.Context, t *asynq.Task, err error) {
				log.Warn("task failed", "type", t.Type(), "err", err)
			}),
		}
	}
	return &Worker{
		main: asynq.NewServer(redis, cfg(concurrency, priorities)),
		bulk: asynq.NewServer(redis, cfg(max(1, concurrency/4), map[string]int{QueueBulk: 1})),
		mux:  asynq.NewServeMux(),
	}
}

// Handle registers the handler for a task type.
func (w *Worker) Handle(taskType string, h asynq.HandlerFunc) { w.mux.HandleFunc(taskType, h) }

// Start begins processing in the background.
func (w *Worker) Start() error {
	if err := w.main.Start(w.mux); err != nil {
		return err
	}
	if err := w.bulk.Start(w.mux); err != nil {
		w.main.Shutdown()
		return err
	}
	return nil
}

// Shutdown stops fetching tasks and waits for running handlers to finish.
func (w *Worker) Shutdown() {
	var wg sync.WaitGroup
	wg.Go(w.bulk.Shutdown)
	wg.Go(w.main.Shutdown)
	wg.Wait()
}

type asynqLogger struct{ log *slog.Logger }

func (l asynqLogger) Debug(args ...any) { l.log.Debug(fmt.Sprint(args...)) }
func (l asynqLogger) Info(args ...any)  { l.log.Info(fmt.Sprint(args...)) }
func (l asynqLogger) Warn(args ...any)  { l.log.Warn(fmt.Sprint(args...)) }
func (l asynqLogger) Error(args ...any) { l.log.Error(fmt.Sprint(args...)) }
func (l asynqLogger) Fatal(args ...any) { l.log.Error(fmt.Sprint(args...)) }
