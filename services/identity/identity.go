// Package identity is the identity context: people and their passwords and
// sessions, organisations and who belongs to them.
package identity

import (
	"context"
	"time"

	"github.com/alexedwards/argon2id"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/identity/token"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// PasswordParams are the argon2id parameters new password hashes use: the
// OWASP minimum of 19 MiB of memory, 2 iterations and 1 lane. Stored hashes
// carry their own parameters, so raising these later keeps old hashes valid.
var PasswordParams = argon2id.Params{
	Memory:      19 * 1024,
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// The languages the platform speaks.
const (
	LanguageEnglish = "en"
	LanguageFrench  = "fr"
	LanguageGerman  = "de"
)

// The kinds of organisation.
const (
	KindUniversity = "university"
	KindProvider   = "provider"
	KindCompany    = "company"
)

// The roles a user holds in an organisation.
const (
	RoleOwner = "owner"
	RoleStaff = "staff"
)

// User is a person with an account. Every user is a learner; Admin marks the
// platform's administrators.
type User struct {
	ID          string    `bson:"_id"`
	Email       string    `bson:"email"`
	DisplayName string    `bson:"display_name"`
	Language    string    `bson:"language"`
	Admin       bool      `bson:"admin"`
	CreatedAt   time.Time `bson:"created_at"`
	// EmailVerifiedAt is when the person proved the address is theirs by
	// opening the verification link; nil until then.
	EmailVerifiedAt *time.Time `bson:"email_verified_at"`
	// SuspendedAt is when an administrator suspended the account: it cannot
	// sign in until reinstated. SuspensionReason says why, for administrators.
	SuspendedAt      *time.Time `bson:"suspended_at"`
	SuspensionReason string     `bson:"suspension_reason,omitempty"`
	// DeletedAt is when the person deleted the account: what identified
	// them is erased, and the id stays for what refers to it.
	DeletedAt *time.Time `bson:"deleted_at,omitempty"`
}

// Deleted reports whether the person deleted the account.
func (u User) Deleted() bool { return u.DeletedAt != nil }

// Suspended reports whether an administrator suspended the account.
func (u User) Suspended() bool { return u.SuspendedAt != nil }

// EmailVerified reports whether the person proved the email address is theirs.
func (u User) EmailVerified() bool { return u.EmailVerifiedAt != nil }

// Principal is the identity an access token for u carries.
func (u User) Principal() auth.Principal {
	return auth.Principal{UserID: u.ID, Admin: u.Admin}
}

// Registration is what a person gives to open an account.
type Registration struct {
	Email       string
	Password    string
	DisplayName string
	Language    string // one of the Language constants; empty means English
}

// ProfileChange lists the profile fields to change; nil fields stay as they are.
type ProfileChange struct {
	DisplayName *string
	Language    *string
}

// PasswordChange is a signed-in user's request to change their password.
type PasswordChange struct {
	Current string
	New     string
	// KeepSession (the session id of the caller's access token) or
	// KeepRefreshToken, when it is one of the user's, keeps that session
	// signed in; every other session ends.
	KeepSession      string
	KeepRefreshToken string
}

// Session is what a successful login or refresh hands the client.
type Session struct {
	AccessToken     string
	AccessExpiresIn time.Duration
	RefreshToken    string
	User            User
}

// errInvalidCredentials answers a wrong password and an unknown email alike,
// so that the answer does not tell whether an account exists.
func errInvalidCredentials() error {
	return apperr.New(apperr.Unauthorized, "invalid-credentials", "the email or the password is wrong")
}

// errInvalidRefreshToken answers any refresh token that cannot be used.
func errInvalidRefreshToken() error {
	return apperr.New(apperr.Unauthorized, "invalid-refresh-token", "the refresh token is invalid, expired or revoked; sign in again")
}

// errInvalidVerificationToken answers any verification token that cannot be used.
func errInvalidVerificationToken() error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "invalid-verification-token", Detail: "the verification link is invalid, used or expired; ask for a new one",
		Fields: []apperr.FieldError{{Field: "token", Message: "is invalid, used or expired"}}}
}

// errInvalidResetToken answers any reset token that cannot be used.
func errInvalidResetToken() error {
	return &apperr.Error{Kind: apperr.Invalid, Code: "invalid-reset-token", Detail: "the reset link is invalid, used or expired; ask for a new one",
		Fields: []apperr.FieldError{{Field: "token", Message: "is invalid, used or expired"}}}
}

