package bleve

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"academy/services/search"
)

// Relative weights of the ways a word matches, on top of the field's boost.
const (
	exactWeight  = 1.0
	stemWeight   = 0.8
	prefixWeight = 0.6
	typoWeight   = 0.4
	hintWeight   = 1.5 // stemmed matches in the language of Query.Language
	phraseWeight = 1.0 // the words typed, in order and side by side
)

// statFields maps the numeric fields with statistics to index fields.
var statFields = map[string]string{
	search.StatECTS:         fieldECTS,
	search.StatTuitionEU:    fieldTuitionEU,
	search.StatTuitionNonEU: fieldTuitionNon,
}

// sortOrders maps sort orders to index sort keys; the document id breaks ties, so that pages
// neither repeat nor skip documents.
var sortOrders = map[string]bsearch.SortOrder{
	search.SortRelevance: {&bsearch.SortScore{Desc: true}},
	search.SortTitle:     {&bsearch.SortField{Field: fieldTitleSort, Type: bsearch.SortFieldAsString}},
	search.SortNewest:    {numberSort(fieldPublishedTS, true)},
	search.SortECTS:      {numberSort(fieldECTS, false)},
	search.SortECTSDesc:  {numberSort(fieldECTS, true)},
	search.SortTuition:   {numberSort(fieldTuitionEU, false)},
}

func numberSort(field string, desc bool) *bsearch.SortField {
	return &bsearch.SortField{Field: field, Desc: desc, Type: bsearch.SortFieldAsNumber, Missing: bsearch.SortFieldMissingLast}
}

// Search answers q.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return search.Result{}, err
	}
	var res search.Result
	err = ix.use(func(idx blevesearch.Index) error {
		matching := and(textQuery(idx.Mapping(), q.Text, q.Language), filterQuery(q))
		req := blevesearch.NewSearchRequestOptions(matching, q.Limit, q.Offset, false)
		req.SortByCustom(append(slices.Clone(sortOrders[q.Sort]), &bsearch.SortDocID{}))
		req.Fields = []string{fieldSource}
		req.IncludeLocations = q.Text != ""
		for _, f := range q.Facets {
			req.AddFacet(f, blevesearch.NewFacetRequest(facetField[f], search.MaxFacetValues))
		}
		found, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if res, err = toResult(q, found); err != nil {
			return fmt.Errorf("search: %w", err)
		}
		if len(q.Stats) > 0 && found.Total > 0 {
			if res.Stats, err = stats(ctx, idx, matching, q.Stats); err != nil {
				return fmt.Errorf("search: %w", err)
			}
		}
		return nil
	})
	return res, err
}

// and is the conjunction of the queries that are not nil, or everything when there are none.
func and(queries ...query.Query) query.Query {
	var all []query.Query
	for _, q := range queries {
		if q != nil {
			all = append(all, q)
		}
	}
	if len(all) == 0 {
		return query.NewMatchAllQuery()
	}
	return query.NewConjunctionQuery(all)
}

// textQuery matches documents holding every word of text (as Meilisearch's matching strategy
// "all"): each word as typed, stemmed in English, French and German, with typos by its length,
// and the last word also as a prefix. It returns nil for an empty text.
func textQuery(m mapping.IndexMapping, text, hint string) query.Query {
	words := m.AnalyzerNamed(wordAnalyzer).Analyze([]byte(text))
	if len(words) > search.MaxQueryWords {
		words = words[:search.MaxQueryWords]
	}
	var all []query.Query
	terms := make([]string, len(words))
	for i, w := range words {
		typed := text[w.Start:w.End]
		terms[i] = string(w.Term)
		all = append(all, wordQuery(m, terms[i], typed, i == len(words)-1, hint))
	}
	if len(all) == 0 {
		return nil
	}
	matching := query.NewConjunctionQuery(all)
	if len(terms) < 2 {
		return matching
	}
	// Documents holding the words side by side, as typed, rank first: Meilisearch's proximity rule.
	// The phrases only add to the score; every document matching the words still matches.
	phrases := make([]query.Query, len(textFields))
	for i, f := range textFields {
		p := query.NewPhraseQuery(terms, f.name)
		p.SetBoost(f.boost * phraseWeight)
		phrases[i] = p
	}
	return query.NewBooleanQuery([]query.Query{matching}, phrases, nil)
}

// wordQuery matches one word: folded is its analysed form, typed the text as typed.
func wordQuery(m mapping.IndexMapping, folded, typed string, last bool, hint string) query.Query {
	var alternatives []query.Query
	typos := typosAllowed(folded)
	for _, f := range textFields {
		alternatives = append(alternatives, term(f.name, folded, f.boost*exactWeight))
		if typos > 0 {
			fuzzy := query.NewFuzzyQuery(folded)
			fuzzy.SetField(f.name)
			fuzzy.SetFuzziness(typos)
			fuzzy.SetBoost(f.boost * typoWeight)
			alternatives = append(alternatives, fuzzy)
		}
		if last {
			prefix := query.NewPrefixQuery(folded)
			prefix.SetField(f.name)
			prefix.SetBoost(f.boost * prefixWeight)
			alternatives = append(alternatives, prefix)
		}
	}
	for lang, analyzer := range stemAnalyzers {
		weight := stemWeight
		if lang == hint {
			weight *= hintWeight
		}
		for _, stem := range m.AnalyzerNamed(analyzer).Analyze([]byte(typed)) {
			for _, f := range textFields {
				if f.stemmed {
					alternatives = append(alternatives, term(f.name+"_"+lang, string(stem.Term), f.boost*weight))
				}
			}
		}
	}
	return query.NewDisjunctionQuery(alternatives)
}

