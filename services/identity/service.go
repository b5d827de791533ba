package identity

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/tally"
)

const (
	refreshTokenTTL = 30 * 24 * time.Hour
	// refreshReuseGrace is how long a used refresh token still answers with
	// its successor (Okta's default grace for token rotation is 30 s).
	refreshReuseGrace = 30 * time.Second
	passwordResetTTL  = 30 * time.Minute
	secretBytes       = 32
	slugAttempts      = 5
)

// Options configures a Service beyond its collaborators.
type Options struct {
	// PublicBaseURL is where the web app is served, e.g. https://academy.example.org;
	// password reset links point into it.
	PublicBaseURL string
	Log           *slog.Logger     // nil discards
	Now           func() time.Time // nil means time.Now
	// PasswordHashes is how many password hashes run at once, each holding
	// PasswordHashMemory; 0 means one per CPU.
	PasswordHashes int
	// Sessions ends access tokens at logout and password changes; nil
	// leaves them valid until they expire.
	Sessions SessionEnder
	// Mailer sends the outbox through Queue; nil keeps mail in the outbox.
	Mailer MailSender
	Queue  Enqueuer
	// RegistrationsPerHour is how many accounts one client address may ask
	// to open per hour; 0 means DefaultRegistrationsPerHour.
	RegistrationsPerHour int
	// DevMailLog writes mails, links included, to the log instead of
	// sending them: for development only, as the links are secrets.
	DevMailLog bool
	// Events publishes the facts recorded with organisations; nil leaves
	// them in their documents for the events reconciler.
	Events Publisher
	// Tally counts the facts of the platform dashboard no event carries; nil counts nothing.
	Tally tally.Counter
}

// Service holds the identity use cases and decides who may do what.
type Service struct {
	tally      tally.Counter
	store      *Store
	tokens     AccessTokens
	baseURL    string
	log        *slog.Logger
	now        func() time.Time
	hashes     *hashing
	dummyHash  string
	ended      SessionEnder
	mailer     MailSender
	queue      Enqueuer
	devMailLog bool
	events     Publisher
	// registrations is how many registrations one address may ask for per hour.
	registrations int
}

