package meili

import (
	"encoding/base64"
	"strings"
	"time"

	"academy/services/search"
)

// Highlight markers: private-use characters that Meilisearch wraps matches in, so that the text
// around them can be HTML-escaped before they become <mark> tags.
const (
	markStart = "\uE000"
	markEnd   = "\uE001"
)

var stripMarkers = strings.NewReplacer(markStart, "", markEnd, "")

// document is a search.Document as stored in Meilisearch.
type document struct {
	PK                string   `json:"pk"`
	ID                string   `json:"id"`
	Type              string   `json:"type"`
	Slug              string   `json:"slug"`
	Title             string   `json:"title,omitempty"`
	TitleFr           string   `json:"title_fr,omitempty"`
	TitleDe           string   `json:"title_de,omitempty"`
	TitleSort         string   `json:"title_sort"`
	Summary           string   `json:"summary,omitempty"`
	SummaryFr         string   `json:"summary_fr,omitempty"`
	SummaryDe         string   `json:"summary_de,omitempty"`
	Body              string   `json:"body,omitempty"`
	BodyFr            string   `json:"body_fr,omitempty"`
	BodyDe            string   `json:"body_de,omitempty"`
	Language          string   `json:"language"`
	Level             string   `json:"level,omitempty"`
	EQFLevel          int      `json:"eqf_level,omitempty"` // absent when 0, so EQF filters skip it
	Cycle             string   `json:"cycle,omitempty"`
	Country           string   `json:"country,omitempty"`
	City              string   `json:"city,omitempty"`
	Delivery          string   `json:"delivery,omitempty"`
	StudyMode         string   `json:"study_mode,omitempty"`
	Status            string   `json:"status,omitempty"`
	MetricType        string   `json:"metric_type,omitempty"`
	Institution       string   `json:"institution,omitempty"`
	InstitutionName   string   `json:"institution_name,omitempty"`
	Skills            []string `json:"skills,omitempty"`
	SkillLabels       []string `json:"skill_labels,omitempty"`
	ECTS              float64  `json:"ects"`
	TuitionEU         float64  `json:"tuition_eu"`
	TuitionNonEU      float64  `json:"tuition_non_eu"`
	Languages         []string `json:"languages,omitempty"`
	WorkloadHours     int      `json:"workload_hours,omitempty"`
	Occupations       []string `json:"occupations,omitempty"`
	WorkAuthorisation []string `json:"work_authorisation,omitempty"`
	// AvailableFrom is kept when 0 (available now), so that a range from 0 includes it.
	AvailableFrom int    `json:"available_from"`
	PublishedAt   string `json:"published_at"`
	PublishedTS   int64  `json:"published_ts"`
}

// encodeID turns any id into a valid Meilisearch primary key (letters, digits, - and _).
func encodeID(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id))
}

func toStored(d search.Document) document {
	s := document{
		PK:                encodeID(d.ID),
		ID:                d.ID,
		Type:              d.Type,
		Slug:              d.Slug,
		TitleSort:         search.TitleSortKey(d.Title),
		Language:          d.Language,
		Level:             d.Level,
		EQFLevel:          d.EQFLevel,
		Cycle:             d.Cycle,
		Country:           d.Country,
		City:              d.City,
		Delivery:          d.Delivery,
		StudyMode:         d.StudyMode,
		Status:            d.Status,
		MetricType:        d.MetricType,
		Institution:       d.Institution,
		InstitutionName:   stripMarkers.Replace(d.InstitutionName),
		Skills:            d.Skills,
		SkillLabels:       d.SkillLabels,
		ECTS:              d.ECTS,
		TuitionEU:         d.TuitionEU,
		TuitionNonEU:      d.TuitionNonEU,
		Languages:         d.Languages,
		WorkloadHours:     d.WorkloadHours,
		Occupations:       d.Occupations,
		WorkAuthorisation: d.WorkAuthorisation,
		AvailableFrom:     d.AvailableFrom,
	}
	title, summary := stripMarkers.Replace(d.Title), stripMarkers.Replace(d.Summary)
	switch localizedSuffix[d.Language] {
	case "_fr":
		s.TitleFr, s.SummaryFr, s.BodyFr = title, summary, d.Body
	case "_de":
		s.TitleDe, s.SummaryDe, s.BodyDe = title, summary, d.Body
	default:
		s.Title, s.Summary, s.Body = title, summary, d.Body
	}
	if !d.PublishedAt.IsZero() {
		s.PublishedAt = d.PublishedAt.Format(time.RFC3339Nano)
		s.PublishedTS = d.PublishedAt.Unix()
	}
	return s
}

func (s document) toDocument() (search.Document, error) {
	// Only the fields of the document's language hold text, so joining them gives it back.
	d := search.Document{
		ID:                s.ID,
		Type:              s.Type,
		Slug:              s.Slug,
		Title:             s.Title + s.TitleFr + s.TitleDe,
		Summary:           s.Summary + s.SummaryFr + s.SummaryDe,
		Body:              s.Body + s.BodyFr + s.BodyDe,
		Language:          s.Language,
		Level:             s.Level,
		EQFLevel:          s.EQFLevel,
		Cycle:             s.Cycle,
		Country:           s.Country,
		City:              s.City,
		Delivery:          s.Delivery,
		StudyMode:         s.StudyMode,
		Status:            s.Status,
		MetricType:        s.MetricType,
		Institution:       s.Institution,
		InstitutionName:   s.InstitutionName,
		Skills:            s.Skills,
		SkillLabels:       s.SkillLabels,
		ECTS:              s.ECTS,
		TuitionEU:         s.TuitionEU,
		TuitionNonEU:      s.TuitionNonEU,
		Languages:         s.Languages,
		WorkloadHours:     s.WorkloadHours,
		Occupations:       s.Occupations,
		WorkAuthorisation: s.WorkAuthorisation,
		AvailableFrom:     s.AvailableFrom,
	}
	if s.PublishedAt != "" {
		t, err := time.Parse(time.RFC3339Nano, s.PublishedAt)
		if err != nil {
			return search.Document{}, err
		}
		d.PublishedAt = t
	}
	return d, nil
}
