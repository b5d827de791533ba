package identity

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
)

// Email verification: a new account gets a single-use link, stored only as
// its hash, that proves the address belongs to whoever opens it. An
// unverified account may sign in and learn; what needs one verified person
// per address (answering invitations, and later competitions and the talent
// pool) calls RequireVerifiedEmail first.
const (
	verificationTTL = 48 * time.Hour

	// Verification mails a signed-in person may ask for, and mails to an
	// owner about registrations with their address, per window.
	verifyMailWindow = 15 * time.Minute
	maxVerifyMails   = 3

	registrationWindow = time.Hour
	// DefaultRegistrationsPerHour is how many accounts one address may ask
	// to open per hour unless Options says otherwise.
	DefaultRegistrationsPerHour = 20
)

// emailVerification is the stored form of a verification token: only its
// hash, with the address it proves, so that a token for an address the
// account no longer uses proves nothing.
type emailVerification struct {
	Hash      string     `bson:"_id"`
	UserID    string     `bson:"user_id"`
	EmailKey  string     `bson:"email_key"`
	CreatedAt time.Time  `bson:"created_at"`
	ExpiresAt time.Time  `bson:"expires_at"`
	UsedAt    *time.Time `bson:"used_at"`
}

// errEmailUnverified refuses what needs a verified email address.
func errEmailUnverified() error {
	return apperr.New(apperr.Forbidden, "email-unverified", "confirm your email address first: open the link we mailed you, or ask for a new one")
}

// Register asks to open a learner account. It answers alike whether or not
// an account already uses the email, so that nobody learns which addresses
// have one: a new address gets a verification mail, a taken one a mail to
// its owner. clientIP, when known, is throttled.
func (s *Service) Register(ctx context.Context, r Registration, clientIP string) error {
	r = normaliseRegistration(r)
	var v apperr.Validation
	checkEmail(&v, "email", r.Email)
	checkPassword(&v, "password", r.Password, r.Email)
	checkText(&v, "display_name", r.DisplayName, 1, maxDisplayNameLen)
	checkLanguage(&v, "language", r.Language)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock()
	if clientIP != "" {
		slot := slotFor("register:"+clientIP, registrationWindow, now)
		_, ok, err := s.store.countEvent(ctx, slot, s.registrations, now)
		if err != nil {
			return fmt.Errorf("register: %w", err)
		}
		if !ok {
			e := apperr.New(apperr.TooMany, "too-many-registrations", "too many accounts asked for from this address; try again later")
			e.RetryAfter = slot.end.Sub(now)
			return e
		}
	}
	u, err := s.createUser(ctx, r, false, nil)
	if apperr.Is(err, apperr.Conflict) {
		return s.mailRegistrationTaken(ctx, r.Email, now)
	}
	if err != nil {
		return err
	}
	return s.sendVerification(ctx, u, now)
}

// mailRegistrationTaken tells the owner of email that someone tried to
// register with it, a few times per window at most.
func (s *Service) mailRegistrationTaken(ctx context.Context, email string, now time.Time) error {
	key := emailKey(email)
	a, err := s.store.userByEmailKey(ctx, key)
	if apperr.Is(err, apperr.NotFound) {
		return nil // being opened at this instant by another registration, which mails its own link
	}
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	_, ok, err := s.store.countEvent(ctx, slotFor("taken-mail:"+key, verifyMailWindow, now), maxVerifyMails, now)
	if err != nil {
		return fmt.Errorf("register: %w", err)
	}
	if !ok {
		s.log.InfoContext(ctx, "registration-taken mail withheld: too many asked", "user_id", a.ID)
		return nil
	}
	subject, text := takenMail(a.User, s.baseURL+"/signin", s.baseURL+"/password/forgot")
	return s.sendMail(ctx, Mail{ID: ulid.Make().String(), To: a.Email, Subject: subject, Text: text, Kind: MailRegistrationTaken, CreatedAt: now})
}

// sendVerification mails u a new verification link; only the newest works.
func (s *Service) sendVerification(ctx context.Context, u User, now time.Time) error {
	plain, hash := newSecret()
	err := s.store.insertVerification(ctx, emailVerification{Hash: hash, UserID: u.ID, EmailKey: emailKey(u.Email), CreatedAt: now, ExpiresAt: now.Add(verificationTTL)})
	if err != nil {
		return err
	}
	if err := s.store.deleteOtherVerifications(ctx, u.ID, hash); err != nil {
		return err
	}
	link := s.baseURL + "/verify-email?" + url.Values{"token": {plain}}.Encode()
	subject, text := verifyMail(u, link)
	return s.sendMail(ctx, Mail{ID: ulid.Make().String(), To: u.Email, Subject: subject, Text: text, Kind: MailVerifyEmail, CreatedAt: now})
}

