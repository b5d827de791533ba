package token

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/every"
)

// On-demand reloads, triggered by a token whose kid this process has not seen,
// are bounded so forged kids cannot turn into a flood of database reads.
const (
	kidReloadGap     = time.Second
	kidReloadTimeout = 2 * time.Second
)

// Keyring signs access tokens with the active key and verifies them with any
// key that is still verifiable. Keys live in MongoDB so every process of the
// platform shares them; each process runs RefreshEvery to follow rotations
// made elsewhere. It is safe for concurrent use.
type Keyring struct {
	cfg    Config
	store  keyStore
	now    func() time.Time
	parser *jwt.Parser

	keys atomic.Pointer[keySet]

	// loadMu serialises loads so an older read never replaces a newer one.
	loadMu        sync.Mutex
	lastKidReload time.Time
}

// keySet is an immutable snapshot of the keyring.
type keySet struct {
	active *signingKey
	byID   map[string]*signingKey
	newest []*signingKey // verifiable keys, newest first
}

// signingKey is one key of the keyring in memory.
type signingKey struct {
	id        string
	private   ed25519.PrivateKey // nil once retired
	public    ed25519.PublicKey
	expiresAt time.Time // zero while the key is active
}

func (sk *signingKey) verifiableAt(t time.Time) bool {
	return sk.expiresAt.IsZero() || t.Before(sk.expiresAt)
}

// NewKeyring loads the keyring from db, creating the first key when there is
// none and rotating the active key when it is older than cfg.RotateAfter.
func NewKeyring(ctx context.Context, db *mongo.Database, cfg Config) (*Keyring, error) {
	return newKeyring(ctx, db, cfg, time.Now)
}

func newKeyring(ctx context.Context, db *mongo.Database, cfg Config, now func() time.Time) (*Keyring, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	k := &Keyring{cfg: cfg, store: newKeyStore(db), now: now}
	k.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{signingAlg}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(now),
	)
	if err := k.store.EnsureIndexes(ctx); err != nil {
		return nil, err
	}
	if err := k.Refresh(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// Refresh reloads the keys from the database, so this process picks up keys
// created or retired elsewhere. It also does the keyring's upkeep: it creates
// a key when there is none, rotates the active key once it is older than
// RotateAfter, records the retirement of superseded keys and deletes keys that
// no longer verify anything.
func (k *Keyring) Refresh(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, false)
}

// Rotate makes a new signing key active and retires the current one, which
// keeps verifying until the tokens it signed have expired. When another
// process rotates at the same moment, its new key is kept instead.
func (k *Keyring) Rotate(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, true)
}

// RefreshEvery calls Refresh every interval (which must be positive) until ctx
// is done, logging failures; the keyring keeps its last keys while the
// database is unreachable.
func (k *Keyring) RefreshEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	every.Run(ctx, interval, log, "refresh signing keys", k.Refresh)
}

// upkeep must be called with loadMu held.
func (k *Keyring) upkeep(ctx context.Context, rotate bool) error {
	now := k.now()
	if err := k.store.deleteExpired(ctx, now); err != nil {
		return err
	}
	docs, err := k.store.all(ctx)
	if err != nil {
		return err
	}
	if len(docs) == 0 || rotate || now.Sub(docs[len(docs)-1].CreatedAt) >= k.cfg.RotateAfter {
		var next int64 = 1
		if len(docs) > 0 {
			next = docs[len(docs)-1].Generation + 1
		}
		d, err := newKeyDoc(next, now)
		if err != nil {
			return err
		}
		if _, err := k.store.insert(ctx, d); err != nil {
			return err
		}
		if docs, err = k.store.all(ctx); err != nil {
			return err
		}
	}
	retired := false
	for i, d := range docs[:len(docs)-1] {
		if d.RetiresAt.IsZero() {
			at := docs[i+1].CreatedAt
			if err := k.store.retire(ctx, d.ID, at, k.expiryAfter(at)); err != nil {
				return err
			}
			retired = true
		}
	}
	if retired {
		if docs, err = k.store.all(ctx); err != nil {
			return err
		}
	}
	return k.install(docs)
}