// NewService returns the identity service over store, issuing access tokens with tokens.
func NewService(store *Store, tokens AccessTokens, o Options) (*Service, error) {
	if o.Tally == nil {
		o.Tally = tally.None{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.RegistrationsPerHour <= 0 {
		o.RegistrationsPerHour = DefaultRegistrationsPerHour
	}
	if o.PasswordHashes <= 0 {
		o.PasswordHashes = runtime.GOMAXPROCS(0)
	}
	// Logins for unknown emails check this hash, so they take as long as real ones.
	dummy, err := argon2id.CreateHash(rand.Text(), &PasswordParams)
	if err != nil {
		return nil, fmt.Errorf("hash dummy password: %w", err)
	}
	return &Service{
		tally:      o.Tally,
		store:      store,
		tokens:     tokens,
		baseURL:    strings.TrimRight(o.PublicBaseURL, "/"),
		log:        o.Log,
		now:        o.Now,
		hashes:     newHashing(o.PasswordHashes),
		dummyHash:  dummy,
		ended:      o.Sessions,
		mailer:     o.Mailer,
		queue:      o.Queue,
		devMailLog: o.DevMailLog,
		events:     o.Events,

		registrations: o.RegistrationsPerHour,
	}, nil
}

// clock returns the current time as MongoDB stores it: UTC, in milliseconds.
func (s *Service) clock() time.Time {
	return s.now().UTC().Truncate(time.Millisecond)
}

// newSecret returns a random opaque token and the hash under which it is stored.
func newSecret() (plain, hash string) {
	b := make([]byte, secretBytes)
	_, _ = rand.Read(b)
	plain = base64.RawURLEncoding.EncodeToString(b)
	return plain, hashSecret(plain)
}

func hashSecret(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// normaliseRegistration trims the email and name and defaults the language.
func normaliseRegistration(r Registration) Registration {
	r.Email = strings.TrimSpace(r.Email)
	r.DisplayName = cleanName(r.DisplayName)
	if r.Language == "" {
		r.Language = LanguageEnglish
	}
	return r
}

// createUser opens the account; verifiedAt, when set, records that the
// email address is known to be the person's.
func (s *Service) createUser(ctx context.Context, r Registration, admin bool, verifiedAt *time.Time) (User, error) {
	hash, err := s.hashes.create(ctx, r.Password)
	if err != nil {
		return User{}, fmt.Errorf("hash password: %w", err)
	}
	now := s.clock()
	a := account{
		User: User{
			ID: ulid.Make().String(), Email: r.Email, DisplayName: r.DisplayName, Language: r.Language,
			Admin: admin, CreatedAt: now, EmailVerifiedAt: verifiedAt,
		},
		EmailKey:     emailKey(r.Email),
		PasswordHash: hash,
		PasswordAt:   now,
	}
	if err := s.store.insertUser(ctx, a, now); err != nil {
		return User{}, err
	}
	// Every account counts, as the backfill counts them, however it was opened.
	s.tally.Count(ctx, tally.Learners, a.ID, "", now)
	return a.User, nil
}

// Login checks an email and password and opens a session. clientIP, when
// known, is throttled along with the account. A wrong password and an
// unknown email fail alike, in answer and in time.
func (s *Service) Login(ctx context.Context, email, password, clientIP string) (Session, error) {
	var v apperr.Validation
	v.Check(strings.TrimSpace(email) != "", "email", "is required")
	v.Check(password != "", "password", "is required")
	if err := v.Err(); err != nil {
		return Session{}, err
	}
	key := emailKey(email)
	now := s.clock()
	attempt, err := s.admitAttempt(ctx, key, clientIP, now)
	if err != nil {
		return Session{}, err
	}
	a, err := s.store.userByEmailKey(ctx, key)
	if apperr.Is(err, apperr.NotFound) {
		if _, err := s.hashes.check(ctx, password, s.dummyHash); err != nil {
			return Session{}, s.attemptNotMade(ctx, attempt, err)
		}
		return Session{}, errInvalidCredentials()
	}
	if err != nil {
		return Session{}, fmt.Errorf("login: %w", err)
	}
	ok, err := s.hashes.check(ctx, password, a.PasswordHash)
	if apperr.Is(err, apperr.Unavailable) {
		return Session{}, s.attemptNotMade(ctx, attempt, err)
	}
	if err != nil {
		return Session{}, fmt.Errorf("login: check password of user %s: %w", a.ID, err)
	}
	if !ok {
		return Session{}, errInvalidCredentials()
	}
	if err := s.attemptSucceeded(ctx, attempt); err != nil {
		return Session{}, fmt.Errorf("login: %w", err)
	}
	if a.Suspended() {
		return Session{}, errAccountSuspended()
	}
	return s.newSession(ctx, a.User, "", now)
}

// newSession issues an access token and a refresh token in family, or in a
// new family when family is empty.
func (s *Service) newSession(ctx context.Context, u User, family string, now time.Time) (Session, error) {
	if family == "" {
		family = ulid.Make().String()
	}
	plain, hash := newSecret()
	if err := s.insertRefresh(ctx, hash, family, u.ID, now); err != nil {
		return Session{}, err
	}
	return s.session(u, family, plain)
}

func (s *Service) insertRefresh(ctx context.Context, hash, family, userID string, now time.Time) error {
	return s.store.insertRefreshToken(ctx, refreshToken{
		Hash: hash, FamilyID: family, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(refreshTokenTTL),
	})
}

// session answers with a new access token of the family's session and the
// refresh token that continues it.
func (s *Service) session(u User, family, refresh string) (Session, error) {
	p := u.Principal()
	p.SessionID = family
	access, claims, err := s.tokens.Issue(p)
	if err != nil {
		return Session{}, fmt.Errorf("issue access token for user %s: %w", u.ID, err)
	}
	return Session{AccessToken: access, AccessExpiresIn: claims.ExpiresAt.Sub(claims.IssuedAt), RefreshToken: refresh, User: u}, nil
}

// Refresh trades a refresh token for a new session in the same family; the
// token presented is used up. A client that lost the answer (a page reloaded
// mid-refresh, so the new cookie never landed) presents the used token again:
// for refreshReuseGrace, and while its successor is unused, that answers with
// the same successor, so simultaneous refreshes with one token all continue
// one session. Any other reuse means the token was stolen or replayed, and
// the whole family is revoked.
func (s *Service) Refresh(ctx context.Context, refresh string) (Session, error) {
	if refresh == "" {
		return Session{}, apperr.InvalidField("refresh_token", "is required")
	}
	hash := hashSecret(refresh)
	now := s.clock()
	t, err := s.store.refreshTokenByHash(ctx, hash)
	if apperr.Is(err, apperr.NotFound) {
		return Session{}, errInvalidRefreshToken()
	}
	if err != nil {
		return Session{}, fmt.Errorf("refresh: %w", err)
	}
	// Checked before the token is used, so that a reuse revoking the family
	// meanwhile leaves the one winner its answer, and its new token revoked.
	revoked, err := s.store.familyRevoked(ctx, t.FamilyID)
	if err != nil {
		return Session{}, err
	}
	if revoked {
		return Session{}, errInvalidRefreshToken()
	}
	// The successor is stored before the presented token is marked used, so
	// that whoever finds it used finds its successor in place too.
	successor, successorHash := newSecret()
	sealed, err := sealSuccessor(refresh, successor)
	if err != nil {
		return Session{}, err
	}
	if err := s.insertRefresh(ctx, successorHash, t.FamilyID, t.UserID, now); err != nil {
		return Session{}, err
	}
	t, ok, err := s.store.useRefreshToken(ctx, hash, sealed, now)
	if err != nil {
		return Session{}, err
	}
	if !ok {
		if err := s.store.deleteRefreshToken(ctx, successorHash); err != nil {
			return Session{}, err
		}
		return s.refuseRefresh(ctx, refresh, now)
	}
	return s.continueSession(ctx, t, successor)
}

// continueSession answers a refresh of t with its successor, unless the
// account is gone, deleted or suspended: a deletion whose sessions were not
// all ended yet still ends them here.
func (s *Service) continueSession(ctx context.Context, t refreshToken, successor string) (Session, error) {
	a, err := s.store.userByID(ctx, t.UserID)
	if apperr.Is(err, apperr.NotFound) || err == nil && a.Deleted() {
		return Session{}, errInvalidRefreshToken()
	}
	if err != nil {
		return Session{}, fmt.Errorf("refresh: %w", err)
	}
	if a.Suspended() {
		return Session{}, errAccountSuspended()
	}
	return s.session(a.User, t.FamilyID, successor)
}

// refuseRefresh answers a refresh token that could not be used: with its
// successor within the reuse grace, otherwise refused, revoking its family
// when it had been used before.
func (s *Service) refuseRefresh(ctx context.Context, refresh string, now time.Time) (Session, error) {
	t, err := s.store.refreshTokenByHash(ctx, hashSecret(refresh))
	if apperr.Is(err, apperr.NotFound) {
		return Session{}, errInvalidRefreshToken()
	}
	if err != nil {
		return Session{}, fmt.Errorf("refresh: %w", err)
	}
	if t.UsedAt == nil {
		return Session{}, errInvalidRefreshToken()
	}
	// The session may have ended since t was used, its tokens not yet all
	// marked: the family's record decides, as for any refresh.
	revoked, err := s.store.familyRevoked(ctx, t.FamilyID)
	if err != nil {
		return Session{}, err
	}
	if revoked {
		return Session{}, errInvalidRefreshToken()
	}
	if successor, ok, err := s.unusedSuccessor(ctx, t, refresh, now); err != nil {
		return Session{}, err
	} else if ok {
		return s.continueSession(ctx, t, successor)
	}
	if err := s.store.revokeFamily(ctx, t.FamilyID, now); err != nil {
		return Session{}, err
	}
	if err := s.endSessions(ctx, t.FamilyID); err != nil {
		return Session{}, err
	}
	s.log.WarnContext(ctx, "refresh token reused; session revoked", "user_id", t.UserID, "family_id", t.FamilyID)
	return Session{}, errInvalidRefreshToken()
}

// unusedSuccessor returns the successor of the used token t when the reuse
// grace allows answering with it: t was used moments ago, and its successor
// is still unused and unrevoked (a client that moved on to the successor
// never presents t again).
func (s *Service) unusedSuccessor(ctx context.Context, t refreshToken, refresh string, now time.Time) (string, bool, error) {
	if t.RevokedAt != nil || t.Successor == "" || now.Sub(*t.UsedAt) > refreshReuseGrace {
		return "", false, nil
	}
	successor, err := openSuccessor(refresh, t.Successor)
	if err != nil {
		return "", false, nil
	}
	next, err := s.store.refreshTokenByHash(ctx, hashSecret(successor))
	if apperr.Is(err, apperr.NotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("refresh: %w", err)
	}
	return successor, next.UsedAt == nil && next.RevokedAt == nil, nil
}

// sealSuccessor encrypts the successor of a refresh token under a key only
// the presented token derives: the database, which keeps tokens hashed,
// never holds a usable one.
func sealSuccessor(presented, successor string) (string, error) {
	aead, err := successorCipher(presented)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(successor), nil)), nil
}

func openSuccessor(presented, sealed string) (string, error) {
	aead, err := successorCipher(presented)
	if err != nil {
		return "", err
	}
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(b) < aead.NonceSize() {
		return "", fmt.Errorf("open refresh successor: malformed")
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil {
		return "", fmt.Errorf("open refresh successor: %w", err)
	}
	return string(plain), nil
}

func successorCipher(presented string) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, []byte(presented), nil, "academy refresh successor", 32)
	if err != nil {
		return nil, fmt.Errorf("derive refresh successor key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("refresh successor cipher: %w", err)
	}
	return cipher.NewGCM(block)
}

// Logout ends the session the refresh token belongs to.
func (s *Service) Logout(ctx context.Context, refresh string) error {
	if refresh == "" {
		return apperr.InvalidField("refresh_token", "is required")
	}
	t, err := s.store.refreshTokenByHash(ctx, hashSecret(refresh))
	if apperr.Is(err, apperr.NotFound) {
		return errInvalidRefreshToken()
	}
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	if err := s.store.revokeFamily(ctx, t.FamilyID, s.clock()); err != nil {
		return err
	}
	return s.endSessions(ctx, t.FamilyID)
}

// ChangePassword changes the user's password after checking the current one,
// and ends the user's other sessions. Wrong current passwords count as
// failed sign-ins of the account.
func (s *Service) ChangePassword(ctx context.Context, userID string, c PasswordChange) error {
	a, err := s.store.userByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	var v apperr.Validation
	v.Check(c.Current != "", "current_password", "is required")
	checkPassword(&v, "new_password", c.New, a.Email)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.confirmPassword(ctx, a, "current_password", c.Current); err != nil {
		return err
	}
	now := s.clock()
	keep := c.KeepSession
	if keep == "" && c.KeepRefreshToken != "" {
		t, err := s.store.refreshTokenByHash(ctx, hashSecret(c.KeepRefreshToken))
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return fmt.Errorf("change password: %w", err)
		}
		if err == nil && t.UserID == a.ID {
			keep = t.FamilyID
		}
	}
	return s.replacePassword(ctx, a, c.New, keep, now)
}

