package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/adminlog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/mongokit"
)

// maxSearchLen bounds the text administrators search users and organisations by.
const maxSearchLen = 100

// adminsCounter is the id of the counter of administrators, which guards the
// last one without a transaction. Like an organisation's owner count, it never
// exceeds the real number: raised after a promotion, lowered before a demotion.
const adminsCounter = "administrators"

// requireAdmin refuses anyone but an administrator.
func requireAdmin(p auth.Principal, action string) error {
	if !p.Admin {
		return apperr.Forbiddenf("only administrators can %s", action)
	}
	return nil
}

// checkReason trims and checks the reason an administrator gives.
func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	checkText(&v, "reason", reason, 3, maxRejectionReasonLen)
	return reason, v.Err()
}

// OrgFilter narrows the administrators' list of organisations; empty fields
// match every organisation.
type OrgFilter struct {
	Verified *bool
	State    string // one of the Org state constants
	Kind     string
	// Name matches organisations whose name starts with it, ignoring case.
	Name string
}

// AdminOrg is an organisation with its owners, as administrators list it.
type AdminOrg struct {
	Organisation
	Owners []User
}

// ListOrgs returns a page of organisations matching f, with their owners, to
// administrators. On the embedded database the filters scan the collection;
// the page size bounds what one call reads back and the owners it looks up.
func (s *Service) ListOrgs(ctx context.Context, p auth.Principal, f OrgFilter, after string, limit int) ([]AdminOrg, string, error) {
	if err := requireAdmin(p, "list every organisation"); err != nil {
		return nil, "", err
	}
	var v apperr.Validation
	v.Check(f.State == "" || f.State == OrgPending || f.State == OrgVerified || f.State == OrgRejected || f.State == OrgSuspended,
		"state", "must be pending, verified, rejected or suspended")
	if f.Kind != "" {
		checkOrgKind(&v, "kind", f.Kind)
	}
	f.Name = strings.TrimSpace(f.Name)
	v.Check(len(f.Name) <= maxSearchLen, "q", "must be at most %d characters", maxSearchLen)
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	orgs, err := s.store.listOrgs(ctx, f, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	orgs, next := page(orgs, limit, func(o Organisation) string { return o.ID })
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	owners, err := s.store.listMemberships(ctx, bson.M{"org_id": bson.M{"$in": ids}, "role": RoleOwner}, "", 0)
	if err != nil {
		return nil, "", err
	}
	userIDs := make([]string, len(owners))
	for i, m := range owners {
		userIDs[i] = m.UserID
	}
	users, err := s.store.usersByID(ctx, userIDs)
	if err != nil {
		return nil, "", err
	}
	byOrg := map[string][]User{}
	for _, m := range owners {
		if u, ok := users[m.UserID]; ok {
			byOrg[m.OrgID] = append(byOrg[m.OrgID], u)
		}
	}
	list := make([]AdminOrg, len(orgs))
	for i, o := range orgs {
		list[i] = AdminOrg{Organisation: o, Owners: byOrg[o.ID]}
	}
	return list, next, nil
}

// UnverifyOrg withdraws an organisation's verification, with a reason its
// members read; only administrators may. Its staff lose their rights to
// publish and host at once; its owners may submit evidence again.
func (s *Service) UnverifyOrg(ctx context.Context, p auth.Principal, orgID, reason string) (Organisation, error) {
	if err := requireAdmin(p, "un-verify organisations"); err != nil {
		return Organisation{}, err
	}
	reason, err := checkReason(reason)
	if err != nil {
		return Organisation{}, err
	}
	if _, err := s.store.orgByID(ctx, orgID); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.orgs, orgID, bson.M{"verified_at": bson.M{"$ne": nil}},
		bson.M{"$set": bson.M{"verified_at": nil, "rejection_reason": reason}}, &o)
	if err != nil {
		return Organisation{}, fmt.Errorf("un-verify organisation %s: %w", orgID, err)
	}
	if !ok {
		return Organisation{}, apperr.Conflictf("not-verified", "the organisation is not verified")
	}
	return o, s.audited(ctx, p, adminlog.OrgUnverify, adminlog.TargetOrg, o.ID, o.Name, reason)
}

