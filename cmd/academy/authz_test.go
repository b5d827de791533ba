package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"academy/services/kit/openapi"
)

// The five callers of the authorisation matrix.
type role int

const (
	anonymous  role = iota
	learner         // a signed-in learner with no organisation
	otherStaff      // owner of another verified organisation
	ownerStaff      // owner of the organisation that owns the resource
	admin           // platform administrator
)

var roles = []role{anonymous, learner, otherStaff, ownerStaff, admin}

func (r role) String() string {
	return [...]string{"anonymous", "learner", "other-org staff", "owning-org staff", "admin"}[r]
}

// world is the shared state the matrix runs against.
type world struct {
	ta     *testAcademy
	tokens map[role]string
	ids    map[string]string // named ids: org, other_org, member users ...
	seq    int
}

func (w *world) unique(prefix string) string {
	w.seq++
	return fmt.Sprintf("%s%d", prefix, w.seq)
}

// authzCase is one route of the matrix: the expected status per caller.
// path uses the documented Fiber path; params fill its :names per caller.
type authzCase struct {
	method, path string
	params       func(w *world, r role) map[string]string
	body         func(w *world, r role) any
	// query, when set, gives the query string of the call, made just before it.
	query func(t *testing.T, w *world, r role) string
	want  [5]int // indexed by role
}

func same(status int) [5]int { return [5]int{status, status, status, status, status} }

func (w *world) signUp(t testing.TB, email string) (id, token string) {
	t.Helper()
	id, s := w.ta.signUp(t, email)
	return id, s.AccessToken
}

func (w *world) signIn(t testing.TB, email string) string {
	t.Helper()
	var tok map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": "correct horse battery"}, &tok); resp.StatusCode != 200 {
		t.Fatalf("login %s = %d", email, resp.StatusCode)
	}
	return tok["access_token"].(string)
}

func (w *world) createOrg(t testing.TB, token, name string) string {
	t.Helper()
	var o map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs", token, map[string]any{"name": name, "kind": "university", "country": "FR"}, &o); resp.StatusCode != 201 {
		t.Fatalf("create org %s = %d", name, resp.StatusCode)
	}
	return o["id"].(string)
}

// newWorld wires the platform as newTestAcademy does, configure included,
// and signs up its cast.
func newWorld(t testing.TB, configure ...func(*Config)) *world {
	t.Helper()
	w := &world{ta: newTestAcademy(t, configure...), tokens: map[role]string{}, ids: map[string]string{}}
	w.ids["learner"], w.tokens[learner] = w.signUp(t, "learner@example.org")
	_, w.tokens[otherStaff] = w.signUp(t, "other@example.org")
	w.ids["owner"], w.tokens[ownerStaff] = w.signUp(t, "owner@example.org")
	if _, err := w.ta.identity.CreateAdmin(context.Background(), "admin@example.org", "Admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	w.tokens[admin] = w.signIn(t, "admin@example.org")
	w.ids["org"] = w.createOrg(t, w.tokens[ownerStaff], "Owning University")
	w.ids["other_org"] = w.createOrg(t, w.tokens[otherStaff], "Other University")
	for _, org := range []string{w.ids["org"], w.ids["other_org"]} {
		if resp := w.ta.call(t, "POST", "/api/v1/admin/orgs/"+org+"/verify", w.tokens[admin], nil, nil); resp.StatusCode != 200 {
			t.Fatalf("verify org = %d", resp.StatusCode)
		}
	}
	// Members the owner and the admin may remove, and invitations they may
	// revoke, one each.
	for _, r := range []string{"owner", "admin"} {
		email := "member-for-" + r + "@example.org"
		id, token := w.signUp(t, email)
		w.ids["member_for_"+r] = id
		w.ta.join(t, w.tokens[ownerStaff], w.ids["org"], email, token, "staff")
		var inv struct{ ID string }
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+w.ids["org"]+"/invitations", w.tokens[ownerStaff], map[string]any{"email": "invited-for-" + r + "@example.org", "role": "staff"}, &inv); resp.StatusCode != 201 {
			t.Fatalf("invite = %d", resp.StatusCode)
		}
		w.ids["invitation_for_"+r] = inv.ID
	}
	return w
}