// Organisation is a university, training provider or company on the platform.
// Its public fields are shown to everyone once an administrator verified it.
type Organisation struct {
	ID          string     `bson:"_id"`
	Kind        string     `bson:"kind"`
	Name        string     `bson:"name"`
	Slug        string     `bson:"slug"`
	Country     string     `bson:"country"`
	Website     string     `bson:"website"`
	Description string     `bson:"description"`
	LogoURL     string     `bson:"logo_url"`
	VerifiedAt  *time.Time `bson:"verified_at"`
	CreatedBy   string     `bson:"created_by"`
	CreatedAt   time.Time  `bson:"created_at"`
	// Evidence is what its owners submitted for an administrator to check; nil until then.
	Evidence *Evidence `bson:"evidence"`
	// RejectionReason is why an administrator declined to verify it, for its
	// owners to read; submitting new evidence clears it.
	RejectionReason string `bson:"rejection_reason"`
	// SuspendedAt is when an administrator suspended the organisation: its
	// people lose their rights to act for it, verified or not, until it is
	// reinstated. SuspensionReason says why, for its members to read.
	SuspendedAt      *time.Time `bson:"suspended_at"`
	SuspensionReason string     `bson:"suspension_reason,omitempty"`
}

// The states of an organisation, as administrators filter them.
const (
	OrgPending   = "pending"   // unverified, waiting for an administrator
	OrgVerified  = "verified"  // verified and not suspended
	OrgRejected  = "rejected"  // unverified, with a reason, until new evidence comes
	OrgSuspended = "suspended" // suspended, verified or not
)

// State is the organisation's state, one of the Org state constants.
func (o Organisation) State() string {
	switch {
	case o.SuspendedAt != nil:
		return OrgSuspended
	case o.VerifiedAt != nil:
		return OrgVerified
	case o.RejectionReason != "":
		return OrgRejected
	}
	return OrgPending
}

// Evidence is what an organisation's owners give an administrator to verify
// that the organisation exists and that they speak for it.
type Evidence struct {
	// RegistrationNumber is a VAT, company register or accreditation number.
	RegistrationNumber string `bson:"registration_number"`
	// EmailDomain is the domain of the organisation's official addresses.
	EmailDomain string    `bson:"email_domain"`
	SubmittedAt time.Time `bson:"submitted_at"`
}

// Verified reports whether an administrator verified the organisation.
func (o Organisation) Verified() bool { return o.VerifiedAt != nil }

// NewOrganisation is what a user gives to create an organisation.
type NewOrganisation struct {
	Name        string
	Kind        string
	Country     string // ISO 3166-1 alpha-2, e.g. "FR"
	Website     string
	Description string
	LogoURL     string
}

// OrgView is an organisation as one caller may see it: Role is the caller's
// role in it, empty when the caller is not a member.
type OrgView struct {
	Organisation
	Role string
	Full bool // the caller is a member or an administrator and sees every field
}

// Membership says that a user holds a role in an organisation.
type Membership struct {
	ID        string    `bson:"_id"`
	OrgID     string    `bson:"org_id"`
	UserID    string    `bson:"user_id"`
	Role      string    `bson:"role"`
	CreatedAt time.Time `bson:"created_at"`
}

// Member is a membership with the member's name and email, as an
// organisation's members see it.
type Member struct {
	Membership
	Email       string
	DisplayName string
}

// Mail is an email waiting in the outbox for a sender to deliver it.
type Mail struct {
	ID        string     `bson:"_id"`
	To        string     `bson:"to"`
	Subject   string     `bson:"subject"`
	Text      string     `bson:"text"`
	Kind      string     `bson:"kind"`
	CreatedAt time.Time  `bson:"created_at"`
	SentAt    *time.Time `bson:"sent_at"`
}

// The kinds of mail the identity context sends.
const (
	MailPasswordReset     = "password_reset"
	MailVerifyEmail       = "verify_email"
	MailRegistrationTaken = "registration_taken"
	MailInvitation        = "invitation"
	MailTeamInvitation    = "team_invitation"
)

// The states of an invitation.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
	InvitationRevoked  = "revoked"
)

// Invitation asks the holder of an email address to join an organisation
// with a role. It names no account: whether one uses the address is only
// learnt when its holder, signed in with that address verified, answers.
type Invitation struct {
	ID         string     `bson:"_id"`
	OrgID      string     `bson:"org_id"`
	OrgName    string     `bson:"org_name"`
	Email      string     `bson:"email"`
	EmailKey   string     `bson:"email_key"`
	Role       string     `bson:"role"`
	InvitedBy  string     `bson:"invited_by"`
	Status     string     `bson:"status"`
	CreatedAt  time.Time  `bson:"created_at"`
	ExpiresAt  time.Time  `bson:"expires_at"`
	AnsweredAt *time.Time `bson:"answered_at"`
}

// AccessTokens issues the short-lived signed access tokens a session carries.
type AccessTokens interface {
	Issue(p auth.Principal) (signed string, c token.Claims, err error)
}

// Publisher moves the events recorded in a document to the outbox and
// delivers them; events.Outbox implements it.
type Publisher interface {
	Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...events.Event) error
}

// PublicKeys publishes the keys that verify access tokens, as a JWK set.
type PublicKeys interface {
	JWKS() []byte
}
