// Package dashboard is the learner's home: where to continue in each course,
// what is due, progress, credentials, competitions joined, and courses that
// close the gap between the skills they have proven and the ESCO
// occupations they aim at. It owns only the occupations a learner aims at;
// the rest it reads from the other contexts through the interfaces below,
// each of which reads by _id (per-learner lists kept by their writers), so
// the home page stays fast on the embedded database.
package dashboard

import (
	"context"
	"time"

	"academy/services/catalog"
	"academy/services/competitions"
	"academy/services/credentials"
	"academy/services/learning"
	"academy/services/search"
)

// Courses is what the dashboard needs from the learning context.
type Courses interface {
	// LearnerCourses returns the learner's current courses, the latest worked on first.
	LearnerCourses(ctx context.Context, userID string, limit int) ([]learning.CourseActivity, error)
}

// Credentials is what the dashboard needs from the credentials context.
type Credentials interface {
	// Held returns every credential the user holds, newest first.
	Held(ctx context.Context, userID string) ([]credentials.HeldCredential, error)
}

// Competitions is what the dashboard needs from the competitions context.
type Competitions interface {
	// Joined returns the competitions the user entered.
	Joined(ctx context.Context, userID string) ([]competitions.JoinedCompetition, error)
}

// Catalogue is what the dashboard needs from the catalogue: occupations,
// skills and the search over published courses.
type Catalogue interface {
	Occupation(ctx context.Context, id, lang string) (catalog.OccupationView, error)
	Skill(ctx context.Context, id string) (catalog.Skill, error)
	Search(ctx context.Context, q search.Query) (search.Result, error)
}

// Dashboard is a learner's home page.
type Dashboard struct {
	// Courses are the current courses, the latest worked on first.
	Courses []learning.CourseActivity `json:"courses"`
	// Deadlines are the dates ahead in courses and competitions, soonest first.
	Deadlines    []Deadline                       `json:"deadlines"`
	Credentials  CredentialSummary                `json:"credentials"`
	Competitions []competitions.JoinedCompetition `json:"competitions"`
	// Skills are the skills the learner's active credentials prove.
	Skills []SkillLabel `json:"skills"`
	// Occupations are the occupations the learner aims at, with the skills they lack.
	Occupations     []OccupationGoal `json:"occupations"`
	Recommendations []Recommendation `json:"recommendations"`
}

// Kinds of competition deadlines; course deadlines keep learning's kinds.
const (
	DeadlineEntryCloses     = "competition_entry_closes"
	DeadlineMergerCloses    = "competition_merger_closes"
	DeadlineCompetitionEnds = "competition_ends"
)

// Deadline is a date ahead: in a course (CourseSlug set) or a competition
// (CompetitionSlug set).
type Deadline struct {
	Kind  string    `json:"kind"`
	At    time.Time `json:"at"`
	Title string    `json:"title"`
	// Ref and AttemptID locate an assessment or attempt of the course.
	CourseSlug      string `json:"course_slug,omitempty"`
	CourseTitle     string `json:"course_title,omitempty"`
	Ref             string `json:"ref,omitempty"`
	AttemptID       string `json:"attempt_id,omitempty"`
	CompetitionSlug string `json:"competition_slug,omitempty"`
}

// CredentialSummary counts the learner's credentials and lists the latest.
type CredentialSummary struct {
	Total  int                          `json:"total"`
	Latest []credentials.HeldCredential `json:"latest"`
}

// SkillLabel is a skill of the taxonomy with its label in the language asked for.
type SkillLabel struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// OccupationGoal is an occupation the learner aims at and how far their
// proven skills cover its essential ones.
type OccupationGoal struct {
	ID        string       `json:"id"`
	Label     string       `json:"label"`
	Essential int          `json:"essential"`
	Proven    int          `json:"proven"`
	Missing   []SkillLabel `json:"missing"`
}

// Reasons for a recommendation.
const (
	// ReasonClosesGap: the course teaches essential skills of an occupation aimed at that the learner lacks.
	ReasonClosesGap = "closes_gap"
	// ReasonBuildsOn: the learner aims at no occupation; the course teaches skills they have proven, further.
	ReasonBuildsOn = "builds_on"
)

// Recommendation is a published course the learner has not taken.
type Recommendation struct {
	Slug            string `json:"slug"`
	Title           string `json:"title"`
	Summary         string `json:"summary"`
	InstitutionName string `json:"institution_name,omitempty"`
	Level           string `json:"level,omitempty"`
	Reason          string `json:"reason"`
	// Skills are the skills behind the reason: missing ones it teaches, or proven ones it builds on.
	Skills []SkillLabel `json:"skills"`
	// Occupations are the labels of the occupations aimed at whose gap it closes.
	Occupations []string `json:"occupations"`
}

// Goals are the occupations a learner aims at.
type Goals struct {
	Occupations []string `json:"occupations"`
}
