package main

import (
	"path"
	"testing"
)

// setUpCredentials has the owning organisation award credentials for the
// public and the enrol course to two learners, and finds a status list and a
// signing key to ask for.
func (w *world) setUpCredentials(t *testing.T) {
	t.Helper()
	owner := w.tokens[ownerStaff]
	courseID := func(slug string) string {
		var c map[string]any
		if resp := w.ta.call(t, "GET", "/api/v1/courses/"+slug, "", nil, &c); resp.StatusCode != 200 {
			t.Fatalf("course %s = %d", slug, resp.StatusCode)
		}
		return c["id"].(string)
	}
	issue := func(key, learnerID, course string) {
		t.Helper()
		var cred map[string]any
		body := map[string]any{"learner_id": learnerID, "course_id": courseID(course), "grade": 90}
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+w.ids["org"]+"/credentials", owner, body, &cred); resp.StatusCode != 201 {
			t.Fatalf("issue %s = %d %v", key, resp.StatusCode, cred)
		}
		w.ids[key] = cred["id"].(string)
	}
	issue("cred_owner", w.ids["learner"], "public-course")
	issue("cred_admin", w.ids["member_for_admin"], "public-course")
	issue("cred2_owner", w.ids["learner"], "enrol-course")
	issue("cred2_admin", w.ids["member_for_admin"], "enrol-course")

	var vc struct {
		CredentialStatus struct {
			StatusListCredential string `json:"statusListCredential"`
		} `json:"credentialStatus"`
	}
	if resp := w.ta.call(t, "GET", "/api/v1/credentials/"+w.ids["cred_owner"], "", nil, &vc); resp.StatusCode != 200 || vc.CredentialStatus.StatusListCredential == "" {
		t.Fatalf("credential = %d %+v", resp.StatusCode, vc)
	}
	w.ids["status_list"] = path.Base(vc.CredentialStatus.StatusListCredential)
	var jwks struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	if resp := w.ta.call(t, "GET", "/.well-known/credential-jwks.json", "", nil, &jwks); resp.StatusCode != 200 || len(jwks.Keys) == 0 {
		t.Fatalf("credential jwks = %d", resp.StatusCode)
	}
	w.ids["kid"] = path.Base(jwks.Keys[0].Kid)
}

func credParam(ownerKey, adminKey string) func(*world, role) map[string]string {
	return func(w *world, r role) map[string]string {
		if r == admin {
			return map[string]string{"id": w.ids[adminKey]}
		}
		return map[string]string{"id": w.ids[ownerKey]}
	}
}

// credentialsMatrix covers issuing, serving, verifying and revoking
// credentials. Only the awarding institution's staff issue; administrators
// may revoke, suspend and reinstate any credential.
func credentialsMatrix() []authzCase {
	public := credParam("cred_owner", "cred_owner")
	reason := func(*world, role) any { return map[string]any{"reason": "Issued in error."} }
	staffOnly := [5]int{401, 403, 403, 200, 200}
	return []authzCase{
		{method: "GET", path: "/api/v1/me/credentials", want: [5]int{401, 200, 200, 200, 200}},
		{method: "GET", path: "/api/v1/me/export", want: [5]int{401, 200, 200, 200, 200}},
		{method: "POST", path: "/api/v1/orgs/:org_id/credentials", params: func(w *world, _ role) map[string]string {
			return map[string]string{"org_id": w.ids["org"]}
		}, body: func(w *world, r role) any {
			return map[string]any{"learner_id": w.ids["member_for_owner"], "course_id": "no-such-course"}
		}, want: [5]int{401, 403, 403, 404, 403}},
		{method: "POST", path: "/api/v1/credentials/verify", body: func(*world, role) any { return map[string]any{"jwt": "not.a.jwt"} }, want: same(200)},
		{method: "GET", path: "/api/v1/credentials/:id", params: public, want: same(200)},
		{method: "GET", path: "/api/v1/credentials/:id/credential.jwt", params: public, want: same(200)},
		{method: "GET", path: "/api/v1/credentials/:id/verification", params: public, want: same(200)},
		{method: "GET", path: "/api/v1/credentials/:id/certificate.pdf", params: public, want: same(200)},
		{method: "POST", path: "/api/v1/credentials/:id/revoke", params: credParam("cred_owner", "cred_admin"), body: reason, want: staffOnly},
		{method: "POST", path: "/api/v1/credentials/:id/suspend", params: credParam("cred2_owner", "cred2_admin"), body: reason, want: staffOnly},
		{method: "POST", path: "/api/v1/credentials/:id/reinstate", params: credParam("cred2_owner", "cred2_admin"), want: staffOnly},
		{method: "GET", path: "/api/v1/status-lists/:id", params: func(w *world, _ role) map[string]string { return map[string]string{"id": w.ids["status_list"]} }, want: same(200)},
		{method: "GET", path: "/api/v1/issuers/:slug", params: fixedSlug("owning-university"), want: same(200)},
		{method: "GET", path: "/issuers/:slug", params: fixedSlug("owning-university"), want: same(200)},
		{method: "GET", path: "/api/v1/credential-keys/:kid", params: func(w *world, _ role) map[string]string { return map[string]string{"kid": w.ids["kid"]} }, want: same(200)},
		{method: "GET", path: "/.well-known/credential-jwks.json", want: same(200)},
		// Without an Accept header asking for JSON, the id URL sends people to the verification page.
		{method: "GET", path: "/credentials/:id", params: public, want: same(303)},
		{method: "GET", path: "/courses/:slug", params: fixedSlug("public-course"), want: same(200)},
		// A competition's achievement URL is public; browsers go on to the competition's page.
		{method: "GET", path: "/competitions/:slug/awards/:tier", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "any-competition", "tier": "winner"}
		}, want: same(303)},
	}
}
