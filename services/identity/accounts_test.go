package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/event"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/testenv"
)

func TestRegisterValidation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	valid := Registration{Email: "ada@example.org", Password: testPassword, DisplayName: "Ada", Language: "fr"}
	tests := []struct {
		name   string
		change func(r *Registration)
		fields []string
	}{
		{"email missing", func(r *Registration) { r.Email = "" }, []string{"email"}},
		{"email malformed", func(r *Registration) { r.Email = "ada.example.org" }, []string{"email"}},
		{"email with a display name", func(r *Registration) { r.Email = "Ada <ada@example.org>" }, []string{"email"}},
		{"password of 9 characters", func(r *Registration) { r.Password = "123456789" }, []string{"password"}},
		{"password of 129 characters", func(r *Registration) { r.Password = strings.Repeat("p", 129) }, []string{"password"}},
		{"password of 9 characters in 18 bytes", func(r *Registration) { r.Password = strings.Repeat("é", 9) }, []string{"password"}},
		{"password equal to the email in other case", func(r *Registration) { r.Password = "ADA@example.ORG" }, []string{"password"}},
		{"display name blank", func(r *Registration) { r.DisplayName = "   " }, []string{"display_name"}},
		{"display name on two lines", func(r *Registration) { r.DisplayName = "Ada\nLovelace" }, []string{"display_name"}},
		{"language not offered", func(r *Registration) { r.Language = "es" }, []string{"language"}},
		{"everything wrong", func(r *Registration) { *r = Registration{Email: "x", Password: "short", Language: "xx"} },
			[]string{"email", "password", "display_name", "language"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid
			tt.change(&r)
			err := f.svc.Register(ctx, r, "")
			if got := fieldsOf(t, err); !slices.Equal(got, tt.fields) {
				t.Errorf("bad fields = %v, want %v", got, tt.fields)
			}
		})
	}
	t.Run("limits are inclusive and count characters", func(t *testing.T) {
		for i, pw := range []string{strings.Repeat("é", 10), strings.Repeat("p", 128)} {
			r := valid
			r.Email = "limit" + string(rune('a'+i)) + "@example.org"
			r.Password = pw
			if err := f.svc.Register(ctx, r, ""); err != nil {
				t.Errorf("password of %d characters: %v", len([]rune(pw)), err)
			}
		}
	})
}

func TestRegisterStoresAccount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.registerUnverified(t, Registration{Email: "  Ada.Lovelace@Example.ORG ", Password: testPassword, DisplayName: " Ada ", Language: "de"})
	if u.Email != "Ada.Lovelace@Example.ORG" || u.DisplayName != "Ada" || u.Language != "de" || u.Admin || !u.CreatedAt.Equal(f.clock.Now()) || u.EmailVerified() {
		t.Errorf("user = %+v", u)
	}
	var doc bson.M
	if err := f.db.Collection("users").FindOne(ctx, bson.M{"_id": u.ID}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc["email_key"] != "ada.lovelace@example.org" || doc["email"] != "Ada.Lovelace@Example.ORG" {
		t.Errorf("stored email = %v, key = %v", doc["email"], doc["email_key"])
	}
	hash, _ := doc["password_hash"].(string)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, testPassword) {
		t.Errorf("password hash = %q, want argon2id with m=19456,t=2,p=1", hash)
	}
	t.Run("language defaults to English", func(t *testing.T) {
		u := f.register(t, "grace@example.org")
		if u.Language != LanguageEnglish {
			t.Errorf("language = %q", u.Language)
		}
	})
	t.Run("same email in other case mails the owner and changes nothing", func(t *testing.T) {
		if err := f.svc.Register(ctx, Registration{Email: "ADA.LOVELACE@example.org", Password: "another long password", DisplayName: "Other"}, ""); err != nil {
			t.Fatalf("registering a taken email = %v, want the same answer as a new one", err)
		}
		m := f.lastMail(t, "Ada.Lovelace@Example.ORG", MailRegistrationTaken)
		if !strings.Contains(m.Text, "Hallo Ada,") || !strings.Contains(m.Text, testBaseURL+"/password/forgot") {
			t.Errorf("mail to the owner = %q", m.Text)
		}
		a, err := f.store.userByID(ctx, u.ID)
		if err != nil || a.DisplayName != "Ada" || a.PasswordHash != hash {
			t.Errorf("account after the attempt = %+v, %v", a.User, err)
		}
	})
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")

	s, err := f.svc.Login(ctx, "ADA@EXAMPLE.ORG", testPassword, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	p, claims, err := f.keys.Verify(s.AccessToken)
	if err != nil {
		t.Fatalf("access token does not verify: %v", err)
	}
	if p.UserID != u.ID || p.Admin || s.User.ID != u.ID || s.AccessExpiresIn != claims.ExpiresAt.Sub(claims.IssuedAt) || s.AccessExpiresIn <= 0 {
		t.Errorf("session = %+v, principal = %+v", s, p)
	}
	if len(s.RefreshToken) != 43 {
		t.Errorf("refresh token %q is not 32 bytes in base64url", s.RefreshToken)
	}

	tests := []struct{ name, email, password string }{
		{"wrong password", "ada@example.org", "wrong password!"},
		{"unknown email", "nobody@example.org", testPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Login(ctx, tt.email, tt.password, "192.0.2.1")
			ae := assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
			if ae.Detail != "the email or the password is wrong" {
				t.Errorf("detail = %q", ae.Detail)
			}
		})
	}
}