// SuspendOrg suspends an organisation, with a reason its members read; only
// administrators may. Its people lose every right to act for it at once.
func (s *Service) SuspendOrg(ctx context.Context, p auth.Principal, orgID, reason string) (Organisation, error) {
	if err := requireAdmin(p, "suspend organisations"); err != nil {
		return Organisation{}, err
	}
	reason, err := checkReason(reason)
	if err != nil {
		return Organisation{}, err
	}
	if _, err := s.store.orgByID(ctx, orgID); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.orgs, orgID, bson.M{"suspended_at": nil},
		bson.M{"$set": bson.M{"suspended_at": s.clock(), "suspension_reason": reason}}, &o)
	if err != nil {
		return Organisation{}, fmt.Errorf("suspend organisation %s: %w", orgID, err)
	}
	if !ok {
		return Organisation{}, apperr.Conflictf("already-suspended", "the organisation is suspended already")
	}
	return o, s.audited(ctx, p, adminlog.OrgSuspend, adminlog.TargetOrg, o.ID, o.Name, reason)
}

// ReinstateOrg lifts an organisation's suspension; only administrators may.
func (s *Service) ReinstateOrg(ctx context.Context, p auth.Principal, orgID string) (Organisation, error) {
	if err := requireAdmin(p, "reinstate organisations"); err != nil {
		return Organisation{}, err
	}
	if _, err := s.store.orgByID(ctx, orgID); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.orgs, orgID, bson.M{"suspended_at": bson.M{"$ne": nil}},
		bson.M{"$set": bson.M{"suspended_at": nil}, "$unset": bson.M{"suspension_reason": ""}}, &o)
	if err != nil {
		return Organisation{}, fmt.Errorf("reinstate organisation %s: %w", orgID, err)
	}
	if !ok {
		return Organisation{}, apperr.Conflictf("not-suspended", "the organisation is not suspended")
	}
	return o, s.audited(ctx, p, adminlog.OrgReinstate, adminlog.TargetOrg, o.ID, o.Name, "")
}

// UserFilter narrows the administrators' list of users; empty fields match
// every user.
type UserFilter struct {
	// Query matches users whose email or display name starts with it, ignoring case.
	Query     string
	Suspended *bool
	Admin     *bool
}

// ListUsers returns a page of users matching f to administrators, in id
// order. On the embedded database the search scans the users; the page size
// bounds what one call reads back.
func (s *Service) ListUsers(ctx context.Context, p auth.Principal, f UserFilter, after string, limit int) ([]User, string, error) {
	if err := requireAdmin(p, "list users"); err != nil {
		return nil, "", err
	}
	f.Query = strings.TrimSpace(f.Query)
	if len(f.Query) > maxSearchLen {
		return nil, "", apperr.InvalidField("q", "must be at most %d characters", maxSearchLen)
	}
	filter := bson.M{}
	if f.Query != "" {
		prefix := "^" + regexp.QuoteMeta(f.Query)
		filter["$or"] = bson.A{
			bson.M{"email_key": bson.M{"$regex": "^" + regexp.QuoteMeta(emailKey(f.Query))}},
			bson.M{"display_name": bson.M{"$regex": prefix, "$options": "i"}},
		}
	}
	if f.Suspended != nil {
		if *f.Suspended {
			filter["suspended_at"] = bson.M{"$ne": nil}
		} else {
			filter["suspended_at"] = nil
		}
	}
	if f.Admin != nil {
		if *f.Admin {
			filter["admin"] = true
		} else {
			filter["admin"] = bson.M{"$ne": true}
		}
	}
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	cur, err := s.store.users.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return nil, "", fmt.Errorf("list users: %w", err)
	}
	users := []User{}
	if err := cur.All(ctx, &users); err != nil {
		return nil, "", fmt.Errorf("read users: %w", err)
	}
	users, next := page(users, limit, func(u User) string { return u.ID })
	return users, next, nil
}

// errAccountSuspended refuses a suspended account's sign-in.
func errAccountSuspended() error {
	return apperr.New(apperr.Forbidden, "account-suspended", "this account is suspended by the platform's administrators; write to them to have it reinstated")
}

