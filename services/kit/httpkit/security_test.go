package httpkit_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/httpkit"
)

func TestSecurityHeaders(t *testing.T) {
	for _, hsts := range []bool{false, true} {
		app := httpkit.NewApp(httpkit.AppOptions{Security: httpkit.SecurityOptions{HSTS: hsts, EmbeddablePrefixes: []string{"/verify/"}}})
		app.Get("/verify/:id", func(c *fiber.Ctx) error { return c.SendString("<html>") })
		app.Get("/page", func(c *fiber.Ctx) error { return c.SendString("<html>") })
		cases := []struct {
			name, path string
			framed     bool
		}{
			{"page", "/page", false},
			{"verification page", "/verify/abc", true},
			{"error answer", "/nowhere", false},
		}
		for _, tc := range cases {
			resp, err := app.Test(httptest.NewRequest("GET", tc.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			h := resp.Header
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "strict-origin-when-cross-origin" {
				t.Errorf("%s: nosniff %q, referrer policy %q", tc.name, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
			}
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
				t.Errorf("%s: CSP %q allows more script than the site's own files", tc.name, csp)
			}
			if tc.framed && (!strings.HasSuffix(csp, "frame-ancestors *") || h.Get("X-Frame-Options") != "") {
				t.Errorf("%s: CSP %q, X-Frame-Options %q: want embeddable anywhere", tc.name, csp, h.Get("X-Frame-Options"))
			}
			if !tc.framed && (!strings.HasSuffix(csp, "frame-ancestors 'none'") || h.Get("X-Frame-Options") != "DENY") {
				t.Errorf("%s: CSP %q, X-Frame-Options %q: want framing refused", tc.name, csp, h.Get("X-Frame-Options"))
			}
			if got := h.Get("Strict-Transport-Security"); (got != "") != hsts {
				t.Errorf("%s with HSTS %v: Strict-Transport-Security %q", tc.name, hsts, got)
			}
		}
	}
}