// reloadForKid loads the keys again when kid may name a key created by another
// process since the last load; it returns the key, or nil when there is none.
func (k *Keyring) reloadForKid(kid string) (*signingKey, error) {
	if _, err := ulid.ParseStrict(kid); err != nil {
		return nil, nil
	}
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	if found := k.keys.Load().byID[kid]; found != nil {
		return found, nil
	}
	if time.Since(k.lastKidReload) < kidReloadGap {
		return nil, nil
	}
	k.lastKidReload = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), kidReloadTimeout)
	defer cancel()
	docs, err := k.store.all(ctx)
	if err != nil {
		return nil, err
	}
	if err := k.install(docs); err != nil {
		return nil, err
	}
	return k.keys.Load().byID[kid], nil
}

// expiryAfter is when a key retired at retiresAt stops verifying: once the
// last token it signed has expired.
func (k *Keyring) expiryAfter(retiresAt time.Time) time.Time {
	return retiresAt.Add(k.cfg.TTL + leeway)
}

// install replaces the in-memory keys with docs, oldest generation first.
// A superseded key whose retirement is not yet recorded retires when its
// successor was created.
func (k *Keyring) install(docs []keyDoc) error {
	if len(docs) == 0 {
		return fmt.Errorf("load signing keys: collection %s is empty", keysCollection)
	}
	now := k.now()
	set := &keySet{byID: make(map[string]*signingKey, len(docs))}
	for i, d := range slices.Backward(docs) {
		sk, err := keyFromDoc(d)
		if err != nil {
			return err
		}
		if i < len(docs)-1 && sk.expiresAt.IsZero() {
			sk.expiresAt = k.expiryAfter(docs[i+1].CreatedAt)
		}
		if !sk.verifiableAt(now) {
			continue
		}
		set.byID[sk.id] = sk
		set.newest = append(set.newest, sk)
	}
	active := docs[len(docs)-1].ID
	set.active = set.byID[active]
	if set.active == nil || set.active.private == nil {
		return fmt.Errorf("load signing keys: active key %s has no private key", active)
	}
	k.keys.Store(set)
	return nil
}

func keyFromDoc(d keyDoc) (*signingKey, error) {
	if d.Alg != signingAlg {
		return nil, fmt.Errorf("load signing key %s: algorithm %q, want %s", d.ID, d.Alg, signingAlg)
	}
	if len(d.PublicKey) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("load signing key %s: public key has %d bytes", d.ID, len(d.PublicKey))
	}
	sk := &signingKey{id: d.ID, public: ed25519.PublicKey(d.PublicKey), expiresAt: d.ExpiresAt}
	if d.PrivateKey != nil {
		if len(d.PrivateKey) != ed25519.SeedSize {
			return nil, fmt.Errorf("load signing key %s: private key has %d bytes", d.ID, len(d.PrivateKey))
		}
		sk.private = ed25519.NewKeyFromSeed(d.PrivateKey)
		if !sk.public.Equal(sk.private.Public()) {
			return nil, fmt.Errorf("load signing key %s: private and public keys do not match", d.ID)
		}
	}
	return sk, nil
}

func newKeyDoc(generation int64, now time.Time) (keyDoc, error) {
	public, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return keyDoc{}, fmt.Errorf("generate signing key: %w", err)
	}
	id, err := ulid.New(ulid.Timestamp(now), rand.Reader)
	if err != nil {
		return keyDoc{}, fmt.Errorf("generate signing key id: %w", err)
	}
	return keyDoc{
		ID:         id.String(),
		Generation: generation,
		Alg:        signingAlg,
		PrivateKey: private.Seed(),
		PublicKey:  public,
		CreatedAt:  now.UTC(),
	}, nil
}

// jwk is one public key in a JSON Web Key Set (RFC 8037 OKP key).
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWKS returns the JSON Web Key Set of every key that still verifies tokens,
// the active key first.
func (k *Keyring) JWKS() []byte {
	now := k.now()
	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: []jwk{}}
	for _, sk := range k.keys.Load().newest {
		if sk.verifiableAt(now) {
			set.Keys = append(set.Keys, jwk{
				Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(sk.public),
				Kid: sk.id, Alg: signingAlg, Use: "sig",
			})
		}
	}
	body, err := json.Marshal(set)
	if err != nil {
		panic(fmt.Sprintf("encode JWKS: %v", err)) // only strings: cannot happen
	}
	return body
}
