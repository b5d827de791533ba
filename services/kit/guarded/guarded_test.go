package guarded_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

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
		{"$gt below", bson.M{"rev": bson.M{"$gt": 2}}, true},
		{"$gt equal", bson.M{"rev": bson.M{"$gt": 3}}, false},
		{"$gte equal", bson.M{"rev": bson.M{"$gte": 3}}, true},
		{"$gte above", bson.M{"rev": bson.M{"$gte": 3.5}}, false},
		{"$lt above", bson.M{"rev": bson.M{"$lt": int64(4)}}, true},
		{"$lt equal", bson.M{"rev": bson.M{"$lt": 3}}, false},
		{"$lte equal float", bson.M{"score": bson.M{"$lte": 2.5}}, true},
		{"$lte below", bson.M{"score": bson.M{"$lte": 2}}, false},
		{"$gt and $lt together", bson.M{"rev": bson.M{"$gt": 2, "$lt": 4}}, true},
		{"$gt and $lt outside", bson.M{"rev": bson.M{"$gt": 3, "$lt": 4}}, false},
		{"date $gt earlier", bson.M{"at": bson.M{"$gt": at.Add(-time.Second)}}, true},
		{"date $gt later", bson.M{"at": bson.M{"$gt": at.Add(time.Second)}}, false},
		{"date $lte same", bson.M{"at": bson.M{"$lte": at}}, true},
		{"date $lt same", bson.M{"at": bson.M{"$lt": at}}, false},
		{"string $gt", bson.M{"status": bson.M{"$gt": "graded"}}, true},
		{"string $lt", bson.M{"status": bson.M{"$lt": "graded"}}, false},
		{"$lt on a missing field", bson.M{"count": bson.M{"$lt": 10}}, false},
		{"$gte on null", bson.M{"none": bson.M{"$gte": 0}}, false},
		{"number $lt against a date", bson.M{"at": bson.M{"$lt": 10}}, false},
		{"date $gt against a number", bson.M{"rev": bson.M{"$gt": at}}, false},
		{"string $lt against a number", bson.M{"rev": bson.M{"$lt": "9"}}, false},
		{"$exists true", bson.M{"status": bson.M{"$exists": true}}, true},
		{"$exists true on null", bson.M{"none": bson.M{"$exists": true}}, true},
		{"$exists false", bson.M{"status": bson.M{"$exists": false}}, false},
		{"$exists false on a missing field", bson.M{"retired": bson.M{"$exists": false}}, true},
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
	if _, err := guarded.Matches(raw, bson.M{"n": bson.M{"$mod": bson.A{2, 1}}}); err == nil {
		t.Error("a guard with $mod matched silently; want an error naming the operator")
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

// Upsert, Replace and Delete mean the same on both ways of applying a guard
// and on the server: what is written, and whether the caller is told so.
func TestOtherWritesMeanWhatTheServerMeans(t *testing.T) {
	db := testenv.DB(t)
	ctx := context.Background()
	coll := db.Collection("writes")
	counter := bson.M{"$inc": bson.M{"count": 1}, "$setOnInsert": bson.M{"kind": "counter"}}
	type state = bson.M
	cases := []struct {
		name   string
		before state // nil: no document
		write  func(w *guarded.Writer, id string) (bool, error)
		wrote  bool
		after  state // nil: no document
	}{
		{"upsert creates a missing document", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"count": bson.M{"$lt": 3}}, counter, nil)
			}, true, state{"count": 1, "kind": "counter"}},
		{"upsert creates with equality guards", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"owner": "ana"}, counter, nil)
			}, true, state{"count": 1, "kind": "counter", "owner": "ana"}},
		{"upsert creates with a nested equality guard", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"by.team": "red"}, counter, nil)
			}, true, state{"count": 1, "kind": "counter", "by": bson.M{"team": "red"}}},
		{"upsert creates with the update's value of a guarded field", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"owner": "ana"}, bson.M{"$set": bson.M{"owner": "bo"}}, nil)
			}, true, state{"owner": "bo"}},
		{"upsert updates a matching document", state{"count": 2},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"count": bson.M{"$lt": 3}}, counter, nil)
			}, true, state{"count": 3}},
		{"upsert leaves a full document", state{"count": 3},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Upsert(ctx, coll, id, bson.M{"count": bson.M{"$lt": 3}}, counter, nil)
			}, false, state{"count": 3}},
		{"replace a matching document", state{"rev": 1, "title": "old"},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Replace(ctx, coll, id, bson.M{"rev": 1}, bson.M{"_id": id, "rev": 2, "title": "new"})
			}, true, state{"rev": 2, "title": "new"}},
		{"replace leaves a changed document", state{"rev": 2, "title": "theirs"},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Replace(ctx, coll, id, bson.M{"rev": 1}, bson.M{"_id": id, "rev": 2, "title": "mine"})
			}, false, state{"rev": 2, "title": "theirs"}},
		{"replace a missing document", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Replace(ctx, coll, id, bson.M{}, bson.M{"_id": id, "rev": 1})
			}, false, nil},
		{"delete a matching document", state{"role": "staff"},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Delete(ctx, coll, id, bson.M{"role": "staff"})
			}, true, nil},
		{"delete leaves another document", state{"role": "owner"},
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Delete(ctx, coll, id, bson.M{"role": "staff"})
			}, false, state{"role": "owner"}},
		{"delete a missing document", nil,
			func(w *guarded.Writer, id string) (bool, error) {
				return w.Delete(ctx, coll, id, nil)
			}, false, nil},
	}
	writers := map[string]*guarded.Writer{"server side": guarded.ServerSide(), "in process": guarded.InProcess()}
	for _, c := range cases {
		for name, w := range writers {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				id := fmt.Sprintf("%s/%s", c.name, name)
				if c.before != nil {
					d := bson.M{"_id": id}
					for k, v := range c.before {
						d[k] = v
					}
					if _, err := coll.InsertOne(ctx, d); err != nil {
						t.Fatal(err)
					}
				}
				wrote, err := c.write(w, id)
				if err != nil {
					t.Fatal(err)
				}
				var after bson.M
				err = coll.FindOne(ctx, bson.M{"_id": id}, options.FindOne().SetProjection(bson.M{"_id": 0})).Decode(&after)
				if errors.Is(err, mongo.ErrNoDocuments) {
					after = nil
				} else if err != nil {
					t.Fatal(err)
				}
				if wrote != c.wrote || !sameDoc(after, c.after) {
					t.Errorf("reported %v, document %v; want %v, %v", wrote, after, c.wrote, c.after)
				}
			})
		}
	}
}

