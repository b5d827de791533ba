package credentials

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestForeignHeaderRefusesCriticalExtensions(t *testing.T) {
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"EdDSA","kid":"did:web:example.org#key-1","crit":["b64"],"b64":false}`))
	_, _, err := decodeForeignJWS(header+".e30.c2ln", maxJWTLen)
	if err == nil || !strings.Contains(err.Error(), "crit") {
		t.Fatalf("err = %v, want critical extensions refused", err)
	}
	header = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"EdDSA","kid":"did:web:example.org#key-1","cty":"vc"}`))
	if _, _, err := decodeForeignJWS(header+".e30.c2ln", maxJWTLen); err != nil {
		t.Fatalf("a header with cty is refused: %v", err)
	}
}

func TestDIDWebURL(t *testing.T) {
	f := NewFetcher(FetcherOptions{})
	for did, want := range map[string]string{
		"did:web:example.org":                "https://example.org/.well-known/did.json",
		"did:web:example.org%3A8443":         "https://example.org:8443/.well-known/did.json",
		"did:web:example.org:issuers:belfry": "https://example.org/issuers/belfry/did.json",
		"did:web:127.0.0.1%3A9000":           "https://127.0.0.1:9000/.well-known/did.json",
	} {
		if got, err := f.didWebURL(did); err != nil || got != want {
			t.Errorf("%s resolves to %q (%v), want %q", did, got, err, want)
		}
	}
	if _, err := f.didWebURL("did:web:user@example.org"); err == nil {
		t.Error("a DID with a user part resolves")
	}
	loopback := NewFetcher(FetcherOptions{AllowLoopback: true})
	if got, _ := loopback.didWebURL("did:web:127.0.0.1%3A9000"); got != "http://127.0.0.1:9000/.well-known/did.json" {
		t.Errorf("a loopback DID with loopback allowed resolves to %q", got)
	}
}
