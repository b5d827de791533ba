// Package talent is the talent pool: learners who consent are found by
// verified companies for the skills they have proven, and every match is
// explained, contestable and decided by a person.
//
// Joining is a consent recorded in an append-only ledger (one entry per
// given or withdrawn consent, ids derived from the user and a sequence
// number, so a repeated request writes nothing). A profile is one document
// keyed by its user; verified skills are read from the learner's active
// credentials each time matching or the learner needs them, so a revoked or
// suspended credential stops counting at once; a company's lists show those
// matching read, while the profile is at the revision it matched, until the
// credential's event has it matched again. Companies see pseudonymous cards: a
// pseudonym is an HMAC of the company and the person under a key the
// platform keeps, stored so that it can be resolved; two companies never
// see the same pseudonym for one person. Identity is shown only after the
// person accepted that company's contact request.
//
// Matching (package matching) runs in the talent:match task, triggered by
// events and repaired by a reconciler; its results are read models keyed by
// _id: a ranked list per opening and a list per candidate, each entry's
// explanation in a document of its own. Withdrawing removes the candidate
// from the talent search index and every read model during the request.
package talent

import (
	"context"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/catalog"
	"academy/services/identity"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/mongokit"
	"academy/services/search"
	"academy/services/talent/matching"
)

// NoticeVersion is the version of the consent notice in force; consent to
// an older one is refused.
const NoticeVersion = "2026-12"

// Purpose is what the consent is given for.
const Purpose = "talent-pool"

// Orgs is what the talent pool needs from the identity context.
type Orgs interface {
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
	// Org returns an organisation as the caller may see it.
	Org(ctx context.Context, p auth.Principal, orgID string) (identity.OrgView, error)
	// Contact returns a user's display name and email address.
	Contact(ctx context.Context, userID string) (name, email string, err error)
}

// Catalog is what the talent pool needs from the catalogue.
type Catalog interface {
	// Skill returns the skill with this id, or a NotFound error.
	Skill(ctx context.Context, id string) (catalog.Skill, error)
	// SkillHierarchy returns how the taxonomy's skills relate, as matching
	// reads it: a snapshot kept in memory, which costs no read.
	SkillHierarchy(ctx context.Context) (catalog.SkillHierarchy, error)
	// Occupation returns the occupation with this id, or a NotFound error.
	Occupation(ctx context.Context, id, lang string) (catalog.OccupationView, error)
	// CoursesTeaching lists published courses tagged with the skill.
	CoursesTeaching(ctx context.Context, skillID string, limit int) ([]CourseRef, error)
}

// HeldCredential is a credential issued here to a learner and in force.
type HeldCredential struct {
	ID    string
	Title string
	// Skills are catalogue skill ids.
	Skills []string
	// Competition marks a competition's participation or placement credential.
	Competition bool
	VerifyURL   string
	// ValidUntil is when it stops being in force; nil when it does not expire.
	ValidUntil *time.Time
}

// inForce is the credentials of held still in force at now.
func inForce(held []HeldCredential, now time.Time) []HeldCredential {
	out := make([]HeldCredential, 0, len(held))
	for _, c := range held {
		if c.ValidUntil == nil || c.ValidUntil.After(now) {
			out = append(out, c)
		}
	}
	return out
}

// Import verdicts, the codes of a refused import.
const (
	ImportMalformed = "malformed"
	ImportSignature = "signature"
	ImportIssuerKey = "issuer-key-unavailable"
	ImportRevoked   = "revoked"
	ImportSuspended = "suspended"
	ImportExpired   = "expired"
	ImportNotYours  = "not-yours"
	// The credential of another issuer does not name the learner's
	// verified email address.
	ImportSubjectMismatch = "subject-mismatch"
	// The issuer's key or status list could not be fetched, or only from
	// an address that is refused.
	ImportUnreachable = "issuer-unreachable"
	// The credential, or a document it points to, is larger than allowed.
	ImportTooLarge = "too-large"
)

// ImportVerified is the status of an import that counts as evidence; the
// other statuses are the Import verdicts that made it stop counting.
const ImportVerified = "verified"

// RecheckAfter is how old an import's last check may grow before the
// reconciler verifies it again.
const RecheckAfter = 24 * time.Hour

// VerifiedImport is an Open Badges credential whose signature and status held.
type VerifiedImport struct {
	CredentialID string
	Issuer       string
	Title        string
	Achievement  string
	Skills       []string // catalogue skill ids
	// HolderID is the platform user the credential was issued to, when it
	// was issued here; empty for a foreign issuer.
	HolderID string
}

