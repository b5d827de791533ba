package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
)

// Login throttling follows OWASP's Authentication Cheat Sheet. Failed
// sign-ins are counted first per account and client address pair: after a
// few failures each further attempt from the pair waits twice as long as the
// one before, up to a limit per window; so an attacker elsewhere does not
// lock the owner out, and one noisy address does not lock every account
// behind it out. An account-wide ceiling, well above the pair limit, stops
// guessing spread over many addresses. Counters are fixed windows in MongoDB
// (by email key, whether or not the account exists), so every API replica
// shares them, and guarded writes keep them exact under concurrency.
const (
	failureWindow      = 15 * time.Minute
	maxPairFailures    = 10
	freePairFailures   = 3 // failures of a pair before it waits
	firstPairDelay     = time.Second
	maxAccountFailures = 100

	// Reset mails are counted too, so that nobody floods a mailbox.
	resetMailWindow = 15 * time.Minute
	maxResetMails   = 3
)

// counterSlot is one fixed window of one counter, stored as one document.
// Account, when set, names the account the counter is about, so that
// proving the account is one's own can clear them all.
type counterSlot struct {
	id      string
	account string
	start   time.Time
	end     time.Time
}

// slotFor returns the window of the counter named key that holds now. The
// key is hashed so that the collection keeps no emails or addresses.
func slotFor(key string, window time.Duration, now time.Time) counterSlot {
	start := now.Truncate(window)
	return counterSlot{
		id:    hashKey(key) + "@" + strconv.FormatInt(start.Unix(), 10),
		start: start,
		end:   start.Add(window),
	}
}

func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:16])
}

// counter is the stored form of a counter slot. WaitUntil is when the next
// event may be counted.
type counter struct {
	Count     int       `bson:"count"`
	WaitUntil time.Time `bson:"wait_until"`
}

// countEvent adds one to the slot unless it already holds limit or must
// wait past now, and returns the count with it, or ok false when it did not.
func (s *Store) countEvent(ctx context.Context, slot counterSlot, limit int, now time.Time) (count int, ok bool, err error) {
	var c counter
	ok, err = s.guard.Upsert(ctx, s.failures, slot.id,
		bson.M{"count": bson.M{"$lt": limit}, "wait_until": bson.M{"$lte": now}},
		bson.M{"$inc": bson.M{"count": 1}, "$setOnInsert": bson.M{"expires_at": slot.end, "wait_until": slot.start, "account": slot.account}}, &c)
	if err != nil {
		return 0, false, fmt.Errorf("count login attempt: %w", err)
	}
	return c.Count, ok, nil
}

// waitBefore makes the slot count nothing before until.
func (s *Store) waitBefore(ctx context.Context, slot counterSlot, until time.Time) error {
	if _, err := s.guard.Update(ctx, s.failures, slot.id, bson.M{"wait_until": bson.M{"$lt": until}}, bson.M{"$set": bson.M{"wait_until": until}}); err != nil {
		return fmt.Errorf("delay login attempts: %w", err)
	}
	return nil
}

// slotCounter returns what the slot holds; a missing slot holds nothing.
func (s *Store) slotCounter(ctx context.Context, slot counterSlot) (counter, error) {
	var c counter
	err := s.failures.FindOne(ctx, bson.M{"_id": slot.id}).Decode(&c)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return c, fmt.Errorf("read login attempts: %w", err)
	}
	return c, nil
}

// uncountEvent takes back one event counted in the slot.
func (s *Store) uncountEvent(ctx context.Context, slot counterSlot) error {
	if _, err := s.guard.Update(ctx, s.failures, slot.id, bson.M{"count": bson.M{"$gt": 0}}, bson.M{"$inc": bson.M{"count": -1}}); err != nil {
		return fmt.Errorf("uncount login attempt: %w", err)
	}
	return nil
}

// clearSlot forgets every event counted in the slot.
func (s *Store) clearSlot(ctx context.Context, slot counterSlot) error {
	if _, err := s.guard.Delete(ctx, s.failures, slot.id, nil); err != nil {
		return fmt.Errorf("clear login attempts: %w", err)
	}
	return nil
}

