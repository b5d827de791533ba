package main

import (
	"context"
	"testing"
)

// talentOpening is a publishable opening asking for the matrix skill.
func talentOpening(title string) map[string]any {
	return map[string]any{"title": title, "description": "Models in production.", "skills": []map[string]any{{"skill": matrixSkill, "essential": true, "min_level": 0}},
		"country": "DE", "city": "Berlin", "remote_policy": "hybrid", "permit_support": true,
		"pay": map[string]any{"min": 52000, "max": 64000, "currency": "EUR", "period": "year"}, "start_date": "2027-01-04"}
}

// setUpTalent has the owner and the other staff each run a verified
// company, the learner (who holds a credential proving the matrix skill)
// join the pool and match the owning company's opening, which asks for
// contact.
func (w *world) setUpTalent(t *testing.T) {
	t.Helper()
	for key, r := range map[string]role{"talent_company": ownerStaff, "other_talent_company": otherStaff} {
		var o map[string]any
		if resp := w.ta.call(t, "POST", "/api/v1/orgs", w.tokens[r], map[string]any{"name": "Company " + key, "kind": "company", "country": "DE"}, &o); resp.StatusCode != 201 {
			t.Fatalf("create %s = %d", key, resp.StatusCode)
		}
		w.ids[key] = o["id"].(string)
		if resp := w.ta.call(t, "POST", "/api/v1/admin/orgs/"+w.ids[key]+"/verify", w.tokens[admin], nil, nil); resp.StatusCode != 200 {
			t.Fatalf("verify %s = %d", key, resp.StatusCode)
		}
	}
	l := w.tokens[learner]
	if resp := w.ta.call(t, "POST", "/api/v1/me/talent/consent", l, map[string]any{"notice_version": "2026-12"}, nil); resp.StatusCode != 200 {
		t.Fatalf("join = %d", resp.StatusCode)
	}
	profile := map[string]any{"version": 0, "headline": "ML engineer", "country": "FR", "remote": true,
		"visible": map[string]any{"headline": true, "languages": true, "location": true, "availability": true, "self_declared": true}}
	if resp := w.ta.call(t, "PUT", "/api/v1/me/talent", l, profile, nil); resp.StatusCode != 200 {
		t.Fatalf("profile = %d", resp.StatusCode)
	}
	owner, company := w.tokens[ownerStaff], w.ids["talent_company"]
	for _, key := range []string{"opening", "opening_to_close"} {
		var o map[string]any
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+company+"/openings", owner, talentOpening(key), &o); resp.StatusCode != 201 {
			t.Fatalf("create %s = %d %v", key, resp.StatusCode, o)
		}
		w.ids[key] = o["id"].(string)
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+company+"/openings/"+w.ids[key]+"/publish", owner, nil, &o); resp.StatusCode != 200 {
			t.Fatalf("publish %s = %d %v", key, resp.StatusCode, o)
		}
	}
	// Matching runs here rather than in the worker, so the rows below find it done.
	if err := w.ta.talent.MatchOpening(context.Background(), w.ids["opening"]); err != nil {
		t.Fatal(err)
	}
	var matches struct {
		Items []struct {
			Candidate struct{ Pseudonym string }
		}
	}
	if resp := w.ta.call(t, "GET", "/api/v1/orgs/"+company+"/openings/"+w.ids["opening"]+"/matches", owner, nil, &matches); resp.StatusCode != 200 || len(matches.Items) != 1 {
		t.Fatalf("matches = %d %+v", resp.StatusCode, matches)
	}
	w.ids["pseudonym"] = matches.Items[0].Candidate.Pseudonym
	var contact map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+company+"/talent/candidates/"+w.ids["pseudonym"]+"/contact", owner, map[string]any{"message": "Shall we talk?"}, &contact); resp.StatusCode != 201 {
		t.Fatalf("contact = %d %v", resp.StatusCode, contact)
	}
	w.ids["contact"] = contact["id"].(string)
}

