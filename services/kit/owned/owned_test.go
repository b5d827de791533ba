package owned_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/guarded"
	"academy/services/kit/owned"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// newLists opens lists over a source already holding documents; reopen
// opens them again, as another process does.
func newLists(t *testing.T) (l *owned.Lists, ctx context.Context, insert func(docs ...bson.M), reopen func() *owned.Lists) {
	t.Helper()
	ctx = context.Background()
	db := testenv.DB(t)
	source := db.Collection("things")
	insert = func(docs ...bson.M) {
		t.Helper()
		for _, d := range docs {
			if _, err := source.InsertOne(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Documents written before the lists were kept.
	insert(bson.M{"_id": "a1", "owner": "ann"}, bson.M{"_id": "a2", "owner": "ann"}, bson.M{"_id": "b1", "owner": "bob"}, bson.M{"_id": "x1"})
	reopen = func() *owned.Lists { return openLists(t, ctx, db) }
	return reopen(), ctx, insert, reopen
}

// openLists opens the lists as a process does at start.
func openLists(t *testing.T, ctx context.Context, db *mongo.Database) *owned.Lists {
	t.Helper()
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	l := owned.New(db, w, "thing_lists", db.Collection("things"), "owner")
	if err := l.Create(ctx); err != nil {
		t.Fatal(err)
	}
	return l
}

func wantIDs(t *testing.T, ctx context.Context, l *owned.Lists, owner string, want ...string) {
	t.Helper()
	ids, err := l.IDs(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	if ids == nil {
		t.Fatalf("ids of %s = nil, want a list", owner)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, want) {
		t.Fatalf("ids of %s = %v, want %v", owner, ids, want)
	}
}

// Documents written before the lists were kept are listed when the lists
// are first opened, with those added since, and each owner sees only their
// own. From then on the lists alone answer: the source is never queried
// again, not even for an owner without a list.
func TestListsFindOlderDocumentsOnce(t *testing.T) {
	l, ctx, insert, reopen := newLists(t)
	insert(bson.M{"_id": "a3", "owner": "ann"})
	if err := l.Add(ctx, "ann", "a3"); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, ctx, l, "ann", "a1", "a2", "a3")
	wantIDs(t, ctx, l, "bob", "b1")
	wantIDs(t, ctx, l, "nobody")

	insert(bson.M{"_id": "a4", "owner": "ann"}, bson.M{"_id": "c1", "owner": "carl"})
	wantIDs(t, ctx, l, "ann", "a1", "a2", "a3")
	wantIDs(t, ctx, l, "carl")
	reopened := reopen()
	wantIDs(t, ctx, reopened, "ann", "a1", "a2", "a3")
	wantIDs(t, ctx, reopened, "carl")
}

// Many documents added at once for one owner, some twice, are all listed once.
func TestSimultaneousAddsLoseNothing(t *testing.T) {
	l, ctx, _, _ := newLists(t)
	const n = 50
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 2 * n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if err := l.Add(ctx, "dan", fmt.Sprintf("doc-%02d", i%n)); err != nil {
				t.Error(err)
			}
		}()
	}
	close(start)
	wg.Wait()
	ids, err := l.IDs(ctx, "dan")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n {
		t.Fatalf("%d distinct adds at once listed %d ids: %v", n, len(ids), ids)
	}
}