// replacePassword sets the password and ends every session of the user
// outside the family keep: its refresh tokens and its access tokens.
func (s *Service) replacePassword(ctx context.Context, a account, password, keep string, now time.Time) error {
	hash, err := s.hashes.create(ctx, password)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	if err := s.store.setPasswordHash(ctx, a.ID, hash, now); err != nil {
		return err
	}
	if err := s.store.revokeUserRefreshTokens(ctx, a.ID, keep, now); err != nil {
		return err
	}
	return s.endUserSessions(ctx, a.ID, keep, now)
}

// ForgotPassword mails a single-use reset link when an account uses email,
// and does nothing otherwise: the caller cannot tell which happened. Only the
// newest link of an account works.
func (s *Service) ForgotPassword(ctx context.Context, email string) error {
	key := emailKey(email)
	a, err := s.store.userByEmailKey(ctx, key)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("forgot password: %w", err)
	}
	now := s.clock()
	_, ok, err := s.store.countEvent(ctx, slotFor("reset-mail:"+key, resetMailWindow, now), maxResetMails, now)
	if err != nil {
		return fmt.Errorf("forgot password: %w", err)
	}
	if !ok {
		s.log.InfoContext(ctx, "password reset mail withheld: too many asked", "user_id", a.ID)
		return nil
	}
	return s.mailResetLink(ctx, a, now)
}

