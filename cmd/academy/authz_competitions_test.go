package main

import (
	"net/url"
	"testing"
	"time"
)

const (
	compSolution   = "id,label,Usage\n1,a,Public\n2,b,Public\n3,a,Private\n4,b,Private\n"
	compSubmission = "id,label\n1,a\n2,a\n3,a\n4,b\n"
)

// competitionInput is a competition of the owning organisation running now.
func competitionInput(slug string) map[string]any {
	start, end := time.Now().UTC().Add(-time.Hour), time.Now().UTC().Add(30*24*time.Hour)
	return map[string]any{"title": "Labels", "slug": slug, "summary": "Tell a from b.", "rules": "Be fair.", "level": "beginner",
		"start_at": start, "end_at": end, "team_size_limit": 2, "daily_limit": 50, "final_selections": 1, "eligibility": "open",
		"data_licence": "CC0-1.0", "phases": []map[string]any{{"id": "main", "title": "Main", "start_at": start, "end_at": end,
			"evaluation": map[string]any{"metric": "accuracy", "id_column": "id", "target_column": "label"}}}}
}

// setUpCompetitions has the owning organisation run a published
// competition with data files, which the learner joined and submitted to,
// and keep a draft.
func (w *world) setUpCompetitions(t testing.TB) {
	t.Helper()
	owner, org := w.tokens[ownerStaff], w.ids["org"]
	for _, slug := range []string{"comp-public", "comp-draft"} {
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+org+"/competitions", owner, competitionInput(slug), nil); resp.StatusCode != 201 {
			t.Fatalf("create %s = %d", slug, resp.StatusCode)
		}
	}
	if resp := w.ta.call(t, "PUT", "/api/v1/competitions/comp-public/phases/main/solution", owner, rawBody{"text/csv", compSolution}, nil); resp.StatusCode != 200 {
		t.Fatalf("solution = %d", resp.StatusCode)
	}
	if resp := w.ta.call(t, "POST", "/api/v1/competitions/comp-public/publish", owner, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("publish = %d", resp.StatusCode)
	}
	for _, name := range []string{"train.csv", "del-owner.csv", "del-admin.csv"} {
		if resp := w.ta.call(t, "PUT", "/api/v1/competitions/comp-public/files/"+name, owner, rawBody{"text/csv", "id\n1\n"}, nil); resp.StatusCode != 200 {
			t.Fatalf("file %s = %d", name, resp.StatusCode)
		}
	}
	l := w.tokens[learner]
	var entry struct{ Team struct{ ID string } }
	if resp := w.ta.call(t, "POST", "/api/v1/competitions/comp-public/entry", l, map[string]any{"accept_rules": true}, &entry); resp.StatusCode != 201 {
		t.Fatalf("join = %d", resp.StatusCode)
	}
	w.ids["learner_team"] = entry.Team.ID
	var sub map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/competitions/comp-public/submissions", l, rawBody{"text/csv", compSubmission}, &sub); resp.StatusCode != 202 {
		t.Fatalf("submit = %d %v", resp.StatusCode, sub)
	}
	w.ids["submission"] = sub["id"].(string)
	// Two more participants, whose teams the hosts disqualify and the
	// learner may invite.
	for _, name := range []string{"teammate", "teammate-2"} {
		id, token := w.signUp(t, name+"@example.org")
		w.ids[name] = id
		var entry struct{ Team struct{ ID string } }
		if resp := w.ta.call(t, "POST", "/api/v1/competitions/comp-public/entry", token, map[string]any{"accept_rules": true}, &entry); resp.StatusCode != 201 {
			t.Fatalf("join %s = %d", name, resp.StatusCode)
		}
		w.ids[name+"_team"] = entry.Team.ID
	}
}

// ownLink asks for a download link at linkPath as the caller and returns the
// query string of the URL it got; none when the caller may not have one.
func ownLink(linkPath string) func(*testing.T, *world, role) string {
	return func(t *testing.T, w *world, r role) string {
		t.Helper()
		var l struct{ URL string }
		if resp := w.ta.call(t, "POST", linkPath, w.tokens[r], nil, &l); resp.StatusCode != 200 {
			return ""
		}
		u, err := url.Parse(l.URL)
		if err != nil {
			t.Fatal(err)
		}
		return u.RawQuery
	}
}

