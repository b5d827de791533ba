// Package credentials is the credentials context: it issues Open Badges 3.0
// credentials for completed courses, signs them so anyone can check them
// without trusting this platform's pages, publishes their revocation and
// suspension through W3C Bitstring Status Lists, verifies credentials step
// by step, and prints certificates.
package credentials

import (
	"context"
	"time"
)

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

// Achievement types of the credentials this context issues.
const (
	AchievementCourse          = "Course"
	AchievementMicroCredential = "MicroCredential"
)

// Achievement is the course a credential is awarded for, with the elements
// an EU micro-credential must state.
type Achievement struct {
	ID                string // the course id
	Slug              string
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

// Award is everything needed to issue a credential for one completed course.
type Award struct {
	CompletionID string // idempotency key of automatic issuing; empty for manual awards
	Learner      Learner
	Achievement  Achievement
	Issuer       Issuer
	Grade        float64 // percent
	CompletedAt  time.Time
	ValidFor     time.Duration // 0: the credential does not expire
}

// Awards gives the facts of an award; the composition root implements it
// from the learning, catalogue and identity contexts.
type Awards interface {
	// Award describes the award for a completion.
	Award(ctx context.Context, completionID string) (Award, error)
	// ManualAward describes an award staff of orgID make to learnerID for
	// courseID without a recorded completion; it fails with a NotFound
	// apperr when the learner or the course (of that organisation) is unknown.
	ManualAward(ctx context.Context, orgID, learnerID, courseID string) (Award, error)
	// MarkIssued records that the completion's credential exists, so the
	// learning context's reconciler stops enqueueing it.
	MarkIssued(ctx context.Context, completionID string) error
	// Achievement describes the achievement of the published course with
	// this slug; it fails with a NotFound apperr when no such course awards
	// a credential.
	Achievement(ctx context.Context, slug string) (Achievement, Issuer, error)
}

// Orgs tells who may act for an organisation; the identity context implements it.
type Orgs interface {
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
}

// The statuses of a credential. A revoked credential stays revoked; a
// suspended one can be reinstated.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
	StatusRevoked   = "revoked"
)

// StatusEvent records one change of a credential's status: who, when, why.
type StatusEvent struct {
	Action string    `bson:"action" json:"action"` // revoke, suspend or reinstate
	By     string    `bson:"by" json:"by"`         // user id
	At     time.Time `bson:"at" json:"at"`
	Reason string    `bson:"reason,omitempty" json:"reason,omitempty"`
}

// CertificateFacts are what the printed certificate shows besides the
// signed credential: the learner's name is kept here, not in the credential.
type CertificateFacts struct {
	LearnerName     string  `bson:"learner_name" json:"learner_name"`
	InstitutionName string  `bson:"institution_name" json:"institution_name"`
	Country         string  `bson:"country" json:"country"`
	AchievementName string  `bson:"achievement_name" json:"achievement_name"`
	ECTS            float64 `bson:"ects" json:"ects"`
	WorkloadHours   float64 `bson:"workload_hours" json:"workload_hours"`
	EQFLevel        int     `bson:"eqf_level" json:"eqf_level"`
	Grade           float64 `bson:"grade" json:"grade"`
}

// StoredCredential is an issued credential as this context keeps it.
type StoredCredential struct {
	ID              string           `bson:"_id" json:"id"`
	LearnerID       string           `bson:"learner_id" json:"learner_id"`
	AchievementID   string           `bson:"achievement_id" json:"achievement_id"`
	CompletionID    string           `bson:"completion_id" json:"completion_id"`
	OrgID           string           `bson:"org_id" json:"org_id"`
	IssuerSlug      string           `bson:"issuer_slug" json:"issuer_slug"`
	MicroCredential bool             `bson:"micro_credential" json:"micro_credential"`
	IssuedAt        time.Time        `bson:"issued_at" json:"issued_at"`
	ValidUntil      *time.Time       `bson:"valid_until,omitempty" json:"valid_until,omitempty"`
	Status          string           `bson:"status" json:"status"`
	StatusList      int              `bson:"status_list" json:"status_list"` // number of the organisation's list pair
	StatusIndex     int              `bson:"status_index" json:"status_index"`
	Document        string           `bson:"document" json:"document"` // the credential's JSON
	JWT             string           `bson:"jwt" json:"jwt"`           // the credential secured as a VC-JWT
	Certificate     CertificateFacts `bson:"certificate" json:"certificate"`
	History         []StatusEvent    `bson:"history,omitempty" json:"history,omitempty"`
}
