package mongokit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

type course struct {
	ID    string `bson:"_id"`
	Title string `bson:"title"`
}

func TestFindOneAndFindAll(t *testing.T) {
	ctx := context.Background()
	coll := testenv.DB(t).Collection("courses")
	if _, err := coll.InsertMany(ctx, []any{course{"b", "Bayes"}, course{"a", "Agents"}}); err != nil {
		t.Fatal(err)
	}

	got, err := mongokit.FindOne[course](ctx, coll, bson.M{"_id": "a"}, "course")
	if err != nil || got.Title != "Agents" {
		t.Errorf("FindOne = %+v, %v", got, err)
	}
	_, err = mongokit.FindOne[course](ctx, coll, bson.M{"_id": "z"}, "course")
	if !apperr.Is(err, apperr.NotFound) || err.Error() != "no such course" {
		t.Errorf("FindOne of a missing course = %v, want NotFound saying there is no such course", err)
	}

	all, err := mongokit.FindAll[course](ctx, coll, bson.M{}, options.Find().SetSort(bson.M{"_id": 1}))
	if err != nil || len(all) != 2 || all[0].ID != "a" || all[1].ID != "b" {
		t.Errorf("FindAll = %+v, %v", all, err)
	}
	none, err := mongokit.FindAll[course](ctx, coll, bson.M{"title": "Compilers"})
	if err != nil || none == nil || len(none) != 0 {
		t.Errorf("FindAll of nothing = %#v, %v; want an empty list", none, err)
	}
}

