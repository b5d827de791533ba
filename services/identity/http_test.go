package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/identity/token"
	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

const testBodyLimit = 16 << 10

// api is one test's identity context behind the shared HTTP conventions and
// the real access token middleware, served on a loopback port: some answers,
// such as 413 for an oversized body, come from the HTTP server itself.
type api struct {
	*fixture
	app  *fiber.App
	doc  *openapi.Document
	base string
}

func newAPI(tb testing.TB) *api {
	tb.Helper()
	return newAPIWith(tb, HandlerOptions{PublicURL: testBaseURL})
}

// newAPIWith is newAPI with the handler configured by o.
func newAPIWith(tb testing.TB, o HandlerOptions) *api {
	tb.Helper()
	f := newFixture(tb)
	app := httpkit.NewApp(httpkit.AppOptions{BodyLimit: testBodyLimit})
	app.Use(token.Middleware(f.keys, f.ended))
	doc := openapi.New("academy", "test")
	h := NewHandler(f.svc, f.keys, o)
	h.Register(doc.Mount(app, "/api/v1"))
	app.Get("/.well-known/jwks.json", h.JWKS)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	tb.Cleanup(func() { _ = app.Shutdown() })
	return &api{fixture: f, app: app, doc: doc, base: "http://" + ln.Addr().String()}
}

// response is an answer of the test app.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode reads the JSON body into v.
func (r response) decode(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("decode %s: %v", r.body, err)
	}
}

// problem reads a problem+json body.
func (r response) problem(tb testing.TB) httpkit.Problem {
	tb.Helper()
	if ct := r.header.Get(fiber.HeaderContentType); ct != "application/problem+json" {
		tb.Fatalf("content type %q, want problem+json; body %s", ct, r.body)
	}
	var p httpkit.Problem
	r.decode(tb, &p)
	return p
}

// request sends a request with a raw body of the given content type.
func (a *api) request(tb testing.TB, method, path, accessToken, contentType, body string, header ...string) response {
	tb.Helper()
	req, err := http.NewRequest(method, a.base+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set(fiber.HeaderContentType, contentType)
	}
	if accessToken != "" {
		req.Header.Set(fiber.HeaderAuthorization, "Bearer "+accessToken)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// call sends body, when not nil, as JSON.
func (a *api) call(tb testing.TB, method, path, accessToken string, body any, header ...string) response {
	tb.Helper()
	if body == nil {
		return a.request(tb, method, path, accessToken, "", "", header...)
	}
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return a.request(tb, method, path, accessToken, fiber.MIMEApplicationJSON, string(b), header...)
}

// expect fails unless the response has the status.
func expect(tb testing.TB, r response, status int) response {
	tb.Helper()
	if r.status != status {
		tb.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	return r
}

// expectProblem fails unless the response is a problem with status and code.
func expectProblem(tb testing.TB, r response, status int, code string) httpkit.Problem {
	tb.Helper()
	expect(tb, r, status)
	p := r.problem(tb)
	if p.Type != httpkit.ProblemTypePrefix+code {
		tb.Fatalf("problem type %q, want code %q", p.Type, code)
	}
	return p
}

// signIn registers email over HTTP, unless it exists, confirms it with the
// link mailed, and logs in.
func (a *api) signIn(tb testing.TB, email string) TokenResponse {
	tb.Helper()
	expect(tb, a.call(tb, "POST", "/api/v1/auth/register", "", RegisterRequest{Email: email, Password: testPassword, DisplayName: "Test " + email}), 202)
	for _, m := range a.pendingMail(tb) {
		if m.To == email && m.Kind == MailVerifyEmail {
			expect(tb, a.call(tb, "POST", "/api/v1/auth/verify-email", "", VerifyEmailRequest{Token: tokenIn(tb, verifyLink, m.Text)}), 204)
			if err := a.store.markMailSent(context.Background(), m.ID, a.clock.Now()); err != nil {
				tb.Fatal(err)
			}
		}
	}
	var tr TokenResponse
	expect(tb, a.call(tb, "POST", "/api/v1/auth/login", "", LoginRequest{Email: email, Password: testPassword}), 200).decode(tb, &tr)
	return tr
}

func TestHTTPRegister(t *testing.T) {
	a := newAPI(t)
	register := func(password string) response {
		return expect(t, a.call(t, "POST", "/api/v1/auth/register", "", RegisterRequest{
			Email: "Ada@Example.org", Password: password, DisplayName: "Ada", Language: "fr",
		}, fiber.HeaderXRequestID, "same-id"), 202)
	}
	fresh := register(testPassword)
	var tr TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}), 200).decode(t, &tr)
	if u := tr.User; u.ID == "" || u.Email != "Ada@Example.org" || u.DisplayName != "Ada" || u.Language != "fr" || u.Admin || u.CreatedAt.IsZero() || u.EmailVerified {
		t.Errorf("user = %+v, want it signed in and unverified", u)
	}

	// A taken address answers the very same bytes, and its owner gets a mail.
	taken := register("another long password")
	if !bytes.Equal(fresh.body, taken.body) {
		t.Errorf("a new email answered %s, a taken one %s", fresh.body, taken.body)
	}
	a.lastMail(t, "Ada@Example.org", MailRegistrationTaken)
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}), 200)

	verify := a.lastMail(t, "Ada@Example.org", MailVerifyEmail)
	if !strings.Contains(verify.Text, "Bonjour Ada,") {
		t.Errorf("verification mail = %q, want it in French", verify.Text)
	}
	body := VerifyEmailRequest{Token: tokenIn(t, verifyLink, verify.Text)}
	expect(t, a.call(t, "POST", "/api/v1/auth/verify-email", "", body), 204)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/verify-email", "", body), 400, "invalid-verification-token")
	var me UserResponse
	expect(t, a.call(t, "GET", "/api/v1/me", tr.AccessToken, nil), 200).decode(t, &me)
	if !me.EmailVerified {
		t.Errorf("me after verifying = %+v", me)
	}
	expectProblem(t, a.call(t, "POST", "/api/v1/me/email/verification", tr.AccessToken, nil), 409, "email-verified")
}

