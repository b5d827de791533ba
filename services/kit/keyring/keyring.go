// Package keyring keeps rotating signing keys in a MongoDB collection that
// every process of the platform shares. The newest key signs; earlier keys
// keep verifying what they signed for as long as that lives, and lose their
// private half when they retire. Access tokens and credentials each keep one
// keyring, of their own kind of key.
package keyring

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/every"
	"academy/services/kit/guarded"
	"academy/services/kit/mongoserver"
)

// On-demand reloads, triggered by a kid this process has not seen, are
// bounded so forged kids cannot turn into a flood of database reads.
const (
	kidReloadGap     = time.Second
	kidReloadTimeout = 2 * time.Second
)

// Kind is one kind of signing key: how it is made and how its stored halves
// are read back.
type Kind[Priv, Pub any] struct {
	// Alg is the JWS algorithm the keys sign with, stored with each key and
	// checked when it is loaded.
	Alg string
	// Generate makes a new key and returns its encoded private and public halves.
	Generate func() (private, public []byte, err error)
	// ParsePublic decodes a stored public half.
	ParsePublic func(public []byte) (Pub, error)
	// ParsePrivate decodes a stored private half, failing when it does not
	// belong to public.
	ParsePrivate func(private []byte, public Pub) (Priv, error)
}

// Options say how the keys of a keyring live.
type Options struct {
	// Name says what the keys sign, for messages ("credential signing key").
	Name string
	// RotateAfter is the age at which the signing key is replaced; zero
	// rotates only on Rotate.
	RotateAfter time.Duration
	// VerifyFor is how long a retired key keeps verifying; zero keeps it
	// verifying forever.
	VerifyFor time.Duration
	// Sealer, when set, seals private keys before they are stored and seals
	// those stored in the clear; nil stores them as they are.
	Sealer *Sealer
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Key is one key of a keyring.
type Key[Priv, Pub any] struct {
	ID        string
	Private   Priv // set only on the signing key
	Public    Pub
	ExpiresAt time.Time // when it stops verifying; zero while it has no end
}

// VerifiableAt reports whether the key still verifies at t.
func (k Key[Priv, Pub]) VerifiableAt(t time.Time) bool {
	return k.ExpiresAt.IsZero() || t.Before(k.ExpiresAt)
}

// Keyring signs with its newest key and verifies with every key still
// verifiable. It is safe for concurrent use.
type Keyring[Priv, Pub any] struct {
	kind  Kind[Priv, Pub]
	opts  Options
	store store

	keys atomic.Pointer[keySet[Priv, Pub]]

	// loadMu serialises loads so an older read never replaces a newer one.
	loadMu        sync.Mutex
	lastKidReload time.Time
}

// keySet is an immutable snapshot of the keyring.
type keySet[Priv, Pub any] struct {
	active Key[Priv, Pub]
	byID   map[string]Key[Priv, Pub]
	newest []Key[Priv, Pub] // verifiable keys, newest first
}

// New loads the keyring kept in coll, whose guarded writes go through w,
// after doing its upkeep: it creates the first key when there is none,
// rotates a key older than RotateAfter and seals private keys stored in the
// clear when a Sealer is set.
func New[Priv, Pub any](ctx context.Context, coll *mongo.Collection, w *guarded.Writer, kind Kind[Priv, Pub], opts Options) (*Keyring[Priv, Pub], error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	k := &Keyring[Priv, Pub]{kind: kind, opts: opts, store: store{keys: coll, guard: w}}
	err := mongoserver.EnsureIndexes(ctx, coll, mongo.IndexModel{
		Keys: bson.D{{Key: "generation", Value: 1}}, Options: options.Index().SetUnique(true).SetName("generation_unique"),
	})
	if err != nil {
		return nil, fmt.Errorf("create %s index: %w", opts.Name, err)
	}
	if err := k.Refresh(ctx); err != nil {
		return nil, err
	}
	return k, nil
}

// Refresh reloads the keys, so this process follows rotations made by
// others, and does the keyring's upkeep: it creates a key when there is none,
// rotates the signing key once it is older than RotateAfter, records the
// retirement of superseded keys and deletes keys that no longer verify.
func (k *Keyring[Priv, Pub]) Refresh(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, false)
}

