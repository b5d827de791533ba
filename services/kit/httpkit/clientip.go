package httpkit

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ClientIP returns the address of the client: the peer, or, when the peer is
// a trusted proxy, the last X-Forwarded-For entry, the one that proxy added.
// Earlier entries come from the client and anyone can forge them.
func ClientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP().String()
	if !c.App().Config().EnableTrustedProxyCheck || !c.IsProxyTrusted() {
		return peer
	}
	forwarded := c.Get(fiber.HeaderXForwardedFor)
	if forwarded == "" {
		return peer
	}
	if i := strings.LastIndexByte(forwarded, ','); i >= 0 {
		forwarded = forwarded[i+1:]
	}
	if ip := strings.TrimSpace(forwarded); ip != "" {
		return strings.Clone(ip)
	}
	return peer
}
