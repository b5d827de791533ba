// Package meili implements search.Index on a Meilisearch server: one index holding courses,
// programmes and competitions, with the settings in settings.go.
package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"academy/services/search"
)

// pollInterval is how often a write checks whether its task has finished.
const pollInterval = 10 * time.Millisecond

// Config locates the server and the index.
type Config struct {
	URL    string
	APIKey string
	// IndexPrefix is prepended to the index name, so that several deployments or tests can share
	// a server.
	IndexPrefix string
	// Name is the index's name after the prefix; empty means the public catalogue's. Kinds kept
	// out of the public search (talent profiles) live in an index of another name.
	Name string
}

// Index is a search.Index on Meilisearch.
type Index struct {
	client meilisearch.ServiceManager
	index  meilisearch.IndexManager
	uid    string
}

var _ search.Index = (*Index)(nil)

// New returns the index described by cfg; it does not contact the server.
func New(cfg Config) (*Index, error) {
	if cfg.URL == "" {
		return nil, errors.New("meilisearch: no URL configured")
	}
	client := meilisearch.New(cfg.URL, meilisearch.WithAPIKey(cfg.APIKey))
	name := cfg.Name
	if name == "" {
		name = indexName
	}
	uid := cfg.IndexPrefix + name
	return &Index{client: client, index: client.Index(uid), uid: uid}, nil
}

// Apply creates the index if needed and applies settings(), waiting until they are in force.
func (ix *Index) Apply(ctx context.Context) error {
	info, err := ix.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: ix.uid, PrimaryKey: primaryKey})
	err = ix.wait(ctx, info, err)
	var taskErr *taskError
	if err != nil && !(errors.As(err, &taskErr) && taskErr.code == meilisearch.APIErrCodeIndexAlreadyExists) {
		return fmt.Errorf("create index %s: %w", ix.uid, err)
	}
	info, err = ix.index.UpdateSettings(ctx, settings())
	if err := ix.wait(ctx, info, err); err != nil {
		return fmt.Errorf("apply settings to index %s: %w", ix.uid, err)
	}
	return nil
}

// Upsert adds docs or replaces those with the same ID.
func (ix *Index) Upsert(ctx context.Context, docs ...search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	stored := make([]document, len(docs))
	for i, d := range docs {
		n, err := d.Normalize()
		if err != nil {
			return fmt.Errorf("upsert into %s: %w", ix.uid, err)
		}
		stored[i] = toStored(n)
	}
	pk := primaryKey
	info, err := ix.index.AddDocuments(ctx, stored, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err := ix.wait(ctx, info, err); err != nil {
		return fmt.Errorf("upsert %d documents into %s: %w", len(docs), ix.uid, err)
	}
	return nil
}

// Delete removes the documents with the given ids.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	pks := make([]string, len(ids))
	for i, id := range ids {
		pks[i] = encodeID(id)
	}
	info, err := ix.index.DeleteDocuments(ctx, pks, nil)
	if err := ix.wait(ctx, info, err); err != nil {
		return fmt.Errorf("delete %d documents from %s: %w", len(ids), ix.uid, err)
	}
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count(ctx context.Context) (int, error) {
	stats, err := ix.index.GetStats(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("count documents in %s: %w", ix.uid, err)
	}
	return int(stats.NumberOfDocuments), nil
}

// Reset removes every document and keeps the settings.
func (ix *Index) Reset(ctx context.Context) error {
	info, err := ix.index.DeleteAllDocuments(ctx, nil)
	if err := ix.wait(ctx, info, err); err != nil {
		return fmt.Errorf("reset %s: %w", ix.uid, err)
	}
	return nil
}

// Close releases the HTTP connections.
func (ix *Index) Close() error {
	ix.client.Close()
	return nil
}

// Search answers q with a federated multi-search of one query per locale in queryLocales.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return search.Result{}, err
	}
	resp, err := ix.client.MultiSearch(ctx, ix.multiSearch(q))
	if err != nil {
		return search.Result{}, fmt.Errorf("search %s: %w", ix.uid, err)
	}
	res, err := toResult(q, resp)
	if err != nil {
		return search.Result{}, fmt.Errorf("search %s: read response: %w", ix.uid, err)
	}
	return res, nil
}

func (ix *Index) multiSearch(q search.Query) *meilisearch.MultiSearchRequest {
	facets := make([]string, 0, len(q.Facets)+len(q.Stats))
	for _, f := range q.Facets {
		facets = append(facets, facetField[f])
	}
	facets = append(facets, q.Stats...)
	req := &meilisearch.MultiSearchRequest{
		Federation: &meilisearch.MultiSearchFederation{
			Offset:      int64(q.Offset),
			Limit:       int64(q.Limit),
			MergeFacets: &meilisearch.MultiSearchFederationMergeFacets{MaxValuesPerFacet: search.MaxFacetValues},
		},
	}
	if len(facets) > 0 {
		req.Federation.FacetsByIndex = map[string][]string{ix.uid: facets}
	}
	if q.Text == "" {
		req.Queries = []*meilisearch.SearchRequest{ix.query(q)}
		return req
	}
	for _, locale := range queryLocales {
		sr := ix.query(q)
		sr.Query = q.Text
		sr.Locales = []string{locale}
		if locale == hintLocale[q.Language] {
			sr.FederationOptions = &meilisearch.SearchFederationOptions{Weight: hintWeight}
		}
		req.Queries = append(req.Queries, sr)
	}
	return req
}

