package token

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/testenv"
)

func TestNewKeyringRejectsIncompleteConfig(t *testing.T) {
	db := testenv.DB(t)
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "no issuer", cfg: Config{Audience: "a"}},
		{name: "no audience", cfg: Config{Issuer: "i"}},
		{name: "negative TTL", cfg: Config{Issuer: "i", Audience: "a", TTL: -time.Minute}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewKeyring(context.Background(), db, writerFor(t, db), nil, tt.cfg); err == nil {
				t.Fatal("keyring created from an incomplete config")
			}
		})
	}
}

func TestConfiguredTTL(t *testing.T) {
	cfg := testConfig
	cfg.TTL = 5 * time.Minute
	db := testenv.DB(t)
	k, err := NewKeyring(context.Background(), db, writerFor(t, db), nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, c, err := k.Issue(principalFor("u"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ExpiresAt.Sub(c.IssuedAt); got != cfg.TTL {
		t.Errorf("lifetime %v, want %v", got, cfg.TTL)
	}
}

func TestKeyringsStartingTogetherShareOneKey(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	const processes = 4
	w := writerFor(t, db)
	rings := make([]*Keyring, processes)
	errs := make([]error, processes)
	var wg sync.WaitGroup
	for i := range rings {
		wg.Go(func() { rings[i], errs[i] = newKeyring(context.Background(), db, w, nil, testConfig, clk.Now) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("keyring %d: %v", i, err)
		}
	}
	if n := countKeys(t, db); n != 1 {
		t.Fatalf("%d keys stored, want 1", n)
	}
	for i, issuer := range rings {
		signed := issue(t, issuer, "u", false)
		for j, verifier := range rings {
			if _, _, err := verifier.Verify(signed); err != nil {
				t.Errorf("keyring %d refused a token of keyring %d: %v", j, i, err)
			}
		}
	}
}

func TestRotatedKeyVerifiesUntilItsTokensExpire(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	k := newTestKeyring(t, db, clk)
	old := k.keys.Signer()
	oldToken := issue(t, k, "u", false)
	// Signed by the old key but claiming to outlive it: the key's expiry must win.
	outliving := signWith(t, jwt.SigningMethodEdDSA, old.Private, old.ID, func() accessClaims {
		c := validClaims(clk)
		c.ExpiresAt = jwt.NewNumericDate(clk.Now().Add(24 * time.Hour))
		return c
	}())

	if err := k.Rotate(context.Background()); err != nil {
		t.Fatalf("rotate: %v", err)
	}
	newToken := issue(t, k, "u", false)
	if kidOf(t, newToken) == old.ID {
		t.Fatal("after rotation tokens are still signed with the old key")
	}
	for name, signed := range map[string]string{"old": oldToken, "outliving": outliving, "new": newToken} {
		if _, _, err := k.Verify(signed); err != nil {
			t.Errorf("%s token refused right after rotation: %v", name, err)
		}
	}

	clk.Advance(DefaultTTL + leeway - time.Second)
	if _, _, err := k.Verify(oldToken); err != nil {
		t.Errorf("old token refused before it expired: %v", err)
	}
	clk.Advance(time.Second)
	_, _, err := k.Verify(outliving)
	assertInvalidToken(t, err, errKeyExpired)

	if err := k.Refresh(context.Background()); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if n := countKeys(t, db); n != 1 {
		t.Errorf("%d keys stored after the retired key expired, want 1", n)
	}
}

func TestRetiredKeyIsStoredWithoutItsPrivateHalf(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	k := newTestKeyring(t, db, clk)
	old := k.keys.Signer().ID
	clk.Advance(time.Hour)
	if err := k.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}

	var doc struct {
		PrivateKey []byte    `bson:"private_key"`
		RetiresAt  time.Time `bson:"retires_at"`
		ExpiresAt  time.Time `bson:"expires_at"`
	}
	if err := db.Collection(keysCollection).FindOne(context.Background(), bson.D{{Key: "_id", Value: old}}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.PrivateKey != nil {
		t.Error("retired key still stores its private key")
	}
	if !doc.RetiresAt.Equal(clk.Now()) {
		t.Errorf("retires_at %v, want the rotation time %v", doc.RetiresAt, clk.Now())
	}
	if want := clk.Now().Add(DefaultTTL + leeway); !doc.ExpiresAt.Equal(want) {
		t.Errorf("expires_at %v, want %v", doc.ExpiresAt, want)
	}
}

func TestRotationElsewhereIsPickedUp(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	a := newTestKeyring(t, db, clk)
	b := newTestKeyring(t, db, clk)
	oldKid := b.keys.Signer().ID

	if err := a.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	stale := issue(t, b, "u", false)
	if kidOf(t, stale) != oldKid {
		t.Fatal("b switched keys before it could have seen the rotation")
	}
	if _, _, err := a.Verify(stale); err != nil {
		t.Errorf("a refused a token b signed with the key b has not yet seen retired: %v", err)
	}

	fromA := issue(t, a, "u", false)
	if _, _, err := b.Verify(fromA); err != nil {
		t.Fatalf("b refused a token signed with the key a just created: %v", err)
	}
	if got, want := kidOf(t, issue(t, b, "u", false)), kidOf(t, fromA); got != want {
		t.Errorf("after loading the new key b signs with %s, want %s", got, want)
	}
}

func TestRefreshEveryPicksUpRotation(t *testing.T) {
	db := testenv.DB(t)
	a := newTestKeyring(t, db, newTestClock())
	b := newTestKeyring(t, db, newTestClock())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.RefreshEvery(ctx, 20*time.Millisecond, slog.New(slog.DiscardHandler))
	}()
	defer func() { cancel(); <-done }()

	if err := a.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := a.keys.Signer().ID
	deadline := time.Now().Add(5 * time.Second)
	for b.keys.Signer().ID != want {
		if time.Now().After(deadline) {
			t.Fatalf("b still signs with %s, want %s", b.keys.Signer().ID, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestAutomaticRotation(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	rings := []*Keyring{newTestKeyring(t, db, clk), newTestKeyring(t, db, clk), newTestKeyring(t, db, clk)}
	first := rings[0].keys.Signer().ID

	clk.Advance(DefaultRotateAfter - time.Minute)
	if err := rings[0].Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := rings[0].keys.Signer().ID; got != first {
		t.Fatalf("key rotated at %v of age, before %v", DefaultRotateAfter-time.Minute, DefaultRotateAfter)
	}

	clk.Advance(time.Minute)
	var wg sync.WaitGroup
	errs := make([]error, len(rings))
	for i, k := range rings {
		wg.Go(func() { errs[i] = k.Refresh(context.Background()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if n := countKeys(t, db); n != 2 {
		t.Fatalf("%d keys after every process noticed the old key, want 2 (old and one new)", n)
	}
	for i, k := range rings {
		if got := k.keys.Signer().ID; got == first || got != rings[0].keys.Signer().ID {
			t.Errorf("keyring %d signs with %s; want the one new key", i, got)
		}
	}

	restarted := newTestKeyring(t, db, clk)
	if got := restarted.keys.Signer().ID; got != rings[0].keys.Signer().ID {
		t.Errorf("a process starting after the rotation signs with %s, want %s", got, rings[0].keys.Signer().ID)
	}
}

func TestNewKeyringRotatesAnOldKey(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	first := newTestKeyring(t, db, clk).keys.Signer().ID
	clk.Advance(DefaultRotateAfter + time.Hour)
	if got := newTestKeyring(t, db, clk).keys.Signer().ID; got == first {
		t.Error("a process starting with a key older than RotateAfter kept signing with it")
	}
}

func TestCorruptKeyIsReported(t *testing.T) {
	db := testenv.DB(t)
	clk := newTestClock()
	k := newTestKeyring(t, db, clk)
	_, err := db.Collection(keysCollection).UpdateOne(context.Background(),
		bson.D{{Key: "_id", Value: k.keys.Signer().ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "public_key", Value: make([]byte, 32)}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Refresh(context.Background()); err == nil {
		t.Error("refresh accepted a key whose public half does not match its private half")
	}
	if _, _, err := k.Verify(issue(t, k, "u", false)); err != nil {
		t.Errorf("failed refresh dropped the keys loaded before: %v", err)
	}
}