func compSlug(slug string) func(*world, role) map[string]string {
	return func(*world, role) map[string]string { return map[string]string{"slug": slug} }
}

// competitionsMatrix covers hosting, taking part and the leaderboards. The
// join comes last: it makes every caller a participant.
func competitionsMatrix() []authzCase {
	public := compSlug("comp-public")
	hosts := [5]int{401, 403, 403, 200, 200}
	participant := [5]int{401, 200, 404, 404, 404}
	orgID := func(w *world, _ role) map[string]string { return map[string]string{"org_id": w.ids["org"]} }
	return []authzCase{
		{method: "GET", path: "/api/v1/competitions", want: same(200)},
		{method: "GET", path: "/api/v1/competitions/:slug", params: public, want: same(200)},
		{method: "GET", path: "/api/v1/competitions/:slug/leaderboard", params: public, want: same(200)},
		{method: "POST", path: "/api/v1/orgs/:org_id/competitions", params: orgID, body: func(w *world, _ role) any {
			return competitionInput(w.unique("comp-new-"))
		}, want: [5]int{401, 403, 403, 201, 201}},
		{method: "GET", path: "/api/v1/orgs/:org_id/competitions", params: orgID, want: hosts},
		// Created at version 1, the solution and publishing made it 3; the
		// owner's edit makes it 4 for the admin's.
		{method: "PATCH", path: "/api/v1/competitions/:slug", params: public, body: func(_ *world, r role) any {
			version := 3
			if r == admin {
				version = 4
			}
			return map[string]any{"summary": "Tell a from b, again.", "version": version}
		}, want: hosts},
		{method: "PUT", path: "/api/v1/competitions/:slug/files/:name", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "name": "extra.csv"}
		}, body: func(*world, role) any { return rawBody{"text/csv", "id\n2\n"} }, want: hosts},
		{method: "DELETE", path: "/api/v1/competitions/:slug/files/:name", params: func(_ *world, r role) map[string]string {
			name := "del-owner.csv"
			if r == admin {
				name = "del-admin.csv"
			}
			return map[string]string{"slug": "comp-public", "name": name}
		}, want: [5]int{401, 403, 403, 204, 204}},
		{method: "GET", path: "/api/v1/competitions/:slug/files/:name", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "name": "train.csv"}
		}, want: [5]int{401, 200, 403, 200, 200}},
		{method: "POST", path: "/api/v1/competitions/:slug/files/:name/link", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "name": "train.csv"}
		}, want: [5]int{401, 200, 403, 200, 200}},
		// Each caller uses a link of their own: none (400) for those who may not download.
		{method: "GET", path: "/api/v1/competitions/:slug/files/:name/download", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "name": "train.csv"}
		}, query: ownLink("/api/v1/competitions/comp-public/files/train.csv/link"), want: [5]int{400, 200, 400, 200, 200}},
		{method: "PUT", path: "/api/v1/competitions/:slug/phases/:phase_id/solution", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-draft", "phase_id": "main"}
		}, body: func(*world, role) any { return rawBody{"text/csv", compSolution} }, want: [5]int{401, 404, 404, 200, 200}},
		{method: "GET", path: "/api/v1/competitions/:slug/phases/:phase_id/solution", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "phase_id": "main"}
		}, want: hosts},
		{method: "POST", path: "/api/v1/competitions/:slug/phases/:phase_id/solution/link", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "phase_id": "main"}
		}, want: hosts},
		// The learner tries the link to a data file, which never opens a solution.
		{method: "GET", path: "/api/v1/competitions/:slug/phases/:phase_id/solution/download", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "phase_id": "main"}
		}, query: func(t *testing.T, w *world, r role) string {
			if r == learner {
				return ownLink("/api/v1/competitions/comp-public/files/train.csv/link")(t, w, r)
			}
			return ownLink("/api/v1/competitions/comp-public/phases/main/solution/link")(t, w, r)
		}, want: [5]int{400, 403, 400, 200, 200}},
		{method: "POST", path: "/api/v1/competitions/:slug/publish", params: public, want: hosts},
		{method: "GET", path: "/api/v1/competitions/:slug/host/submissions", params: public, want: hosts},
		{method: "POST", path: "/api/v1/competitions/:slug/finalise", params: public, want: [5]int{401, 403, 403, 409, 409}},
		{method: "GET", path: "/api/v1/competitions/:slug/host/audit", params: public, want: hosts},
		{method: "GET", path: "/api/v1/competitions/:slug/host/flags", params: public, want: hosts},
		{method: "POST", path: "/api/v1/competitions/:slug/host/flags/:flag_id/decision", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "flag_id": "no-such-flag"}
		}, body: func(*world, role) any {
			return map[string]any{"decision": "dismiss", "reason": "nothing to see"}
		}, want: [5]int{401, 403, 403, 404, 404}},
		{method: "POST", path: "/api/v1/competitions/:slug/host/baseline", params: public, body: func(*world, role) any {
			return rawBody{"text/csv", compSubmission}
		}, want: [5]int{401, 403, 403, 202, 202}},
		// The owner disqualifies one team, the admin the other.
		{method: "POST", path: "/api/v1/competitions/:slug/teams/:team_id/disqualification", params: func(w *world, r role) map[string]string {
			team := w.ids["teammate_team"]
			if r == admin {
				team = w.ids["teammate-2_team"]
			}
			return map[string]string{"slug": "comp-public", "team_id": team}
		}, body: func(*world, role) any { return map[string]any{"reason": "one person, two accounts"} }, want: [5]int{401, 403, 403, 200, 200}},
		// The learner's team is in good standing: nothing to reinstate.
		{method: "POST", path: "/api/v1/competitions/:slug/teams/:team_id/reinstatement", params: func(w *world, _ role) map[string]string {
			return map[string]string{"slug": "comp-public", "team_id": w.ids["learner_team"]}
		}, body: func(*world, role) any { return map[string]any{"reason": "a mistake"} }, want: [5]int{401, 403, 403, 409, 409}},
		{method: "POST", path: "/api/v1/competitions/:slug/team/invitations", params: public, body: func(w *world, _ role) any {
			return map[string]any{"user_id": w.ids["teammate"]}
		}, want: [5]int{401, 201, 403, 403, 403}},
		{method: "GET", path: "/api/v1/competitions/:slug/team/invitations", params: public, want: [5]int{401, 200, 403, 403, 403}},
		{method: "POST", path: "/api/v1/competitions/:slug/team/invitations/:id/accept", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "id": "no-such-invitation"}
		}, want: [5]int{401, 404, 403, 403, 403}},
		{method: "POST", path: "/api/v1/competitions/:slug/team/invitations/:id/decline", params: func(*world, role) map[string]string {
			return map[string]string{"slug": "comp-public", "id": "no-such-invitation"}
		}, want: [5]int{401, 404, 403, 403, 403}},
		// The learner is alone in a team.
		{method: "POST", path: "/api/v1/competitions/:slug/team/leave", params: public, want: [5]int{401, 409, 403, 403, 403}},
		{method: "PUT", path: "/api/v1/competitions/:slug/selection", params: public, body: func(*world, role) any {
			return map[string]any{"submission_ids": []string{}}
		}, want: [5]int{401, 200, 403, 403, 403}},
		{method: "GET", path: "/api/v1/competitions/:slug/entry", params: public, want: participant},
		{method: "PATCH", path: "/api/v1/competitions/:slug/team", params: public, body: func(*world, role) any {
			return map[string]any{"name": "The As"}
		}, want: [5]int{401, 200, 403, 403, 403}},
		{method: "POST", path: "/api/v1/competitions/:slug/submissions", params: public, body: func(*world, role) any {
			return rawBody{"text/csv", compSubmission}
		}, want: [5]int{401, 202, 403, 403, 403}},
		{method: "GET", path: "/api/v1/competitions/:slug/submissions", params: public, want: participant},
		{method: "GET", path: "/api/v1/competitions/:slug/submissions/:id", params: func(w *world, _ role) map[string]string {
			return map[string]string{"slug": "comp-public", "id": w.ids["submission"]}
		}, want: [5]int{401, 200, 404, 200, 200}},
		{method: "POST", path: "/api/v1/competitions/:slug/entry", params: public, body: func(*world, role) any {
			return map[string]any{"accept_rules": true}
		}, want: [5]int{401, 200, 201, 201, 201}},
	}
}
