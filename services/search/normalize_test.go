package search_test

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"academy/services/search"
)

func TestQueryNormalize(t *testing.T) {
	tests := []struct {
		name  string
		query search.Query
		want  search.Query
	}{
		{"defaults", search.Query{Text: "  machine learning "},
			search.Query{Text: "machine learning", Filters: map[string][]string{}, Sort: search.SortRelevance, Limit: search.DefaultLimit}},
		{"limit capped", search.Query{Limit: 500, Sort: search.SortTitle},
			search.Query{Filters: map[string][]string{}, Sort: search.SortTitle, Limit: search.MaxLimit}},
		{"codes in canonical case, duplicates dropped", search.Query{
			Filters: map[string][]string{"country": {"de", "DE", "Fr"}, "language": {"EN"}, "eqf_level": {"07"}, "skills": {}},
			Facets:  []string{"type", "type", "skills"},
			Limit:   10,
		}, search.Query{
			Filters: map[string][]string{"country": {"DE", "FR"}, "language": {"en"}, "eqf_level": {"7"}},
			Facets:  []string{"type", "skills"},
			Sort:    search.SortRelevance, Limit: 10,
		}},
		{"talent facets: work authorisation codes in canonical case", search.Query{
			Filters: map[string][]string{"work_authorisation": {"de", "needs_permit", "DE"}, "occupation": {"occ-1", "occ-1"}},
			Facets:  []string{"occupation", "work_authorisation"},
			Limit:   10,
		}, search.Query{
			Filters: map[string][]string{"work_authorisation": {"DE", "needs_permit"}, "occupation": {"occ-1"}},
			Facets:  []string{"occupation", "work_authorisation"},
			Sort:    search.SortRelevance, Limit: 10,
		}},
		{"language hint kept when handled", search.Query{Language: "FR", Limit: 5},
			search.Query{Filters: map[string][]string{}, Sort: search.SortRelevance, Limit: 5, Language: "fr"}},
		{"language hint dropped when not handled", search.Query{Language: "it", Limit: 5},
			search.Query{Filters: map[string][]string{}, Sort: search.SortRelevance, Limit: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.query.Normalize()
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestQueryNormalizeRangesMayBeOpenOrEqual(t *testing.T) {
	for _, r := range []search.Range{search.AtLeast(5), search.AtMost(5), search.Between(5, 5), {}} {
		if _, err := (search.Query{ECTS: r, TuitionEU: r, TuitionNonEU: r, EQFLevel: r, AvailableFrom: r}).Normalize(); err != nil {
			t.Errorf("range %+v refused: %v", r, err)
		}
	}
}

func TestQueryNormalizeRefusesBadTalentFilters(t *testing.T) {
	tests := []struct {
		name   string
		query  search.Query
		filter string
	}{
		{"work authorisation neither a country nor needs_permit", search.Query{Filters: map[string][]string{"work_authorisation": {"Germany"}}}, "work_authorisation"},
		{"empty occupation", search.Query{Filters: map[string][]string{"occupation": {""}}}, "occupation"},
		{"availability range upside down", search.Query{AvailableFrom: search.Between(20000, 19000)}, search.RangeAvailableFrom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.query.Normalize()
			var fe *search.FilterError
			if !errors.As(err, &fe) || fe.Filter != tt.filter {
				t.Errorf("Normalize: %v, want a FilterError naming %q", err, tt.filter)
			}
		})
	}
}

func TestTalentFacetsAreKeptOutOfTheCatalogue(t *testing.T) {
	for _, f := range []string{search.FacetOccupation, search.FacetWorkAuthorisation} {
		if slices.Contains(search.AllFacets(), f) {
			t.Errorf("the public catalogue offers the talent facet %q", f)
		}
		if !slices.Contains(search.TalentFacets(), f) {
			t.Errorf("the talent search lacks the facet %q", f)
		}
	}
}

func TestDocumentNormalize(t *testing.T) {
	published := time.Date(2025, 3, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	doc := search.Document{
		ID: "course:x", Type: search.TypeCourse, Title: "X", Language: "FR", Country: "be", PublishedAt: published,
	}
	got, err := doc.Normalize()
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if got.Language != "fr" || got.Country != "BE" || !slices.Equal(got.Languages, []string{"fr"}) {
		t.Errorf("Normalize = language %q, country %q, languages %v; want fr, BE, [fr]", got.Language, got.Country, got.Languages)
	}
	if !got.PublishedAt.Equal(published) || got.PublishedAt.Location() != time.UTC {
		t.Errorf("PublishedAt = %v, want %v in UTC", got.PublishedAt, published)
	}
}

func TestDocumentNormalizeTalentProfile(t *testing.T) {
	doc := search.Document{
		ID: "talent:c1", Type: search.TypeTalent, Title: "Data engineer",
		Occupations:       []string{"occ-1", "occ-2", "occ-1"},
		WorkAuthorisation: []string{"de", "needs_permit", "DE"},
		AvailableFrom:     20500,
	}
	got, err := doc.Normalize()
	if err != nil {
		t.Fatalf("Normalize: %v", err)
	}
	if !slices.Equal(got.Occupations, []string{"occ-1", "occ-2"}) || !slices.Equal(got.WorkAuthorisation, []string{"DE", "needs_permit"}) || got.AvailableFrom != 20500 {
		t.Errorf("Normalize = occupations %v, work authorisation %v, available from %d", got.Occupations, got.WorkAuthorisation, got.AvailableFrom)
	}
}

func TestDocumentNormalizeRefuses(t *testing.T) {
	valid := search.Document{ID: "course:x", Type: search.TypeCourse, Title: "X"}
	tests := []struct {
		name   string
		change func(d *search.Document)
	}{
		{"empty id", func(d *search.Document) { d.ID = "" }},
		{"long id", func(d *search.Document) { d.ID = string(make([]byte, 300)) }},
		{"unknown type", func(d *search.Document) { d.Type = "webinar" }},
		{"unknown level", func(d *search.Document) { d.Level = "expert" }},
		{"unknown cycle", func(d *search.Document) { d.Cycle = "diploma" }},
		{"EQF level above 8", func(d *search.Document) { d.EQFLevel = 9 }},
		{"language not a code", func(d *search.Document) { d.Language = "French" }},
		{"country not a code", func(d *search.Document) { d.Country = "Belgium" }},
		{"negative ECTS", func(d *search.Document) { d.ECTS = -5 }},
		{"work authorisation not a code", func(d *search.Document) { d.WorkAuthorisation = []string{"Germany"} }},
		{"empty occupation", func(d *search.Document) { d.Occupations = []string{""} }},
		{"negative availability", func(d *search.Document) { d.AvailableFrom = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := valid
			tt.change(&d)
			if _, err := d.Normalize(); !errors.Is(err, search.ErrInvalidDocument) {
				t.Errorf("Normalize: %v, want ErrInvalidDocument", err)
			}
		})
	}
	if _, err := valid.Normalize(); err != nil {
		t.Errorf("valid document refused: %v", err)
	}
}

func TestTitleSortKeyIgnoresCaseAndAccents(t *testing.T) {
	titles := []string{"Zoology", "économie", "MSc AI", "Machine learning", "Ethics", "Überblick"}
	slices.SortFunc(titles, func(a, b string) int {
		ka, kb := search.TitleSortKey(a), search.TitleSortKey(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	want := []string{"économie", "Ethics", "Machine learning", "MSc AI", "Überblick", "Zoology"}
	if !slices.Equal(titles, want) {
		t.Errorf("sorted %q, want %q", titles, want)
	}
	// Plain ASCII and accented spellings of a title share their key.
	for _, pair := range [][2]string{{"ECOLE Data", "École data"}, {"Uberblick", "überBlick"}} {
		if a, b := search.TitleSortKey(pair[0]), search.TitleSortKey(pair[1]); a != b {
			t.Errorf("keys of %q and %q differ: %q and %q", pair[0], pair[1], a, b)
		}
	}
}