// Credentials is what the talent pool needs from the credentials context.
type Credentials interface {
	// ActiveOf lists the user's credentials in force now.
	ActiveOf(ctx context.Context, userID string) ([]HeldCredential, error)
	// ActiveByHolder lists every holder's credentials in force now, in one
	// read: for a pass over the whole pool.
	ActiveByHolder(ctx context.Context) (map[string][]HeldCredential, error)
	// VerifyImport verifies a VC-JWT for the user importing it; a
	// credential that does not verify, or is issued to someone else, is an
	// Unprocessable error whose code is one of the Import verdicts.
	VerifyImport(ctx context.Context, userID, jwt string) (VerifiedImport, error)
}

// Index is the talent search index, never the public one.
type Index interface {
	Upsert(ctx context.Context, docs ...search.Document) error
	Delete(ctx context.Context, ids ...string) error
	Search(ctx context.Context, q search.Query) (search.Result, error)
}

// Enqueuer puts background tasks on the queue; jobs.Queue implements it.
type Enqueuer interface {
	Add(ctx context.Context, t *asynq.Task) (bool, error)
}

// Publisher moves the events a write embedded in a document to the outbox;
// events.Outbox implements it.
type Publisher interface {
	Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...events.Event) error
}

// CourseRef is a catalogue course that teaches a missing skill.
type CourseRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// Ledger actions.
const (
	ActionGiven     = "given"
	ActionWithdrawn = "withdrawn"
)

// ConsentEntry is one record of the append-only consent ledger.
type ConsentEntry struct {
	ID            string    `bson:"_id" json:"id"`
	UserID        string    `bson:"user_id" json:"user_id"`
	Action        string    `bson:"action" json:"action"`
	Purpose       string    `bson:"purpose" json:"purpose"`
	NoticeVersion string    `bson:"notice_version" json:"notice_version"`
	At            time.Time `bson:"at" json:"at"`
}

// Consent is the consent in force.
type Consent struct {
	Version string    `bson:"version" json:"version"`
	GivenAt time.Time `bson:"given_at" json:"given_at"`
}

// Ref is an id with its label.
type Ref struct {
	ID    string `bson:"id" json:"id"`
	Label string `bson:"label" json:"label"`
}

// DeclaredSkill is a skill the learner claims without evidence.
type DeclaredSkill struct {
	Skill string `bson:"skill" json:"skill"`
	Label string `bson:"label" json:"label"`
	Level int    `bson:"level" json:"level"`
}

// WorkAuthorisation says where a person may work without a permit.
type WorkAuthorisation struct {
	RightToWork []string `bson:"right_to_work" json:"right_to_work"`
	NeedsPermit bool     `bson:"needs_permit" json:"needs_permit"`
}

// Visibility says which profile fields companies see.
type Visibility struct {
	Headline     bool `bson:"headline" json:"headline"`
	Languages    bool `bson:"languages" json:"languages"`
	Location     bool `bson:"location" json:"location"`
	Availability bool `bson:"availability" json:"availability"`
	SelfDeclared bool `bson:"self_declared" json:"self_declared"`
}

// The profile's parts below are stored packed (mongokit.Packed), as its
// lists are: the full recompute reads every profile, and the embedded
// database spends most of such a read on each value it decodes. Each
// reads as well as a document, as it was stored before.
type (
	consentFields    Consent
	workAuthFields   WorkAuthorisation
	visibilityFields Visibility
)

func (c Consent) MarshalBSONValue() (bsontype.Type, []byte, error) {
	return mongokit.MarshalPacked(consentFields(c))
}

func (c *Consent) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	return mongokit.UnmarshalPacked(t, data, (*consentFields)(c))
}

func (w WorkAuthorisation) MarshalBSONValue() (bsontype.Type, []byte, error) {
	return mongokit.MarshalPacked(workAuthFields(w))
}

func (w *WorkAuthorisation) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	return mongokit.UnmarshalPacked(t, data, (*workAuthFields)(w))
}

func (v Visibility) MarshalBSONValue() (bsontype.Type, []byte, error) {
	return mongokit.MarshalPacked(visibilityFields(v))
}

func (v *Visibility) UnmarshalBSONValue(t bsontype.Type, data []byte) error {
	return mongokit.UnmarshalPacked(t, data, (*visibilityFields)(v))
}

