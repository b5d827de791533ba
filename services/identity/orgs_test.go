package identity

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

var validOrg = NewOrganisation{Name: "Université de Genève", Kind: KindUniversity, Country: "CH", Website: "https://www.unige.ch", Description: "A public research university."}

// createOrg creates validOrg, or one named name, owned by u.
func (f *fixture) createOrg(tb testing.TB, u User, name string) Organisation {
	tb.Helper()
	n := validOrg
	if name != "" {
		n.Name = name
	}
	v, err := f.svc.CreateOrg(context.Background(), u.Principal(), n)
	if err != nil {
		tb.Fatalf("create organisation: %v", err)
	}
	return v.Organisation
}

// addMember has inviter invite the account with email, which accepts.
func (f *fixture) addMember(tb testing.TB, inviter User, orgID, email, role string) {
	tb.Helper()
	ctx := context.Background()
	inv, err := f.svc.Invite(ctx, inviter.Principal(), orgID, email, role)
	if err != nil {
		tb.Fatalf("invite %s as %s: %v", email, role, err)
	}
	a, err := f.store.userByEmailKey(ctx, emailKey(email))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := f.svc.AcceptInvitation(ctx, a.ID, inv.ID); err != nil {
		tb.Fatalf("%s accepts: %v", email, err)
	}
}

func TestCreateOrg(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u := f.register(t, "ada@example.org")

	v, err := f.svc.CreateOrg(ctx, u.Principal(), validOrg)
	if err != nil {
		t.Fatal(err)
	}
	o := v.Organisation
	if v.Role != RoleOwner || !v.Full || o.Slug != "universite-de-geneve" || o.Verified() || o.CreatedBy != u.ID ||
		o.Country != "CH" || o.Kind != KindUniversity || !o.CreatedAt.Equal(f.clock.Now()) {
		t.Errorf("created %+v", v)
	}
	role, verified, err := f.svc.roleIn(ctx, u.ID, o.ID)
	if err != nil || role != RoleOwner || verified {
		t.Errorf("roleIn = %q, %v, %v", role, verified, err)
	}

	t.Run("a second one of the same name gets another slug", func(t *testing.T) {
		again := f.createOrg(t, u, "")
		if again.Slug == o.Slug || !strings.HasPrefix(again.Slug, o.Slug+"-") {
			t.Errorf("slugs %q and %q", o.Slug, again.Slug)
		}
	})
	t.Run("anonymous callers cannot", func(t *testing.T) {
		_, err := f.svc.CreateOrg(ctx, auth.Anonymous, validOrg)
		assertCode(t, err, apperr.Unauthorized, "unauthorized")
	})
}

