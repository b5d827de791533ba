package catalog

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/search"
)

// SearchResponse is one page of catalogue search results.
type SearchResponse struct {
	Hits   []SearchHit               `json:"hits"`
	Total  int                       `json:"total"`
	Facets map[string]map[string]int `json:"facets"`
	// NextCursor continues the search; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// SearchHit is one matching course or programme.
type SearchHit struct {
	Type            string  `json:"type"`
	ID              string  `json:"id"`
	Slug            string  `json:"slug"`
	Title           string  `json:"title"`
	Summary         string  `json:"summary"`
	Institution     string  `json:"institution,omitempty"`
	InstitutionName string  `json:"institution_name,omitempty"`
	Country         string  `json:"country,omitempty"`
	Language        string  `json:"language,omitempty"`
	Level           string  `json:"level,omitempty"`
	EQFLevel        int     `json:"eqf_level,omitempty"`
	Cycle           string  `json:"cycle,omitempty"`
	ECTS            float64 `json:"ects"`
	Delivery        string  `json:"delivery,omitempty"`
	Status          string  `json:"status,omitempty"`      // a competition's
	MetricType      string  `json:"metric_type,omitempty"` // a competition's kind of metric
	// Highlights holds HTML with the matched words in <mark>: title and summary when they matched.
	Highlights SearchHighlights `json:"highlights"`
}

// SearchHighlights are the highlighted fields of a hit.
type SearchHighlights struct {
	Title   string `json:"title,omitempty"`
	Summary string `json:"summary,omitempty"`
}

// searchRanges are the numeric query parameters and the bound each sets.
var searchRanges = []struct {
	param, description string
	min, max           float64
	set                func(q *search.Query, feeGroup string, v float64)
}{
	{"ects_min", "minimum ECTS credits", 0, math.MaxFloat64, func(q *search.Query, _ string, v float64) { q.ECTS.Min = &v }},
	{"ects_max", "maximum ECTS credits", 0, math.MaxFloat64, func(q *search.Query, _ string, v float64) { q.ECTS.Max = &v }},
	{"eqf_min", "minimum EQF level, 1 to 8", 1, 8, func(q *search.Query, _ string, v float64) { q.EQFLevel.Min = &v }},
	{"eqf_max", "maximum EQF level, 1 to 8", 1, 8, func(q *search.Query, _ string, v float64) { q.EQFLevel.Max = &v }},
	{"tuition_max", "maximum tuition in indicative euros per year, for fee_group", 0, math.MaxFloat64, func(q *search.Query, feeGroup string, v float64) {
		if feeGroup == FeeGroupNonEU {
			q.TuitionNonEU.Max = &v
		} else {
			q.TuitionEU.Max = &v
		}
	}},
}

// searchOffsetLimit bounds how deep a search can page.
const searchOffsetLimit = 1000

func searchParams() []openapi.Param {
	params := []openapi.Param{
		{Name: "q", Description: "what the learner types; typos are tolerated"},
		{Name: "lang", Description: "language of q: en, fr or de"},
		{Name: "sort", Description: "relevance (default), title, newest, ects, -ects or tuition"},
		{Name: "fee_group", Description: "eu (default) or non_eu: the fee tuition_max applies to"},
	}
	for _, f := range search.AllFacets() {
		params = append(params, openapi.Param{Name: f, Description: "comma-separated values of the " + f + " facet, any of which matches"})
	}
	for _, r := range searchRanges {
		params = append(params, openapi.Param{Name: r.param, Description: r.description, Type: "number"})
	}
	return append(params, openapi.PageParams...)
}

// searchQuery reads a search query from the request; an unknown parameter or
// bad value is a field error naming the parameter.
func searchQuery(c *fiber.Ctx) (search.Query, error) {
	known := []string{"q", "lang", "sort", "fee_group", "cursor", "limit"}
	known = append(known, search.AllFacets()...)
	for _, r := range searchRanges {
		known = append(known, r.param)
	}
	var unknown string
	c.Context().QueryArgs().VisitAll(func(k, _ []byte) {
		if unknown == "" && !slices.Contains(known, string(k)) {
			unknown = string(k)
		}
	})
	if unknown != "" {
		return search.Query{}, apperr.InvalidField(unknown, "is not a search parameter")
	}
	q := search.Query{
		Text:     strings.Clone(c.Query("q")),
		Language: strings.Clone(c.Query("lang")),
		Sort:     strings.Clone(c.Query("sort")),
		Filters:  map[string][]string{},
		Facets:   search.AllFacets(),
	}
	feeGroup := c.Query("fee_group", FeeGroupEU)
	if feeGroup != FeeGroupEU && feeGroup != FeeGroupNonEU {
		return search.Query{}, apperr.InvalidField("fee_group", "must be eu or non_eu")
	}
	// A facet's values come repeated (level=a&level=b), comma-separated, or both.
	for _, f := range search.AllFacets() {
		for _, raw := range c.Context().QueryArgs().PeekMulti(f) {
			for _, v := range strings.Split(string(raw), ",") {
				if v = strings.TrimSpace(v); v != "" {
					q.Filters[f] = append(q.Filters[f], v)
				}
			}
		}
	}
	for _, r := range searchRanges {
		raw := c.Query(r.param)
		if raw == "" {
			continue
		}
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(v) || v < r.min || v > r.max {
			if r.max == math.MaxFloat64 {
				return search.Query{}, apperr.InvalidField(r.param, "must be a number of at least %g", r.min)
			}
			return search.Query{}, apperr.InvalidField(r.param, "must be a number from %g to %g", r.min, r.max)
		}
		r.set(&q, feeGroup, v)
	}
	offset, limit, err := httpkit.PageRequest[int](c, search.DefaultLimit, search.MaxLimit)
	if err != nil {
		return search.Query{}, err
	}
	q.Offset, q.Limit = offset, limit
	if q.Offset < 0 || q.Offset > searchOffsetLimit {
		return search.Query{}, apperr.InvalidField("cursor", "is not a cursor this API returned")
	}
	return q, nil
}

func (h *Handler) search(c *fiber.Ctx) error {
	q, err := searchQuery(c)
	if err != nil {
		return err
	}
	res, err := h.svc.Search(c.UserContext(), q)
	if err != nil {
		return err
	}
	out := SearchResponse{Hits: make([]SearchHit, len(res.Hits)), Total: res.Total, Facets: res.Facets}
	if out.Facets == nil {
		out.Facets = map[string]map[string]int{}
	}
	for i, hit := range res.Hits {
		d := hit.Document
		out.Hits[i] = SearchHit{
			Type: d.Type, ID: strings.TrimPrefix(d.ID, d.Type+":"), Slug: d.Slug, Title: d.Title, Summary: d.Summary,
			Institution: d.Institution, InstitutionName: d.InstitutionName, Country: d.Country, Language: d.Language,
			Level: d.Level, EQFLevel: d.EQFLevel, Cycle: d.Cycle, ECTS: d.ECTS, Delivery: d.Delivery, Status: d.Status, MetricType: d.MetricType,
			Highlights: SearchHighlights{Title: hit.Highlights[search.HighlightTitle], Summary: hit.Highlights[search.HighlightSummary]},
		}
	}
	if next := q.Offset + len(res.Hits); len(res.Hits) > 0 && next < res.Total && next <= searchOffsetLimit {
		out.NextCursor = httpkit.EncodeCursor(next)
	}
	return c.JSON(out)
}