// mailResetLink mails the account's holder a new password reset link; the
// older links of the account stop working.
func (s *Service) mailResetLink(ctx context.Context, a account, now time.Time) error {
	plain, hash := newSecret()
	err := s.store.insertPasswordReset(ctx, passwordReset{Hash: hash, UserID: a.ID, CreatedAt: now, ExpiresAt: now.Add(passwordResetTTL)})
	if err != nil {
		return err
	}
	if err := s.store.deleteOtherPasswordResets(ctx, a.ID, hash); err != nil {
		return err
	}
	link := s.baseURL + "/password/reset?" + url.Values{"token": {plain}}.Encode()
	subject, text := resetMail(a.User, link)
	return s.sendMail(ctx, Mail{ID: ulid.Make().String(), To: a.Email, Subject: subject, Text: text, Kind: MailPasswordReset, CreatedAt: now})
}

// ResetPassword sets a new password with a reset token, using the token up,
// and ends every session of the account.
func (s *Service) ResetPassword(ctx context.Context, resetToken, password string) error {
	if resetToken == "" {
		var v apperr.Validation
		v.Add("token", "is required")
		checkPassword(&v, "password", password, "")
		return v.Err()
	}
	hash := hashSecret(resetToken)
	now := s.clock()
	r, err := s.store.usablePasswordReset(ctx, hash, now)
	if apperr.Is(err, apperr.NotFound) {
		return errInvalidResetToken()
	}
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	a, err := s.store.userByID(ctx, r.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return errInvalidResetToken()
	}
	if err != nil {
		return fmt.Errorf("reset password: %w", err)
	}
	var v apperr.Validation
	checkPassword(&v, "password", password, a.Email)
	if err := v.Err(); err != nil {
		return err
	}
	ok, err := s.store.consumePasswordReset(ctx, hash, now)
	if err != nil {
		return err
	}
	if !ok {
		return errInvalidResetToken()
	}
	if err := s.replacePassword(ctx, a, password, "", now); err != nil {
		return err
	}
	// Whoever holds the mailbox proved the account is theirs: let them sign in.
	return s.store.clearAccount(ctx, a.EmailKey)
}

