// Package owned keeps, for each owner, the ids of the documents they own in a
// collection, in one document read by _id. On the embedded database a query
// by owner decodes the whole collection; "my enrolments" or "my credentials"
// read the owner's list instead and then each document by _id.
package owned

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
)

// Lists holds the lists of one kind of owned document.
type Lists struct {
	guard  *guarded.Writer
	coll   *mongo.Collection
	source *mongo.Collection
	field  string
}

// New returns the lists kept in collection name of db, of the documents of
// source whose field names their owner.
func New(db *mongo.Database, w *guarded.Writer, name string, source *mongo.Collection, field string) *Lists {
	return &Lists{guard: w, coll: db.Collection(name), source: source, field: field}
}

// list is an owner's list. Complete is set once the documents written before
// lists were kept have been added.
type list struct {
	ID       string   `bson:"_id"`
	IDs      []string `bson:"ids"`
	Complete bool     `bson:"complete"`
}

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

// Create makes the lists' collection: read by _id only, it must exist before
// the embedded database's _id lookups are indexed at start.
func (l *Lists) Create(ctx context.Context) error {
	err := l.coll.Database().CreateCollection(ctx, l.coll.Name())
	var ce mongo.CommandError
	if err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
		return fmt.Errorf("create %s: %w", l.coll.Name(), err)
	}
	return nil
}

// Add records that owner owns document id; adding it again changes nothing.
// Call it once the document is written, so that a list completed meanwhile
// misses nothing.
func (l *Lists) Add(ctx context.Context, owner, id string) error {
	if _, err := l.guard.Upsert(ctx, l.coll, owner, nil, bson.M{"$addToSet": bson.M{"ids": id}}, nil); err != nil {
		return fmt.Errorf("add %s to the %s of %s: %w", id, l.coll.Name(), owner, err)
	}
	return nil
}

// IDs returns the ids of the documents owner owns, in the order they were
// added. An owner's first read finds the documents written before lists
// were kept by querying the source once.
func (l *Lists) IDs(ctx context.Context, owner string) ([]string, error) {
	d, err := mongokit.FindOne[list](ctx, l.coll, bson.M{"_id": owner}, l.coll.Name())
	if err == nil && d.Complete {
		return nonNil(d.IDs), nil
	}
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return nil, err
	}
	type idOnly struct {
		ID string `bson:"_id"`
	}
	found, err := mongokit.FindAll[idOnly](ctx, l.source, bson.M{l.field: owner},
		options.Find().SetProjection(bson.M{"_id": 1}).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(found))
	for i, f := range found {
		ids[i] = f.ID
	}
	var out list
	if _, err := l.guard.Upsert(ctx, l.coll, owner, nil,
		bson.M{"$addToSet": bson.M{"ids": bson.M{"$each": ids}}, "$set": bson.M{"complete": true}}, &out); err != nil {
		return nil, fmt.Errorf("complete the %s of %s: %w", l.coll.Name(), owner, err)
	}
	return nonNil(out.IDs), nil
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// Delete forgets owner's list, once the documents on it are deleted.
func (l *Lists) Delete(ctx context.Context, owner string) error {
	if _, err := l.coll.DeleteOne(ctx, bson.M{"_id": owner}); err != nil {
		return fmt.Errorf("delete the %s of %s: %w", l.coll.Name(), owner, err)
	}
	return nil
}
