package credentials

import "strings"

// The mandatory elements of an EU micro-credential (Council Recommendation
// of 16 June 2022, Annex I), by the names CheckMicroCredential reports.
const (
	ElementLearner           = "learner_identification"
	ElementTitle             = "title"
	ElementCountry           = "awarding_body_country"
	ElementAwardingBody      = "awarding_body"
	ElementDateOfIssue       = "date_of_issue"
	ElementLearningOutcomes  = "learning_outcomes"
	ElementWorkload          = "notional_workload"
	ElementEQFLevel          = "eqf_level"
	ElementAssessmentType    = "assessment_type"
	ElementParticipationForm = "participation_form"
	ElementQualityAssurance  = "quality_assurance"
)

// CheckMicroCredential returns the names of the mandatory EU micro-credential
// elements the award lacks, in the Recommendation's order; none means a
// credential for it is a micro-credential.
func CheckMicroCredential(a Award) []string {
	var missing []string
	if blank(a.Learner.ID) || blank(a.Learner.Email) {
		missing = append(missing, ElementLearner)
	}
	missing = append(missing, checkCourse(a.Achievement, a.Issuer, !a.CompletedAt.IsZero())...)
	return missing
}

// CheckMicroCredentialCourse returns the mandatory elements a course and its
// institution lack, leaving out the two that belong to each award (learner
// and date of issue): the catalogue checks a course with it before publishing
// it as a micro-credential.
func CheckMicroCredentialCourse(ach Achievement, iss Issuer) []string {
	return checkCourse(ach, iss, true)
}

func checkCourse(ach Achievement, iss Issuer, dated bool) []string {
	checks := []struct {
		name string
		ok   bool
	}{
		{ElementTitle, !blank(ach.Name)},
		{ElementCountry, len(strings.TrimSpace(iss.Country)) == 2},
		{ElementAwardingBody, !blank(iss.Name) && !blank(iss.OrgID)},
		{ElementDateOfIssue, dated},
		{ElementLearningOutcomes, hasText(ach.LearningOutcomes)},
		{ElementWorkload, ach.ECTS > 0},
		{ElementEQFLevel, ach.EQFLevel >= 1 && ach.EQFLevel <= 8},
		{ElementAssessmentType, !blank(ach.AssessmentType)},
		// The credential states it as a mode of learning of the EU's vocabulary.
		{ElementParticipationForm, learningMode(ach.ParticipationForm) != ""},
		{ElementQualityAssurance, !blank(ach.QualityAssurance)},
	}
	var missing []string
	for _, c := range checks {
		if !c.ok {
			missing = append(missing, c.name)
		}
	}
	return missing
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func hasText(list []string) bool {
	for _, s := range list {
		if !blank(s) {
			return true
		}
	}
	return false
}
