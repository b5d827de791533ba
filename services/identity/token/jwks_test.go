package token

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"academy/services/kit/testenv"
)

// The JWKS is checked with go-jose, an independent JOSE implementation, so a
// mistake shared by our signer and our verifier cannot hide.
func TestJWKSVerifiesTokensIndependently(t *testing.T) {
	clk := newTestClock()
	k := newTestKeyring(t, testenv.DB(t), clk)
	retiredToken := issue(t, k, "learner-1", false)
	if err := k.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	activeToken := issue(t, k, "admin-1", true)

	set := parseJWKS(t, k.JWKS())
	if len(set.Keys) != 2 {
		t.Fatalf("JWKS lists %d keys, want the active and the retired one", len(set.Keys))
	}
	for _, key := range set.Keys {
		if _, ok := key.Key.(ed25519.PublicKey); !ok || key.Algorithm != "EdDSA" || key.Use != "sig" || !key.Valid() {
			t.Errorf("key %s: %T, alg %q, use %q; want a valid Ed25519 signing key for EdDSA", key.KeyID, key.Key, key.Algorithm, key.Use)
		}
	}

	tests := []struct {
		name    string
		token   string
		subject string
	}{
		{name: "retired key", token: retiredToken, subject: "learner-1"},
		{name: "active key", token: activeToken, subject: "admin-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jws, err := jose.ParseSignedCompact(tt.token, []jose.SignatureAlgorithm{jose.EdDSA})
			if err != nil {
				t.Fatalf("go-jose parse: %v", err)
			}
			kid := jws.Signatures[0].Header.KeyID
			keys := set.Key(kid)
			if len(keys) != 1 {
				t.Fatalf("JWKS has %d keys with kid %q, want 1", len(keys), kid)
			}
			payload, err := jws.Verify(keys[0])
			if err != nil {
				t.Fatalf("go-jose verify with the JWKS key: %v", err)
			}
			var claims struct {
				Sub string `json:"sub"`
			}
			if err := json.Unmarshal(payload, &claims); err != nil || claims.Sub != tt.subject {
				t.Errorf("verified payload %s, want sub %q", payload, tt.subject)
			}
			for _, other := range set.Keys {
				if other.KeyID != kid {
					if _, err := jws.Verify(other); err == nil {
						t.Errorf("token also verifies with key %s, which did not sign it", other.KeyID)
					}
				}
			}
		})
	}

	clk.Advance(DefaultTTL + leeway)
	later := parseJWKS(t, k.JWKS())
	if len(later.Keys) != 1 || later.Keys[0].KeyID != kidOf(t, activeToken) {
		t.Errorf("once the retired key expired the JWKS lists %d keys, want only the active one", len(later.Keys))
	}
}

func TestJWKSListsOnlyVerifiableKeysAfterRefresh(t *testing.T) {
	clk := newTestClock()
	db := testenv.DB(t)
	k := newTestKeyring(t, db, clk)
	for range 3 {
		clk.Advance(time.Minute)
		if err := k.Rotate(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(parseJWKS(t, k.JWKS()).Keys); n != 4 {
		t.Fatalf("JWKS lists %d keys right after three rotations, want 4", n)
	}
	clk.Advance(DefaultTTL + leeway)
	if err := k.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	other := newTestKeyring(t, db, clk)
	if n := len(parseJWKS(t, other.JWKS()).Keys); n != 1 {
		t.Errorf("a fresh keyring publishes %d keys once the retired ones expired, want 1", n)
	}
}

func parseJWKS(tb testing.TB, body []byte) jose.JSONWebKeySet {
	tb.Helper()
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil {
		tb.Fatalf("parse JWKS %s: %v", body, err)
	}
	return set
}