// sameDoc compares documents field by field, numbers by value.
func sameDoc(got, want bson.M) bool {
	if (got == nil) != (want == nil) || len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

// Racing increments of a fixed-window counter never take it past its limit,
// and every increment reported is counted, on whatever server the tests run.
func TestRacingCounterStopsAtItsLimit(t *testing.T) {
	db := testenv.DB(t)
	ctx := context.Background()
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	coll := db.Collection("counters")
	const limit, racers = 7, 40
	for round := range 3 {
		id := fmt.Sprint("window-", round)
		start := make(chan struct{})
		var wg sync.WaitGroup
		var mu sync.Mutex
		var counted []int
		for range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				var after struct{ Count int }
				ok, err := w.Upsert(ctx, coll, id, bson.M{"count": bson.M{"$lt": limit}}, bson.M{"$inc": bson.M{"count": 1}}, &after)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					counted = append(counted, after.Count)
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		var final struct{ Count int }
		if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&final); err != nil {
			t.Fatal(err)
		}
		slices.Sort(counted)
		if final.Count != limit || !slices.Equal(counted, []int{1, 2, 3, 4, 5, 6, 7}) {
			t.Fatalf("round %d: counter at %d, increments read %v; want %d, each of 1..%d once", round, final.Count, counted, limit, limit)
		}
	}
}

func TestMain(m *testing.M) { testenv.Main(m) }