// query is one query of the federation, without its text.
func (ix *Index) query(q search.Query) *meilisearch.SearchRequest {
	sr := &meilisearch.SearchRequest{
		IndexUID:         ix.uid,
		Filter:           filter(q),
		Sort:             sortFields[q.Sort],
		MatchingStrategy: meilisearch.All,
		HighlightPreTag:  markStart,
		HighlightPostTag: markEnd,
	}
	for _, fields := range highlightFields {
		sr.AttributesToHighlight = append(sr.AttributesToHighlight, fields...)
	}
	return sr
}

// filter builds the filter expression: an AND of facets, each an OR of its values, and ranges.
func filter(q search.Query) []any {
	var and []any
	for _, facet := range slices.Sorted(maps.Keys(q.Filters)) {
		values := q.Filters[facet]
		or := make([]string, len(values))
		for i, v := range values {
			or[i] = facetField[facet] + " = " + quote(v)
		}
		and = append(and, or)
	}
	ranges := []struct {
		field string
		r     search.Range
	}{
		{"eqf_level", q.EQFLevel}, {"ects", q.ECTS}, {"tuition_eu", q.TuitionEU}, {"tuition_non_eu", q.TuitionNonEU},
		{"available_from", q.AvailableFrom},
	}
	for _, r := range ranges {
		if r.r.Min != nil {
			and = append(and, r.field+" >= "+number(*r.r.Min))
		}
		if r.r.Max != nil {
			and = append(and, r.field+" <= "+number(*r.r.Max))
		}
	}
	return and
}

// quote makes v a Meilisearch filter string literal.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

func number(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func toResult(q search.Query, resp *meilisearch.MultiSearchResponse) (search.Result, error) {
	res := search.Result{Total: int(resp.EstimatedTotalHits), Hits: make([]search.Hit, 0, len(resp.Hits))}
	for _, h := range resp.Hits {
		hit, err := toHit(h)
		if err != nil {
			return search.Result{}, err
		}
		res.Hits = append(res.Hits, hit)
	}
	if len(q.Facets) > 0 {
		res.Facets = make(map[string]map[string]int, len(q.Facets))
		for _, f := range q.Facets {
			counts := map[string]int{}
			if raw, ok := resp.FacetDistribution[facetField[f]]; ok {
				if err := json.Unmarshal(raw, &counts); err != nil {
					return search.Result{}, fmt.Errorf("facet distribution of %s: %w", f, err)
				}
			}
			res.Facets[f] = counts
		}
	}
	if len(q.Stats) > 0 {
		res.Stats = make(map[string]search.Stats, len(q.Stats))
		for _, s := range q.Stats {
			raw, ok := resp.FacetStats[s]
			if !ok {
				continue
			}
			var st struct{ Min, Max float64 }
			if err := json.Unmarshal(raw, &st); err != nil {
				return search.Result{}, fmt.Errorf("facet stats of %s: %w", s, err)
			}
			res.Stats[s] = search.Stats{Min: st.Min, Max: st.Max}
		}
	}
	return res, nil
}

func toHit(h meilisearch.Hit) (search.Hit, error) {
	var stored document
	if err := h.DecodeInto(&stored); err != nil {
		return search.Hit{}, fmt.Errorf("decode hit: %w", err)
	}
	doc, err := stored.toDocument()
	if err != nil {
		return search.Hit{}, fmt.Errorf("decode hit %s: %w", stored.ID, err)
	}
	var formatted map[string]json.RawMessage
	if raw, ok := h["_formatted"]; ok {
		if err := json.Unmarshal(raw, &formatted); err != nil {
			return search.Hit{}, fmt.Errorf("decode highlights of %s: %w", stored.ID, err)
		}
	}
	highlights := map[string]string{}
	for name, fields := range highlightFields {
		for _, f := range fields {
			var text string
			if raw, ok := formatted[f]; ok && json.Unmarshal(raw, &text) == nil && text != "" {
				highlights[name] = markHTML(text)
			}
		}
	}
	return search.Hit{Document: doc, Highlights: highlights}, nil
}

// markHTML escapes text and turns the highlight markers into <mark> tags.
func markHTML(text string) string {
	return strings.NewReplacer(markStart, "<mark>", markEnd, "</mark>").Replace(html.EscapeString(text))
}

// taskError is a task that did not succeed.
type taskError struct {
	uid     int64
	status  meilisearch.TaskStatus
	code    meilisearch.APIErrCode
	message string
}

func (e *taskError) Error() string {
	return fmt.Sprintf("task %d %s: %s (%s)", e.uid, e.status, e.message, e.code)
}

// wait waits for the task a write enqueued to finish, and reports whether it succeeded.
func (ix *Index) wait(ctx context.Context, info *meilisearch.TaskInfo, err error) error {
	if err != nil {
		return err
	}
	task, err := ix.client.WaitForTask(ctx, info.TaskUID, pollInterval)
	if err != nil {
		return fmt.Errorf("wait for task %d: %w", info.TaskUID, err)
	}
	if task.Status != meilisearch.TaskStatusSucceeded {
		return &taskError{uid: info.TaskUID, status: task.Status, code: task.Error.Code, message: task.Error.Message}
	}
	return nil
}
