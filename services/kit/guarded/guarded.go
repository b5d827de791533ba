// Package guarded applies single-document writes that happen only while the
// document is in the state the caller expects (its guard): the way every
// store keeps data safe without transactions.
//
// On MongoDB the guard joins the filter and the server applies both
// atomically. FerretDB v1 (the embedded database) can do neither well: its
// SQLite backend reads and decodes every document of the collection for any
// filter but a bare {_id}, and it writes the updated document back without
// checking the filter again, so two guarded updates racing on one document
// can both apply. On FerretDB a Writer therefore serialises the writes to
// each document within this process, reads the document by _id, checks the
// guard itself and updates by _id: one indexed read and one write, atomic
// because the embedded database has this process as its only writer.
package guarded

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/mongoserver"
)

// Writer applies guarded writes to the documents of one database server.
type Writer struct {
	local bool
	seed  maphash.Seed
	locks [256]sync.Mutex
}

// New returns a Writer for the server db lives on; it asks the server
// whether it is FerretDB.
func New(ctx context.Context, db *mongo.Database) (*Writer, error) {
	ferret, err := mongoserver.IsFerretDB(ctx, db)
	if err != nil {
		return nil, err
	}
	return newWriter(ferret), nil
}

func newWriter(local bool) *Writer {
	return &Writer{local: local, seed: maphash.MakeSeed()}
}

// ServerSide returns a Writer that leaves the guard to the server, as on MongoDB.
func ServerSide() *Writer { return newWriter(false) }

// InProcess returns a Writer that checks guards itself, as on FerretDB.
func InProcess() *Writer { return newWriter(true) }

// Update applies update to the document of coll with this id if it matches
// guard, and reports whether it did. A nil guard only serialises the write
// with the guarded ones on the same document, which an update such as $inc
// needs on FerretDB not to be lost.
func (w *Writer) Update(ctx context.Context, coll *mongo.Collection, id string, guard, update bson.M) (bool, error) {
	return w.write(ctx, coll, id, guard, func(filter bson.M) (bool, error) {
		res, err := coll.UpdateOne(ctx, filter, update)
		if err != nil {
			return false, err
		}
		return res.MatchedCount == 1, nil
	})
}

// UpdateAndRead is Update that also decodes the document as updated into out.
func (w *Writer) UpdateAndRead(ctx context.Context, coll *mongo.Collection, id string, guard, update bson.M, out any) (bool, error) {
	return w.write(ctx, coll, id, guard, func(filter bson.M) (bool, error) {
		return findOneAndUpdate(ctx, coll, filter, update, false, out)
	})
}

// Upsert applies update to the document of coll with this id if it matches
// guard, or creates the document from update (as MongoDB's upsert does) if
// there is none, decodes the document as written into out unless out is nil,
// and reports whether it wrote. A fixed-window counter is an Upsert of an
// $inc guarded by {count: {$lt: limit}}.
func (w *Writer) Upsert(ctx context.Context, coll *mongo.Collection, id string, guard, update bson.M, out any) (bool, error) {
	if out == nil {
		out = &bson.Raw{}
	}
	if !w.local {
		filter := withID(id, guard)
		// A duplicate key is the insert the upsert falls back to when the
		// guard fails on an existing document, or a concurrent first insert:
		// the second try tells them apart.
		for range 2 {
			ok, err := findOneAndUpdate(ctx, coll, filter, update, true, out)
			if !mongo.IsDuplicateKeyError(err) {
				return ok, err
			}
		}
		return false, nil
	}
	mu := w.lock(coll, id)
	defer mu.Unlock()
	if len(guard) == 0 {
		// Nothing to check: the lock alone keeps the write whole.
		return findOneAndUpdate(ctx, coll, bson.M{"_id": id}, update, true, out)
	}
	doc, err := coll.FindOne(ctx, bson.M{"_id": id}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		// Nothing else in this process writes the document meanwhile, so
		// the upsert inserts it as the server would, equality guards
		// included. The filter stays a bare {_id}: with the guard in it,
		// FerretDB would read the whole collection to find no match.
		return findOneAndUpdate(ctx, coll, bson.M{"_id": id}, withGuardOnInsert(update, guard), true, out)
	}
	if err != nil {
		return false, err
	}
	ok, err := Matches(doc, guard)
	if err != nil || !ok {
		return false, err
	}
	return findOneAndUpdate(ctx, coll, bson.M{"_id": id}, update, false, out)
}

