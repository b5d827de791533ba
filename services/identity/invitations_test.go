package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"academy/services/kit/apperr"
)

func TestInvitationRevealsNothingAboutTheAddress(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	f.registerAs(t, Registration{Email: "known@example.org", Password: testPassword, DisplayName: "Known", Language: LanguageGerman})
	o := f.createOrg(t, owner, "")

	known, err := f.svc.Invite(ctx, owner.Principal(), o.ID, "known@example.org", RoleStaff)
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := f.svc.Invite(ctx, owner.Principal(), o.ID, "unknown@example.org", RoleStaff)
	if err != nil {
		t.Fatal(err)
	}
	for _, inv := range []Invitation{known, unknown} {
		if inv.Status != InvitationPending || !inv.ExpiresAt.Equal(f.clock.Now().Add(7*24*time.Hour)) || inv.OrgName != o.Name {
			t.Errorf("invitation = %+v", inv)
		}
	}
	for email, greeting := range map[string]string{"known@example.org": "Hallo,", "unknown@example.org": "Hello,"} {
		m := f.lastMail(t, email, MailInvitation)
		if !strings.Contains(m.Subject, o.Name) || !strings.Contains(m.Text, testBaseURL+"/account") || !strings.HasPrefix(m.Text, greeting) {
			t.Errorf("mail to %s = %q %q", email, m.Subject, m.Text)
		}
	}
	pending, _, err := f.svc.OrgInvitations(ctx, owner.Principal(), o.ID, "", 10)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
}

