package main

import (
	"testing"
)

// setUpAdmin makes what the administrators' console acts on: organisations
// to un-verify and suspend, accounts to suspend and promote, and a published
// course and competition to unpublish, each its own, so that no other row
// of the matrix sees them change.
func (w *world) setUpAdmin(t *testing.T) {
	t.Helper()
	owner := w.tokens[ownerStaff]
	for _, key := range []string{"org_to_unverify", "org_to_suspend"} {
		w.ids[key] = w.createOrg(t, owner, key)
		if resp := w.ta.call(t, "POST", "/api/v1/admin/orgs/"+w.ids[key]+"/verify", w.tokens[admin], nil, nil); resp.StatusCode != 200 {
			t.Fatalf("verify %s = %d", key, resp.StatusCode)
		}
	}
	w.ids["user_to_suspend"], _ = w.signUp(t, "to-suspend@example.org")
	w.ids["user_to_promote"], _ = w.signUp(t, "to-promote@example.org")
	must := func(method, path string, body any, want int) {
		t.Helper()
		if resp := w.ta.call(t, method, path, owner, body, nil); resp.StatusCode != want {
			t.Fatalf("%s %s = %d, want %d", method, path, resp.StatusCode, want)
		}
	}
	must("POST", "/api/v1/courses", matrixCourse("moderate-course", "owning-university"), 201)
	must("PUT", "/api/v1/courses/moderate-course/tree", matrixTree(), 200)
	must("POST", "/api/v1/courses/moderate-course/publish", nil, 200)
	must("POST", "/api/v1/orgs/"+w.ids["org"]+"/competitions", competitionInput("comp-moderate"), 201)
	must("PUT", "/api/v1/competitions/comp-moderate/phases/main/solution", rawBody{"text/csv", compSolution}, 200)
	must("POST", "/api/v1/competitions/comp-moderate/publish", nil, 200)
}

// adminMatrix covers the administrators' console: every route is theirs
// alone; the rows of one target run in order (suspend, then reinstate).
func adminMatrix() []authzCase {
	adminOnly := func(status int) [5]int { return [5]int{401, 403, 403, 403, status} }
	id := func(key string) func(*world, role) map[string]string {
		return func(w *world, _ role) map[string]string { return map[string]string{"id": w.ids[key]} }
	}
	slug := func(s string) func(*world, role) map[string]string {
		return func(*world, role) map[string]string { return map[string]string{"slug": s} }
	}
	reason := func(*world, role) any { return map[string]any{"reason": "Reported by several learners."} }
	return []authzCase{
		{method: "POST", path: "/api/v1/admin/orgs/:id/unverify", params: id("org_to_unverify"), body: reason, want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/orgs/:id/suspend", params: id("org_to_suspend"), body: reason, want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/orgs/:id/reinstate", params: id("org_to_suspend"), want: adminOnly(200)},
		{method: "GET", path: "/api/v1/admin/users", want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/users/:id/suspend", params: id("user_to_suspend"), body: reason, want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/users/:id/reinstate", params: id("user_to_suspend"), want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/users/:id/reset-sign-in", params: id("user_to_suspend"), want: adminOnly(202)},
		{method: "PUT", path: "/api/v1/admin/users/:id/administrator", params: id("user_to_promote"), want: adminOnly(200)},
		{method: "DELETE", path: "/api/v1/admin/users/:id/administrator", params: id("user_to_promote"), want: adminOnly(200)},
		{method: "GET", path: "/api/v1/admin/audit", want: adminOnly(200)},
		{method: "GET", path: "/api/v1/admin/platform-stats", want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/courses/:slug/unpublish", params: slug("moderate-course"), body: reason, want: adminOnly(200)},
		{method: "POST", path: "/api/v1/admin/competitions/:slug/unpublish", params: slug("comp-moderate"), body: reason, want: adminOnly(200)},
	}
}
