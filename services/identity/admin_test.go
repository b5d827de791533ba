package identity

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"academy/services/kit/httpkit"
)

// adminToken opens an administrator account with email and signs it in.
func (a *api) adminToken(tb testing.TB, email string) TokenResponse {
	tb.Helper()
	a.admin(tb, email)
	var tr TokenResponse
	expect(tb, a.call(tb, "POST", "/api/v1/auth/login", "", LoginRequest{Email: email, Password: testPassword}), 200).decode(tb, &tr)
	return tr
}

// adminOrgs lists the organisations the query finds, as an administrator.
func (a *api) adminOrgs(tb testing.TB, token, query string) []AdminOrgResponse {
	tb.Helper()
	var page httpkit.Page[AdminOrgResponse]
	expect(tb, a.call(tb, "GET", "/api/v1/admin/orgs?"+query, token, nil), 200).decode(tb, &page)
	return page.Items
}

// auditActions lists the actions of the audit log the query finds, newest first.
func (a *api) auditActions(tb testing.TB, token, query string) []string {
	tb.Helper()
	var page httpkit.Page[AuditEntryResponse]
	expect(tb, a.call(tb, "GET", "/api/v1/admin/audit?"+query, token, nil), 200).decode(tb, &page)
	actions := make([]string, len(page.Items))
	for i, e := range page.Items {
		actions[i] = e.Action
	}
	return actions
}

func orgIDs(orgs []AdminOrgResponse) []string {
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	return ids
}

