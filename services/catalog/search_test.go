package catalog_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"academy/services/catalog"
	"academy/services/search"
	"academy/services/search/indexing"
)

// searchEnv is a catalogue with one published programme and one published
// course, both indexed through the queue.
func searchEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("msc-ai"), 201, nil)
	e.mustCall(t, "POST", "/api/v1/programmes/msc-ai/publish", staffOwner, nil, 200, nil)
	e.createPublishedCourse(t, "ml-basics")
	if n := e.queue.drain(t, e.indexer.HandleTask); n != 2 {
		t.Fatalf("ran %d index tasks, want 2 (one per published item)", n)
	}
	return e
}

func (e *env) search(t *testing.T, query string) catalog.SearchResponse {
	t.Helper()
	var res catalog.SearchResponse
	e.mustCall(t, "GET", "/api/v1/search?"+query, "", nil, 200, &res)
	return res
}

func hitSlugs(res catalog.SearchResponse) []string {
	var slugs []string
	for _, h := range res.Hits {
		slugs = append(slugs, h.Slug)
	}
	slices.Sort(slugs)
	return slugs
}

func TestSearch(t *testing.T) {
	e := searchEnv(t)
	cases := []struct {
		name  string
		query string
		want  []string
	}{
		{"typo in the title", "q=machine+lerning", []string{"ml-basics", "msc-ai"}},
		{"alternative skill label acts as a synonym", "q=statistical+learning", []string{"ml-basics", "msc-ai"}},
		{"German skill label", "q=maschinelles&lang=de", []string{"ml-basics", "msc-ai"}},
		{"type facet", "type=programme", []string{"msc-ai"}},
		{"several values of one facet", "type=programme,course", []string{"ml-basics", "msc-ai"}},
		{"a facet repeated", "type=programme&type=course", []string{"ml-basics", "msc-ai"}},
		{"cycle facet", "cycle=master", []string{"msc-ai"}},
		{"ECTS range", "ects_min=10&ects_max=200", []string{"msc-ai"}},
		{"EQF range", "eqf_max=5", []string{"ml-basics"}},
		{"non-EU tuition converted to euros per year", "type=programme&fee_group=non_eu&tuition_max=2000", []string{"msc-ai"}},
		{"non-EU tuition above the maximum", "type=programme&fee_group=non_eu&tuition_max=1999", nil},
		{"country facet", "country=FR", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := hitSlugs(e.search(t, tc.query)); !slices.Equal(got, tc.want) {
				t.Errorf("%s found %v, want %v", tc.query, got, tc.want)
			}
		})
	}
	t.Run("hits carry the listing fields and facets count values", func(t *testing.T) {
		res := e.search(t, "q=machine&type=programme")
		if res.Total != 1 || len(res.Hits) != 1 {
			t.Fatalf("total %d hits %d, want 1", res.Total, len(res.Hits))
		}
		h := res.Hits[0]
		if h.Type != "programme" || h.InstitutionName != "Belfry University" || h.Cycle != "master" || h.ECTS != 120 || h.Country != "BE" || h.ID == "" {
			t.Errorf("hit %+v lacks its listing fields", h)
		}
		if res.Facets["cycle"]["master"] != 1 || res.Facets["type"]["programme"] != 1 {
			t.Errorf("facets %v, want cycle master and type programme counted once", res.Facets)
		}
	})
	t.Run("paging", func(t *testing.T) {
		first := e.search(t, "limit=1&sort=title")
		if len(first.Hits) != 1 || first.NextCursor == "" {
			t.Fatalf("first page %+v, want one hit and a cursor", first)
		}
		second := e.search(t, "limit=1&sort=title&cursor="+first.NextCursor)
		if len(second.Hits) != 1 || second.Hits[0].Slug == first.Hits[0].Slug || second.NextCursor != "" {
			t.Errorf("second page %+v, want the other hit and no cursor", second)
		}
	})
}

func TestSearchRejectsBadFilters(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ query, field string }{
		{"country=France", "country"},
		{"ects_min=abc", "ects_min"},
		{"eqf_min=9", "eqf_min"},
		{"ects_min=10&ects_max=5", "ects"},
		{"sort=price", "sort"},
		{"type=podcast", "type"},
		{"colour=red", "colour"},
		{"fee_group=student", "fee_group"},
		{"limit=0", "limit"},
		{"q=" + strings.Repeat("a", 700), "q"},
	}
	for _, tc := range cases {
		t.Run(tc.query[:min(len(tc.query), 40)], func(t *testing.T) {
			status, b := e.call(t, "GET", "/api/v1/search?"+tc.query, "", nil)
			if status != 400 || !slices.Contains(problemFields(t, b), tc.field) {
				t.Errorf("status %d fields %v, want 400 naming %s: %s", status, problemFields(t, b), tc.field, b)
			}
		})
	}
}

