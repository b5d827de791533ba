package main

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"academy/jobs"
	"academy/services/kit/guarded"
	"academy/services/learning"
)

// TestRestartResumesLostWork records a submission to grade and a credential
// to issue while no worker runs, empties Redis as an embedded restart does,
// then starts a worker in a new process: both are done within 5 s, without waiting for a
// reconciler's period. The submission is left as a process stopping in the
// submit request leaves it, before the grade it would store there.
func TestRestartResumesLostWork(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t) // the learner has passed the quiz of the public course
	l := w.tokens[learner]
	open := w.ids["open_attempt"]
	if resp := w.ta.call(t, "PUT", "/api/v1/attempts/"+open+"/answers/q1", l, map[string]any{"value": true}, nil); resp.StatusCode != 200 {
		t.Fatalf("answer = %d", resp.StatusCode)
	}
	writes, err := guarded.New(context.Background(), w.ta.p.db)
	if err != nil {
		t.Fatal(err)
	}
	store := learning.NewStore(w.ta.p.db, writes)
	a, err := store.Attempt(context.Background(), open)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if err := store.AddWaiting(context.Background(), open, now); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := store.Submit(context.Background(), open, a.UserID, "", now); err != nil || !ok {
		t.Fatalf("submit: %v, err %v", ok, err)
	}
	if resp := w.ta.call(t, "POST", "/api/v1/me/courses/public-course/items/intro/complete", l, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("complete lesson = %d", resp.StatusCode)
	}
	rdb := w.ta.p.redisClient.(*redis.Client)
	if err := rdb.FlushDB(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}

	// A new process: its queue client does not remember the queues it saw.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	restarted, err := newAcademy(ctx, w.ta.cfg, w.ta.log, w.ta.p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(restarted.Close)
	started := time.Now()
	worker, err := restarted.startWorker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)
	var attempt struct {
		Status string `json:"status"`
	}
	var wallet struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	for attempt.Status != "graded" || len(wallet.Items) == 0 {
		if time.Since(started) > 5*time.Second {
			t.Fatalf("5 s after the worker started: the attempt is %q and the wallet holds %d credentials; want graded and one",
				attempt.Status, len(wallet.Items))
		}
		time.Sleep(50 * time.Millisecond)
		w.ta.call(t, "GET", "/api/v1/attempts/"+open, l, nil, &attempt)
		w.ta.call(t, "GET", "/api/v1/me/credentials", l, nil, &wallet)
	}
	t.Logf("graded and issued %v after the worker started", time.Since(started).Round(time.Millisecond))

	resp := w.ta.call(t, "GET", "/metrics", "", nil, nil)
	b, _ := io.ReadAll(resp.Body)
	// The bulk sweep each worker runs as it starts may still be pending: its
	// count is not asserted, only that the bulk queue is reported.
	for _, want := range []string{`academy_queue_processed_total{queue="critical"}`, `academy_queue_tasks{queue="bulk",state="pending"} `,
		`academy_queue_latency_seconds{queue="default"}`, `academy_queue_failed_total{queue="default"}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// `academy queues` reads Redis when it is configured, the running
	// academy's /metrics otherwise: both tell the same.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = w.ta.app.Listener(ln) }()
	t.Cleanup(func() { _ = w.ta.app.Shutdown() })
	// Background work (the seed's events) may still finish tasks between
	// the two readings: read both again until they agree, for a few seconds.
	var direct, scraped []jobs.QueueStats
	for range 50 {
		if direct, err = queueStats(ctx, w.ta.cfg); err != nil {
			t.Fatal(err)
		}
		if scraped, err = queueStats(ctx, &Config{Addr: ln.Addr().String()}); err != nil {
			t.Fatal(err)
		}
		if direct[0].Processed == scraped[0].Processed {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, stats := range [][]jobs.QueueStats{direct, scraped} {
		if len(stats) != 3 || stats[0].Queue != jobs.QueueCritical || stats[0].Processed < 2 || stats[0].Failed != 0 || stats[2].Queue != jobs.QueueBulk {
			t.Errorf("queue stats %+v, want critical (both tasks processed, none failed), default, bulk", stats)
		}
	}
	if direct[0].Processed != scraped[0].Processed {
		t.Errorf("from Redis %d critical tasks processed, from /metrics %d", direct[0].Processed, scraped[0].Processed)
	}
	var out strings.Builder
	if err := printQueueStats(&out, scraped); err != nil || !strings.Contains(out.String(), "critical") {
		t.Errorf("printed %q (err %v)", out.String(), err)
	}
}