// An organisation goes through the queue, verification, un-verification and
// suspension; its staff's rights follow its state at once, its owners read
// each reason, and the audit log lists every step.
func TestHTTPAdminOrgLifecycle(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	owner := a.signIn(t, "owner@example.org")
	admin := a.adminToken(t, "root@example.org")
	var uni, company OrgResponse
	expect(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{Name: "Alpine University", Kind: KindUniversity, Country: "CH"}), 201).decode(t, &uni)
	expect(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{Name: "Beta Robotics", Kind: KindCompany, Country: "DE"}), 201).decode(t, &company)
	expect(t, a.call(t, "PUT", "/api/v1/orgs/"+uni.ID+"/evidence", owner.AccessToken, EvidenceRequest{RegistrationNumber: "CHE-123.456.789", EmailDomain: "alpine.example"}), 200)

	queue := a.adminOrgs(t, admin.AccessToken, "state=pending")
	if !slices.Equal(orgIDs(queue), []string{uni.ID, company.ID}) {
		t.Fatalf("queue = %v", orgIDs(queue))
	}
	if q := queue[0]; q.Evidence == nil || q.Evidence.RegistrationNumber != "CHE-123.456.789" || len(q.Owners) != 1 || q.Owners[0].Email != "owner@example.org" || q.State != OrgPending {
		t.Errorf("queued organisation = %+v", q)
	}
	if got := orgIDs(a.adminOrgs(t, admin.AccessToken, "kind=company")); !slices.Equal(got, []string{company.ID}) {
		t.Errorf("kind=company = %v", got)
	}
	if got := orgIDs(a.adminOrgs(t, admin.AccessToken, "q=alp")); !slices.Equal(got, []string{uni.ID}) {
		t.Errorf("q=alp = %v", got)
	}

	staff := func() bool {
		ok, err := a.svc.IsVerifiedStaff(ctx, uni.CreatedBy, uni.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	ownerView := func() OrgResponse {
		var o OrgResponse
		expect(t, a.call(t, "GET", "/api/v1/orgs/"+uni.ID, owner.AccessToken, nil), 200).decode(t, &o)
		return o
	}
	orgPath := "/api/v1/admin/orgs/" + uni.ID
	expect(t, a.call(t, "POST", orgPath+"/verify", admin.AccessToken, nil), 200)
	if !staff() || ownerView().State != OrgVerified {
		t.Fatal("verified organisation: its owner is not verified staff")
	}

	expect(t, a.call(t, "POST", orgPath+"/unverify", admin.AccessToken, ReasonRequest{Reason: "The register lists another name."}), 200)
	if o := ownerView(); staff() || o.Verified || o.State != OrgRejected || o.RejectionReason != "The register lists another name." {
		t.Errorf("after un-verifying: staff %v, owner sees %+v", staff(), o)
	}
	expect(t, a.call(t, "PUT", "/api/v1/orgs/"+uni.ID+"/evidence", owner.AccessToken, EvidenceRequest{RegistrationNumber: "CHE-123.456.780", EmailDomain: "alpine.example"}), 200)
	if got := orgIDs(a.adminOrgs(t, admin.AccessToken, "state=pending")); !slices.Contains(got, uni.ID) {
		t.Errorf("new evidence does not bring the organisation back to the queue: %v", got)
	}
	expect(t, a.call(t, "POST", orgPath+"/verify", admin.AccessToken, nil), 200)

	expect(t, a.call(t, "POST", orgPath+"/suspend", admin.AccessToken, ReasonRequest{Reason: "Complaints about fake certificates."}), 200)
	if o := ownerView(); staff() || o.State != OrgSuspended || o.SuspensionReason != "Complaints about fake certificates." {
		t.Errorf("after suspending: staff %v, owner sees %+v", staff(), o)
	}
	if got := orgIDs(a.adminOrgs(t, admin.AccessToken, "state=suspended")); !slices.Equal(got, []string{uni.ID}) {
		t.Errorf("state=suspended = %v", got)
	}
	expect(t, a.call(t, "POST", orgPath+"/reinstate", admin.AccessToken, nil), 200)
	if o := ownerView(); !staff() || o.State != OrgVerified || o.SuspensionReason != "" {
		t.Errorf("after reinstating: staff %v, owner sees %+v", staff(), o)
	}

	want := []string{"org.reinstate", "org.suspend", "org.verify", "org.unverify", "org.verify"}
	if got := a.auditActions(t, admin.AccessToken, "target="+uni.ID); !slices.Equal(got, want) {
		t.Errorf("audit of the organisation = %v, want %v", got, want)
	}
	if got := a.auditActions(t, admin.AccessToken, "action=org.verify"); !slices.Equal(got, []string{"org.verify", "org.verify"}) {
		t.Errorf("audit of verifications = %v", got)
	}
	if got := a.auditActions(t, admin.AccessToken, "actor="+admin.User.ID+"&limit=2"); len(got) != 2 {
		t.Errorf("a page of 2 of the admin's actions = %v", got)
	}
	var audit httpkit.Page[AuditEntryResponse]
	expect(t, a.call(t, "GET", "/api/v1/admin/audit?action=org.suspend", admin.AccessToken, nil), 200).decode(t, &audit)
	if e := audit.Items[0]; e.ActorEmail != "root@example.org" || e.TargetLabel != "Alpine University" || e.Reason != "Complaints about fake certificates." {
		t.Errorf("suspension entry = %+v", e)
	}

	tests := []struct {
		name, method, path, token string
		body                      any
		status                    int
		code                      string
	}{
		{"state unknown", "GET", "/api/v1/admin/orgs?state=closed", admin.AccessToken, nil, 400, "validation-failed"},
		{"kind unknown", "GET", "/api/v1/admin/orgs?kind=club", admin.AccessToken, nil, 400, "validation-failed"},
		{"name too long", "GET", "/api/v1/admin/orgs?q=" + strings.Repeat("a", 101), admin.AccessToken, nil, 400, "validation-failed"},
		{"reason missing", "POST", orgPath + "/suspend", admin.AccessToken, map[string]any{}, 400, "validation-failed"},
		{"reason too short", "POST", orgPath + "/unverify", admin.AccessToken, ReasonRequest{Reason: "no"}, 400, "validation-failed"},
		{"unknown field", "POST", orgPath + "/suspend", admin.AccessToken, map[string]any{"reason": "Fraud reports.", "until": "never"}, 400, "validation-failed"},
		{"un-verify an unverified one", "POST", "/api/v1/admin/orgs/" + company.ID + "/unverify", admin.AccessToken, ReasonRequest{Reason: "Not a company."}, 409, "not-verified"},
		{"reinstate one not suspended", "POST", orgPath + "/reinstate", admin.AccessToken, nil, 409, "not-suspended"},
		{"unknown organisation", "POST", "/api/v1/admin/orgs/nope/suspend", admin.AccessToken, ReasonRequest{Reason: "Fraud reports."}, 404, "not-found"},
		{"an owner suspends", "POST", orgPath + "/suspend", owner.AccessToken, ReasonRequest{Reason: "Fraud reports."}, 403, "forbidden"},
		{"audit action unknown", "GET", "/api/v1/admin/audit?action=org.delete", admin.AccessToken, nil, 400, "validation-failed"},
		{"audit by a learner", "GET", "/api/v1/admin/audit", owner.AccessToken, nil, 403, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectProblem(t, a.call(t, tt.method, tt.path, tt.token, tt.body), tt.status, tt.code)
		})
	}
	p := expectProblem(t, a.call(t, "POST", orgPath+"/suspend", admin.AccessToken, map[string]any{}), 400, "validation-failed")
	if len(p.Errors) != 1 || p.Errors[0].Field != "reason" {
		t.Errorf("missing reason: %+v", p.Errors)
	}
}

