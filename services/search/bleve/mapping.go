package bleve

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/regexp"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"academy/services/search"
)

// The word analyzer indexes words as typed, lower-cased and without accents, for exact, fuzzy and
// prefix matching in any language. Its tokenizer splits at apostrophes ("l'intelligence" → "l",
// "intelligence") as Meilisearch does.
const (
	wordAnalyzer  = "academy_words"
	wordTokenizer = "academy_words"
	foldFilter    = "academy_fold"
)

// textField is a searchable text field: indexed whole with the word analyzer, and in the field
// name + "_" + language with that language's stemming analyzer.
type textField struct {
	name  string
	boost float64
	// stemmed fields exist for the title, summary and body; labels and names are not prose.
	stemmed bool
}

// textFields are ordered by importance, like Meilisearch's searchable attributes.
var textFields = []textField{
	{name: "title", boost: 5, stemmed: true},
	{name: "skill_labels", boost: 4},
	{name: "summary", boost: 3, stemmed: true},
	{name: "institution_name", boost: 2},
	{name: "body", boost: 1, stemmed: true},
}

// stemAnalyzers maps a document language to the analyzer of its stemmed fields; every other
// language is stemmed as English.
var stemAnalyzers = map[string]string{"en": en.AnalyzerName, "fr": fr.AnalyzerName, "de": de.AnalyzerName}

const defaultStemLanguage = "en"

// facetField maps facet names to keyword fields.
var facetField = map[string]string{
	search.FacetType:        "type",
	search.FacetLevel:       "level",
	search.FacetEQFLevel:    "eqf_level",
	search.FacetCycle:       "cycle",
	search.FacetLanguage:    "languages",
	search.FacetCountry:     "country",
	search.FacetDelivery:    "delivery",
	search.FacetStudyMode:   "study_mode",
	search.FacetInstitution: "institution",
	search.FacetSkills:      "skills",
	search.FacetStatus:      "status",
	search.FacetMetricType:  "metric_type",
	// A talent profile's, in the talent index.
	search.FacetOccupation:        "occupations",
	search.FacetWorkAuthorisation: "work_authorisation",
}

// Numeric fields, for ranges, sorting and statistics.
const (
	fieldEQF         = "eqf"
	fieldECTS        = "ects"
	fieldTuitionEU   = "tuition_eu"
	fieldTuitionNon  = "tuition_non_eu"
	fieldPublishedTS = "published_ts"
	// fieldAvailableFrom is a talent profile's first day of availability, in days since
	// 1970-01-01; 0 (available now) is indexed too, so that it falls within any range from 0.
	fieldAvailableFrom = "available_from"
)

// Other fields.
const (
	fieldTitleSort = "title_sort"
	fieldSource    = "source" // the document as JSON, stored but not indexed
)

// highlightFields maps each highlighted field to its text field.
var highlightFields = map[string]string{
	search.HighlightTitle:           "title",
	search.HighlightSummary:         "summary",
	search.HighlightInstitutionName: "institution_name",
}

func init() {
	registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return accentFold{chars: asciifolding.New()}, nil
	})
}

// accentFold folds each token to ASCII (é → e, ß → ss). Folding tokens rather than the text keeps
// the tokens' offsets in the original text, which highlighting relies on.
type accentFold struct {
	chars *asciifolding.AsciiFoldingFilter
}

func (f accentFold) Filter(tokens analysis.TokenStream) analysis.TokenStream {
	for _, t := range tokens {
		t.Term = f.chars.Filter(t.Term)
	}
	return tokens
}

// indexMapping is the whole index layout.
func indexMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	if err := m.AddCustomTokenizer(wordTokenizer, map[string]any{
		"type":   regexp.Name,
		"regexp": `[\p{L}\p{N}\p{M}]+`,
	}); err != nil {
		return nil, err
	}
	if err := m.AddCustomAnalyzer(wordAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     wordTokenizer,
		"token_filters": []string{lowercase.Name, foldFilter},
	}); err != nil {
		return nil, err
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, f := range textFields {
		doc.AddFieldMappingsAt(f.name, textMapping(wordAnalyzer))
		if f.stemmed {
			for lang, analyzer := range stemAnalyzers {
				doc.AddFieldMappingsAt(f.name+"_"+lang, textMapping(analyzer))
			}
		}
	}
	for _, name := range facetField {
		doc.AddFieldMappingsAt(name, keywordMapping())
	}
	doc.AddFieldMappingsAt(fieldTitleSort, keywordMapping())
	for _, name := range []string{fieldEQF, fieldECTS, fieldTuitionEU, fieldTuitionNon, fieldPublishedTS, fieldAvailableFrom} {
		num := mapping.NewNumericFieldMapping()
		num.IncludeInAll = false
		doc.AddFieldMappingsAt(name, num)
	}
	source := mapping.NewTextFieldMapping()
	source.Index = false
	source.IncludeInAll = false
	source.IncludeTermVectors = false
	source.DocValues = false
	doc.AddFieldMappingsAt(fieldSource, source)
	m.DefaultMapping = doc
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m, nil
}

func textMapping(analyzer string) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = true // term positions and offsets, for highlighting
	f.DocValues = false
	return f
}

func keywordMapping() *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	return f
}