func TestHTTPResendVerification(t *testing.T) {
	a := newAPI(t)
	expect(t, a.call(t, "POST", "/api/v1/auth/register", "", RegisterRequest{Email: "ada@example.org", Password: testPassword, DisplayName: "Ada"}), 202)
	var tr TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}), 200).decode(t, &tr)
	first := a.lastMail(t, "ada@example.org", MailVerifyEmail)

	for range maxVerifyMails {
		expect(t, a.call(t, "POST", "/api/v1/me/email/verification", tr.AccessToken, nil), 202)
	}
	p := expectProblem(t, a.call(t, "POST", "/api/v1/me/email/verification", tr.AccessToken, nil), 429, "too-many-mails")
	if p.Status != 429 {
		t.Errorf("problem = %+v", p)
	}
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/verify-email", "", VerifyEmailRequest{Token: tokenIn(t, verifyLink, first.Text)}), 400, "invalid-verification-token")
	newest := a.lastMail(t, "ada@example.org", MailVerifyEmail)
	expect(t, a.call(t, "POST", "/api/v1/auth/verify-email", "", VerifyEmailRequest{Token: tokenIn(t, verifyLink, newest.Text)}), 204)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/verify-email", "", VerifyEmailRequest{}), 400, "validation-failed")
}

func TestHTTPRejectsBadInput(t *testing.T) {
	a := newAPI(t)
	const path = "/api/v1/auth/register"
	valid := `{"email":"ada@example.org","password":"correct horse battery","display_name":"Ada"}`
	expect(t, a.request(t, "POST", path, "", fiber.MIMEApplicationJSON, valid), 202)

	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
		fields      []string
	}{
		{"malformed JSON", "application/json", `{"email": "ada@example.org",`, 400, "malformed-json", nil},
		{"not an object", "application/json", `["ada@example.org"]`, 400, "malformed-json", nil},
		{"trailing data", "application/json", valid + `{}`, 400, "malformed-json", nil},
		{"empty body", "application/json", ``, 400, "malformed-json", nil},
		{"unknown field", "application/json", `{"email":"x@example.org","nickname":"x"}`, 400, "validation-failed", []string{"nickname"}},
		{"wrong type", "application/json", `{"email":42}`, 400, "validation-failed", []string{"email"}},
		{"wrong content type", "text/plain", valid, 415, "unsupported-media-type", nil},
		{"no content type", "", valid, 415, "unsupported-media-type", nil},
		{"oversized body", "application/json", `{"display_name":"` + strings.Repeat("a", testBodyLimit) + `"}`, 413, "body-too-large", nil},
		{"every bad field named", "application/json", `{"email":"nope","password":"short","language":"es"}`, 400, "validation-failed",
			[]string{"email", "password", "display_name", "language"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := expectProblem(t, a.request(t, "POST", path, "", tt.contentType, tt.body), tt.status, tt.code)
			var fields []string
			for _, f := range p.Errors {
				fields = append(fields, f.Field)
			}
			if !slices.Equal(fields, tt.fields) {
				t.Errorf("bad fields = %v, want %v", fields, tt.fields)
			}
		})
	}
}

