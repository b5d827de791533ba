package token

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
)

var errNotBearer = errors.New("authorization header is not a Bearer token")

// Middleware authenticates requests that carry "Authorization: Bearer <jwt>".
// A request without the header continues as anonymous; one whose token is
// malformed, forged or expired is answered 401 (RFC 6750).
func Middleware(k *Keyring) fiber.Handler {
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
		if err != nil {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer error="invalid_token"`)
			return err
		}
		auth.Set(c, p)
		return c.Next()
	}
}
