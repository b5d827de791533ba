package main

import (
	"io"
	"regexp"
	"strings"
	"testing"
)

// inlineScript matches a <script> element that carries its code inline
// rather than loading it with src, and inlineHandler an event handler
// attribute: the Content-Security-Policy blocks both.
var (
	inlineScript  = regexp.MustCompile(`(?is)<script\b[^>]*>\s*[^<\s]`)
	inlineHandler = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+=`)
)

// TestSecurityHeadersOnEveryAnswer checks the headers on the web app's HTML,
// an API answer and an API error, and that the built web app needs no inline
// script, so the policy that forbids it does not break the page.
func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	ta := newTestAcademy(t)
	for _, path := range []string{"/", "/courses/some-course", "/api/v1/openapi.json", "/api/v1/nothing-here", "/verify/some-credential"} {
		resp := ta.call(t, "GET", path, "", nil, nil)
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
			t.Errorf("%s: CSP %q, nosniff %q, referrer policy %q", path, csp, resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Referrer-Policy"))
		}
		embeddable := strings.HasPrefix(path, "/verify/")
		if strings.HasSuffix(csp, "frame-ancestors *") != embeddable {
			t.Errorf("%s: CSP %q; only the verification page may be framed", path, csp)
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent for a plain-http public URL", path)
		}
		if path == "/" {
			b, _ := io.ReadAll(resp.Body)
			if inlineScript.Match(b) || inlineHandler.Match(b) {
				t.Errorf("index.html has inline script, which the policy blocks:\n%s", b)
			}
		}
	}
}
