// Package mongoserver adapts the stores to the MongoDB-wire server they run
// on: MongoDB itself, or FerretDB (the embedded database), which differs in
// what its indexes are good for.
package mongoserver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

var ferret sync.Map // *mongo.Client → bool

// IsFerretDB reports whether db's server is FerretDB; it asks each client's
// server once.
func IsFerretDB(ctx context.Context, db *mongo.Database) (bool, error) {
	if v, ok := ferret.Load(db.Client()); ok {
		return v.(bool), nil
	}
	var info bson.M
	if err := db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return false, fmt.Errorf("ask the database server what it is: %w", err)
	}
	_, is := info["ferretdbVersion"]
	ferret.Store(db.Client(), is)
	return is, nil
}

// EnsureIndexes creates the indexes of coll one at a time: FerretDB fails a
// createIndexes command that mixes existing and new indexes. On FerretDB it
// creates only the unique ones. FerretDB filters documents itself and never
// uses a secondary index to answer a query, so another index would only
// slow every write down; a unique index still keeps its promise there.
func EnsureIndexes(ctx context.Context, coll *mongo.Collection, models ...mongo.IndexModel) error {
	onFerret, err := IsFerretDB(ctx, coll.Database())
	if err != nil {
		return err
	}
	for _, m := range models {
		if onFerret && !unique(m) {
			continue
		}
		if _, err := coll.Indexes().CreateOne(ctx, m); err != nil {
			return fmt.Errorf("create indexes on %s: %w", coll.Name(), err)
		}
	}
	return nil
}

func unique(m mongo.IndexModel) bool {
	return m.Options != nil && m.Options.Unique != nil && *m.Options.Unique
}

// IsDuplicateKey reports whether err is a write refused by a unique index.
// MongoDB says so with code 11000 for every write; FerretDB does for inserts
// but answers an update or replace that breaks a unique index with an
// InternalError carrying SQLite's message.
func IsDuplicateKey(err error) bool {
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	var ce mongo.CommandError
	return errors.As(err, &ce) && ce.Name == "InternalError" && strings.Contains(ce.Message, "UNIQUE constraint failed")
}
