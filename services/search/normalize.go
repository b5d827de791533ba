package search

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// ErrInvalidDocument is wrapped by the error Upsert returns for a document it cannot index.
var ErrInvalidDocument = errors.New("invalid search document")

// maxIDLength keeps ids within Meilisearch's 511-byte primary key once encoded.
const maxIDLength = 256

// maxValueLength bounds a facet value in a filter.
const maxValueLength = 200

var (
	allFacets = []string{FacetType, FacetLevel, FacetEQFLevel, FacetCycle, FacetLanguage, FacetCountry,
		FacetDelivery, FacetStudyMode, FacetInstitution, FacetSkills, FacetStatus, FacetMetricType}
	talentFacets = []string{FacetSkills, FacetOccupation, FacetCountry, FacetLanguage, FacetWorkAuthorisation}
	// knownFacets are those a query may filter on or count, in either index.
	knownFacets = append(slices.Clone(allFacets), FacetOccupation, FacetWorkAuthorisation)
	allStats    = []string{StatECTS, StatTuitionEU, StatTuitionNonEU}
	allSorts    = []string{SortRelevance, SortTitle, SortNewest, SortECTS, SortECTSDesc, SortTuition}
	types       = []string{TypeCourse, TypeProgramme, TypeCompetition, TypeTalent}
	levels      = []string{LevelBeginner, LevelIntermediate, LevelAdvanced}
	cycles      = []string{CycleBachelor, CycleMaster, CyclePhD, CycleShort}
	languages   = []string{"en", "fr", "de"} // languages with specific text analysis
)

// AllFacets returns every facet of the public catalogue, in the order its search page lists them.
func AllFacets() []string { return slices.Clone(allFacets) }

// TalentFacets returns the facets of the talent search, in the order its page lists them.
func TalentFacets() []string { return slices.Clone(talentFacets) }

// AllStats returns every numeric field that has range statistics.
func AllStats() []string { return slices.Clone(allStats) }

// Normalize checks q and returns it with defaults applied and values in canonical form
// (language codes lower case, country codes upper case, duplicates dropped). Every backend calls
// it, so a query is accepted or refused the same way whichever backend runs.
func (q Query) Normalize() (Query, error) {
	out := q
	out.Text = strings.TrimSpace(q.Text)
	if n := utf8.RuneCountInString(out.Text); n > MaxTextLength {
		return Query{}, &FilterError{Filter: "q", Reason: fmt.Sprintf("is %d characters long; at most %d are searched", n, MaxTextLength)}
	}
	filters := make(map[string][]string, len(q.Filters))
	for name, values := range q.Filters {
		if !slices.Contains(knownFacets, name) {
			return Query{}, &FilterError{Filter: name, Reason: "unknown filter"}
		}
		var clean []string
		for _, v := range values {
			c, err := normalizeFacetValue(name, v)
			if err != nil {
				return Query{}, &FilterError{Filter: name, Reason: err.Error()}
			}
			if !slices.Contains(clean, c) {
				clean = append(clean, c)
			}
		}
		if len(clean) > 0 {
			filters[name] = clean
		}
	}
	out.Filters = filters
	ranges := []struct {
		name string
		r    Range
	}{
		{FacetEQFLevel, q.EQFLevel}, {StatECTS, q.ECTS}, {StatTuitionEU, q.TuitionEU}, {StatTuitionNonEU, q.TuitionNonEU},
		{RangeAvailableFrom, q.AvailableFrom},
	}
	for _, r := range ranges {
		if err := checkRange(r.r); err != nil {
			return Query{}, &FilterError{Filter: r.name, Reason: err.Error()}
		}
	}
	switch {
	case q.Sort == "":
		out.Sort = SortRelevance
	case !slices.Contains(allSorts, q.Sort):
		return Query{}, &FilterError{Filter: "sort", Reason: fmt.Sprintf("unknown sort %q, want one of %s", q.Sort, strings.Join(allSorts, ", "))}
	}
	switch {
	case q.Limit < 0:
		return Query{}, &FilterError{Filter: "limit", Reason: "must not be negative"}
	case q.Limit == 0:
		out.Limit = DefaultLimit
	case q.Limit > MaxLimit:
		out.Limit = MaxLimit
	}
	if q.Offset < 0 {
		return Query{}, &FilterError{Filter: "offset", Reason: "must not be negative"}
	}
	var err error
	if out.Facets, err = knownNames("facets", "facet", q.Facets, knownFacets); err != nil {
		return Query{}, err
	}
	if out.Stats, err = knownNames("stats", "numeric field", q.Stats, allStats); err != nil {
		return Query{}, err
	}
	out.Language = strings.ToLower(q.Language)
	if !slices.Contains(languages, out.Language) {
		out.Language = ""
	}
	return out, nil
}