// A packed value is stored as one binary value and reads back whole; one
// stored unpacked reads too, and one of another type is an error.
func TestPackedValueRoundTrips(t *testing.T) {
	ctx := context.Background()
	coll := testenv.DB(t).Collection("packed")
	type shelf struct {
		ID      string                            `bson:"_id"`
		Courses mongokit.Packed[[]course]         `bson:"courses"`
		ByID    *mongokit.Packed[map[string]bool] `bson:"by_id,omitempty"`
	}
	want := shelf{ID: "s", Courses: mongokit.Packed[[]course]{V: []course{{"a", "Agents"}, {"b", "Bayes"}}}, ByID: &mongokit.Packed[map[string]bool]{V: map[string]bool{"a": true}}}
	if _, err := coll.InsertOne(ctx, want); err != nil {
		t.Fatal(err)
	}
	if typ := storedType(t, coll, "s", "courses"); typ != bson.TypeBinary {
		t.Fatalf("the courses are stored as %s, want binary", typ)
	}
	var got shelf
	if err := coll.FindOne(ctx, bson.M{"_id": "s"}).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if len(got.Courses.V) != 2 || got.Courses.V[1] != want.Courses.V[1] || got.ByID == nil || !got.ByID.V["a"] {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
	if _, err := coll.InsertOne(ctx, bson.M{"_id": "u", "courses": want.Courses.V}); err != nil {
		t.Fatal(err)
	}
	var unpacked shelf
	if err := coll.FindOne(ctx, bson.M{"_id": "u"}).Decode(&unpacked); err != nil || len(unpacked.Courses.V) != 2 || unpacked.Courses.V[0] != want.Courses.V[0] {
		t.Fatalf("read %+v (%v) from courses stored unpacked, want %+v", unpacked, err, want.Courses.V)
	}
	var bad shelf
	if _, err := coll.InsertOne(ctx, bson.M{"_id": "t", "courses": "not packed"}); err != nil {
		t.Fatal(err)
	}
	if err := coll.FindOne(ctx, bson.M{"_id": "t"}).Decode(&bad); err == nil {
		t.Fatal("a string decoded as a packed value")
	}
}

// A large packed value is stored compressed and reads back whole; one
// packed before values were compressed still reads.
func TestLargePackedValueIsStoredCompressed(t *testing.T) {
	ctx := context.Background()
	coll := testenv.DB(t).Collection("packed")
	type shelf struct {
		ID      string                    `bson:"_id"`
		Courses mongokit.Packed[[]course] `bson:"courses"`
	}
	many := make([]course, 300)
	for i := range many {
		many[i] = course{fmt.Sprintf("course-%04d", i), "Machine learning for practitioners"}
	}
	plain, err := bson.Marshal(struct {
		V []course `bson:"v"`
	}{many})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := coll.InsertMany(ctx, []any{
		shelf{ID: "large", Courses: mongokit.Packed[[]course]{V: many}},
		bson.M{"_id": "before", "courses": primitive.Binary{Data: plain}},
	}); err != nil {
		t.Fatal(err)
	}
	raw, err := coll.FindOne(ctx, bson.M{"_id": "large"}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if sub, data := raw.Lookup("courses").Binary(); sub != 0x80 || len(data) > len(plain)/4 {
		t.Errorf("300 courses stored as %d bytes of subtype %#x, want a quarter of %d or less, compressed", len(data), sub, len(plain))
	}
	for _, id := range []string{"large", "before"} {
		var got shelf
		if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if len(got.Courses.V) != len(many) || got.Courses.V[299] != many[299] {
			t.Errorf("%s: read back %d courses, the last %+v; want %d, the last %+v", id, len(got.Courses.V), got.Courses.V[len(got.Courses.V)-1], len(many), many[299])
		}
	}
}

// Documents past one delete's batch are all deleted, and only those the
// filter matches.
func TestDeleteMatchingDeletesPastOneBatch(t *testing.T) {
	ctx := context.Background()
	coll := testenv.DB(t).Collection("events")
	var docs []any
	for i := range 1200 {
		docs = append(docs, bson.M{"_id": fmt.Sprintf("old-%04d", i), "delivered": true})
	}
	docs = append(docs, bson.M{"_id": "pending", "delivered": false})
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	n, err := mongokit.DeleteMatching(ctx, coll, bson.M{"delivered": true})
	if err != nil || n != 1200 {
		t.Fatalf("deleted %d documents (err %v), want 1200", n, err)
	}
	left, err := mongokit.FindAll[bson.M](ctx, coll, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0]["_id"] != "pending" {
		t.Errorf("left %v, want the one document the filter does not match", left)
	}
}

// A packed list is stored as one binary value, set whole by an update as
// well as by an insert, and reads back as the slice it is; a list stored
// unpacked reads too, and an empty one is left out.
func TestPackedListIsStoredAsOneValue(t *testing.T) {
	ctx := context.Background()
	coll := testenv.DB(t).Collection("packed")
	type shelf struct {
		ID      string                      `bson:"_id"`
		Courses mongokit.PackedList[course] `bson:"courses,omitempty"`
	}
	if _, err := coll.InsertMany(ctx, []any{
		shelf{ID: "s", Courses: []course{{"a", "Agents"}}},
		bson.M{"_id": "u", "courses": []course{{"b", "Bayes"}}},
		shelf{ID: "e"},
	}); err != nil {
		t.Fatal(err)
	}
	set := mongokit.PackedList[course]{{"a", "Agents"}, {"c", "Compilers"}}
	if _, err := coll.UpdateOne(ctx, bson.M{"_id": "s"}, bson.M{"$set": bson.M{"courses": set}}); err != nil {
		t.Fatal(err)
	}
	if typ := storedType(t, coll, "s", "courses"); typ != bson.TypeBinary {
		t.Fatalf("the courses set are stored as %s, want binary", typ)
	}
	want := map[string][]course{"s": set, "u": {{"b", "Bayes"}}, "e": nil}
	for id, courses := range want {
		var got shelf
		if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Courses, courses) {
			t.Errorf("shelf %s read back %+v, want %+v", id, got.Courses, courses)
		}
	}
	empty, err := coll.FindOne(ctx, bson.M{"_id": "e"}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := empty.LookupErr("courses"); err == nil {
		t.Errorf("an empty list was stored: %s", empty)
	}
}

// A bulk update of more documents than the embedded database has pooled
// connections finishes, applies every update it can, and names each that
// failed by its index in the whole list.
func TestBulkUpdateOfManyDocuments(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	coll := testenv.DB(t).Collection("bulk")
	var docs []any
	var models []mongo.WriteModel
	for i := range 150 {
		id := fmt.Sprintf("doc-%03d", i)
		var n any = bson.M{"i": i}
		if i == 100 {
			n = "not a document"
		}
		docs = append(docs, bson.M{"_id": id, "n": n})
		models = append(models, mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": id}).SetUpdate(bson.M{"$set": bson.M{"n.done": true}}))
	}
	if _, err := coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	err := mongokit.BulkUpdate(ctx, coll, models)
	var bwe mongo.BulkWriteException
	if !errors.As(err, &bwe) || len(bwe.WriteErrors) != 1 || bwe.WriteErrors[0].Index != 100 {
		t.Errorf("BulkUpdate = %v, want one write error, at index 100", err)
	}
	var got []struct {
		ID string        `bson:"_id"`
		N  bson.RawValue `bson:"n"`
	}
	cur, err := coll.Find(ctx, bson.M{})
	if err != nil || cur.All(ctx, &got) != nil || len(got) != 150 {
		t.Fatalf("read back %d documents (%v), want 150", len(got), err)
	}
	for _, d := range got {
		if d.ID == "doc-100" {
			if s, ok := d.N.StringValueOK(); !ok || s != "not a document" {
				t.Errorf("the document that failed holds %v", d.N)
			}
			continue
		}
		if doc, ok := d.N.DocumentOK(); !ok || !doc.Lookup("done").Equal(bson.RawValue{Type: bson.TypeBoolean, Value: []byte{1}}) {
			t.Errorf("%s holds %v", d.ID, d.N)
		}
	}
}

// storedType is the BSON type of a field of the document of coll with this id.
func storedType(t *testing.T, coll *mongo.Collection, id, field string) bsontype.Type {
	t.Helper()
	raw, err := coll.FindOne(context.Background(), bson.M{"_id": id}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	return raw.Lookup(field).Type
}