// Me returns the user's own account.
func (s *Service) Me(ctx context.Context, userID string) (User, error) {
	a, err := s.store.userByID(ctx, userID)
	return a.User, err
}

// Contact returns a user's display name and email address, for the staff
// of the courses the user takes.
func (s *Service) Contact(ctx context.Context, userID string) (name, email string, err error) {
	a, err := s.store.userByID(ctx, userID)
	return a.DisplayName, a.Email, err
}

// UserIDByEmail returns the id of the account with this email address, in
// any case, or a NotFound error.
func (s *Service) UserIDByEmail(ctx context.Context, email string) (string, error) {
	a, err := s.store.userByEmailKey(ctx, emailKey(email))
	return a.ID, err
}

// UpdateProfile changes the user's display name and preferred language.
func (s *Service) UpdateProfile(ctx context.Context, userID string, c ProfileChange) (User, error) {
	var v apperr.Validation
	set := bson.M{}
	if c.DisplayName != nil {
		name := cleanName(*c.DisplayName)
		checkText(&v, "display_name", name, 1, maxDisplayNameLen)
		set["display_name"] = name
	}
	if c.Language != nil {
		checkLanguage(&v, "language", *c.Language)
		set["language"] = *c.Language
	}
	if err := v.Err(); err != nil {
		return User{}, err
	}
	if len(set) == 0 {
		return s.Me(ctx, userID)
	}
	return s.store.updateUser(ctx, userID, set)
}

