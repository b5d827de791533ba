package searchtest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"academy/services/search"
)

// Talent fixture ids.
var (
	talentAna   = search.DocumentID(search.TypeTalent, "c-ana")
	talentBen   = search.DocumentID(search.TypeTalent, "c-ben")
	talentChloe = search.DocumentID(search.TypeTalent, "c-chloe")
	talentDario = search.DocumentID(search.TypeTalent, "c-dario")
)

// days is a date as Document.AvailableFrom counts it: days since 1970-01-01.
func days(s string) int { return int(day(s).Unix() / 86400) }

// talentFixture is a small talent pool: profiles whose words ("machine learning", "data") the
// public catalogue's documents share, so that a search leaking across indexes shows.
func talentFixture() []search.Document {
	return []search.Document{
		{
			ID: talentAna, Type: search.TypeTalent, Title: "Data engineer: Python and SQL pipelines",
			Summary: "Builds data pipelines for analytics teams.", Language: "en", Country: "PT",
			Skills: []string{"esco:python", "esco:sql"}, SkillLabels: []string{"Python", "SQL"},
			Languages: []string{"en", "pt"}, Occupations: []string{"occ:data-engineer"},
			WorkAuthorisation: []string{"PT"},
		},
		{
			ID: talentBen, Type: search.TypeTalent, Title: "Machine learning engineer",
			Summary: "Trains and deploys machine learning models.", Language: "en", Country: "IN",
			Skills: []string{"esco:machine-learning", "esco:python"}, SkillLabels: []string{"machine learning", "Python"},
			Languages: []string{"en"}, Occupations: []string{"occ:ml-engineer", "occ:data-scientist"},
			WorkAuthorisation: []string{search.WorkAuthorisationNeedsPermit}, AvailableFrom: days("2027-03-01"),
		},
		{
			ID: talentChloe, Type: search.TypeTalent, Title: "Data scientist, statistics and machine learning",
			Summary: "Experiments, forecasting and causal inference.", Language: "en", Country: "FR",
			Skills: []string{"esco:machine-learning", "esco:statistics"}, SkillLabels: []string{"machine learning", "statistics"},
			Languages: []string{"fr", "en", "de"}, Occupations: []string{"occ:data-scientist"},
			WorkAuthorisation: []string{"FR", "DE"}, AvailableFrom: days("2027-06-01"),
		},
		{
			ID: talentDario, Type: search.TypeTalent, Title: "Cloud engineer",
			Summary: "Runs data platforms on Kubernetes.", Language: "en", Country: "DE",
			Skills: []string{"esco:cloud"}, SkillLabels: []string{"cloud technologies"},
			Languages: []string{"de", "it"}, Occupations: []string{"occ:cloud-engineer"},
			WorkAuthorisation: []string{"DE"}, AvailableFrom: days("2027-01-15"),
		},
	}
}

func talentByID(id string) search.Document {
	for _, d := range talentFixture() {
		if d.ID == id {
			return d
		}
	}
	panic("no talent fixture document " + id)
}

// runTalent checks what the talent search relies on: an index of its own beside the public
// one, its facets and its availability range.
func runTalent(t *testing.T, newPair func(t *testing.T) (public, talent search.Index)) {
	loadedPair := func(t *testing.T) (public, talent search.Index) {
		t.Helper()
		public, talent = newPair(t)
		for _, idx := range []search.Index{public, talent} {
			if err := idx.Apply(t.Context()); err != nil {
				t.Fatalf("Apply: %v", err)
			}
		}
		if err := public.Upsert(t.Context(), fixture()...); err != nil {
			t.Fatalf("Upsert fixture: %v", err)
		}
		if err := talent.Upsert(t.Context(), talentFixture()...); err != nil {
			t.Fatalf("Upsert talent fixture: %v", err)
		}
		return public, talent
	}
	t.Run("indexes keep their documents apart", func(t *testing.T) {
		public, talent := loadedPair(t)
		testIndexesApart(t, public, talent)
	})
	t.Run("talent documents round-trip", func(t *testing.T) {
		_, talent := loadedPair(t)
		res := mustSearch(t, talent, search.Query{Limit: search.MaxLimit})
		if len(res.Hits) != len(talentFixture()) {
			t.Fatalf("got %d hits, want the %d profiles", len(res.Hits), len(talentFixture()))
		}
		for _, h := range res.Hits {
			want, err := talentByID(h.Document.ID).Normalize()
			if err != nil {
				t.Fatal(err)
			}
			got := h.Document
			got.PublishedAt, want.PublishedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("stored profile differs:\n got %+v\nwant %+v", got, want)
			}
		}
	})
	t.Run("talent filters", func(t *testing.T) {
		_, talent := loadedPair(t)
		testTalentFilters(t, talent)
	})
	t.Run("talent facets", func(t *testing.T) {
		public, talent := loadedPair(t)
		testTalentFacets(t, public, talent)
	})
}

