package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/meili"
)

// meiliFlags locate a Meilisearch index as academy's ACADEMY_MEILI_* variables do.
type meiliFlags struct {
	URL         string `help:"Meilisearch URL." name:"meili-url"`
	Key         string `help:"Meilisearch API key." name:"meili-key"`
	IndexPrefix string `help:"Index name prefix, as ACADEMY_MEILI_INDEX_PREFIX." name:"meili-index-prefix"`
}

func (f meiliFlags) open() (*meili.Index, error) {
	return meili.New(meili.Config{URL: f.URL, APIKey: f.Key, IndexPrefix: f.IndexPrefix})
}

// backendFlags choose the search backend: Meilisearch when its URL is set, a Bleve directory otherwise.
type backendFlags struct {
	Meili    meiliFlags `embed:""`
	BleveDir string     `help:"Bleve index directory (academy keeps it in ACADEMY_DATA_DIR/search)." type:"path"`
}

func (f backendFlags) open() (search.Index, string, error) {
	switch {
	case f.Meili.URL != "":
		idx, err := f.Meili.open()
		return idx, "meilisearch", err
	case f.BleveDir != "":
		idx, err := bleve.Open(f.BleveDir)
		return idx, "bleve", err
	}
	return nil, "", errors.New("name a backend: --meili-url or --bleve-dir")
}

// IndexCmd loads generated documents straight into a search index.
type IndexCmd struct {
	backendFlags
	corpusFlags
	Batch int `help:"Documents per write." default:"5000"`
}

// corpusFlags size and seed the generated catalogue.
type corpusFlags struct {
	Docs         int    `help:"Courses and programmes to generate." default:"100000"`
	Seed         uint64 `help:"Seed of the generated catalogue." default:"1"`
	Institutions int    `help:"Institutions the entries belong to." default:"400"`
}

