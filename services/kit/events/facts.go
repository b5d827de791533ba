package events

import "time"

// The facts contexts record, and the data each carries. A consumer decodes
// the data with Event.Decode into the type named beside the constant.
const (
	// CourseCompleted: CourseCompletedData; the learning context records it
	// with the completion.
	CourseCompleted = "CourseCompleted"
	// CredentialIssued: CredentialData; the credentials context records it
	// with the credential.
	CredentialIssued = "CredentialIssued"
	// CredentialStatusChanged: CredentialData with the new status; recorded
	// with the change.
	CredentialStatusChanged = "CredentialStatusChanged"
	// CompetitionFinalised: CompetitionFinalisedData; the competitions
	// context records it with the frozen private leaderboard.
	CompetitionFinalised = "CompetitionFinalised"
)

// CourseCompletedData is a learner's completion of a course.
type CourseCompletedData struct {
	CompletionID string    `bson:"completion_id"`
	LearnerID    string    `bson:"learner_id"`
	CourseID     string    `bson:"course_id"`
	GradePercent float64   `bson:"grade_percent"`
	CompletedAt  time.Time `bson:"completed_at"`
}

// CredentialData is a credential as the talent pool and search need it: who
// holds it, who issued it, which skills it proves and whether it is valid.
type CredentialData struct {
	CredentialID    string   `bson:"credential_id"`
	LearnerID       string   `bson:"learner_id"`
	OrgID           string   `bson:"org_id"`
	AchievementType string   `bson:"achievement_type"`
	Skills          []string `bson:"skills"` // ESCO concept URIs
	Status          string   `bson:"status"`
	// SourceKind and SourceID name what earned it, e.g. a course completion; empty for a manual award.
	SourceKind string `bson:"source_kind,omitempty"`
	SourceID   string `bson:"source_id,omitempty"`
}

// CompetitionFinalisedData is a competition's final ranking, frozen when its
// host finalised it.
type CompetitionFinalisedData struct {
	CompetitionID string       `bson:"competition_id"`
	PhaseID       string       `bson:"phase_id"`
	Metric        string       `bson:"metric"`
	Direction     string       `bson:"direction"` // "higher" or "lower"
	Teams         int          `bson:"teams"`     // teams ranked
	Ranking       []RankedTeam `bson:"ranking"`
	FinalisedAt   time.Time    `bson:"finalised_at"`
}

// RankedTeam is a team's place on a final leaderboard.
type RankedTeam struct {
	Rank    int      `bson:"rank"`
	TeamID  string   `bson:"team_id"`
	Name    string   `bson:"name"`
	Members []string `bson:"members"` // user ids
	Score   float64  `bson:"score"`
}

// OrganisationVerified: OrganisationData; the identity context records it
// with the verification.
const OrganisationVerified = "OrganisationVerified"

// OrganisationData is an organisation's public description, from which the
// catalogue makes the profile of a university or provider.
type OrganisationData struct {
	OrgID       string `bson:"org_id"`
	Kind        string `bson:"kind"`
	Name        string `bson:"name"`
	Slug        string `bson:"slug"`
	Country     string `bson:"country"`
	Website     string `bson:"website"`
	LogoURL     string `bson:"logo_url"`
	Description string `bson:"description"`
}

// The talent pool's facts.
const (
	// OpeningPublished: OpeningData; the talent context records it with an
	// opening's publication and with every change to an open opening.
	OpeningPublished = "OpeningPublished"
	// ProfileChanged: ProfileData; the talent context records it with a
	// profile's change, consent given or withdrawn included.
	ProfileChanged = "ProfileChanged"
)

// OpeningData names an opening of the talent pool.
type OpeningData struct {
	OpeningID string `bson:"opening_id"`
	OrgID     string `bson:"org_id"`
}

// ProfileData names a talent profile and whether it is in the pool.
type ProfileData struct {
	UserID string `bson:"user_id"`
	InPool bool   `bson:"in_pool"`
}

// AccountDeleted: UserData; the identity context records it with the
// erasure of an account. Each context holding personal data of the user
// erases it.
const AccountDeleted = "AccountDeleted"

// UserData names a user account.
type UserData struct {
	UserID string `bson:"user_id"`
}
