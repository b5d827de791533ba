package token

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/auth"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var testConfig = Config{Issuer: "https://academy.test", Audience: "academy-api"}

// newTestClock returns a settable clock for the keyrings of one test.
func newTestClock() *testenv.Clock {
	return testenv.NewClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
}

func newTestKeyring(tb testing.TB, db *mongo.Database, clk *testenv.Clock) *Keyring {
	tb.Helper()
	k, err := newKeyring(context.Background(), db, writerFor(tb, db), nil, testConfig, clk.Now)
	if err != nil {
		tb.Fatalf("new keyring: %v", err)
	}
	return k
}

// writerFor returns the guarded writer for db's server.
func writerFor(tb testing.TB, db *mongo.Database) *guarded.Writer {
	tb.Helper()
	w, err := guarded.New(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func issue(tb testing.TB, k *Keyring, userID string, admin bool) string {
	tb.Helper()
	signed, _, err := k.Issue(auth.Principal{UserID: userID, Admin: admin})
	if err != nil {
		tb.Fatalf("issue: %v", err)
	}
	return signed
}

// kidOf returns the kid header of a compact JWS without verifying it.
func kidOf(tb testing.TB, signed string) string {
	tb.Helper()
	t, _, err := jwt.NewParser().ParseUnverified(signed, jwt.MapClaims{})
	if err != nil {
		tb.Fatalf("parse %q: %v", signed, err)
	}
	kid, _ := t.Header["kid"].(string)
	return kid
}

// payloadOf decodes the claims of a compact JWS without verifying it.
func payloadOf(tb testing.TB, signed string) map[string]any {
	tb.Helper()
	parts := strings.Split(signed, ".")
	if len(parts) != 3 {
		tb.Fatalf("token has %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		tb.Fatalf("decode payload: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		tb.Fatalf("unmarshal payload: %v", err)
	}
	return m
}

// validClaims are the claims Issue would produce now, for tests that sign by hand.
func validClaims(clk *testenv.Clock) accessClaims {
	now := clk.Now()
	return accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    testConfig.Issuer,
		Audience:  jwt.ClaimStrings{testConfig.Audience},
		Subject:   "user-1",
		ID:        "jti-1",
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(DefaultTTL)),
	}}
}

// signWith signs claims with method and key under kid ("" leaves kid out).
func signWith(tb testing.TB, method jwt.SigningMethod, key any, kid string, claims jwt.Claims) string {
	tb.Helper()
	t := jwt.NewWithClaims(method, claims)
	if kid != "" {
		t.Header["kid"] = kid
	}
	signed, err := t.SignedString(key)
	if err != nil {
		tb.Fatalf("sign: %v", err)
	}
	return signed
}

func countKeys(tb testing.TB, db *mongo.Database) int64 {
	tb.Helper()
	n, err := db.Collection(keysCollection).CountDocuments(context.Background(), map[string]any{})
	if err != nil {
		tb.Fatalf("count keys: %v", err)
	}
	return n
}

func principalFor(userID string) auth.Principal { return auth.Principal{UserID: userID} }
