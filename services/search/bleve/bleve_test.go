package bleve

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	blevesearch "github.com/blevesearch/bleve/v2"

	"academy/services/search"
	"academy/services/search/searchtest"
)

// newIndex opens an index in a directory of the test's own.
func newIndex(t *testing.T) *Index {
	t.Helper()
	return openIndex(t, t.TempDir())
}

// openIndex opens the index in dir, closed when the test ends.
func openIndex(t *testing.T, dir string) *Index {
	t.Helper()
	idx, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := idx.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return idx
}

func TestContract(t *testing.T) {
	searchtest.Run(t, searchtest.Backend{
		New: func(t *testing.T) search.Index { return newIndex(t) },
		// A deployment keeps its indexes side by side in its data directory.
		NewPair: func(t *testing.T) (search.Index, search.Index) {
			dir := t.TempDir()
			return openIndex(t, filepath.Join(dir, "search")), openIndex(t, filepath.Join(dir, "talent"))
		},
	})
}

func TestStemmingMatchesWordFormsBeyondTypos(t *testing.T) {
	docs := []search.Document{
		{ID: "course:en", Type: search.TypeCourse, Language: "en", Title: "Optimisation for Machine Learning"},
		{ID: "course:fr", Type: search.TypeCourse, Language: "fr", Title: "Introduction à l'économie numérique"},
		{ID: "course:de", Type: search.TypeCourse, Language: "de", Title: "Neuronale Netze in der Praxis"},
	}
	tests := []struct{ text, want string }{
		{"optimising", "course:en"},
		{"économiques numériques", "course:fr"},
		{"netz praxis", "course:de"},
	}
	idx := newIndex(t)
	if err := idx.Upsert(t.Context(), docs...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	for _, tt := range tests {
		res, err := idx.Search(t.Context(), search.Query{Text: tt.text})
		if err != nil {
			t.Fatalf("Search(%q): %v", tt.text, err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Document.ID != tt.want {
			t.Errorf("%q: hits %+v, want only %s", tt.text, res.Hits, tt.want)
		}
	}
}

func TestReopenKeepsDocuments(t *testing.T) {
	dir := t.TempDir()
	idx, err := Open(dir)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	doc := search.Document{ID: "course:kept", Type: search.TypeCourse, Title: "Kept across restarts"}
	if err := idx.Upsert(t.Context(), doc); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	reopened, err := Open(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer reopened.Close()
	res, err := reopened.Search(t.Context(), search.Query{Text: "restarts"})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Document.ID != doc.ID {
		t.Errorf("after reopening: hits %+v, want %s", res.Hits, doc.ID)
	}
}

func TestUnusableIndexIsRecreated(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string)
	}{
		{"missing directory", func(t *testing.T, dir string) {}},
		{"corrupt metadata", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"another layout", func(t *testing.T, dir string) {
			other, err := blevesearch.New(dir, blevesearch.NewIndexMapping())
			if err != nil {
				t.Fatal(err)
			}
			if err := other.Index("stale", map[string]any{"title": "stale"}); err != nil {
				t.Fatal(err)
			}
			other.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			tt.prepare(t, dir)
			idx, err := Open(dir)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer idx.Close()
			if n, err := idx.Count(t.Context()); err != nil || n != 0 {
				t.Errorf("Count = %d, %v; want an empty index", n, err)
			}
			doc := search.Document{ID: "course:new", Type: search.TypeCourse, Title: "Fresh start"}
			if err := idx.Upsert(t.Context(), doc); err != nil {
				t.Fatalf("Upsert: %v", err)
			}
			res, err := idx.Search(t.Context(), search.Query{Text: "fresh"})
			if err != nil || len(res.Hits) != 1 {
				t.Errorf("Search: %+v, %v; want the new document", res.Hits, err)
			}
		})
	}
}

func TestClosedIndexRefusesWork(t *testing.T) {
	idx, err := Open(t.TempDir())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := idx.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := idx.Search(t.Context(), search.Query{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Search after Close: %v, want ErrClosed", err)
	}
	if err := idx.Upsert(t.Context(), search.Document{ID: "course:x", Type: search.TypeCourse}); !errors.Is(err, ErrClosed) {
		t.Errorf("Upsert after Close: %v, want ErrClosed", err)
	}
}