// SuspendUser suspends an account, with a reason for administrators, and
// ends its sessions: it cannot sign in until reinstated. Administrators may,
// and never on an administrator: remove the role first.
func (s *Service) SuspendUser(ctx context.Context, p auth.Principal, userID, reason string) (User, error) {
	if err := requireAdmin(p, "suspend users"); err != nil {
		return User{}, err
	}
	reason, err := checkReason(reason)
	if err != nil {
		return User{}, err
	}
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	now := s.clock()
	var u User
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.users, userID, bson.M{"suspended_at": nil, "admin": bson.M{"$ne": true}},
		bson.M{"$set": bson.M{"suspended_at": now, "suspension_reason": reason}}, &u)
	if err != nil {
		return User{}, fmt.Errorf("suspend user %s: %w", userID, err)
	}
	if !ok {
		if a.Admin {
			return User{}, apperr.Conflictf("administrator", "administrators are not suspended; remove the administrator role first")
		}
		return User{}, apperr.Conflictf("already-suspended", "the account is suspended already")
	}
	if err := s.endAllSessions(ctx, userID); err != nil {
		return User{}, err
	}
	return u, s.audited(ctx, p, adminlog.UserSuspend, adminlog.TargetUser, u.ID, u.Email, reason)
}

// ReinstateUser lifts an account's suspension; administrators may.
func (s *Service) ReinstateUser(ctx context.Context, p auth.Principal, userID string) (User, error) {
	if err := requireAdmin(p, "reinstate users"); err != nil {
		return User{}, err
	}
	if _, err := s.store.userByID(ctx, userID); err != nil {
		return User{}, err
	}
	var u User
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.users, userID, bson.M{"suspended_at": bson.M{"$ne": nil}},
		bson.M{"$set": bson.M{"suspended_at": nil}, "$unset": bson.M{"suspension_reason": ""}}, &u)
	if err != nil {
		return User{}, fmt.Errorf("reinstate user %s: %w", userID, err)
	}
	if !ok {
		return User{}, apperr.Conflictf("not-suspended", "the account is not suspended")
	}
	return u, s.audited(ctx, p, adminlog.UserReinstate, adminlog.TargetUser, u.ID, u.Email, "")
}

// ResetSignIn ends every session of an account and mails its holder a
// password reset link; administrators may, for someone locked out or whose
// account may be in other hands.
func (s *Service) ResetSignIn(ctx context.Context, p auth.Principal, userID string) error {
	if err := requireAdmin(p, "reset users' sign-in"); err != nil {
		return err
	}
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return err
	}
	if err := s.endAllSessions(ctx, userID); err != nil {
		return err
	}
	if err := s.mailResetLink(ctx, a, s.clock()); err != nil {
		return err
	}
	return s.audited(ctx, p, adminlog.UserResetSignIn, adminlog.TargetUser, a.ID, a.Email, "")
}

// endAllSessions ends every session of the user: refresh and access tokens.
func (s *Service) endAllSessions(ctx context.Context, userID string) error {
	now := s.clock()
	if err := s.store.revokeUserRefreshTokens(ctx, userID, "", now); err != nil {
		return err
	}
	return s.endUserSessions(ctx, userID, "", now)
}

// GrantAdmin makes a user an administrator; administrators may, and not of a
// suspended account, which is reinstated first.
func (s *Service) GrantAdmin(ctx context.Context, p auth.Principal, userID string) (User, error) {
	if err := requireAdmin(p, "make administrators"); err != nil {
		return User{}, err
	}
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if a.Suspended() {
		return User{}, apperr.Conflictf("suspended", "the account is suspended; reinstate it first")
	}
	u, granted, err := s.promote(ctx, userID)
	if err != nil || !granted {
		return u, err
	}
	return u, s.audited(ctx, p, adminlog.UserGrantAdmin, adminlog.TargetUser, u.ID, u.Email, "")
}

// promote makes the unsuspended user an administrator and counts them,
// reporting whether this call did (false: they already were).
func (s *Service) promote(ctx context.Context, userID string) (User, bool, error) {
	if err := s.store.ensureAdminCount(ctx); err != nil {
		return User{}, false, err
	}
	var u User
	ok, err := s.store.guard.UpdateAndRead(ctx, s.store.users, userID, bson.M{"admin": bson.M{"$ne": true}, "suspended_at": nil},
		bson.M{"$set": bson.M{"admin": true}}, &u)
	if err != nil {
		return User{}, false, fmt.Errorf("make user %s administrator: %w", userID, err)
	}
	if !ok {
		a, err := s.store.userByID(ctx, userID)
		if err != nil {
			return User{}, false, err
		}
		if !a.Admin {
			return User{}, false, apperr.Conflictf("suspended", "the account is suspended; reinstate it first")
		}
		return a.User, false, nil
	}
	return u, true, s.store.addAdmins(ctx, 1)
}

