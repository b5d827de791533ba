package teamlearning

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/catalog"
	"academy/services/identity"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/learning"
)

// Service runs team learning: invitations, memberships and consent, paths,
// and the views a company has of the members who share with it.
type Service struct {
	store     *Store
	orgs      Orgs
	catalogue Catalogue
	progress  Progress
	creds     Credentials
	baseURL   string
	log       *slog.Logger
	clock     func() time.Time
}

// Options are the service's settings.
type Options struct {
	// PublicBaseURL is where the platform is reached; credential
	// verification links in the AI-literacy record start with it.
	PublicBaseURL string
	Log           *slog.Logger
	// Clock is the time source; nil means time.Now.
	Clock func() time.Time
}

// NewService returns the team learning service.
func NewService(store *Store, orgs Orgs, cat Catalogue, progress Progress, creds Credentials, o Options) *Service {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return &Service{store: store, orgs: orgs, catalogue: cat, progress: progress, creds: creds,
		baseURL: strings.TrimRight(o.PublicBaseURL, "/"), log: o.Log, clock: func() time.Time { return o.Clock().UTC() }}
}

// company returns the organisation when p is an owner or staff member of
// it, verified and a company: only they manage its team. Administrators
// are not let in: what members share, they share with their employer.
func (s *Service) company(ctx context.Context, p auth.Principal, orgID string) (identity.OrgView, error) {
	if !p.Authenticated() {
		return identity.OrgView{}, apperr.Unauthorizedf("sign in to manage a team")
	}
	o, err := s.orgs.Org(ctx, p, orgID)
	if err != nil {
		return o, err
	}
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, orgID)
	if err != nil {
		return o, err
	}
	if !staff {
		return o, apperr.Forbiddenf("only the owners and staff of a verified company manage its team")
	}
	if o.Kind != identity.KindCompany {
		return o, apperr.Conflictf("not-a-company", "team learning is for companies; this organisation is a %s", o.Kind)
	}
	return o, nil
}

// verifiedUser returns the caller's account when its address is verified:
// an invitation is for whoever holds the address.
func (s *Service) verifiedUser(ctx context.Context, p auth.Principal) (identity.User, error) {
	if !p.Authenticated() {
		return identity.User{}, apperr.Unauthorizedf("sign in to see your teams")
	}
	u, err := s.orgs.Me(ctx, p.UserID)
	if err != nil {
		return u, err
	}
	if !u.EmailVerified() {
		return u, apperr.New(apperr.Forbidden, "email-unverified", "confirm your email address first: open the link we mailed you, or ask for a new one")
	}
	return u, nil
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Invite asks the holder of email to join the company's team. A newer
// invitation to the same address replaces a pending one.
func (s *Service) Invite(ctx context.Context, p auth.Principal, orgID, email string) (Invitation, error) {
	o, err := s.company(ctx, p, orgID)
	if err != nil {
		return Invitation{}, err
	}
	email = strings.TrimSpace(email)
	var v apperr.Validation
	if email == "" {
		v.Add("email", "is required")
	} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		v.Add("email", "must be an email address such as name@example.org")
	}
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return Invitation{}, err
	}
	if len(r.Members) >= maxMembers {
		return Invitation{}, apperr.Conflictf("team-full", "a team has at most %d members", maxMembers)
	}
	if len(r.Invitations) >= maxPendingInvites {
		if err := s.dropStale(ctx, r); err != nil {
			return Invitation{}, err
		}
	}
	now := s.clock()
	key := emailKey(email)
	inv := Invitation{ID: ulid.Make().String(), OrgID: orgID, OrgName: o.Name, Email: email, EmailKey: key, InvitedBy: p.UserID,
		Status: InvitationPending, CreatedAt: now, ExpiresAt: now.Add(invitationTTL)}
	// Mailed first: an address invited too often gets nothing new.
	if err := s.orgs.MailTeamInvitation(ctx, orgID, o.Name, email, invitationTTL); err != nil {
		return Invitation{}, err
	}
	if err := s.revokeEarlier(ctx, orgID, key, now); err != nil {
		return Invitation{}, err
	}
	if err := s.store.insertInvitation(ctx, inv); err != nil {
		return Invitation{}, err
	}
	if _, err := s.store.updateRoster(ctx, orgID, nil, bson.M{"$addToSet": bson.M{"invitations": inv.ID}}); err != nil {
		return Invitation{}, err
	}
	if err := s.store.updateInbox(ctx, key, bson.M{"$addToSet": bson.M{"invitations": inv.ID}}); err != nil {
		return Invitation{}, err
	}
	return inv, nil
}

