// Package mongokit holds the reads every store makes the same way, so a miss
// becomes the same NotFound error and a driver failure names what was read.
package mongokit

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
)

// FindOne decodes the one document of coll matching filter; a miss is an
// apperr NotFound error saying there is no such what.
func FindOne[T any](ctx context.Context, coll *mongo.Collection, filter any, what string, opts ...*options.FindOneOptions) (T, error) {
	var out T
	err := coll.FindOne(ctx, filter, opts...).Decode(&out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return out, apperr.NotFoundf("no such %s", what)
	}
	if err != nil {
		return out, fmt.Errorf("find %s: %w", what, err)
	}
	return out, nil
}

// FindAll decodes every document of coll matching filter; none is an empty
// list, not an error.
func FindAll[T any](ctx context.Context, coll *mongo.Collection, filter any, opts ...*options.FindOptions) ([]T, error) {
	cur, err := coll.Find(ctx, filter, opts...)
	if err != nil {
		return nil, fmt.Errorf("find in %s: %w", coll.Name(), err)
	}
	out := []T{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read from %s: %w", coll.Name(), err)
	}
	return out, nil
}
