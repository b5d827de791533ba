package keyring

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/guarded"
)

// keyDoc is a key as stored. Generation numbers keys in the order they
// became the signing key; its unique index lets exactly one of several
// processes that rotate at once insert the next key. The highest generation
// signs.
type keyDoc struct {
	ID               string    `bson:"_id"`
	Generation       int64     `bson:"generation"`
	Alg              string    `bson:"alg"`
	PrivateKey       []byte    `bson:"private_key,omitempty"`        // in the clear; removed when the key retires
	SealedPrivateKey []byte    `bson:"sealed_private_key,omitempty"` // sealed by a Sealer; removed when the key retires
	PublicKey        []byte    `bson:"public_key"`
	CreatedAt        time.Time `bson:"created_at"`
	RetiresAt        time.Time `bson:"retires_at,omitempty"` // stops signing
	ExpiresAt        time.Time `bson:"expires_at,omitempty"` // stops verifying
	// RetiredAt is where credential keys stored before this package recorded
	// their retirement.
	RetiredAt time.Time `bson:"retired_at,omitempty"`
}

func (d keyDoc) retired() bool { return !d.RetiresAt.IsZero() || !d.RetiredAt.IsZero() }

// notRetired is the guard of a retirement: it happens once.
var notRetired = bson.M{"retires_at": bson.M{"$exists": false}, "retired_at": bson.M{"$exists": false}}

// store reads and writes a keyring's collection.
type store struct {
	keys  *mongo.Collection
	guard *guarded.Writer
}

// all returns every stored key, oldest generation first.
func (s store) all(ctx context.Context, name string) ([]keyDoc, error) {
	cur, err := s.keys.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "generation", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("load %ss: %w", name, err)
	}
	var docs []keyDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("load %ss: %w", name, err)
	}
	return docs, nil
}

// insert stores d; another process having inserted a key of the same
// generation first is not an error.
func (s store) insert(ctx context.Context, d keyDoc, name string) error {
	_, err := s.keys.InsertOne(ctx, d)
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("insert %s %s: %w", name, d.ID, err)
	}
	return nil
}

// retire records when key id stopped signing and when it stops verifying
// (never, for a zero expiresAt), and drops its private half, unless another
// process retired it first.
func (s store) retire(ctx context.Context, id string, retiresAt, expiresAt time.Time, name string) error {
	set := bson.M{"retires_at": retiresAt.UTC()}
	if !expiresAt.IsZero() {
		set["expires_at"] = expiresAt.UTC()
	}
	_, err := s.guard.Update(ctx, s.keys, id, notRetired,
		bson.M{"$set": set, "$unset": bson.M{"private_key": "", "sealed_private_key": ""}})
	if err != nil {
		return fmt.Errorf("retire %s %s: %w", name, id, err)
	}
	return nil
}

// seal replaces the private key stored in the clear by its sealed form,
// unless another process did first or the key retired meanwhile.
func (s store) seal(ctx context.Context, id string, sealed []byte, name string) error {
	guard := bson.M{"private_key": bson.M{"$exists": true}}
	for k, v := range notRetired {
		guard[k] = v
	}
	_, err := s.guard.Update(ctx, s.keys, id, guard,
		bson.M{"$set": bson.M{"sealed_private_key": sealed}, "$unset": bson.M{"private_key": ""}})
	if err != nil {
		return fmt.Errorf("seal %s %s: %w", name, id, err)
	}
	return nil
}

// deleteExpired removes keys that no longer verify anything.
func (s store) deleteExpired(ctx context.Context, now time.Time, name string) error {
	_, err := s.keys.DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}})
	if err != nil {
		return fmt.Errorf("delete expired %ss: %w", name, err)
	}
	return nil
}
