package owned_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/guarded"
	"academy/services/kit/owned"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func newLists(t *testing.T) (*owned.Lists, context.Context, func(docs ...bson.M)) {
	t.Helper()
	ctx := context.Background()
	db := testenv.DB(t)
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	source := db.Collection("things")
	l := owned.New(db, w, "thing_lists", source, "owner")
	if err := l.Create(ctx); err != nil {
		t.Fatal(err)
	}
	insert := func(docs ...bson.M) {
		t.Helper()
		for _, d := range docs {
			if _, err := source.InsertOne(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	return l, ctx, insert
}

// Documents written before the lists were kept are found once, with those
// added since, and each owner sees only their own.
func TestListsFindOlderDocumentsOnce(t *testing.T) {
	l, ctx, insert := newLists(t)
	insert(bson.M{"_id": "a1", "owner": "ann"}, bson.M{"_id": "a2", "owner": "ann"}, bson.M{"_id": "b1", "owner": "bob"})
	insert(bson.M{"_id": "a3", "owner": "ann"})
	if err := l.Add(ctx, "ann", "a3"); err != nil {
		t.Fatal(err)
	}
	ids, err := l.IDs(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a1", "a2", "a3"}) {
		t.Fatalf("ann's ids = %v, want a1 a2 a3", ids)
	}
	// Once complete, the list alone answers: a document written without Add is not found any more.
	insert(bson.M{"_id": "a4", "owner": "ann"})
	if ids, err = l.IDs(ctx, "ann"); err != nil || len(ids) != 3 {
		t.Fatalf("ann's ids after completing = %v, %v; want the three listed", ids, err)
	}
	if ids, err = l.IDs(ctx, "nobody"); err != nil || ids == nil || len(ids) != 0 {
		t.Fatalf("ids of an owner of nothing = %#v, %v; want an empty list", ids, err)
	}
}

// Many documents added at once for one owner, some twice, are all listed once.
func TestSimultaneousAddsLoseNothing(t *testing.T) {
	l, ctx, _ := newLists(t)
	const n = 50
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if err := l.Add(ctx, "ann", fmt.Sprintf("doc-%02d", i%n)); err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	ids, err := l.IDs(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n {
		t.Fatalf("%d distinct adds at once listed %d ids: %v", n, len(ids), ids)
	}
}
