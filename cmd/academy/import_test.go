package main

import (
	"context"
	"testing"
	"time"

	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/credentials/issuertest"
	"academy/services/talent"
)

// importer is a learner in the talent pool, a verified company's open
// opening asking for the matrix skill, and another issuer on loopback.
type importer struct {
	ta      *testAcademy
	issuer  *issuertest.Issuer
	token   string
	opening string
}

func newImporter(t *testing.T) *importer {
	t.Helper()
	ta := newTestAcademy(t, func(c *Config) { c.ImportsLoopback = true })
	ctx := context.Background()
	if _, err := ta.catalog.SeedSkills(ctx, []catalog.Skill{{ID: matrixSkill, URI: "http://data.europa.eu/esco/skill/" + matrixSkill,
		Type: catalog.SkillTypeKnowledge, Labels: map[string]string{"en": "machine learning"}}}); err != nil {
		t.Fatal(err)
	}
	im := &importer{ta: ta, issuer: issuertest.New(t, "Belfry Institute")}
	_, l := ta.signUp(t, "ada@example.org")
	_, owner := ta.signUp(t, "hr@example.org")
	im.token = l.AccessToken
	if _, err := ta.identity.CreateAdmin(ctx, "admin@example.org", "Admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	var adm tokenPair
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "admin@example.org", "password": "correct horse battery"}, &adm); resp.StatusCode != 200 {
		t.Fatalf("admin login = %d", resp.StatusCode)
	}
	var org, o map[string]any
	if resp := ta.call(t, "POST", "/api/v1/orgs", owner.AccessToken, map[string]any{"name": "Acme", "kind": "company", "country": "DE"}, &org); resp.StatusCode != 201 {
		t.Fatalf("create company = %d", resp.StatusCode)
	}
	company := org["id"].(string)
	if resp := ta.call(t, "POST", "/api/v1/admin/orgs/"+company+"/verify", adm.AccessToken, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("verify company = %d", resp.StatusCode)
	}
	if resp := ta.call(t, "POST", "/api/v1/orgs/"+company+"/openings", owner.AccessToken, talentOpening("ML engineer"), &o); resp.StatusCode != 201 {
		t.Fatalf("create opening = %d %v", resp.StatusCode, o)
	}
	im.opening = o["id"].(string)
	if resp := ta.call(t, "POST", "/api/v1/orgs/"+company+"/openings/"+im.opening+"/publish", owner.AccessToken, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("publish = %d", resp.StatusCode)
	}
	if resp := ta.call(t, "POST", "/api/v1/me/talent/consent", im.token, map[string]any{"notice_version": talent.NoticeVersion}, nil); resp.StatusCode != 200 {
		t.Fatalf("join = %d", resp.StatusCode)
	}
	profile := map[string]any{"version": 0, "headline": "ML engineer", "country": "FR", "remote": true}
	if resp := ta.call(t, "PUT", "/api/v1/me/talent", im.token, profile, nil); resp.StatusCode != 200 {
		t.Fatalf("profile = %d", resp.StatusCode)
	}
	return im
}

// matchEvidence is the evidence the learner's match with the opening
// credits to the matrix skill, "" when there is no match.
func (im *importer) matchEvidence(t *testing.T) string {
	t.Helper()
	if err := im.ta.talent.MatchOpening(context.Background(), im.opening); err != nil {
		t.Fatal(err)
	}
	var mine talent.Items[talent.MyMatch]
	if resp := im.ta.call(t, "GET", "/api/v1/me/talent/matches", im.token, nil, &mine); resp.StatusCode != 200 {
		t.Fatalf("my matches = %d", resp.StatusCode)
	}
	for _, m := range mine.Items {
		for _, s := range m.Match.Skills {
			if m.Opening.ID == im.opening && s.Skill == matrixSkill {
				return string(s.Evidence)
			}
		}
	}
	return ""
}

func (im *importer) profile(t *testing.T) talent.ProfileView {
	t.Helper()
	var p talent.ProfileView
	if resp := im.ta.call(t, "GET", "/api/v1/me/talent", im.token, nil, &p); resp.StatusCode != 200 {
		t.Fatalf("profile = %d", resp.StatusCode)
	}
	return p
}

