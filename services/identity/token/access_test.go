package token

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oklog/ulid/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/testenv"
)

func TestIssueVerifyRoundTrip(t *testing.T) {
	clk := newTestClock()
	k := newTestKeyring(t, testenv.DB(t), clk)

	tests := []struct {
		name string
		p    auth.Principal
	}{
		{name: "learner", p: auth.Principal{UserID: "01HZUSER0000000000000000AA"}},
		{name: "platform admin", p: auth.Principal{UserID: "admin-7", Admin: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, issued, err := k.Issue(tt.p)
			if err != nil {
				t.Fatalf("issue: %v", err)
			}
			got, verified, err := k.Verify(signed)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if got != tt.p {
				t.Errorf("principal = %+v, want %+v", got, tt.p)
			}
			if verified != issued {
				t.Errorf("verified claims %+v differ from issued %+v", verified, issued)
			}
			if !issued.IssuedAt.Equal(clk.Now()) || issued.ExpiresAt.Sub(issued.IssuedAt) != DefaultTTL {
				t.Errorf("issued at %v, expires %v; want now %v and a %v lifetime", issued.IssuedAt, issued.ExpiresAt, clk.Now(), DefaultTTL)
			}
			payload := payloadOf(t, signed)
			if payload["iss"] != testConfig.Issuer || payload["sub"] != tt.p.UserID || payload["jti"] != issued.ID {
				t.Errorf("payload %v does not carry iss, sub and jti", payload)
			}
			if aud, _ := payload["aud"].([]any); len(aud) != 1 || aud[0] != testConfig.Audience {
				t.Errorf("aud = %v, want [%s]", payload["aud"], testConfig.Audience)
			}
			if _, hasAdm := payload["adm"]; hasAdm != tt.p.Admin {
				t.Errorf("adm present = %v, want %v", hasAdm, tt.p.Admin)
			}
			if kidOf(t, signed) != k.keys.Signer().ID {
				t.Errorf("kid %q is not the active key", kidOf(t, signed))
			}
		})
	}
}

func TestIssueGivesEachTokenItsOwnID(t *testing.T) {
	k := newTestKeyring(t, testenv.DB(t), newTestClock())
	_, first, _ := k.Issue(auth.Principal{UserID: "u"})
	_, second, _ := k.Issue(auth.Principal{UserID: "u"})
	if first.ID == "" || first.ID == second.ID {
		t.Errorf("jti %q then %q, want two distinct random ids", first.ID, second.ID)
	}
}

func TestIssueRefusesAnonymous(t *testing.T) {
	k := newTestKeyring(t, testenv.DB(t), newTestClock())
	if _, _, err := k.Issue(auth.Anonymous); err == nil {
		t.Fatal("issued a token for the anonymous principal")
	}
}

func TestVerifyHonoursLeeway(t *testing.T) {
	clk := newTestClock()
	k := newTestKeyring(t, testenv.DB(t), clk)
	signed := issue(t, k, "u", false)

	clk.Advance(DefaultTTL + leeway - time.Second)
	if _, _, err := k.Verify(signed); err != nil {
		t.Fatalf("token expired %v ago, within the leeway, refused: %v", leeway-time.Second, err)
	}
	clk.Advance(2 * time.Second)
	if _, _, err := k.Verify(signed); !errors.Is(err, jwt.ErrTokenExpired) {
		t.Fatalf("token expired beyond the leeway: err = %v, want expired", err)
	}
}

