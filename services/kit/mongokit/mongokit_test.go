package mongokit_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
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