// RevokeAdmin removes the administrator role from a user, never from the
// last administrator, and ends the user's sessions, whose access tokens
// carried the role; administrators may.
func (s *Service) RevokeAdmin(ctx context.Context, p auth.Principal, userID string) (User, error) {
	if err := requireAdmin(p, "remove administrators"); err != nil {
		return User{}, err
	}
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if !a.Admin {
		return a.User, nil
	}
	if err := s.store.ensureAdminCount(ctx); err != nil {
		return User{}, err
	}
	ok, err := s.store.takeAdminSlot(ctx)
	if err != nil {
		return User{}, err
	}
	if !ok {
		return User{}, apperr.Conflictf("last-administrator", "the platform keeps at least one administrator; make someone else administrator first")
	}
	var u User
	demoted, err := s.store.guard.UpdateAndRead(ctx, s.store.users, userID, bson.M{"admin": true}, bson.M{"$set": bson.M{"admin": false}}, &u)
	if err != nil {
		return User{}, fmt.Errorf("remove administrator %s: %w", userID, err)
	}
	if !demoted {
		// Another request demoted the user meanwhile: give the slot back.
		if err := s.store.addAdmins(ctx, 1); err != nil {
			return User{}, err
		}
		a.Admin = false
		return a.User, nil
	}
	if err := s.endAllSessions(ctx, userID); err != nil {
		return User{}, err
	}
	return u, s.audited(ctx, p, adminlog.UserRevokeAdmin, adminlog.TargetUser, u.ID, u.Email, "")
}

// ensureAdminCount creates the counter of administrators from the users
// when there is none, as on a platform whose administrators predate it.
func (s *Store) ensureAdminCount(ctx context.Context) error {
	err := s.counters.FindOne(ctx, bson.M{"_id": adminsCounter}).Err()
	if err == nil {
		return nil
	}
	if !errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("read the count of administrators: %w", err)
	}
	n, err := s.users.CountDocuments(ctx, bson.M{"admin": true})
	if err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	_, err = s.counters.InsertOne(ctx, bson.M{"_id": adminsCounter, "count": n})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("record the count of administrators: %w", err)
	}
	return nil
}

func (s *Store) addAdmins(ctx context.Context, delta int) error {
	if _, err := s.guard.Update(ctx, s.counters, adminsCounter, nil, bson.M{"$inc": bson.M{"count": delta}}); err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	return nil
}

// takeAdminSlot lowers the count of administrators if another would remain,
// and reports whether it did.
func (s *Store) takeAdminSlot(ctx context.Context) (bool, error) {
	ok, err := s.guard.Update(ctx, s.counters, adminsCounter, bson.M{"count": bson.M{"$gte": 2}}, bson.M{"$inc": bson.M{"count": -1}})
	if err != nil {
		return false, fmt.Errorf("count administrators: %w", err)
	}
	return ok, nil
}

// adminCount returns the count of administrators the guard keeps.
func (s *Store) adminCount(ctx context.Context) (int, error) {
	c, err := mongokit.FindOne[struct {
		Count int `bson:"count"`
	}](ctx, s.counters, bson.M{"_id": adminsCounter}, "count of administrators")
	return c.Count, err
}

// listOrgs returns up to limit organisations matching f after the id after,
// in id order.
func (s *Store) listOrgs(ctx context.Context, f OrgFilter, after string, limit int) ([]Organisation, error) {
	filter := bson.M{}
	if f.Verified != nil {
		if *f.Verified {
			filter["verified_at"] = bson.M{"$ne": nil}
		} else {
			filter["verified_at"] = nil
		}
	}
	switch f.State {
	case OrgPending:
		filter["verified_at"], filter["suspended_at"] = nil, nil
		filter["rejection_reason"] = bson.M{"$in": bson.A{nil, ""}}
	case OrgVerified:
		filter["verified_at"], filter["suspended_at"] = bson.M{"$ne": nil}, nil
	case OrgRejected:
		filter["verified_at"], filter["suspended_at"] = nil, nil
		filter["rejection_reason"] = bson.M{"$nin": bson.A{nil, ""}}
	case OrgSuspended:
		filter["suspended_at"] = bson.M{"$ne": nil}
	}
	if f.Kind != "" {
		filter["kind"] = f.Kind
	}
	if f.Name != "" {
		filter["name"] = bson.M{"$regex": "^" + regexp.QuoteMeta(f.Name), "$options": "i"}
	}
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	cur, err := s.orgs.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	orgs := []Organisation{}
	if err := cur.All(ctx, &orgs); err != nil {
		return nil, fmt.Errorf("read organisations: %w", err)
	}
	return orgs, nil
}