func TestVerifyRejects(t *testing.T) {
	clk := newTestClock()
	k := newTestKeyring(t, testenv.DB(t), clk)
	active := k.keys.Signer()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, strangerKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	strangerKid := ulid.Make().String()

	withClaims := func(change func(*accessClaims)) accessClaims {
		c := validClaims(clk)
		change(&c)
		return c
	}
	signActive := func(c accessClaims) string {
		return signWith(t, jwt.SigningMethodEdDSA, active.Private, active.ID, c)
	}
	genuine := issue(t, k, "user-1", false)
	parts := strings.Split(genuine, ".")

	tests := []struct {
		name   string
		token  string
		reason error
	}{
		{
			name: "expired",
			token: signActive(withClaims(func(c *accessClaims) {
				c.IssuedAt = jwt.NewNumericDate(clk.Now().Add(-time.Hour))
				c.ExpiresAt = jwt.NewNumericDate(clk.Now().Add(-time.Minute))
			})),
			reason: jwt.ErrTokenExpired,
		},
		{
			name:   "tampered payload",
			token:  parts[0] + "." + encodeSegment(t, withClaims(func(c *accessClaims) { c.Admin = true })) + "." + parts[2],
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "tampered signature",
			token:  parts[0] + "." + parts[1] + "." + flipByte(t, parts[2]),
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "alg none",
			token:  signWith(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, active.ID, validClaims(clk)),
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "HS256 with the public key as HMAC secret",
			token:  signWith(t, jwt.SigningMethodHS256, []byte(active.Public), active.ID, validClaims(clk)),
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "RS256",
			token:  signWith(t, jwt.SigningMethodRS256, rsaKey, active.ID, validClaims(clk)),
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "wrong issuer",
			token:  signActive(withClaims(func(c *accessClaims) { c.Issuer = "https://evil.test" })),
			reason: jwt.ErrTokenInvalidIssuer,
		},
		{
			name:   "wrong audience",
			token:  signActive(withClaims(func(c *accessClaims) { c.Audience = jwt.ClaimStrings{"credentials"} })),
			reason: jwt.ErrTokenInvalidAudience,
		},
		{
			name:   "missing exp",
			token:  signActive(withClaims(func(c *accessClaims) { c.ExpiresAt = nil })),
			reason: jwt.ErrTokenRequiredClaimMissing,
		},
		{
			name:   "missing iat",
			token:  signActive(withClaims(func(c *accessClaims) { c.IssuedAt = nil })),
			reason: jwt.ErrTokenRequiredClaimMissing,
		},
		{
			name:   "missing sub",
			token:  signActive(withClaims(func(c *accessClaims) { c.Subject = "" })),
			reason: jwt.ErrTokenRequiredClaimMissing,
		},
		{
			name:   "missing jti",
			token:  signActive(withClaims(func(c *accessClaims) { c.ID = "" })),
			reason: jwt.ErrTokenRequiredClaimMissing,
		},
		{
			name: "issued in the future",
			token: signActive(withClaims(func(c *accessClaims) {
				c.IssuedAt = jwt.NewNumericDate(clk.Now().Add(5 * time.Minute))
			})),
			reason: jwt.ErrTokenUsedBeforeIssued,
		},
		{
			name:   "unknown kid",
			token:  signWith(t, jwt.SigningMethodEdDSA, strangerKey, strangerKid, validClaims(clk)),
			reason: errUnknownKey,
		},
		{
			name:   "foreign key under the active kid",
			token:  signWith(t, jwt.SigningMethodEdDSA, strangerKey, active.ID, validClaims(clk)),
			reason: jwt.ErrTokenSignatureInvalid,
		},
		{
			name:   "no kid",
			token:  signWith(t, jwt.SigningMethodEdDSA, active.Private, "", validClaims(clk)),
			reason: errNoKeyID,
		},
		{name: "garbage", token: "not.a.jwt", reason: jwt.ErrTokenMalformed},
		{name: "empty", token: "", reason: jwt.ErrTokenMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, c, err := k.Verify(tt.token)
			assertInvalidToken(t, err, tt.reason)
			if p != auth.Anonymous || c != (Claims{}) {
				t.Errorf("refused token still yielded principal %+v, claims %+v", p, c)
			}
		})
	}
}

// assertInvalidToken checks err is the public Unauthorized answer wrapping reason.
func assertInvalidToken(tb testing.TB, err, reason error) {
	tb.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Unauthorized {
		tb.Fatalf("err = %v, want an Unauthorized apperr", err)
	}
	if ae.Detail != invalidTokenMessage || ae.Code != "invalid-token" {
		tb.Errorf("public code %q, detail %q; want invalid-token, %q", ae.Code, ae.Detail, invalidTokenMessage)
	}
	if !errors.Is(err, reason) {
		tb.Errorf("err = %v, want reason %v", err, reason)
	}
}

func flipByte(tb testing.TB, segment string) string {
	tb.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(segment)
	if err != nil {
		tb.Fatal(err)
	}
	raw[len(raw)/2] ^= 0x01
	return base64.RawURLEncoding.EncodeToString(raw)
}

func encodeSegment(tb testing.TB, v any) string {
	tb.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}