// clearAccount forgets every failure counted against the account, from
// any address.
func (s *Store) clearAccount(ctx context.Context, emailKey string) error {
	cur, err := s.failures.Find(ctx, bson.M{"account": hashKey(emailKey)}, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return fmt.Errorf("find login attempts: %w", err)
	}
	var slots []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &slots); err != nil {
		return fmt.Errorf("read login attempts: %w", err)
	}
	for _, slot := range slots {
		if err := s.clearSlot(ctx, counterSlot{id: slot.ID}); err != nil {
			return err
		}
	}
	return nil
}

// loginAttempt holds the counter slots a sign-in attempt was counted in.
// The attempt counts as a failure unless it is reported as a success.
type loginAttempt struct {
	pair    counterSlot
	account counterSlot
}

func accountSlot(emailKey string, now time.Time) counterSlot {
	slot := slotFor("ceiling:"+emailKey, failureWindow, now)
	slot.account = hashKey(emailKey)
	return slot
}

func pairSlot(emailKey, clientIP string, now time.Time) counterSlot {
	slot := slotFor("pair:"+emailKey+"\x00"+clientIP, failureWindow, now)
	slot.account = hashKey(emailKey)
	return slot
}

// pairDelay is how long a pair waits after its count-th failure.
func pairDelay(count int) time.Duration {
	if count < freePairFailures {
		return 0
	}
	return min(firstPairDelay<<(count-freePairFailures), failureWindow)
}

// admitAttempt counts an attempt to prove the password of the account with
// emailKey, from clientIP ("" when unknown), before the password is checked.
// It refuses with a TooMany error when the pair must wait or is full, or the
// account's ceiling is reached; the refusal is the same whether or not the
// account exists.
func (s *Service) admitAttempt(ctx context.Context, emailKey, clientIP string, now time.Time) (loginAttempt, error) {
	a := loginAttempt{pair: pairSlot(emailKey, clientIP, now), account: accountSlot(emailKey, now)}
	count, ok, err := s.store.countEvent(ctx, a.pair, maxPairFailures, now)
	if err != nil {
		return a, err
	}
	if !ok {
		c, err := s.store.slotCounter(ctx, a.pair)
		if err != nil {
			return a, err
		}
		until := a.pair.end
		if c.Count < maxPairFailures && c.WaitUntil.After(now) {
			until = c.WaitUntil
		}
		return a, tooManyAttempts(until.Sub(now))
	}
	// The delay starts now, before the password is checked, so that attempts
	// sent together wait too; a success clears it.
	if d := pairDelay(count); d > 0 {
		if err := s.store.waitBefore(ctx, a.pair, now.Add(d)); err != nil {
			return a, err
		}
	}
	_, ok, err = s.store.countEvent(ctx, a.account, maxAccountFailures, now)
	if err == nil && !ok {
		err = tooManyAttempts(a.account.end.Sub(now))
	}
	if err != nil {
		// Refused before the password was checked, so not a failure of the pair.
		if uerr := s.store.uncountEvent(ctx, a.pair); uerr != nil {
			return a, uerr
		}
		return a, err
	}
	return a, nil
}

// attemptSucceeded clears the pair's failures and takes back the attempt
// from the account's, which keeps the failures from elsewhere.
func (s *Service) attemptSucceeded(ctx context.Context, a loginAttempt) error {
	if err := s.store.clearSlot(ctx, a.pair); err != nil {
		return err
	}
	return s.store.uncountEvent(ctx, a.account)
}

// attemptNotMade takes back an attempt whose password was never checked
// (the server was too busy), and returns why.
func (s *Service) attemptNotMade(ctx context.Context, a loginAttempt, why error) error {
	if err := s.store.uncountEvent(ctx, a.pair); err != nil {
		return errors.Join(why, err)
	}
	if err := s.store.uncountEvent(ctx, a.account); err != nil {
		return errors.Join(why, err)
	}
	return why
}

func tooManyAttempts(wait time.Duration) error {
	e := apperr.New(apperr.TooMany, "too-many-attempts", "too many failed sign-in attempts; try again later")
	e.RetryAfter = max(wait, time.Second)
	return e
}
