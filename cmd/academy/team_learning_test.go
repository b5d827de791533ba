package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"academy/services/identity"
	"academy/services/kit/events"
)

// teamWorld is a verified company with two employees in its team, Ada who
// shares her learning with it and Bob who does not, both holding a
// credential of the course the company counts as AI literacy.
type teamWorld struct {
	*world
	company        string
	ada, bob       string // user ids
	adaTok, bobTok string
	adaCredential  string
}

func newTeamWorld(t *testing.T) *teamWorld {
	t.Helper()
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpTeams(t)
	tw := &teamWorld{world: w, company: w.ids["company"]}
	// The matrix's member, invitation and path are not this story's.
	tw.owner(t, "DELETE", "/team/members/"+w.ids["team_member"], nil, 204, nil)
	tw.owner(t, "DELETE", "/team/invitations/"+w.ids["team_invitation"], nil, 204, nil)
	tw.owner(t, "DELETE", "/team/paths/"+w.ids["team_path"], nil, 204, nil)
	tw.ada, tw.adaTok = w.signUp(t, "ada.employee@example.org")
	tw.bob, tw.bobTok = w.signUp(t, "bob.employee@example.org")
	tw.adaCredential = tw.award(t, tw.ada, "public-course")
	tw.award(t, tw.bob, "public-course")
	for _, e := range []struct{ email, token string }{{"ada.employee@example.org", tw.adaTok}, {"bob.employee@example.org", tw.bobTok}} {
		var inv map[string]any
		if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+tw.company+"/team/invitations", w.tokens[ownerStaff], map[string]any{"email": e.email}, &inv); resp.StatusCode != 201 {
			t.Fatalf("invite %s = %d", e.email, resp.StatusCode)
		}
		var mine struct {
			Items []struct {
				ID      string `json:"id"`
				OrgName string `json:"org_name"`
			}
		}
		if resp := w.ta.call(t, "GET", "/api/v1/me/teams/invitations", e.token, nil, &mine); resp.StatusCode != 200 || len(mine.Items) != 1 || mine.Items[0].ID != inv["id"] || mine.Items[0].OrgName != "Owning Company" {
			t.Fatalf("%s's invitations = %d %+v", e.email, resp.StatusCode, mine)
		}
		var team map[string]any
		if resp := w.ta.call(t, "POST", "/api/v1/me/teams/invitations/"+mine.Items[0].ID+"/accept", e.token, nil, &team); resp.StatusCode != 200 || team["sharing"] != false {
			t.Fatalf("%s accepts = %d %v: a new member shares nothing", e.email, resp.StatusCode, team)
		}
	}
	tw.owner(t, "PUT", "/team/settings", map[string]any{"occupations": []string{matrixOccupation}, "literacy_courses": []string{"public-course"}}, 200, nil)
	tw.owner(t, "POST", "/team/paths", map[string]any{"name": "AI for everyone", "courses": []map[string]any{
		{"slug": "public-course", "due": "2026-01-31"}, {"slug": "enrol-course", "due": "2099-06-30"}}}, 201, nil)
	tw.share(t, tw.adaTok, true)
	return tw
}

// award has the university issue a credential for the course to the learner.
func (tw *teamWorld) award(t *testing.T, learnerID, slug string) string {
	t.Helper()
	var c map[string]any
	if resp := tw.ta.call(t, "GET", "/api/v1/courses/"+slug, "", nil, &c); resp.StatusCode != 200 {
		t.Fatalf("course %s = %d", slug, resp.StatusCode)
	}
	var cred map[string]any
	body := map[string]any{"learner_id": learnerID, "course_id": c["id"], "grade": 90}
	if resp := tw.ta.call(t, "POST", "/api/v1/orgs/"+tw.ids["org"]+"/credentials", tw.tokens[ownerStaff], body, &cred); resp.StatusCode != 201 {
		t.Fatalf("award %s = %d %v", slug, resp.StatusCode, cred)
	}
	return cred["id"].(string)
}

// owner calls a team route of the company as its owner.
func (tw *teamWorld) owner(t *testing.T, method, path string, body any, want int, out any) []byte {
	t.Helper()
	resp := tw.ta.call(t, method, "/api/v1/orgs/"+tw.company+path, tw.tokens[ownerStaff], body, nil)
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
	return b
}

