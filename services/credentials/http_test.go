package credentials

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/gofiber/fiber/v2"

	"academy/services/credentials/statuslist"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

func TestPublicDownloads(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	tests := []struct {
		name        string
		path        string
		contentType string
		check       func(t *testing.T, body []byte)
	}{
		{"JSON", "/api/v1/credentials/" + c.ID, "application/ld+json", func(t *testing.T, body []byte) {
			doc := decode[map[string]any](t, body)
			if doc["id"] != testBaseURL+"/credentials/"+c.ID || doc["iss"] != nil {
				t.Errorf("credential JSON id = %v, iss = %v", doc["id"], doc["iss"])
			}
		}},
		{"JWT", "/api/v1/credentials/" + c.ID + "/credential.jwt", "application/vc+jwt", func(t *testing.T, body []byte) {
			if string(body) != c.JWT {
				t.Error("the JWT download differs from the issued JWT")
			}
		}},
		{"verification", "/api/v1/credentials/" + c.ID + "/verification", "application/json", func(t *testing.T, body []byte) {
			v := decode[Verification](t, body)
			if !v.Valid || v.Credential["id"] == nil || len(v.Steps) != 8 || v.HolderName != "Zoë Müller" {
				t.Errorf("verification: %s", describe(v))
			}
		}},
		{"certificate in French", "/api/v1/credentials/" + c.ID + "/certificate.pdf?lang=fr", "application/pdf", func(t *testing.T, body []byte) {
			if !bytes.HasPrefix(body, []byte("%PDF-")) || len(body) < 5000 {
				t.Errorf("certificate is %d bytes starting %q", len(body), body[:min(8, len(body))])
			}
		}},
		{"key of the kid", strings.TrimPrefix(kidOf(t, c.JWT), testBaseURL), "application/json", func(t *testing.T, body []byte) {
			var k jose.JSONWebKey
			if err := k.UnmarshalJSON(body); err != nil || !k.Valid() || !k.IsPublic() {
				t.Errorf("the kid does not dereference to a public JWK: %v %s", err, body)
			}
		}},
		{"issuer profile", "/api/v1/issuers/tu-beispiel", "application/ld+json", func(t *testing.T, body []byte) {
			p := decode[IssuerProfile](t, body)
			if p.ID != testBaseURL+"/issuers/tu-beispiel" || p.Name != "Technische Universität Beispiel" || len(p.VerificationMethod) != 1 ||
				p.VerificationMethod[0].ID != kidOf(t, c.JWT) || !strings.Contains(p.Description, "on its behalf by Academy") {
				t.Errorf("issuer profile = %+v", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.call(t, "GET", tt.path, "", nil)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s = %d %s", tt.path, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type = %s, want %s", ct, tt.contentType)
			}
			tt.check(t, body)
		})
	}
	for _, path := range []string{"/api/v1/credentials/01JUNKNOWN0000000000000000", "/api/v1/credentials/nope/certificate.pdf", "/api/v1/issuers/nobody", "/api/v1/credential-keys/nope", "/api/v1/status-lists/nope", "/api/v1/status-lists/" + orgUni + "-9-revocation"} {
		if resp, body := f.call(t, "GET", path, "", nil); resp.StatusCode != 404 {
			t.Errorf("GET %s = %d %s, want 404", path, resp.StatusCode, body)
		}
	}
}

