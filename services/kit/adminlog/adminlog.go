// Package adminlog names what the platform's audit log records: one entry
// per administrative action, written by the context that owns the thing
// acted on, kept by the identity context.
package adminlog

// Actions an administrator takes, as the audit log names them.
const (
	OrgVerify            = "org.verify"
	OrgReject            = "org.reject"
	OrgUnverify          = "org.unverify"
	OrgSuspend           = "org.suspend"
	OrgReinstate         = "org.reinstate"
	UserSuspend          = "user.suspend"
	UserReinstate        = "user.reinstate"
	UserResetSignIn      = "user.reset_sign_in"
	UserGrantAdmin       = "user.grant_admin"
	UserRevokeAdmin      = "user.revoke_admin"
	CourseUnpublish      = "course.unpublish"
	CompetitionUnpublish = "competition.unpublish"
)

// Actions lists every action, for filters to check against.
var Actions = []string{
	OrgVerify, OrgReject, OrgUnverify, OrgSuspend, OrgReinstate,
	UserSuspend, UserReinstate, UserResetSignIn, UserGrantAdmin, UserRevokeAdmin,
	CourseUnpublish, CompetitionUnpublish,
}

// Kinds of thing an action targets.
const (
	TargetUser        = "user"
	TargetOrg         = "organisation"
	TargetCourse      = "course"
	TargetCompetition = "competition"
)

// Entry is one administrative action: who did what to which thing, and why.
type Entry struct {
	Action  string
	ActorID string
	// TargetKind and TargetID name the thing acted on; TargetLabel is how a
	// person recognises it (a name, an email, a slug) at the time.
	TargetKind  string
	TargetID    string
	TargetLabel string
	Reason      string
}