func (tw *teamWorld) share(t *testing.T, token string, share bool) {
	t.Helper()
	var team map[string]any
	if resp := tw.ta.call(t, "PUT", "/api/v1/me/teams/"+tw.company+"/sharing", token, map[string]any{"share": share}, &team); resp.StatusCode != 200 || team["sharing"] != share {
		t.Fatalf("sharing %v = %d %v", share, resp.StatusCode, team)
	}
}

type literacyRecord struct {
	Members   int `json:"members"`
	Completed []struct {
		UserID       string `json:"user_id"`
		DisplayName  string `json:"display_name"`
		CredentialID string `json:"credential_id"`
		VerifyURL    string `json:"verify_url"`
	} `json:"completed"`
	NotYet []struct {
		UserID string `json:"user_id"`
	} `json:"not_yet"`
	NotSharing int `json:"not_sharing"`
}

// The company sees the progress and the AI-literacy credential of the
// member who shares, only counts the one who does not, in the record, its
// CSV and its PDF; when she stops sharing, the next read hides her.
func TestTeamLearningShowsOnlyWhatMembersShare(t *testing.T) {
	tw := newTeamWorld(t)
	mails, err := tw.ta.identityDB.PendingMail(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	invited := 0
	for _, m := range mails {
		if m.To == "ada.employee@example.org" && m.Kind == identity.MailTeamInvitation {
			invited++
			if !strings.Contains(m.Subject, "Owning Company") || !strings.Contains(m.Text, "http://academy.test/teams") {
				t.Errorf("invitation mail = %q %q", m.Subject, m.Text)
			}
		}
	}
	if invited != 1 {
		t.Fatalf("Ada got %d team invitation mails, want 1", invited)
	}
	bobNamed := func(b []byte) bool {
		return bytes.Contains(b, []byte(tw.bob)) || bytes.Contains(b, []byte("bob.employee"))
	}

	var progress struct {
		Paths []struct {
			Members []struct {
				UserID  string `json:"user_id"`
				Courses []struct {
					Slug, Status string
					Overdue      bool
				}
			}
		}
		Sharing    int `json:"sharing"`
		NotSharing int `json:"not_sharing"`
	}
	b := tw.owner(t, "GET", "/team/progress", nil, 200, &progress)
	if len(progress.Paths) != 1 || len(progress.Paths[0].Members) != 1 || progress.Paths[0].Members[0].UserID != tw.ada || progress.NotSharing != 1 || bobNamed(b) {
		t.Fatalf("progress = %s: Ada alone, Bob counted", b)
	}
	courses := progress.Paths[0].Members[0].Courses
	if len(courses) != 2 || courses[0].Slug != "public-course" || courses[0].Status != "not-started" || !courses[0].Overdue || courses[1].Overdue {
		t.Fatalf("Ada's path = %+v: the first course is past its due date, the second is not", courses)
	}

	var rec literacyRecord
	b = tw.owner(t, "GET", "/team/ai-literacy", nil, 200, &rec)
	if rec.Members != 2 || len(rec.Completed) != 1 || rec.Completed[0].UserID != tw.ada || rec.Completed[0].CredentialID != tw.adaCredential ||
		rec.Completed[0].VerifyURL != "http://academy.test/verify/"+tw.adaCredential || len(rec.NotYet) != 0 || rec.NotSharing != 1 || bobNamed(b) {
		t.Fatalf("record = %s", b)
	}

	resp := tw.ta.call(t, "GET", "/api/v1/orgs/"+tw.company+"/team/ai-literacy.csv", tw.tokens[ownerStaff], nil, nil)
	b, _ = io.ReadAll(resp.Body)
	today := time.Now().UTC().Format(time.DateOnly)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "ai-literacy-record-"+today+".csv") || bobNamed(b) {
		t.Fatalf("CSV = %d %v %s", resp.StatusCode, resp.Header, b)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, b)
	}
	var completed, notSharing []string
	for _, r := range rows {
		switch r[0] {
		case "completed":
			completed = append(completed, r[4])
		case "members_not_sharing":
			notSharing = append(notSharing, r[1])
		case "generated_at":
			if !strings.HasPrefix(r[1], today) {
				t.Errorf("generated_at = %q, want today", r[1])
			}
		}
	}
	if fmt.Sprint(completed) != "["+tw.adaCredential+"]" || fmt.Sprint(notSharing) != "[1]" {
		t.Fatalf("CSV rows = %v", rows)
	}

	resp = tw.ta.call(t, "GET", "/api/v1/orgs/"+tw.company+"/team/ai-literacy.pdf", tw.tokens[ownerStaff], nil, nil)
	b, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(b, []byte("%PDF-")) ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "ai-literacy-record-"+today+".pdf") {
		t.Fatalf("PDF = %d %v", resp.StatusCode, resp.Header)
	}

	var skills struct {
		Proven []struct {
			ID      string
			Members int
		}
		Occupations []struct {
			ID      string
			Covered int
			Skills  []struct {
				ID      string
				Members int
			}
		}
	}
	tw.owner(t, "GET", "/team/skills?lang=fr", nil, 200, &skills)
	if len(skills.Proven) != 1 || skills.Proven[0].ID != matrixSkill || skills.Proven[0].Members != 1 ||
		len(skills.Occupations) != 1 || skills.Occupations[0].Covered != 1 || skills.Occupations[0].Skills[0].Members != 1 {
		t.Fatalf("skills = %+v: Ada's credential proves the occupation's one essential skill", skills)
	}

	// Ada stops sharing: the very next reads show nothing of her.
	tw.share(t, tw.adaTok, false)
	b = tw.owner(t, "GET", "/team/ai-literacy", nil, 200, &rec)
	if len(rec.Completed) != 0 || len(rec.NotYet) != 0 || rec.NotSharing != 2 || bytes.Contains(b, []byte(tw.adaCredential)) || bytes.Contains(b, []byte(tw.ada)) {
		t.Fatalf("record after withdrawal = %s", b)
	}
	b = tw.owner(t, "GET", "/team/progress", nil, 200, &progress)
	if len(progress.Paths[0].Members) != 0 || progress.NotSharing != 2 || bytes.Contains(b, []byte(tw.ada)) {
		t.Fatalf("progress after withdrawal = %s", b)
	}
	tw.owner(t, "GET", "/team/skills", nil, 200, &skills)
	if len(skills.Proven) != 0 || skills.Occupations[0].Covered != 0 {
		t.Fatalf("skills after withdrawal = %+v", skills)
	}

	// Invited again while in the team, she accepts and stays as she is: not sharing.
	var again map[string]any
	if resp := tw.ta.call(t, "POST", "/api/v1/orgs/"+tw.company+"/team/invitations", tw.tokens[ownerStaff], map[string]any{"email": "ada.employee@example.org"}, &again); resp.StatusCode != 201 {
		t.Fatalf("invite Ada again = %d", resp.StatusCode)
	}
	var rejoined map[string]any
	if resp := tw.ta.call(t, "POST", "/api/v1/me/teams/invitations/"+again["id"].(string)+"/accept", tw.adaTok, nil, &rejoined); resp.StatusCode != 200 || rejoined["sharing"] != false {
		t.Fatalf("Ada accepts again = %d %v", resp.StatusCode, rejoined)
	}

	// Ada still sees her own progress in the team.
	var mine struct {
		Items []struct {
			OrgID   string `json:"org_id"`
			Sharing bool
			Paths   []struct{ Courses []struct{ Slug string } }
		}
	}
	if resp := tw.ta.call(t, "GET", "/api/v1/me/teams", tw.adaTok, nil, &mine); resp.StatusCode != 200 || len(mine.Items) != 1 ||
		mine.Items[0].OrgID != tw.company || mine.Items[0].Sharing || len(mine.Items[0].Paths) != 1 || len(mine.Items[0].Paths[0].Courses) != 2 {
		t.Fatalf("Ada's teams = %d %+v", resp.StatusCode, mine)
	}
}