func knownNames(param, what string, names, known []string) ([]string, error) {
	var out []string
	for _, n := range names {
		if !slices.Contains(known, n) {
			return nil, &FilterError{Filter: param, Reason: fmt.Sprintf("unknown %s %q", what, n)}
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

func normalizeFacetValue(facet, v string) (string, error) {
	switch facet {
	case FacetType:
		return oneOf(v, types)
	case FacetLevel:
		return oneOf(v, levels)
	case FacetCycle:
		return oneOf(v, cycles)
	case FacetEQFLevel:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 8 {
			return "", fmt.Errorf("%q is not an EQF level from 1 to 8", v)
		}
		return strconv.Itoa(n), nil
	case FacetLanguage:
		return twoLetterCode(v, "ISO 639-1 language code", strings.ToLower)
	case FacetCountry:
		return twoLetterCode(v, "ISO 3166-1 alpha-2 country code", strings.ToUpper)
	case FacetWorkAuthorisation:
		return workAuthorisation(v)
	}
	switch {
	case v == "":
		return "", errors.New("empty value")
	case len(v) > maxValueLength:
		return "", fmt.Errorf("value longer than %d bytes", maxValueLength)
	case !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl):
		return "", fmt.Errorf("value %q contains invalid characters", v)
	}
	return v, nil
}

// workAuthorisation checks a FacetWorkAuthorisation value: a country code or
// WorkAuthorisationNeedsPermit.
func workAuthorisation(v string) (string, error) {
	if v == WorkAuthorisationNeedsPermit {
		return v, nil
	}
	c, err := twoLetterCode(v, "ISO 3166-1 alpha-2 country code", strings.ToUpper)
	if err != nil {
		return "", fmt.Errorf("%q is neither an ISO 3166-1 alpha-2 country code nor %s", v, WorkAuthorisationNeedsPermit)
	}
	return c, nil
}

func oneOf(v string, allowed []string) (string, error) {
	if !slices.Contains(allowed, v) {
		return "", fmt.Errorf("unknown value %q, want one of %s", v, strings.Join(allowed, ", "))
	}
	return v, nil
}

func twoLetterCode(v, what string, canonical func(string) string) (string, error) {
	if len(v) != 2 || !isASCIILetter(v[0]) || !isASCIILetter(v[1]) {
		return "", fmt.Errorf("%q is not an %s", v, what)
	}
	return canonical(v), nil
}

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

func checkRange(r Range) error {
	for _, b := range []*float64{r.Min, r.Max} {
		if b != nil && (math.IsNaN(*b) || math.IsInf(*b, 0)) {
			return errors.New("bound is not a finite number")
		}
	}
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return fmt.Errorf("minimum %g is greater than maximum %g", *r.Min, *r.Max)
	}
	return nil
}

// Normalize checks d and returns it in canonical form: codes in canonical case, Languages
// defaulting to Language, duplicates dropped, PublishedAt in UTC.
func (d Document) Normalize() (Document, error) {
	fail := func(format string, args ...any) (Document, error) {
		return Document{}, fmt.Errorf("%w %q: %s", ErrInvalidDocument, d.ID, fmt.Sprintf(format, args...))
	}
	out := d
	switch {
	case d.ID == "":
		return fail("empty id")
	case len(d.ID) > maxIDLength:
		return fail("id longer than %d bytes", maxIDLength)
	case !slices.Contains(types, d.Type):
		return fail("unknown type %q", d.Type)
	case d.Level != "" && !slices.Contains(levels, d.Level):
		return fail("unknown level %q", d.Level)
	case d.Cycle != "" && !slices.Contains(cycles, d.Cycle):
		return fail("unknown cycle %q", d.Cycle)
	case d.EQFLevel < 0 || d.EQFLevel > 8:
		return fail("EQF level %d outside 0–8", d.EQFLevel)
	}
	var err error
	if d.Language != "" {
		if out.Language, err = twoLetterCode(d.Language, "ISO 639-1 language code", strings.ToLower); err != nil {
			return fail("%v", err)
		}
	}
	if d.Country != "" {
		if out.Country, err = twoLetterCode(d.Country, "ISO 3166-1 alpha-2 country code", strings.ToUpper); err != nil {
			return fail("%v", err)
		}
	}
	out.Languages = nil
	for _, l := range d.Languages {
		c, err := twoLetterCode(l, "ISO 639-1 language code", strings.ToLower)
		if err != nil {
			return fail("%v", err)
		}
		if !slices.Contains(out.Languages, c) {
			out.Languages = append(out.Languages, c)
		}
	}
	if len(out.Languages) == 0 && out.Language != "" {
		out.Languages = []string{out.Language}
	}
	out.WorkAuthorisation = nil
	for _, w := range d.WorkAuthorisation {
		c, err := workAuthorisation(w)
		if err != nil {
			return fail("work authorisation: %v", err)
		}
		if !slices.Contains(out.WorkAuthorisation, c) {
			out.WorkAuthorisation = append(out.WorkAuthorisation, c)
		}
	}
	out.Occupations = nil
	for _, o := range d.Occupations {
		if o == "" {
			return fail("empty occupation")
		}
		if !slices.Contains(out.Occupations, o) {
			out.Occupations = append(out.Occupations, o)
		}
	}
	if d.AvailableFrom < 0 {
		return fail("negative availability date")
	}
	for _, n := range []float64{d.ECTS, d.TuitionEU, d.TuitionNonEU} {
		if math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
			return fail("numbers must be finite and not negative")
		}
	}
	if d.WorkloadHours < 0 {
		return fail("negative workload")
	}
	out.PublishedAt = d.PublishedAt.UTC()
	return out, nil
}

// TitleSortKey returns the key that orders titles alphabetically regardless of case and accents.
func TitleSortKey(title string) string {
	// ASCII has no accents, and folds by lowering: most titles and every
	// English skill label, thousands at a first start, skip the transformers.
	if isASCII(title) {
		return strings.ToLower(title)
	}
	// A transformer keeps state, so each call builds its own.
	foldAccents := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(foldAccents, title)
	if err != nil {
		folded = title
	}
	return cases.Fold().String(folded)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
