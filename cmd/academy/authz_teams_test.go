package main

import "testing"

// companyTeam is the body of a company the owner creates.
func companyTeam(name string) map[string]any {
	return map[string]any{"name": name, "kind": "company", "country": "DE"}
}

// setUpTeams has the owner found a verified company, with an employee in
// its team, a pending invitation and a learning path to remove or revoke.
// It needs setUpCatalogue's courses.
func (w *world) setUpTeams(t *testing.T) {
	t.Helper()
	owner := w.tokens[ownerStaff]
	var org map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs", owner, companyTeam("Owning Company"), &org); resp.StatusCode != 201 {
		t.Fatalf("create company = %d", resp.StatusCode)
	}
	w.ids["company"] = org["id"].(string)
	if resp := w.ta.call(t, "POST", "/api/v1/admin/orgs/"+w.ids["company"]+"/verify", w.tokens[admin], nil, nil); resp.StatusCode != 200 {
		t.Fatalf("verify company = %d", resp.StatusCode)
	}
	w.ids["team_member"], _ = w.joinTeam(t, w.ids["company"], "employee-to-remove@example.org")
	var inv map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+w.ids["company"]+"/team/invitations", owner, map[string]any{"email": "invited-employee@example.org"}, &inv); resp.StatusCode != 201 {
		t.Fatalf("team invite = %d", resp.StatusCode)
	}
	w.ids["team_invitation"] = inv["id"].(string)
	var path map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+w.ids["company"]+"/team/paths", owner,
		map[string]any{"name": "Path to withdraw", "courses": []map[string]any{{"slug": "public-course"}}}, &path); resp.StatusCode != 201 {
		t.Fatalf("team path = %d", resp.StatusCode)
	}
	w.ids["team_path"] = path["id"].(string)
}

// joinTeam signs email up and has the company's owner invite it to the
// team, and the employee accept.
func (w *world) joinTeam(t *testing.T, companyID, email string) (userID, token string) {
	t.Helper()
	userID, token = w.signUp(t, email)
	var inv map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+companyID+"/team/invitations", w.tokens[ownerStaff], map[string]any{"email": email}, &inv); resp.StatusCode != 201 {
		t.Fatalf("team invite %s = %d", email, resp.StatusCode)
	}
	if resp := w.ta.call(t, "POST", "/api/v1/me/teams/invitations/"+inv["id"].(string)+"/accept", token, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("%s accepts = %d", email, resp.StatusCode)
	}
	return userID, token
}

func companyParam(w *world, _ role) map[string]string {
	return map[string]string{"id": w.ids["company"]}
}

// teamsMatrix covers team learning. Only the company's owners and staff
// manage its team; administrators are kept out too, since members share
// with their employer, not the platform. Anyone signed in reads their own
// teams and invitations; the team routes of a person name only their own.
func teamsMatrix() []authzCase {
	companyOnly := [5]int{401, 403, 403, 200, 403}
	signedIn := [5]int{401, 200, 200, 200, 200}
	nobody := [5]int{401, 404, 404, 404, 404}
	noSuch := func(*world, role) map[string]string { return map[string]string{"id": "no-such-invitation"} }
	company := func(w *world, _ role) map[string]string { return map[string]string{"org_id": w.ids["company"]} }
	return []authzCase{
		{method: "GET", path: "/api/v1/orgs/:id/team", params: companyParam, want: companyOnly},
		{method: "PUT", path: "/api/v1/orgs/:id/team/settings", params: companyParam, body: func(*world, role) any {
			return map[string]any{"occupations": []string{matrixOccupation}, "literacy_courses": []string{"public-course"}}
		}, want: companyOnly},
		{method: "GET", path: "/api/v1/orgs/:id/team/invitations", params: companyParam, want: companyOnly},
		{method: "POST", path: "/api/v1/orgs/:id/team/invitations", params: companyParam, body: func(w *world, _ role) any {
			return map[string]any{"email": w.unique("employee") + "@example.org"}
		}, want: [5]int{401, 403, 403, 201, 403}},
		{method: "DELETE", path: "/api/v1/orgs/:id/team/invitations/:invitation_id", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["company"], "invitation_id": w.ids["team_invitation"]}
		}, want: [5]int{401, 403, 403, 204, 403}},
		{method: "DELETE", path: "/api/v1/orgs/:id/team/members/:user_id", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["company"], "user_id": w.ids["team_member"]}
		}, want: [5]int{401, 403, 403, 204, 403}},
		{method: "POST", path: "/api/v1/orgs/:id/team/paths", params: companyParam, body: func(*world, role) any {
			return map[string]any{"name": "AI basics", "courses": []map[string]any{{"slug": "public-course", "due": "2027-01-31"}, {"slug": "enrol-course"}}}
		}, want: [5]int{401, 403, 403, 201, 403}},
		{method: "DELETE", path: "/api/v1/orgs/:id/team/paths/:path_id", params: func(w *world, _ role) map[string]string {
			return map[string]string{"id": w.ids["company"], "path_id": w.ids["team_path"]}
		}, want: [5]int{401, 403, 403, 204, 403}},
		{method: "GET", path: "/api/v1/orgs/:id/team/progress", params: companyParam, want: companyOnly},
		{method: "GET", path: "/api/v1/orgs/:id/team/skills", params: companyParam, want: companyOnly},
		{method: "GET", path: "/api/v1/orgs/:id/team/ai-literacy", params: companyParam, want: companyOnly},
		{method: "GET", path: "/api/v1/orgs/:id/team/ai-literacy.csv", params: companyParam, want: companyOnly},
		{method: "GET", path: "/api/v1/orgs/:id/team/ai-literacy.pdf", params: companyParam, want: companyOnly},
		{method: "GET", path: "/api/v1/me/teams", want: signedIn},
		{method: "GET", path: "/api/v1/me/teams/invitations", want: signedIn},
		{method: "POST", path: "/api/v1/me/teams/invitations/:id/accept", params: noSuch, want: nobody},
		{method: "POST", path: "/api/v1/me/teams/invitations/:id/decline", params: noSuch, want: nobody},
		{method: "PUT", path: "/api/v1/me/teams/:org_id/sharing", params: company, body: func(*world, role) any { return map[string]any{"share": true} }, want: nobody},
		{method: "DELETE", path: "/api/v1/me/teams/:org_id", params: company, want: nobody},
	}
}
