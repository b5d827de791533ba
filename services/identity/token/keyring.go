package token

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/guarded"
	"academy/services/kit/keyring"
)

// keysCollection holds one document per signing key.
const keysCollection = "signing_keys"

// ed25519Keys stores an Ed25519 key as its seed and its raw public key.
var ed25519Keys = keyring.Kind[ed25519.PrivateKey, ed25519.PublicKey]{
	Alg: signingAlg,
	Generate: func() ([]byte, []byte, error) {
		public, private, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		return private.Seed(), public, nil
	},
	ParsePublic: func(b []byte) (ed25519.PublicKey, error) {
		if len(b) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("public key has %d bytes", len(b))
		}
		return ed25519.PublicKey(b), nil
	},
	ParsePrivate: func(b []byte, public ed25519.PublicKey) (ed25519.PrivateKey, error) {
		if len(b) != ed25519.SeedSize {
			return nil, fmt.Errorf("private key has %d bytes", len(b))
		}
		private := ed25519.NewKeyFromSeed(b)
		if !public.Equal(private.Public()) {
			return nil, fmt.Errorf("private and public keys do not match")
		}
		return private, nil
	},
}

// Keyring signs access tokens with the active key and verifies them with any
// key that is still verifiable. Keys live in MongoDB so every process of the
// platform shares them; each process runs RefreshEvery to follow rotations
// made elsewhere. It is safe for concurrent use.
type Keyring struct {
	cfg    Config
	keys   *keyring.Keyring[ed25519.PrivateKey, ed25519.PublicKey]
	now    func() time.Time
	parser *jwt.Parser
}

// NewKeyring loads the keyring from db, whose guarded writes go through w,
// creating the first key when there is none and rotating the active key when
// it is older than cfg.RotateAfter. Private keys are sealed by sealer unless
// it is nil.
func NewKeyring(ctx context.Context, db *mongo.Database, w *guarded.Writer, sealer *keyring.Sealer, cfg Config) (*Keyring, error) {
	return newKeyring(ctx, db, w, sealer, cfg, time.Now)
}

func newKeyring(ctx context.Context, db *mongo.Database, w *guarded.Writer, sealer *keyring.Sealer, cfg Config, now func() time.Time) (*Keyring, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	k := &Keyring{cfg: cfg, now: now}
	k.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{signingAlg}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithAudience(cfg.Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(now),
	)
	// A retired key verifies until the last token it signed has expired.
	k.keys, err = keyring.New(ctx, db.Collection(keysCollection), w, ed25519Keys, keyring.Options{
		Name: "signing key", RotateAfter: cfg.RotateAfter, VerifyFor: cfg.TTL + leeway, Sealer: sealer, Now: now,
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// Refresh reloads the keys from the database, so this process picks up keys
// created or retired elsewhere, and does the keyring's upkeep (see
// keyring.Keyring.Refresh).
func (k *Keyring) Refresh(ctx context.Context) error { return k.keys.Refresh(ctx) }

// Rotate makes a new signing key active and retires the current one, which
// keeps verifying until the tokens it signed have expired. When another
// process rotates at the same moment, its new key is kept instead.
func (k *Keyring) Rotate(ctx context.Context) error { return k.keys.Rotate(ctx) }

// RefreshEvery calls Refresh every interval (which must be positive) until ctx
// is done, logging failures; the keyring keeps its last keys while the
// database is unreachable.
func (k *Keyring) RefreshEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	k.keys.RefreshEvery(ctx, interval, log)
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
	set := struct {
		Keys []jwk `json:"keys"`
	}{Keys: []jwk{}}
	for _, key := range k.keys.Verifying() {
		set.Keys = append(set.Keys, jwk{
			Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(key.Public),
			Kid: key.ID, Alg: signingAlg, Use: "sig",
		})
	}
	body, err := json.Marshal(set)
	if err != nil {
		panic(fmt.Sprintf("encode JWKS: %v", err)) // only strings: cannot happen
	}
	return body
}