// Administrators find users by the start of their email or name, suspend
// them (their sessions end, sign-in is refused), reinstate them, and reset
// their sign-in.
func TestHTTPAdminUsers(t *testing.T) {
	a := newAPI(t)
	ada := a.signIn(t, "ada.lovelace@example.org")
	a.signIn(t, "grace@example.org")
	admin := a.adminToken(t, "root@example.org")

	find := func(query string) []string {
		var page httpkit.Page[AdminUserResponse]
		expect(t, a.call(t, "GET", "/api/v1/admin/users?"+query, admin.AccessToken, nil), 200).decode(t, &page)
		emails := make([]string, len(page.Items))
		for i, u := range page.Items {
			emails[i] = u.Email
		}
		return emails
	}
	if got := find("q=ADA."); !slices.Equal(got, []string{"ada.lovelace@example.org"}) {
		t.Errorf("q=ADA. finds %v", got)
	}
	if got := find("q=" + url.QueryEscape("Test grace")); !slices.Equal(got, []string{"grace@example.org"}) {
		t.Errorf("by name finds %v", got)
	}
	if got := find("q=.*"); len(got) != 0 {
		t.Errorf("q=.* is taken as a pattern: %v", got)
	}
	if got := find("admin=true"); !slices.Equal(got, []string{"root@example.org"}) {
		t.Errorf("admin=true finds %v", got)
	}

	userPath := "/api/v1/admin/users/" + ada.User.ID
	var suspended AdminUserResponse
	expect(t, a.call(t, "POST", userPath+"/suspend", admin.AccessToken, ReasonRequest{Reason: "Spam in the forum."}), 200).decode(t, &suspended)
	if !suspended.Suspended || suspended.SuspensionReason != "Spam in the forum." {
		t.Errorf("suspended = %+v", suspended)
	}
	expect(t, a.call(t, "GET", "/api/v1/me", ada.AccessToken, nil), 401)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: ada.RefreshToken}), 401, "invalid-refresh-token")
	p := expectProblem(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada.lovelace@example.org", Password: testPassword}), 403, "account-suspended")
	if !strings.Contains(p.Detail, "suspended") {
		t.Errorf("sign-in refusal says %q", p.Detail)
	}
	if got := find("suspended=true"); !slices.Equal(got, []string{"ada.lovelace@example.org"}) {
		t.Errorf("suspended=true finds %v", got)
	}
	expectProblem(t, a.call(t, "POST", userPath+"/suspend", admin.AccessToken, ReasonRequest{Reason: "Spam again."}), 409, "already-suspended")
	expect(t, a.call(t, "POST", userPath+"/reinstate", admin.AccessToken, nil), 200)
	ada = a.signIn(t, "ada.lovelace@example.org")

	expect(t, a.call(t, "POST", userPath+"/reset-sign-in", admin.AccessToken, nil), 202)
	expect(t, a.call(t, "GET", "/api/v1/me", ada.AccessToken, nil), 401)
	reset := a.lastMail(t, "ada.lovelace@example.org", MailPasswordReset)
	expect(t, a.call(t, "POST", "/api/v1/auth/password/reset", "", ResetPasswordRequest{Token: tokenIn(t, resetLink, reset.Text), Password: "a brand new password"}), 204)
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada.lovelace@example.org", Password: "a brand new password"}), 200).decode(t, &ada)

	want := []string{"user.reset_sign_in", "user.reinstate", "user.suspend"}
	if got := a.auditActions(t, admin.AccessToken, "target="+ada.User.ID); !slices.Equal(got, want) {
		t.Errorf("audit of the user = %v, want %v", got, want)
	}

	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"query too long", "GET", "/api/v1/admin/users?q=" + strings.Repeat("a", 101), nil, 400, "validation-failed"},
		{"suspended not a boolean", "GET", "/api/v1/admin/users?suspended=yes", nil, 400, "validation-failed"},
		{"admin not a boolean", "GET", "/api/v1/admin/users?admin=1", nil, 400, "validation-failed"},
		{"reason missing", "POST", userPath + "/suspend", map[string]any{"reason": "  "}, 400, "validation-failed"},
		{"reason too long", "POST", userPath + "/suspend", ReasonRequest{Reason: strings.Repeat("x", 501)}, 400, "validation-failed"},
		{"body not an object", "POST", userPath + "/suspend", "reason", 400, "malformed-json"},
		{"suspend an administrator", "POST", "/api/v1/admin/users/" + admin.User.ID + "/suspend", ReasonRequest{Reason: "Testing."}, 409, "administrator"},
		{"reinstate an active account", "POST", userPath + "/reinstate", nil, 409, "not-suspended"},
		{"unknown user", "POST", "/api/v1/admin/users/nobody/reset-sign-in", nil, 404, "not-found"},
		{"remove the last administrator", "DELETE", "/api/v1/admin/users/" + admin.User.ID + "/administrator", nil, 409, "last-administrator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectProblem(t, a.call(t, tt.method, tt.path, admin.AccessToken, tt.body), tt.status, tt.code)
		})
	}
	expectProblem(t, a.call(t, "GET", "/api/v1/admin/users", ada.AccessToken, nil), 403, "forbidden")
}

