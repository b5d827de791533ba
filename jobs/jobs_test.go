package jobs_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// TestEnqueueIsIdempotentByTaskID enqueues the same work twice on a real
// Redis and checks the second enqueue succeeds and the work runs once.
func TestEnqueueIsIdempotentByTaskID(t *testing.T) {
	r := testenv.Redis(t)
	opt := asynq.RedisClientOpt{Addr: r.Addr, DB: r.DB}
	q := jobs.NewQueue(opt)
	defer q.Close()
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := q.Enqueue(ctx, asynq.NewTask("test:count", []byte(`{"id":"a1"}`), asynq.TaskID("count:a1"))); err != nil {
			t.Fatalf("enqueue #%d: %v", i+1, err)
		}
	}
	var runs atomic.Int32
	w := jobs.NewWorker(opt, 2, slog.New(slog.DiscardHandler))
	w.Handle("test:count", func(context.Context, *asynq.Task) error { runs.Add(1); return nil })
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for runs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // room for a duplicate to show up
	w.Shutdown()
	if got := runs.Load(); got != 1 {
		t.Fatalf("the task ran %d times, want once", got)
	}
}
