package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
)

// Login throttling: failed sign-ins are counted in fixed windows per account
// (by email key, whether or not the account exists) and per client address.
// The counters live in MongoDB so that every API replica shares them.
const (
	failureWindow      = 15 * time.Minute
	maxAccountFailures = 10
	maxAddressFailures = 50

	// Reset mails are counted too, so that nobody floods a mailbox.
	resetMailWindow = 15 * time.Minute
	maxResetMails   = 3
)

// counterSlot is one fixed window of one counter, stored as one document.
type counterSlot struct {
	id  string
	end time.Time
}

// slotFor returns the window of the counter named key that holds now. The
// key is hashed so that the collection keeps no emails or addresses.
func slotFor(key string, window time.Duration, now time.Time) counterSlot {
	start := now.Truncate(window)
	sum := sha256.Sum256([]byte(key))
	return counterSlot{
		id:  hex.EncodeToString(sum[:16]) + "@" + strconv.FormatInt(start.Unix(), 10),
		end: start.Add(window),
	}
}

// countEvent adds one to the slot unless it already holds limit, and reports
// whether it did. The guarded upsert is atomic: when the slot is full the
// filter matches nothing and the insert it falls back to hits the existing
// _id, so concurrent callers can never push a slot past its limit.
func (s *Store) countEvent(ctx context.Context, slot counterSlot, limit int) (bool, error) {
	update := bson.M{"$inc": bson.M{"count": 1}, "$setOnInsert": bson.M{"expires_at": slot.end}}
	filter := bson.M{"_id": slot.id, "count": bson.M{"$lt": limit}}
	// The first duplicate key may come from a concurrent first insert of the
	// slot; the second one means the slot is full.
	for range 2 {
		_, err := s.failures.UpdateOne(ctx, filter, update, options.Update().SetUpsert(true))
		if err == nil {
			return true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, fmt.Errorf("count login failure: %w", err)
		}
	}
	return false, nil
}

// uncountEvent takes back one event counted in the slot.
func (s *Store) uncountEvent(ctx context.Context, slot counterSlot) error {
	_, err := s.failures.UpdateOne(ctx, bson.M{"_id": slot.id, "count": bson.M{"$gt": 0}}, bson.M{"$inc": bson.M{"count": -1}})
	if err != nil {
		return fmt.Errorf("uncount login failure: %w", err)
	}
	return nil
}

// clearSlot forgets every event counted in the slot.
func (s *Store) clearSlot(ctx context.Context, slot counterSlot) error {
	if _, err := s.failures.DeleteOne(ctx, bson.M{"_id": slot.id}); err != nil {
		return fmt.Errorf("clear login failures: %w", err)
	}
	return nil
}

// loginAttempt holds the counter slots a sign-in attempt was counted in.
// The attempt counts as a failure unless it is reported as a success.
type loginAttempt struct {
	account counterSlot
	address *counterSlot
}

func accountSlot(emailKey string, now time.Time) counterSlot {
	return slotFor("account:"+emailKey, failureWindow, now)
}

// admitAttempt counts an attempt to prove the password of the account with
// emailKey, from clientIP when known, before the password is checked. It
// refuses with a TooMany error when either counter is full; the refusal is
// the same whether or not the account exists.
func (s *Service) admitAttempt(ctx context.Context, emailKey, clientIP string, now time.Time) (loginAttempt, error) {
	a := loginAttempt{account: accountSlot(emailKey, now)}
	ok, err := s.store.countEvent(ctx, a.account, maxAccountFailures)
	if err != nil {
		return a, err
	}
	if !ok {
		return a, tooManyAttempts(a.account.end.Sub(now))
	}
	if clientIP == "" {
		return a, nil
	}
	addr := slotFor("address:"+clientIP, failureWindow, now)
	ok, err = s.store.countEvent(ctx, addr, maxAddressFailures)
	if err == nil && !ok {
		err = tooManyAttempts(addr.end.Sub(now))
	}
	if err != nil {
		// Refused before the password was checked, so not a failure of the account.
		if uerr := s.store.uncountEvent(ctx, a.account); uerr != nil {
			return a, uerr
		}
		return a, err
	}
	a.address = &addr
	return a, nil
}

// attemptSucceeded clears the account's failures and takes back the count
// from the client address, which keeps its earlier failures.
func (s *Service) attemptSucceeded(ctx context.Context, a loginAttempt) error {
	if err := s.store.clearSlot(ctx, a.account); err != nil {
		return err
	}
	if a.address != nil {
		return s.store.uncountEvent(ctx, *a.address)
	}
	return nil
}

func tooManyAttempts(wait time.Duration) error {
	e := apperr.New(apperr.TooMany, "too-many-attempts", "too many failed sign-in attempts; try again later")
	e.RetryAfter = max(wait, time.Second)
	return e
}
