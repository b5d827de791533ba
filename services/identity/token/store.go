package token

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// keysCollection holds one document per signing key.
const keysCollection = "signing_keys"

// keyDoc is a signing key as stored. Generation numbers keys in the order they
// became active; its unique index lets exactly one of several processes that
// rotate at once insert the next key. The highest generation is the active key.
type keyDoc struct {
	ID         string    `bson:"_id"`
	Generation int64     `bson:"generation"`
	Alg        string    `bson:"alg"`
	PrivateKey []byte    `bson:"private_key,omitempty"` // Ed25519 seed; removed when the key retires
	PublicKey  []byte    `bson:"public_key"`
	CreatedAt  time.Time `bson:"created_at"`
	RetiresAt  time.Time `bson:"retires_at,omitempty"` // stops signing
	ExpiresAt  time.Time `bson:"expires_at,omitempty"` // stops verifying
}

// keyStore reads and writes the signing_keys collection.
type keyStore struct {
	keys *mongo.Collection
}

func newKeyStore(db *mongo.Database) keyStore {
	return keyStore{keys: db.Collection(keysCollection)}
}

// EnsureIndexes creates the unique index on generation.
func (s keyStore) EnsureIndexes(ctx context.Context) error {
	_, err := s.keys.Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "generation", Value: 1}},
		Options: options.Index().SetUnique(true).SetName("generation_unique"),
	})
	if err != nil {
		return fmt.Errorf("create signing key index: %w", err)
	}
	return nil
}

// all returns every stored key, oldest generation first.
func (s keyStore) all(ctx context.Context) ([]keyDoc, error) {
	cur, err := s.keys.Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "generation", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	var docs []keyDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	return docs, nil
}

// insert stores d; it reports false, without error, when another process
// already inserted a key of the same generation.
func (s keyStore) insert(ctx context.Context, d keyDoc) (bool, error) {
	_, err := s.keys.InsertOne(ctx, d)
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert signing key %s: %w", d.ID, err)
	}
	return true, nil
}

// retire records when key id stopped signing and stopped being verifiable,
// and drops its private half, unless another process retired it first.
func (s keyStore) retire(ctx context.Context, id string, retiresAt, expiresAt time.Time) error {
	_, err := s.keys.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: id}, {Key: "retires_at", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{
			{Key: "$set", Value: bson.D{{Key: "retires_at", Value: retiresAt}, {Key: "expires_at", Value: expiresAt}}},
			{Key: "$unset", Value: bson.D{{Key: "private_key", Value: ""}}},
		})
	if err != nil {
		return fmt.Errorf("retire signing key %s: %w", id, err)
	}
	return nil
}

// deleteExpired removes keys that no longer verify anything.
func (s keyStore) deleteExpired(ctx context.Context, now time.Time) error {
	_, err := s.keys.DeleteMany(ctx, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$lte", Value: now}}}})
	if err != nil {
		return fmt.Errorf("delete expired signing keys: %w", err)
	}
	return nil
}
