package identity

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// The collection user_emails maps each account's email key to the account,
// so that a sign-in, a registration or an invitation finds the account by
// _id: on the embedded database a query by email_key decodes every account,
// which at 20,000 accounts takes longer than hashing the password. The
// unique index on users.email_key stays the guard of one account per
// address; an entry is a claim taken before the account is written, and an
// entry left by a crash between the two, or by an erased account, is taken
// over.
const emailsCollection = "user_emails"

// emailDoc is an email key's entry.
type emailDoc struct {
	Key    string    `bson:"_id"`
	UserID string    `bson:"user_id"`
	At     time.Time `bson:"at"`
}

// emailsBackfilledID names the entry recording that the accounts opened
// before the entries were kept have theirs. No email key is empty.
const emailsBackfilledID = ""

// staleClaim is how long a claim whose account was never written holds: a
// registration of the same address meanwhile is taken to race with it.
const staleClaim = time.Minute

var errEmailTaken = apperr.Conflictf("email-taken", "an account already uses this email")

// ensureEmails creates user_emails and, the first time, adds the entries of
// the accounts opened before it was kept, in one pass over the accounts.
func (s *Store) ensureEmails(ctx context.Context) error {
	if err := mongokit.CreateCollection(ctx, s.emails.Database(), emailsCollection); err != nil {
		return err
	}
	_, err := mongokit.FindOne[emailDoc](ctx, s.emails, bson.M{"_id": emailsBackfilledID}, "email")
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return err
	}
	type keyOnly struct {
		ID       string `bson:"_id"`
		EmailKey string `bson:"email_key"`
	}
	accounts, err := mongokit.FindAll[keyOnly](ctx, s.users, bson.M{}, options.Find().SetProjection(bson.M{"_id": 1, "email_key": 1}))
	if err != nil {
		return fmt.Errorf("list accounts: %w", err)
	}
	now := time.Now().UTC()
	models := make([]mongo.WriteModel, len(accounts))
	for i, a := range accounts {
		models[i] = mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": a.EmailKey}).
			SetUpdate(bson.M{"$setOnInsert": bson.M{"user_id": a.ID, "at": now}}).SetUpsert(true)
	}
	if err := mongokit.BulkUpdate(ctx, s.emails, models); err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("list the accounts' email keys: %w", err)
	}
	if _, err := s.emails.InsertOne(ctx, emailDoc{Key: emailsBackfilledID, At: now}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("mark %s complete: %w", emailsCollection, err)
	}
	return nil
}

// claimEmail claims email key for the account userID is about to open; it
// fails with Conflict email-taken when an account holds the address or is
// being opened with it.
func (s *Store) claimEmail(ctx context.Context, key, userID string, now time.Time) error {
	mine := emailDoc{Key: key, UserID: userID, At: now.UTC()}
	for range 3 {
		_, err := s.emails.InsertOne(ctx, mine)
		if err == nil {
			return nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("claim an email key: %w", err)
		}
		held, err := mongokit.FindOne[emailDoc](ctx, s.emails, bson.M{"_id": key}, "email")
		if apperr.Is(err, apperr.NotFound) {
			continue // released meanwhile
		}
		if err != nil {
			return err
		}
		a, err := s.userByID(ctx, held.UserID)
		switch {
		case err == nil && a.EmailKey == key:
			return errEmailTaken
		case err != nil && !apperr.Is(err, apperr.NotFound):
			return err
		case err != nil && now.Sub(held.At) < staleClaim:
			return errEmailTaken
		}
		// The claim's account was erased, or never written: take it over,
		// unless someone else did first.
		ok, err := s.guard.Update(ctx, s.emails, key, bson.M{"user_id": held.UserID, "at": held.At},
			bson.M{"$set": bson.M{"user_id": userID, "at": mine.At}})
		if err != nil {
			return fmt.Errorf("take over an email key: %w", err)
		}
		if ok {
			return nil
		}
	}
	return errEmailTaken
}

// settleEmail points email key's claim, held by userID whose account could
// not be written because another account holds the key, at that account.
// Only a race lost after a takeover ends here: the query by email_key
// decodes every account on the embedded database.
func (s *Store) settleEmail(ctx context.Context, key, userID string, now time.Time) error {
	holder, err := mongokit.FindOne[account](ctx, s.users, bson.M{"email_key": key}, "user")
	if apperr.Is(err, apperr.NotFound) {
		return s.releaseEmail(ctx, key, userID)
	}
	if err != nil {
		return err
	}
	if _, err := s.guard.Update(ctx, s.emails, key, bson.M{"user_id": userID}, bson.M{"$set": bson.M{"user_id": holder.ID, "at": now.UTC()}}); err != nil {
		return fmt.Errorf("settle an email key: %w", err)
	}
	return nil
}

// releaseEmail gives up userID's claim on email key, once its account is
// erased.
func (s *Store) releaseEmail(ctx context.Context, key, userID string) error {
	if _, err := s.guard.Delete(ctx, s.emails, key, bson.M{"user_id": userID}); err != nil {
		return fmt.Errorf("release an email key: %w", err)
	}
	return nil
}

// userByEmailKey returns the account holding email key: its entry, then the
// account by _id, which must still hold the key.
func (s *Store) userByEmailKey(ctx context.Context, key string) (account, error) {
	e, err := mongokit.FindOne[emailDoc](ctx, s.emails, bson.M{"_id": key}, "user")
	if err != nil {
		return account{}, err
	}
	a, err := s.userByID(ctx, e.UserID)
	if err == nil && a.EmailKey != key {
		return account{}, apperr.NotFoundf("no such user")
	}
	return a, err
}
