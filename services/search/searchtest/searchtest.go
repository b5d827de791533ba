// Package searchtest is the contract every search.Index backend passes: typo tolerance, prefix
// search, filters, facets, sorting, paging, highlighting, writes and language-aware matching, all
// checked on the same small catalogue.
package searchtest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"academy/services/search"
)

// Backend makes the indexes of one backend that the contract runs against.
type Backend struct {
	// New returns a fresh, empty index of its own for each call, closed when the test ends.
	New func(t *testing.T) search.Index
	// NewPair returns a fresh deployment's public catalogue index and its talent index, laid
	// out as a deployment lays them out: on the same server or under the same data directory,
	// under another name. Both are empty and closed when the test ends.
	NewPair func(t *testing.T) (public, talent search.Index)
}

// Run runs the contract against the indexes b makes.
func Run(t *testing.T, b Backend) {
	newIndex := b.New
	tests := []struct {
		name string
		run  func(t *testing.T, newIndex func(t *testing.T) search.Index)
	}{
		{"apply is idempotent", testApplyIdempotent},
		{"empty index", testEmptyIndex},
		{"documents round-trip", testRoundTrip},
		{"typo tolerance", testTypoTolerance},
		{"prefix search", testPrefix},
		{"filters", testFilters},
		{"facet counts", testFacets},
		{"stats", testStats},
		{"sort", testSort},
		{"pagination", testPagination},
		{"highlighting", testHighlighting},
		{"delete", testDelete},
		{"upsert replaces", testUpsertReplaces},
		{"skill labels act as synonyms", testSkillSynonyms},
		{"words side by side rank first", testProximity},
		{"french", testFrench},
		{"german", testGerman},
		{"bad queries name the filter", testBadQueries},
		{"long words", testLongWords},
		{"bad documents are refused", testBadDocuments},
		{"reset", testReset},
		{"a second index is independent", testSecondIndex},
		{"concurrent use", testConcurrentUse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newIndex) })
	}
	t.Run("talent", func(t *testing.T) { runTalent(t, b.NewPair) })
}

// loaded returns a new index holding the fixture.
func loaded(t *testing.T, newIndex func(t *testing.T) search.Index) search.Index {
	t.Helper()
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if err := idx.Upsert(t.Context(), fixture()...); err != nil {
		t.Fatalf("Upsert fixture: %v", err)
	}
	return idx
}

func mustSearch(t *testing.T, idx search.Index, q search.Query) search.Result {
	t.Helper()
	res, err := idx.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(res search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Document.ID
	}
	return out
}

func sorted(ids []string) []string {
	return slices.Sorted(slices.Values(ids))
}

func mustCount(t *testing.T, idx search.Index) int {
	t.Helper()
	n, err := idx.Count(t.Context())
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	return n
}

func testApplyIdempotent(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("second Apply: %v", err)
	}
	if got := mustCount(t, idx); got != len(fixture()) {
		t.Errorf("Count after second Apply = %d, want %d", got, len(fixture()))
	}
	res := mustSearch(t, idx, search.Query{Text: "robotics", Filters: map[string][]string{"cycle": {"phd"}}})
	if got := ids(res); !slices.Equal(got, []string{phdRobotics}) {
		t.Errorf("search after second Apply = %v, want [%s]", got, phdRobotics)
	}
}

func testEmptyIndex(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if got := mustCount(t, idx); got != 0 {
		t.Errorf("Count = %d, want 0", got)
	}
	res := mustSearch(t, idx, search.Query{
		Text:    "machine learning",
		Filters: map[string][]string{"type": {"course"}, "skills": {"esco:machine-learning"}},
		ECTS:    search.AtLeast(1),
		Sort:    search.SortTitle,
		Facets:  []string{"type", "country"},
		Stats:   []string{"ects"},
	})
	want := map[string]map[string]int{"type": {}, "country": {}}
	if len(res.Hits) != 0 || res.Total != 0 || !reflect.DeepEqual(res.Facets, want) || len(res.Stats) != 0 {
		t.Errorf("search of an empty index = %+v, want no hits, empty facets and no stats", res)
	}
}

