// Package competitions is the competitions context: challenges hosted by a
// verified organisation (or the platform) with phases, data files and a
// hidden solution; participants who accept the rules and form teams; scored
// prediction files; and leaderboards.
//
// The database is the record of every submission, as for learning's
// attempts. An upload is validated against the phase's solution on its way
// into the blob store; a valid one reserves a quota slot on its team's
// document (a guarded write), is listed in the unfinished set (one document,
// read by _id) and written as queued, and only then is a scoring task that
// carries its id enqueued. Scoring moves it queued → scoring → scored or
// failed with guarded writes, so a task run twice scores once; the
// reconciler re-enqueues whatever the unfinished set holds past a timeout and
// fails, with a reason, what was tried too often. Leaderboards are read
// models kept by the scorer, a phase's teams spread over shard documents
// and ranked into pages read by _id (Board); finalising freezes the
// private board with a CompetitionFinalised event in the same write; the
// credentials context then asks this one what each team earned
// (CompetitionAchievement). Published competitions are a search kind
// (SearchKinds), indexed through the queue on every change and again when
// the clock moves their status at their start and end (ReconcileStatus
// catches up on what a lost queue missed). The seed loads its
// competitions through the host's own steps (SeedCompetition) and its
// sample participants through a participant's (SeedSamples).
package competitions

import (
	"context"
	"io"
	"slices"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/catalog"
	"academy/services/competitions/scoring"
	"academy/services/identity"
	"academy/services/kit/auth"
	"academy/services/kit/blob"
	"academy/services/kit/events"
)

// Orgs is what competitions needs from the identity context.
type Orgs interface {
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
	// Org returns an organisation as the caller may see it.
	Org(ctx context.Context, p auth.Principal, orgID string) (identity.OrgView, error)
	// Contact returns a user's display name and email address.
	Contact(ctx context.Context, userID string) (name, email string, err error)
	// UserIDByEmail returns the id of the account with this email address, or a NotFound error.
	UserIDByEmail(ctx context.Context, email string) (string, error)
	// OrgsOf returns every membership of the user.
	OrgsOf(ctx context.Context, userID string) ([]identity.Membership, error)
	// RequireVerifiedEmail refuses, with "email-unverified", a user whose
	// email address is not verified: one verified person per team place.
	RequireVerifiedEmail(ctx context.Context, userID string) error
}

// Skills is what competitions needs from the catalogue: the skills taxonomy.
type Skills interface {
	// Skill returns the skill with this id, or a NotFound error.
	Skill(ctx context.Context, id string) (catalog.Skill, error)
}

// Enqueuer puts background tasks on the queue; jobs.Queue implements it.
type Enqueuer interface {
	// Add enqueues t unless a task with its id is in the queue, and reports whether it did.
	Add(ctx context.Context, t *asynq.Task) (bool, error)
}

// Publisher moves the events a write embedded in a document to the outbox;
// events.Outbox implements it.
type Publisher interface {
	Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...events.Event) error
}

// Files keeps data files, solutions and submissions, streamed in and out;
// blob.Store implements it.
type Files interface {
	Put(ctx context.Context, key string, r io.Reader, opts blob.PutOptions) (blob.Info, error)
	Get(ctx context.Context, key string) (io.ReadCloser, blob.Info, error)
	Stat(ctx context.Context, key string) (blob.Info, error)
	Delete(ctx context.Context, key string) error
}

// Stored states of a competition; its status (Status) is computed from
// these and its dates.
const (
	StateDraft      = "draft"
	StatePublished  = "published"
	StateFinalising = "finalising"
	StateFinished   = "finished"
)

// Statuses shown to people.
const (
	StatusDraft      = "draft"
	StatusUpcoming   = "upcoming"
	StatusRunning    = "running"
	StatusFinalising = "finalising"
	StatusFinished   = "finished"
)

// Submission statuses, in the order a submission goes through them.
const (
	SubmissionQueued  = "queued"
	SubmissionScoring = "scoring"
	SubmissionScored  = "scored"
	SubmissionFailed  = "failed"
)

// Eligibility of a competition.
const (
	EligibilityOpen       = "open"
	EligibilityOrgMembers = "org_members"
)

// Host kinds.
const (
	HostOrg      = "org"
	HostPlatform = "platform"
)

// Boards of a phase.
const (
	BoardPublic  = "public"
	BoardPrivate = "private"
)

// Size limits of uploads, in bytes.
const (
	MaxDataFileSize   = 200 << 20
	MaxSolutionSize   = 200 << 20
	MaxSubmissionSize = 50 << 20
)

// Host is who runs a competition.
type Host struct {
	Kind  string `bson:"kind" json:"kind"`
	OrgID string `bson:"org_id,omitempty" json:"org_id,omitempty"`
	Name  string `bson:"name" json:"name"`
	Slug  string `bson:"slug,omitempty" json:"slug,omitempty"`
}

