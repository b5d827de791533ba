// Package credentials is the credentials context: it issues Open Badges 3.0
// credentials for an award source (a completed course today; a competition
// placement or participation, a completed programme next), signs them so anyone can check them
// without trusting this platform's pages, publishes their revocation and
// suspension through W3C Bitstring Status Lists, verifies credentials step
// by step, and prints certificates. It learns of course completions from
// the CourseCompleted event and of competition results from
// CompetitionFinalised (a participation for every ranked team's members, a
// placement for the winner and the top 10 % and 25 %), and records CredentialIssued and
// CredentialStatusChanged in the same write as the credential or its change
// (see services/kit/events). Each credential keeps its learner, issuer,
// achievement type, ESCO skills and status queryable beside the signed
// document, for the talent pool's "which active credentials prove skill X".
package credentials

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/award"
	"academy/services/kit/events"
	"academy/services/kit/mongokit"
)

// Achievement types of the credentials this context issues: a course's is
// Course, or MicroCredential when it states every EU element; a
// competition's is Competency or Award.
const (
	AchievementCourse          = "Course"
	AchievementMicroCredential = "MicroCredential"
	AchievementCompetency      = "Competency"
	AchievementAward           = "Award"
)

// Kinds of award source.
const (
	SourceCourseCompletion = "course-completion"
	// A competition's participation and placement: the source id is the
	// competition's and the learner's, the subject the competition.
	SourceCompetitionParticipation = "competition-participation"
	SourceCompetitionPlacement     = "competition-placement"
)

// The terms of an award, shared with the contexts that describe what they award.
type (
	Learner     = award.Learner
	Skill       = award.Skill
	Achievement = award.Achievement
	Issuer      = award.Issuer
)

// AwardSource is what a learner earns a credential for: its kind and id
// identify it, and a source earns each learner at most one credential. The
// rest are the facts its producer's event carried.
type AwardSource struct {
	Kind      string // SourceCourseCompletion, …
	ID        string // the completion's id, …
	LearnerID string
	SubjectID string    // what was achieved: the course id, …
	Grade     float64   // percent, when graded
	Rank      int       // place in a ranking, from 1; 0 when not ranked
	Entrants  int       // how many were ranked
	Score     float64   // the ranked score, when ranked
	TeamID    string    // the team the learner ranked with, in a competition
	At        time.Time // when it was achieved
}

// Award is everything needed to issue a credential for one achievement.
type Award struct {
	Source      AwardSource // zero for manual awards
	Learner     Learner
	Achievement Achievement
	Issuer      Issuer
	Grade       float64 // percent
	// Rank, when set, is the learner's place of Entrants: the result of a
	// competition, stated instead of a grade.
	Rank, Entrants int
	Score          float64 // the ranked score, stated when the achievement names a Metric
	CompletedAt    time.Time
	ValidFor       time.Duration // 0: the credential does not expire
}

// Awards gives the facts of an award from the contexts that own them;
// NewAwards is the platform's.
type Awards interface {
	// Award describes the award a source earns; it fails with a NotFound or
	// Invalid apperr when the source earns none.
	Award(ctx context.Context, src AwardSource) (Award, error)
	// ManualAward describes an award staff of orgID make to learnerID for
	// courseID without a recorded completion; it fails with a NotFound
	// apperr when the learner or the course (of that organisation) is unknown.
	ManualAward(ctx context.Context, orgID, learnerID, courseID string) (Award, error)
	// Achievement describes the achievement of the published course with
	// this slug; it fails with a NotFound apperr when no such course awards
	// a credential.
	Achievement(ctx context.Context, slug string) (Achievement, Issuer, error)
	// CompetitionAchievement describes the achievement of an award tier of
	// the finalised competition with this slug; NotFound when there is none.
	CompetitionAchievement(ctx context.Context, slug, tier string) (Achievement, Issuer, error)
}

// Publisher moves the events a write embedded in a document to the outbox;
// events.Outbox implements it.
type Publisher interface {
	Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...events.Event) error
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

// certificateFields are CertificateFacts as BSON encodes them by default.
type certificateFields CertificateFacts

// MarshalBSONValue stores the facts packed (mongokit.Packed): a pass over
// the talent pool may read every credential, and the embedded database
// spends most of such a read on each value it decodes.
func (f CertificateFacts) MarshalBSONValue() (bsontype.Type, []byte, error) {
	return mongokit.MarshalPacked(certificateFields(f))
}

// UnmarshalBSONValue reads the facts packed, or as a document as they were
// stored before.
func (f *CertificateFacts) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	return mongokit.UnmarshalPacked(t, data, (*certificateFields)(f))
}

// StoredCredential is an issued credential as this context keeps it.
type StoredCredential struct {
	ID              string     `bson:"_id" json:"id"`
	LearnerID       string     `bson:"learner_id" json:"learner_id"`
	AchievementID   string     `bson:"achievement_id" json:"achievement_id"`
	AchievementType string     `bson:"achievement_type" json:"achievement_type"`
	SourceKind      string     `bson:"source_kind,omitempty" json:"source_kind,omitempty"` // empty for manual awards
	SourceID        string     `bson:"source_id,omitempty" json:"source_id,omitempty"`
	Skills          []string   `bson:"skills" json:"skills"` // ESCO concept URIs of the skills it proves
	OrgID           string     `bson:"org_id" json:"org_id"`
	IssuerSlug      string     `bson:"issuer_slug" json:"issuer_slug"`
	MicroCredential bool       `bson:"micro_credential" json:"micro_credential"`
	IssuedAt        time.Time  `bson:"issued_at" json:"issued_at"`
	ValidUntil      *time.Time `bson:"valid_until,omitempty" json:"valid_until,omitempty"`
	Status          string     `bson:"status" json:"status"`
	StatusList      int        `bson:"status_list" json:"status_list"` // number of the organisation's list pair
	StatusIndex     int        `bson:"status_index" json:"status_index"`
	// Document and JWT are stored apart (credential_documents); a
	// credential stored before they were keeps them inline.
	Document    string           `bson:"document,omitempty" json:"document"` // the credential's JSON
	JWT         string           `bson:"jwt,omitempty" json:"jwt"`           // the credential secured as a VC-JWT
	Certificate CertificateFacts `bson:"certificate" json:"certificate"`
	History     []StatusEvent    `bson:"history,omitempty" json:"history,omitempty"`
	// Outbox holds the events of the last writes until they are in the outbox.
	Outbox map[string]events.Event `bson:"outbox,omitempty" json:"-"`
}

// SkillEvidence is an active credential that proves a skill, as the talent
// pool reads it.
type SkillEvidence struct {
	CredentialID    string     `bson:"_id" json:"credential_id"`
	LearnerID       string     `bson:"learner_id" json:"learner_id"`
	OrgID           string     `bson:"org_id" json:"org_id"`
	AchievementID   string     `bson:"achievement_id" json:"achievement_id"`
	AchievementType string     `bson:"achievement_type" json:"achievement_type"`
	IssuedAt        time.Time  `bson:"issued_at" json:"issued_at"`
	ValidUntil      *time.Time `bson:"valid_until,omitempty" json:"valid_until,omitempty"`
}