// sendMail writes m to the outbox and asks the worker to deliver it.
func (s *Service) sendMail(ctx context.Context, m Mail) error {
	if err := s.store.enqueueMail(ctx, m); err != nil {
		return err
	}
	s.queueMail(ctx, m)
	return nil
}

// ResendVerification mails the user a new verification link, a few times
// per window at most.
func (s *Service) ResendVerification(ctx context.Context, userID string) error {
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	if a.EmailVerified() {
		return apperr.Conflictf("email-verified", "your email address is confirmed already")
	}
	now := s.clock()
	slot := slotFor("verify-mail:"+a.ID, verifyMailWindow, now)
	_, ok, err := s.store.countEvent(ctx, slot, maxVerifyMails, now)
	if err != nil {
		return fmt.Errorf("resend verification: %w", err)
	}
	if !ok {
		e := apperr.New(apperr.TooMany, "too-many-mails", "we sent you several links just now; check your inbox, or ask again later")
		e.RetryAfter = slot.end.Sub(now)
		return e
	}
	return s.sendVerification(ctx, a.User, now)
}

// VerifyEmail uses up a verification token and marks the address of its
// account verified: of several uses of one token, one succeeds.
func (s *Service) VerifyEmail(ctx context.Context, verificationToken string) (User, error) {
	if verificationToken == "" {
		return User{}, apperr.InvalidField("token", "is required")
	}
	now := s.clock()
	t, ok, err := s.store.consumeVerification(ctx, hashSecret(verificationToken), now)
	if err != nil {
		return User{}, err
	}
	if !ok {
		return User{}, errInvalidVerificationToken()
	}
	u, ok, err := s.store.markEmailVerified(ctx, t.UserID, t.EmailKey, now)
	if err != nil {
		return User{}, err
	}
	if !ok {
		return User{}, errInvalidVerificationToken()
	}
	return u, nil
}

// RequireVerifiedEmail refuses, with the problem "email-unverified", a user
// whose email address is not verified. Contexts whose rules need one
// verified person per account (competitions, the talent pool) call it.
func (s *Service) RequireVerifiedEmail(ctx context.Context, userID string) error {
	_, err := s.verifiedAccount(ctx, userID)
	return err
}

func (s *Service) verifiedAccount(ctx context.Context, userID string) (account, error) {
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return a, err
	}
	if !a.EmailVerified() {
		return a, errEmailUnverified()
	}
	return a, nil
}

func (s *Store) insertVerification(ctx context.Context, v emailVerification) error {
	if _, err := s.verifies.InsertOne(ctx, v); err != nil {
		return fmt.Errorf("insert email verification: %w", err)
	}
	return nil
}

func (s *Store) deleteOtherVerifications(ctx context.Context, userID, keep string) error {
	if _, err := s.verifies.DeleteMany(ctx, bson.M{"user_id": userID, "_id": bson.M{"$ne": keep}}); err != nil {
		return fmt.Errorf("delete older email verifications of user %s: %w", userID, err)
	}
	return nil
}

// consumeVerification marks the token used if it is still usable, and
// reports whether it was.
func (s *Store) consumeVerification(ctx context.Context, hash string, now time.Time) (emailVerification, bool, error) {
	var v emailVerification
	ok, err := s.guard.UpdateAndRead(ctx, s.verifies, hash, bson.M{"used_at": nil, "expires_at": bson.M{"$gt": now}}, bson.M{"$set": bson.M{"used_at": now}}, &v)
	if err != nil {
		return v, false, fmt.Errorf("consume email verification: %w", err)
	}
	return v, ok, nil
}

// markEmailVerified records that the user proved the address with key,
// unless the account uses another address now; verifying twice keeps the
// first date.
func (s *Store) markEmailVerified(ctx context.Context, userID, key string, at time.Time) (User, bool, error) {
	var u User
	ok, err := s.guard.UpdateAndRead(ctx, s.users, userID, bson.M{"email_key": key, "email_verified_at": nil}, bson.M{"$set": bson.M{"email_verified_at": at}}, &u)
	if err != nil {
		return u, false, fmt.Errorf("verify email of user %s: %w", userID, err)
	}
	if ok {
		return u, true, nil
	}
	a, err := s.userByID(ctx, userID)
	if apperr.Is(err, apperr.NotFound) {
		return u, false, nil
	}
	if err != nil {
		return u, false, err
	}
	return a.User, a.EmailKey == key && a.EmailVerified(), nil
}