// Replace replaces the document of coll with this id by doc if it matches
// guard, and reports whether it did.
func (w *Writer) Replace(ctx context.Context, coll *mongo.Collection, id string, guard bson.M, doc any) (bool, error) {
	return w.write(ctx, coll, id, guard, func(filter bson.M) (bool, error) {
		res, err := coll.ReplaceOne(ctx, filter, doc)
		if err != nil {
			return false, err
		}
		return res.MatchedCount == 1, nil
	})
}

// Delete deletes the document of coll with this id if it matches guard, and
// reports whether it did: of several callers deleting one document, one is told so.
func (w *Writer) Delete(ctx context.Context, coll *mongo.Collection, id string, guard bson.M) (bool, error) {
	return w.write(ctx, coll, id, guard, func(filter bson.M) (bool, error) {
		res, err := coll.DeleteOne(ctx, filter)
		if err != nil {
			return false, err
		}
		return res.DeletedCount == 1, nil
	})
}

func findOneAndUpdate(ctx context.Context, coll *mongo.Collection, filter, update bson.M, upsert bool, out any) (bool, error) {
	opts := options.FindOneAndUpdate().SetReturnDocument(options.After).SetUpsert(upsert)
	err := coll.FindOneAndUpdate(ctx, filter, update, opts).Decode(out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, err
}

func withID(id string, guard bson.M) bson.M {
	filter := bson.M{"_id": id}
	for k, v := range guard {
		filter[k] = v
	}
	return filter
}

// withGuardOnInsert returns update with guard's equality conditions added to
// its $setOnInsert, which is what an upsert whose filter holds them inserts.
// A field the update already writes keeps the update's value, as on MongoDB.
func withGuardOnInsert(update, guard bson.M) bson.M {
	onInsert := bson.M{}
	for key, want := range guard {
		if _, isOps := operators(want); isOps || want == nil || writes(update, key) {
			continue
		}
		onInsert[key] = want
	}
	if len(onInsert) == 0 {
		return update
	}
	out := make(bson.M, len(update)+1)
	for op, fields := range update {
		out[op] = fields
	}
	if existing, ok := update["$setOnInsert"].(bson.M); ok {
		for k, v := range existing {
			onInsert[k] = v
		}
	}
	out["$setOnInsert"] = onInsert
	return out
}

// writes reports whether any operator of update writes key, a field within
// it or a field that contains it.
func writes(update bson.M, key string) bool {
	for _, fields := range update {
		m, ok := fields.(bson.M)
		if !ok {
			continue
		}
		for field := range m {
			if field == key || strings.HasPrefix(field, key+".") || strings.HasPrefix(key, field+".") {
				return true
			}
		}
	}
	return false
}

// lock takes the lock that serialises this process's writes to the document.
func (w *Writer) lock(coll *mongo.Collection, id string) *sync.Mutex {
	mu := &w.locks[maphash.String(w.seed, coll.Name()+"\x00"+id)%uint64(len(w.locks))]
	mu.Lock()
	return mu
}

func (w *Writer) write(ctx context.Context, coll *mongo.Collection, id string, guard bson.M, apply func(filter bson.M) (bool, error)) (bool, error) {
	if !w.local {
		return apply(withID(id, guard))
	}
	mu := w.lock(coll, id)
	defer mu.Unlock()
	if len(guard) == 0 {
		// Nothing to check, and a missing document matches nothing: the
		// lock alone keeps the write whole, without reading it first.
		return apply(bson.M{"_id": id})
	}
	doc, err := coll.FindOne(ctx, bson.M{"_id": id}).Raw()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	ok, err := Matches(doc, guard)
	if err != nil || !ok {
		return false, err
	}
	return apply(bson.M{"_id": id})
}

// Matches reports whether doc satisfies guard, with MongoDB's meaning for
// the forms guards use: a field (dotted for a nested one) equal to a value,
// where nil also matches a missing field and numbers compare by value, and
// the operators $ne, $in, $exists and $gt, $gte, $lt, $lte (which compare
// numbers with numbers, dates with dates and strings with strings, and
// match nothing else). Arrays compare whole. Any other operator is an error.
func Matches(doc bson.Raw, guard bson.M) (bool, error) {
	for key, want := range guard {
		got, err := doc.LookupErr(strings.Split(key, ".")...)
		missing := err != nil
		ops, isOps := operators(want)
		if !isOps {
			eq, err := equal(got, missing, want)
			if err != nil || !eq {
				return false, err
			}
			continue
		}
		for op, arg := range ops {
			ok, err := applyOperator(op, got, missing, arg)
			if err != nil {
				return false, fmt.Errorf("guard on %s: %w", key, err)
			}
			if !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

// operators returns v as a document of query operators, if it is one.
func operators(v any) (bson.M, bool) {
	m, ok := v.(bson.M)
	if !ok || len(m) == 0 {
		return nil, false
	}
	for k := range m {
		if !strings.HasPrefix(k, "$") {
			return nil, false
		}
	}
	return m, true
}

func applyOperator(op string, got bson.RawValue, missing bool, arg any) (bool, error) {
	switch op {
	case "$ne":
		eq, err := equal(got, missing, arg)
		return !eq, err
	case "$in":
		values, ok := arg.([]string)
		if !ok {
			return false, fmt.Errorf("$in takes a list of strings, not %T", arg)
		}
		for _, v := range values {
			if !missing && got.Type == bson.TypeString && got.StringValue() == v {
				return true, nil
			}
		}
		return false, nil
	case "$exists":
		want, ok := arg.(bool)
		if !ok {
			return false, fmt.Errorf("$exists takes a bool, not %T", arg)
		}
		return want != missing, nil
	case "$gt", "$gte", "$lt", "$lte":
		if missing {
			return false, nil
		}
		c, comparable, err := compare(got, arg)
		if err != nil || !comparable {
			return false, err
		}
		switch op {
		case "$gt":
			return c > 0, nil
		case "$gte":
			return c >= 0, nil
		case "$lt":
			return c < 0, nil
		}
		return c <= 0, nil
	default:
		return false, fmt.Errorf("operator %s is not supported in guards", op)
	}
}

// compare orders got against want, when both are numbers, both dates or
// both strings; MongoDB's comparison operators match nothing across these kinds.
func compare(got bson.RawValue, want any) (int, bool, error) {
	t, data, err := bson.MarshalValue(want)
	if err != nil {
		return 0, false, fmt.Errorf("encode guard value %v: %w", want, err)
	}
	w := bson.RawValue{Type: t, Value: data}
	if gn, ok := number(got); ok {
		wn, ok := number(w)
		return cmp.Compare(gn, wn), ok, nil
	}
	switch {
	case got.Type == bson.TypeDateTime && w.Type == bson.TypeDateTime:
		return cmp.Compare(got.DateTime(), w.DateTime()), true, nil
	case got.Type == bson.TypeString && w.Type == bson.TypeString:
		return strings.Compare(got.StringValue(), w.StringValue()), true, nil
	}
	return 0, false, nil
}

func equal(got bson.RawValue, missing bool, want any) (bool, error) {
	if want == nil {
		return missing || got.Type == bson.TypeNull, nil
	}
	if missing {
		return false, nil
	}
	t, data, err := bson.MarshalValue(want)
	if err != nil {
		return false, fmt.Errorf("encode guard value %v: %w", want, err)
	}
	w := bson.RawValue{Type: t, Value: data}
	if gn, ok := number(got); ok {
		wn, ok := number(w)
		return ok && gn == wn, nil
	}
	return got.Type == w.Type && bytes.Equal(got.Value, w.Value), nil
}

func number(v bson.RawValue) (float64, bool) {
	switch v.Type {
	case bson.TypeInt32:
		return float64(v.Int32()), true
	case bson.TypeInt64:
		return float64(v.Int64()), true
	case bson.TypeDouble:
		return v.Double(), true
	}
	return 0, false
}