// Import is an external credential whose signature and status were
// verified when it was imported, and are verified again every day.
type Import struct {
	ID           string `bson:"id" json:"id"`
	CredentialID string `bson:"credential_id" json:"-"`
	Issuer       string `bson:"issuer" json:"issuer"`
	Title        string `bson:"title" json:"title"`
	Achievement  string `bson:"achievement,omitempty" json:"achievement"`
	Skills       []Ref  `bson:"skills" json:"skills"`
	// VerifiedAt is the last time it verified.
	VerifiedAt time.Time `bson:"verified_at" json:"verified_at"`
	// Status is ImportVerified while it counts, else the verdict that
	// made it stop; imports made before statuses were kept have none.
	Status string `bson:"status,omitempty" json:"status"`
	// CheckedAt and Outcome are the last check and what it found: an issuer
	// out of reach leaves the import counting until a check says otherwise.
	CheckedAt time.Time `bson:"checked_at,omitempty" json:"checked_at"`
	Outcome   string    `bson:"outcome,omitempty" json:"outcome"`
	Reason    string    `bson:"reason,omitempty" json:"reason,omitempty"`
	// JWT is the credential as imported, verified again by the reconciler.
	JWT string `bson:"jwt,omitempty" json:"-"`
}

// Counts reports whether the import is evidence now.
func (im Import) Counts() bool { return im.Status == "" || im.Status == ImportVerified }

// Profile is a learner's talent profile as stored, keyed by user id.
type Profile struct {
	UserID     string   `bson:"_id"`
	InPool     bool     `bson:"in_pool"`
	Consent    *Consent `bson:"consent,omitempty"`
	ConsentSeq int      `bson:"consent_seq"`
	// ConsentNotice and ConsentAt describe the last consent change, the
	// ledger entry numbered ConsentSeq.
	ConsentNotice     string                                 `bson:"consent_notice"`
	ConsentAt         time.Time                              `bson:"consent_at"`
	Version           int                                    `bson:"version"`
	Headline          string                                 `bson:"headline"`
	Occupations       mongokit.PackedList[Ref]               `bson:"occupations"`
	SelfDeclared      mongokit.PackedList[DeclaredSkill]     `bson:"self_declared"`
	Languages         mongokit.PackedList[matching.Language] `bson:"languages"`
	Country           string                                 `bson:"country"`
	Places            mongokit.PackedList[string]            `bson:"places"`
	Remote            bool                                   `bson:"remote"`
	AvailableFrom     string                                 `bson:"available_from"`
	WorkAuthorisation WorkAuthorisation                      `bson:"work_authorisation"`
	Visible           Visibility                             `bson:"visible"`
	Imports           []Import                               `bson:"imports"`
	// RevealedTo are the companies whose contact request the person
	// accepted: only their cards read the contact slot, which says so.
	RevealedTo []string `bson:"revealed_to,omitempty"`
	// PseudonymOrgs are companies a pseudonym was made for, noted on the
	// profile before the viewers list named them; erasure reads both.
	PseudonymOrgs []string `bson:"pseudonym_orgs,omitempty"`
	// Rev counts changes that matter to matching; MatchedRev is the last
	// one matching saw.
	Rev        int `bson:"rev"`
	MatchedRev int `bson:"matched_rev"`
	// Held are the credentials in force matching read at MatchedRev: a
	// company's card reads the skills from them, not from the credentials.
	Held mongokit.PackedList[HeldCredential] `bson:"held,omitempty"`
	// HeldForm is the form Held was written in: from heldForm on, it holds
	// each credential's expiry, and a pass over the pool reads it instead
	// of the credentials (pool.go).
	HeldForm  int                     `bson:"held_form,omitempty"`
	UpdatedAt time.Time               `bson:"updated_at"`
	Outbox    map[string]events.Event `bson:"outbox,omitempty"`
}

// Opening statuses.
const (
	OpeningDraft  = "draft"
	OpeningOpen   = "open"
	OpeningClosed = "closed"
)

// Pay is an opening's pay range.
type Pay struct {
	Min      float64 `bson:"min" json:"min"`
	Max      float64 `bson:"max" json:"max"`
	Currency string  `bson:"currency" json:"currency"`
	Period   string  `bson:"period" json:"period"`
}

// RequiredSkill is a skill an opening asks for.
type RequiredSkill struct {
	Skill     string `bson:"skill" json:"skill"`
	Label     string `bson:"label" json:"label"`
	Essential bool   `bson:"essential" json:"essential"`
	MinLevel  int    `bson:"min_level" json:"min_level"`
}

