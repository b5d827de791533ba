package identity

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hibiken/asynq"
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
// the memberships are left, and the AccountDeleted fact has every other
// context erase what it holds of the person. The last owner of an
// organisation and an administrator are refused until they hand over.
// Credentials issued stay verifiable: their holders may have shared them,
// and each says only what it certified.
//
// Once allowed, the deletion is recorded as a tombstone carrying the fact
// before anything is erased, and only one request records it. Whatever
// stops the erasure midway, the events reconciler still delivers the fact,
// this context's own subscriber included, and the person ends up erased
// everywhere.
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
	// A deletion stopped midway is left to the reconciler to finish.
	_, err = s.store.deletion(ctx, a.ID)
	if err == nil {
		return apperr.NotFoundf("the account is being deleted")
	}
	if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	if err := s.confirmPassword(ctx, a, "password", password); err != nil {
		return err
	}
	if a.Admin {
		return apperr.Conflictf("administrator", "an administrator's account is not deleted; ask another administrator to remove your role first")
	}
	at := s.clock().UTC().Truncate(time.Millisecond)
	ev, err := events.New(events.AccountDeleted, events.UserData{UserID: a.ID}, at)
	if err != nil {
		return err
	}
	slots, err := s.takeOwnerSlots(ctx, a.ID)
	if err != nil {
		return err
	}
	d := accountDeletion{UserID: a.ID, DeletedAt: at, OwnerSlots: slots}
	recorded, err := s.store.recordDeletion(ctx, d, ev)
	if err != nil || !recorded {
		// Another request is deleting the account, or none is.
		if back := s.giveBackOwnerSlots(ctx, slots); back != nil {
			return back
		}
		if err != nil {
			return err
		}
		return apperr.NotFoundf("the account was deleted")
	}
	if err := s.eraseAccount(ctx, d); err != nil {
		return err
	}
	if s.events != nil {
		if err := s.events.Publish(ctx, s.store.deletions, a.ID, ev); err != nil {
			s.log.WarnContext(ctx, "account deleted event not published; the events reconciler will", "user_id", a.ID, "err", err)
		}
	}
	return nil
}

// takeOwnerSlots lowers the owner count of every organisation the user
// owns, as the guarded count allows, and returns them; it refuses the last
// owner, giving back what it took. Taken before the deletion is recorded,
// the slots keep two co-owners deleting or leaving at once from leaving
// the organisation without an owner.
func (s *Service) takeOwnerSlots(ctx context.Context, userID string) ([]string, error) {
	memberships, err := s.OrgsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	var taken []string
	for _, m := range memberships {
		if m.Role != RoleOwner {
			continue
		}
		ok, err := s.store.takeOwnerSlot(ctx, m.OrgID)
		if err == nil && !ok {
			err = apperr.Conflictf("last-owner", "you are the last owner of an organisation; make another member owner first, then delete your account")
		}
		if err != nil {
			if back := s.giveBackOwnerSlots(ctx, taken); back != nil {
				return nil, back
			}
			return nil, err
		}
		taken = append(taken, m.OrgID)
	}
	return taken, nil
}

func (s *Service) giveBackOwnerSlots(ctx context.Context, orgIDs []string) error {
	for _, id := range orgIDs {
		if err := s.store.addOwners(ctx, id, 1); err != nil {
			return err
		}
	}
	return nil
}

// HandleAccountDeleted is the identity context's own subscriber to
// AccountDeleted: it finishes an erasure that stopped midway, and takes the
// person out of an organisation whose invitation they accepted as their
// account was being deleted.
func (s *Service) HandleAccountDeleted(ctx context.Context, ev events.Event) error {
	var u events.UserData
	if err := ev.Decode(&u); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	d, err := s.store.deletion(ctx, u.UserID)
	if err != nil {
		return fmt.Errorf("erase account %s: %w", u.UserID, err)
	}
	return s.eraseAccount(ctx, d)
}

// eraseAccount erases the account of the tombstone d, its address, name
// and password, ends its sessions and leaves its organisations; running it
// again does no harm.
func (s *Service) eraseAccount(ctx context.Context, d accountDeletion) error {
	userID := d.UserID
	before, err := s.store.userByID(ctx, userID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("erase account %s: %w", userID, err)
	}
	set := bson.M{"email": "", "display_name": "", "email_key": deletedEmailKey(userID), "password_hash": "", "deleted_at": d.DeletedAt}
	if _, err := s.store.guard.Update(ctx, s.store.users, userID, bson.M{"deleted_at": nil}, bson.M{"$set": set}); err != nil {
		return fmt.Errorf("erase account %s: %w", userID, err)
	}
	// Run again, the account holds its erased key: a claim left on the
	// address is taken over by the next registration.
	if err := s.store.releaseEmail(ctx, before.EmailKey, userID); err != nil {
		return err
	}
	if err := s.endAllSessions(ctx, userID); err != nil {
		return err
	}
	memberships, err := s.OrgsOf(ctx, userID)
	if err != nil {
		return err
	}
	for _, m := range memberships {
		deleted, err := s.store.deleteMembership(ctx, m.ID)
		if err != nil {
			return err
		}
		// An owner whose slot the deletion did not take became one since.
		if deleted && m.Role == RoleOwner && !slices.Contains(d.OwnerSlots, m.OrgID) {
			if err := s.store.addOwners(ctx, m.OrgID, -1); err != nil {
				return err
			}
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