// TestImportedCredentialOfAnotherIssuer imports a credential another
// issuer signed: thirty simultaneous imports store it once; it counts as
// imported and verified evidence in the profile and in matching, until its
// issuer revokes it and the daily re-check drops it.
func TestImportedCredentialOfAnotherIssuer(t *testing.T) {
	im := newImporter(t)
	base := im.ta.listen(t)
	issued := im.issuer.Issue(issuertest.Credential{Email: "Ada@example.org", Title: "Machine learning in practice",
		Skills: []string{"http://data.europa.eu/esco/skill/" + matrixSkill}})
	const n = 30
	answers := burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/me/talent/imports", token: im.token, body: talent.ImportRequest{Credential: issued.JWT}}))
	if got := statuses(answers); got[201] != 1 || got[409] != n-1 {
		t.Fatalf("%d simultaneous imports answered %v, want one 201 and the rest 409", n, got)
	}
	p := im.profile(t)
	if len(p.Imports) != 1 {
		t.Fatalf("imports %+v, want one", p.Imports)
	}
	got := p.Imports[0]
	if got.Issuer != "Belfry Institute" || got.Title != "Machine learning in practice" || got.Status != talent.ImportVerified || len(got.Skills) != 1 || got.Skills[0].ID != matrixSkill {
		t.Fatalf("import %+v", got)
	}
	if len(p.Skills) != 1 || p.Skills[0].Skill != matrixSkill || p.Skills[0].Evidence != "imported" {
		t.Fatalf("skills %+v, want the matrix skill proven by the import", p.Skills)
	}
	if ev := im.matchEvidence(t); ev != "imported" {
		t.Fatalf("the match credits %q evidence, want imported", ev)
	}

	// Checked within the day, nothing is fetched again.
	if n, err := im.ta.talent.RecheckImports(credentials.Fresh(context.Background()), talent.RecheckAfter); err != nil || n != 0 {
		t.Fatalf("re-check = %d, %v", n, err)
	}
	im.issuer.Revoke(issued.Index)
	if n, err := im.ta.talent.RecheckImports(credentials.Fresh(context.Background()), 0); err != nil || n != 1 {
		t.Fatalf("re-check after the revocation = %d, %v; want one import dropped", n, err)
	}
	p = im.profile(t)
	if len(p.Imports) != 1 || p.Imports[0].Status != talent.ImportRevoked || p.Imports[0].Outcome != talent.ImportRevoked || p.Imports[0].CheckedAt.IsZero() {
		t.Fatalf("import after the revocation %+v", p.Imports)
	}
	if len(p.Skills) != 0 {
		t.Fatalf("skills %+v, want none once the import is revoked", p.Skills)
	}
	if ev := im.matchEvidence(t); ev != "" {
		t.Fatalf("the match still credits %q evidence after the revocation", ev)
	}
}

// TestImportRefusals names each reason an import of another issuer's
// credential is refused, through the HTTP API.
func TestImportRefusals(t *testing.T) {
	im := newImporter(t)
	is := im.issuer
	mine := issuertest.Credential{Email: "ada@example.org"}
	revoked := is.Issue(mine)
	is.Revoke(revoked.Index)
	suspended := is.Issue(mine)
	is.Suspend(suspended.Index)
	expired := mine
	expired.ValidFrom, expired.ValidUntil = time.Now().AddDate(-1, 0, 0), time.Now().AddDate(0, 0, -1)
	unknownKey := mine
	unknownKey.KeyID = is.DID + "#key-9"
	gone := issuertest.New(t, "Gone")
	goneJWT := gone.Issue(mine).JWT
	gone.Close()
	big := issuertest.New(t, "Big")
	big.PadKeyDocuments()
	cases := []struct {
		name, jwt, code string
	}{
		{"tampered", issuertest.Tamper(is.Issue(mine).JWT), talent.ImportSignature},
		{"unknown key", is.Issue(unknownKey).JWT, talent.ImportIssuerKey},
		{"revoked", revoked.JWT, talent.ImportRevoked},
		{"suspended", suspended.JWT, talent.ImportSuspended},
		{"expired", is.Issue(expired).JWT, talent.ImportExpired},
		{"someone else's", is.Issue(issuertest.Credential{Email: "grace@example.org"}).JWT, talent.ImportSubjectMismatch},
		{"issuer unreachable", goneJWT, talent.ImportUnreachable},
		{"oversized key document", big.Issue(mine).JWT, talent.ImportTooLarge},
		{"malformed", "eyJhbGciOiJFZERTQSJ9.e30", talent.ImportMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var problem struct {
				Type, Code, Detail string
			}
			resp := im.ta.call(t, "POST", "/api/v1/me/talent/imports", im.token, talent.ImportRequest{Credential: tc.jwt}, &problem)
			if resp.StatusCode != 422 || problem.Code != tc.code || problem.Detail == "" {
				t.Fatalf("import = %d %+v, want 422 %s", resp.StatusCode, problem, tc.code)
			}
		})
	}
	if p := im.profile(t); len(p.Imports) != 0 {
		t.Fatalf("refused imports were stored: %+v", p.Imports)
	}
}
