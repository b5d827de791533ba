package guarded_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

// The two ways of applying a guard must agree with each other and with the
// server's own reading of the same filter.
func TestGuardsMeanWhatTheServerMeans(t *testing.T) {
	at := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	doc := bson.M{"status": "submitted", "rev": 3, "score": 2.5, "done": false, "at": at, "result": bson.M{"passed": true}, "none": nil}
	cases := []struct {
		name  string
		guard bson.M
		want  bool
	}{
		{"no guard", bson.M{}, true},
		{"equal string", bson.M{"status": "submitted"}, true},
		{"other string", bson.M{"status": "graded"}, false},
		{"int equal to stored int", bson.M{"rev": 3}, true},
		{"int64 equal to stored int", bson.M{"rev": int64(3)}, true},
		{"float equal to stored int", bson.M{"rev": 3.0}, true},
		{"other int", bson.M{"rev": 4}, false},
		{"float", bson.M{"score": 2.5}, true},
		{"false", bson.M{"done": false}, true},
		{"true against false", bson.M{"done": true}, false},
		{"time", bson.M{"at": at}, true},
		{"other time", bson.M{"at": at.Add(time.Millisecond)}, false},
		{"nil matches a missing field", bson.M{"completion": nil}, true},
		{"nil matches null", bson.M{"none": nil}, true},
		{"nil against a value", bson.M{"status": nil}, false},
		{"nested field", bson.M{"result.passed": true}, true},
		{"missing nested field", bson.M{"result.score": 1}, false},
		{"string against int", bson.M{"rev": "3"}, false},
		{"$ne other", bson.M{"status": bson.M{"$ne": "withdrawn"}}, true},
		{"$ne same", bson.M{"status": bson.M{"$ne": "submitted"}}, false},
		{"$ne on a missing field", bson.M{"completion": bson.M{"$ne": "x"}}, true},
		{"$in holding it", bson.M{"status": bson.M{"$in": []string{"graded", "submitted"}}}, true},
		{"$in without it", bson.M{"status": bson.M{"$in": []string{"graded", "needs_review"}}}, false},
		{"all of several", bson.M{"status": "submitted", "rev": 3, "done": false}, true},
		{"one of several fails", bson.M{"status": "submitted", "rev": 2}, false},
	}
	db := testenv.DB(t)
	ctx := context.Background()
	coll := db.Collection("docs")
	writers := map[string]*guarded.Writer{"server side": guarded.ServerSide(), "in process": guarded.InProcess()}
	for _, c := range cases {
		for name, w := range writers {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				id := fmt.Sprintf("%s/%s", c.name, name)
				d := bson.M{"_id": id}
				for k, v := range doc {
					d[k] = v
				}
				if _, err := coll.InsertOne(ctx, d); err != nil {
					t.Fatal(err)
				}
				ok, err := w.Update(ctx, coll, id, c.guard, bson.M{"$set": bson.M{"touched": true}})
				if err != nil {
					t.Fatal(err)
				}
				var after struct{ Touched bool }
				if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&after); err != nil {
					t.Fatal(err)
				}
				if ok != c.want || after.Touched != c.want {
					t.Errorf("guard %v: reported %v, document touched %v; want %v", c.guard, ok, after.Touched, c.want)
				}
			})
		}
	}
}

func TestUnsupportedOperatorIsAnError(t *testing.T) {
	raw, err := bson.Marshal(bson.M{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := guarded.Matches(raw, bson.M{"n": bson.M{"$gt": 0}}); err == nil {
		t.Error("a guard with $gt matched silently; want an error naming the operator")
	}
}

// Many writers racing to move one document out of a state: exactly one wins,
// and the update is applied once, on whatever server the tests run.
func TestRacingGuardedWritesApplyOnce(t *testing.T) {
	db := testenv.DB(t)
	ctx := context.Background()
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	coll := db.Collection("race")
	for round := range 5 {
		id := fmt.Sprint("doc-", round)
		if _, err := coll.InsertOne(ctx, bson.M{"_id": id, "status": "open", "closes": 0}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wins := make(chan int, 16)
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var after struct{ Closes int }
				ok, err := w.UpdateAndRead(ctx, coll, id, bson.M{"status": "open"},
					bson.M{"$set": bson.M{"status": "closed", "by": i}, "$inc": bson.M{"closes": 1}}, &after)
				if err != nil {
					t.Error(err)
				}
				if ok {
					if after.Closes != 1 {
						t.Errorf("the winner read closes = %d, want 1", after.Closes)
					}
					wins <- i
				}
			}()
		}
		wg.Wait()
		close(wins)
		var winners []int
		for i := range wins {
			winners = append(winners, i)
		}
		var final struct {
			Closes int
			By     int
		}
		if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&final); err != nil {
			t.Fatal(err)
		}
		if len(winners) != 1 || final.Closes != 1 || final.By != winners[0] {
			t.Fatalf("round %d: winners %v, document closed %d times by %d; want one winner, closed once by it", round, winners, final.Closes, final.By)
		}
	}
}

func TestMain(m *testing.M) { testenv.Main(m) }
