package meili

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"academy/services/search"
	"academy/services/search/meilitest"
	"academy/services/search/searchtest"
)

var update = flag.Bool("update", false, "rewrite testdata/settings.golden.json from the server")

func TestMain(m *testing.M) { meilitest.Main(m) }

// newIndex returns an index of its own on the test server, deleted when the test ends.
func newIndex(t *testing.T) *Index {
	t.Helper()
	return newNamedIndex(t, meilitest.UniqueName("test_")+"_", "")
}

// newNamedIndex returns the index of that prefix and name, deleted when the test ends.
func newNamedIndex(t *testing.T, prefix, name string) *Index {
	t.Helper()
	url, key := meilitest.URL(t)
	idx, err := New(Config{URL: url, APIKey: key, IndexPrefix: prefix, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		info, err := idx.client.DeleteIndex(ctx, idx.uid)
		if err := idx.wait(ctx, info, err); err != nil {
			t.Errorf("delete index %s: %v", idx.uid, err)
		}
		idx.Close()
	})
	return idx
}

func TestContract(t *testing.T) {
	searchtest.Run(t, searchtest.Backend{
		New: func(t *testing.T) search.Index { return newIndex(t) },
		// A deployment's indexes share its prefix on one server.
		NewPair: func(t *testing.T) (search.Index, search.Index) {
			prefix := meilitest.UniqueName("test_") + "_"
			return newNamedIndex(t, prefix, ""), newNamedIndex(t, prefix, "talent")
		},
	})
}

// TestIndexesOfOneDeploymentAreNamed checks that a kind kept out of the public search gets an
// index of its own under the deployment's prefix.
func TestIndexesOfOneDeploymentAreNamed(t *testing.T) {
	prefix := meilitest.UniqueName("test_") + "_"
	public, talent := newNamedIndex(t, prefix, ""), newNamedIndex(t, prefix, "talent")
	for _, idx := range []*Index{public, talent} {
		if err := idx.Apply(t.Context()); err != nil {
			t.Fatalf("Apply %s: %v", idx.uid, err)
		}
	}
	doc := search.Document{ID: "competition:x", Type: search.TypeCompetition, Title: "Private"}
	if err := talent.Upsert(t.Context(), doc); err != nil {
		t.Fatal(err)
	}
	n, err := public.Count(t.Context())
	if err != nil || n != 0 || public.uid != prefix+indexName {
		t.Errorf("public index %s holds %d documents (%v), want the catalogue's index, empty", public.uid, n, err)
	}
	if n, err := talent.Count(t.Context()); err != nil || n != 1 {
		t.Errorf("index %s holds %d documents (%v), want 1", talent.uid, n, err)
	}
}

func TestSettingsGolden(t *testing.T) {
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	got := serverSettings(t, idx)
	golden := filepath.Join("testdata", "settings.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("settings reported by the server differ from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// serverSettings returns the index settings as the server reports them, indented with sorted keys.
func serverSettings(t *testing.T, idx *Index) []byte {
	t.Helper()
	url, key := meilitest.URL(t)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/indexes/"+idx.uid+"/settings", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("get settings: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("get settings: status %d, %v: %s", resp.StatusCode, err, body)
	}
	var settings any
	if err := json.Unmarshal(body, &settings); err != nil {
		t.Fatalf("decode settings: %v", err)
	}
	out, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

func TestIDsNeedNoEscaping(t *testing.T) {
	tests := []struct{ name, id string }{
		{"slug", "course:machine-learning"},
		{"spaces and slashes", "programme:tu delft/msc ai"},
		{"non-ASCII", "course:réseaux-de-neurones"},
		{"quotes", `competition:"best" model`},
	}
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := search.Document{ID: tt.id, Type: search.TypeCourse, Title: "Odd identifier " + tt.name, Language: "en"}
			if err := idx.Upsert(t.Context(), doc); err != nil {
				t.Fatalf("Upsert: %v", err)
			}
			res, err := idx.Search(t.Context(), search.Query{Text: "odd identifier " + tt.name})
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			if len(res.Hits) == 0 || res.Hits[0].Document.ID != tt.id {
				t.Fatalf("hits %+v, want %q first", res.Hits, tt.id)
			}
			if err := idx.Delete(t.Context(), tt.id); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if n, err := idx.Count(t.Context()); err != nil || n != 0 {
				t.Errorf("Count after Delete = %d, %v; want 0", n, err)
			}
		})
	}
}

func TestFilterValuesAreQuoted(t *testing.T) {
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	odd := `R&D "Lab" \ Nord`
	docs := []search.Document{
		{ID: "course:a", Type: search.TypeCourse, Title: "A", Institution: odd},
		{ID: "course:b", Type: search.TypeCourse, Title: "B", Institution: "plain"},
	}
	if err := idx.Upsert(t.Context(), docs...); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	res, err := idx.Search(t.Context(), search.Query{Filters: map[string][]string{search.FacetInstitution: {odd}}})
	if err != nil {
		t.Fatalf("Search: %v", err)
	}
	if len(res.Hits) != 1 || res.Hits[0].Document.ID != "course:a" {
		t.Errorf("hits %+v, want only course:a", res.Hits)
	}
}

func TestFailedTaskIsReported(t *testing.T) {
	idx := newIndex(t)
	info, err := idx.client.CreateIndex(t.Context(), &meilisearch.IndexConfig{Uid: idx.uid, PrimaryKey: "other"})
	if err := idx.wait(t.Context(), info, err); err != nil {
		t.Fatalf("create index with another primary key: %v", err)
	}
	err = idx.Upsert(t.Context(), search.Document{ID: "course:x", Type: search.TypeCourse, Title: "X"})
	var taskErr *taskError
	if !errors.As(err, &taskErr) || taskErr.status != meilisearch.TaskStatusFailed {
		t.Fatalf("Upsert into an index keyed otherwise: %v, want a failed task", err)
	}
	if !strings.Contains(err.Error(), string(taskErr.code)) || taskErr.code == "" {
		t.Errorf("error %q does not name the task's error code", err)
	}
}
