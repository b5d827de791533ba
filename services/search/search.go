// Package search defines the catalogue search shared by every backend: the documents indexed, the
// queries learners send, the results they get back and the Index interface that the Meilisearch and
// Bleve adapters implement.
package search

import (
	"context"
	"fmt"
	"time"
)

// Document types.
const (
	TypeCourse      = "course"
	TypeProgramme   = "programme"
	TypeCompetition = "competition"
	// TypeTalent is a talent-pool profile: it lives in the talent index only, never in the public one.
	TypeTalent = "talent"
)

// Course levels.
const (
	LevelBeginner     = "beginner"
	LevelIntermediate = "intermediate"
	LevelAdvanced     = "advanced"
)

// Study cycles of degree programmes.
const (
	CycleBachelor = "bachelor"
	CycleMaster   = "master"
	CyclePhD      = "phd"
	CycleShort    = "short"
)

// Facet names, accepted as keys of Query.Filters and in Query.Facets. AllFacets lists those of
// the public catalogue, TalentFacets those of the talent index.
const (
	FacetType        = "type"
	FacetLevel       = "level"
	FacetEQFLevel    = "eqf_level"
	FacetCycle       = "cycle"
	FacetLanguage    = "language" // languages of instruction (Document.Languages)
	FacetCountry     = "country"
	FacetDelivery    = "delivery"
	FacetStudyMode   = "study_mode"
	FacetInstitution = "institution"
	FacetSkills      = "skills"
	FacetStatus      = "status"      // a competition's: upcoming, running, finalising, finished
	FacetMetricType  = "metric_type" // a competition's kind of metric: classification, regression, …
	// FacetOccupation holds a talent profile's desired ESCO occupations (Document.Occupations).
	FacetOccupation = "occupation"
	// FacetWorkAuthorisation holds where a talent profile may work without a permit, and
	// WorkAuthorisationNeedsPermit when it needs one (Document.WorkAuthorisation).
	FacetWorkAuthorisation = "work_authorisation"
)

// WorkAuthorisationNeedsPermit is the FacetWorkAuthorisation value of a profile that needs a work permit.
const WorkAuthorisationNeedsPermit = "needs_permit"

// RangeAvailableFrom names the Query.AvailableFrom range in a FilterError.
const RangeAvailableFrom = "available_from"

// Numeric fields with range statistics, accepted in Query.Stats.
const (
	StatECTS         = "ects"
	StatTuitionEU    = "tuition_eu"
	StatTuitionNonEU = "tuition_non_eu"
)

// Sort orders accepted in Query.Sort.
const (
	SortRelevance = "relevance"
	SortTitle     = "title"
	SortNewest    = "newest"
	SortECTS      = "ects"
	SortECTSDesc  = "-ects"
	SortTuition   = "tuition" // EU tuition, cheapest first
)

// Highlighted fields, the keys of Hit.Highlights.
const (
	HighlightTitle           = "title"
	HighlightSummary         = "summary"
	HighlightInstitutionName = "institution_name"
)

// Limits every backend applies.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	// MaxQueryWords is how many words of Query.Text count; Meilisearch ignores the rest too.
	MaxQueryWords = 10
	// MaxTextLength is the longest Query.Text, in characters: longer text is
	// no search a person types, and a very long word makes typo matching blow up.
	MaxTextLength = 200
	// MaxFacetValues is how many values of one facet a result reports, the most frequent first.
	MaxFacetValues = 100
)

// Typo tolerance, Meilisearch's defaults: a word of MinWordSizeForOneTypo characters or more matches
// with one typo, of MinWordSizeForTwoTypos or more with two.
const (
	MinWordSizeForOneTypo  = 5
	MinWordSizeForTwoTypos = 9
)