func term(field, value string, boost float64) query.Query {
	t := query.NewTermQuery(value)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// typosAllowed is Meilisearch's rule: the longer the word, the more typos it tolerates.
func typosAllowed(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= search.MinWordSizeForTwoTypos:
		return 2
	case n >= search.MinWordSizeForOneTypo:
		return 1
	}
	return 0
}

// filterQuery is the conjunction of q's facet filters and ranges, or nil when there are none.
func filterQuery(q search.Query) query.Query {
	var all []query.Query
	for _, facet := range slices.Sorted(maps.Keys(q.Filters)) {
		values := q.Filters[facet]
		oneOf := make([]query.Query, len(values))
		for i, v := range values {
			oneOf[i] = term(facetField[facet], v, 1)
		}
		all = append(all, query.NewDisjunctionQuery(oneOf))
	}
	ranges := []struct {
		field string
		r     search.Range
	}{
		{fieldEQF, q.EQFLevel}, {fieldECTS, q.ECTS}, {fieldTuitionEU, q.TuitionEU}, {fieldTuitionNon, q.TuitionNonEU},
		{fieldAvailableFrom, q.AvailableFrom},
	}
	inclusive := true
	for _, r := range ranges {
		if r.r.IsZero() {
			continue
		}
		nr := query.NewNumericRangeInclusiveQuery(r.r.Min, r.r.Max, &inclusive, &inclusive)
		nr.SetField(r.field)
		all = append(all, nr)
	}
	if len(all) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(all)
}

func toResult(q search.Query, found *blevesearch.SearchResult) (search.Result, error) {
	res := search.Result{Total: int(found.Total), Hits: make([]search.Hit, 0, len(found.Hits))}
	for _, h := range found.Hits {
		source, _ := h.Fields[fieldSource].(string)
		var d search.Document
		if err := json.Unmarshal([]byte(source), &d); err != nil {
			return search.Result{}, fmt.Errorf("decode document %s: %w", h.ID, err)
		}
		res.Hits = append(res.Hits, search.Hit{Document: d, Highlights: highlights(d, h.Locations)})
	}
	if len(q.Facets) > 0 {
		res.Facets = make(map[string]map[string]int, len(q.Facets))
		for _, f := range q.Facets {
			counts := map[string]int{}
			if fr, ok := found.Facets[f]; ok && fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					counts[t.Term] = t.Count
				}
			}
			res.Facets[f] = counts
		}
	}
	return res, nil
}

// stats finds the range of each numeric field over the documents matching, with the lowest and
// the highest value of each.
func stats(ctx context.Context, idx blevesearch.Index, matching query.Query, names []string) (map[string]search.Stats, error) {
	out := make(map[string]search.Stats, len(names))
	for _, name := range names {
		field := statFields[name]
		var st search.Stats
		for _, desc := range []bool{false, true} {
			req := blevesearch.NewSearchRequestOptions(matching, 1, 0, false)
			req.SortByCustom(bsearch.SortOrder{numberSort(field, desc)})
			req.Fields = []string{field}
			found, err := idx.SearchInContext(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("range of %s: %w", name, err)
			}
			if len(found.Hits) == 0 {
				return nil, fmt.Errorf("range of %s: no document", name)
			}
			v, _ := found.Hits[0].Fields[field].(float64)
			if desc {
				st.Max = v
			} else {
				st.Min = v
			}
		}
		out[name] = st
	}
	return out, nil
}

// highlights renders the highlighted fields of d as HTML, marking the words that matched. A word
// matched as typed is marked as such; a stemmed match, whose span includes an elided article
// ("l'intelligence"), is marked only where no word matched as typed.
func highlights(d search.Document, locations bsearch.FieldTermLocationMap) map[string]string {
	text := map[string]string{
		search.HighlightTitle:           d.Title,
		search.HighlightSummary:         d.Summary,
		search.HighlightInstitutionName: d.InstitutionName,
	}
	out := make(map[string]string, len(text))
	for name, field := range highlightFields {
		if text[name] == "" {
			continue
		}
		var typed, stemmed [][2]int
		for f, terms := range locations {
			for _, locs := range terms {
				for _, l := range locs {
					span := [2]int{int(l.Start), int(l.End)}
					switch {
					case f == field:
						typed = append(typed, span)
					case strings.HasPrefix(f, field+"_"):
						stemmed = append(stemmed, span)
					}
				}
			}
		}
		spans := typed
		for _, s := range stemmed {
			if !slices.ContainsFunc(typed, func(t [2]int) bool { return t[0] < s[1] && s[0] < t[1] }) {
				spans = append(spans, s)
			}
		}
		out[name] = markHTML(text[name], spans)
	}
	return out
}

// markHTML escapes text and wraps the byte spans in <mark> tags, merging those that overlap.
func markHTML(text string, spans [][2]int) string {
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	done := 0
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] <= end; i++ {
			end = max(end, spans[i][1])
		}
		if start < done || end > len(text) {
			continue
		}
		b.WriteString(html.EscapeString(text[done:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		done = end
	}
	b.WriteString(html.EscapeString(text[done:]))
	return b.String()
}
