package competitions_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/competitions"
	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/indexing"
	"academy/services/search/meili"
	"academy/services/search/meilitest"
)

// TestCompetitionsAreSearchable publishes a running and an upcoming
// competition beside a draft: publishing queues their indexing, now and at
// the upcoming one's start, and on both backends they are found by their
// English names, by the French and German words of their tags, and
// filtered by status, metric type and host, while the draft is not found.
func TestCompetitionsAreSearchable(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "palmer-penguins", func(in *competitions.CompetitionInput) {
		in.Title, in.Tags = "Palmer Penguins: Tell the Species Apart", []string{"classification", "pingouins", "pinguine"}
	})
	later := start.Add(10 * 24 * time.Hour)
	e.publish(t, "seattle-weather", func(in *competitions.CompetitionInput) {
		in.Title, in.Summary, in.Overview = "Seattle Weather: Estimate the Day's High", "Estimate the maximum temperature of a day in Seattle.", "NOAA daily observations."
		in.Tags, in.Level = []string{"regression", "wetter", "meteo"}, "intermediate"
		in.StartAt, in.Phases[0].StartAt = later, later
	})
	draft := input("owl-draft")
	draft.Title = "Penguins of the draft"
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, draft).Want(t, 201, nil)

	// Each now; the upcoming one at its start; both at their end.
	var when []time.Time
	for _, list := range []func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error){e.inspector.ListPendingTasks, e.inspector.ListScheduledTasks} {
		tasks, err := list(jobs.QueueDefault, asynq.PageSize(1000))
		if err != nil {
			t.Fatal(err)
		}
		for _, ti := range tasks {
			if ti.Type == indexing.TypeTask && strings.Contains(string(ti.Payload), search.TypeCompetition) {
				when = append(when, ti.NextProcessAt.UTC())
			}
		}
	}
	atStart, atEnd := 0, 0
	for _, at := range when {
		atStart += map[bool]int{true: 1}[at.Equal(later)]
		atEnd += map[bool]int{true: 1}[at.Equal(end)]
	}
	if len(when) != 5 || atStart != 1 || atEnd != 2 {
		t.Errorf("competition indexing tasks at %v; want 5: one each now, the upcoming one's at its start, both at their end", when)
	}

	backends := []struct {
		name string
		open func(t *testing.T) search.Index
	}{
		{"bleve", func(t *testing.T) search.Index {
			idx, err := bleve.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { idx.Close() })
			return idx
		}},
		{"meilisearch", func(t *testing.T) search.Index {
			url, key := meilitest.URL(t)
			idx, err := meili.New(meili.Config{URL: url, APIKey: key, IndexPrefix: meilitest.UniqueName("competitions") + "_"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { idx.Reset(context.Background()); idx.Close() })
			return idx
		}},
	}
	ctx := context.Background()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			idx := b.open(t)
			reg := indexing.New(nil)
			reg.Register(idx, e.svc.SearchKinds()...)
			if counts, err := reg.Reindex(ctx, nil); err != nil || counts[search.TypeCompetition] != 2 {
				t.Fatalf("reindex = %v, %v; want the 2 published competitions", counts, err)
			}
			tests := []struct {
				name    string
				q       search.Query
				want    []string
				facet   string
				buckets map[string]int
			}{
				{"english name", search.Query{Text: "penguins"}, []string{"palmer-penguins"}, "", nil},
				{"french tag", search.Query{Text: "pingouins", Language: "fr"}, []string{"palmer-penguins"}, "", nil},
				{"german tag", search.Query{Text: "Wetter", Language: "de"}, []string{"seattle-weather"}, "", nil},
				{"upcoming", search.Query{Filters: map[string][]string{search.FacetStatus: {competitions.StatusUpcoming}}}, []string{"seattle-weather"}, "", nil},
				{"by status", search.Query{Filters: map[string][]string{search.FacetType: {search.TypeCompetition}}, Facets: []string{search.FacetStatus}},
					[]string{"palmer-penguins", "seattle-weather"}, search.FacetStatus, map[string]int{"running": 1, "upcoming": 1}},
				{"by metric type and host", search.Query{Filters: map[string][]string{search.FacetMetricType: {"classification"}, search.FacetInstitution: {"belfry"}}},
					[]string{"palmer-penguins", "seattle-weather"}, "", nil},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					tt.q.Limit = 10
					res, err := idx.Search(ctx, tt.q)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, h := range res.Hits {
						if h.Document.Type != search.TypeCompetition {
							t.Errorf("hit %s is a %q, want a competition", h.Document.Slug, h.Document.Type)
						}
						got = append(got, h.Document.Slug)
					}
					slices.Sort(got)
					if !slices.Equal(got, tt.want) {
						t.Errorf("hits %v, want %v", got, tt.want)
					}
					if tt.facet != "" {
						buckets := res.Facets[tt.facet]
						for v, n := range tt.buckets {
							if buckets[v] != n {
								t.Errorf("facet %s = %v, want %v", tt.facet, buckets, tt.buckets)
							}
						}
					}
				})
			}
		})
	}
}