func testRoundTrip(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	res := mustSearch(t, idx, search.Query{Limit: search.MaxLimit})
	if len(res.Hits) != len(fixture()) {
		t.Fatalf("got %d hits, want the %d documents", len(res.Hits), len(fixture()))
	}
	for _, h := range res.Hits {
		want, err := byID(h.Document.ID).Normalize()
		if err != nil {
			t.Fatal(err)
		}
		got := h.Document
		if !got.PublishedAt.Equal(want.PublishedAt) {
			t.Errorf("%s: PublishedAt = %v, want %v", want.ID, got.PublishedAt, want.PublishedAt)
		}
		got.PublishedAt, want.PublishedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("stored document differs:\n got %+v\nwant %+v", got, want)
		}
	}
}

func testTypoTolerance(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	for _, text := range []string{"machne lerning", "machine lerning", "Machin Learnng foundatons"} {
		got := ids(mustSearch(t, idx, search.Query{Text: text}))
		if len(got) == 0 || got[0] != mlFoundations {
			t.Errorf("%q: hits %v, want %s first", text, got, mlFoundations)
		}
	}
	got := ids(mustSearch(t, idx, search.Query{Text: "quantum"}))
	if len(got) != 0 {
		t.Errorf("%q matched %v, want nothing", "quantum", got)
	}
}

func testPrefix(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct{ text, want string }{
		{"mach", mlFoundations},
		{"machine learning fou", mlFoundations},
		{"neur", neuralNetworks},
		{"doctor", phdRobotics},
	}
	for _, tt := range tests {
		got := ids(mustSearch(t, idx, search.Query{Text: tt.text}))
		if !slices.Contains(got, tt.want) {
			t.Errorf("%q: hits %v, want %s among them", tt.text, got, tt.want)
		}
	}
}

