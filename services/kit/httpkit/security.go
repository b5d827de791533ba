package httpkit

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// SecurityOptions configures the headers SecurityHeaders sets.
type SecurityOptions struct {
	// HSTS asks browsers to reach the site over https only; set it when the
	// public URL is https, never on plain http (browsers ignore it there anyway).
	HSTS bool
	// EmbeddablePrefixes are the paths other sites may show in a frame (the
	// public credential verification page); every other page refuses framing.
	EmbeddablePrefixes []string
}

// contentSecurityPolicy allows scripts, styles, fonts, images and
// connections from the platform itself only: no inline script or style, no
// eval, no plugins. Images may also be data: URIs (the favicon, generated QR
// codes). Components set styles through the DOM, which the policy allows.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-src 'none'; worker-src 'self'; manifest-src 'self'"

// hstsMaxAge is two years, the value the HSTS preload list asks for.
const hstsMaxAge = "max-age=63072000"

// SecurityHeaders sets the headers that keep browsers from sniffing types,
// running injected script, leaking URLs (reset links carry tokens) to other
// sites and framing pages for clickjacking.
func SecurityHeaders(o SecurityOptions) fiber.Handler {
	framed := contentSecurityPolicy + "; frame-ancestors *"
	unframed := contentSecurityPolicy + "; frame-ancestors 'none'"
	return func(c *fiber.Ctx) error {
		h := &c.Response().Header
		h.Set(fiber.HeaderXContentTypeOptions, "nosniff")
		h.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if embeddable(c.Path(), o.EmbeddablePrefixes) {
			h.Set(fiber.HeaderContentSecurityPolicy, framed)
		} else {
			h.Set(fiber.HeaderContentSecurityPolicy, unframed)
			// For browsers that predate frame-ancestors.
			h.Set(fiber.HeaderXFrameOptions, "DENY")
		}
		if o.HSTS {
			h.Set(fiber.HeaderStrictTransportSecurity, hstsMaxAge)
		}
		return c.Next()
	}
}

func embeddable(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// NoStore marks the response as never to be cached, by browsers or proxies:
// for answers that carry tokens.
func NoStore(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderPragma, "no-cache")
}
