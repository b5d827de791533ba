// Package award holds the terms in which a context describes what it awards
// (a course, a competition placement) and the credentials context states it:
// the learner, the achievement with its criteria and skills, the issuer. The
// contexts that own the awarding rules describe their achievements in these
// terms, so none of them imports another.
package award

// Learner is the person a credential is awarded to.
type Learner struct {
	ID    string
	Name  string // printed on the certificate; not put in the signed credential
	Email string // identifies the learner in the credential, salted and hashed
}

// Skill is a skill a course teaches, aligned in the credential.
type Skill struct {
	ID      string
	Label   string
	ESCOURI string // the ESCO concept URI, empty when the skill is not in ESCO
}

// Achievement is what a credential is awarded for (a course, a
// competition), with the elements an EU micro-credential must state.
type Achievement struct {
	ID     string // the course or competition id
	Type   string // achievementType; empty for a course, which gets Course or MicroCredential
	Ranked bool   // its result is a place in a ranking (the award states the rank), not a grade
	// Metric names the score of a ranked achievement, e.g. "rmse, lower is
	// better"; the award then states the score beside the place.
	Metric string
	Slug   string
	// Path is the achievement's address under the platform's; empty for a
	// course, whose address is /courses/<slug>.
	Path              string
	Name              string
	Description       string
	Criteria          string // what a learner did to earn it
	Skills            []Skill
	ECTS              float64 // notional workload in ECTS credits
	WorkloadHours     float64
	EQFLevel          int    // 1–8; 0 when none applies
	Language          string // BCP 47 code of the language of instruction
	LearningOutcomes  []string
	AssessmentType    string // e.g. "Graded online quizzes and a final assessment"
	ParticipationForm string // e.g. "online", "onsite", "blended"
	QualityAssurance  string // e.g. "Internal quality assurance of the university"
}

// Issuer is the institution that awards a credential.
type Issuer struct {
	OrgID       string
	Slug        string
	Name        string
	Country     string // ISO 3166-1 alpha-2
	Website     string
	Description string
}
