package identity

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// deletedEmailKey is the email key of a deleted account: unique, and no
// address normalises to it, so the address may open a new account.
func deletedEmailKey(userID string) string { return "deleted:" + userID }

// DeleteAccount erases the caller's account once its password is
// confirmed: the address, name and password are gone, every session ends,
// the memberships are left, and the AccountDeleted fact, written with the
// erasure, has every other context erase what it holds of the person. The
// last owner of an organisation and an administrator are refused until
// they hand over. Credentials issued stay verifiable: their holders may
// have shared them, and each says only what it certified.
func (s *Service) DeleteAccount(ctx context.Context, p auth.Principal, password string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to delete your account")
	}
	a, err := s.store.userByID(ctx, p.UserID)
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	if a.Deleted() {
		return apperr.NotFoundf("the account was deleted")
	}
	if err := s.confirmPassword(ctx, a, "password", password); err != nil {
		return err
	}
	if a.Admin {
		return apperr.Conflictf("administrator", "an administrator's account is not deleted; ask another administrator to remove your role first")
	}
	memberships, err := s.OrgsOf(ctx, a.ID)
	if err != nil {
		return err
	}
	for _, m := range memberships {
		if err := s.removeMembership(ctx, m); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				return apperr.Conflictf("last-owner", "you are the last owner of an organisation; make another member owner first, then delete your account")
			}
			if !apperr.Is(err, apperr.NotFound) {
				return err
			}
		}
	}
	now := s.clock()
	ev, err := events.New(events.AccountDeleted, events.UserData{UserID: a.ID}, now)
	if err != nil {
		return err
	}
	set := events.Embed(ev)
	set["email"], set["display_name"], set["email_key"], set["password_hash"], set["deleted_at"] = "", "", deletedEmailKey(a.ID), "", now
	ok, err := s.store.guard.Update(ctx, s.store.users, a.ID, bson.M{"deleted_at": nil}, bson.M{"$set": set})
	if err != nil {
		return fmt.Errorf("delete account %s: %w", a.ID, err)
	}
	if !ok {
		return apperr.NotFoundf("the account was deleted")
	}
	if err := s.endAllSessions(ctx, a.ID); err != nil {
		return err
	}
	if s.events != nil {
		if err := s.events.Publish(ctx, s.store.users, a.ID, ev); err != nil {
			s.log.WarnContext(ctx, "account deleted event not published; the events reconciler will", "user_id", a.ID, "err", err)
		}
	}
	return nil
}

// confirmPassword checks the account's password as a sign-in does: a wrong
// one counts as a failed sign-in of the account, so guessing stays throttled.
func (s *Service) confirmPassword(ctx context.Context, a account, field, password string) error {
	if password == "" {
		return apperr.InvalidField(field, "is required")
	}
	attempt, err := s.admitAttempt(ctx, a.EmailKey, "", s.clock())
	if err != nil {
		return err
	}
	ok, err := s.hashes.check(ctx, password, a.PasswordHash)
	if err != nil {
		return fmt.Errorf("check password of user %s: %w", a.ID, err)
	}
	if !ok {
		return apperr.InvalidField(field, "is not your current password")
	}
	return s.attemptSucceeded(ctx, attempt)
}