func TestIndexFollowsPublication(t *testing.T) {
	e := searchEnv(t)
	ctx := context.Background()
	if n, err := e.svc.ReconcileIndex(ctx); err != nil || n != 0 {
		t.Fatalf("reconcile after indexing enqueued %d (%v), want nothing stale", n, err)
	}
	e.mustCall(t, "POST", "/api/v1/programmes/msc-ai/archive", staffOwner, nil, 200, nil)
	e.queue.drain(t, e.indexer.HandleTask)
	if got := hitSlugs(e.search(t, "q=machine")); !slices.Equal(got, []string{"ml-basics"}) {
		t.Errorf("after archiving the programme the search finds %v, want only ml-basics", got)
	}

	t.Run("a lost task is enqueued again by the reconciler, once", func(t *testing.T) {
		e.mustCall(t, "PATCH", "/api/v1/courses/ml-basics", staffOwner, map[string]any{"slug": "ml-foundations"}, 200, nil)
		for _, id := range e.queue.pending(t) {
			if err := e.queue.inspector.DeleteTask("default", id); err != nil {
				t.Fatal(err)
			}
		}
		for range 2 {
			if n, err := e.svc.ReconcileIndex(ctx); err != nil || n != 1 {
				t.Fatalf("reconcile enqueued %d (%v), want the renamed course", n, err)
			}
		}
		if pending := e.queue.pending(t); len(pending) != 1 {
			t.Fatalf("pending tasks %v, want the two enqueues collapsed into one", pending)
		}
		e.queue.drain(t, e.indexer.HandleTask)
		if got := hitSlugs(e.search(t, "q=machine")); !slices.Equal(got, []string{"ml-foundations"}) {
			t.Errorf("search finds %v, want the new slug", got)
		}
		if n, _ := e.svc.ReconcileIndex(ctx); n != 0 {
			t.Errorf("reconcile after indexing enqueued %d, want 0", n)
		}
	})
	t.Run("an undecodable payload is not retried", func(t *testing.T) {
		err := e.indexer.HandleTask(ctx, asynq.NewTask(indexing.TypeTask, []byte("{oops")))
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("error %v, want one wrapping asynq.SkipRetry", err)
		}
	})
}

func TestReindexAndEnsureIndex(t *testing.T) {
	e := searchEnv(t)
	ctx := context.Background()
	fresh := newIndex(t)
	indexer := indexing.New(nil)
	indexer.Register(fresh, e.svc.SearchKinds()...)
	var calls [][2]int
	counts, err := indexer.Reindex(ctx, func(done, total int) { calls = append(calls, [2]int{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(counts, map[string]int{catalog.KindProgramme: 1, catalog.KindCourse: 1}) {
		t.Errorf("reindex counts %+v, want one programme and one course", counts)
	}
	if last := calls[len(calls)-1]; last != [2]int{2, 2} {
		t.Errorf("last progress %v, want 2 of 2", last)
	}
	if n, err := fresh.Count(ctx); err != nil || n != 2 {
		t.Errorf("rebuilt index holds %d documents (%v), want 2", n, err)
	}

	if err := e.index.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.indexer.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := e.index.Count(ctx); err != nil || n != 2 {
		t.Errorf("after EnsureIndex on an emptied index it holds %d documents (%v), want 2", n, err)
	}
}

func TestTuitionPerYearEUR(t *testing.T) {
	cases := []struct {
		name      string
		tuition   catalog.Tuition
		semesters int
		want      float64
	}{
		{"yearly euros", catalog.Tuition{Amount: 1138, Currency: "EUR", Period: "year"}, 2, 1138},
		{"total over two years", catalog.Tuition{Amount: 10000, Currency: "EUR", Period: "total"}, 4, 5000},
		{"total of a short programme counts as one year", catalog.Tuition{Amount: 3900, Currency: "EUR", Period: "total"}, 1, 3900},
		{"per semester", catalog.Tuition{Amount: 500, Currency: "EUR", Period: "semester"}, 4, 1000},
		{"Czech crowns", catalog.Tuition{Amount: 90000, Currency: "CZK", Period: "year"}, 4, 3600},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := catalog.TuitionPerYearEUR(tc.tuition, tc.semesters); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// editDuringWrite is an index whose first write lets an edit land while the
// write is in flight, as when two index tasks for one item overlap.
type editDuringWrite struct {
	search.Index
	edit func()
	done bool
}

func (x *editDuringWrite) Upsert(ctx context.Context, docs ...search.Document) error {
	if err := x.Index.Upsert(ctx, docs...); err != nil {
		return err
	}
	if !x.done {
		x.done = true
		x.edit()
	}
	return nil
}

func TestIndexingCatchesAnEditMadeWhileWriting(t *testing.T) {
	idx := &editDuringWrite{Index: newIndex(t)}
	e := newEnvWithIndex(t, idx)
	e.createPublishedCourse(t, "ml-basics")
	// The course is archived while its published document is being written.
	idx.edit = func() { e.mustCall(t, "POST", "/api/v1/courses/ml-basics/archive", staffOwner, nil, 200, nil) }
	course, err := e.svc.CourseBySlug(context.Background(), "ml-basics")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.indexer.IndexItem(context.Background(), catalog.KindCourse, course.ID); err != nil {
		t.Fatal(err)
	}
	if got := hitSlugs(e.search(t, "q=machine")); len(got) != 0 {
		t.Fatalf("search finds %v after the course was archived mid-write, want nothing", got)
	}
}
