// Package teamlearning is learning in a company's team: a verified company
// invites its employees, who keep their own accounts and join by choice,
// proposes learning paths with due dates, and sees a member's progress and
// credentials only while that member shares them with it. It keeps the
// AI-literacy record (AI Act, Art. 4) the company holds as evidence.
//
// Team members are not the organisation's staff: a team membership gives
// no right to act for the company, so it is a membership of its own rather
// than a role in the identity context.
package teamlearning

import (
	"context"
	"time"

	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/identity"
	"academy/services/kit/auth"
	"academy/services/learning"
	"academy/services/search"
)

// Orgs tells who the company and its staff are; the identity context implements it.
type Orgs interface {
	// Org returns the organisation as the caller may see it.
	Org(ctx context.Context, p auth.Principal, orgID string) (identity.OrgView, error)
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
	// Me returns the user's account.
	Me(ctx context.Context, userID string) (identity.User, error)
	// MailTeamInvitation mails the address the company's invitation, a few times per window at most.
	MailTeamInvitation(ctx context.Context, orgID, company, email string, validFor time.Duration) error
}

// Catalogue describes courses and occupations; the catalogue context implements it.
type Catalogue interface {
	CourseBySlug(ctx context.Context, slug string) (catalog.Course, error)
	Occupation(ctx context.Context, id, lang string) (catalog.OccupationView, error)
	Skill(ctx context.Context, id string) (catalog.Skill, error)
	Search(ctx context.Context, q search.Query) (search.Result, error)
}

// Progress reads a learner's enrolment; the learning context implements it.
type Progress interface {
	LearnerEnrolment(ctx context.Context, userID, courseID string) (learning.EnrolmentView, error)
}

// Credentials reads issued credentials; the credentials context implements it.
type Credentials interface {
	Credential(ctx context.Context, id string) (credentials.StoredCredential, error)
	ExportFor(ctx context.Context, userID string) ([]credentials.StoredCredential, error)
}

// Invitation statuses.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
	InvitationRevoked  = "revoked"
)

// Bounds that keep every team view one bounded read.
const (
	maxMembers         = 500
	maxPendingInvites  = 200
	maxPaths           = 20
	maxPathCourses     = 10
	maxOccupations     = 5
	maxLiteracyCourses = 10
	maxNameLen         = 120
	invitationTTL      = 14 * 24 * time.Hour
)

// DefaultLiteracyCourses are the courses the AI-literacy record counts until
// the company names its own.
var DefaultLiteracyCourses = []string{"ai-literacy-for-everyone"}

// Invitation asks the holder of an email address to join a company's team.
type Invitation struct {
	ID         string     `bson:"_id" json:"id"`
	OrgID      string     `bson:"org_id" json:"org_id"`
	OrgName    string     `bson:"org_name" json:"org_name"`
	Email      string     `bson:"email" json:"email"`
	EmailKey   string     `bson:"email_key" json:"-"`
	InvitedBy  string     `bson:"invited_by" json:"-"`
	Status     string     `bson:"status" json:"status"`
	CreatedAt  time.Time  `bson:"created_at" json:"created_at"`
	ExpiresAt  time.Time  `bson:"expires_at" json:"expires_at"`
	AnsweredAt *time.Time `bson:"answered_at,omitempty" json:"answered_at,omitempty"`
}

// Member is one employee in a company's team; its id is derived from the
// company and the user, so that a person is in a team once.
type Member struct {
	ID          string    `bson:"_id" json:"-"`
	OrgID       string    `bson:"org_id" json:"org_id"`
	OrgName     string    `bson:"org_name" json:"-"`
	UserID      string    `bson:"user_id" json:"user_id"`
	DisplayName string    `bson:"display_name" json:"display_name"`
	Email       string    `bson:"email" json:"email"`
	JoinedAt    time.Time `bson:"joined_at" json:"joined_at"`
	// Sharing is the member's consent, for this company only, to show it
	// their progress and credentials; withdrawn, it hides them at once.
	Sharing      bool       `bson:"sharing" json:"sharing"`
	SharingSetAt *time.Time `bson:"sharing_set_at,omitempty" json:"sharing_set_at,omitempty"`
	InvitationID string     `bson:"invitation_id" json:"-"`
}

func memberID(orgID, userID string) string { return orgID + "/" + userID }

// PathCourse is one step of a learning path.
type PathCourse struct {
	CourseID string     `bson:"course_id" json:"course_id"`
	Slug     string     `bson:"slug" json:"slug"`
	Title    string     `bson:"title" json:"title"`
	Due      *time.Time `bson:"due,omitempty" json:"due,omitempty"`
}

// Path is an ordered list of courses a company proposes to its team.
type Path struct {
	ID        string       `bson:"_id" json:"id"`
	OrgID     string       `bson:"org_id" json:"org_id"`
	Name      string       `bson:"name" json:"name"`
	Courses   []PathCourse `bson:"courses" json:"courses"`
	CreatedBy string       `bson:"created_by" json:"-"`
	CreatedAt time.Time    `bson:"created_at" json:"created_at"`
}

// Roster is a company's team as one document read by _id: who is in it,
// who is invited, its paths and its settings.
type Roster struct {
	ID              string   `bson:"_id"`
	Members         []string `bson:"members"`     // user ids
	Invitations     []string `bson:"invitations"` // invitation ids, pending or answered lately
	Paths           []string `bson:"paths"`
	Occupations     []string `bson:"occupations"`
	LiteracyCourses []string `bson:"literacy_courses"`
}

// person lists the teams a user is in, and inbox the invitations to an
// address: both read by _id.
type person struct {
	ID    string   `bson:"_id"`
	Teams []string `bson:"teams"`
}

type inbox struct {
	ID          string   `bson:"_id"`
	Invitations []string `bson:"invitations"`
}

// heldCredential is a credential of a learner as the team views need it.
type heldCredential struct {
	ID string `bson:"id"`
	// AchievementID is what it was awarded for: a course's id for a course credential.
	AchievementID string     `bson:"achievement_id"`
	Name          string     `bson:"name"`
	Skills        []string   `bson:"skills"` // ESCO skill ids
	Status        string     `bson:"status"`
	IssuedAt      time.Time  `bson:"issued_at"`
	ValidUntil    *time.Time `bson:"valid_until,omitempty"`
}

// wallet is the read model of one learner's credentials, keyed by the
// learner's id and kept up to date from the credentials context's events.
type wallet struct {
	ID          string                    `bson:"_id"`
	Credentials map[string]heldCredential `bson:"credentials"`
}