// CreateAdmin makes the account with email an administrator, opening it
// with displayName and password when there is none. An existing account
// keeps its name and password.
func (s *Service) CreateAdmin(ctx context.Context, email, displayName, password string) (User, error) {
	for range 2 {
		a, err := s.store.userByEmailKey(ctx, emailKey(email))
		if err == nil {
			if a.Suspended() {
				// The operator's command vouches for the person: lift the suspension.
				if _, err := s.store.updateUser(ctx, a.ID, bson.M{"suspended_at": nil}); err != nil {
					return User{}, err
				}
			}
			u, _, err := s.promote(ctx, a.ID)
			return u, err
		}
		if !apperr.Is(err, apperr.NotFound) {
			return User{}, fmt.Errorf("create admin: %w", err)
		}
		r := normaliseRegistration(Registration{Email: email, Password: password, DisplayName: displayName})
		var v apperr.Validation
		checkEmail(&v, "email", r.Email)
		checkPassword(&v, "password", r.Password, r.Email)
		checkText(&v, "display_name", r.DisplayName, 1, maxDisplayNameLen)
		if err := v.Err(); err != nil {
			return User{}, err
		}
		if err := s.store.ensureAdminCount(ctx); err != nil {
			return User{}, err
		}
		// The operator running the command vouches for the address.
		now := s.clock()
		u, err := s.createUser(ctx, r, true, &now)
		if err == nil {
			return u, s.store.addAdmins(ctx, 1)
		}
		// An account opened meanwhile under the same email is promoted instead.
		if !apperr.Is(err, apperr.Conflict) {
			return u, err
		}
	}
	return User{}, fmt.Errorf("create admin %s: the account keeps changing", email)
}

// SetPassword sets the password of the account with email, as an
// administrator does for a user locked out, and ends its sessions.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	a, err := s.store.userByEmailKey(ctx, emailKey(email))
	if apperr.Is(err, apperr.NotFound) {
		return apperr.NotFoundf("no account uses the email %s", email)
	}
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	var v apperr.Validation
	checkPassword(&v, "password", password, a.Email)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock()
	if err := s.replacePassword(ctx, a, password, "", now); err != nil {
		return err
	}
	return s.store.clearAccount(ctx, a.EmailKey)
}

// EnsureSampleAccount returns the id of the sample account with email,
// opening it when there is none. The seed's sample participants use it:
// their addresses are on .example domains and their names say "(sample)";
// no one can sign in to them, as their password hash is the one no
// password matches (its password is a random secret thrown away), and
// opening them hashes nothing, which keeps a first start fast.
func (s *Service) EnsureSampleAccount(ctx context.Context, email, displayName string) (string, error) {
	for range 2 {
		a, err := s.store.userByEmailKey(ctx, emailKey(email))
		if err == nil {
			return a.ID, nil
		}
		if !apperr.Is(err, apperr.NotFound) {
			return "", fmt.Errorf("sample account %s: %w", email, err)
		}
		r := normaliseRegistration(Registration{Email: email, DisplayName: displayName})
		var v apperr.Validation
		checkEmail(&v, "email", r.Email)
		checkText(&v, "display_name", r.DisplayName, 1, maxDisplayNameLen)
		if err := v.Err(); err != nil {
			return "", err
		}
		now := s.clock()
		u := account{
			User:         User{ID: ulid.Make().String(), Email: r.Email, DisplayName: r.DisplayName, Language: r.Language, CreatedAt: now, EmailVerifiedAt: &now},
			EmailKey:     emailKey(r.Email),
			PasswordHash: s.dummyHash,
			PasswordAt:   now,
			Sample:       true,
		}
		err = s.store.insertUser(ctx, u, now)
		if err == nil {
			return u.ID, nil
		}
		if !apperr.Is(err, apperr.Conflict) {
			return "", err
		}
	}
	return "", fmt.Errorf("sample account %s: the account keeps changing", email)
}

// DeleteSampleAccount deletes the sample account EnsureSampleAccount opened
// at email and returns its id, "" when there is none. It refuses any other
// account: that is a person's.
func (s *Service) DeleteSampleAccount(ctx context.Context, email string) (string, error) {
	a, err := s.store.userByEmailKey(ctx, emailKey(email))
	if apperr.Is(err, apperr.NotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if !a.Sample {
		return "", fmt.Errorf("account %s is not a sample account", email)
	}
	if err := s.store.deleteUser(ctx, a.ID); err != nil {
		return "", err
	}
	return a.ID, s.store.releaseEmail(ctx, a.EmailKey, a.ID)
}