// Document is one searchable entry of the catalogue.
type Document struct {
	// ID is unique across types; DocumentID builds it from the type and the entry's own id.
	ID              string   `json:"id"`
	Type            string   `json:"type"`
	Slug            string   `json:"slug"`
	Title           string   `json:"title"`
	Summary         string   `json:"summary"`
	Body            string   `json:"body"`     // plain text
	Language        string   `json:"language"` // ISO 639-1 code of the text above
	Level           string   `json:"level,omitempty"`
	EQFLevel        int      `json:"eqf_level,omitempty"` // 1–8, 0 when not applicable
	Cycle           string   `json:"cycle,omitempty"`
	Country         string   `json:"country,omitempty"` // ISO 3166-1 alpha-2
	City            string   `json:"city,omitempty"`
	Delivery        string   `json:"delivery,omitempty"`
	StudyMode       string   `json:"study_mode,omitempty"`
	Institution     string   `json:"institution,omitempty"` // institution slug
	InstitutionName string   `json:"institution_name,omitempty"`
	Skills          []string `json:"skills,omitempty"` // skill ids
	// SkillLabels holds the preferred and alternative labels, in every language, of the tagged
	// skills: alternative labels thereby act as synonyms.
	SkillLabels   []string `json:"skill_labels,omitempty"`
	ECTS          float64  `json:"ects"`
	TuitionEU     float64  `json:"tuition_eu"`          // EUR per year, 0 when free or not applicable
	TuitionNonEU  float64  `json:"tuition_non_eu"`      // EUR per year, 0 when free or not applicable
	Languages     []string `json:"languages,omitempty"` // languages of instruction, ISO 639-1
	WorkloadHours int      `json:"workload_hours,omitempty"`
	Status        string   `json:"status,omitempty"`      // a competition's status
	MetricType    string   `json:"metric_type,omitempty"` // a competition's kind of metric
	// Occupations, WorkAuthorisation and AvailableFrom describe a talent profile.
	Occupations       []string  `json:"occupations,omitempty"`        // ESCO occupation ids
	WorkAuthorisation []string  `json:"work_authorisation,omitempty"` // ISO 3166-1 alpha-2 codes, or WorkAuthorisationNeedsPermit
	AvailableFrom     int       `json:"available_from,omitempty"`     // days since 1970-01-01, 0 when available now
	PublishedAt       time.Time `json:"published_at"`
}

// DocumentID returns the catalogue-wide id of the entry id of type docType.
func DocumentID(docType, id string) string {
	return docType + ":" + id
}

// Range bounds a numeric filter; a nil bound is open.
type Range struct {
	Min *float64
	Max *float64
}

// Between returns the range from min to max, both included.
func Between(min, max float64) Range { return Range{Min: &min, Max: &max} }

// AtLeast returns the range from min up, min included.
func AtLeast(min float64) Range { return Range{Min: &min} }

// AtMost returns the range up to max, max included.
func AtMost(max float64) Range { return Range{Max: &max} }

// IsZero reports whether the range has no bound.
func (r Range) IsZero() bool { return r.Min == nil && r.Max == nil }

// Query is what a learner asks for.
type Query struct {
	// Text is typed by the learner: typos are tolerated and its last word matches as a prefix.
	Text string
	// Filters maps a facet name to accepted values: any value of one facet (OR), every facet (AND).
	Filters      map[string][]string
	EQFLevel     Range
	ECTS         Range
	TuitionEU    Range
	TuitionNonEU Range
	// AvailableFrom bounds Document.AvailableFrom, in days since 1970-01-01.
	AvailableFrom Range
	Sort          string // one of the Sort constants; empty means relevance
	Limit         int    // 0 means DefaultLimit; above MaxLimit means MaxLimit
	Offset        int
	Facets        []string // facets whose value counts the result reports
	Stats         []string // numeric fields whose minimum and maximum the result reports
	// Language is the ISO 639-1 code of Text when known; languages without specific handling
	// (other than en, fr and de) are ignored.
	Language string
}

// Result is the answer to a Query.
type Result struct {
	Hits []Hit
	// Total is the number of matching documents, possibly estimated.
	Total int
	// Facets maps each requested facet to the number of matching documents per value.
	Facets map[string]map[string]int
	// Stats maps each requested numeric field to its range over the matching documents.
	Stats map[string]Stats
}

// Hit is one matching document.
type Hit struct {
	Document Document
	// Highlights maps the non-empty Highlight fields to HTML: the text escaped, with the words
	// that matched the query wrapped in <mark>…</mark>.
	Highlights map[string]string
}

// Stats is the range of a numeric field over the matching documents.
type Stats struct {
	Min float64
	Max float64
}

// Index is a searchable catalogue. Writes return once the documents are searchable.
type Index interface {
	// Apply creates the index and applies its settings; it is idempotent.
	Apply(ctx context.Context) error
	// Upsert adds documents or replaces those with the same ID.
	Upsert(ctx context.Context, docs ...Document) error
	// Delete removes documents by ID; unknown ids are ignored.
	Delete(ctx context.Context, ids ...string) error
	// Search answers q; a bad filter, facet, sort or page is reported as a *FilterError.
	Search(ctx context.Context, q Query) (Result, error)
	// Count returns the number of documents indexed.
	Count(ctx context.Context) (int, error)
	// Reset removes every document, before a full reindex.
	Reset(ctx context.Context) error
	// Close releases the index's resources.
	Close() error
}

// FilterError reports a query parameter that the search cannot use.
type FilterError struct {
	Filter string // the facet, range or parameter name: "country", "ects", "sort", "facets", …
	Reason string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("search filter %s: %s", e.Filter, e.Reason)
}