func TestAnsweringInvitations(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	ada := f.register(t, "ada@example.org")
	other := f.register(t, "other@example.org")
	o := f.createOrg(t, owner, "")
	invite := func(email, role string) Invitation {
		t.Helper()
		inv, err := f.svc.Invite(ctx, owner.Principal(), o.ID, email, role)
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}

	t.Run("an unverified address can neither see nor answer", func(t *testing.T) {
		u := f.registerUnverified(t, Registration{Email: "new@example.org", Password: testPassword, DisplayName: "New"})
		inv := invite("new@example.org", RoleStaff)
		_, err := f.svc.MyInvitations(ctx, u.ID)
		assertCode(t, err, apperr.Forbidden, "email-unverified")
		_, err = f.svc.AcceptInvitation(ctx, u.ID, inv.ID)
		assertCode(t, err, apperr.Forbidden, "email-unverified")
		f.confirmEmail(t, "new@example.org")
		if mine, err := f.svc.MyInvitations(ctx, u.ID); err != nil || len(mine) != 1 || mine[0].ID != inv.ID {
			t.Errorf("invitations once verified = %+v, %v", mine, err)
		}
	})

	t.Run("only the address invited answers", func(t *testing.T) {
		inv := invite("ADA@example.org", RoleStaff)
		_, err := f.svc.AcceptInvitation(ctx, other.ID, inv.ID)
		assertCode(t, err, apperr.NotFound, "not-found")
		mine, err := f.svc.MyInvitations(ctx, ada.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != inv.ID {
			t.Fatalf("ada's invitations = %+v, %v", mine, err)
		}
		v, err := f.svc.AcceptInvitation(ctx, ada.ID, inv.ID)
		if err != nil || v.ID != o.ID || v.Role != RoleStaff {
			t.Fatalf("accept = %+v, %v", v, err)
		}
		_, err = f.svc.AcceptInvitation(ctx, ada.ID, inv.ID)
		assertCode(t, err, apperr.Conflict, "invitation-accepted")
		if mine, _ := f.svc.MyInvitations(ctx, ada.ID); len(mine) != 0 {
			t.Errorf("an accepted invitation is still listed: %+v", mine)
		}
	})

	t.Run("declined, revoked and expired invitations cannot be accepted", func(t *testing.T) {
		declined := invite("other@example.org", RoleStaff)
		if err := f.svc.DeclineInvitation(ctx, other.ID, declined.ID); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.AcceptInvitation(ctx, other.ID, declined.ID)
		assertCode(t, err, apperr.Conflict, "invitation-declined")

		revoked := invite("other@example.org", RoleStaff)
		assertCode(t, f.svc.RevokeInvitation(ctx, ada.Principal(), o.ID, revoked.ID), apperr.Forbidden, "forbidden")
		if err := f.svc.RevokeInvitation(ctx, owner.Principal(), o.ID, revoked.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AcceptInvitation(ctx, other.ID, revoked.ID)
		assertCode(t, err, apperr.Conflict, "invitation-revoked")

		expired := invite("other@example.org", RoleStaff)
		f.clock.Advance(invitationTTL)
		_, err = f.svc.AcceptInvitation(ctx, other.ID, expired.ID)
		assertCode(t, err, apperr.Conflict, "invitation-expired")
		if pending, _, err := f.svc.OrgInvitations(ctx, owner.Principal(), o.ID, "", 10); err != nil || len(pending) != 0 {
			t.Errorf("pending after expiry = %+v, %v", pending, err)
		}
	})

	t.Run("a newer invitation replaces a pending one", func(t *testing.T) {
		old := invite("later@example.org", RoleStaff)
		newer := invite("later@example.org", RoleOwner)
		pending, _, err := f.svc.OrgInvitations(ctx, owner.Principal(), o.ID, "", 10)
		if err != nil || len(pending) != 1 || pending[0].ID != newer.ID {
			t.Errorf("pending = %+v, %v; want only %s, not %s", pending, err, newer.ID, old.ID)
		}
	})
}

func TestLeaveOrg(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	staff := f.register(t, "staff@example.org")
	second := f.register(t, "second@example.org")
	o := f.createOrg(t, owner, "")
	f.addMember(t, owner, o.ID, staff.Email, RoleStaff)

	if err := f.svc.LeaveOrg(ctx, staff.Principal(), o.ID); err != nil {
		t.Fatalf("staff leaves: %v", err)
	}
	if role, _, err := f.svc.roleIn(ctx, staff.ID, o.ID); err != nil || role != "" {
		t.Errorf("staff who left has role %q (%v)", role, err)
	}
	assertCode(t, f.svc.LeaveOrg(ctx, staff.Principal(), o.ID), apperr.NotFound, "not-found")
	assertCode(t, f.svc.LeaveOrg(ctx, owner.Principal(), o.ID), apperr.Conflict, "last-owner")

	f.addMember(t, owner, o.ID, second.Email, RoleOwner)
	if err := f.svc.LeaveOrg(ctx, owner.Principal(), o.ID); err != nil {
		t.Fatalf("an owner leaves another behind: %v", err)
	}
	assertCode(t, f.svc.LeaveOrg(ctx, second.Principal(), o.ID), apperr.Conflict, "last-owner")
}

func TestVerifyEmail(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.registerUnverified(t, Registration{Email: "ada@example.org", Password: testPassword, DisplayName: "Ada"})
	assertCode(t, f.svc.RequireVerifiedEmail(ctx, u.ID), apperr.Forbidden, "email-unverified")
	m := f.lastMail(t, "ada@example.org", MailVerifyEmail)
	tok := tokenIn(t, verifyLink, m.Text)

	t.Run("an expired link proves nothing", func(t *testing.T) {
		f.clock.Advance(verificationTTL)
		_, err := f.svc.VerifyEmail(ctx, tok)
		assertCode(t, err, apperr.Invalid, "invalid-verification-token")
		f.clock.Advance(-verificationTTL)
	})
	got, err := f.svc.VerifyEmail(ctx, tok)
	if err != nil || !got.EmailVerified() || !got.EmailVerifiedAt.Equal(f.clock.Now()) {
		t.Fatalf("verify = %+v, %v", got, err)
	}
	if err := f.svc.RequireVerifiedEmail(ctx, u.ID); err != nil {
		t.Errorf("verified account refused: %v", err)
	}
	var stored struct {
		Hash string `bson:"_id"`
	}
	if err := f.db.Collection("email_verifications").FindOne(ctx, map[string]any{"user_id": u.ID}).Decode(&stored); err != nil || stored.Hash != hashSecret(tok) {
		t.Errorf("stored verification %q (%v), want only the token's hash", stored.Hash, err)
	}

	t.Run("administrators created by the command line count as verified", func(t *testing.T) {
		if a := f.admin(t, "root@example.org"); !a.EmailVerified() {
			t.Errorf("admin = %+v", a)
		}
	})
}

func TestRegistrationIsThrottledPerAddress(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range DefaultRegistrationsPerHour {
		r := Registration{Email: string(rune('a'+i)) + "@example.org", Password: testPassword, DisplayName: "Someone"}
		if err := f.svc.Register(ctx, r, "198.51.100.7"); err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
	}
	err := f.svc.Register(ctx, Registration{Email: "more@example.org", Password: testPassword, DisplayName: "More"}, "198.51.100.7")
	if e := assertCode(t, err, apperr.TooMany, "too-many-registrations"); e.RetryAfter <= 0 {
		t.Errorf("retry after %v", e.RetryAfter)
	}
	if err := f.svc.Register(ctx, Registration{Email: "more@example.org", Password: testPassword, DisplayName: "More"}, "198.51.100.8"); err != nil {
		t.Errorf("another address is refused: %v", err)
	}
}

// A company's team invitation reaches the address in its account's language,
// leads to the Teams page, and stops after a few to one address per window.
func TestTeamInvitationMail(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.registerAs(t, Registration{Email: "known@example.org", Password: testPassword, DisplayName: "Known", Language: LanguageFrench})
	for email, greeting := range map[string]string{"known@example.org": "Bonjour,", "unknown@example.org": "Hello,"} {
		if err := f.svc.MailTeamInvitation(ctx, "org1", "Muster GmbH", email, 14*24*time.Hour); err != nil {
			t.Fatal(err)
		}
		m := f.lastMail(t, email, MailTeamInvitation)
		if !strings.Contains(m.Subject, "Muster GmbH") || !strings.Contains(m.Text, testBaseURL+"/teams") || !strings.Contains(m.Text, "14") || !strings.HasPrefix(m.Text, greeting) {
			t.Errorf("mail to %s = %q %q", email, m.Subject, m.Text)
		}
	}
	for range maxInviteMails - 1 {
		if err := f.svc.MailTeamInvitation(ctx, "org1", "Muster GmbH", "known@example.org", time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	err := f.svc.MailTeamInvitation(ctx, "org1", "Muster GmbH", "known@example.org", time.Hour)
	if !apperr.Is(err, apperr.TooMany) {
		t.Fatalf("one invitation too many = %v, want too many", err)
	}
	if err := f.svc.MailTeamInvitation(ctx, "org2", "Other AG", "known@example.org", time.Hour); err != nil {
		t.Fatalf("another company's invitation = %v", err)
	}
}