func testFilters(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct {
		name  string
		query search.Query
		want  []string
	}{
		{"type", search.Query{Filters: map[string][]string{"type": {"programme"}}},
			[]string{mscAI, bscDataScience, phdRobotics}},
		{"values of one facet are alternatives", search.Query{Filters: map[string][]string{"type": {"course", "competition"}}},
			[]string{mlFoundations, neuralNetworks, introIA, grundlagenML, aiChallenge}},
		{"cycle", search.Query{Filters: map[string][]string{"cycle": {"master"}}}, []string{mscAI}},
		{"country", search.Query{Filters: map[string][]string{"country": {"DE"}}}, []string{grundlagenML, bscDataScience}},
		{"country in lower case", search.Query{Filters: map[string][]string{"country": {"de"}}}, []string{grundlagenML, bscDataScience}},
		{"language of instruction", search.Query{Filters: map[string][]string{"language": {"fr"}}}, []string{introIA, phdRobotics}},
		{"skills", search.Query{Filters: map[string][]string{"skills": {"esco:neural-networks"}}}, []string{neuralNetworks}},
		{"institution", search.Query{Filters: map[string][]string{"institution": {"tum"}}}, []string{grundlagenML, bscDataScience}},
		{"level", search.Query{Filters: map[string][]string{"level": {"intermediate"}}}, []string{neuralNetworks}},
		{"delivery and study mode", search.Query{Filters: map[string][]string{"delivery": {"online", "hybrid"}, "study_mode": {"part_time"}}},
			[]string{grundlagenML}},
		{"facets are combined", search.Query{Filters: map[string][]string{"type": {"programme"}, "country": {"FR"}}}, []string{phdRobotics}},
		{"EQF level value", search.Query{Filters: map[string][]string{"eqf_level": {"6"}}}, []string{bscDataScience}},
		{"EQF range", search.Query{EQFLevel: search.AtLeast(7)}, []string{mscAI, phdRobotics}},
		{"ECTS range", search.Query{ECTS: search.Between(4, 10)}, []string{mlFoundations, neuralNetworks, grundlagenML}},
		{"EU tuition range", search.Query{TuitionEU: search.AtMost(1000)},
			[]string{mlFoundations, neuralNetworks, introIA, grundlagenML, bscDataScience, phdRobotics, aiChallenge}},
		{"non-EU tuition range", search.Query{TuitionNonEU: search.AtLeast(10000)}, []string{mscAI}},
		{"text and filter", search.Query{Text: "intelligence", Filters: map[string][]string{"type": {"programme"}}}, []string{mscAI}},
		{"no match", search.Query{Filters: map[string][]string{"country": {"IT"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, idx, tt.query)
			if got := ids(res); !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("hits %v, want %v", got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func testFacets(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct {
		name  string
		query search.Query
		want  map[string]map[string]int
	}{
		{"whole catalogue", search.Query{Facets: []string{"type", "country", "language", "eqf_level", "cycle"}},
			map[string]map[string]int{
				"type":      {"course": 4, "programme": 3, "competition": 1},
				"country":   {"NL": 3, "FR": 2, "DE": 2, "BE": 1},
				"language":  {"en": 6, "fr": 2, "de": 2},
				"eqf_level": {"6": 1, "7": 1, "8": 1},
				"cycle":     {"bachelor": 1, "master": 1, "phd": 1},
			}},
		{"filtered", search.Query{Filters: map[string][]string{"country": {"NL"}}, Facets: []string{"type", "skills", "institution"}},
			map[string]map[string]int{
				"type":        {"course": 2, "programme": 1},
				"skills":      {"esco:machine-learning": 2, "esco:neural-networks": 1, "esco:robotics": 1},
				"institution": {"tu-delft": 3},
			}},
		{"with text", search.Query{Text: "robotics", Facets: []string{"type", "level"}},
			map[string]map[string]int{"type": {"programme": 2}, "level": {}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustSearch(t, idx, tt.query).Facets
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Facets = %v, want %v", got, tt.want)
			}
		})
	}
}

func testStats(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	res := mustSearch(t, idx, search.Query{
		Filters: map[string][]string{"type": {"programme"}},
		Stats:   []string{"ects", "tuition_eu", "tuition_non_eu"},
	})
	want := map[string]search.Stats{
		"ects":           {Min: 120, Max: 240},
		"tuition_eu":     {Min: 0, Max: 2530},
		"tuition_non_eu": {Min: 380, Max: 20000},
	}
	if !reflect.DeepEqual(res.Stats, want) {
		t.Errorf("Stats = %v, want %v", res.Stats, want)
	}
}

func testSort(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	programmes := map[string][]string{"type": {"programme"}}
	tests := []struct {
		name  string
		query search.Query
		want  []string
	}{
		{"title ignores case and accents", search.Query{Sort: search.SortTitle},
			[]string{bscDataScience, phdRobotics, aiChallenge, grundlagenML, introIA, mlFoundations, mscAI, neuralNetworks}},
		{"newest", search.Query{Sort: search.SortNewest},
			[]string{aiChallenge, neuralNetworks, mscAI, mlFoundations, phdRobotics, grundlagenML, introIA, bscDataScience}},
		{"ECTS ascending", search.Query{Sort: search.SortECTS, Filters: programmes}, []string{mscAI, bscDataScience, phdRobotics}},
		{"ECTS descending", search.Query{Sort: search.SortECTSDesc, Filters: programmes}, []string{phdRobotics, bscDataScience, mscAI}},
		{"tuition", search.Query{Sort: search.SortTuition, Filters: programmes}, []string{bscDataScience, phdRobotics, mscAI}},
		{"sort outranks relevance", search.Query{Text: "robotics", Sort: search.SortECTSDesc}, []string{phdRobotics, mscAI}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(mustSearch(t, idx, tt.query)); !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}

func testPagination(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	for _, sort := range []string{search.SortRelevance, search.SortTitle, search.SortECTS} {
		t.Run(sort, func(t *testing.T) {
			all := ids(mustSearch(t, idx, search.Query{Sort: sort, Limit: search.MaxLimit}))
			var paged []string
			for offset := 0; offset < len(fixture())+3; offset += 3 {
				res := mustSearch(t, idx, search.Query{Sort: sort, Limit: 3, Offset: offset})
				if res.Total != len(fixture()) {
					t.Errorf("offset %d: Total = %d, want %d", offset, res.Total, len(fixture()))
				}
				paged = append(paged, ids(res)...)
			}
			if !slices.Equal(paged, all) {
				t.Errorf("pages of 3 give %v, one page gives %v", paged, all)
			}
			if len(all) != len(fixture()) || len(slices.Compact(sorted(all))) != len(all) {
				t.Errorf("one page gives %v, want each of the %d documents once", all, len(fixture()))
			}
		})
	}
}

func testHighlighting(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct {
		name, text, id, field, want string
	}{
		{"exact word", "machine", mlFoundations, search.HighlightTitle, "<mark>Machine</mark> Learning Foundations"},
		{"typo", "machne foundations", mlFoundations, search.HighlightTitle, "<mark>Machine</mark> Learning <mark>Foundations</mark>"},
		{"rest escaped", "industry", aiChallenge, search.HighlightSummary,
			"Teams solve a real <mark>industry</mark> problem &amp; win a place in the talent pool &lt;for 2026&gt;."},
		{"French elision", "intelligence artificielle", introIA, search.HighlightTitle,
			"Introduction à l&#39;<mark>intelligence</mark> <mark>artificielle</mark>"},
		{"institution", "grenoble robotics", phdRobotics, search.HighlightInstitutionName, "Université <mark>Grenoble</mark> Alpes"},
		{"no match still escaped", "challenge", aiChallenge, search.HighlightSummary,
			"Teams solve a real industry problem &amp; win a place in the talent pool &lt;for 2026&gt;."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, idx, search.Query{Text: tt.text})
			for _, h := range res.Hits {
				if h.Document.ID == tt.id {
					if got := h.Highlights[tt.field]; got != tt.want {
						t.Errorf("%s highlight = %q, want %q", tt.field, got, tt.want)
					}
					return
				}
			}
			t.Errorf("%q: hits %v, want %s among them", tt.text, ids(res), tt.id)
		})
	}
}

func testDelete(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	if err := idx.Delete(t.Context(), mlFoundations, search.DocumentID(search.TypeCourse, "never-indexed")); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := idx.Delete(t.Context()); err != nil {
		t.Fatalf("Delete of nothing: %v", err)
	}
	if got := mustCount(t, idx); got != len(fixture())-1 {
		t.Errorf("Count = %d, want %d", got, len(fixture())-1)
	}
	if got := ids(mustSearch(t, idx, search.Query{Text: "machine learning foundations"})); slices.Contains(got, mlFoundations) {
		t.Errorf("deleted document still found: %v", got)
	}
	if got := ids(mustSearch(t, idx, search.Query{Limit: search.MaxLimit})); slices.Contains(got, mlFoundations) {
		t.Errorf("deleted document still listed: %v", got)
	}
}

func testUpsertReplaces(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	changed := byID(mlFoundations)
	changed.Title = "Quantum Computing Basics"
	changed.Country = "BE"
	if err := idx.Upsert(t.Context(), changed); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if got := mustCount(t, idx); got != len(fixture()) {
		t.Errorf("Count = %d, want %d", got, len(fixture()))
	}
	if got := ids(mustSearch(t, idx, search.Query{Text: "quantum computing"})); !slices.Equal(got, []string{mlFoundations}) {
		t.Errorf("new title: hits %v, want [%s]", got, mlFoundations)
	}
	if got := ids(mustSearch(t, idx, search.Query{Text: "foundations"})); slices.Contains(got, mlFoundations) {
		t.Errorf("old title still matches: %v", got)
	}
	be := ids(mustSearch(t, idx, search.Query{Filters: map[string][]string{"country": {"BE"}}}))
	if !slices.Equal(sorted(be), sorted([]string{mlFoundations, aiChallenge})) {
		t.Errorf("country BE: hits %v, want the changed course and the competition", be)
	}
}

func testSkillSynonyms(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	for _, text := range []string{"deep learning", "réseaux de neurones", "reseaux neurones"} {
		got := ids(mustSearch(t, idx, search.Query{Text: text}))
		if len(got) == 0 || got[0] != neuralNetworks {
			t.Errorf("%q: hits %v, want %s first", text, got, neuralNetworks)
		}
	}
}

func testProximity(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := newIndex(t)
	if err := idx.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	// The titles hold the same words in another order: only where the words stand tells them apart.
	apart := search.Document{ID: "course:c", Type: search.TypeCourse, Language: "en", Title: "Responsible Data for Trustworthy AI"}
	together := search.Document{ID: "course:b", Type: search.TypeCourse, Language: "en", Title: "Responsible AI for Trustworthy Data"}
	if err := idx.Upsert(t.Context(), apart, together); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	got := ids(mustSearch(t, idx, search.Query{Text: "responsible ai"}))
	if !slices.Equal(got, []string{together.ID, apart.ID}) {
		t.Errorf("hits %v, want %s (the words side by side) before %s", got, together.ID, apart.ID)
	}
}

func testFrench(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct{ text, lang string }{
		{"intelligence artificielle", ""},
		{"intelligence artificielle", "fr"},
		{"intelligences artificielles", ""},
		{"introduction a l intelligence", ""},
		{"Introduction à l'intelligence", "fr"},
		{"bases de l'IA", "fr"},
	}
	for _, tt := range tests {
		got := ids(mustSearch(t, idx, search.Query{Text: tt.text, Language: tt.lang}))
		if len(got) == 0 || got[0] != introIA {
			t.Errorf("%q (language %q): hits %v, want %s first", tt.text, tt.lang, got, introIA)
		}
	}
}

func testGerman(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct{ text, lang string }{
		{"maschinelles Lernen", ""},
		{"maschinellen lernen", ""},
		{"maschinelles Lernen", "de"},
		{"Grundlagen", "de"},
		{"uberwachtes lernen", ""},
	}
	for _, tt := range tests {
		got := ids(mustSearch(t, idx, search.Query{Text: tt.text, Language: tt.lang}))
		if len(got) == 0 || got[0] != grundlagenML {
			t.Errorf("%q (language %q): hits %v, want %s first", tt.text, tt.lang, got, grundlagenML)
		}
	}
}

func testBadQueries(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	tests := []struct {
		name   string
		query  search.Query
		filter string
	}{
		{"unknown filter", search.Query{Filters: map[string][]string{"colour": {"red"}}}, "colour"},
		{"unknown type", search.Query{Filters: map[string][]string{"type": {"webinar"}}}, "type"},
		{"EQF level not a number", search.Query{Filters: map[string][]string{"eqf_level": {"nine"}}}, "eqf_level"},
		{"EQF level out of range", search.Query{Filters: map[string][]string{"eqf_level": {"9"}}}, "eqf_level"},
		{"country not a code", search.Query{Filters: map[string][]string{"country": {"Germany"}}}, "country"},
		{"empty skill", search.Query{Filters: map[string][]string{"skills": {""}}}, "skills"},
		{"ECTS minimum above maximum", search.Query{ECTS: search.Between(30, 5)}, "ects"},
		{"unknown sort", search.Query{Sort: "price"}, "sort"},
		{"negative limit", search.Query{Limit: -1}, "limit"},
		{"negative offset", search.Query{Offset: -3}, "offset"},
		{"unknown facet", search.Query{Facets: []string{"colour"}}, "facets"},
		{"unknown stat", search.Query{Stats: []string{"price"}}, "stats"},
		{"text too long", search.Query{Text: strings.Repeat("a", 700)}, "q"},
		{"text too long after a word", search.Query{Text: "machine " + strings.Repeat("learning", 100)}, "q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := idx.Search(t.Context(), tt.query)
			var fe *search.FilterError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v, want a *search.FilterError", err)
			}
			if fe.Filter != tt.filter {
				t.Errorf("FilterError names %q, want %q (%v)", fe.Filter, tt.filter, err)
			}
		})
	}
}

// testLongWords searches for the longest text accepted as one word, alone
// and after another: typo matching must not fail on it, nor match anything.
func testLongWords(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	long := strings.Repeat("machinelearning", search.MaxTextLength/15+1)[:search.MaxTextLength]
	for _, text := range []string{long, "machine " + long[:search.MaxTextLength-8]} {
		res, err := idx.Search(t.Context(), search.Query{Text: text})
		if err != nil {
			t.Errorf("%d characters: %v, want an answer", len(text), err)
			continue
		}
		if len(res.Hits) != 0 {
			t.Errorf("%d characters matched %v, want nothing", len(text), ids(res))
		}
	}
}

func testBadDocuments(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	bad := byID(mlFoundations)
	bad.ID = search.DocumentID(search.TypeCourse, "bad")
	bad.Type = "webinar"
	err := idx.Upsert(t.Context(), byID(neuralNetworks), bad)
	if !errors.Is(err, search.ErrInvalidDocument) {
		t.Fatalf("Upsert of a document of unknown type: error %v, want ErrInvalidDocument", err)
	}
	if got := mustCount(t, idx); got != len(fixture()) {
		t.Errorf("Count = %d after a refused batch, want %d", got, len(fixture()))
	}
}

func testReset(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	if err := idx.Reset(t.Context()); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if got := mustCount(t, idx); got != 0 {
		t.Errorf("Count after Reset = %d, want 0", got)
	}
	if got := ids(mustSearch(t, idx, search.Query{Text: "machine"})); len(got) != 0 {
		t.Errorf("hits after Reset: %v", got)
	}
	if err := idx.Upsert(t.Context(), byID(introIA)); err != nil {
		t.Fatalf("Upsert after Reset: %v", err)
	}
	if got := ids(mustSearch(t, idx, search.Query{Text: "intelligence"})); !slices.Equal(got, []string{introIA}) {
		t.Errorf("hits after Reset and Upsert: %v, want [%s]", got, introIA)
	}
}

func testConcurrentUse(t *testing.T, newIndex func(t *testing.T) search.Index) {
	idx := loaded(t, newIndex)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 3 {
		wg.Go(func() {
			for range 10 {
				res, err := idx.Search(ctx, search.Query{Text: "learning", Facets: []string{"type"}})
				if err == nil && len(res.Hits) == 0 {
					err = errors.New("search during writes found nothing")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 5 {
			d := byID(neuralNetworks)
			d.WorkloadHours = 100 + i
			if err := idx.Upsert(ctx, d); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := mustCount(t, idx); got != len(fixture()) {
		t.Errorf("Count = %d, want %d", got, len(fixture()))
	}
}

// testSecondIndex checks what a kind kept in an index of its own relies on: writes, resets and
// searches of one index never reach another.
func testSecondIndex(t *testing.T, newIndex func(t *testing.T) search.Index) {
	public := loaded(t, newIndex)
	own := newIndex(t)
	if err := own.Apply(t.Context()); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	private := search.Document{ID: "competition:private", Type: search.TypeCompetition, Title: "Machine learning private ranking"}
	if err := own.Upsert(t.Context(), private); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if got := ids(mustSearch(t, public, search.Query{Text: "private ranking"})); len(got) != 0 {
		t.Errorf("the public index finds %v, a document of the other index", got)
	}
	if got := ids(mustSearch(t, own, search.Query{Text: "machine learning"})); !slices.Equal(got, []string{private.ID}) {
		t.Errorf("the second index finds %v, want only its own %s", got, private.ID)
	}
	if err := own.Reset(t.Context()); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if n, err := public.Count(t.Context()); err != nil || n != len(fixture()) {
		t.Errorf("after resetting the second index the public one holds %d (%v), want %d", n, err, len(fixture()))
	}
}
