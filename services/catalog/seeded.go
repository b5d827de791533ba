package catalog

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/mongokit"
)

// The taxonomies (skills, occupations) are written in bulk by the seed and
// the imports, each record with the hash of the content it came from, so
// that a seed again rewrites only what changed.

// seedHashes returns the seed hash of every record of coll by id.
func seedHashes(ctx context.Context, coll *mongo.Collection) (map[string]string, error) {
	type hashed struct {
		ID       string `bson:"_id"`
		SeedHash string `bson:"seed_hash"`
	}
	list, err := mongokit.FindAll[hashed](ctx, coll, bson.M{}, options.Find().SetProjection(bson.M{"seed_hash": 1}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(list))
	for _, r := range list {
		out[r.ID] = r.SeedHash
	}
	return out, nil
}

// putSeeded stores records in coll: those in exists replace the stored
// ones, the others are inserted in one batch, much faster than upserts one
// by one.
func putSeeded[R any](ctx context.Context, coll *mongo.Collection, records []R, exists func(id string) bool, idOf func(R) string) error {
	var inserts []any
	var replaces []mongo.WriteModel
	for _, r := range records {
		if id := idOf(r); exists(id) {
			replaces = append(replaces, mongo.NewReplaceOneModel().SetFilter(bson.M{"_id": id}).SetReplacement(r).SetUpsert(true))
		} else {
			inserts = append(inserts, r)
		}
	}
	if len(inserts) > 0 {
		if _, err := coll.InsertMany(ctx, inserts, options.InsertMany().SetOrdered(false)); err != nil {
			return fmt.Errorf("insert %d into %s: %w", len(inserts), coll.Name(), err)
		}
	}
	if len(replaces) > 0 {
		if err := mongokit.BulkUpdate(ctx, coll, replaces); err != nil {
			return fmt.Errorf("replace %d in %s: %w", len(replaces), coll.Name(), err)
		}
	}
	return nil
}