// Opening is a company's job opening as stored.
type Opening struct {
	ID            string                  `bson:"_id"`
	OrgID         string                  `bson:"org_id"`
	OrgName       string                  `bson:"org_name"`
	Title         string                  `bson:"title"`
	Description   string                  `bson:"description"`
	Occupation    *Ref                    `bson:"occupation,omitempty"`
	Skills        []RequiredSkill         `bson:"skills"`
	Languages     []matching.Language     `bson:"languages"`
	Country       string                  `bson:"country"`
	City          string                  `bson:"city"`
	RemotePolicy  string                  `bson:"remote_policy"`
	PermitSupport bool                    `bson:"permit_support"`
	Pay           Pay                     `bson:"pay"`
	StartDate     string                  `bson:"start_date"`
	Status        string                  `bson:"status"`
	Version       int                     `bson:"version"`
	MatchedRev    int                     `bson:"matched_rev"`
	CreatedBy     string                  `bson:"created_by"`
	CreatedAt     time.Time               `bson:"created_at"`
	UpdatedAt     time.Time               `bson:"updated_at"`
	Outbox        map[string]events.Event `bson:"outbox,omitempty"`
}

// Contact statuses.
const (
	ContactPending  = "pending"
	ContactAccepted = "accepted"
	ContactDeclined = "declined"
)

// Contact is a company's request to get in touch with a candidate.
type Contact struct {
	ID         string     `bson:"_id"`
	OrgID      string     `bson:"org_id"`
	OrgName    string     `bson:"org_name"`
	UserID     string     `bson:"user_id"`
	OpeningID  string     `bson:"opening_id,omitempty"`
	Message    string     `bson:"message"`
	Status     string     `bson:"status"`
	By         string     `bson:"by"`
	CreatedAt  time.Time  `bson:"created_at"`
	AnsweredAt *time.Time `bson:"answered_at,omitempty"`
}

// Access log actions.
const (
	AccessViewed    = "viewed"
	AccessContacted = "contacted"
	AccessDecided   = "decided"
)

// Access is one entry of a learner's access log.
type Access struct {
	OrgID   string    `bson:"org_id" json:"-"`
	OrgName string    `bson:"org_name" json:"-"`
	Action  string    `bson:"action" json:"action"`
	At      time.Time `bson:"at" json:"at"`
}

// Decisions a person at a company records.
const (
	DecisionShortlist = "shortlist"
	DecisionReject    = "reject"
	DecisionContact   = "contact"
)

// Decision is a person's decision on a candidate for an opening.
type Decision struct {
	ID        string    `bson:"_id" json:"-"`
	OrgID     string    `bson:"org_id" json:"-"`
	OpeningID string    `bson:"opening_id" json:"-"`
	UserID    string    `bson:"user_id" json:"-"`
	Decision  string    `bson:"decision" json:"decision"`
	Reason    string    `bson:"reason" json:"reason"`
	By        string    `bson:"by" json:"by"`
	At        time.Time `bson:"at" json:"at"`
}

// Contest is a learner's objection to a match, for a person at the company.
type Contest struct {
	ID        string    `bson:"_id"`
	OrgID     string    `bson:"org_id"`
	OpeningID string    `bson:"opening_id"`
	UserID    string    `bson:"user_id"`
	Message   string    `bson:"message"`
	CreatedAt time.Time `bson:"created_at"`
}

// StoredMatch is one candidate's match with one opening and its explanation.
type StoredMatch struct {
	ID        string
	OpeningID string
	UserID    string
	Match     matching.Match
	At        time.Time
}

// legacyMatch is a match as stored on its own before matches were kept in
// their candidate's ranking, read once to move it there; its explanation
// is packed or, older still, stored as it is.
type legacyMatch struct {
	OpeningID string                          `bson:"opening_id"`
	UserID    string                          `bson:"user_id"`
	Match     mongokit.Packed[matching.Match] `bson:"match"`
	At        time.Time                       `bson:"at"`
}

// Ranked is an entry of a read model's list. A candidate's entries hold
// their matches, explanations and all: the candidate's matches are one
// document, one write for the embedded database where a document per
// match cost a write each.
type Ranked struct {
	ID    string  `bson:"id"` // a user id in an opening's list, an opening id in a candidate's
	Score float64 `bson:"score"`
	// Match and At, the time it was stored, are a candidate's match with
	// the opening; nil in an opening's list. An entry matched again holds
	// a new Match, so that entries compare equal only when unchanged.
	Match *matching.Match `bson:"match,omitempty"`
	At    time.Time       `bson:"at,omitempty"`
}

// storedMatch is the match a candidate's entry holds, if any.
func (r Ranked) storedMatch(userID string) (StoredMatch, bool) {
	if r.Match == nil {
		return StoredMatch{}, false
	}
	return StoredMatch{ID: matchID(r.ID, userID), OpeningID: r.ID, UserID: userID, Match: *r.Match, At: r.At}, true
}