func TestIDURLsDereference(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	tests := []struct {
		name, path, accept string
		status             int
		check              func(t *testing.T, h http.Header, body []byte)
	}{
		{"credential for a browser", "/credentials/" + c.ID, "text/html,application/xhtml+xml,*/*;q=0.8", 303, func(t *testing.T, h http.Header, _ []byte) {
			if h.Get("Location") != testBaseURL+"/verify/"+c.ID {
				t.Errorf("Location = %s", h.Get("Location"))
			}
		}},
		{"credential for a machine", "/credentials/" + c.ID, "application/ld+json", 200, func(t *testing.T, _ http.Header, body []byte) {
			if string(body) != c.Document {
				t.Error("the id URL does not serve the credential")
			}
		}},
		{"achievement for a machine", "/courses/machine-learning-basics", "application/json", 200, func(t *testing.T, h http.Header, body []byte) {
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(h.Get("Vary"), "Accept") {
				t.Errorf("Content-Type %q, Vary %q", h.Get("Content-Type"), h.Get("Vary"))
			}
			served := decode[map[string]any](t, body)
			inCredential := decode[map[string]any](t, []byte(c.Document))["credentialSubject"].(map[string]any)["achievement"].(map[string]any)
			for k, v := range inCredential {
				if diff := jsonDiff(k, served[k], v, 1); len(diff) > 0 {
					t.Errorf("the served achievement differs from the credential's at %s", diff[0])
				}
			}
			if creator := served["creator"].(map[string]any); creator["id"] != testBaseURL+"/issuers/tu-beispiel" || served["@context"] == nil {
				t.Errorf("creator %v, @context %v", creator, served["@context"])
			}
		}},
		{"achievement as JSON-LD", "/courses/machine-learning-basics", "application/ld+json", 200, func(t *testing.T, h http.Header, body []byte) {
			if h.Get("Content-Type") != "application/ld+json" || decode[map[string]any](t, body)["id"] != testBaseURL+"/courses/machine-learning-basics" {
				t.Errorf("Content-Type %q: %s", h.Get("Content-Type"), body)
			}
		}},
		{"course page for a browser", "/courses/machine-learning-basics", "text/html,application/xhtml+xml,*/*;q=0.8", 200, func(t *testing.T, h http.Header, body []byte) {
			if string(body) != "<html>course page</html>" {
				t.Errorf("a browser got %s", body)
			}
		}},
		{"course page without Accept", "/courses/machine-learning-basics", "", 200, func(t *testing.T, h http.Header, body []byte) {
			if string(body) != "<html>course page</html>" {
				t.Errorf("a client without preference got %s", body)
			}
		}},
		{"unknown achievement", "/courses/no-such-course", "application/json", 404, func(t *testing.T, h http.Header, body []byte) {
			if !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
				t.Errorf("Content-Type %q: %s", h.Get("Content-Type"), body)
			}
		}},
		{"issuer profile", "/issuers/tu-beispiel", "", 200, func(t *testing.T, _ http.Header, body []byte) {
			if p := decode[IssuerProfile](t, body); p.ID != testBaseURL+"/issuers/tu-beispiel" || p.JWKSURL != testBaseURL+"/.well-known/credential-jwks.json" {
				t.Errorf("profile = %+v", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			resp, err := f.app.Test(req, 30_000)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			tt.check(t, resp.Header, body)
		})
	}
}

func TestStatusListOverHTTP(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	entry := decode[map[string]any](t, []byte(c.Document))["credentialStatus"].(map[string]any)
	// status reads the credential's entry in the list published at url, as
	// a verifier does.
	status := func(url, purpose string, size int) uint8 {
		t.Helper()
		path := strings.TrimPrefix(url, testBaseURL)
		resp, body := f.call(t, "GET", path, "", nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vc+jwt" {
			t.Fatalf("GET %s = %d %s %s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		claims := joseVerify(t, f, string(body))
		subject := claims["credentialSubject"].(map[string]any)
		if claims["issuer"] != testBaseURL+"/issuers/tu-beispiel" || subject["statusPurpose"] != purpose || claims["id"] != url {
			t.Fatalf("status list credential = %v", claims)
		}
		if size > 1 && (subject["statusSize"] != float64(size) || len(subject["statusMessages"].([]any)) != 1<<size) {
			t.Fatalf("a %s list lacks its statusSize or statusMessages: %v", purpose, subject)
		}
		list, err := statuslist.Decode(subject["encodedList"].(string), size)
		if err != nil {
			t.Fatal(err)
		}
		if list.Len() != listSize {
			t.Errorf("status list has %d entries, want %d", list.Len(), listSize)
		}
		v, err := list.Get(c.StatusIndex)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	messageList := entry["statusListCredential"].(string)
	// Credentials issued before the message list point at these two.
	revocationList := testBaseURL + "/api/v1/status-lists/" + statusListID(orgUni, c.StatusList, purposeRevocation)
	suspensionList := testBaseURL + "/api/v1/status-lists/" + statusListID(orgUni, c.StatusList, purposeSuspension)
	if got := status(messageList, purposeMessage, 2); got != codeActive {
		t.Fatalf("a fresh credential has status %d", got)
	}
	for _, tt := range []struct {
		action, reason string
		message        uint8
		revoked        uint8
		suspended      uint8
	}{
		{"suspend", "under review", codeSuspended, 0, 1},
		{"reinstate", "", codeActive, 0, 0},
		{"revoke", "issued to the wrong person", codeRevoked, 1, 0},
	} {
		resp, body := f.call(t, "POST", "/api/v1/credentials/"+c.ID+"/"+tt.action, staffUni, StatusChangeRequest{Reason: tt.reason})
		if resp.StatusCode != 200 {
			t.Fatalf("%s = %d %s", tt.action, resp.StatusCode, body)
		}
		if got := status(messageList, purposeMessage, 2); got != tt.message {
			t.Errorf("after %s the message list says %d, want %d", tt.action, got, tt.message)
		}
		if got := status(revocationList, purposeRevocation, 1); got != tt.revoked {
			t.Errorf("after %s the revocation list says %d, want %d", tt.action, got, tt.revoked)
		}
		if got := status(suspensionList, purposeSuspension, 1); got != tt.suspended {
			t.Errorf("after %s the suspension list says %d, want %d", tt.action, got, tt.suspended)
		}
	}
}

// A status change made by another process shows in this process's lists.
func TestStatusListCacheFollowsOtherProcesses(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")
	other, err := NewService(f.store, f.keys, f.awards, f.orgs, Options{PublicBaseURL: testBaseURL, Events: f.outbox, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.VerifyStored(ctx, c.ID); !v.Valid {
		t.Fatal(describe(v))
	}
	if _, err := other.Suspend(ctx, auth.Principal{UserID: ownerUni}, c.ID, "under review"); err != nil {
		t.Fatal(err)
	}
	if v, _ := f.svc.VerifyStored(ctx, c.ID); v.Verdict != VerdictSuspended {
		t.Fatalf("this process still serves the list it cached: %s", describe(v))
	}
}

func TestVerifyEndpoint(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	tests := []struct {
		name    string
		body    any
		status  int
		verdict string
	}{
		{"jwt", map[string]any{"jwt": c.JWT}, 200, VerdictValid},
		{"credential JSON", map[string]any{"credential": json.RawMessage(c.Document)}, 200, VerdictValid},
		{"tampered jwt", map[string]any{"jwt": c.JWT[:len(c.JWT)-4] + "AAAA"}, 200, VerdictTampered},
		{"both", map[string]any{"jwt": c.JWT, "credential": json.RawMessage(c.Document)}, 400, ""},
		{"unknown field", map[string]any{"token": c.JWT}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.call(t, "POST", "/api/v1/credentials/verify", "", tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if tt.verdict != "" {
				v := decode[Verification](t, body)
				if v.Verdict != tt.verdict {
					t.Fatalf("verdict %s, want %s: %s", v.Verdict, tt.verdict, describe(v))
				}
				// Only the page of a credential, reached by its id, names the holder.
				if v.HolderName != "" {
					t.Errorf("a submitted credential's verification names its holder %q", v.HolderName)
				}
			}
		})
	}
}

func TestWalletPagesAndLinks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var ids []string
	for i, course := range []string{"c1", "c2", "c3"} {
		a := f.awardFor("completion-"+course, "learner-1")
		a.Achievement.ID, a.Achievement.Slug, a.Achievement.Name = course, course, "Course "+course
		if i == 2 {
			a.ValidFor = 2 * 365 * 24 * time.Hour
		}
		f.awards.add(a)
		c, err := f.svc.Issue(ctx, completion("completion-"+course))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
		f.clock.Advance(time.Minute)
	}
	f.issue(t, "completion-other", "learner-2")

	resp, body := f.call(t, "GET", "/api/v1/me/credentials?limit=2", "learner-1", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("wallet = %d %s", resp.StatusCode, body)
	}
	page := decode[httpkit.Page[CredentialResponse]](t, body)
	if len(page.Items) != 2 || page.Items[0].ID != ids[2] || page.Items[1].ID != ids[1] || page.NextCursor == "" {
		t.Fatalf("first page = %+v", page)
	}
	resp, body = f.call(t, "GET", "/api/v1/me/credentials?limit=2&cursor="+page.NextCursor, "learner-1", nil)
	next := decode[httpkit.Page[CredentialResponse]](t, body)
	if resp.StatusCode != 200 || len(next.Items) != 1 || next.Items[0].ID != ids[0] || next.NextCursor != "" {
		t.Fatalf("second page = %d %+v", resp.StatusCode, next)
	}
	if resp, _ := f.call(t, "GET", "/api/v1/me/credentials", "", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous wallet = %d, want 401", resp.StatusCode)
	}

	expiring := page.Items[0]
	u, err := url.Parse(expiring.LinkedInURL)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"startTask": "CERTIFICATION_NAME", "name": "Course c3", "organizationName": "Technische Universität Beispiel",
		"issueYear": "2030", "issueMonth": "3", "expirationYear": "2032", "expirationMonth": "3",
		"certUrl": testBaseURL + "/verify/" + ids[2], "certId": ids[2],
	}
	q := u.Query()
	if u.Host != "www.linkedin.com" || u.Path != "/profile/add" || len(q) != len(want) {
		t.Errorf("LinkedIn URL = %s", expiring.LinkedInURL)
	}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("LinkedIn %s = %q, want %q", k, q.Get(k), v)
		}
	}
	if q := mustQuery(t, page.Items[1].LinkedInURL); q.Has("expirationYear") || q.Has("expirationMonth") {
		t.Errorf("a credential without expiry has expiration parameters: %v", q)
	}

	exported, err := f.svc.ExportFor(ctx, "learner-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(exported) != 3 || exported[0].Certificate.LearnerName != "Zoë Müller" {
		t.Fatalf("export = %d credentials", len(exported))
	}
}

func mustQuery(tb testing.TB, raw string) url.Values {
	tb.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return u.Query()
}

func TestManualIssue(t *testing.T) {
	f := newFixture(t)
	f.awardFor("seed", "seed-learner")
	grade := 92.0
	body := ManualIssueRequest{LearnerID: "learner-9", CourseID: "course-ml", Grade: &grade}
	tests := []struct {
		name   string
		user   string
		org    string
		body   any
		status int
	}{
		{"anonymous", "", orgUni, body, 401},
		{"outsider", outsider, orgUni, body, 403},
		{"staff of an unverified organisation", staffUni, orgOther, body, 403},
		{"grade out of range", staffUni, orgUni, map[string]any{"learner_id": "learner-9", "course_id": "course-ml", "grade": 120}, 400},
		{"unknown course", staffUni, orgUni, map[string]any{"learner_id": "learner-9", "course_id": "nope"}, 404},
		{"staff", staffUni, orgUni, body, 201},
		{"again", ownerUni, orgUni, body, 200},
	}
	var issued CredentialResponse
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, out := f.call(t, "POST", "/api/v1/orgs/"+tt.org+"/credentials", tt.user, tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, out)
			}
			if tt.status == 201 {
				issued = decode[CredentialResponse](t, out)
			}
			if tt.name == "again" && decode[CredentialResponse](t, out).ID != issued.ID {
				t.Fatal("issuing the same course again made a second credential")
			}
		})
	}
	stored, err := f.store.credential(context.Background(), issued.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Certificate.Grade != 92 || stored.SourceKind != "" || stored.SourceID != "" || stored.LearnerID != "learner-9" {
		t.Errorf("manual credential = %+v", stored)
	}
}

