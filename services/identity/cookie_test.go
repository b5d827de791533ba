package identity

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// refreshCookie returns the refresh cookie a response sets, failing when it sets none.
func refreshCookie(tb testing.TB, r response) *http.Cookie {
	tb.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == RefreshCookie {
			return c
		}
	}
	tb.Fatalf("no %s cookie set; headers %v", RefreshCookie, r.header)
	return nil
}

// TestHTTPRefreshCookie follows the web app's session: the refresh token
// lives in an HttpOnly, SameSite=Strict cookie scoped to the auth routes,
// never in a body script could read, and is refused to a request that does
// not show it comes from the web app.
func TestHTTPRefreshCookie(t *testing.T) {
	a := newAPI(t)
	a.signIn(t, "ada@example.org")
	web := []string{SessionHeader, SessionHeaderCookie}
	login := expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}, web...), 200)
	var tr TokenResponse
	login.decode(t, &tr)
	if tr.AccessToken == "" || tr.RefreshToken != "" || strings.Contains(string(login.body), "refresh_token") {
		t.Fatalf("login body = %s, want an access token and no refresh token", login.body)
	}
	if cc := login.header.Get(fiber.HeaderCacheControl); cc != "no-store" {
		t.Errorf("login Cache-Control = %q, want no-store", cc)
	}
	c := refreshCookie(t, login)
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != DefaultCookiePath || c.Secure || c.MaxAge <= 0 || c.Value == "" {
		t.Fatalf("cookie = %+v, want HttpOnly, SameSite=Strict, Path=%s, not Secure on http", c, DefaultCookiePath)
	}
	cookie := RefreshCookie + "=" + c.Value
	sameOrigin := a.base

	// Requests a hostile page could make: no custom header, or another origin.
	for _, h := range map[string][]string{
		"without the session header": {fiber.HeaderCookie, cookie},
		"from another origin":        {fiber.HeaderCookie, cookie, SessionHeader, SessionHeaderCookie, fiber.HeaderOrigin, "https://evil.example"},
	} {
		expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{}, h...), 403, "cross-site-request")
		expectProblem(t, a.call(t, "POST", "/api/v1/auth/logout", "", RefreshRequest{}, h...), 403, "cross-site-request")
	}

	// The web app itself: the refused requests used nothing up.
	r := expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{},
		fiber.HeaderCookie, cookie, SessionHeader, SessionHeaderCookie, fiber.HeaderOrigin, sameOrigin), 200)
	var refreshed TokenResponse
	r.decode(t, &refreshed)
	next := refreshCookie(t, r)
	if refreshed.RefreshToken != "" || next.Value == c.Value || refreshed.AccessToken == "" || r.header.Get(fiber.HeaderCacheControl) != "no-store" {
		t.Fatalf("refresh = %s, cookie %+v: want a new cookie, no token in the body, no-store", r.body, next)
	}
	expect(t, a.call(t, "GET", "/api/v1/me", refreshed.AccessToken, nil), 200)

	out := expect(t, a.call(t, "POST", "/api/v1/auth/logout", "", RefreshRequest{},
		fiber.HeaderCookie, RefreshCookie+"="+next.Value, SessionHeader, SessionHeaderCookie), 204)
	if gone := refreshCookie(t, out); gone.Value != "" || gone.MaxAge >= 0 && !gone.Expires.Before(time.Now()) {
		t.Errorf("logout cookie = %+v, want it cleared", gone)
	}
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{},
		fiber.HeaderCookie, RefreshCookie+"="+next.Value, SessionHeader, SessionHeaderCookie), 401, "invalid-refresh-token")
}

// TestHTTPSecureRefreshCookie checks that an https platform marks the cookie Secure.
func TestHTTPSecureRefreshCookie(t *testing.T) {
	a := newAPIWith(t, HandlerOptions{PublicURL: testBaseURL, SecureCookie: true})
	a.signIn(t, "ada@example.org")
	login := expect(t, a.call(t, "POST", "/api/v1/auth/login", "", LoginRequest{Email: "ada@example.org", Password: testPassword}, SessionHeader, SessionHeaderCookie), 200)
	if c := refreshCookie(t, login); !c.Secure || !c.HttpOnly {
		t.Fatalf("cookie = %+v, want Secure and HttpOnly", c)
	}
}

// TestHTTPAccessTokensEndWithTheirSession checks that an access token stops
// working as soon as its session ends, not when it expires: at logout, and
// for every other session at a password change.
func TestHTTPAccessTokensEndWithTheirSession(t *testing.T) {
	a := newAPI(t)
	first := a.signIn(t, "ada@example.org")
	expect(t, a.call(t, "GET", "/api/v1/me", first.AccessToken, nil), 200)
	expect(t, a.call(t, "POST", "/api/v1/auth/logout", "", RefreshRequest{RefreshToken: first.RefreshToken}), 204)
	expectProblem(t, a.call(t, "GET", "/api/v1/me", first.AccessToken, nil), 401, "invalid-token")

	laptop := a.signIn(t, "ada@example.org")
	phone := a.signIn(t, "ada@example.org")
	expect(t, a.call(t, "POST", "/api/v1/me/password", laptop.AccessToken,
		ChangePasswordRequest{CurrentPassword: testPassword, NewPassword: "a brand new passphrase"}), 204)
	expect(t, a.call(t, "GET", "/api/v1/me", laptop.AccessToken, nil), 200)
	expectProblem(t, a.call(t, "GET", "/api/v1/me", phone.AccessToken, nil), 401, "invalid-token")
	// The session that changed the password goes on, refresh included.
	var next TokenResponse
	expect(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: laptop.RefreshToken}), 200).decode(t, &next)
	expect(t, a.call(t, "GET", "/api/v1/me", next.AccessToken, nil), 200)
	expectProblem(t, a.call(t, "POST", "/api/v1/auth/refresh", "", RefreshRequest{RefreshToken: phone.RefreshToken}), 401, "invalid-refresh-token")
}