func orgParam(w *world, _ role) map[string]string { return map[string]string{"id": w.ids["org"]} }

// identityMatrix covers the identity and operations routes.
func identityMatrix() []authzCase {
	newAccount := func(w *world, r role) any {
		return map[string]any{"email": w.unique("new") + "@example.org", "password": "correct horse battery", "display_name": "New", "language": "fr"}
	}
	return []authzCase{
		{method: "GET", path: "/healthz", want: same(200)},
		{method: "GET", path: "/readyz", want: same(200)},
		{method: "GET", path: "/metrics", want: same(200)},
		{method: "GET", path: "/api/v1/openapi.json", want: same(200)},
		{method: "GET", path: "/.well-known/jwks.json", want: same(200)},
		{method: "POST", path: "/api/v1/auth/register", body: newAccount, want: same(202)},
		{method: "POST", path: "/api/v1/auth/verify-email", body: func(*world, role) any { return map[string]any{"token": "not-a-token"} }, want: same(400)},
		{method: "POST", path: "/api/v1/me/email/verification", want: [5]int{401, 409, 409, 409, 409}},
		{method: "GET", path: "/api/v1/me/invitations", want: [5]int{401, 200, 200, 200, 200}},
		{method: "POST", path: "/api/v1/me/invitations/:id/accept", params: func(*world, role) map[string]string { return map[string]string{"id": "no-such-invitation"} },
			want: [5]int{401, 404, 404, 404, 404}},
		{method: "POST", path: "/api/v1/me/invitations/:id/decline", params: func(*world, role) map[string]string { return map[string]string{"id": "no-such-invitation"} },
			want: [5]int{401, 404, 404, 404, 404}},
		{method: "POST", path: "/api/v1/auth/login", body: func(w *world, r role) any {
			return map[string]any{"email": w.unique("nobody") + "@example.org", "password": "wrong password here"}
		}, want: same(401)},
		{method: "POST", path: "/api/v1/auth/refresh", body: func(*world, role) any { return map[string]any{"refresh_token": "not-a-token"} }, want: same(401)},
		{method: "POST", path: "/api/v1/auth/logout", body: func(*world, role) any { return map[string]any{"refresh_token": "not-a-token"} }, want: same(401)},
		{method: "POST", path: "/api/v1/auth/password/forgot", body: func(*world, role) any { return map[string]any{"email": "learner@example.org"} }, want: same(202)},
		{method: "POST", path: "/api/v1/auth/password/reset", body: func(*world, role) any {
			return map[string]any{"token": "not-a-token", "password": "another long password"}
		}, want: same(400)},
		{method: "GET", path: "/api/v1/me", want: [5]int{401, 200, 200, 200, 200}},
		{method: "PATCH", path: "/api/v1/me", body: func(*world, role) any { return map[string]any{"language": "de"} }, want: [5]int{401, 200, 200, 200, 200}},
		{method: "POST", path: "/api/v1/me/password", body: func(*world, role) any {
			return map[string]any{"current_password": "not my password", "new_password": "another long password"}
		}, want: [5]int{401, 400, 400, 400, 400}},
		// A wrong password deletes nothing; the deletion itself has its own test.
		{method: "POST", path: "/api/v1/me/deletion", body: func(*world, role) any {
			return map[string]any{"password": "not my password"}
		}, want: [5]int{401, 400, 400, 400, 400}},
		{method: "GET", path: "/api/v1/orgs", want: [5]int{401, 200, 200, 200, 200}},
		{method: "POST", path: "/api/v1/orgs", body: func(w *world, r role) any {
			return map[string]any{"name": w.unique("Org "), "kind": "company", "country": "DE"}
		}, want: [5]int{401, 201, 201, 201, 201}},
		{method: "GET", path: "/api/v1/orgs/:id", params: orgParam, want: same(200)},
		{method: "GET", path: "/api/v1/orgs/:id/members", params: orgParam, want: [5]int{401, 403, 403, 200, 200}},
		{method: "DELETE", path: "/api/v1/orgs/:id/members/me", params: orgParam, want: [5]int{401, 404, 404, 409, 404}},
		{method: "POST", path: "/api/v1/orgs/:id/invitations", params: orgParam, body: func(w *world, r role) any {
			return map[string]any{"email": w.unique("joiner") + "@example.org", "role": "staff"}
		}, want: [5]int{401, 403, 403, 201, 201}},
		{method: "GET", path: "/api/v1/orgs/:id/invitations", params: orgParam, want: [5]int{401, 403, 403, 200, 200}},
		{method: "DELETE", path: "/api/v1/orgs/:id/invitations/:invitation_id", params: func(w *world, r role) map[string]string {
			target := w.ids["invitation_for_owner"]
			if r == admin {
				target = w.ids["invitation_for_admin"]
			}
			return map[string]string{"id": w.ids["org"], "invitation_id": target}
		}, want: [5]int{401, 403, 403, 204, 204}},
		{method: "DELETE", path: "/api/v1/orgs/:id/members/:user_id", params: func(w *world, r role) map[string]string {
			target := w.ids["member_for_owner"]
			if r == admin {
				target = w.ids["member_for_admin"]
			}
			return map[string]string{"id": w.ids["org"], "user_id": target}
		}, want: [5]int{401, 403, 403, 204, 204}},
		{method: "PUT", path: "/api/v1/orgs/:id/evidence", params: orgParam, body: func(*world, role) any {
			return map[string]any{"registration_number": "FR40303265045", "email_domain": "example.org"}
		}, want: [5]int{401, 403, 403, 409, 403}},
		{method: "PUT", path: "/api/v1/orgs/:id/members/:user_id/role", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["org"], "user_id": w.ids["owner"]}
		}, body: func(*world, role) any { return map[string]any{"role": "owner"} }, want: [5]int{401, 403, 403, 200, 200}},
		{method: "POST", path: "/api/v1/admin/orgs/:id/reject", params: orgParam, body: func(*world, role) any { return map[string]any{"reason": "No such register number."} },
			want: [5]int{401, 403, 403, 403, 409}},
		{method: "POST", path: "/api/v1/admin/orgs/:id/verify", params: orgParam, want: [5]int{401, 403, 403, 403, 200}},
		{method: "GET", path: "/api/v1/admin/orgs", want: [5]int{401, 403, 403, 403, 200}},
	}
}

