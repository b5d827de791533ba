package meili

import (
	"github.com/meilisearch/meilisearch-go"

	"academy/services/search"
)

// indexName is the public catalogue index's name after the configured prefix.
const indexName = "catalog"

// primaryKey is the field holding the encoded document id.
const primaryKey = "pk"

// Localised text fields: a document's title, summary and body go to the fields of its language,
// so that Meilisearch tokenizes them as that language (localizedAttributes below).
var localizedSuffix = map[string]string{"fr": "_fr", "de": "_de"}

// facetField maps facet names to document fields.
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

// sortFields maps sort orders to Meilisearch sort expressions.
var sortFields = map[string][]string{
	search.SortRelevance: nil,
	search.SortTitle:     {"title_sort:asc"},
	search.SortNewest:    {"published_ts:desc"},
	search.SortECTS:      {"ects:asc"},
	search.SortECTSDesc:  {"ects:desc"},
	search.SortTuition:   {"tuition_eu:asc"},
}

// queryLocales are the locales the text of a search is tokenized in, one query each, merged by a
// federated search. English tokenization suits every language in Latin script but German, whose
// segmentation splits words ("maschinellen" → "maschine", "ll", "en") and so only matches fields
// tokenized as German by a query split alike.
var queryLocales = []string{"eng", "deu"}

// hintLocale maps a Query.Language hint to the locale whose query it favours; French text is
// tokenized like English, so a French hint favours neither.
var hintLocale = map[string]string{"en": "eng", "de": "deu"}

// hintWeight is the federation weight of the query in the locale of the Query.Language hint.
const hintWeight = 1.5

// highlightFields maps each highlighted field to the document fields that may hold its text.
var highlightFields = map[string][]string{
	search.HighlightTitle:           {"title", "title_fr", "title_de"},
	search.HighlightSummary:         {"summary", "summary_fr", "summary_de"},
	search.HighlightInstitutionName: {"institution_name"},
}

// settings are the index settings Apply sets, the same for the public and the talent index;
// testdata/settings.golden.json holds what the server reports once they are applied.
func settings() *meilisearch.Settings {
	return &meilisearch.Settings{
		// By importance: a match in the title beats one in a skill label, and so on.
		SearchableAttributes: []string{
			"title", "title_fr", "title_de",
			"skill_labels",
			"summary", "summary_fr", "summary_de",
			"institution_name",
			"body", "body_fr", "body_de",
		},
		FilterableAttributes: []string{
			"type", "level", "eqf_level", "cycle", "languages", "country", "delivery", "study_mode",
			"institution", "skills", "ects", "tuition_eu", "tuition_non_eu", "status", "metric_type",
			"occupations", "work_authorisation", "available_from",
		},
		SortableAttributes: []string{"title_sort", "published_ts", "ects", "tuition_eu"},
		// "sort" first: an explicit sort order is what the learner asked for, relevance breaks ties.
		RankingRules: []string{"sort", "words", "typo", "proximity", "attribute", "exactness"},
		LocalizedAttributes: []*meilisearch.LocalizedAttributes{
			{Locales: []string{"fra"}, AttributePatterns: []string{"*_fr"}},
			{Locales: []string{"deu"}, AttributePatterns: []string{"*_de"}},
			{Locales: []string{"eng"}, AttributePatterns: []string{"*"}},
		},
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: search.MinWordSizeForOneTypo, TwoTypos: search.MinWordSizeForTwoTypos},
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Pagination: &meilisearch.Pagination{MaxTotalHits: 1000},
		Faceting: &meilisearch.Faceting{
			MaxValuesPerFacet: search.MaxFacetValues,
			SortFacetValuesBy: map[string]meilisearch.SortFacetType{"*": meilisearch.SortFacetTypeCount},
		},
	}
}