// Run generates the documents and writes them in batches.
func (c IndexCmd) Run(ctx context.Context) error {
	gen, err := newCorpus(c.Seed, c.Institutions)
	if err != nil {
		return err
	}
	idx, name, err := c.open()
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := idx.Apply(ctx); err != nil {
		return err
	}
	start := time.Now()
	batch := make([]search.Document, 0, c.Batch)
	flush := func(done int) error {
		if err := idx.Upsert(ctx, batch...); err != nil {
			return err
		}
		batch = batch[:0]
		fmt.Fprintf(os.Stderr, "\rindexed %d/%d", done, c.Docs)
		return nil
	}
	for i := range c.Docs {
		batch = append(batch, gen.document(gen.entry(i)))
		if len(batch) == c.Batch {
			if err := flush(i + 1); err != nil {
				return err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(c.Docs); err != nil {
			return err
		}
	}
	took := time.Since(start)
	n, err := idx.Count(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "\n")
	fmt.Printf("loaded %d documents into %s in %s (%.0f documents/s); the index holds %d\n",
		c.Docs, name, took.Round(time.Millisecond), float64(c.Docs)/took.Seconds(), n)
	return nil
}

// SearchCmd measures GET /api/v1/search beside the same queries sent
// straight to the backend, interleaved query by query so that both see the
// same machine load.
type SearchCmd struct {
	API string `help:"Base URL of a running academy." required:""`
	backendFlags
	Rounds  int           `help:"Rounds over the query mix." default:"20"`
	Warmup  int           `help:"Unmeasured rounds first." default:"1"`
	MaxTime time.Duration `help:"Stop measuring after this long even if rounds remain." default:"3m"`
}

// searchPath is one way of running a query of the mix.
type searchPath struct {
	name string
	run  func(ctx context.Context, i int) (hits, error)
}

// hits is what a path found: the document ids of a page and the total.
type hits struct {
	ids   []string
	total int
}

// Run measures every path over the query mix and prints the tables.
func (c SearchCmd) Run(ctx context.Context) error {
	queries := make([]search.Query, len(searchMix))
	for i, sc := range searchMix {
		q, err := sc.query()
		if err != nil {
			return fmt.Errorf("query %q: %w", sc.params, err)
		}
		queries[i] = q
	}
	client := newHTTPClient()
	paths := []searchPath{{name: "api", run: func(ctx context.Context, i int) (hits, error) {
		return apiSearch(ctx, client, c.API, searchMix[i].params)
	}}}
	idx, backend, err := c.open()
	if err != nil {
		return err
	}
	defer idx.Close()
	adapter := searchPath{name: "adapter", run: func(ctx context.Context, i int) (hits, error) {
		res, err := idx.Search(ctx, queries[i])
		if err != nil {
			return hits{}, err
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.Document.ID
		}
		return hits{ids: ids, total: res.Total}, nil
	}}
	if c.Meili.URL != "" {
		bodies, err := captureMultiSearch(ctx, c.Meili, queries)
		if err != nil {
			return err
		}
		paths = append(paths, adapter, searchPath{name: "direct", run: func(ctx context.Context, i int) (hits, error) {
			return meiliSearch(ctx, client, c.Meili, bodies[i])
		}})
	} else {
		adapter.name = "direct"
		paths = append(paths, adapter)
	}
	docs, err := idx.Count(ctx)
	if err != nil {
		return err
	}

	mismatches, err := compareResults(ctx, paths, len(queries))
	if err != nil {
		return err
	}
	for range c.Warmup {
		for i := range queries {
			for _, p := range paths {
				if _, err := p.run(ctx, i); err != nil {
					return fmt.Errorf("warm-up %s %q: %w", p.name, searchMix[i].params, err)
				}
			}
		}
	}
	rec := newRecorder()
	byClass := newRecorder()
	order := rand.New(rand.NewPCG(1, 2))
	deadline := time.Now().Add(c.MaxTime)
	rounds := 0
	for ; rounds < c.Rounds && time.Now().Before(deadline) && ctx.Err() == nil; rounds++ {
		for n, i := range order.Perm(len(queries)) {
			for k := range paths {
				// Rotate which path goes first, so that none always runs on caches the other warmed.
				p := paths[(k+n+rounds)%len(paths)]
				start := time.Now()
				if _, err := p.run(ctx, i); err != nil {
					rec.op(p.name).fail(err)
					continue
				}
				d := time.Since(start)
				rec.op(p.name).add(d)
				byClass.op(searchMix[i].class + "\x00" + p.name).add(d)
			}
		}
	}
	fmt.Printf("search: %s, %d documents, %d queries x %d rounds, one at a time, paths interleaved\n",
		backend, docs, len(queries), rounds)
	rec.latencyTable(os.Stdout)
	api, direct := rec.op("api").summary(), rec.op("direct").summary()
	fmt.Printf("api/direct: p50 %sx, p95 %sx, p99 %sx\n",
		ratio(float64(api.p50), float64(direct.p50)), ratio(float64(api.p95), float64(direct.p95)), ratio(float64(api.p99), float64(direct.p99)))
	if mismatches == "" {
		fmt.Println("results: every path returned the same hits for every query")
	} else {
		fmt.Println("results differ between paths for:", mismatches)
	}
	fmt.Println()
	var t table
	t.row("query class", "queries", "api p50", "direct p50", "api p95", "direct p95", "p95 ratio")
	var classes []string
	for _, sc := range searchMix {
		if !slices.Contains(classes, sc.class) {
			classes = append(classes, sc.class)
		}
	}
	for _, class := range classes {
		a, d := byClass.op(class+"\x00api").summary(), byClass.op(class+"\x00direct").summary()
		count := 0
		for _, sc := range searchMix {
			if sc.class == class {
				count++
			}
		}
		t.row(class, fmt.Sprint(count), ms(a.p50), ms(d.p50), ms(a.p95), ms(d.p95), ratio(float64(a.p95), float64(d.p95)))
	}
	t.print(os.Stdout)
	return nil
}

// compareResults runs every query once on every path and describes the
// queries whose hits differ from the first path's: a different set of hits
// would mean the paths do not run the same search; the same hits in another
// order come from ties in score, which an index may break differently once
// its segments are laid out differently.
func compareResults(ctx context.Context, paths []searchPath, n int) (string, error) {
	var differ []string
	for i := range n {
		var first hits
		for k, p := range paths {
			h, err := p.run(ctx, i)
			if err != nil {
				return "", fmt.Errorf("%s %q: %w", p.name, searchMix[i].params, err)
			}
			switch {
			case k == 0:
				first = h
			case first.total != h.total:
				differ = append(differ, fmt.Sprintf("%q (%s: %d matches, not %d)", searchMix[i].params, p.name, h.total, first.total))
			case slices.Equal(first.ids, h.ids):
			case slices.Equal(sorted(first.ids), sorted(h.ids)):
				differ = append(differ, fmt.Sprintf("%q (%s: same matches, tied hits in another order)", searchMix[i].params, p.name))
			default:
				differ = append(differ, fmt.Sprintf("%q (%s: same number of matches, tied hits cut at another place)", searchMix[i].params, p.name))
			}
		}
	}
	return strings.Join(differ, ", "), nil
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// apiSearch sends GET /api/v1/search and returns the document ids of the hits.
func apiSearch(ctx context.Context, client *http.Client, base, params string) (hits, error) {
	var res struct {
		Hits  []struct{ Type, ID string }
		Total int
	}
	if err := getJSON(ctx, client, base+"/api/v1/search?"+params, "", &res); err != nil {
		return hits{}, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = search.DocumentID(h.Type, h.ID)
	}
	return hits{ids: ids, total: res.Total}, nil
}

// meiliSearch posts a captured multi-search body to Meilisearch and returns the document ids of the hits.
func meiliSearch(ctx context.Context, client *http.Client, m meiliFlags, body []byte) (hits, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.URL+"/multi-search", bytes.NewReader(body))
	if err != nil {
		return hits{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+m.Key)
	var res struct {
		Hits               []struct{ ID string }
		EstimatedTotalHits int `json:"estimatedTotalHits"`
	}
	if err := doJSON(client, req, &res); err != nil {
		return hits{}, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return hits{ids: ids, total: res.EstimatedTotalHits}, nil
}

// captureMultiSearch returns, per query, the exact multi-search request body
// the Meilisearch adapter sends for it, read by running each query once
// through a recording proxy.
func captureMultiSearch(ctx context.Context, m meiliFlags, queries []search.Query) ([][]byte, error) {
	target, err := url.Parse(m.URL)
	if err != nil {
		return nil, fmt.Errorf("meilisearch URL: %w", err)
	}
	var (
		mu   sync.Mutex
		last []byte
	)
	proxy := httputil.NewSingleHostReverseProxy(target)
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/multi-search" {
			b, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			mu.Lock()
			last = b
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		proxy.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start recording proxy: %w", err)
	}
	srv := &http.Server{Handler: record, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	through := m
	through.URL = "http://" + ln.Addr().String()
	idx, err := through.open()
	if err != nil {
		return nil, err
	}
	defer idx.Close()
	bodies := make([][]byte, len(queries))
	for i, q := range queries {
		if _, err := idx.Search(ctx, q); err != nil {
			return nil, fmt.Errorf("capture query %q: %w", searchMix[i].params, err)
		}
		mu.Lock()
		bodies[i], last = last, nil
		mu.Unlock()
		if bodies[i] == nil {
			return nil, fmt.Errorf("capture query %q: the adapter sent no multi-search", searchMix[i].params)
		}
	}
	return bodies, nil
}

// newHTTPClient returns a client that keeps enough idle connections for the load generators.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 4096
	t.MaxIdleConnsPerHost = 4096
	return &http.Client{Transport: t, Timeout: 30 * time.Second}
}

// getJSON sends a GET, with a bearer token when given, and decodes a 2xx JSON answer into out.
func getJSON(ctx context.Context, client *http.Client, u, token string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return doJSON(client, req, out)
}

// statusError is an HTTP answer outside 2xx.
type statusError struct {
	method, path string
	status       int
	body         string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.method, e.path, e.status, e.body)
}

// doJSON sends req and decodes a 2xx JSON answer into out (when not nil);
// any other status is a *statusError.
func doJSON(client *http.Client, req *http.Request, out any) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: read answer: %w", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode/100 != 2 {
		return &statusError{method: req.Method, path: req.URL.Path, status: resp.StatusCode, body: strings.TrimSpace(string(body[:min(len(body), 300)]))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("%s %s: decode answer: %w", req.Method, req.URL.Path, err)
	}
	return nil
}