func TestHTTPLogin(t *testing.T) {
	a := newAPI(t)
	tr := a.signIn(t, "ada@example.org")
	if tr.TokenType != "Bearer" || tr.ExpiresIn != int(token.DefaultTTL.Seconds()) || tr.RefreshToken == "" || tr.User.Email != "ada@example.org" {
		t.Errorf("token response = %+v", tr)
	}

	var me UserResponse
	expect(t, a.call(t, "GET", "/api/v1/me", tr.AccessToken, nil), 200).decode(t, &me)
	if me != tr.User {
		t.Errorf("me = %+v, want %+v", me, tr.User)
	}
	expectProblem(t, a.call(t, "GET", "/api/v1/me", "", nil), 401, "unauthorized")
	expect(t, a.call(t, "GET", "/api/v1/me", tr.AccessToken+"x", nil), 401)

	// A wrong password and an unknown email answer the very same bytes.
	login := func(email string) response {
		r := a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: email, Password: "wrong password!"}, fiber.HeaderXRequestID, "same-id")
		expectProblem(t, r, 401, "invalid-credentials")
		return r
	}
	if wrong, unknown := login("ada@example.org"), login("nobody@example.org"); !bytes.Equal(wrong.body, unknown.body) {
		t.Errorf("wrong password answered %s, unknown email %s", wrong.body, unknown.body)
	}
}

func TestHTTPLoginThrottling(t *testing.T) {
	a := newAPI(t)
	a.signIn(t, "ada@example.org")
	answers := map[string]response{}
	for _, email := range []string{"ada@example.org", "nobody@example.org"} {
		for range freePairFailures {
			expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: email, Password: "wrong password!"}), 401)
		}
		r := a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: email, Password: testPassword}, fiber.HeaderXRequestID, "same-id")
		expectProblem(t, r, 429, "too-many-attempts")
		if got := r.header.Get(fiber.HeaderRetryAfter); got != "1" {
			t.Errorf("%s: Retry-After = %q, want 1 (the first delay)", email, got)
		}
		answers[email] = r
	}
	if !bytes.Equal(answers["ada@example.org"].body, answers["nobody@example.org"].body) {
		t.Errorf("throttled answers differ:\n%s\n%s", answers["ada@example.org"].body, answers["nobody@example.org"].body)
	}
}

func TestHTTPRefreshAndLogout(t *testing.T) {
	a := newAPI(t)
	first := a.signIn(t, "ada@example.org")

	var second TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: first.RefreshToken}), 200).decode(t, &second)
	if second.RefreshToken == first.RefreshToken || second.TokenType != "Bearer" || second.User.ID != first.User.ID {
		t.Fatalf("refreshed = %+v", second)
	}
	expect(t, a.call(t, "GET", "/api/v1/me", second.AccessToken, nil), 200)

	// A client that lost the answer presents the first token again and is
	// given the same successor, not a second one.
	var again TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: first.RefreshToken}), 200).decode(t, &again)
	if again.RefreshToken != second.RefreshToken {
		t.Fatalf("the first token presented again gave another successor")
	}
	var third TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: second.RefreshToken}), 200).decode(t, &third)

	// Once its successor was used, reusing the first token revokes the
	// family: the newest token dies too.
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: first.RefreshToken}), 401, "invalid-refresh-token")
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: third.RefreshToken}), 401, "invalid-refresh-token")

	other := a.signIn(t, "ada@example.org")
	expect(t, a.call(t, "POST", "/api/v1/auth/logout", "", RefreshRequest{RefreshToken: other.RefreshToken}), 204)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: other.RefreshToken}), 401, "invalid-refresh-token")
	p := expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{}), 400, "validation-failed")
	if len(p.Errors) != 1 || p.Errors[0].Field != "refresh_token" {
		t.Errorf("errors = %+v", p.Errors)
	}
}

