// Package auth carries the authenticated caller through a request, so every
// context can authorise without importing the identity context.
package auth

import (
	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
)

// Principal is the caller a verified access token names.
type Principal struct {
	UserID string
	Admin  bool
	// SessionID names the sign-in the token belongs to, so that ending the
	// session (logout, a password change) can end its access tokens too.
	SessionID string
}

// Anonymous is the zero principal of an unauthenticated request.
var Anonymous = Principal{}

// Authenticated reports whether the principal names a user.
func (p Principal) Authenticated() bool { return p.UserID != "" }

const localsKey = "academy.principal"

// Set stores the principal on the request.
func Set(c *fiber.Ctx, p Principal) { c.Locals(localsKey, p) }

// From returns the request's principal, Anonymous when none was set.
func From(c *fiber.Ctx) Principal {
	p, _ := c.Locals(localsKey).(Principal)
	return p
}

// Required returns the request's principal, or an Unauthorized error.
func Required(c *fiber.Ctx) (Principal, error) {
	p := From(c)
	if !p.Authenticated() {
		return p, apperr.Unauthorizedf("sign in to use this")
	}
	return p, nil
}