// Rotate makes a new key the signing key and retires the current one, which
// keeps verifying for VerifyFor. When another process rotates at the same
// moment, its key is kept instead.
func (k *Keyring[Priv, Pub]) Rotate(ctx context.Context) error {
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	return k.upkeep(ctx, true)
}

// RefreshEvery calls Refresh every interval (which must be positive) until
// ctx is done, logging failures; the keyring keeps its last keys while the
// database is unreachable.
func (k *Keyring[Priv, Pub]) RefreshEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	every.Run(ctx, interval, log, "refresh "+k.opts.Name+"s", k.Refresh)
}

// Signer returns the key that signs.
func (k *Keyring[Priv, Pub]) Signer() Key[Priv, Pub] {
	return k.keys.Load().active
}

// Verifying lists the keys that verify now, the signing key first.
func (k *Keyring[Priv, Pub]) Verifying() []Key[Priv, Pub] {
	now := k.opts.Now()
	var out []Key[Priv, Pub]
	for _, key := range k.keys.Load().newest {
		if key.VerifiableAt(now) {
			out = append(out, key)
		}
	}
	return out
}

// Lookup returns the key with this id, loading the keys again (at most once
// a second) when the id may name a key another process created since.
func (k *Keyring[Priv, Pub]) Lookup(id string) (Key[Priv, Pub], bool, error) {
	if key, ok := k.keys.Load().byID[id]; ok {
		return key, true, nil
	}
	return k.reloadFor(id)
}

func (k *Keyring[Priv, Pub]) reloadFor(id string) (Key[Priv, Pub], bool, error) {
	var none Key[Priv, Pub]
	if _, err := ulid.ParseStrict(id); err != nil {
		return none, false, nil
	}
	k.loadMu.Lock()
	defer k.loadMu.Unlock()
	if key, ok := k.keys.Load().byID[id]; ok {
		return key, true, nil
	}
	if time.Since(k.lastKidReload) < kidReloadGap {
		return none, false, nil
	}
	k.lastKidReload = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), kidReloadTimeout)
	defer cancel()
	docs, err := k.store.all(ctx, k.opts.Name)
	if err != nil {
		return none, false, err
	}
	if err := k.install(docs); err != nil {
		return none, false, err
	}
	key, ok := k.keys.Load().byID[id]
	return key, ok, nil
}

// upkeep must be called with loadMu held.
func (k *Keyring[Priv, Pub]) upkeep(ctx context.Context, rotate bool) error {
	now := k.opts.Now()
	if err := k.store.deleteExpired(ctx, now, k.opts.Name); err != nil {
		return err
	}
	docs, err := k.store.all(ctx, k.opts.Name)
	if err != nil {
		return err
	}
	if len(docs) == 0 || rotate || (k.opts.RotateAfter > 0 && now.Sub(docs[len(docs)-1].CreatedAt) >= k.opts.RotateAfter) {
		var next int64 = 1
		if len(docs) > 0 {
			next = docs[len(docs)-1].Generation + 1
		}
		d, err := k.newKeyDoc(next, now)
		if err != nil {
			return err
		}
		if err := k.store.insert(ctx, d, k.opts.Name); err != nil {
			return err
		}
		if docs, err = k.store.all(ctx, k.opts.Name); err != nil {
			return err
		}
	}
	changed := false
	for i, d := range docs {
		if i < len(docs)-1 && !d.retired() {
			at := docs[i+1].CreatedAt
			if err := k.store.retire(ctx, d.ID, at, k.expiryAfter(at), k.opts.Name); err != nil {
				return err
			}
			changed = true
			continue
		}
		if d.PrivateKey != nil && k.opts.Sealer != nil {
			if err := k.store.seal(ctx, d.ID, k.opts.Sealer.seal(d.ID, d.PrivateKey), k.opts.Name); err != nil {
				return err
			}
			changed = true
		}
	}
	if changed {
		if docs, err = k.store.all(ctx, k.opts.Name); err != nil {
			return err
		}
	}
	return k.install(docs)
}