func TestHTTPPasswordReset(t *testing.T) {
	a := newAPI(t)
	a.signIn(t, "ada@example.org")
	unknown := expect(t, a.call(t, "POST", "/api/v1/auth/password/forgot", "", ForgotPasswordRequest{Email: "nobody@example.org"}), 202)
	var accepted ForgotPasswordAccepted
	if unknown.decode(t, &accepted); accepted.Status != "accepted" || !strings.HasPrefix(unknown.header.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		t.Fatalf("forgot password answered %q %s, want JSON saying accepted", unknown.header.Get(fiber.HeaderContentType), unknown.body)
	}
	if n := len(a.pendingMail(t)); n != 0 {
		t.Fatalf("outbox holds %d mails for an unknown email", n)
	}
	known := expect(t, a.call(t, "POST", "/api/v1/auth/password/forgot", "", ForgotPasswordRequest{Email: "ada@example.org"}), 202)
	if string(known.body) != string(unknown.body) {
		t.Fatalf("forgot password answers %s for a known email and %s for an unknown one", known.body, unknown.body)
	}
	mails := a.pendingMail(t)
	if len(mails) != 1 || mails[0].Kind != MailPasswordReset {
		t.Fatalf("outbox = %+v", mails)
	}
	link := resetLink.FindString(mails[0].Text)
	resetToken := link[strings.Index(link, "token=")+len("token="):]

	reset := ResetPasswordRequest{Token: resetToken, Password: "a brand new passphrase"}
	expect(t, a.call(t, "POST", "/api/v1/auth/password/reset", "", reset), 204)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/password/reset", "", reset), 400, "invalid-reset-token")
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: "a brand new passphrase"}), 200)
}

func TestHTTPMe(t *testing.T) {
	a := newAPI(t)
	tr := a.signIn(t, "ada@example.org")

	var u UserResponse
	expect(t, a.request(t, "PATCH", "/api/v1/me", tr.AccessToken, "application/json", `{"display_name":"Ada Lovelace","language":"de"}`), 200).decode(t, &u)
	if u.DisplayName != "Ada Lovelace" || u.Language != "de" {
		t.Errorf("updated = %+v", u)
	}
	expect(t, a.request(t, "PATCH", "/api/v1/me", tr.AccessToken, "application/json", `{"language":"fr"}`), 200).decode(t, &u)
	if u.DisplayName != "Ada Lovelace" || u.Language != "fr" {
		t.Errorf("updated language only = %+v", u)
	}
	expectProblem(t, a.request(t, "PATCH", "/api/v1/me", tr.AccessToken, "application/json", `{"language":"tlh"}`), 400, "validation-failed")
	expectProblem(t, a.request(t, "PATCH", "/api/v1/me", "", "application/json", `{"language":"fr"}`), 401, "unauthorized")

	change := ChangePasswordRequest{CurrentPassword: "wrong password!", NewPassword: "a brand new passphrase"}
	expectProblem(t, a.call(t, "POST", "/api/v1/me/password", tr.AccessToken, change), 400, "validation-failed")
	change.CurrentPassword = testPassword
	change.RefreshToken = tr.RefreshToken
	expect(t, a.call(t, "POST", "/api/v1/me/password", tr.AccessToken, change), 204)
	expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: tr.RefreshToken}), 200)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}), 401, "invalid-credentials")
}