func TestStatusChangeOverHTTP(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	path := "/api/v1/credentials/" + c.ID
	tests := []struct {
		name   string
		action string
		user   string
		body   any
		status int
	}{
		{"anonymous", "suspend", "", StatusChangeRequest{Reason: "x"}, 401},
		{"the learner", "suspend", "learner-1", StatusChangeRequest{Reason: "x"}, 403},
		{"no reason", "suspend", staffUni, StatusChangeRequest{}, 400},
		{"reinstate an active credential", "reinstate", staffUni, nil, 409},
		{"suspend", "suspend", staffUni, StatusChangeRequest{Reason: "review"}, 200},
		{"reinstate without a body", "reinstate", ownerUni, nil, 200},
		{"revoke as administrator", "revoke", admin, StatusChangeRequest{Reason: "fraud"}, 200},
		{"revoke again", "revoke", admin, StatusChangeRequest{Reason: "fraud"}, 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, out := f.call(t, "POST", path+"/"+tt.action, tt.user, tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, out)
			}
		})
	}
	if resp, _ := f.call(t, "POST", "/api/v1/credentials/01JUNKNOWN0000000000000000/revoke", admin, StatusChangeRequest{Reason: "x"}); resp.StatusCode != 404 {
		t.Errorf("revoking an unknown credential = %d, want 404", resp.StatusCode)
	}
	resp, body := f.call(t, "GET", path+"/verification", "", nil)
	if v := decode[Verification](t, body); resp.StatusCode != 200 || v.Verdict != VerdictRevoked || !strings.Contains(v.Reason, "fraud") {
		t.Fatalf("after revocation: %s", describe(v))
	}
}