// expiryAfter is when a key retired at retiresAt stops verifying, or zero
// when it never does.
func (k *Keyring[Priv, Pub]) expiryAfter(retiresAt time.Time) time.Time {
	if k.opts.VerifyFor == 0 {
		return time.Time{}
	}
	return retiresAt.Add(k.opts.VerifyFor)
}

// install replaces the in-memory keys with docs, oldest generation first. A
// superseded key whose retirement is not yet recorded retired when its
// successor was created.
func (k *Keyring[Priv, Pub]) install(docs []keyDoc) error {
	if len(docs) == 0 {
		return fmt.Errorf("load %ss: collection %s is empty", k.opts.Name, k.store.keys.Name())
	}
	now := k.opts.Now()
	set := &keySet[Priv, Pub]{byID: make(map[string]Key[Priv, Pub], len(docs))}
	for i, d := range slices.Backward(docs) {
		signs := i == len(docs)-1
		key, err := k.keyFromDoc(d, signs)
		if err != nil {
			return err
		}
		if !signs && key.ExpiresAt.IsZero() {
			key.ExpiresAt = k.expiryAfter(docs[i+1].CreatedAt)
		}
		if signs {
			set.active = key
		} else if !key.VerifiableAt(now) {
			continue
		}
		set.byID[key.ID] = key
		set.newest = append(set.newest, key)
	}
	k.keys.Store(set)
	return nil
}

func (k *Keyring[Priv, Pub]) keyFromDoc(d keyDoc, signs bool) (Key[Priv, Pub], error) {
	key := Key[Priv, Pub]{ID: d.ID, ExpiresAt: d.ExpiresAt}
	if d.Alg != k.kind.Alg {
		return key, fmt.Errorf("load %s %s: algorithm %q, want %s", k.opts.Name, d.ID, d.Alg, k.kind.Alg)
	}
	var err error
	if key.Public, err = k.kind.ParsePublic(d.PublicKey); err != nil {
		return key, fmt.Errorf("load %s %s: %w", k.opts.Name, d.ID, err)
	}
	if !signs {
		return key, nil
	}
	private := d.PrivateKey
	switch {
	case d.SealedPrivateKey != nil && k.opts.Sealer == nil:
		return key, fmt.Errorf("load %s %s: %w", k.opts.Name, d.ID, ErrSealed)
	case d.SealedPrivateKey != nil:
		if private, err = k.opts.Sealer.open(d.ID, d.SealedPrivateKey); err != nil {
			return key, fmt.Errorf("load %s %s: %w", k.opts.Name, d.ID, err)
		}
	case private == nil:
		return key, fmt.Errorf("load %s %s: the signing key has no private key", k.opts.Name, d.ID)
	}
	if key.Private, err = k.kind.ParsePrivate(private, key.Public); err != nil {
		return key, fmt.Errorf("load %s %s: %w", k.opts.Name, d.ID, err)
	}
	return key, nil
}

func (k *Keyring[Priv, Pub]) newKeyDoc(generation int64, now time.Time) (keyDoc, error) {
	private, public, err := k.kind.Generate()
	if err != nil {
		return keyDoc{}, fmt.Errorf("generate %s: %w", k.opts.Name, err)
	}
	id, err := ulid.New(ulid.Timestamp(now), rand.Reader)
	if err != nil {
		return keyDoc{}, fmt.Errorf("generate %s id: %w", k.opts.Name, err)
	}
	d := keyDoc{ID: id.String(), Generation: generation, Alg: k.kind.Alg, PublicKey: public, CreatedAt: now.UTC()}
	if k.opts.Sealer != nil {
		d.SealedPrivateKey = k.opts.Sealer.seal(d.ID, private)
	} else {
		d.PrivateKey = private
	}
	return d, nil
}
