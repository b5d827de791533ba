// Package mongokit holds the reads every store makes the same way, so a miss
// becomes the same NotFound error and a driver failure names what was read.
package mongokit

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
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

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

// CreateCollection makes collection name of db unless it exists. A
// collection read by _id only must exist before the embedded database's _id
// lookups are indexed at start.
func CreateCollection(ctx context.Context, db *mongo.Database, name string) error {
	err := db.CreateCollection(ctx, name)
	var ce mongo.CommandError
	if err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
		return fmt.Errorf("create %s: %w", name, err)
	}
	return nil
}

// DeleteByID deletes the documents of coll with these ids in one bulk
// write, each by _id: a filter on several ids would read the whole
// collection on the embedded database.
func DeleteByID(ctx context.Context, coll *mongo.Collection, ids []string) error {
	_, err := deleteByID(ctx, coll, ids)
	return err
}

// deleteByID is DeleteByID for ids of any type, returning how many it deleted.
func deleteByID[ID any](ctx context.Context, coll *mongo.Collection, ids []ID) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	deletes := make([]mongo.WriteModel, len(ids))
	for i, id := range ids {
		deletes[i] = mongo.NewDeleteOneModel().SetFilter(bson.M{"_id": id})
	}
	res, err := coll.BulkWrite(ctx, deletes, options.BulkWrite().SetOrdered(false))
	if err != nil {
		return 0, err
	}
	return int(res.DeletedCount), nil
}

// updatesPerRequest is how many updates one request of BulkUpdate carries:
// the embedded database (FerretDB v1) holds one of its 100 pooled
// connections for each update of a request that finds its document, until
// the request ends, and waits for ever for the 101st.
const updatesPerRequest = 40

// BulkUpdate applies models, updates and replacements, unordered, as one
// bulk write would, in requests of a few each; each model must be one that
// may be applied twice (it sets what it sets). The embedded database stops
// a request at its first failing update and does not say which one: a
// request that fails is tried again a model at a time, so that every
// model is tried, and the write errors of all come back as one
// mongo.BulkWriteException, each at its index in models.
func BulkUpdate(ctx context.Context, coll *mongo.Collection, models []mongo.WriteModel) error {
	var failed mongo.BulkWriteException
	for from := 0; from < len(models); from += updatesPerRequest {
		chunk := models[from:min(from+updatesPerRequest, len(models))]
		wes, err := bulkWriteErrors(ctx, coll, chunk)
		if err != nil {
			return err
		}
		if len(wes) == 0 {
			continue
		}
		for i := range chunk {
			wes, err := bulkWriteErrors(ctx, coll, chunk[i:i+1])
			if err != nil {
				return err
			}
			for _, we := range wes {
				we.Index = from + i
				failed.WriteErrors = append(failed.WriteErrors, we)
			}
		}
	}
	if len(failed.WriteErrors) > 0 {
		return failed
	}
	return nil
}

// bulkWriteErrors applies models in one unordered bulk write and returns
// its write errors apart from any other error.
func bulkWriteErrors(ctx context.Context, coll *mongo.Collection, models []mongo.WriteModel) ([]mongo.BulkWriteError, error) {
	_, err := coll.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	var bwe mongo.BulkWriteException
	if errors.As(err, &bwe) && bwe.WriteConcernError == nil && len(bwe.WriteErrors) > 0 {
		return bwe.WriteErrors, nil
	}
	return nil, err
}

// DeleteMatching deletes every document of coll matching filter, a batch
// at a time, and returns how many it deleted. One delete by filter would do
// on MongoDB; the embedded database deletes what a filter finds in one SQL
// statement with a variable per document, which SQLite refuses over 32,766,
// so a collection grown past that would never shrink.
func DeleteMatching(ctx context.Context, coll *mongo.Collection, filter any) (int, error) {
	n := 0
	for {
		found, err := FindAll[struct {
			ID any `bson:"_id"`
		}](ctx, coll, filter, options.Find().SetProjection(bson.M{"_id": 1}).SetLimit(deleteBatch))
		if err != nil || len(found) == 0 {
			return n, err
		}
		ids := make([]any, len(found))
		for i, d := range found {
			ids[i] = d.ID
		}
		deleted, err := deleteByID(ctx, coll, ids)
		if err != nil {
			return n, fmt.Errorf("delete from %s: %w", coll.Name(), err)
		}
		n += deleted
		if len(found) < deleteBatch {
			return n, nil
		}
	}
}

// deleteBatch is how many documents DeleteMatching deletes in one request.
const deleteBatch = 1000

// InsertNew inserts docs in one unordered write, which the embedded
// database makes one transaction where a write per document costs one
// each, and returns the indexes of those not inserted because a document
// with their _id exists; any other failure is an error.
func InsertNew(ctx context.Context, coll *mongo.Collection, docs []any) ([]int, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	_, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	var bwe mongo.BulkWriteException
	switch {
	case err == nil:
		return nil, nil
	case !errors.As(err, &bwe) || bwe.WriteConcernError != nil:
		return nil, err
	}
	taken := make([]int, 0, len(bwe.WriteErrors))
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return nil, we
		}
		taken = append(taken, we.Index)
	}
	return taken, nil
}