// A credential issued or revoked after a member joined reaches the team's
// views through the credentials context's events.
func TestTeamSeesCredentialsIssuedAndRevokedLater(t *testing.T) {
	tw := newTeamWorld(t)
	ctx := context.Background()
	tw.owner(t, "PUT", "/team/settings", map[string]any{"literacy_courses": []string{"enrol-course"}}, 200, nil)
	var rec literacyRecord
	tw.owner(t, "GET", "/team/ai-literacy", nil, 200, &rec)
	if len(rec.Completed) != 0 || len(rec.NotYet) != 1 || rec.NotYet[0].UserID != tw.ada {
		t.Fatalf("record = %+v: Ada has no enrol-course credential yet", rec)
	}
	id := tw.award(t, tw.ada, "enrol-course")
	deliver := func(eventType string) {
		t.Helper()
		ev, err := events.New(eventType, events.CredentialData{CredentialID: id, LearnerID: tw.ada}, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.ta.teams.HandleCredential(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	deliver(events.CredentialIssued)
	tw.owner(t, "GET", "/team/ai-literacy", nil, 200, &rec)
	if len(rec.Completed) != 1 || rec.Completed[0].CredentialID != id {
		t.Fatalf("record after issue = %+v", rec)
	}
	if resp := tw.ta.call(t, "POST", "/api/v1/credentials/"+id+"/revoke", tw.tokens[ownerStaff], map[string]any{"reason": "Issued in error."}, nil); resp.StatusCode != 200 {
		t.Fatalf("revoke = %d", resp.StatusCode)
	}
	deliver(events.CredentialStatusChanged)
	deliver(events.CredentialStatusChanged)
	tw.owner(t, "GET", "/team/ai-literacy", nil, 200, &rec)
	if len(rec.Completed) != 0 || len(rec.NotYet) != 1 {
		t.Fatalf("record after revocation = %+v: a revoked credential proves nothing", rec)
	}
}

// Bad input gets a problem naming what is wrong.
func TestTeamLearningRefusesBadInput(t *testing.T) {
	tw := newTeamWorld(t)
	owner := tw.tokens[ownerStaff]
	var other map[string]any
	if resp := tw.ta.call(t, "POST", "/api/v1/orgs/"+tw.company+"/team/invitations", owner, map[string]any{"email": "carol@example.org"}, &other); resp.StatusCode != 201 {
		t.Fatalf("invite carol = %d", resp.StatusCode)
	}
	var revoked map[string]any
	if resp := tw.ta.call(t, "POST", "/api/v1/orgs/"+tw.company+"/team/invitations", owner, map[string]any{"email": "ada.employee@example.org"}, &revoked); resp.StatusCode != 201 {
		t.Fatalf("invite ada again = %d", resp.StatusCode)
	}
	if resp := tw.ta.call(t, "DELETE", "/api/v1/orgs/"+tw.company+"/team/invitations/"+revoked["id"].(string), owner, nil, nil); resp.StatusCode != 204 {
		t.Fatalf("revoke = %d", resp.StatusCode)
	}
	team := "/api/v1/orgs/" + tw.company + "/team"
	cases := []struct {
		name, method, path, token string
		body                      any
		status                    int
		code                      string
		fields                    []string
	}{
		{"invalid email", "POST", team + "/invitations", owner, map[string]any{"email": "not an address"}, 400, "validation-failed", []string{"email"}},
		{"missing email", "POST", team + "/invitations", owner, map[string]any{}, 400, "validation-failed", []string{"email"}},
		{"unknown field", "POST", team + "/invitations", owner, map[string]any{"email": "x@example.org", "role": "owner"}, 400, "", nil},
		{"path without courses", "POST", team + "/paths", owner, map[string]any{"name": "P", "courses": []any{}}, 400, "validation-failed", []string{"name", "courses"}},
		{"path with unknown course and bad date", "POST", team + "/paths", owner, map[string]any{"name": "Path", "courses": []map[string]any{
			{"slug": "no-such-course"}, {"slug": "public-course", "due": "31/01/2027"}, {"slug": "public-course"}, {"slug": "draft-course"}}},
			400, "validation-failed", []string{"courses[0].slug", "courses[1].due", "courses[2].slug", "courses[3].slug"}},
		{"settings with unknown occupation and course", "PUT", team + "/settings", owner, map[string]any{
			"occupations": []string{"not-a-uuid", "00000000-0000-4000-8000-000000000000"}, "literacy_courses": []string{"nope"}},
			400, "validation-failed", []string{"occupations[0]", "occupations[1]", "literacy_courses[0]"}},
		{"settings without literacy courses", "PUT", team + "/settings", owner, map[string]any{"occupations": []string{}, "literacy_courses": []string{}}, 400, "validation-failed", []string{"literacy_courses"}},
		{"skills in an unknown language", "GET", team + "/skills?lang=xx", owner, nil, 400, "validation-failed", []string{"lang"}},
		{"unknown path", "DELETE", team + "/paths/no-such-path", owner, nil, 404, "not-found", nil},
		{"unknown member", "DELETE", team + "/members/no-such-user", owner, nil, 404, "not-a-member", nil},
		{"a university has no team", "GET", "/api/v1/orgs/" + tw.ids["org"] + "/team", owner, nil, 409, "not-a-company", nil},
		{"sharing without a choice", "PUT", "/api/v1/me/teams/" + tw.company + "/sharing", tw.adaTok, map[string]any{}, 400, "validation-failed", []string{"share"}},
		{"sharing not a boolean", "PUT", "/api/v1/me/teams/" + tw.company + "/sharing", tw.adaTok, map[string]any{"share": "yes"}, 400, "", nil},
		{"sharing with a team one is not in", "PUT", "/api/v1/me/teams/" + tw.ids["org"] + "/sharing", tw.adaTok, map[string]any{"share": true}, 404, "not-a-member", nil},
		{"accepting someone else's invitation", "POST", "/api/v1/me/teams/invitations/" + other["id"].(string) + "/accept", tw.adaTok, nil, 404, "not-found", nil},
		{"accepting a revoked invitation", "POST", "/api/v1/me/teams/invitations/" + revoked["id"].(string) + "/accept", tw.adaTok, nil, 409, "invitation-revoked", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := tw.ta.call(t, tc.method, tc.path, tc.token, tc.body, nil)
			b, _ := io.ReadAll(resp.Body)
			var p struct {
				Code   string
				Errors []struct{ Field string }
			}
			_ = json.Unmarshal(b, &p)
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" || (tc.code != "" && p.Code != tc.code) {
				t.Fatalf("= %d %s %s, want %d %s", resp.StatusCode, resp.Header.Get("Content-Type"), b, tc.status, tc.code)
			}
			var fields []string
			for _, e := range p.Errors {
				fields = append(fields, e.Field)
			}
			if tc.fields != nil && fmt.Sprint(fields) != fmt.Sprint(tc.fields) {
				t.Fatalf("fields = %v, want %v", fields, tc.fields)
			}
		})
	}

	// One address is mailed three times per window at most: Carol has one invitation already.
	for i, want := range []int{201, 201, 429} {
		resp := tw.ta.call(t, "POST", team+"/invitations", owner, map[string]any{"email": "carol@example.org"}, nil)
		if resp.StatusCode != want || (want == 429 && resp.Header.Get("Retry-After") == "") {
			t.Fatalf("invitation %d to Carol = %d %v, want %d", i+2, resp.StatusCode, resp.Header, want)
		}
	}
}

// Thirty accepts of one invitation at once make one membership: one is
// answered 200, the others 409 invitation-accepted.
func TestTeamInvitationAcceptedOnceUnderBurst(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpTeams(t)
	base := w.ta.listen(t)
	_, token := w.signUp(t, "burst.employee@example.org")
	var inv map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/orgs/"+w.ids["company"]+"/team/invitations", w.tokens[ownerStaff], map[string]any{"email": "burst.employee@example.org"}, &inv); resp.StatusCode != 201 {
		t.Fatalf("invite = %d", resp.StatusCode)
	}
	const n = 30
	answers := burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/me/teams/invitations/" + inv["id"].(string) + "/accept", token: token}))
	got := statuses(answers)
	if got[http.StatusOK] != 1 || got[http.StatusConflict] != n-1 {
		t.Fatalf("statuses = %v, want one 200 and %d 409", got, n-1)
	}
	for _, a := range answers {
		if a.status == http.StatusConflict && !bytes.Contains(a.body, []byte("invitation-accepted")) {
			t.Fatalf("409 = %s, want invitation-accepted", a.body)
		}
	}
	var team struct{ Members []struct{ Email string } }
	if resp := w.ta.call(t, "GET", "/api/v1/orgs/"+w.ids["company"]+"/team", w.tokens[ownerStaff], nil, &team); resp.StatusCode != 200 {
		t.Fatalf("team = %d", resp.StatusCode)
	}
	joined := 0
	for _, m := range team.Members {
		if m.Email == "burst.employee@example.org" {
			joined++
		}
	}
	if joined != 1 {
		t.Fatalf("the team lists the employee %d times, want once", joined)
	}
	var mine struct{ Items []any }
	if resp := w.ta.call(t, "GET", "/api/v1/me/teams", token, nil, &mine); resp.StatusCode != 200 || len(mine.Items) != 1 {
		t.Fatalf("the employee's teams = %d %v", resp.StatusCode, mine)
	}
}