// Competition is a challenge with its phases and files, as stored.
type Competition struct {
	ID              string     `bson:"_id"`
	Slug            string     `bson:"slug"`
	Title           string     `bson:"title"`
	Summary         string     `bson:"summary"`
	Overview        string     `bson:"overview"`
	Rules           string     `bson:"rules"`
	Prizes          string     `bson:"prizes"`
	Host            Host       `bson:"host"`
	Skills          []SkillRef `bson:"skills"`
	Level           string     `bson:"level"`
	Languages       []string   `bson:"languages"`
	Tags            []string   `bson:"tags"`
	StartAt         time.Time  `bson:"start_at"`
	EndAt           time.Time  `bson:"end_at"`
	EntryDeadline   *time.Time `bson:"entry_deadline,omitempty"`
	MergerDeadline  *time.Time `bson:"merger_deadline,omitempty"`
	TeamSizeLimit   int        `bson:"team_size_limit"`
	DailyLimit      int        `bson:"daily_limit"`
	TotalLimit      int        `bson:"total_limit,omitempty"` // 0: none
	FinalSelections int        `bson:"final_selections"`
	// Tiers are the host's placement tiers; none means the default ones.
	Tiers       []PlacementTier `bson:"tiers"`
	Eligibility string          `bson:"eligibility"`
	DataLicence string          `bson:"data_licence"`
	ForumURL    string          `bson:"forum_url,omitempty"`
	Phases      []Phase         `bson:"phases"`
	Files       []FileInfo      `bson:"files"`
	State       string          `bson:"state"`
	// Version counts edits; an edit applies only to the version it read.
	Version int  `bson:"version"`
	Teams   int  `bson:"teams"`
	Sample  bool `bson:"sample"`
	// IndexedRev is the revision of its search document the index shows.
	IndexedRev  int        `bson:"indexed_rev"`
	CreatedBy   string     `bson:"created_by"`
	CreatedAt   time.Time  `bson:"created_at"`
	UpdatedAt   time.Time  `bson:"updated_at"`
	PublishedAt *time.Time `bson:"published_at,omitempty"`
	// FinalisingSince is when the finalisation under way was claimed
	// (Finalise); another may take it over once it is finaliseLease old.
	FinalisingSince *time.Time `bson:"finalising_since,omitempty"`
	FinalisedAt     *time.Time `bson:"finalised_at,omitempty"`
	// Moderation is set while an administrator keeps the competition unpublished.
	Moderation *Moderation `bson:"moderation,omitempty"`
}

// Status is the competition's status at now.
func (c Competition) Status(now time.Time) string {
	switch {
	case c.State == StateDraft:
		return StatusDraft
	case c.State == StateFinished:
		return StatusFinished
	case c.State == StateFinalising || !now.Before(c.EndAt):
		return StatusFinalising
	case now.Before(c.StartAt):
		return StatusUpcoming
	}
	return StatusRunning
}

// Phase returns the phase with this id.
func (c Competition) Phase(id string) (Phase, bool) {
	for _, p := range c.Phases {
		if p.ID == id {
			return p, true
		}
	}
	return Phase{}, false
}

// File returns the data file with this name.
func (c Competition) File(name string) (FileInfo, bool) {
	for _, f := range c.Files {
		if f.Name == name {
			return f, true
		}
	}
	return FileInfo{}, false
}

// FinalPhase is the last phase, whose private board is the final ranking.
func (c Competition) FinalPhase() Phase { return c.Phases[len(c.Phases)-1] }

// SkillRef is a skill of the taxonomy with its English label, kept with
// the competition so that lists need no lookup.
type SkillRef struct {
	ID    string `bson:"id" json:"id"`
	Label string `bson:"label" json:"label"`
}

// Phase is a period of a competition with its own limits and evaluation.
type Phase struct {
	ID         string         `bson:"id"`
	Title      string         `bson:"title"`
	StartAt    time.Time      `bson:"start_at"`
	EndAt      time.Time      `bson:"end_at"`
	DailyLimit int            `bson:"daily_limit,omitempty"` // 0: the competition's
	Evaluation scoring.Config `bson:"evaluation"`
	Solution   *SolutionInfo  `bson:"solution,omitempty"`
}

// SolutionInfo describes a phase's uploaded solution; the file itself is in
// the blob store under solutionKey.
type SolutionInfo struct {
	UploadID    string    `bson:"upload_id" json:"-"`
	SHA256      string    `bson:"sha256" json:"-"`
	Rows        int       `bson:"rows" json:"rows"`
	PublicRows  int       `bson:"public_rows" json:"public_rows"`
	PrivateRows int       `bson:"private_rows" json:"private_rows"`
	Header      []string  `bson:"header" json:"header"`
	UploadedAt  time.Time `bson:"uploaded_at" json:"uploaded_at"`
}