// An unknown email must cost an argon2id check like a known one, or the
// response time would tell which emails have accounts.
func TestLoginTakesAsLongForUnknownEmails(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	median := func(email string) time.Duration {
		var ds []time.Duration
		for range 5 {
			start := time.Now()
			_, _ = f.svc.Login(ctx, email, "wrong password!", "192.0.2.1")
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[len(ds)/2]
	}
	known, unknown := median("ada@example.org"), median("nobody@example.org")
	if unknown < known/3 {
		t.Errorf("login for an unknown email took %v, for a known one %v", unknown, known)
	}
}

func TestLoginThrottlingPerPair(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	for _, email := range []string{"ada@example.org", "nobody@example.org"} {
		t.Run(email, func(t *testing.T) {
			for range freePairFailures {
				_, err := f.svc.Login(ctx, email, "wrong password!", "192.0.2.1")
				assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
			}
			// The next attempt from the pair waits a second, then two.
			_, err := f.svc.Login(ctx, email, testPassword, "192.0.2.1")
			if ae := assertCode(t, err, apperr.TooMany, "too-many-attempts"); ae.RetryAfter != time.Second {
				t.Errorf("retry after %v, want 1s", ae.RetryAfter)
			}
			f.clock.Advance(time.Second)
			_, err = f.svc.Login(ctx, email, "wrong password!", "192.0.2.1")
			assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
			_, err = f.svc.Login(ctx, email, "wrong password!", "192.0.2.1")
			if ae := assertCode(t, err, apperr.TooMany, "too-many-attempts"); ae.RetryAfter != 2*time.Second {
				t.Errorf("retry after %v, want 2s", ae.RetryAfter)
			}
		})
	}

	t.Run("a full pair waits for the next window", func(t *testing.T) {
		f.clock.Advance(pairDelay(freePairFailures + 1))
		for n := freePairFailures + 1; n < maxPairFailures; n++ {
			f.clock.Advance(pairDelay(n))
			_, err := f.svc.Login(ctx, "ada@example.org", "wrong password!", "192.0.2.1")
			assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
		}
		f.clock.Advance(time.Hour / 60)
		_, err := f.svc.Login(ctx, "ada@example.org", testPassword, "192.0.2.1")
		ae := assertCode(t, err, apperr.TooMany, "too-many-attempts")
		if end := f.clock.Now().Truncate(failureWindow).Add(failureWindow); ae.RetryAfter != end.Sub(f.clock.Now()) {
			t.Errorf("retry after %v, want the end of the window", ae.RetryAfter)
		}
		// The owner elsewhere is not locked out.
		if _, err := f.svc.Login(ctx, "ada@example.org", testPassword, "198.51.100.7"); err != nil {
			t.Errorf("login from another address: %v", err)
		}
		f.clock.Advance(ae.RetryAfter)
		if _, err := f.svc.Login(ctx, "ada@example.org", testPassword, "192.0.2.1"); err != nil {
			t.Errorf("login in the next window: %v", err)
		}
	})

	t.Run("success clears the pair's failures", func(t *testing.T) {
		for range freePairFailures - 1 {
			_, _ = f.svc.Login(ctx, "ada@example.org", "wrong password!", "192.0.2.1")
		}
		f.login(t, "ada@example.org")
		for range freePairFailures {
			_, err := f.svc.Login(ctx, "ada@example.org", "wrong password!", "192.0.2.1")
			assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
		}
	})
}

func TestLoginCeilingPerAccount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	// Guessing spread over many addresses, none of them at its pair's limit.
	addresses := maxAccountFailures / (maxPairFailures - 1)
	failures := 0
	for n := 0; failures < maxAccountFailures; n++ {
		f.clock.Advance(pairDelay(n))
		for i := 0; i < addresses && failures < maxAccountFailures; i++ {
			_, err := f.svc.Login(ctx, "ada@example.org", "wrong password!", fmt.Sprintf("203.0.113.%d", i))
			assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
			failures++
		}
	}
	_, err := f.svc.Login(ctx, "ada@example.org", testPassword, "198.51.100.7")
	ae := assertCode(t, err, apperr.TooMany, "too-many-attempts")
	if end := f.clock.Now().Truncate(failureWindow).Add(failureWindow); ae.RetryAfter != end.Sub(f.clock.Now()) {
		t.Errorf("retry after %v, want the end of the window", ae.RetryAfter)
	}
	// A refusal by the ceiling counts against no pair: the next window admits.
	f.clock.Advance(ae.RetryAfter)
	if _, err := f.svc.Login(ctx, "ada@example.org", testPassword, "198.51.100.7"); err != nil {
		t.Errorf("login in the next window: %v", err)
	}
}

