package identity

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
)

// The web app keeps its refresh token in an HttpOnly cookie that script
// cannot read, so an injected script cannot carry it off. Other clients keep
// receiving and sending it in the JSON body.
//
// A browser sends the cookie with any request to the auth routes, including
// one a hostile page triggers, so using it takes three things a cross-site
// request cannot have: SameSite=Strict (the browser leaves the cookie off),
// the SessionHeader (a custom header: a cross-origin page must ask the server
// first through CORS, which academy never grants), and, when the browser
// names it, an Origin on the same host.
const (
	// RefreshCookie is the name of the refresh token cookie.
	RefreshCookie = "academy_refresh"
	// SessionHeader, set to SessionHeaderCookie, asks for the refresh token in
	// the cookie rather than the body, and must accompany any use of the cookie.
	SessionHeader       = "X-Academy-Session"
	SessionHeaderCookie = "cookie"
	// DefaultCookiePath scopes the cookie to the auth routes.
	DefaultCookiePath = "/api/v1/auth"
)

// HandlerOptions configures the refresh token cookie.
type HandlerOptions struct {
	CookiePath string // empty means DefaultCookiePath
	// SecureCookie sends the cookie over https only; set it when the public URL is https.
	SecureCookie bool
	// PublicURL is where the web app is served; requests from its origin may
	// use the cookie even when a proxy rewrote the Host header.
	PublicURL string
}

// wantsCookie reports whether the client asked to keep its refresh token in the cookie.
func wantsCookie(c *fiber.Ctx) bool {
	return c.Get(SessionHeader) == SessionHeaderCookie
}

// setRefreshCookie hands the client its refresh token in the cookie.
func (h *Handler) setRefreshCookie(c *fiber.Ctx, token string) {
	c.Cookie(&fiber.Cookie{
		Name:     RefreshCookie,
		Value:    token,
		Path:     h.opts.CookiePath,
		MaxAge:   int(refreshTokenTTL / time.Second),
		Secure:   h.opts.SecureCookie,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}

// clearRefreshCookie tells the browser to forget the cookie.
func (h *Handler) clearRefreshCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name:     RefreshCookie,
		Path:     h.opts.CookiePath,
		MaxAge:   -1,
		Expires:  time.Unix(0, 0),
		Secure:   h.opts.SecureCookie,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteStrictMode,
	})
}

// refreshTokenOf returns the refresh token of a refresh or logout request:
// the one in the body, or else the cookie's, provided the request shows it
// comes from the web app itself.
func refreshTokenOf(c *fiber.Ctx, body, publicOrigin string) (string, error) {
	if body != "" {
		return body, nil
	}
	cookie := c.Cookies(RefreshCookie)
	if cookie == "" {
		return "", nil
	}
	if !wantsCookie(c) || !sameOrigin(c, publicOrigin) {
		return "", apperr.New(apperr.Forbidden, "cross-site-request",
			"the refresh cookie is only accepted from the web app: send the "+SessionHeader+": "+SessionHeaderCookie+" header from the same origin")
	}
	return cookie, nil
}

// sameOrigin reports whether the Origin header, when the browser sent one,
// is the platform's public origin or names the host the request was sent to.
func sameOrigin(c *fiber.Ctx, publicOrigin string) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || origin == publicOrigin {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && u.Host == c.Get(fiber.HeaderHost)
}

// originOf returns the scheme and host of a URL, as browsers write Origin.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