// dropStale takes the expired invitations off the company's list, and
// refuses a new one while the list is still full.
func (s *Service) dropStale(ctx context.Context, r Roster) error {
	live, err := s.pending(ctx, r.Invitations, "")
	if err != nil {
		return err
	}
	if len(live) >= maxPendingInvites {
		return apperr.Conflictf("too-many-invitations", "a team has at most %d pending invitations; revoke some first", maxPendingInvites)
	}
	keep := map[string]bool{}
	for _, inv := range live {
		keep[inv.ID] = true
	}
	for _, id := range r.Invitations {
		if keep[id] {
			continue
		}
		if _, err := s.store.updateRoster(ctx, r.ID, nil, bson.M{"$pull": bson.M{"invitations": id}}); err != nil {
			return err
		}
	}
	return nil
}

// revokeEarlier revokes the company's pending invitations to the address.
func (s *Service) revokeEarlier(ctx context.Context, orgID, key string, now time.Time) error {
	b, err := s.store.inbox(ctx, key)
	if err != nil {
		return err
	}
	for _, id := range b.Invitations {
		inv, err := s.store.invitation(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if inv.OrgID != orgID || inv.Status != InvitationPending {
			continue
		}
		if _, _, err := s.store.answerInvitation(ctx, id, bson.M{"status": InvitationPending}, bson.M{"status": InvitationRevoked, "answered_at": now}); err != nil {
			return err
		}
		if err := s.forget(ctx, inv); err != nil {
			return err
		}
	}
	return nil
}

// forget takes an answered invitation off the company's and the address's lists.
func (s *Service) forget(ctx context.Context, inv Invitation) error {
	if _, err := s.store.updateRoster(ctx, inv.OrgID, nil, bson.M{"$pull": bson.M{"invitations": inv.ID}}); err != nil {
		return err
	}
	return s.store.updateInbox(ctx, inv.EmailKey, bson.M{"$pull": bson.M{"invitations": inv.ID}})
}

// Invitations returns the company's pending invitations.
func (s *Service) Invitations(ctx context.Context, p auth.Principal, orgID string) ([]Invitation, error) {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return nil, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return s.pending(ctx, r.Invitations, "")
}

// pending reads the invitations by id and keeps the pending, unexpired
// ones (of orgID, when given).
func (s *Service) pending(ctx context.Context, ids []string, orgID string) ([]Invitation, error) {
	now := s.clock()
	out := []Invitation{}
	for _, id := range ids {
		inv, err := s.store.invitation(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if inv.Status == InvitationPending && inv.ExpiresAt.After(now) && (orgID == "" || inv.OrgID == orgID) {
			out = append(out, inv)
		}
	}
	return out, nil
}

// RevokeInvitation withdraws a pending invitation of the company.
func (s *Service) RevokeInvitation(ctx context.Context, p auth.Principal, orgID, invitationID string) error {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return err
	}
	inv, err := s.answer(ctx, invitationID, "org_id", orgID, InvitationRevoked)
	if err != nil {
		return err
	}
	return s.forget(ctx, inv)
}

// answer moves a pending, unexpired invitation whose field holds value to
// status. One whose field holds another value is not found; one answered,
// revoked or expired is a conflict that says which.
func (s *Service) answer(ctx context.Context, invitationID, field, value, status string) (Invitation, error) {
	now := s.clock()
	guard := bson.M{field: value, "status": InvitationPending, "expires_at": bson.M{"$gt": now}}
	inv, ok, err := s.store.answerInvitation(ctx, invitationID, guard, bson.M{"status": status, "answered_at": now})
	if err != nil || ok {
		return inv, err
	}
	inv, err = s.store.invitation(ctx, invitationID)
	if apperr.Is(err, apperr.NotFound) {
		return inv, apperr.NotFoundf("invitation not found")
	}
	if err != nil {
		return inv, err
	}
	if field == "org_id" && inv.OrgID != value || field == "email_key" && inv.EmailKey != value {
		return inv, apperr.NotFoundf("invitation not found")
	}
	if inv.Status != InvitationPending {
		return inv, apperr.Conflictf("invitation-"+inv.Status, "the invitation was %s already", inv.Status)
	}
	return inv, apperr.Conflictf("invitation-expired", "the invitation expired; ask the company for a new one")
}

// MyInvitations returns the pending team invitations to the caller's verified address.
func (s *Service) MyInvitations(ctx context.Context, p auth.Principal) ([]Invitation, error) {
	u, err := s.verifiedUser(ctx, p)
	if err != nil {
		return nil, err
	}
	b, err := s.store.inbox(ctx, emailKey(u.Email))
	if err != nil {
		return nil, err
	}
	return s.pending(ctx, b.Invitations, "")
}

// AcceptInvitation puts the caller in the company's team, not sharing
// anything until they choose to. Of several accepts at once, one joins.
func (s *Service) AcceptInvitation(ctx context.Context, p auth.Principal, invitationID string) (MyTeam, error) {
	u, err := s.verifiedUser(ctx, p)
	if err != nil {
		return MyTeam{}, err
	}
	key := emailKey(u.Email)
	if inv, err := s.store.invitation(ctx, invitationID); err == nil && inv.EmailKey == key {
		r, err := s.store.roster(ctx, inv.OrgID)
		if err != nil {
			return MyTeam{}, err
		}
		if len(r.Members) >= maxMembers && !slices.Contains(r.Members, u.ID) {
			return MyTeam{}, apperr.Conflictf("team-full", "the team has %d members, its most", maxMembers)
		}
	}
	inv, err := s.answer(ctx, invitationID, "email_key", key, InvitationAccepted)
	if err != nil {
		return MyTeam{}, err
	}
	m := Member{ID: memberID(inv.OrgID, u.ID), OrgID: inv.OrgID, OrgName: inv.OrgName, UserID: u.ID, DisplayName: u.DisplayName, Email: u.Email,
		JoinedAt: s.clock(), InvitationID: inv.ID}
	err = s.store.insertMember(ctx, m)
	if apperr.Is(err, apperr.Conflict) {
		// Invited again while in the team, or joining again after a crash
		// part-way: the membership stands as it is, and the lists below,
		// written idempotently, are completed.
		m, err = s.store.member(ctx, inv.OrgID, u.ID)
	}
	if err != nil {
		return MyTeam{}, err
	}
	if _, err := s.store.updateRoster(ctx, inv.OrgID, nil, bson.M{"$addToSet": bson.M{"members": u.ID}, "$pull": bson.M{"invitations": inv.ID}}); err != nil {
		return MyTeam{}, err
	}
	if err := s.store.updatePerson(ctx, u.ID, bson.M{"$addToSet": bson.M{"teams": inv.OrgID}}); err != nil {
		return MyTeam{}, err
	}
	if err := s.store.updateInbox(ctx, key, bson.M{"$pull": bson.M{"invitations": inv.ID}}); err != nil {
		return MyTeam{}, err
	}
	// Credentials issued before the member joined are read once now; later
	// ones arrive with the credentials context's events.
	if err := s.loadWallet(ctx, u.ID); err != nil {
		return MyTeam{}, err
	}
	return s.myTeam(ctx, m)
}

// DeclineInvitation turns the invitation down.
func (s *Service) DeclineInvitation(ctx context.Context, p auth.Principal, invitationID string) error {
	u, err := s.verifiedUser(ctx, p)
	if err != nil {
		return err
	}
	inv, err := s.answer(ctx, invitationID, "email_key", emailKey(u.Email), InvitationDeclined)
	if err != nil {
		return err
	}
	return s.forget(ctx, inv)
}

// SetSharing gives or withdraws the caller's consent to show the company
// their progress and credentials; the company's views read it on every request.
func (s *Service) SetSharing(ctx context.Context, p auth.Principal, orgID string, share bool) (MyTeam, error) {
	if !p.Authenticated() {
		return MyTeam{}, apperr.Unauthorizedf("sign in to change what you share")
	}
	now := s.clock()
	m, err := s.store.setSharing(ctx, orgID, p.UserID, bson.M{"sharing": share, "sharing_set_at": now})
	if err != nil {
		return MyTeam{}, err
	}
	return s.myTeam(ctx, m)
}

// LeaveTeam takes the caller out of the company's team.
func (s *Service) LeaveTeam(ctx context.Context, p auth.Principal, orgID string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to leave a team")
	}
	return s.removeMember(ctx, orgID, p.UserID)
}

