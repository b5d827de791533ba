package mongoserver_test

import (
	"context"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/mongoserver"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// Unique indexes exist and hold on every server; the others exist where the
// server answers queries from them (MongoDB), not on FerretDB.
func TestEnsureIndexes(t *testing.T) {
	db := testenv.DB(t)
	ctx := context.Background()
	coll := db.Collection("things")
	models := []mongo.IndexModel{
		{Keys: bson.D{{Key: "slug", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "status", Value: 1}, {Key: "slug", Value: 1}}},
		{Keys: bson.D{{Key: "owner", Value: 1}}, Options: options.Index().SetName("by_owner")},
	}
	for range 2 { // a restart finds them in place
		if err := mongoserver.EnsureIndexes(ctx, coll, models...); err != nil {
			t.Fatal(err)
		}
	}
	cur, err := coll.Indexes().List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var specs []struct{ Name string }
	if err := cur.All(ctx, &specs); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	ferret, err := mongoserver.IsFerretDB(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"_id_", "by_owner", "slug_1", "status_1_slug_1"}
	if ferret {
		want = []string{"_id_", "slug_1"}
	}
	if !slices.Equal(names, want) {
		t.Errorf("indexes %v on FerretDB=%v, want %v", names, ferret, want)
	}
	if _, err := coll.InsertOne(ctx, bson.M{"slug": "a"}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertOne(ctx, bson.M{"slug": "a"}); !mongo.IsDuplicateKeyError(err) {
		t.Errorf("a second document with the same slug: %v, want a duplicate key error", err)
	}
}

// A write that breaks a unique index is recognised as one on every server,
// an update as well as an insert.
func TestIsDuplicateKey(t *testing.T) {
	db := testenv.DB(t)
	ctx := context.Background()
	coll := db.Collection("slugs")
	if err := mongoserver.EnsureIndexes(ctx, coll, mongo.IndexModel{Keys: bson.D{{Key: "slug", Value: 1}}, Options: options.Index().SetUnique(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertMany(ctx, []any{bson.M{"_id": "a", "slug": "one"}, bson.M{"_id": "b", "slug": "two"}}); err != nil {
		t.Fatal(err)
	}
	_, insertErr := coll.InsertOne(ctx, bson.M{"_id": "c", "slug": "one"})
	_, updateErr := coll.UpdateOne(ctx, bson.M{"_id": "b"}, bson.M{"$set": bson.M{"slug": "one"}})
	_, replaceErr := coll.ReplaceOne(ctx, bson.M{"_id": "b"}, bson.M{"slug": "one"})
	_, otherErr := coll.UpdateOne(ctx, bson.M{"_id": "b"}, bson.M{"$bogus": bson.M{"slug": "x"}})
	for name, err := range map[string]error{"insert": insertErr, "update": updateErr, "replace": replaceErr} {
		if !mongoserver.IsDuplicateKey(err) {
			t.Errorf("%s onto a taken slug: %v, want a duplicate key", name, err)
		}
	}
	if otherErr == nil || mongoserver.IsDuplicateKey(otherErr) {
		t.Errorf("a malformed update: %v, want an error other than a duplicate key", otherErr)
	}
	var b struct{ Slug string }
	if err := coll.FindOne(ctx, bson.M{"_id": "b"}).Decode(&b); err != nil || b.Slug != "two" {
		t.Errorf("b has slug %q (%v) after the refused writes, want two", b.Slug, err)
	}
}