func TestCreateOrgValidation(t *testing.T) {
	f := newFixture(t)
	u := f.register(t, "ada@example.org")
	tests := []struct {
		name   string
		change func(n *NewOrganisation)
		fields []string
	}{
		{"name too short", func(n *NewOrganisation) { n.Name = "X" }, []string{"name"}},
		{"kind unknown", func(n *NewOrganisation) { n.Kind = "school" }, []string{"kind"}},
		{"country in lower case", func(n *NewOrganisation) { n.Country = "ch" }, []string{"country"}},
		{"country not assigned", func(n *NewOrganisation) { n.Country = "XX" }, []string{"country"}},
		{"country is a group", func(n *NewOrganisation) { n.Country = "EU" }, []string{"country"}},
		{"country in three letters", func(n *NewOrganisation) { n.Country = "CHE" }, []string{"country"}},
		{"website not http", func(n *NewOrganisation) { n.Website = "ftp://unige.ch" }, []string{"website"}},
		{"website without host", func(n *NewOrganisation) { n.Website = "https://" }, []string{"website"}},
		{"description too long", func(n *NewOrganisation) { n.Description = strings.Repeat("d", 2001) }, []string{"description"}},
		{"all of it", func(n *NewOrganisation) { *n = NewOrganisation{Website: "nope"} }, []string{"name", "kind", "country", "website"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := validOrg
			tt.change(&n)
			_, err := f.svc.CreateOrg(context.Background(), u.Principal(), n)
			if got := fieldsOf(t, err); !slices.Equal(got, tt.fields) {
				t.Errorf("bad fields = %v, want %v", got, tt.fields)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"accents dropped", "Université de Genève", "universite-de-geneve"},
		{"punctuation collapsed", "  AI & Data -- Lab!  ", "ai-data-lab"},
		{"German", "Technische Universität München", "technische-universitat-munchen"},
		{"no latin letters", "東京大学", "org"},
		{"long names cut", strings.Repeat("abcde ", 20), strings.TrimSuffix(strings.Repeat("abcde-", 10), "-")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slugify(tt.in); got != tt.want {
				t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrgVisibility(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	stranger := f.register(t, "stranger@example.org")
	admin := f.admin(t, "root@example.org")
	o := f.createOrg(t, owner, "")

	_, err := f.svc.Org(ctx, stranger.Principal(), o.ID)
	assertCode(t, err, apperr.NotFound, "not-found")
	_, err = f.svc.Org(ctx, auth.Anonymous, o.ID)
	assertCode(t, err, apperr.NotFound, "not-found")
	_, _, err = f.svc.Members(ctx, stranger.Principal(), o.ID, "", 10)
	assertCode(t, err, apperr.NotFound, "not-found")

	if v, err := f.svc.Org(ctx, owner.Principal(), o.ID); err != nil || !v.Full || v.Role != RoleOwner {
		t.Errorf("owner sees %+v, %v", v, err)
	}
	if v, err := f.svc.Org(ctx, admin.Principal(), o.ID); err != nil || !v.Full || v.Role != "" {
		t.Errorf("admin sees %+v, %v", v, err)
	}

	if _, err := f.svc.VerifyOrg(ctx, admin.Principal(), o.ID); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]auth.Principal{"stranger": stranger.Principal(), "anonymous": auth.Anonymous} {
		v, err := f.svc.Org(ctx, p, o.ID)
		if err != nil || v.Full || v.Role != "" || v.Name != o.Name {
			t.Errorf("%s sees %+v, %v", name, v, err)
		}
	}
	_, _, err = f.svc.Members(ctx, stranger.Principal(), o.ID, "", 10)
	assertCode(t, err, apperr.Forbidden, "forbidden")

	_, err = f.svc.Org(ctx, owner.Principal(), "no-such-org")
	assertCode(t, err, apperr.NotFound, "not-found")
}

func TestInviteAndListMembers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	staff := f.register(t, "staff@example.org")
	other := f.register(t, "other@example.org")
	o := f.createOrg(t, owner, "")
	f.addMember(t, owner, o.ID, "STAFF@example.org", RoleStaff)

	tests := []struct {
		name   string
		caller User
		email  string
		role   string
		kind   apperr.Kind
		code   string
	}{
		{"staff cannot invite", staff, "other@example.org", RoleStaff, apperr.Forbidden, "forbidden"},
		{"a stranger cannot see the organisation", other, "other@example.org", RoleOwner, apperr.NotFound, "not-found"},
		{"malformed email", owner, "other.example.org", RoleStaff, apperr.Invalid, "validation-failed"},
		{"no such role", owner, "other@example.org", "boss", apperr.Invalid, "validation-failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Invite(ctx, tt.caller.Principal(), o.ID, tt.email, tt.role)
			assertCode(t, err, tt.kind, tt.code)
		})
	}

	for _, caller := range []User{owner, staff} {
		members, next, err := f.svc.Members(ctx, caller.Principal(), o.ID, "", 10)
		if err != nil || next != "" || len(members) != 2 {
			t.Fatalf("members for %s: %+v, %q, %v", caller.Email, members, next, err)
		}
		if members[0].UserID != owner.ID || members[0].Role != RoleOwner || members[1].UserID != staff.ID || members[1].DisplayName != staff.DisplayName {
			t.Errorf("members = %+v", members)
		}
	}
	first, next, err := f.svc.Members(ctx, owner.Principal(), o.ID, "", 1)
	if err != nil || len(first) != 1 || next == "" {
		t.Fatalf("first page: %+v, %q, %v", first, next, err)
	}
	second, next, err := f.svc.Members(ctx, owner.Principal(), o.ID, next, 1)
	if err != nil || len(second) != 1 || next != "" || second[0].UserID != staff.ID {
		t.Errorf("second page: %+v, %q, %v", second, next, err)
	}
}

func TestRemoveMember(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	second := f.register(t, "second@example.org")
	staff := f.register(t, "staff@example.org")
	o := f.createOrg(t, owner, "")
	f.addMember(t, owner, o.ID, staff.Email, RoleStaff)

	assertCode(t, f.svc.RemoveMember(ctx, staff.Principal(), o.ID, owner.ID), apperr.Forbidden, "forbidden")
	assertCode(t, f.svc.RemoveMember(ctx, owner.Principal(), o.ID, owner.ID), apperr.Conflict, "last-owner")
	assertCode(t, f.svc.RemoveMember(ctx, owner.Principal(), o.ID, second.ID), apperr.NotFound, "not-found")

	if err := f.svc.RemoveMember(ctx, owner.Principal(), o.ID, staff.ID); err != nil {
		t.Fatal(err)
	}
	if role, _, err := f.svc.roleIn(ctx, staff.ID, o.ID); err != nil || role != "" {
		t.Errorf("removed staff still has role %q (%v)", role, err)
	}

	f.addMember(t, owner, o.ID, second.Email, RoleOwner)
	if err := f.svc.RemoveMember(ctx, second.Principal(), o.ID, owner.ID); err != nil {
		t.Fatalf("one owner removes another: %v", err)
	}
	assertCode(t, f.svc.RemoveMember(ctx, second.Principal(), o.ID, second.ID), apperr.Conflict, "last-owner")
	assertCode(t, f.svc.RemoveMember(ctx, owner.Principal(), o.ID, second.ID), apperr.NotFound, "not-found")
}

func TestVerifyAndListOrgs(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	learner := f.register(t, "ada@example.org")
	admin := f.admin(t, "root@example.org")
	var orgs []Organisation
	for _, name := range []string{"First Org", "Second Org", "Third Org"} {
		orgs = append(orgs, f.createOrg(t, learner, name))
	}

	_, err := f.svc.VerifyOrg(ctx, learner.Principal(), orgs[1].ID)
	assertCode(t, err, apperr.Forbidden, "forbidden")
	_, _, err = f.svc.ListOrgs(ctx, learner.Principal(), OrgFilter{}, "", 10)
	assertCode(t, err, apperr.Forbidden, "forbidden")

	verifiedAt := f.clock.Now()
	v, err := f.svc.VerifyOrg(ctx, admin.Principal(), orgs[1].ID)
	if err != nil || v.VerifiedAt == nil || !v.VerifiedAt.Equal(verifiedAt) {
		t.Fatalf("verify: %+v, %v", v, err)
	}
	f.clock.Advance(time.Hour)
	if again, err := f.svc.VerifyOrg(ctx, admin.Principal(), orgs[1].ID); err != nil || !again.VerifiedAt.Equal(verifiedAt) {
		t.Errorf("verifying again: %+v, %v", again, err)
	}
	_, err = f.svc.VerifyOrg(ctx, admin.Principal(), "no-such-org")
	assertCode(t, err, apperr.NotFound, "not-found")
	if _, verified, _ := f.svc.roleIn(ctx, learner.ID, orgs[1].ID); !verified {
		t.Error("roleIn does not report the verification")
	}

	ids := func(os []AdminOrg) []string {
		out := make([]string, len(os))
		for i, o := range os {
			out[i] = o.ID
		}
		return out
	}
	unverified := false
	page1, next, err := f.svc.ListOrgs(ctx, admin.Principal(), OrgFilter{Verified: &unverified}, "", 1)
	if err != nil || next == "" || !slices.Equal(ids(page1), []string{orgs[0].ID}) {
		t.Fatalf("page 1: %v, %q, %v", ids(page1), next, err)
	}
	page2, next, err := f.svc.ListOrgs(ctx, admin.Principal(), OrgFilter{Verified: &unverified}, next, 1)
	if err != nil || next != "" || !slices.Equal(ids(page2), []string{orgs[2].ID}) {
		t.Errorf("page 2: %v, %q, %v", ids(page2), next, err)
	}
	verified := true
	if got, _, err := f.svc.ListOrgs(ctx, admin.Principal(), OrgFilter{Verified: &verified}, "", 10); err != nil || !slices.Equal(ids(got), []string{orgs[1].ID}) {
		t.Errorf("verified: %v, %v", ids(got), err)
	}
	if got, _, err := f.svc.ListOrgs(ctx, admin.Principal(), OrgFilter{}, "", 10); err != nil || !slices.Equal(ids(got), []string{orgs[0].ID, orgs[1].ID, orgs[2].ID}) {
		t.Errorf("all: %v, %v", ids(got), err)
	}
}

func TestMyOrgsAndOrgsOf(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ada := f.register(t, "ada@example.org")
	grace := f.register(t, "grace@example.org")
	mine := f.createOrg(t, ada, "Ada's Lab")
	theirs := f.createOrg(t, grace, "Grace's Lab")
	f.createOrg(t, grace, "Grace's Other Lab")
	f.addMember(t, grace, theirs.ID, ada.Email, RoleStaff)

	views, next, err := f.svc.MyOrgs(ctx, ada.ID, "", 10)
	if err != nil || next != "" || len(views) != 2 {
		t.Fatalf("my orgs: %+v, %q, %v", views, next, err)
	}
	if views[0].ID != mine.ID || views[0].Role != RoleOwner || views[1].ID != theirs.ID || views[1].Role != RoleStaff {
		t.Errorf("my orgs = %+v", views)
	}
	ms, err := f.svc.OrgsOf(ctx, ada.ID)
	if err != nil || len(ms) != 2 || ms[0].OrgID != mine.ID || ms[1].OrgID != theirs.ID || ms[1].Role != RoleStaff {
		t.Errorf("OrgsOf = %+v, %v", ms, err)
	}
	if role, verified, err := f.svc.roleIn(ctx, grace.ID, mine.ID); err != nil || role != "" || verified {
		t.Errorf("roleIn for a stranger = %q, %v, %v", role, verified, err)
	}
	_, _, err = f.svc.roleIn(ctx, ada.ID, "no-such-org")
	assertCode(t, err, apperr.NotFound, "not-found")
}

func TestEnsureVerifiedOrg(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id, err := f.svc.EnsureVerifiedOrg(ctx, "lumen-university", "Lumen University (sample)", KindUniversity, "FR", "https://lumen.example.edu", "Sample.")
	if err != nil {
		t.Fatal(err)
	}
	again, err := f.svc.EnsureVerifiedOrg(ctx, "lumen-university", "Lumen University of AI (sample)", KindUniversity, "FR", "https://lumen.example.edu", "Renamed.")
	if err != nil || again != id {
		t.Fatalf("second ensure = %q, %v; want the same id %q", again, err, id)
	}
	v, err := f.svc.Org(ctx, auth.Anonymous, id)
	if err != nil || !v.Verified() || v.Name != "Lumen University of AI (sample)" || v.Slug != "lumen-university" {
		t.Fatalf("org = %+v, %v; want verified and renamed", v, err)
	}
	if role, verified, err := f.svc.roleIn(ctx, "nobody", id); err != nil || role != "" || !verified {
		t.Fatalf("roleIn = %q %v %v", role, verified, err)
	}
	// A seeded organisation has no owner until an administrator invites one.
	owner := f.register(t, "dean@example.org")
	_, err = f.svc.Invite(ctx, owner.Principal(), id, "dean@example.org", RoleOwner)
	assertCode(t, err, apperr.Forbidden, "forbidden")
	admin := f.admin(t, "root@example.org")
	f.addMember(t, admin, id, "dean@example.org", RoleOwner)
	if role, _, _ := f.svc.roleIn(ctx, owner.ID, id); role != RoleOwner {
		t.Fatalf("role after admin added the owner = %q", role)
	}
	_, err = f.svc.EnsureVerifiedOrg(ctx, "Bad Slug", "Name", KindUniversity, "FR", "", "")
	assertCode(t, err, apperr.Invalid, "validation-failed")
}

func TestEnsureVerifiedOrgLeavesAPersonsOrganisationAlone(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "founder@example.org")
	mine := f.createOrg(t, owner, "")
	_, err := f.svc.EnsureVerifiedOrg(ctx, mine.Slug, "Taken Over (sample)", KindUniversity, "FR", "https://taken.example.edu", "Sample.")
	assertCode(t, err, apperr.Conflict, "not-seeded")
	v, err := f.svc.Org(ctx, owner.Principal(), mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Verified() || v.Name != mine.Name || v.Website != mine.Website || v.Description != mine.Description {
		t.Fatalf("org after the seed tried its slug = %+v; want it unverified and unchanged from %+v", v.Organisation, mine)
	}
}

func TestIsVerifiedStaffNeedsAMemberOfAVerifiedOrg(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	staff := f.register(t, "staff@example.org")
	stranger := f.register(t, "stranger@example.org")
	o := f.createOrg(t, owner, "")
	f.addMember(t, owner, o.ID, staff.Email, RoleStaff)

	staffOf := func(u User, orgID string) bool {
		t.Helper()
		ok, err := f.svc.IsVerifiedStaff(ctx, u.ID, orgID)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if staffOf(owner, o.ID) || staffOf(staff, o.ID) {
		t.Error("the people of an unverified organisation count as its staff")
	}
	if _, err := f.svc.VerifyOrg(ctx, f.admin(t, "root@example.org").Principal(), o.ID); err != nil {
		t.Fatal(err)
	}
	if !staffOf(owner, o.ID) || !staffOf(staff, o.ID) {
		t.Error("the owner and staff of a verified organisation do not count as its staff")
	}
	if staffOf(stranger, o.ID) || staffOf(owner, "no-such-org") {
		t.Error("a stranger, or anyone of an unknown organisation, counts as staff")
	}
}

// Evidence is checked field by field and stored as an administrator reads it:
// trimmed, its domain in lower-case ASCII.
func TestSubmitEvidence(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	owner := f.register(t, "owner@example.org")
	o := f.createOrg(t, owner, "")
	cases := []struct {
		name       string
		in         EvidenceInput
		wantFields []string
		wantDomain string
	}{
		{"blank", EvidenceInput{}, []string{"registration_number", "email_domain"}, ""},
		{"an address instead of a domain", EvidenceInput{RegistrationNumber: "CHE-108.955.059", EmailDomain: "rector@unige.ch"}, []string{"email_domain"}, ""},
		{"a web address", EvidenceInput{RegistrationNumber: "CHE-108.955.059", EmailDomain: "https://unige.ch"}, []string{"email_domain"}, ""},
		{"no dot", EvidenceInput{RegistrationNumber: "CHE-108.955.059", EmailDomain: "localhost"}, []string{"email_domain"}, ""},
		{"markup in the number", EvidenceInput{RegistrationNumber: "<b>123</b>", EmailDomain: "unige.ch"}, []string{"registration_number"}, ""},
		{"valid, international", EvidenceInput{RegistrationNumber: " CHE-108.955.059 ", EmailDomain: " Université-Genève.CH "}, nil, "xn--universit-genve-6mbm.ch"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := f.svc.SubmitEvidence(ctx, owner.Principal(), o.ID, c.in)
			if c.wantFields != nil {
				if got := fieldsOf(t, err); !slices.Equal(got, c.wantFields) {
					t.Fatalf("fields = %v, want %v", got, c.wantFields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if v.Evidence == nil || v.Evidence.EmailDomain != c.wantDomain || v.Evidence.RegistrationNumber != "CHE-108.955.059" {
				t.Fatalf("evidence = %+v", v.Evidence)
			}
		})
	}
	staff := f.register(t, "staff@example.org")
	if _, err := f.svc.SubmitEvidence(ctx, staff.Principal(), o.ID, EvidenceInput{RegistrationNumber: "CHE-108.955.059", EmailDomain: "unige.ch"}); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("a stranger submits evidence for an unverified organisation: %v, want not found", err)
	}
}

// Deleting sample data deletes sample accounts and seed companies only: a
// person's account at the same kind of address, or a seed organisation
// someone owns, is refused.
func TestDeleteSampleAccountsAndSeedOrgs(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id, err := f.svc.EnsureSampleAccount(ctx, "sample-1@sample.example.org", "Sample One (sample)")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Register(ctx, Registration{Email: "person@sample.example.org", Password: "a long enough password", DisplayName: "A person"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.DeleteSampleAccount(ctx, "person@sample.example.org"); err == nil {
		t.Fatal("a person's account was deleted as a sample")
	}
	got, err := f.svc.DeleteSampleAccount(ctx, "Sample-1@sample.example.org")
	if err != nil || got != id {
		t.Fatalf("deleted %q (%v), want the sample account %s", got, err, id)
	}
	if got, err := f.svc.DeleteSampleAccount(ctx, "sample-1@sample.example.org"); err != nil || got != "" {
		t.Fatalf("deleting it again gives %q, %v; want nothing to delete", got, err)
	}
	if _, err := f.svc.EnsureVerifiedOrg(ctx, "nordwerk", "Nordwerk (sample)", KindCompany, "DE", "https://nordwerk.example.de", "Sample."); err != nil {
		t.Fatal(err)
	}
	if deleted, err := f.svc.DeleteSeedOrg(ctx, "nordwerk"); err != nil || !deleted {
		t.Fatalf("deleting the seed company: %v, %v", deleted, err)
	}
	if deleted, err := f.svc.DeleteSeedOrg(ctx, "nordwerk"); err != nil || deleted {
		t.Fatalf("deleting it again: %v, %v; want nothing to delete", deleted, err)
	}
}