func TestHTTPOrgs(t *testing.T) {
	a := newAPI(t)
	owner := a.signIn(t, "owner@example.org")
	staff := a.signIn(t, "staff@example.org")
	stranger := a.signIn(t, "stranger@example.org")
	a.admin(t, "root@example.org")
	var admin TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "root@example.org", Password: testPassword}), 200).decode(t, &admin)

	var org OrgResponse
	expect(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{
		Name: "Acme AI", Kind: KindCompany, Country: "DE", Website: "https://acme.example",
	}), 201).decode(t, &org)
	if org.Slug != "acme-ai" || org.Role != RoleOwner || org.Verified || org.VerifiedAt != nil || org.CreatedBy != owner.User.ID {
		t.Errorf("created = %+v", org)
	}
	orgPath := "/api/v1/orgs/" + org.ID
	expectProblem(t, a.call(t, "POST", "/api/v1/orgs", "", CreateOrgRequest{Name: "Anon", Kind: KindCompany, Country: "DE"}), 401, "unauthorized")
	p := expectProblem(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{Name: "Bad", Kind: "club", Country: "Germany"}), 400, "validation-failed")
	if len(p.Errors) != 2 || p.Errors[0].Field != "kind" || p.Errors[1].Field != "country" {
		t.Errorf("errors = %+v", p.Errors)
	}

	expectProblem(t, a.call(t, "GET", orgPath, stranger.AccessToken, nil), 404, "not-found")
	expectProblem(t, a.call(t, "GET", orgPath, "", nil), 404, "not-found")
	expectProblem(t, a.call(t, "GET", orgPath+"/members", stranger.AccessToken, nil), 404, "not-found")

	var inv InvitationResponse
	expect(t, a.call(t, "POST", orgPath+"/invitations", owner.AccessToken, InviteRequest{Email: "staff@example.org", Role: RoleStaff}), 201).decode(t, &inv)
	expect(t, a.call(t, "POST", "/api/v1/me/invitations/"+inv.ID+"/accept", staff.AccessToken, nil), 200)
	expectProblem(t, a.call(t, "POST", orgPath+"/invitations", staff.AccessToken, InviteRequest{Email: "stranger@example.org", Role: RoleStaff}), 403, "forbidden")

	var members httpkit.Page[MemberResponse]
	expect(t, a.call(t, "GET", orgPath+"/members?limit=1", staff.AccessToken, nil), 200).decode(t, &members)
	if len(members.Items) != 1 || members.Items[0].UserID != owner.User.ID || members.NextCursor == "" {
		t.Fatalf("members page 1 = %+v", members)
	}
	var rest httpkit.Page[MemberResponse]
	expect(t, a.call(t, "GET", orgPath+"/members?limit=1&cursor="+members.NextCursor, staff.AccessToken, nil), 200).decode(t, &rest)
	if len(rest.Items) != 1 || rest.Items[0].UserID != staff.User.ID || rest.NextCursor != "" {
		t.Fatalf("members page 2 = %+v", rest)
	}

	var mine httpkit.Page[OrgResponse]
	expect(t, a.call(t, "GET", "/api/v1/orgs", staff.AccessToken, nil), 200).decode(t, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != org.ID || mine.Items[0].Role != RoleStaff {
		t.Errorf("staff's orgs = %+v", mine)
	}

	expectProblem(t, a.call(t, "POST", "/api/v1/admin/orgs/"+org.ID+"/verify", owner.AccessToken, nil), 403, "forbidden")
	var verified OrgResponse
	expect(t, a.call(t, "POST", "/api/v1/admin/orgs/"+org.ID+"/verify", admin.AccessToken, nil), 200).decode(t, &verified)
	if !verified.Verified || verified.VerifiedAt == nil {
		t.Errorf("verified = %+v", verified)
	}

	// Now public: strangers see the public fields and nothing else.
	r := expect(t, a.call(t, "GET", orgPath, "", nil), 200)
	var public map[string]any
	r.decode(t, &public)
	for _, private := range []string{"created_by", "created_at", "role"} {
		if _, ok := public[private]; ok {
			t.Errorf("a stranger sees %s: %s", private, r.body)
		}
	}
	if public["name"] != "Acme AI" || public["verified"] != true {
		t.Errorf("public view = %s", r.body)
	}
	expectProblem(t, a.call(t, "GET", orgPath+"/members", stranger.AccessToken, nil), 403, "forbidden")
	expectProblem(t, a.call(t, "POST", orgPath+"/invitations", stranger.AccessToken, InviteRequest{Email: "stranger@example.org", Role: RoleOwner}), 403, "forbidden")

	expectProblem(t, a.call(t, "DELETE", orgPath+"/members/"+staff.User.ID, staff.AccessToken, nil), 403, "forbidden")
	expectProblem(t, a.call(t, "DELETE", orgPath+"/members/"+owner.User.ID, owner.AccessToken, nil), 409, "last-owner")
	expect(t, a.call(t, "DELETE", orgPath+"/members/"+staff.User.ID, owner.AccessToken, nil), 204)
	var left httpkit.Page[OrgResponse]
	expect(t, a.call(t, "GET", "/api/v1/orgs", staff.AccessToken, nil), 200).decode(t, &left)
	if len(left.Items) != 0 {
		t.Errorf("removed staff still lists %+v", left.Items)
	}
}