// talentMatrix covers the talent pool: learners reach their own profile,
// staff of the verified company (and administrators) its openings and
// candidates, nobody else. Withdrawal and erasure come last: they take the
// learner out of the pool.
func talentMatrix() []authzCase {
	company := func(w *world, _ role) map[string]string { return map[string]string{"org_id": w.ids["talent_company"]} }
	opening := func(key string) func(*world, role) map[string]string {
		return func(w *world, _ role) map[string]string {
			return map[string]string{"org_id": w.ids["talent_company"], "opening_id": w.ids[key], "pseudonym": w.ids["pseudonym"]}
		}
	}
	candidate := func(w *world, _ role) map[string]string {
		return map[string]string{"org_id": w.ids["talent_company"], "pseudonym": w.ids["pseudonym"]}
	}
	signedIn := func(status int) [5]int { return [5]int{401, status, status, status, status} }
	staff := func(status int) [5]int { return [5]int{401, 403, 403, status, status} }
	return []authzCase{
		{method: "GET", path: "/api/v1/talent/notice", want: same(200)},
		{method: "GET", path: "/api/v1/talent/matching", want: same(200)},
		{method: "GET", path: "/api/v1/talent/bluecard", want: same(200)},
		{method: "GET", path: "/api/v1/me/talent", want: signedIn(200)},
		// The learner edited once; the others edit a profile never edited.
		{method: "PUT", path: "/api/v1/me/talent", body: func(_ *world, r role) any {
			version := 0
			if r == learner {
				version = 1
			}
			return map[string]any{"version": version, "headline": "Still learning"}
		}, want: signedIn(200)},
		{method: "POST", path: "/api/v1/me/talent/imports", body: func(*world, role) any { return map[string]any{"credential": "not.a.jwt"} }, want: signedIn(422)},
		{method: "DELETE", path: "/api/v1/me/talent/imports/:id", params: func(*world, role) map[string]string { return map[string]string{"id": "no-such-import"} }, want: signedIn(404)},
		{method: "GET", path: "/api/v1/me/talent/matches", want: signedIn(200)},
		{method: "POST", path: "/api/v1/me/talent/matches/:opening_id/contest", params: opening("opening"),
			body: func(*world, role) any { return map[string]any{"message": "I know this better than it shows."} }, want: [5]int{401, 201, 404, 404, 404}},
		{method: "GET", path: "/api/v1/me/talent/contacts", want: signedIn(200)},
		{method: "GET", path: "/api/v1/me/talent/access-log", want: signedIn(200)},

		{method: "POST", path: "/api/v1/orgs/:org_id/openings", params: company, body: func(*world, role) any { return talentOpening("Another") }, want: staff(201)},
		{method: "GET", path: "/api/v1/orgs/:org_id/openings", params: company, want: staff(200)},
		{method: "GET", path: "/api/v1/orgs/:org_id/openings/:opening_id", params: opening("opening"), want: staff(200)},
		// Published at version 2; the owner's edit makes it 3 for the admin's.
		{method: "PUT", path: "/api/v1/orgs/:org_id/openings/:opening_id", params: opening("opening"), body: func(_ *world, r role) any {
			o := talentOpening("Edited")
			o["version"] = 2
			if r == admin {
				o["version"] = 3
			}
			return o
		}, want: staff(200)},
		{method: "POST", path: "/api/v1/orgs/:org_id/openings/:opening_id/publish", params: opening("opening"), want: staff(200)},
		{method: "GET", path: "/api/v1/orgs/:org_id/openings/:opening_id/matches", params: opening("opening"), want: staff(200)},
		{method: "PUT", path: "/api/v1/orgs/:org_id/openings/:opening_id/decisions/:pseudonym", params: opening("opening"),
			body: func(*world, role) any { return map[string]any{"decision": "shortlist", "reason": "Proven skill."} }, want: staff(200)},
		{method: "GET", path: "/api/v1/orgs/:org_id/talent/search", params: company, want: staff(200)},
		{method: "GET", path: "/api/v1/orgs/:org_id/talent/candidates/:pseudonym", params: candidate, want: staff(200)},
		// The owner's request of the set-up is pending: a second waits for its answer.
		{method: "POST", path: "/api/v1/orgs/:org_id/talent/candidates/:pseudonym/contact", params: candidate,
			body: func(*world, role) any { return map[string]any{"message": "Again?"} }, want: staff(409)},
		{method: "GET", path: "/api/v1/orgs/:org_id/talent/contests", params: company, want: staff(200)},
		{method: "POST", path: "/api/v1/orgs/:org_id/openings/:opening_id/close", params: opening("opening_to_close"), want: staff(200)},

		{method: "POST", path: "/api/v1/me/talent/contacts/:id/accept", params: func(w *world, _ role) map[string]string { return map[string]string{"id": w.ids["contact"]} },
			want: [5]int{401, 200, 404, 404, 404}},
		{method: "POST", path: "/api/v1/me/talent/contacts/:id/decline", params: func(w *world, _ role) map[string]string { return map[string]string{"id": w.ids["contact"]} },
			want: [5]int{401, 409, 404, 404, 404}},
		{method: "POST", path: "/api/v1/me/talent/consent", body: func(*world, role) any { return map[string]any{"notice_version": "2026-12"} }, want: signedIn(200)},
		{method: "DELETE", path: "/api/v1/me/talent/consent", want: signedIn(200)},
		{method: "DELETE", path: "/api/v1/me/talent", want: signedIn(204)},
	}
}
