package indexing_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"testing"

	"github.com/hibiken/asynq"

	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/indexing"
)

// items is a context's store reduced to what a source reads: documents with revisions.
type items struct {
	kind    string
	mu      sync.Mutex
	docs    map[string]search.Document
	revs    map[string]int
	hidden  map[string]bool // items not searchable (drafts)
	indexed map[string]int  // revision recorded as indexed
}

func newItems(kind string) *items {
	return &items{kind: kind, docs: map[string]search.Document{}, revs: map[string]int{}, hidden: map[string]bool{}, indexed: map[string]int{}}
}

// put creates or changes an item and returns its new revision.
func (s *items) put(id, title string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revs[id]++
	s.docs[id] = search.Document{ID: search.DocumentID(s.kind, id), Type: s.kind, Slug: id, Title: title}
	return s.revs[id]
}

func (s *items) Document(_ context.Context, id string) (search.Document, bool, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rev, ok := s.revs[id]
	return s.docs[id], ok && !s.hidden[id], rev, nil
}

func (s *items) Revision(_ context.Context, id string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.revs[id], nil
}

func (s *items) Indexed(_ context.Context, id string, rev int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rev == s.revs[id] {
		s.indexed[id] = rev
	}
	return nil
}

func (s *items) Searchable(context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.docs) - len(s.hidden), nil
}

func (s *items) Each(_ context.Context, fn func([]indexing.Item) error) error {
	s.mu.Lock()
	var batch []indexing.Item
	for id, d := range s.docs {
		if !s.hidden[id] {
			batch = append(batch, indexing.Item{ID: id, Revision: s.revs[id], Document: d, Recorded: s.indexed[id] == s.revs[id]})
		}
	}
	s.mu.Unlock()
	return fn(batch)
}

func newIndex(t *testing.T) search.Index {
	t.Helper()
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func titles(t *testing.T, idx search.Index) map[string]string {
	t.Helper()
	res, err := idx.Search(t.Context(), search.Query{Limit: search.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, h := range res.Hits {
		out[h.Document.ID] = h.Document.Title
	}
	return out
}

// world has courses in a public index and competitions in an index of their own, as talent
// profiles will have.
type world struct {
	public, private      search.Index
	courses, competition *items
	reg                  *indexing.Registry
}

func newWorld(t *testing.T) *world {
	w := &world{public: newIndex(t), private: newIndex(t), courses: newItems(search.TypeCourse), competition: newItems(search.TypeCompetition)}
	w.reg = indexing.New(nil)
	w.reg.Register(w.public, indexing.Kind{Name: search.TypeCourse, Source: w.courses})
	w.reg.Register(w.private, indexing.Kind{Name: search.TypeCompetition, Source: w.competition})
	return w
}

func TestTasksGoToTheirKindsIndex(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	w.courses.put("ml", "Machine learning")
	w.competition.put("challenge", "AI challenge")
	for _, task := range []*asynq.Task{indexing.NewTask(search.TypeCourse, "ml", 1), indexing.NewTask(search.TypeCompetition, "challenge", 1)} {
		if err := w.reg.HandleTask(ctx, task); err != nil {
			t.Fatalf("HandleTask: %v", err)
		}
	}
	if got := titles(t, w.public); !maps.Equal(got, map[string]string{"course:ml": "Machine learning"}) {
		t.Errorf("public index holds %v, want only the course", got)
	}
	if got := titles(t, w.private); !maps.Equal(got, map[string]string{"competition:challenge": "AI challenge"}) {
		t.Errorf("own index holds %v, want only the competition", got)
	}
	if w.courses.indexed["ml"] != 1 || w.competition.indexed["challenge"] != 1 {
		t.Errorf("recorded revisions %v %v, want 1 for each item", w.courses.indexed, w.competition.indexed)
	}

	w.courses.mu.Lock()
	w.courses.hidden["ml"] = true
	w.courses.revs["ml"]++
	w.courses.mu.Unlock()
	if err := w.reg.IndexItem(ctx, search.TypeCourse, "ml"); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, w.public); len(got) != 0 {
		t.Errorf("after the course was withdrawn the public index holds %v, want nothing", got)
	}
}

func TestBadTasksAreNotRetried(t *testing.T) {
	w := newWorld(t)
	for _, payload := range []string{"{oops", `{"kind":"course"}`, `{"kind":"talent","id":"x"}`} {
		err := w.reg.HandleTask(t.Context(), asynq.NewTask(indexing.TypeTask, []byte(payload)))
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("payload %s: error %v, want one wrapping asynq.SkipRetry", payload, err)
		}
	}
}

func TestReindexRebuildsEveryIndex(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	for i := range 3 {
		w.courses.put(fmt.Sprint("c", i), "Course")
	}
	w.competition.put("challenge", "AI challenge")
	stale := search.Document{ID: "course:gone", Type: search.TypeCourse, Title: "Deleted meanwhile"}
	if err := w.public.Upsert(ctx, stale); err != nil {
		t.Fatal(err)
	}
	var last [2]int
	counts, err := w.reg.Reindex(ctx, func(done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(counts, map[string]int{search.TypeCourse: 3, search.TypeCompetition: 1}) || last != [2]int{4, 4} {
		t.Errorf("counts %v, last progress %v; want 3 courses and 1 competition, 4 of 4", counts, last)
	}
	if got := titles(t, w.public); len(got) != 3 || got["course:gone"] != "" {
		t.Errorf("public index holds %v, want the 3 courses and not the deleted one", got)
	}
	if got := titles(t, w.private); len(got) != 1 {
		t.Errorf("own index holds %v, want the competition", got)
	}
	if len(w.courses.indexed) != 3 {
		t.Errorf("recorded %v, want every course's revision", w.courses.indexed)
	}
}

func TestEnsureRebuildsOnlyAnEmptyIndex(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	w.courses.put("ml", "Machine learning")
	w.competition.put("challenge", "AI challenge")
	if _, err := w.reg.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.private.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	w.courses.put("ml", "Renamed, its task still queued")
	if err := w.reg.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, w.private); len(got) != 1 {
		t.Errorf("emptied index holds %v after Ensure, want the competition back", got)
	}
	if got := titles(t, w.public); got["course:ml"] != "Machine learning" {
		t.Errorf("public index holds %v, want it left as it was", got)
	}
}

// TestOverlappingRunsEndOnTheLatestRevision releases 50 edits of one item, each followed by its
// index run, at the same instant: whatever order the writes reach the index in, it ends holding
// the latest revision, recorded as indexed.
func TestOverlappingRunsEndOnTheLatestRevision(t *testing.T) {
	w := newWorld(t)
	w.courses.put("ml", "v0")
	const n = 50
	start := make(chan struct{})
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			w.courses.put("ml", fmt.Sprint("v", i+1))
			errs <- w.reg.IndexItem(context.Background(), search.TypeCourse, "ml")
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("IndexItem: %v", err)
		}
	}
	w.courses.mu.Lock()
	want, rev, recorded := w.courses.docs["ml"].Title, w.courses.revs["ml"], w.courses.indexed["ml"]
	w.courses.mu.Unlock()
	if got := titles(t, w.public)["course:ml"]; got != want || recorded != rev {
		t.Errorf("index holds %q with revision %d recorded; want %q, revision %d", got, recorded, want, rev)
	}
}
