package jobs_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"

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

// redisOpt reserves a real Redis database for the test.
func redisOpt(t *testing.T) asynq.RedisClientOpt {
	t.Helper()
	r := testenv.Redis(t)
	return asynq.RedisClientOpt{Addr: r.Addr, Password: r.Password, DB: r.DB}
}

// startWorker starts a worker with the given handlers and stops it at the end of the test.
func startWorker(t *testing.T, opt asynq.RedisClientOpt, handlers map[string]asynq.HandlerFunc) {
	t.Helper()
	w := jobs.NewWorker(opt, 8, slog.New(slog.DiscardHandler))
	for typ, h := range handlers {
		w.Handle(typ, h)
	}
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Shutdown)
}

// TestBulkFloodDoesNotDelayGrading times a grading task on idle queues,
// then behind 1,000 queued bulk tasks: the learner's grade must not wait
// for the flood.
func TestBulkFloodDoesNotDelayGrading(t *testing.T) {
	opt := redisOpt(t)
	q := jobs.NewQueue(opt)
	defer q.Close()
	insp := jobs.NewInspector(opt)
	defer insp.Close()
	graded := make(chan string, 2)
	var bulkDone atomic.Int32
	startWorker(t, opt, map[string]asynq.HandlerFunc{
		jobs.TypeGrade: func(_ context.Context, task *asynq.Task) error {
			id, err := jobs.AttemptIDOf(task)
			graded <- id
			return err
		},
		"test:bulk": func(context.Context, *asynq.Task) error {
			time.Sleep(20 * time.Millisecond) // a scoring or matching step
			bulkDone.Add(1)
			return nil
		},
	})
	ctx := context.Background()
	grade := func(id string) time.Duration {
		t.Helper()
		start := time.Now()
		if err := q.Enqueue(ctx, jobs.NewGradeTask(id, 0)); err != nil {
			t.Fatal(err)
		}
		select {
		case got := <-graded:
			if got != id {
				t.Fatalf("graded %s, want %s", got, id)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("attempt %s was not graded within 30 s", id)
		}
		return time.Since(start)
	}
	grade("warm-up")
	idle := grade("on-idle-queues")

	for i := range 1000 {
		if err := q.Enqueue(ctx, asynq.NewTask("test:bulk", nil, asynq.Queue(jobs.QueueBulk), asynq.TaskID(fmt.Sprint("bulk-", i)))); err != nil {
			t.Fatal(err)
		}
	}
	for bulkDone.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	flooded := grade("behind-the-flood")
	stats, err := insp.Stats()
	if err != nil {
		t.Fatal(err)
	}
	var left int
	for _, s := range stats {
		if s.Queue == jobs.QueueBulk {
			left = s.Pending + s.Active
		}
	}
	t.Logf("graded in %v on idle queues, in %v behind the flood (%d bulk tasks still queued)", idle, flooded, left)
	if left < 500 {
		t.Fatalf("only %d bulk tasks were left when the grade came: the flood was not in the way", left)
	}
	if bound := 3*idle + 500*time.Millisecond; flooded > bound {
		t.Errorf("behind 1,000 bulk tasks the grade took %v, more than %v (3× the %v it took on idle queues, + 0.5 s)", flooded, bound, idle)
	}
}

// TestUndecodablePayloadIsNotRetried checks that a task whose payload does
// not decode is archived after one run, and counted as a failure of its queue.
func TestUndecodablePayloadIsNotRetried(t *testing.T) {
	opt := redisOpt(t)
	q := jobs.NewQueue(opt)
	defer q.Close()
	var runs atomic.Int32
	startWorker(t, opt, map[string]asynq.HandlerFunc{
		jobs.TypeGrade: func(_ context.Context, task *asynq.Task) error {
			runs.Add(1)
			_, err := jobs.AttemptIDOf(task)
			return err
		},
	})
	if err := q.Enqueue(context.Background(), jobs.NewTask(jobs.TypeGrade, []byte("{oops"), asynq.TaskID("bad"))); err != nil {
		t.Fatal(err)
	}
	raw := asynq.NewInspector(opt)
	defer raw.Close()
	var info *asynq.TaskInfo
	deadline := time.Now().Add(15 * time.Second)
	for {
		var err error
		info, err = raw.GetTaskInfo(jobs.QueueCritical, "bad")
		if err != nil {
			t.Fatal(err)
		}
		if info.State == asynq.TaskStateArchived || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // room for a retry to show up
	if info.State != asynq.TaskStateArchived || info.Retried != 0 || runs.Load() != 1 {
		t.Fatalf("the task is %v after %d retries and %d runs; want archived after one run", info.State, info.Retried, runs.Load())
	}
	if info.MaxRetry != jobs.Specs[jobs.TypeGrade].MaxRetry || info.Timeout != jobs.Specs[jobs.TypeGrade].Timeout {
		t.Errorf("the task has MaxRetry %d and Timeout %v, want those of jobs.Specs", info.MaxRetry, info.Timeout)
	}

	insp := jobs.NewInspector(opt)
	defer insp.Close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(jobs.NewCollector(insp, slog.New(slog.DiscardHandler)))
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			key := f.GetName()
			for _, l := range m.GetLabel() {
				key += " " + l.GetName() + "=" + l.GetValue()
			}
			got[key] = m.GetGauge().GetValue() + m.GetCounter().GetValue()
		}
	}
	for key, want := range map[string]float64{
		"academy_queue_tasks queue=critical state=archived": 1,
		"academy_queue_tasks queue=critical state=pending":  0,
		"academy_queue_failed_total queue=critical":         1,
		"academy_queue_processed_total queue=critical":      1,
		"academy_queue_tasks queue=bulk state=pending":      0,
	} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %v (exported: %v), want %v", key, v, ok, want)
		}
	}
}

// TestPeriodicTaskRunsOncePerCluster runs two workers, each with its
// scheduler, on one Redis: each period's task runs once, and each worker's
// start runs it once more.
func TestPeriodicTaskRunsOncePerCluster(t *testing.T) {
	opt := redisOpt(t)
	specs := map[string]jobs.Spec{"test:tick": {Queue: jobs.QueueDefault, Every: time.Second, Retention: time.Second}}
	var mu sync.Mutex
	runs := map[string]int{}
	tick := func(ctx context.Context, _ *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		mu.Lock()
		runs[id]++
		mu.Unlock()
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		startWorker(t, opt, map[string]asynq.HandlerFunc{"test:tick": tick})
		q := jobs.NewQueue(opt)
		defer q.Close()
		s := jobs.NewScheduler(q, specs, slog.New(slog.DiscardHandler))
		wg.Go(func() { s.Run(ctx) })
	}
	time.Sleep(4500 * time.Millisecond)
	cancel()
	wg.Wait()
	time.Sleep(500 * time.Millisecond) // the last period's task runs

	mu.Lock()
	defer mu.Unlock()
	periods, starts := 0, 0
	for id, n := range runs {
		if strings.HasPrefix(id, "test:tick@") {
			periods++
			if n != 1 {
				t.Errorf("period task %s ran %d times, want once", id, n)
			}
		} else {
			starts += n
		}
	}
	if periods < 4 || periods > 5 {
		t.Errorf("%d periods ran in 4.5 s of a 1 s period, want 4 or 5: %v", periods, runs)
	}
	if starts != 2 {
		t.Errorf("the task ran %d times at the workers' start, want once per worker", starts)
	}
}