// RemoveMember takes a member out of the company's team.
func (s *Service) RemoveMember(ctx context.Context, p auth.Principal, orgID, userID string) error {
	if _, err := s.company(ctx, p, orgID); err != nil {
		return err
	}
	return s.removeMember(ctx, orgID, userID)
}

func (s *Service) removeMember(ctx context.Context, orgID, userID string) error {
	ok, err := s.store.deleteMember(ctx, orgID, userID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.NotFound, "not-a-member", "not a member of this team")
	}
	if _, err := s.store.updateRoster(ctx, orgID, nil, bson.M{"$pull": bson.M{"members": userID}}); err != nil {
		return err
	}
	return s.store.updatePerson(ctx, userID, bson.M{"$pull": bson.M{"teams": orgID}})
}

// HandleAccountDeleted is team learning's subscriber to AccountDeleted:
// the person leaves every team, and with it what they shared.
func (s *Service) HandleAccountDeleted(ctx context.Context, ev events.Event) error {
	var d events.UserData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	who, err := s.store.person(ctx, d.UserID)
	if err != nil {
		return err
	}
	for _, orgID := range who.Teams {
		if err := s.removeMember(ctx, orgID, d.UserID); err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
	}
	return nil
}

// MyTeam is a team as its member sees it: the paths proposed, with the
// member's own progress, whatever they share.
type MyTeam struct {
	OrgID        string         `json:"org_id"`
	OrgName      string         `json:"org_name"`
	JoinedAt     time.Time      `json:"joined_at"`
	Sharing      bool           `json:"sharing"`
	SharingSetAt *time.Time     `json:"sharing_set_at,omitempty"`
	Paths        []PathProgress `json:"paths"`
}

