// Package owned keeps, for each owner, the ids of the documents they own in a
// collection, in one document read by _id. On the embedded database a query
// by owner decodes the whole collection; "my enrolments" or "my credentials"
// read the owner's list instead and then each document by _id.
package owned

import (
	"context"
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

// list is an owner's list.
type list struct {
	ID  string   `bson:"_id"`
	IDs []string `bson:"ids"`
}

// backfilledID names the document that records, in the lists' collection,
// that the documents written before the lists were kept are on their
// owners' lists. Owners' ids are never empty.
const backfilledID = ""

// backfillBatch is how many owners' lists one bulk write completes.
const backfillBatch = 500

// Create makes the lists' collection (read by _id only, it must exist before
// the embedded database's _id lookups are indexed at start) and, the first
// time, puts the documents of the source written before lists were kept on
// their owners' lists, in one pass. From then on a list answers alone and an
// owner without one owns nothing: no read queries the source, which the
// embedded database would decode whole.
func (l *Lists) Create(ctx context.Context) error {
	if err := mongokit.CreateCollection(ctx, l.coll.Database(), l.coll.Name()); err != nil {
		return err
	}
	_, err := mongokit.FindOne[list](ctx, l.coll, bson.M{"_id": backfilledID}, l.coll.Name())
	if err == nil || !apperr.Is(err, apperr.NotFound) {
		return err
	}
	cur, err := l.source.Find(ctx, bson.M{l.field: bson.M{"$exists": true}}, options.Find().SetProjection(bson.M{"_id": 1, l.field: 1}))
	if err != nil {
		return fmt.Errorf("list the documents of %s: %w", l.source.Name(), err)
	}
	var docs []bson.M
	if err := cur.All(ctx, &docs); err != nil {
		return fmt.Errorf("list the documents of %s: %w", l.source.Name(), err)
	}
	byOwner := map[string][]string{}
	for _, d := range docs {
		owner, _ := d[l.field].(string)
		id, _ := d["_id"].(string)
		if owner != "" && id != "" {
			byOwner[owner] = append(byOwner[owner], id)
		}
	}
	var models []mongo.WriteModel
	for owner, ids := range byOwner {
		models = append(models, mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": owner}).
			SetUpdate(bson.M{"$addToSet": bson.M{"ids": bson.M{"$each": ids}}}).SetUpsert(true))
	}
	for from := 0; from < len(models); from += backfillBatch {
		batch := models[from:min(from+backfillBatch, len(models))]
		err := mongokit.BulkUpdate(ctx, l.coll, batch)
		if mongo.IsDuplicateKeyError(err) {
			// An Add created one of these lists between the update's miss and its insert: the update now finds it.
			err = mongokit.BulkUpdate(ctx, l.coll, batch)
		}
		if err != nil {
			return fmt.Errorf("list the documents of %s in %s: %w", l.source.Name(), l.coll.Name(), err)
		}
	}
	if _, err := l.coll.UpdateOne(ctx, bson.M{"_id": backfilledID}, bson.M{"$set": bson.M{"ids": bson.A{}}}, options.Update().SetUpsert(true)); err != nil {
		return fmt.Errorf("mark %s complete: %w", l.coll.Name(), err)
	}
	return nil
}

// Add records that owner owns document id; adding it again changes nothing.
// Call it once the document is written, so that a backfill running meanwhile
// misses nothing.
func (l *Lists) Add(ctx context.Context, owner, id string) error {
	if _, err := l.guard.Upsert(ctx, l.coll, owner, nil, bson.M{"$addToSet": bson.M{"ids": id}}, nil); err != nil {
		return fmt.Errorf("add %s to the %s of %s: %w", id, l.coll.Name(), owner, err)
	}
	return nil
}

// IDs returns the ids of the documents owner owns, in the order they were
// added.
func (l *Lists) IDs(ctx context.Context, owner string) ([]string, error) {
	d, err := mongokit.FindOne[list](ctx, l.coll, bson.M{"_id": owner}, l.coll.Name())
	if apperr.Is(err, apperr.NotFound) {
		return []string{}, nil
	}
	if err != nil {
		return nil, err
	}
	return nonNil(d.IDs), nil
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
