package keyring_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/guarded"
	"academy/services/kit/keyring"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type ring = keyring.Keyring[ed25519.PrivateKey, ed25519.PublicKey]

var ed25519Kind = keyring.Kind[ed25519.PrivateKey, ed25519.PublicKey]{
	Alg: "EdDSA",
	Generate: func() ([]byte, []byte, error) {
		public, private, err := ed25519.GenerateKey(rand.Reader)
		return private.Seed(), public, err
	},
	ParsePublic: func(b []byte) (ed25519.PublicKey, error) { return ed25519.PublicKey(b), nil },
	ParsePrivate: func(b []byte, public ed25519.PublicKey) (ed25519.PrivateKey, error) {
		private := ed25519.NewKeyFromSeed(b)
		if !public.Equal(private.Public()) {
			return nil, errors.New("private and public keys do not match")
		}
		return private, nil
	},
}

func newSealer(tb testing.TB) *keyring.Sealer {
	tb.Helper()
	kek := make([]byte, keyring.KeySize)
	rand.Read(kek)
	s, err := keyring.NewSealer(kek)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func open(tb testing.TB, db *mongo.Database, sealer *keyring.Sealer) (*ring, error) {
	tb.Helper()
	w, err := guarded.New(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return keyring.New(context.Background(), db.Collection("keys"), w, ed25519Kind, keyring.Options{Name: "test key", Sealer: sealer})
}

func mustOpen(tb testing.TB, db *mongo.Database, sealer *keyring.Sealer) *ring {
	tb.Helper()
	k, err := open(tb, db, sealer)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func storedKeys(tb testing.TB, db *mongo.Database) []bson.M {
	tb.Helper()
	cur, err := db.Collection("keys").Find(context.Background(), bson.M{})
	if err != nil {
		tb.Fatal(err)
	}
	var docs []bson.M
	if err := cur.All(context.Background(), &docs); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// verifies reports whether k verifies a signature made by signer.
func verifies(tb testing.TB, k *ring, signer keyring.Key[ed25519.PrivateKey, ed25519.PublicKey]) bool {
	tb.Helper()
	msg := []byte("a credential")
	sig := ed25519.Sign(signer.Private, msg)
	key, found, err := k.Lookup(signer.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return found && ed25519.Verify(key.Public, msg, sig)
}

func TestSealedKeysAreNotStoredInTheClear(t *testing.T) {
	db := testenv.DB(t)
	k := mustOpen(t, db, newSealer(t))
	seed := k.Signer().Private.Seed()
	docs := storedKeys(t, db)
	if len(docs) != 1 {
		t.Fatalf("%d keys stored, want 1", len(docs))
	}
	raw, err := bson.Marshal(docs[0])
	if err != nil {
		t.Fatal(err)
	}
	if docs[0]["private_key"] != nil || docs[0]["sealed_private_key"] == nil || bytes.Contains(raw, seed) {
		t.Fatalf("the stored key shows its private half: %v", docs[0])
	}
	if !verifies(t, k, k.Signer()) {
		t.Error("a sealed key does not sign")
	}
}

func TestSealedKeysNeedTheirKeyEncryptionKey(t *testing.T) {
	db := testenv.DB(t)
	mustOpen(t, db, newSealer(t))
	if _, err := open(t, db, newSealer(t)); !errors.Is(err, keyring.ErrWrongKey) {
		t.Errorf("opened with another key encryption key: %v, want ErrWrongKey", err)
	}
	if _, err := open(t, db, nil); !errors.Is(err, keyring.ErrSealed) {
		t.Errorf("opened without a key encryption key: %v, want ErrSealed", err)
	}
}

func TestKeysStoredInTheClearAreSealedOnStart(t *testing.T) {
	db := testenv.DB(t)
	before := mustOpen(t, db, nil).Signer()
	if storedKeys(t, db)[0]["private_key"] == nil {
		t.Fatal("without a key encryption key the private key is not stored as it is")
	}
	sealer := newSealer(t)
	const processes = 20
	rings := make([]*ring, processes)
	errs := make([]error, processes)
	var wg sync.WaitGroup
	for i := range rings {
		wg.Go(func() { rings[i], errs[i] = open(t, db, sealer) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	docs := storedKeys(t, db)
	if len(docs) != 1 || docs[0]["private_key"] != nil || docs[0]["sealed_private_key"] == nil {
		t.Fatalf("after starting with a key encryption key the store holds %v", docs)
	}
	for i, k := range rings {
		if k.Signer().ID != before.ID || !verifies(t, k, before) {
			t.Errorf("process %d does not sign and verify with the key made before sealing", i)
		}
	}
	if !verifies(t, mustOpen(t, db, sealer), before) {
		t.Error("a process started after the sealing does not verify what the key signed before")
	}
}

func TestKeysOfEarlierVersionsAreRead(t *testing.T) {
	db := testenv.DB(t)
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	oldPublic, oldPrivate, _ := ed25519.GenerateKey(rand.Reader)
	public, private, _ := ed25519.GenerateKey(rand.Reader)
	const oldID, id = "01JAAAAAAAAAAAAAAAAAAAAAAA", "01JBBBBBBBBBBBBBBBBBBBBBBB"
	// The credential keyring recorded retirement as retired_at and never expired keys.
	_, err := db.Collection("keys").InsertMany(context.Background(), []any{
		bson.M{"_id": oldID, "generation": int64(1), "alg": "EdDSA", "public_key": []byte(oldPublic), "created_at": created, "retired_at": created.Add(time.Hour)},
		bson.M{"_id": id, "generation": int64(2), "alg": "EdDSA", "private_key": private.Seed(), "public_key": []byte(public), "created_at": created.Add(time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
	k := mustOpen(t, db, nil)
	if k.Signer().ID != id || !k.Signer().Private.Equal(private) {
		t.Fatalf("signs with %s, want %s", k.Signer().ID, id)
	}
	if !verifies(t, k, keyring.Key[ed25519.PrivateKey, ed25519.PublicKey]{ID: oldID, Private: oldPrivate}) {
		t.Error("a key retired by an earlier version no longer verifies")
	}
	if got := len(k.Verifying()); got != 2 {
		t.Errorf("%d keys verify, want 2", got)
	}
	for _, d := range storedKeys(t, db) {
		if d["_id"] == oldID && d["retires_at"] != nil {
			t.Errorf("the old key was retired again: %v", d)
		}
	}
}

func TestRotationRetiresTheSigningKey(t *testing.T) {
	db := testenv.DB(t)
	sealer := newSealer(t)
	a, b := mustOpen(t, db, sealer), mustOpen(t, db, sealer)
	first := a.Signer()
	if err := a.Rotate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a.Signer().ID == first.ID {
		t.Fatal("rotation kept the signing key")
	}
	if !verifies(t, b, a.Signer()) {
		t.Error("another process does not verify with the new key")
	}
	if err := b.Refresh(context.Background()); err != nil || b.Signer().ID != a.Signer().ID {
		t.Errorf("after a refresh the other process signs with %s (%v), want %s", b.Signer().ID, err, a.Signer().ID)
	}
	for _, d := range storedKeys(t, db) {
		retired := d["_id"] == first.ID
		if retired != (d["sealed_private_key"] == nil) || retired != (d["retires_at"] != nil) {
			t.Errorf("key %v: retired %v, but its private half or retirement is not as it should be", d["_id"], retired)
		}
	}
	if !verifies(t, a, first) {
		t.Error("a retired key without an end no longer verifies")
	}
}

func TestNewSealerWantsAnAES256Key(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			if _, err := keyring.NewSealer(make([]byte, n)); err == nil {
				t.Errorf("a %d-byte key encryption key was accepted", n)
			}
		})
	}
}
