package credentials

import (
	"strconv"
	"strings"
)

// The EU micro-credential elements Open Badges 3.0 has no property for are
// expressed with the European Learning Model (ELM 3) and the EU's controlled
// vocabularies, the terms the Europass Digital Credentials Infrastructure
// reads. Term definitions follow ELM's own JSON-LD context
// (http://data.europa.eu/snb/model/context/edc-ap), inline so a credential
// stays meaningful without this platform. The other elements map onto Open
// Badges itself: learner → credentialSubject.identifier, title →
// achievement.name, awarding body and its country → issuer and
// issuer.address.addressCountryCode, date of issue → validFrom, EQF level →
// an alignment to the level's concept, ECTS credits → creditsAvailable.
const (
	elmNamespace = "http://data.europa.eu/snb/model/elm/"
	dcNamespace  = "http://purl.org/dc/terms/"
)

var elmContext = map[string]any{
	"elm":                             elmNamespace,
	"dc":                              dcNamespace,
	"LearningOutcome":                 "elm:LearningOutcome",
	"LearningAssessmentSpecification": "elm:LearningAssessmentSpecification",
	"Accreditation":                   "elm:Accreditation",
	"CreditPoint":                     "elm:CreditPoint",
	"learningOutcome":                 map[string]any{"@id": "elm:learningOutcome", "@type": "@id"},
	"volumeOfLearning":                map[string]any{"@id": "elm:volumeOfLearning", "@type": "http://www.w3.org/2001/XMLSchema#duration"},
	"creditPoint":                     map[string]any{"@id": "elm:creditPoint", "@type": "@id"},
	"framework":                       map[string]any{"@id": "elm:framework", "@type": "@id"},
	"point":                           map[string]any{"@id": "elm:point", "@type": "http://www.w3.org/2001/XMLSchema#string"},
	"mode":                            map[string]any{"@id": "elm:mode", "@type": "@id"},
	"provenBy":                        map[string]any{"@id": "elm:provenBy", "@type": "@id"},
	"accreditation":                   map[string]any{"@id": "elm:accreditation", "@type": "@id"},
	"dcType":                          map[string]any{"@id": "dc:type", "@type": "@id"},
	"title":                           map[string]any{"@id": "dc:title", "@container": "@language"},
}

// Concepts of the EU controlled vocabularies (http://data.europa.eu/snb/…).
const (
	// EQF levels: eqfConcept appends the level, 1 to 8.
	eqfScheme = "http://data.europa.eu/snb/eqf/"
	// The European Credit Transfer System in the educational credit systems.
	conceptECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
	// Modes of learning and assessment.
	modeScheme     = "http://data.europa.eu/snb/learning-assessment/"
	modeOnline     = modeScheme + "920fbb3cbe"
	modePresential = modeScheme + "9191af2ed9"
	modeBlended    = modeScheme + "e92d221e4d"
	modeHybrid     = modeScheme + "c_3a90b26d"
	// Institutional quality assurance in the accreditation types.
	conceptInstitutionalQA = "http://data.europa.eu/snb/accreditation/bb4618238e"
)

func eqfConcept(level int) string { return eqfScheme + strconv.Itoa(level) }

// learningMode is the mode of learning concept of a participation form as
// catalogues write it, or "" when none says the same.
func learningMode(participation string) string {
	switch strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(participation, "-", " "))), " ") {
	case "online", "distance", "remote", "e learning":
		return modeOnline
	case "onsite", "on site", "on campus", "in person", "presential", "face to face", "classroom":
		return modePresential
	case "blended":
		return modeBlended
	case "hybrid":
		return modeHybrid
	}
	return ""
}

// isoDurationHours writes hours as an xsd:duration, e.g. PT125H or PT7.5H.
func isoDurationHours(h float64) string {
	return "PT" + strconv.FormatFloat(h, 'f', -1, 64) + "H"
}

type elmLearningOutcome struct {
	Type  string            `json:"type"`
	Title map[string]string `json:"title"`
}

type elmCreditPoint struct {
	Type      string `json:"type"`
	Framework string `json:"framework"`
	Point     string `json:"point"`
}

type elmAssessment struct {
	Type  string            `json:"type"`
	Title map[string]string `json:"title"`
	Mode  string            `json:"mode,omitempty"`
}

type elmAccreditation struct {
	Type   string            `json:"type"`
	Title  map[string]string `json:"title"`
	DCType string            `json:"dcType"`
}

// elmElements fills in the ELM properties of an achievement for a course.
func elmElements(a *obAchievement, ach Achievement) {
	lang := ach.Language
	if blank(lang) {
		lang = "en"
	}
	text := func(s string) map[string]string { return map[string]string{lang: strings.TrimSpace(s)} }
	for _, o := range ach.LearningOutcomes {
		if !blank(o) {
			a.LearningOutcome = append(a.LearningOutcome, elmLearningOutcome{Type: "LearningOutcome", Title: text(o)})
		}
	}
	if ach.WorkloadHours > 0 {
		a.VolumeOfLearning = isoDurationHours(ach.WorkloadHours)
	}
	if ach.ECTS > 0 {
		a.CreditPoint = &elmCreditPoint{Type: "CreditPoint", Framework: conceptECTS, Point: strconv.FormatFloat(ach.ECTS, 'f', -1, 64)}
	}
	a.Mode = learningMode(ach.ParticipationForm)
	if !blank(ach.AssessmentType) {
		// Assessments are taken on this platform, so online.
		a.ProvenBy = &elmAssessment{Type: "LearningAssessmentSpecification", Title: text(ach.AssessmentType), Mode: modeOnline}
	}
	if !blank(ach.QualityAssurance) {
		a.Accreditation = &elmAccreditation{Type: "Accreditation", Title: text(ach.QualityAssurance), DCType: conceptInstitutionalQA}
	}
	if ach.EQFLevel >= 1 && ach.EQFLevel <= 8 {
		a.Alignment = append(a.Alignment, obAlignment{
			Type: []string{"Alignment"}, TargetName: "EQF level " + strconv.Itoa(ach.EQFLevel),
			TargetURL: eqfConcept(ach.EQFLevel), TargetFramework: "European Qualifications Framework",
			TargetCode: strconv.Itoa(ach.EQFLevel), TargetType: "ext:EQFLevel",
		})
	}
}
