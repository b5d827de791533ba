package token

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oklog/ulid/v2"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/testenv"
)

// fuzzKeyring signs with a fixed key at a fixed time, so tokens in the
// committed corpus stay valid and reach the claim checks on every run.
func fuzzKeyring(tb testing.TB) (*Keyring, *testenv.Clock) {
	tb.Helper()
	clk := testenv.NewClock(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC))
	seed := sha256.Sum256([]byte("academy token fuzz key"))
	private := ed25519.NewKeyFromSeed(seed[:])
	kid := ulid.MustNew(ulid.Timestamp(clk.Now()), bytes.NewReader(seed[:])).String()
	db := testenv.DB(tb)
	_, err := db.Collection(keysCollection).InsertOne(context.Background(), bson.M{
		"_id": kid, "generation": 1, "alg": signingAlg,
		"private_key": private.Seed(), "public_key": []byte(private.Public().(ed25519.PublicKey)), "created_at": clk.Now(),
	})
	if err != nil {
		tb.Fatal(err)
	}
	return newTestKeyring(tb, db, clk), clk
}

func FuzzVerify(f *testing.F) {
	k, clk := fuzzKeyring(f)
	active := k.keys.Signer()
	genuine := issue(f, k, "learner-1", false)
	f.Add(genuine)
	f.Add(issue(f, k, "admin-1", true))
	f.Add(signWith(f, jwt.SigningMethodHS256, []byte(active.Public), active.ID, validClaims(clk)))
	f.Add(signWith(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, active.ID, validClaims(clk)))
	f.Add(genuine[:len(genuine)-2])
	f.Add("")

	f.Fuzz(func(t *testing.T, signed string) {
		p, c, err := k.Verify(signed)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Kind != apperr.Unauthorized || ae.Detail != invalidTokenMessage {
				t.Fatalf("refusal %v is not the public Unauthorized answer", err)
			}
			if p != auth.Anonymous {
				t.Fatalf("refused token yielded principal %+v", p)
			}
			return
		}
		if p.UserID == "" || p.UserID != c.Subject || p.Admin != c.Admin || c.ID == "" {
			t.Fatalf("accepted token gave principal %+v with claims %+v", p, c)
		}
		if !clk.Now().Before(c.ExpiresAt.Add(leeway)) || clk.Now().Add(leeway).Before(c.IssuedAt) {
			t.Fatalf("accepted a token valid from %v to %v at %v", c.IssuedAt, c.ExpiresAt, clk.Now())
		}
		if kidOf(t, signed) != active.ID {
			t.Fatalf("accepted a token under kid %q", kidOf(t, signed))
		}
	})
}
