package credentials

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"

	"academy/services/kit/every"
)

// keyBits is the size of the RSA keys that sign credentials: RS256 is the
// algorithm every Open Badges 3.0 verifier accepts, and 3072 bits keep it
// sound for the years a credential lives.
const keyBits = 3072

// signingAlg is the JWS algorithm of credentials and status lists.
const signingAlg = "RS256"

// On-demand reloads, triggered by a kid this process has not seen, are
// bounded so forged kids cannot turn into a flood of database reads.
const (
	kidReloadGap     = time.Second
	kidReloadTimeout = 2 * time.Second
)

// Keyring holds the RSA keys that sign credentials. The newest key signs;
// every earlier key keeps its public half forever, because credentials it
// signed stay verifiable for as long as they are valid, which can be years.
// Keys live in MongoDB so every process shares them. It is safe for
// concurrent use.
type Keyring struct {
	store    *Store
	generate func() (*rsa.PrivateKey, error)
	now      func() time.Time

	keys atomic.Pointer[keySet]

	// loadMu serialises loads so an older read never replaces a newer one.
	loadMu        sync.Mutex
	lastKidReload time.Time
}

// keySet is an immutable snapshot of the keyring.
type keySet struct {
	active *signingKey
	byID   map[string]*signingKey
	newest []*signingKey
}

type signingKey struct {
	id      string
	private *rsa.PrivateKey // nil once retired
	public  *rsa.PublicKey
}

// NewKeyring loads the signing keys from the store, creating the first one
// when there is none.
func NewKeyring(ctx context.Context, store *Store) (*Keyring, error) {
	return newKeyring(ctx, store, func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, keyBits) })
}

func newKeyring(ctx context.Context, store *Store, generate func() (*rsa.PrivateKey, error)) (*Keyring, error) {
	k := &Keyring{store: store, generate: generate, now: time.Now}
	if err := k.Refresh(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// Refresh reloads the keys, so this process follows rotations made by
// others, and creates the first key when there is none.
func (k *Keyring) Refresh(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, false)
}

// Rotate makes a new key the signing key and retires the current one, which
// keeps verifying what it signed. When another process rotates at the same
// moment, its key is kept instead.
func (k *Keyring) Rotate(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, true)
}

// RefreshEvery calls Refresh every interval until ctx is done, logging
// failures; the keyring keeps its last keys while the database is unreachable.
func (k *Keyring) RefreshEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	every.Run(ctx, interval, log, "refresh credential signing keys", k.Refresh)
}

// upkeep must be called with loadMu held.
func (k *Keyring) upkeep(ctx context.Context, rotate bool) error {
	docs, err := k.store.allKeys(ctx)
	if err != nil {
		return err
	}
	if len(docs) == 0 || rotate {
		var next int64 = 1
		if len(docs) > 0 {
			next = docs[len(docs)-1].Generation + 1
		}
		d, err := k.newKeyDoc(next)
		if err != nil {
			return err
		}
		if err := k.store.insertKey(ctx, d); err != nil {
			return err
		}
		if docs, err = k.store.allKeys(ctx); err != nil {
			return err
		}
	}
	for _, d := range docs[:len(docs)-1] {
		if d.RetiredAt.IsZero() {
			if err := k.store.retireKey(ctx, d.ID, k.now()); err != nil {
				return err
			}
		}
	}
	return k.install(docs)
}

// reloadForKid loads the keys again when kid may name a key created by
// another process since the last load; it returns nil when there is none.
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
	docs, err := k.store.allKeys(ctx)
	if err != nil {
		return nil, err
	}
	if err := k.install(docs); err != nil {
		return nil, err
	}
	return k.keys.Load().byID[kid], nil
}

// install replaces the in-memory keys with docs, oldest generation first;
// the newest is the signing key.
func (k *Keyring) install(docs []keyDoc) error {
	if len(docs) == 0 {
		return fmt.Errorf("load credential signing keys: collection %s is empty", keysCollection)
	}
	set := &keySet{byID: make(map[string]*signingKey, len(docs))}
	for i := len(docs) - 1; i >= 0; i-- {
		sk, err := keyFromDoc(docs[i], i == len(docs)-1)
		if err != nil {
			return err
		}
		set.byID[sk.id] = sk
		set.newest = append(set.newest, sk)
	}
	set.active = set.newest[0]
	if set.active.private == nil {
		return fmt.Errorf("load credential signing keys: newest key %s has no private key", set.active.id)
	}
	k.keys.Store(set)
	return nil
}

func keyFromDoc(d keyDoc, signs bool) (*signingKey, error) {
	if d.Alg != signingAlg {
		return nil, fmt.Errorf("load credential signing key %s: algorithm %q, want %s", d.ID, d.Alg, signingAlg)
	}
	pub, err := x509.ParsePKIXPublicKey(d.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("load credential signing key %s: %w", d.ID, err)
	}
	rsaPub, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("load credential signing key %s: public key is %T, not RSA", d.ID, pub)
	}
	sk := &signingKey{id: d.ID, public: rsaPub}
	if signs && d.PrivateKey != nil {
		priv, err := x509.ParsePKCS8PrivateKey(d.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("load credential signing key %s: %w", d.ID, err)
		}
		rsaPriv, ok := priv.(*rsa.PrivateKey)
		if !ok || !rsaPriv.PublicKey.Equal(rsaPub) {
			return nil, fmt.Errorf("load credential signing key %s: private and public keys do not match", d.ID)
		}
		sk.private = rsaPriv
	}
	return sk, nil
}

func (k *Keyring) newKeyDoc(generation int64) (keyDoc, error) {
	priv, err := k.generate()
	if err != nil {
		return keyDoc{}, fmt.Errorf("generate credential signing key: %w", err)
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return keyDoc{}, fmt.Errorf("encode credential signing key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return keyDoc{}, fmt.Errorf("encode credential signing key: %w", err)
	}
	now := k.now().UTC()
	return keyDoc{
		ID: ulid.MustNew(ulid.Timestamp(now), rand.Reader).String(), Generation: generation, Alg: signingAlg,
		PrivateKey: privDER, PublicKey: pubDER, CreatedAt: now,
	}, nil
}

// signer returns the signing key and its id.
func (k *Keyring) signer() (string, *rsa.PrivateKey) {
	set := k.keys.Load()
	return set.active.id, set.active.private
}

// publicKey returns the public key with the given id, looking in the
// database once when this process does not know it yet.
func (k *Keyring) publicKey(id string) (*rsa.PublicKey, bool, error) {
	if sk := k.keys.Load().byID[id]; sk != nil {
		return sk.public, true, nil
	}
	sk, err := k.reloadForKid(id)
	if err != nil || sk == nil {
		return nil, false, err
	}
	return sk.public, true, nil
}

// publishedKey is a public key with its id.
type publishedKey struct {
	id  string
	key *rsa.PublicKey
}

// published lists every public key, the signing key first.
func (k *Keyring) published() []publishedKey {
	set := k.keys.Load()
	out := make([]publishedKey, len(set.newest))
	for i, sk := range set.newest {
		out[i] = publishedKey{id: sk.id, key: sk.public}
	}
	return out
}
