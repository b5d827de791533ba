package identity

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/mongokit"
)

// Joining an organisation takes an invitation its holder accepts: an owner
// names an email address and a role, the address gets a link, and the
// person signed in with that address, verified, accepts or declines. The
// owner's answer is the same whether or not an account uses the address.
const (
	invitationTTL = 7 * 24 * time.Hour

	// Invitations one organisation may mail to one address per window.
	inviteMailWindow = 15 * time.Minute
	maxInviteMails   = 3
)

// Invite asks the holder of email to join the organisation with role, and
// mails them a link. Owners and administrators may (an administrator gives
// a seeded organisation its first owner). A newer invitation to the same
// address replaces a pending one.
func (s *Service) Invite(ctx context.Context, p auth.Principal, orgID, email, role string) (Invitation, error) {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return Invitation{}, err
	}
	if a.role != RoleOwner && !p.Admin {
		return Invitation{}, a.deny("invite members")
	}
	email = strings.TrimSpace(email)
	var v apperr.Validation
	checkEmail(&v, "email", email)
	checkRole(&v, "role", role)
	if err := v.Err(); err != nil {
		return Invitation{}, err
	}
	key := emailKey(email)
	now := s.clock()
	slot := slotFor("invite-mail:"+orgID+":"+key, inviteMailWindow, now)
	_, ok, err := s.store.countEvent(ctx, slot, maxInviteMails, now)
	if err != nil {
		return Invitation{}, fmt.Errorf("invite: %w", err)
	}
	if !ok {
		e := apperr.New(apperr.TooMany, "too-many-invitations", "this address was invited several times just now; try again later")
		e.RetryAfter = slot.end.Sub(now)
		return Invitation{}, e
	}
	inv := Invitation{
		ID: ulid.Make().String(), OrgID: orgID, OrgName: a.org.Name, Email: email, EmailKey: key, Role: role,
		InvitedBy: p.UserID, Status: InvitationPending, CreatedAt: now, ExpiresAt: now.Add(invitationTTL),
	}
	if err := s.store.insertInvitation(ctx, inv); err != nil {
		return Invitation{}, err
	}
	if err := s.store.revokeOtherInvitations(ctx, orgID, key, inv.ID, now); err != nil {
		return Invitation{}, err
	}
	// An account's holder reads the mail in their language; the owner learns nothing of it.
	language := LanguageEnglish
	if invitee, err := s.store.userByEmailKey(ctx, key); err == nil {
		language = invitee.Language
	} else if !apperr.Is(err, apperr.NotFound) {
		return Invitation{}, fmt.Errorf("invite: %w", err)
	}
	subject, text := inviteMail(language, a.org.Name, role, s.baseURL+"/account")
	err = s.sendMail(ctx, Mail{ID: ulid.Make().String(), To: email, Subject: subject, Text: text, Kind: MailInvitation, CreatedAt: now})
	if err != nil {
		return Invitation{}, err
	}
	return inv, nil
}

// MailTeamInvitation mails the holder of email that the company invites them
// to its learning team, valid for validFor, in the language of the account
// using the address (English when none does). The company learns nothing of
// that account; it may mail one address a few times per window.
func (s *Service) MailTeamInvitation(ctx context.Context, orgID, company, email string, validFor time.Duration) error {
	key := emailKey(email)
	now := s.clock()
	slot := slotFor("team-invite-mail:"+orgID+":"+key, inviteMailWindow, now)
	_, ok, err := s.store.countEvent(ctx, slot, maxInviteMails, now)
	if err != nil {
		return fmt.Errorf("team invitation mail: %w", err)
	}
	if !ok {
		e := apperr.New(apperr.TooMany, "too-many-invitations", "this address was invited several times just now; try again later")
		e.RetryAfter = slot.end.Sub(now)
		return e
	}
	language := LanguageEnglish
	if invitee, err := s.store.userByEmailKey(ctx, key); err == nil {
		language = invitee.Language
	} else if !apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("team invitation mail: %w", err)
	}
	subject, text := teamInviteMail(language, company, int(validFor/(24*time.Hour)), s.baseURL+"/teams")
	return s.sendMail(ctx, Mail{ID: ulid.Make().String(), To: email, Subject: subject, Text: text, Kind: MailTeamInvitation, CreatedAt: now})
}

// OrgInvitations returns a page of the organisation's pending invitations,
// to its owners and administrators, and the id to continue after.
func (s *Service) OrgInvitations(ctx context.Context, p auth.Principal, orgID, after string, limit int) ([]Invitation, string, error) {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return nil, "", err
	}
	if a.role != RoleOwner && !p.Admin {
		return nil, "", a.deny("see invitations")
	}
	invs, err := s.store.listInvitations(ctx, bson.M{"org_id": orgID, "status": InvitationPending, "expires_at": bson.M{"$gt": s.clock()}}, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	invs, next := page(invs, limit, func(i Invitation) string { return i.ID })
	return invs, next, nil
}

// RevokeInvitation withdraws a pending invitation; owners and
// administrators may.
func (s *Service) RevokeInvitation(ctx context.Context, p auth.Principal, orgID, invitationID string) error {
	a, err := s.access(ctx, p, orgID)
	if err != nil {
		return err
	}
	if a.role != RoleOwner && !p.Admin {
		return a.deny("revoke invitations")
	}
	_, err = s.answer(ctx, invitationID, "org_id", orgID, InvitationRevoked)
	return err
}