// TestStatusReconcilerCatchesUpAfterALostSchedule publishes an upcoming
// competition and indexes it; the queue then loses the indexing scheduled
// at its start, as an embedded restart does. Once its start has passed,
// the status reconciler queues it again, and search shows it running, as
// the list does; a second run finds nothing more to do.
func TestStatusReconcilerCatchesUpAfterALostSchedule(t *testing.T) {
	e := newEnv(t)
	later := start.Add(10 * 24 * time.Hour)
	e.publish(t, "seattle-weather", func(in *competitions.CompetitionInput) {
		in.StartAt, in.Phases[0].StartAt = later, later
	})
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	reg := indexing.New(nil)
	reg.Register(idx, e.svc.SearchKinds()...)
	ctx := context.Background()
	// indexPending runs the indexing tasks waiting in the queue, as the worker would.
	indexPending := func() int {
		tasks, err := e.inspector.ListPendingTasks(jobs.QueueDefault, asynq.PageSize(1000))
		if err != nil && !strings.Contains(err.Error(), "not found") {
			t.Fatal(err)
		}
		n := 0
		for _, ti := range tasks {
			if ti.Type != indexing.TypeTask {
				continue
			}
			if err := reg.HandleTask(ctx, asynq.NewTask(ti.Type, ti.Payload)); err != nil {
				t.Fatal(err)
			}
			if err := e.inspector.DeleteTask(jobs.QueueDefault, ti.ID); err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	status := func() string {
		res, err := idx.Search(ctx, search.Query{Filters: map[string][]string{search.FacetType: {search.TypeCompetition}}, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 {
			t.Fatalf("search found %d competitions, want seattle-weather", len(res.Hits))
		}
		return res.Hits[0].Document.Status
	}
	if n := indexPending(); n != 1 || status() != competitions.StatusUpcoming {
		t.Fatalf("after publishing, %d tasks indexed it %q; want it upcoming", n, status())
	}
	if n, err := e.svc.ReconcileStatus(ctx); err != nil || n != 0 {
		t.Fatalf("reconcile before the start = %d, %v; want nothing to do", n, err)
	}
	if _, err := e.inspector.DeleteAllScheduledTasks(jobs.QueueDefault); err != nil {
		t.Fatal(err)
	}

	e.clock.Set(later.Add(time.Hour))
	if got := status(); got != competitions.StatusUpcoming {
		t.Fatalf("search shows %q before any reconcile, want the stale upcoming", got)
	}
	if n, err := e.svc.ReconcileStatus(ctx); err != nil || n != 1 {
		t.Fatalf("reconcile after the start = %d, %v; want the competition queued", n, err)
	}
	indexPending()
	if got := status(); got != competitions.StatusRunning {
		t.Errorf("search shows %q after the reconcile, want running", got)
	}
	var list struct {
		Items []struct{ Slug, Status string } `json:"items"`
	}
	e.call(t, "GET", "/competitions?status=running", "", nil).Want(t, 200, &list)
	if len(list.Items) != 1 || list.Items[0].Slug != "seattle-weather" {
		t.Errorf("running competitions = %+v, want seattle-weather", list.Items)
	}
	if n, err := e.svc.ReconcileStatus(ctx); err != nil || n != 0 {
		t.Errorf("a second reconcile = %d, %v; want nothing more to do", n, err)
	}
}