// TestAuthorisationMatrix calls every route as each kind of caller and checks
// each answer. It fails when a documented route has no row, so every new
// route must say who may use it.
func TestAuthorisationMatrix(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t)
	w.setUpCredentials(t)
	w.setUpCompetitions(t)
	w.setUpAdmin(t)
	w.setUpTeams(t)
	w.setUpTalent(t)
	cases := append(append(append(append(append(append(append(append(identityMatrix(), catalogMatrix()...), learningMatrix()...), credentialsMatrix()...), competitionsMatrix()...), dashboardMatrix()...), adminMatrix()...), teamsMatrix()...), talentMatrix()...)
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.method+" "+tc.path] = true
	}
	for _, r := range w.ta.doc.Routes() {
		if !covered[r.Method+" "+r.Path] {
			t.Errorf("route %s %s has no row in the authorisation matrix", r.Method, r.Path)
		}
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			for _, r := range roles {
				path := tc.path
				if tc.params != nil {
					for k, v := range tc.params(w, r) {
						path = strings.Replace(path, ":"+k, v, 1)
					}
				}
				if tc.query != nil {
					path += "?" + tc.query(t, w, r)
				}
				var body any
				if tc.body != nil {
					body = tc.body(w, r)
				}
				resp := w.ta.call(t, tc.method, path, w.tokens[r], body, nil)
				if resp.StatusCode != tc.want[r] {
					t.Errorf("as %s: %s %s = %d, want %d", r, tc.method, openapi.OpenAPIPath(tc.path), resp.StatusCode, tc.want[r])
				}
			}
		})
	}
}