func TestRefreshRotation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")
	first := f.login(t, "ada@example.org")
	other := f.login(t, "ada@example.org")

	second, err := f.svc.Refresh(ctx, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if second.RefreshToken == first.RefreshToken || second.User.ID != u.ID {
		t.Fatalf("refresh did not rotate: %+v", second)
	}
	if p, _, err := f.keys.Verify(second.AccessToken); err != nil || p.UserID != u.ID {
		t.Fatalf("refreshed access token: %v %+v", err, p)
	}
	third, err := f.svc.Refresh(ctx, second.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}

	// first was used: presenting it again revokes its whole family.
	_, err = f.svc.Refresh(ctx, first.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	_, err = f.svc.Refresh(ctx, third.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")

	if _, err := f.svc.Refresh(ctx, other.RefreshToken); err != nil {
		t.Errorf("another session was revoked too: %v", err)
	}
	_, err = f.svc.Refresh(ctx, "not-a-token")
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
}

// A used token presented again moments later (a page reloaded before the
// new cookie landed) answers with the same successor while that is unused;
// after the grace, or once the successor was used, it revokes the family.
func TestRefreshReuseGrace(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")

	first := f.login(t, "ada@example.org")
	second, err := f.svc.Refresh(ctx, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(refreshReuseGrace)
	again, err := f.svc.Refresh(ctx, first.RefreshToken)
	if err != nil {
		t.Fatalf("the used token within the grace: %v", err)
	}
	if again.RefreshToken != second.RefreshToken {
		t.Fatal("the used token within the grace gave another successor")
	}
	if p, _, err := f.keys.Verify(again.AccessToken); err != nil || p.SessionID == "" {
		t.Fatalf("access token of the repeated answer: %v %+v", err, p)
	}
	third, err := f.svc.Refresh(ctx, second.RefreshToken)
	if err != nil {
		t.Fatalf("the successor given twice works once: %v", err)
	}
	_, err = f.svc.Refresh(ctx, first.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	_, err = f.svc.Refresh(ctx, third.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")

	late := f.login(t, "ada@example.org")
	successor, err := f.svc.Refresh(ctx, late.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(refreshReuseGrace + time.Second)
	_, err = f.svc.Refresh(ctx, late.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	_, err = f.svc.Refresh(ctx, successor.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")

	// The database holds the successor only sealed: no stored field is a
	// token that works.
	stolen := f.login(t, "ada@example.org")
	if _, err := f.svc.Refresh(ctx, stolen.RefreshToken); err != nil {
		t.Fatal(err)
	}
	var doc refreshToken
	if err := f.db.Collection("refresh_tokens").FindOne(ctx, bson.M{"_id": hashSecret(stolen.RefreshToken)}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Successor == "" {
		t.Fatal("no sealed successor stored")
	}
	_, err = f.svc.Refresh(ctx, doc.Successor)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	if _, err := openSuccessor("not the token", doc.Successor); err == nil {
		t.Error("the successor opened under another token's key")
	}
}

func TestRefreshRefusesADeletedOrSuspendedAccount(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		field string
		kind  apperr.Kind
		code  string
	}{
		{"deleted", "deleted_at", apperr.Unauthorized, "invalid-refresh-token"},
		{"suspended", "suspended_at", apperr.Forbidden, "account-suspended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			u := f.register(t, "ada@example.org")
			first := f.login(t, "ada@example.org")
			second, err := f.svc.Refresh(ctx, first.RefreshToken)
			if err != nil {
				t.Fatal(err)
			}
			// As a deletion or suspension leaves the account before its
			// sessions are ended.
			if _, err := f.db.Collection("users").UpdateOne(ctx, bson.M{"_id": u.ID}, bson.M{"$set": bson.M{tc.field: f.clock.Now()}}); err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.Refresh(ctx, first.RefreshToken) // within the reuse grace
			assertCode(t, err, tc.kind, tc.code)
			_, err = f.svc.Refresh(ctx, second.RefreshToken)
			assertCode(t, err, tc.kind, tc.code)
		})
	}
}

func TestRefreshReuseGraceEndsWithTheSession(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	first := f.login(t, "ada@example.org")
	if _, err := f.svc.Refresh(ctx, first.RefreshToken); err != nil {
		t.Fatal(err)
	}
	var tok refreshToken
	if err := f.db.Collection("refresh_tokens").FindOne(ctx, bson.M{"_id": hashSecret(first.RefreshToken)}).Decode(&tok); err != nil {
		t.Fatal(err)
	}
	// The session ends while the used token is presented again, after
	// the refresh found it alive: the family is revoked as the refresh
	// stores a successor, before the family's tokens are marked.
	var armed atomic.Bool
	armed.Store(true)
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName != "insert" || e.Command.Lookup("insert").StringValue() != "refresh_tokens" || !armed.CompareAndSwap(true, false) {
			return
		}
		if _, err := f.db.Collection("refresh_families").InsertOne(ctx, bson.M{"_id": tok.FamilyID, "revoked_at": f.clock.Now(), "expires_at": f.clock.Now().Add(refreshTokenTTL)}); err != nil {
			t.Error(err)
		}
	}}
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(testenv.MongoURI(t)).SetMonitor(monitor))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	f.store.refresh = client.Database(f.db.Name()).Collection("refresh_tokens")

	_, err = f.svc.Refresh(ctx, first.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	if armed.Load() {
		t.Fatal("the refresh stored no successor: the session did not end during it")
	}
}

func TestRefreshTokensAreStoredHashed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	s := f.login(t, "ada@example.org")
	sum := sha256.Sum256([]byte(s.RefreshToken))
	var doc bson.M
	if err := f.db.Collection("refresh_tokens").FindOne(ctx, bson.M{"_id": hex.EncodeToString(sum[:])}).Decode(&doc); err != nil {
		t.Fatalf("no refresh token stored under its SHA-256: %v", err)
	}
	n, err := f.db.Collection("refresh_tokens").CountDocuments(ctx, bson.M{"_id": s.RefreshToken})
	if err != nil || n != 0 {
		t.Errorf("plain refresh token stored (%d, %v)", n, err)
	}
	if exp := doc["expires_at"].(primitive.DateTime).Time(); !exp.Equal(f.clock.Now().Add(30 * 24 * time.Hour)) {
		t.Errorf("expires at %v", exp)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	f := newFixture(t)
	f.register(t, "ada@example.org")
	s := f.login(t, "ada@example.org")
	f.clock.Advance(30 * 24 * time.Hour)
	_, err := f.svc.Refresh(context.Background(), s.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	s := f.login(t, "ada@example.org")
	other := f.login(t, "ada@example.org")
	rotated, err := f.svc.Refresh(ctx, s.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Logout(ctx, rotated.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Refresh(ctx, rotated.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	if _, err := f.svc.Refresh(ctx, other.RefreshToken); err != nil {
		t.Errorf("logout ended another session: %v", err)
	}
	assertCode(t, f.svc.Logout(ctx, "unknown"), apperr.Unauthorized, "invalid-refresh-token")
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")
	current := f.login(t, "ada@example.org")
	other := f.login(t, "ada@example.org")
	const newPassword = "a brand new passphrase"

	tests := []struct {
		name   string
		change PasswordChange
		field  string
	}{
		{"current missing", PasswordChange{New: newPassword}, "current_password"},
		{"current wrong", PasswordChange{Current: "wrong password!", New: newPassword}, "current_password"},
		{"new too short", PasswordChange{Current: testPassword, New: "short"}, "new_password"},
		{"new is the email", PasswordChange{Current: testPassword, New: "Ada@Example.org"}, "new_password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.svc.ChangePassword(ctx, u.ID, tt.change)
			if got := fieldsOf(t, err); !slices.Equal(got, []string{tt.field}) {
				t.Errorf("bad fields = %v, want %s", got, tt.field)
			}
		})
	}

	err := f.svc.ChangePassword(ctx, u.ID, PasswordChange{Current: testPassword, New: newPassword, KeepRefreshToken: current.RefreshToken})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Login(ctx, "ada@example.org", testPassword, "192.0.2.1")
	assertCode(t, err, apperr.Unauthorized, "invalid-credentials")
	if _, err := f.svc.Login(ctx, "ada@example.org", newPassword, "192.0.2.1"); err != nil {
		t.Errorf("new password refused: %v", err)
	}
	if _, err := f.svc.Refresh(ctx, current.RefreshToken); err != nil {
		t.Errorf("the kept session ended: %v", err)
	}
	_, err = f.svc.Refresh(ctx, other.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
}

func TestChangePasswordIsThrottled(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")
	for range freePairFailures {
		err := f.svc.ChangePassword(ctx, u.ID, PasswordChange{Current: "wrong password!", New: "a brand new passphrase"})
		fieldsOf(t, err)
	}
	err := f.svc.ChangePassword(ctx, u.ID, PasswordChange{Current: testPassword, New: "a brand new passphrase"})
	assertCode(t, err, apperr.TooMany, "too-many-attempts")
}

func TestProfile(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")
	name, lang, bad := "Ada Lovelace", "de", "klingon"

	got, err := f.svc.UpdateProfile(ctx, u.ID, ProfileChange{DisplayName: &name})
	if err != nil || got.DisplayName != name || got.Language != LanguageEnglish {
		t.Fatalf("update name: %+v, %v", got, err)
	}
	got, err = f.svc.UpdateProfile(ctx, u.ID, ProfileChange{Language: &lang})
	if err != nil || got.DisplayName != name || got.Language != lang {
		t.Fatalf("update language: %+v, %v", got, err)
	}
	empty := ""
	_, err = f.svc.UpdateProfile(ctx, u.ID, ProfileChange{DisplayName: &empty, Language: &bad})
	if fields := fieldsOf(t, err); !slices.Equal(fields, []string{"display_name", "language"}) {
		t.Errorf("bad fields = %v", fields)
	}
	me, err := f.svc.Me(ctx, u.ID)
	if err != nil || me.DisplayName != name || me.Language != lang {
		t.Errorf("me = %+v, %v", me, err)
	}
}

func TestCreateAdmin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()

	created, err := f.svc.CreateAdmin(ctx, "root@example.org", "Root", testPassword)
	if err != nil || !created.Admin {
		t.Fatalf("create admin: %+v, %v", created, err)
	}
	if s := f.login(t, "root@example.org"); !s.User.Admin {
		t.Error("admin's session is not an admin's")
	} else if p, _, _ := f.keys.Verify(s.AccessToken); !p.Admin {
		t.Error("admin's access token does not say admin")
	}

	learner := f.register(t, "ada@example.org")
	promoted, err := f.svc.CreateAdmin(ctx, "ADA@example.org", "Ignored", "another password")
	if err != nil || !promoted.Admin || promoted.ID != learner.ID || promoted.DisplayName != learner.DisplayName {
		t.Fatalf("promote: %+v, %v", promoted, err)
	}
	f.login(t, "ada@example.org") // the password is unchanged

	_, err = f.svc.CreateAdmin(ctx, "new@example.org", "", "short")
	if fields := fieldsOf(t, err); !slices.Equal(fields, []string{"password", "display_name"}) {
		t.Errorf("bad fields = %v", fields)
	}
}

func TestSetPassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	s := f.login(t, "ada@example.org")
	f.exhaustPair(t, "ada@example.org", "192.0.2.1")

	if err := f.svc.SetPassword(ctx, "Ada@Example.org", "set by the admin"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login(ctx, "ada@example.org", "set by the admin", "192.0.2.1"); err != nil {
		t.Errorf("login with the new password (and the lock lifted): %v", err)
	}
	_, err := f.svc.Refresh(ctx, s.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")

	assertCode(t, f.svc.SetPassword(ctx, "nobody@example.org", "set by the admin"), apperr.NotFound, "not-found")
	if fields := fieldsOf(t, f.svc.SetPassword(ctx, "ada@example.org", "short")); !slices.Equal(fields, []string{"password"}) {
		t.Errorf("bad fields = %v", fields)
	}
}

func TestDeleteExpired(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	old := f.login(t, "ada@example.org")
	_, _ = f.svc.Login(ctx, "ada@example.org", "wrong password!", "192.0.2.1")
	f.clock.Advance(29 * 24 * time.Hour)
	young := f.login(t, "ada@example.org")

	if err := f.store.DeleteExpired(ctx, f.clock.Now().Add(2*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for name, coll := range map[string]string{"refresh tokens": "refresh_tokens", "login failures": "login_failures"} {
		n, err := f.db.Collection(coll).CountDocuments(ctx, bson.M{"expires_at": bson.M{"$lte": f.clock.Now().Add(2 * 24 * time.Hour)}})
		if err != nil || n != 0 {
			t.Errorf("%s: %d expired left (%v)", name, n, err)
		}
	}
	_, err := f.svc.Refresh(ctx, old.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")
	if _, err := f.svc.Refresh(ctx, young.RefreshToken); err != nil {
		t.Errorf("unexpired token deleted: %v", err)
	}
}

func TestEnsureIndexesTwice(t *testing.T) {
	f := newFixture(t)
	if err := f.store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkLogin(b *testing.B) {
	f := newFixture(b)
	f.register(b, "ada@example.org")
	ctx := context.Background()
	for b.Loop() {
		if _, err := f.svc.Login(ctx, "ada@example.org", testPassword, "192.0.2.1"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoginParallel measures sign-in throughput with every core busy,
// each goroutine signing in its own account.
func BenchmarkLoginParallel(b *testing.B) {
	f := newFixture(b)
	const accounts = 8
	for i := range accounts {
		f.register(b, fmt.Sprintf("user%d@example.org", i))
	}
	ctx := context.Background()
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		email := fmt.Sprintf("user%d@example.org", next.Add(1)%accounts)
		for pb.Next() {
			if _, err := f.svc.Login(ctx, email, testPassword, "192.0.2.1"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// TestDisplayNamesLoseInvisibleControls checks that bidi overrides and
// zero-width characters, which make a name read unlike what it is, are
// removed on registration and on a profile change.
func TestDisplayNamesLoseInvisibleControls(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.registerUnverified(t, Registration{Email: "ada@example.org", Password: testPassword, DisplayName: "\u202eAda\u200b Love\u2066lace\u2069\ufeff"})
	var err error
	if u.DisplayName != "Ada Lovelace" {
		t.Errorf("registered name = %q, want %q", u.DisplayName, "Ada Lovelace")
	}
	name := "Grace\u200d \u202dHopper"
	u, err = f.svc.UpdateProfile(ctx, u.ID, ProfileChange{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if u.DisplayName != "Grace Hopper" {
		t.Errorf("updated name = %q, want %q", u.DisplayName, "Grace Hopper")
	}
	only := "\u200b\u202e"
	_, err = f.svc.UpdateProfile(ctx, u.ID, ProfileChange{DisplayName: &only})
	if fields := fieldsOf(t, err); len(fields) != 1 || fields[0] != "display_name" {
		t.Errorf("a name of invisible characters only: fields %v, want display_name", fields)
	}
}