// FileInfo is a public data file of a competition.
type FileInfo struct {
	Name        string    `bson:"name" json:"name"`
	Size        int64     `bson:"size" json:"size"`
	ContentType string    `bson:"content_type" json:"content_type"`
	Description string    `bson:"description" json:"description"`
	SHA256      string    `bson:"sha256" json:"sha256"`
	UploadedAt  time.Time `bson:"uploaded_at" json:"uploaded_at"`
}

// Entry records that a person accepted a competition's rules, once; its id
// is derived from both (entryID).
type Entry struct {
	ID              string    `bson:"_id"`
	CompetitionID   string    `bson:"competition_id"`
	UserID          string    `bson:"user_id"`
	TeamID          string    `bson:"team_id"`
	AcceptedRulesAt time.Time `bson:"accepted_rules_at"`
	// InvitedBy are the teams that invited the person: their invitations
	// are found by id (invitationID), as the person's list reads them.
	InvitedBy []string `bson:"invited_by,omitempty"`
}

// Member is a person in a team.
type Member struct {
	UserID string `bson:"user_id" json:"user_id"`
	Name   string `bson:"name" json:"name"`
}

// Team is who submits. Its quota counters are reserved and released with
// guarded writes on this document.
type Team struct {
	ID            string   `bson:"_id"`
	CompetitionID string   `bson:"competition_id"`
	Name          string   `bson:"name"`
	Members       []Member `bson:"members"`
	// Day is the UTC day (YYYY-MM-DD) Today counts submissions of.
	Day   string `bson:"day"`
	Today int    `bson:"today"`
	Total int    `bson:"total"`
	// Slots holds, by submission id, whether its quota slot is held or was
	// released, written with the counters: a slot is given back once, and
	// only if it was taken.
	Slots map[string]string `bson:"slots,omitempty"`
	// Submitted says a submission was ever made: members may no longer leave.
	Submitted bool `bson:"submitted"`
	// Rev counts membership changes.
	Rev int `bson:"rev"`
	// Invited are the people the team invited (invitationID), as its list
	// of invitations sent reads them.
	Invited []string `bson:"invited,omitempty"`
	// Absorbed are the teams merged into this one; their submissions are its own.
	Absorbed []string `bson:"absorbed,omitempty"`
	// MergedInto is the team this one was merged into; it has no members left.
	MergedInto string `bson:"merged_into,omitempty"`
	// Left points each member who left to the team they left for, so that
	// an entry not yet updated still finds its team.
	Left map[string]string `bson:"left,omitempty"`
	// Lock is held by the membership change in progress (lockTeams).
	Lock     string    `bson:"lock,omitempty"`
	LockedAt time.Time `bson:"locked_at,omitempty"`
	// Selected are the submissions chosen for the private board; none: the best public ones.
	Selected []string `bson:"selected,omitempty"`
	// SelectionRev counts the changes of Selected; a board keeps the latest.
	SelectionRev       int    `bson:"selection_rev,omitempty"`
	Disqualified       bool   `bson:"disqualified"`
	DisqualifiedReason string `bson:"disqualified_reason,omitempty"`
	// Decisions counts the hosts' disqualifications and reinstatements;
	// each applies only to the count it read.
	Decisions int       `bson:"decisions,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
}

// has reports whether the person is a member of the team.
func (t Team) has(userID string) bool {
	return slices.ContainsFunc(t.Members, func(m Member) bool { return m.UserID == userID })
}

// owns reports whether a submission of this team id is the team's own or an absorbed team's.
func (t Team) owns(teamID string) bool { return teamID == t.ID || slices.Contains(t.Absorbed, teamID) }

// Submission is one prediction file sent by a team for a phase.
type Submission struct {
	ID            string   `bson:"_id"`
	CompetitionID string   `bson:"competition_id"`
	PhaseID       string   `bson:"phase_id"`
	TeamID        string   `bson:"team_id"`
	SubmittedBy   string   `bson:"submitted_by"`
	Description   string   `bson:"description"`
	FileName      string   `bson:"file_name,omitempty"`
	ContentType   string   `bson:"content_type"`
	Size          int64    `bson:"size"`
	SHA256        string   `bson:"sha256"`
	Day           string   `bson:"day"` // the UTC day its quota slot counts in
	Status        string   `bson:"status"`
	PublicScore   *float64 `bson:"public_score,omitempty"`
	PrivateScore  *float64 `bson:"private_score,omitempty"`
	Reason        string   `bson:"reason,omitempty"`
	Attempts      int      `bson:"attempts"` // scoring runs started
	// Baseline marks the host's reference submission: scored, shown beside
	// the ranking under BaselineName, never ranked, outside any quota.
	Baseline     bool       `bson:"baseline,omitempty"`
	BaselineName string     `bson:"baseline_name,omitempty"`
	CreatedAt    time.Time  `bson:"created_at"`
	ScoredAt     *time.Time `bson:"scored_at,omitempty"`
}

// final reports whether the submission will not change status again.
func (s Submission) final() bool {
	return s.Status == SubmissionScored || s.Status == SubmissionFailed
}
