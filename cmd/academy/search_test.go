package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"academy/content"
	"academy/jobs"
	"academy/services/search"
)

// TestPublishedCourseBecomesSearchable publishes and archives a course in
// production mode (real Redis queue, real Meilisearch) and follows it through
// the worker into and out of search. As in a running process, the reconciler
// runs meanwhile: on a busy machine a task may be retried later than the
// test waits, and the reconciler is what bounds that delay.
func TestPublishedCourseBecomesSearchable(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	// The worker's warnings (failed tasks) go to the test log, to explain a failure.
	worker := jobs.NewWorker(w.ta.p.redis, 4, slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	w.ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)

	found := func() bool {
		var res struct {
			Hits []struct {
				Slug string `json:"slug"`
			} `json:"hits"`
		}
		w.ta.call(t, "GET", "/api/v1/search?q=machne+lerning+basics&type=course", "", nil, &res)
		for _, h := range res.Hits {
			if h.Slug == "publish-by-owner" {
				return true
			}
		}
		return false
	}
	waitFor := func(what string, want bool) {
		t.Helper()
		start := time.Now()
		lastReconcile := start
		for found() != want {
			if time.Since(lastReconcile) > 10*time.Second {
				if _, err := w.ta.catalog.ReconcileIndex(context.Background()); err != nil {
					t.Fatal(err)
				}
				lastReconcile = time.Now()
			}
			if time.Since(start) > time.Minute {
				t.Fatalf("%s: not seen in search after a minute", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Logf("%s: seen in search after %s", what, time.Since(start).Round(time.Millisecond))
	}
	if found() {
		t.Fatal("a draft course is searchable")
	}
	if resp := w.ta.call(t, "POST", "/api/v1/courses/publish-by-owner/publish", w.tokens[ownerStaff], nil, nil); resp.StatusCode != 200 {
		t.Fatalf("publish = %d", resp.StatusCode)
	}
	waitFor("published course", true)
	if resp := w.ta.call(t, "POST", "/api/v1/courses/publish-by-owner/archive", w.tokens[ownerStaff], nil, nil); resp.StatusCode != 200 {
		t.Fatalf("archive = %d", resp.StatusCode)
	}
	waitFor("archived course", false)
}

// testLog writes log lines to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(string(p))
	return len(p), nil
}

// TestReindexCommandRebuildsEveryKind runs `academy reindex` on a seeded
// catalogue whose index lost everything: every published programme,
// course and competition is searchable again.
func TestReindexCommandRebuildsEveryKind(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	report, _, err := ta.seed(ctx, content.Files())
	if err != nil {
		t.Fatal(err)
	}
	if err := ta.index.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := (ReindexCmd{}).Run(ctx, ta.cfg); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	// The seed's 3 competitions are a kind of their own.
	want := report.Programmes.Created + report.Courses.Created + 3
	if n, err := ta.index.Count(ctx); err != nil || n != want || want == 0 {
		t.Errorf("after reindex the index holds %d documents (%v), want the %d seeded", n, err, want)
	}
	res, err := ta.index.Search(ctx, search.Query{Text: "machne lerning", Filters: map[string][]string{search.FacetType: {search.TypeCourse}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Document.Slug != "machine-learning-foundations" {
		t.Errorf("search after reindex found %+v, want machine-learning-foundations first", res.Hits)
	}
}
