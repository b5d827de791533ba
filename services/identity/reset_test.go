package identity

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
)

var resetLink = regexp.MustCompile(`https://academy\.test/password/reset\?token=[A-Za-z0-9_-]+`)

// pendingMail returns the outbox's unsent mail.
func (f *fixture) pendingMail(tb testing.TB) []Mail {
	tb.Helper()
	mails, err := f.store.PendingMail(context.Background(), 100)
	if err != nil {
		tb.Fatalf("pending mail: %v", err)
	}
	return mails
}

// forgot asks for a reset of email's password and returns the token of the
// link mailed.
func (f *fixture) forgot(tb testing.TB, email string) string {
	tb.Helper()
	before := len(f.pendingMail(tb))
	if err := f.svc.ForgotPassword(context.Background(), email); err != nil {
		tb.Fatalf("forgot password: %v", err)
	}
	mails := f.pendingMail(tb)
	if len(mails) != before+1 {
		tb.Fatalf("outbox holds %d mails, want %d", len(mails), before+1)
	}
	return tokenIn(tb, resetLink, mails[len(mails)-1].Text)
}

func TestForgotPasswordMailsALink(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")

	token := f.forgot(t, "ADA@example.org")
	mail := f.pendingMail(t)[0]
	if mail.To != u.Email || mail.Kind != MailPasswordReset || mail.SentAt != nil || !mail.CreatedAt.Equal(f.clock.Now()) ||
		mail.Subject != "Reset your Academy password" || mail.ID == "" {
		t.Errorf("mail = %+v", mail)
	}
	if f.log.contains(token) {
		t.Errorf("the reset token was written to the log outside the development mode")
	}
	var raw bson.M
	if err := f.db.Collection("outbox").FindOne(ctx, bson.M{"_id": mail.ID}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if v, ok := raw["sent_at"]; !ok || v != nil {
		t.Errorf("stored sent_at = %v (present %v), want null", v, ok)
	}

	sum := sha256.Sum256([]byte(token))
	var stored passwordReset
	if err := f.db.Collection("password_resets").FindOne(ctx, bson.M{"_id": hex.EncodeToString(sum[:])}).Decode(&stored); err != nil {
		t.Fatalf("reset token not stored under its SHA-256: %v", err)
	}
	if stored.UserID != u.ID || !stored.ExpiresAt.Equal(f.clock.Now().Add(30*time.Minute)) {
		t.Errorf("stored reset = %+v", stored)
	}
}

func TestForgotPasswordForUnknownEmailSendsNothing(t *testing.T) {
	f := newFixture(t)
	f.register(t, "ada@example.org")
	for _, email := range []string{"nobody@example.org", "not an email", ""} {
		if err := f.svc.ForgotPassword(context.Background(), email); err != nil {
			t.Errorf("forgot %q: %v", email, err)
		}
	}
	if mails := f.pendingMail(t); len(mails) != 0 {
		t.Errorf("outbox = %+v", mails)
	}

}

func TestForgotPasswordSpeaksTheUsersLanguage(t *testing.T) {
	f := newFixture(t)
	f.registerAs(t, Registration{Email: "marie@example.fr", Password: testPassword, DisplayName: "Marie", Language: "fr"})
	f.forgot(t, "marie@example.fr")
	if m := f.pendingMail(t)[0]; m.Subject != "Réinitialisez votre mot de passe Academy" {
		t.Errorf("subject = %q", m.Subject)
	}
}

func TestForgotPasswordLimitsMails(t *testing.T) {
	f := newFixture(t)
	f.register(t, "ada@example.org")
	for range maxResetMails {
		f.forgot(t, "ada@example.org")
	}
	if err := f.svc.ForgotPassword(context.Background(), "ada@example.org"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.pendingMail(t)); n != maxResetMails {
		t.Errorf("outbox holds %d mails, want %d", n, maxResetMails)
	}
	f.clock.Advance(resetMailWindow)
	f.forgot(t, "ada@example.org")
}

func TestResetPassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	session := f.login(t, "ada@example.org")
	token := f.forgot(t, "ada@example.org")
	const newPassword = "a brand new passphrase"

	// A refused password leaves the token usable.
	err := f.svc.ResetPassword(ctx, token, "ada@example.org")
	if fields := fieldsOf(t, err); !slices.Equal(fields, []string{"password"}) {
		t.Fatalf("bad fields = %v", fields)
	}
	if err := f.svc.ResetPassword(ctx, token, newPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login(ctx, "ada@example.org", newPassword, "192.0.2.1"); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	_, err = f.svc.Refresh(ctx, session.RefreshToken)
	assertCode(t, err, apperr.Unauthorized, "invalid-refresh-token")

	// Single use.
	ae := assertCode(t, f.svc.ResetPassword(ctx, token, "yet another passphrase"), apperr.Invalid, "invalid-reset-token")
	if len(ae.Fields) != 1 || ae.Fields[0].Field != "token" {
		t.Errorf("fields = %v", ae.Fields)
	}
	if _, err := f.svc.Login(ctx, "ada@example.org", newPassword, "192.0.2.1"); err != nil {
		t.Errorf("a used token changed the password: %v", err)
	}
}

func TestResetTokenExpires(t *testing.T) {
	tests := []struct {
		name  string
		after time.Duration
		ok    bool
	}{
		{"just in time", 30*time.Minute - time.Millisecond, true},
		{"after 30 minutes", 30 * time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.register(t, "ada@example.org")
			token := f.forgot(t, "ada@example.org")
			f.clock.Advance(tt.after)
			err := f.svc.ResetPassword(context.Background(), token, "a brand new passphrase")
			if tt.ok && err != nil {
				t.Errorf("reset: %v", err)
			}
			if !tt.ok {
				assertCode(t, err, apperr.Invalid, "invalid-reset-token")
			}
		})
	}
}

func TestNewerResetTokenReplacesOlder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	older := f.forgot(t, "ada@example.org")
	newer := f.forgot(t, "ada@example.org")
	assertCode(t, f.svc.ResetPassword(ctx, older, "a brand new passphrase"), apperr.Invalid, "invalid-reset-token")
	if err := f.svc.ResetPassword(ctx, newer, "a brand new passphrase"); err != nil {
		t.Errorf("newer token: %v", err)
	}
}

func TestResetPasswordLiftsTheLoginLock(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.register(t, "ada@example.org")
	f.exhaustPair(t, "ada@example.org", "192.0.2.1")
	token := f.forgot(t, "ada@example.org")
	if err := f.svc.ResetPassword(ctx, token, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Login(ctx, "ada@example.org", "a brand new passphrase", "192.0.2.1"); err != nil {
		t.Errorf("login after reset: %v", err)
	}
}

func TestResetPasswordValidation(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, token, password string
		fields                []string
	}{
		{"no token", "", "a brand new passphrase", []string{"token"}},
		{"nothing", "", "", []string{"token", "password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.svc.ResetPassword(context.Background(), tt.token, tt.password)
			if fields := fieldsOf(t, err); !slices.Equal(fields, tt.fields) {
				t.Errorf("bad fields = %v, want %v", fields, tt.fields)
			}
		})
	}
	assertCode(t, f.svc.ResetPassword(context.Background(), "made-up", "a brand new passphrase"), apperr.Invalid, "invalid-reset-token")
}