// MyInvitations returns the pending invitations to the user's address. The
// address must be verified: an invitation is for whoever holds it.
func (s *Service) MyInvitations(ctx context.Context, userID string) ([]Invitation, error) {
	a, err := s.verifiedAccount(ctx, userID)
	if err != nil {
		return nil, err
	}
	return s.store.listInvitations(ctx, bson.M{"email_key": a.EmailKey, "status": InvitationPending, "expires_at": bson.M{"$gt": s.clock()}}, "", maxPageSize)
}

// AcceptInvitation makes the user a member with the invitation's role.
// An invitation is accepted once: of several accepts at once, one wins.
func (s *Service) AcceptInvitation(ctx context.Context, userID, invitationID string) (OrgView, error) {
	a, err := s.verifiedAccount(ctx, userID)
	if err != nil {
		return OrgView{}, err
	}
	inv, err := s.answer(ctx, invitationID, "email_key", a.EmailKey, InvitationAccepted)
	if err != nil {
		return OrgView{}, err
	}
	m := Membership{ID: ulid.Make().String(), OrgID: inv.OrgID, UserID: a.ID, Role: inv.Role, CreatedAt: s.clock()}
	if err := s.store.insertMembership(ctx, m); err != nil {
		return OrgView{}, err
	}
	if inv.Role == RoleOwner {
		if err := s.store.addOwners(ctx, inv.OrgID, 1); err != nil {
			return OrgView{}, err
		}
	}
	o, err := s.store.orgByID(ctx, inv.OrgID)
	if err != nil {
		return OrgView{}, err
	}
	return OrgView{Organisation: o.Organisation, Role: inv.Role, Full: true}, nil
}

// DeclineInvitation turns the invitation down.
func (s *Service) DeclineInvitation(ctx context.Context, userID, invitationID string) error {
	a, err := s.verifiedAccount(ctx, userID)
	if err != nil {
		return err
	}
	_, err = s.answer(ctx, invitationID, "email_key", a.EmailKey, InvitationDeclined)
	return err
}

// answer moves a pending, unexpired invitation whose field (org_id or
// email_key) holds value to status. An invitation whose field holds
// another value is not found; one answered, revoked or expired is a
// conflict that says which.
func (s *Service) answer(ctx context.Context, invitationID, field, value, status string) (Invitation, error) {
	now := s.clock()
	guard := bson.M{field: value, "status": InvitationPending, "expires_at": bson.M{"$gt": now}}
	inv, ok, err := s.store.setInvitationStatus(ctx, invitationID, guard, status, now)
	if err != nil || ok {
		return inv, err
	}
	inv, err = s.store.invitationByID(ctx, invitationID)
	if err != nil {
		return inv, err
	}
	if field == "org_id" && inv.OrgID != value || field == "email_key" && inv.EmailKey != value {
		return inv, apperr.NotFoundf("invitation not found")
	}
	if inv.Status != InvitationPending {
		return inv, apperr.Conflictf("invitation-"+inv.Status, "the invitation was %s already", inv.Status)
	}
	return inv, apperr.Conflictf("invitation-expired", "the invitation expired; ask the organisation for a new one")
}

// LeaveOrg takes the caller out of the organisation. Any member may leave,
// except its last owner.
func (s *Service) LeaveOrg(ctx context.Context, p auth.Principal, orgID string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to leave an organisation")
	}
	m, err := s.store.membership(ctx, orgID, p.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.NotFoundf("you are not a member of this organisation")
	}
	if err != nil {
		return fmt.Errorf("leave organisation: %w", err)
	}
	return s.removeMembership(ctx, m)
}

func (s *Store) insertInvitation(ctx context.Context, inv Invitation) error {
	if _, err := s.invitations.InsertOne(ctx, inv); err != nil {
		return fmt.Errorf("insert invitation: %w", err)
	}
	return nil
}

// revokeOtherInvitations revokes the pending invitations of the
// organisation to the address, but keep.
func (s *Store) revokeOtherInvitations(ctx context.Context, orgID, key, keep string, now time.Time) error {
	_, err := s.invitations.UpdateMany(ctx,
		bson.M{"org_id": orgID, "email_key": key, "status": InvitationPending, "_id": bson.M{"$ne": keep}},
		bson.M{"$set": bson.M{"status": InvitationRevoked, "answered_at": now}})
	if err != nil {
		return fmt.Errorf("revoke older invitations: %w", err)
	}
	return nil
}

func (s *Store) invitationByID(ctx context.Context, id string) (Invitation, error) {
	return mongokit.FindOne[Invitation](ctx, s.invitations, bson.M{"_id": id}, "invitation")
}

// setInvitationStatus sets the status if the invitation matches guard, and
// reports whether it did.
func (s *Store) setInvitationStatus(ctx context.Context, id string, guard bson.M, status string, now time.Time) (Invitation, bool, error) {
	var inv Invitation
	ok, err := s.guard.UpdateAndRead(ctx, s.invitations, id, guard, bson.M{"$set": bson.M{"status": status, "answered_at": now}}, &inv)
	if err != nil {
		return inv, false, fmt.Errorf("answer invitation %s: %w", id, err)
	}
	return inv, ok, nil
}

// listInvitations returns up to limit invitations matching filter after
// the id after, in id order.
func (s *Store) listInvitations(ctx context.Context, filter bson.M, after string, limit int) ([]Invitation, error) {
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	return mongokit.FindAll[Invitation](ctx, s.invitations, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}
