package catalog_test

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"academy/content"
	"academy/services/catalog"
	"academy/services/catalog/seed"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
	"academy/services/search"
	"academy/services/search/indexing"
	"academy/services/search/meili"
	"academy/services/search/meilitest"
)

// qualityCase is one line of testdata/search_quality.tsv.
type qualityCase struct {
	line    int
	text    string
	lang    string
	top     []string // slugs each found among the first three hits
	maxHits int
}

func readQualityCases(t *testing.T, path string) []qualityCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []qualityCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("%s:%d: %d tab-separated columns, want 4 (query, language, top 3, at most)", path, n, len(cols))
		}
		max, err := strconv.Atoi(cols[3])
		if err != nil || max < 0 {
			t.Fatalf("%s:%d: at most %q is not a count", path, n, cols[3])
		}
		c := qualityCase{line: n, text: cols[0], maxHits: max}
		if cols[1] != "-" {
			c.lang = cols[1]
		}
		if cols[2] != "-" {
			c.top = strings.Split(cols[2], ",")
		}
		if len(c.top) > 3 || len(c.top) > max {
			t.Fatalf("%s:%d: %d expected hits for at most %d among the top 3", path, n, len(c.top), max)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestSearchQuality runs the queries of testdata/search_quality.tsv over the
// seed catalogue on both backends and reports every query whose expected
// entries are not all among the first three hits or that matches too much.
func TestSearchQuality(t *testing.T) {
	const path = "testdata/search_quality.tsv"
	cases := readQualityCases(t, path)
	if len(cases) < 30 {
		t.Fatalf("%s holds %d queries, want at least 30", path, len(cases))
	}
	ctx := context.Background()
	db := testenv.DB(t)
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	store := catalog.NewStore(db, w)
	if err := store.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	svc := catalog.NewService(store, newOrgs(), nil, nil, nil, nil)
	if _, err := seed.Load(ctx, content.Files(), svc); err != nil {
		t.Fatalf("load the seed catalogue: %v", err)
	}
	backends := []struct {
		name string
		open func(t *testing.T) search.Index
	}{
		{"bleve", func(t *testing.T) search.Index { return newIndex(t) }},
		{"meilisearch", func(t *testing.T) search.Index {
			url, key := meilitest.URL(t)
			idx, err := meili.New(meili.Config{URL: url, APIKey: key, IndexPrefix: meilitest.UniqueName("quality") + "_"})
			if err != nil {
				t.Fatal(err)
			}
			// The index dies with the test server; emptying it keeps the server light meanwhile.
			t.Cleanup(func() { idx.Reset(context.Background()); idx.Close() })
			return idx
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			idx := b.open(t)
			indexer := indexing.New(nil)
			indexer.Register(idx, svc.SearchKinds()...)
			if _, err := indexer.Reindex(ctx, nil); err != nil {
				t.Fatalf("reindex: %v", err)
			}
			for _, c := range cases {
				res, err := idx.Search(ctx, search.Query{Text: c.text, Language: c.lang, Limit: search.MaxLimit})
				if err != nil {
					t.Errorf("%s:%d %q: %v", path, c.line, c.text, err)
					continue
				}
				var slugs []string
				for _, h := range res.Hits {
					slugs = append(slugs, h.Document.Slug)
				}
				top := slugs[:min(3, len(slugs))]
				var missing []string
				for _, want := range c.top {
					if !slices.Contains(top, want) {
						missing = append(missing, want)
					}
				}
				if len(missing) > 0 || res.Total > c.maxHits {
					t.Errorf("%s:%d %q: %d hits (at most %d), top 3 %v lacks %v; first hits %v", path, c.line, c.text, res.Total, c.maxHits, top, missing, slugs[:min(8, len(slugs))])
				}
				t.Logf("%q: %d hits, first %v", c.text, res.Total, slugs[:min(8, len(slugs))])
			}
		})
	}
}