func TestHTTPAdminListsOrgs(t *testing.T) {
	a := newAPI(t)
	owner := a.signIn(t, "owner@example.org")
	a.admin(t, "root@example.org")
	var admin TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "root@example.org", Password: testPassword}), 200).decode(t, &admin)
	var ids []string
	for _, name := range []string{"One", "Two", "Three"} {
		var o OrgResponse
		expect(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{Name: "Org " + name, Kind: KindProvider, Country: "FR"}), 201).decode(t, &o)
		ids = append(ids, o.ID)
	}
	expect(t, a.call(t, "POST", "/api/v1/admin/orgs/"+ids[0]+"/verify", admin.AccessToken, nil), 200)

	var got []string
	cursor := ""
	for range 3 {
		var page httpkit.Page[OrgResponse]
		expect(t, a.call(t, "GET", "/api/v1/admin/orgs?verified=false&limit=1&cursor="+cursor, admin.AccessToken, nil), 200).decode(t, &page)
		for _, o := range page.Items {
			got = append(got, o.ID)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if !slices.Equal(got, ids[1:]) {
		t.Errorf("unverified = %v, want %v", got, ids[1:])
	}

	tests := []struct {
		name, query, token string
		status             int
		code               string
	}{
		{"learner", "", owner.AccessToken, 403, "forbidden"},
		{"anonymous", "", "", 401, "unauthorized"},
		{"verified not a boolean", "?verified=maybe", admin.AccessToken, 400, "validation-failed"},
		{"page too large", "?limit=1000", admin.AccessToken, 400, "validation-failed"},
		{"cursor not ours", "?cursor=%21%21", admin.AccessToken, 400, "validation-failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectProblem(t, a.call(t, "GET", "/api/v1/admin/orgs"+tt.query, tt.token, nil), tt.status, tt.code)
		})
	}
}

