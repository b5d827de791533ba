package token

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
)

var (
	errNotBearer    = errors.New("authorization header is not a Bearer token")
	errSessionEnded = errors.New("the token's session ended")
)

// EndedSessions tells whether a session was ended (logout, password change)
// before its access tokens expired. It must answer from memory: every
// authenticated request asks.
type EndedSessions interface {
	Revoked(sessionID string) bool
}

// Middleware authenticates requests that carry "Authorization: Bearer <jwt>".
// A request without the header continues as anonymous; one whose token is
// malformed, forged, expired or of an ended session is answered 401 (RFC 6750).
// ended may be nil when no session is ever ended early.
func Middleware(k *Keyring, ended EndedSessions) fiber.Handler {
	return func(c *fiber.Ctx) error {
		header := c.Get(fiber.HeaderAuthorization)
		if header == "" {
			auth.Set(c, auth.Anonymous)
			return c.Next()
		}
		scheme, signed, _ := strings.Cut(header, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer error="invalid_request"`)
			return invalidToken(errNotBearer)
		}
		p, _, err := k.Verify(strings.TrimSpace(signed))
		if err == nil && ended != nil && ended.Revoked(p.SessionID) {
			err = invalidToken(errSessionEnded)
		}
		if err != nil {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer error="invalid_token"`)
			return err
		}
		auth.Set(c, p)
		return c.Next()
	}
}
