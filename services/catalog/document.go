package catalog

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"

	"academy/services/search"
)

// eurPerUnit converts tuition fees to euros for searching and sorting by cost.
// The rates are indicative, rounded from ECB reference rates of 2025, and fixed
// on purpose: they rank and filter programmes, while programme pages show each
// fee in its own currency.
var eurPerUnit = map[string]float64{
	"EUR": 1,
	"BGN": 0.51,
	"CHF": 1.07,
	"CZK": 0.040,
	"DKK": 0.134,
	"GBP": 1.17,
	"HUF": 0.0025,
	"ISK": 0.0071,
	"NOK": 0.085,
	"PLN": 0.235,
	"RON": 0.20,
	"SEK": 0.090,
	"USD": 0.92,
}

// Currencies lists the tuition currencies the catalogue accepts.
func Currencies() []string { return slices.Sorted(maps.Keys(eurPerUnit)) }

// TuitionPerYearEUR returns the fee as indicative euros per year: a fee for
// the whole programme is spread over its years (at least one).
func TuitionPerYearEUR(t Tuition, durationSemesters int) float64 {
	eur := t.Amount * eurPerUnit[t.Currency]
	switch t.Period {
	case PeriodSemester:
		eur *= 2
	case PeriodTotal:
		eur /= max(1, float64(durationSemesters)/2)
	}
	return math.Round(eur)
}

// documentSources holds what documents need beyond the item itself.
type documentSources struct {
	institutions map[string]Institution // by slug
	skills       map[string]Skill       // by id
}

func (src documentSources) skillLabels(ids []string) []string {
	var labels []string
	for _, id := range ids {
		s, ok := src.skills[id]
		if !ok {
			continue
		}
		for _, lang := range slices.Sorted(maps.Keys(s.Labels)) {
			labels = appendNew(labels, s.Labels[lang])
		}
		for _, lang := range slices.Sorted(maps.Keys(s.AltLabels)) {
			for _, l := range s.AltLabels[lang] {
				labels = appendNew(labels, l)
			}
		}
	}
	return labels
}

func appendNew(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

func (src documentSources) programmeDocument(p Programme) search.Document {
	inst := src.institutions[p.Institution]
	d := search.Document{
		ID:              search.DocumentID(search.TypeProgramme, p.ID),
		Type:            search.TypeProgramme,
		Slug:            p.Slug,
		Title:           p.Title,
		Summary:         p.Summary,
		Body:            strings.Join(nonBlank(p.FieldOfStudy, p.Scholarships, p.LanguageRequirement), "\n"),
		EQFLevel:        p.EQFLevel,
		Cycle:           p.Cycle,
		Country:         p.Country,
		City:            p.City,
		Delivery:        p.Delivery,
		StudyMode:       p.StudyMode,
		Institution:     p.Institution,
		InstitutionName: inst.Name,
		Skills:          p.Skills,
		SkillLabels:     src.skillLabels(p.Skills),
		ECTS:            p.ECTS,
		Languages:       p.Languages,
	}
	if len(p.Languages) > 0 {
		d.Language = p.Languages[0]
	}
	for _, t := range p.Tuition {
		switch t.FeeGroup {
		case FeeGroupEU:
			d.TuitionEU = TuitionPerYearEUR(t, p.DurationSemesters)
		case FeeGroupNonEU:
			d.TuitionNonEU = TuitionPerYearEUR(t, p.DurationSemesters)
		}
	}
	if p.PublishedAt != nil {
		d.PublishedAt = *p.PublishedAt
	}
	return d
}

func (src documentSources) courseDocument(c Course) search.Document {
	pub := c.Published
	inst := src.institutions[c.Institution]
	skills := make([]string, len(pub.Skills))
	for i, s := range pub.Skills {
		skills[i] = s.Skill
	}
	body := []string{PlainText(pub.Description)}
	for _, m := range pub.Tree.Modules {
		body = append(body, m.Title, m.Summary)
		for _, it := range m.Items {
			body = append(body, it.Title)
		}
	}
	d := search.Document{
		ID:              search.DocumentID(search.TypeCourse, c.ID),
		Type:            search.TypeCourse,
		Slug:            c.Slug,
		Title:           pub.Title,
		Summary:         pub.Summary,
		Body:            strings.Join(nonBlank(body...), "\n"),
		Language:        pub.Language,
		Level:           pub.Level,
		EQFLevel:        pub.EQFLevel,
		Country:         inst.Country,
		City:            inst.City,
		Institution:     c.Institution,
		InstitutionName: inst.Name,
		Skills:          skills,
		SkillLabels:     src.skillLabels(skills),
		ECTS:            pub.ECTS,
		Languages:       []string{pub.Language},
		WorkloadHours:   pub.WorkloadHours,
		PublishedAt:     pub.PublishedAt,
	}
	if slices.Contains(deliveries, pub.Participation) {
		d.Delivery = pub.Participation
	}
	return d
}

func nonBlank(texts ...string) []string {
	return slices.DeleteFunc(texts, isBlank)
}

var (
	markdownImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	markdownLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markdownLineMark = regexp.MustCompile(`(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+|` + "```" + `\S*\s*$)`)
	markdownEmphasis = regexp.MustCompile("[*_`~]+")
)

// PlainText strips Markdown markup from text, keeping the words, for indexing.
func PlainText(markdown string) string {
	s := markdownImage.ReplaceAllString(markdown, "$1")
	s = markdownLink.ReplaceAllString(s, "$1")
	s = markdownLineMark.ReplaceAllString(s, "")
	s = markdownEmphasis.ReplaceAllString(s, "")
	return strings.TrimSpace(s)
}