func TestHTTPRoutesAreDocumented(t *testing.T) {
	a := newAPI(t)
	want := []openapi.Route{
		{Method: "POST", Path: "/api/v1/auth/register"},
		{Method: "POST", Path: "/api/v1/auth/verify-email"},
		{Method: "POST", Path: "/api/v1/auth/login"},
		{Method: "POST", Path: "/api/v1/auth/refresh"},
		{Method: "POST", Path: "/api/v1/auth/logout"},
		{Method: "POST", Path: "/api/v1/auth/password/forgot"},
		{Method: "POST", Path: "/api/v1/auth/password/reset"},
		{Method: "GET", Path: "/api/v1/me"},
		{Method: "PATCH", Path: "/api/v1/me"},
		{Method: "POST", Path: "/api/v1/me/password"},
		{Method: "POST", Path: "/api/v1/me/deletion"},
		{Method: "POST", Path: "/api/v1/me/email/verification"},
		{Method: "GET", Path: "/api/v1/me/invitations"},
		{Method: "POST", Path: "/api/v1/me/invitations/:id/accept"},
		{Method: "POST", Path: "/api/v1/me/invitations/:id/decline"},
		{Method: "GET", Path: "/api/v1/orgs"},
		{Method: "POST", Path: "/api/v1/orgs"},
		{Method: "GET", Path: "/api/v1/orgs/:id"},
		{Method: "GET", Path: "/api/v1/orgs/:id/members"},
		{Method: "DELETE", Path: "/api/v1/orgs/:id/members/me"},
		{Method: "POST", Path: "/api/v1/orgs/:id/invitations"},
		{Method: "GET", Path: "/api/v1/orgs/:id/invitations"},
		{Method: "DELETE", Path: "/api/v1/orgs/:id/invitations/:invitation_id"},
		{Method: "DELETE", Path: "/api/v1/orgs/:id/members/:user_id"},
		{Method: "PUT", Path: "/api/v1/orgs/:id/evidence"},
		{Method: "PUT", Path: "/api/v1/orgs/:id/members/:user_id/role"},
		{Method: "GET", Path: "/api/v1/admin/orgs"},
		{Method: "POST", Path: "/api/v1/admin/orgs/:id/reject"},
		{Method: "POST", Path: "/api/v1/admin/orgs/:id/verify"},
		{Method: "POST", Path: "/api/v1/admin/orgs/:id/unverify"},
		{Method: "POST", Path: "/api/v1/admin/orgs/:id/suspend"},
		{Method: "POST", Path: "/api/v1/admin/orgs/:id/reinstate"},
		{Method: "GET", Path: "/api/v1/admin/users"},
		{Method: "POST", Path: "/api/v1/admin/users/:id/suspend"},
		{Method: "POST", Path: "/api/v1/admin/users/:id/reinstate"},
		{Method: "POST", Path: "/api/v1/admin/users/:id/reset-sign-in"},
		{Method: "PUT", Path: "/api/v1/admin/users/:id/administrator"},
		{Method: "DELETE", Path: "/api/v1/admin/users/:id/administrator"},
		{Method: "GET", Path: "/api/v1/admin/audit"},
	}
	documented := a.doc.Routes()
	if !reflect.DeepEqual(documented, want) {
		t.Errorf("documented routes = %v, want %v", documented, want)
	}
	var served []openapi.Route
	for _, r := range a.app.GetRoutes(true) {
		if strings.HasPrefix(r.Path, "/api/v1/") && r.Method != fiber.MethodHead {
			served = append(served, openapi.Route{Method: r.Method, Path: r.Path})
		}
	}
	for _, r := range served {
		if !slices.Contains(documented, r) {
			t.Errorf("%s %s is served but not documented", r.Method, r.Path)
		}
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(a.doc.JSON(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, r := range want {
		op, ok := doc.Paths[openapi.OpenAPIPath(r.Path)][strings.ToLower(r.Method)]
		if !ok || op.OperationID == "" {
			t.Errorf("the OpenAPI document lacks %s %s", r.Method, r.Path)
		}
	}
}

func TestHTTPJWKS(t *testing.T) {
	a := newAPI(t)
	r := expect(t, a.call(t, "GET", "/.well-known/jwks.json", "", nil), 200)
	if ct := r.header.Get(fiber.HeaderContentType); ct != fiber.MIMEApplicationJSON {
		t.Errorf("content type %q", ct)
	}
	if cc := r.header.Get(fiber.HeaderCacheControl); cc != "public, max-age=300" {
		t.Errorf("cache control %q", cc)
	}
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
		} `json:"keys"`
	}
	r.decode(t, &set)
	if len(set.Keys) == 0 || !bytes.Equal(r.body, a.keys.JWKS()) {
		t.Errorf("JWKS = %s", r.body)
	}
}

func FuzzDecodeRegister(f *testing.F) {
	f.Add([]byte(`{"email":"ada@example.org","password":"correct horse battery","display_name":"Ada","language":"en"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var req RegisterRequest
		err := httpkit.DecodeJSONBytes(body, &req)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != apperr.Invalid {
				t.Fatalf("decode error %v is not a client error", err)
			}
			if p := httpkit.ProblemFor(err); p.Status != http.StatusBadRequest || p.Detail == "" {
				t.Fatalf("problem = %+v", p)
			}
			return
		}
		// What was accepted encodes back to JSON that decodes to the same request.
		again, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		var back RegisterRequest
		if err := httpkit.DecodeJSONBytes(again, &back); err != nil || back != req {
			t.Fatalf("round trip of %q: %+v, %v", body, back, err)
		}
	})
}

func TestHTTPInvitationAnswersAlikeForAnyAddress(t *testing.T) {
	a := newAPI(t)
	owner := a.signIn(t, "owner@example.org")
	a.signIn(t, "known@example.org")
	var org OrgResponse
	expect(t, a.call(t, "POST", "/api/v1/orgs", owner.AccessToken, CreateOrgRequest{Name: "Acme AI", Kind: KindCompany, Country: "DE"}), 201).decode(t, &org)
	path := "/api/v1/orgs/" + org.ID + "/invitations"
	fields := func(email string) map[string]any {
		var got map[string]any
		expect(t, a.call(t, "POST", path, owner.AccessToken, InviteRequest{Email: email, Role: RoleStaff}), 201).decode(t, &got)
		if got["email"] != email {
			t.Errorf("invitation of %s = %v", email, got)
		}
		delete(got, "id")
		delete(got, "email")
		return got
	}
	if known, unknown := fields("known@example.org"), fields("unknown@example.org"); !reflect.DeepEqual(known, unknown) {
		t.Errorf("an address with an account is answered %v, one without %v", known, unknown)
	}
	expectProblem(t, a.call(t, "POST", path, owner.AccessToken, InviteRequest{Email: "nope", Role: "boss"}), 400, "validation-failed")
	var pending httpkit.Page[InvitationResponse]
	expect(t, a.call(t, "GET", path, owner.AccessToken, nil), 200).decode(t, &pending)
	if len(pending.Items) != 2 {
		t.Errorf("pending = %+v", pending)
	}
}
