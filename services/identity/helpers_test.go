package identity

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/identity/revocation"
	"academy/services/identity/token"
	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const testBaseURL = "https://academy.test"

// logBuffer collects the JSON log lines a service writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// contains reports whether any log line holds s.
func (b *logBuffer) contains(s string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Contains(b.buf.Bytes(), []byte(s))
}

// fixture is one test's identity context on its own database.
type fixture struct {
	db    *mongo.Database
	store *Store
	keys  *token.Keyring
	svc   *Service
	clock *testenv.Clock
	log   *logBuffer
	ended *revocation.List
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	db := testenv.DB(tb)
	w, err := guarded.New(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	store := NewStore(db, w)
	if err := store.EnsureIndexes(ctx); err != nil {
		tb.Fatalf("ensure indexes: %v", err)
	}
	keys, err := token.NewKeyring(ctx, db, w, nil, token.Config{Issuer: testBaseURL, Audience: "academy-api"})
	if err != nil {
		tb.Fatalf("new keyring: %v", err)
	}
	// 10:03 is 3 minutes into a 15-minute throttling window.
	clock := testenv.NewClock(time.Date(2030, 3, 4, 10, 3, 0, 0, time.UTC))
	logs := &logBuffer{}
	rdb := redis.NewClient(testenv.Redis(tb))
	tb.Cleanup(func() { _ = rdb.Close() })
	ended := revocation.New(rdb, token.DefaultTTL+time.Minute)
	svc, err := NewService(store, keys, Options{
		PublicBaseURL: testBaseURL + "/",
		Log:           slog.New(slog.NewJSONHandler(logs, nil)),
		Now:           clock.Now,
		Sessions:      ended,
	})
	if err != nil {
		tb.Fatalf("new service: %v", err)
	}
	return &fixture{db: db, store: store, keys: keys, svc: svc, clock: clock, log: logs, ended: ended}
}

const testPassword = "correct horse battery"

// register opens an account with testPassword, its address confirmed.
func (f *fixture) register(tb testing.TB, email string) User {
	tb.Helper()
	return f.registerAs(tb, Registration{Email: email, Password: testPassword, DisplayName: "Test " + email})
}

// registerAs opens an account as its holder does: registering, then
// opening the link of the verification mail, which counts as delivered.
func (f *fixture) registerAs(tb testing.TB, r Registration) User {
	tb.Helper()
	u := f.registerUnverified(tb, r)
	f.confirmEmail(tb, u.Email)
	a, err := f.store.userByID(context.Background(), u.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return a.User
}

// registerUnverified registers r and returns the account opened.
func (f *fixture) registerUnverified(tb testing.TB, r Registration) User {
	tb.Helper()
	ctx := context.Background()
	if err := f.svc.Register(ctx, r, ""); err != nil {
		tb.Fatalf("register %s: %v", r.Email, err)
	}
	a, err := f.store.userByEmailKey(ctx, emailKey(r.Email))
	if err != nil {
		tb.Fatalf("registered %s: %v", r.Email, err)
	}
	return a.User
}

// confirmEmail opens the link of the newest verification mail to email and
// marks the mail delivered.
func (f *fixture) confirmEmail(tb testing.TB, email string) {
	tb.Helper()
	ctx := context.Background()
	m := f.lastMail(tb, email, MailVerifyEmail)
	if _, err := f.svc.VerifyEmail(ctx, tokenIn(tb, verifyLink, m.Text)); err != nil {
		tb.Fatalf("verify %s: %v", email, err)
	}
	if err := f.store.markMailSent(ctx, m.ID, f.clock.Now()); err != nil {
		tb.Fatal(err)
	}
}

var verifyLink = regexp.MustCompile(`https://academy\.test/verify-email\?token=[A-Za-z0-9_-]+`)

// lastMail returns the newest unsent mail of kind to email.
func (f *fixture) lastMail(tb testing.TB, email, kind string) Mail {
	tb.Helper()
	var found []Mail
	for _, m := range f.pendingMail(tb) {
		if m.To == email && m.Kind == kind {
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		tb.Fatalf("no %s mail to %s in the outbox", kind, email)
	}
	return found[len(found)-1]
}

// tokenIn returns the token of the link that link finds in text.
func tokenIn(tb testing.TB, link *regexp.Regexp, text string) string {
	tb.Helper()
	found := link.FindString(text)
	if found == "" {
		tb.Fatalf("no link in %q", text)
	}
	u, err := url.Parse(found)
	if err != nil {
		tb.Fatal(err)
	}
	return u.Query().Get("token")
}

// login signs in with testPassword from a fixed address.
func (f *fixture) login(tb testing.TB, email string) Session {
	tb.Helper()
	s, err := f.svc.Login(context.Background(), email, testPassword, "192.0.2.1")
	if err != nil {
		tb.Fatalf("login %s: %v", email, err)
	}
	return s
}

// exhaustPair fails sign-ins to email from ip until that pair is locked
// for the window, waiting out each delay on the test clock.
func (f *fixture) exhaustPair(tb testing.TB, email, ip string) {
	tb.Helper()
	for n := range maxPairFailures {
		f.clock.Advance(pairDelay(n))
		_, err := f.svc.Login(context.Background(), email, "wrong password!", ip)
		assertCode(tb, err, apperr.Unauthorized, "invalid-credentials")
	}
	_, err := f.svc.Login(context.Background(), email, testPassword, ip)
	assertCode(tb, err, apperr.TooMany, "too-many-attempts")
}

// admin opens an administrator account.
func (f *fixture) admin(tb testing.TB, email string) User {
	tb.Helper()
	u, err := f.svc.CreateAdmin(context.Background(), email, "Admin", testPassword)
	if err != nil {
		tb.Fatalf("create admin %s: %v", email, err)
	}
	return u
}

// assertCode fails unless err is an apperr.Error of kind with code.
func assertCode(tb testing.TB, err error, kind apperr.Kind, code string) *apperr.Error {
	tb.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		tb.Fatalf("error = %v, want an apperr.Error %q", err, code)
	}
	if ae.Kind != kind || ae.Code != code {
		tb.Fatalf("error = kind %d code %q (%v), want kind %d code %q", ae.Kind, ae.Code, err, kind, code)
	}
	return ae
}

// fieldsOf returns the names of the bad fields err reports.
func fieldsOf(tb testing.TB, err error) []string {
	tb.Helper()
	ae := assertCode(tb, err, apperr.Invalid, "validation-failed")
	names := make([]string, len(ae.Fields))
	for i, f := range ae.Fields {
		names[i] = f.Field
	}
	return names
}