// PathProgress is one member's progress along a path.
type PathProgress struct {
	PathID  string           `json:"path_id"`
	Name    string           `json:"name"`
	Courses []CourseProgress `json:"courses"`
}

// CourseProgress is one member's progress in one course of a path.
type CourseProgress struct {
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Due         *time.Time `json:"due,omitempty"`
	Status      string     `json:"status" jsonschema:"enum=not-started,enum=in-progress,enum=completed"`
	Percent     float64    `json:"percent"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	Overdue     bool       `json:"overdue"`
}

// Course progress statuses.
const (
	NotStarted = "not-started"
	InProgress = "in-progress"
	Completed  = "completed"
)

// MyTeams returns the teams the caller is in.
func (s *Service) MyTeams(ctx context.Context, p auth.Principal) ([]MyTeam, error) {
	if !p.Authenticated() {
		return nil, apperr.Unauthorizedf("sign in to see your teams")
	}
	who, err := s.store.person(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	out := []MyTeam{}
	for _, orgID := range who.Teams {
		m, err := s.store.member(ctx, orgID, p.UserID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := s.myTeam(ctx, m)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// ExportTeams returns the user's teams and what they share with each, for
// their data export.
func (s *Service) ExportTeams(ctx context.Context, userID string) (any, error) {
	return s.MyTeams(ctx, auth.Principal{UserID: userID})
}

func (s *Service) myTeam(ctx context.Context, m Member) (MyTeam, error) {
	paths, err := s.teamPaths(ctx, m.OrgID)
	if err != nil {
		return MyTeam{}, err
	}
	t := MyTeam{OrgID: m.OrgID, OrgName: m.OrgName, JoinedAt: m.JoinedAt, Sharing: m.Sharing, SharingSetAt: m.SharingSetAt, Paths: []PathProgress{}}
	for _, path := range paths {
		pp, err := s.pathProgress(ctx, path, m.UserID)
		if err != nil {
			return MyTeam{}, err
		}
		t.Paths = append(t.Paths, pp)
	}
	return t, nil
}

func (s *Service) teamPaths(ctx context.Context, orgID string) ([]Path, error) {
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return nil, err
	}
	out := []Path{}
	for _, id := range r.Paths {
		path, err := s.store.path(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, path)
	}
	return out, nil
}

// pathProgress reads the learner's enrolment in each course of the path by its _id.
func (s *Service) pathProgress(ctx context.Context, path Path, userID string) (PathProgress, error) {
	now := s.clock()
	pp := PathProgress{PathID: path.ID, Name: path.Name, Courses: []CourseProgress{}}
	for _, c := range path.Courses {
		cp := CourseProgress{Slug: c.Slug, Title: c.Title, Due: c.Due, Status: NotStarted}
		e, err := s.progress.LearnerEnrolment(ctx, userID, c.CourseID)
		switch {
		case apperr.Is(err, apperr.NotFound):
		case err != nil:
			return pp, fmt.Errorf("progress in %s: %w", c.Slug, err)
		case e.Completion != nil:
			at := e.Completion.CompletedAt
			cp.Status, cp.Percent, cp.CompletedAt = Completed, 100, &at
		case e.Status != learning.EnrolmentWithdrawn:
			cp.Status, cp.Percent = InProgress, e.ProgressPercent
		}
		cp.Overdue = cp.Status != Completed && c.Due != nil && now.After(c.Due.Add(24*time.Hour))
		pp.Courses = append(pp.Courses, cp)
	}
	return pp, nil
}

// publishedCourse returns the published course with this slug; ok is
// false, with field's error added to v, when there is none.
func (s *Service) publishedCourse(ctx context.Context, v *apperr.Validation, field, slug string) (c catalog.Course, ok bool, err error) {
	if strings.TrimSpace(slug) == "" {
		v.Add(field, "is required")
		return c, false, nil
	}
	c, err = s.catalogue.CourseBySlug(ctx, slug)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return c, false, err
	}
	if err != nil || c.Status != catalog.StatusPublished || c.Published == nil {
		v.Add(field, "no published course has the slug %q", slug)
		return c, false, nil
	}
	return c, true, nil
}