// An administrator makes another one, who may then remove the first; the
// last one stays, and a removed administrator's sessions end.
func TestHTTPAdministrators(t *testing.T) {
	a := newAPI(t)
	ctx := context.Background()
	ada := a.signIn(t, "ada@example.org")
	root := a.adminToken(t, "root@example.org")

	var granted AdminUserResponse
	expect(t, a.call(t, "PUT", "/api/v1/admin/users/"+ada.User.ID+"/administrator", root.AccessToken, nil), 200).decode(t, &granted)
	if !granted.Admin {
		t.Fatalf("granted = %+v", granted)
	}
	expect(t, a.call(t, "PUT", "/api/v1/admin/users/"+ada.User.ID+"/administrator", root.AccessToken, nil), 200)
	if n, err := a.store.adminCount(ctx); err != nil || n != 2 {
		t.Fatalf("administrators counted: %d, %v; want 2", n, err)
	}
	ada = a.signIn(t, "ada@example.org")
	expect(t, a.call(t, "DELETE", "/api/v1/admin/users/"+root.User.ID+"/administrator", ada.AccessToken, nil), 200)
	expect(t, a.call(t, "GET", "/api/v1/admin/users", root.AccessToken, nil), 401)
	expectProblem(t, a.call(t, "DELETE", "/api/v1/admin/users/"+ada.User.ID+"/administrator", ada.AccessToken, nil), 409, "last-administrator")
	if n, err := a.store.adminCount(ctx); err != nil || n != 1 {
		t.Fatalf("administrators counted: %d, %v; want 1", n, err)
	}
	want := []string{"user.revoke_admin", "user.grant_admin"}
	if got := a.auditActions(t, ada.AccessToken, ""); !slices.Equal(got, want) {
		t.Errorf("audit = %v, want %v", got, want)
	}
}