func testIndexesApart(t *testing.T, public, talent search.Index) {
	if got := ids(mustSearch(t, public, search.Query{Text: "machine learning", Limit: search.MaxLimit})); slices.ContainsFunc(got, isTalent) {
		t.Errorf("the public index finds profiles: %v", got)
	}
	if got := ids(mustSearch(t, talent, search.Query{Text: "machine learning", Limit: search.MaxLimit})); !slices.Equal(sorted(got), sorted([]string{talentBen, talentChloe})) {
		t.Errorf("the talent index finds %v for machine learning, want only its two profiles", got)
	}
	if got := ids(mustSearch(t, public, search.Query{Filters: map[string][]string{"type": {search.TypeTalent}}})); len(got) != 0 {
		t.Errorf("the public index holds profiles: %v", got)
	}
	if got := ids(mustSearch(t, talent, search.Query{Filters: map[string][]string{"type": {search.TypeCourse, search.TypeProgramme}}})); len(got) != 0 {
		t.Errorf("the talent index holds catalogue entries: %v", got)
	}
	if n := mustCount(t, public); n != len(fixture()) {
		t.Errorf("the public index counts %d documents, want %d", n, len(fixture()))
	}
	if n := mustCount(t, talent); n != len(talentFixture()) {
		t.Errorf("the talent index counts %d documents, want %d", n, len(talentFixture()))
	}

	// Deleting a profile, and then every profile, leaves the public index alone; and the
	// other way round.
	if err := talent.Delete(t.Context(), talentAna, mlFoundations); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if n := mustCount(t, public); n != len(fixture()) {
		t.Errorf("deleting from the talent index left %d public documents, want %d", n, len(fixture()))
	}
	if err := public.Delete(t.Context(), talentBen); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got := ids(mustSearch(t, talent, search.Query{Limit: search.MaxLimit})); !slices.Equal(sorted(got), sorted([]string{talentBen, talentChloe, talentDario})) {
		t.Errorf("after deletes the talent index holds %v, want the three profiles left", got)
	}
	if err := talent.Reset(t.Context()); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if n := mustCount(t, public); n != len(fixture()) {
		t.Errorf("resetting the talent index left %d public documents, want %d", n, len(fixture()))
	}
	if got := ids(mustSearch(t, talent, search.Query{Text: "machine learning"})); len(got) != 0 {
		t.Errorf("the reset talent index finds %v", got)
	}
}

func testTalentFilters(t *testing.T, talent search.Index) {
	tests := []struct {
		name  string
		query search.Query
		want  []string
	}{
		{"occupation", search.Query{Filters: map[string][]string{"occupation": {"occ:data-scientist"}}}, []string{talentBen, talentChloe}},
		{"right to work in a country", search.Query{Filters: map[string][]string{"work_authorisation": {"de"}}}, []string{talentChloe, talentDario}},
		{"right to work there, or needing a permit", search.Query{Filters: map[string][]string{"work_authorisation": {"DE", search.WorkAuthorisationNeedsPermit}}},
			[]string{talentBen, talentChloe, talentDario}},
		{"available by a date, those available now included", search.Query{AvailableFrom: search.AtMost(float64(days("2027-03-01")))},
			[]string{talentAna, talentBen, talentDario}},
		{"available from a date on", search.Query{AvailableFrom: search.AtLeast(float64(days("2027-02-01")))}, []string{talentBen, talentChloe}},
		{"occupation and availability", search.Query{
			Filters:       map[string][]string{"occupation": {"occ:data-scientist"}},
			AvailableFrom: search.AtMost(float64(days("2027-03-01"))),
		}, []string{talentBen}},
		{"text, language and work authorisation", search.Query{
			Text:    "machine learning",
			Filters: map[string][]string{"language": {"en"}, "work_authorisation": {search.WorkAuthorisationNeedsPermit}},
		}, []string{talentBen}},
		{"skills and country", search.Query{Filters: map[string][]string{"skills": {"esco:python"}, "country": {"pt"}}}, []string{talentAna}},
		{"no one available so early", search.Query{
			Filters:       map[string][]string{"occupation": {"occ:cloud-engineer"}},
			AvailableFrom: search.AtMost(float64(days("2027-01-01"))),
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, talent, tt.query)
			if got := ids(res); !slices.Equal(sorted(got), sorted(tt.want)) {
				t.Errorf("hits %v, want %v", got, tt.want)
			}
			if res.Total != len(tt.want) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func testTalentFacets(t *testing.T, public, talent search.Index) {
	got := mustSearch(t, talent, search.Query{Facets: search.TalentFacets()}).Facets
	want := map[string]map[string]int{
		"skills":             {"esco:python": 2, "esco:sql": 1, "esco:machine-learning": 2, "esco:statistics": 1, "esco:cloud": 1},
		"occupation":         {"occ:data-engineer": 1, "occ:ml-engineer": 1, "occ:data-scientist": 2, "occ:cloud-engineer": 1},
		"country":            {"PT": 1, "IN": 1, "FR": 1, "DE": 1},
		"language":           {"en": 3, "pt": 1, "fr": 1, "de": 2, "it": 1},
		"work_authorisation": {"PT": 1, search.WorkAuthorisationNeedsPermit: 1, "FR": 1, "DE": 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("talent facets = %v, want %v", got, want)
	}
	filtered := mustSearch(t, talent, search.Query{
		Filters: map[string][]string{"work_authorisation": {"DE"}},
		Facets:  []string{"occupation", "work_authorisation"},
	}).Facets
	wantFiltered := map[string]map[string]int{
		"occupation":         {"occ:data-scientist": 1, "occ:cloud-engineer": 1},
		"work_authorisation": {"FR": 1, "DE": 2},
	}
	if !reflect.DeepEqual(filtered, wantFiltered) {
		t.Errorf("facets of those who may work in DE = %v, want %v", filtered, wantFiltered)
	}
	none := mustSearch(t, public, search.Query{Facets: []string{"occupation", "work_authorisation"}}).Facets
	if !reflect.DeepEqual(none, map[string]map[string]int{"occupation": {}, "work_authorisation": {}}) {
		t.Errorf("the public index counts talent facets %v, want none", none)
	}
}

func isTalent(id string) bool { return strings.HasPrefix(id, search.TypeTalent+":") }