func TestPageMeta(t *testing.T) {
	f := newFixture(t)
	c := f.issue(t, "completion-1", "learner-1")
	title, desc, err := f.svc.PageMeta(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if title != "Grundlagen des maschinellen Lernens — Technische Universität Beispiel" || !strings.Contains(desc, "EU micro-credential") || strings.Contains(desc+title, "Zoë") {
		t.Errorf("page meta = %q / %q", title, desc)
	}
	if _, err := f.svc.Revoke(context.Background(), auth.Principal{UserID: staffUni}, c.ID, "error"); err != nil {
		t.Fatal(err)
	}
	if _, desc, _ := f.svc.PageMeta(context.Background(), c.ID); !strings.Contains(desc, "revoked") {
		t.Errorf("a revoked credential's description does not say so: %q", desc)
	}
	if _, _, err := f.svc.PageMeta(context.Background(), "nope"); err == nil {
		t.Error("page meta of an unknown credential")
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := openapi.New("test", "0")
	app := fiber.New()
	NewHandler(nil).Register(doc.Mount(app, "/api/v1"))
	var rendered struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc.JSON(), &rendered); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, ops := range rendered.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	var routes int
	for _, r := range app.GetRoutes(true) {
		if r.Method == fiber.MethodHead {
			continue
		}
		routes++
		if !documented[r.Method+" "+openapi.OpenAPIPath(r.Path)] {
			t.Errorf("%s %s is served but not documented", r.Method, r.Path)
		}
	}
	if routes != 13 || len(documented) != routes {
		t.Errorf("%d routes served, %d documented; want 13 of each", routes, len(documented))
	}
}

func TestStaffOfAnUnverifiedOrganisationCannotIssueOrRevoke(t *testing.T) {
	f := newFixture(t)
	f.awardFor("seed", "seed-learner")
	c := f.issue(t, "completion-1", "learner-1")
	f.orgs.setVerified(orgUni, false)

	tests := []struct {
		name, path, detail string
		body               any
	}{
		{"issue", "/api/v1/orgs/" + orgUni + "/credentials", "only owners and staff of a verified organisation may issue its credentials",
			ManualIssueRequest{LearnerID: "learner-9", CourseID: "course-ml"}},
		{"revoke", "/api/v1/credentials/" + c.ID + "/revoke", "only staff of the verified issuing organisation may change this credential",
			StatusChangeRequest{Reason: "issued to the wrong person"}},
		{"suspend", "/api/v1/credentials/" + c.ID + "/suspend", "only staff of the verified issuing organisation may change this credential",
			StatusChangeRequest{Reason: "under review"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, out := f.call(t, "POST", tt.path, ownerUni, tt.body)
			var p httpkit.Problem
			if err := json.Unmarshal(out, &p); err != nil {
				t.Fatalf("%s: %v", out, err)
			}
			if resp.StatusCode != 403 || resp.Header.Get("Content-Type") != "application/problem+json" ||
				p.Type != httpkit.ProblemTypePrefix+"forbidden" || p.Detail != tt.detail {
				t.Fatalf("status %d, %s, want 403 forbidden: %q", resp.StatusCode, out, tt.detail)
			}
		})
	}
	stored, err := f.store.credential(context.Background(), c.ID)
	if err != nil || stored.Status != StatusActive {
		t.Fatalf("the credential is %q (%v), want it still active", stored.Status, err)
	}
	if creds, err := f.store.credentialsOf(context.Background(), "learner-9", "", 0); err != nil || len(creds) != 0 {
		t.Errorf("learner-9 holds %d credentials (%v), want none", len(creds), err)
	}
}
