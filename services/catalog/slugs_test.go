package catalog_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/event"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/auth"
	"academy/services/kit/testenv"
)

// monitoredDB opens db again through a client that counts the find commands
// sent on each collection.
func monitoredDB(t *testing.T, db *mongo.Database) (*mongo.Database, func(coll string) int64) {
	t.Helper()
	var mu sync.Mutex
	finds := map[string]int64{}
	monitor := &event.CommandMonitor{Started: func(_ context.Context, ev *event.CommandStartedEvent) {
		if ev.CommandName == "find" {
			mu.Lock()
			finds[ev.Command.Lookup("find").StringValue()]++
			mu.Unlock()
		}
	}}
	client, err := mongo.Connect(context.Background(), options.Client().ApplyURI(testenv.MongoURI(t)).SetMonitor(monitor))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return client.Database(db.Name()), func(coll string) int64 {
		mu.Lock()
		defer mu.Unlock()
		return finds[coll]
	}
}

// A flood of lookups of unknown slugs, all released at once, is answered
// from memory: the database sees a directory read, not one query per slug.
func TestUnknownSlugsAreAnsweredFromMemory(t *testing.T) {
	db, finds := monitoredDB(t, testenv.DB(t))
	e := newEnvOn(t, db, nil)
	e.createPublishedCourse(t, "known")
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("known-programme"), 201, nil)
	e.mustCall(t, "POST", "/api/v1/programmes/known-programme/publish", staffOwner, nil, 200, nil)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.Shutdown() })
	base := "http://" + ln.Addr().String() + "/api/v1/"

	for _, kind := range []string{"courses", "programmes", "institutions"} {
		t.Run(kind, func(t *testing.T) {
			before := finds(kind)
			const n = 100
			statuses := make([]int, n)
			release := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-release
					resp, err := http.Get(fmt.Sprintf("%s%s/no-such-%s-%d", base, kind, kind, i))
					if err != nil {
						t.Error(err)
						return
					}
					resp.Body.Close()
					statuses[i] = resp.StatusCode
				}()
			}
			start := time.Now()
			close(release)
			wg.Wait()
			for i, s := range statuses {
				if s != http.StatusNotFound {
					t.Fatalf("unknown slug %d: status %d, want 404", i, s)
				}
			}
			// One directory read per slugMissTTL (2 s) at most.
			if got, most := finds(kind)-before, 1+int64(time.Since(start)/(2*time.Second)); got > most {
				t.Errorf("%d unknown slugs sent %d finds to %s, want at most %d", n, got, kind, most)
			}
		})
	}
	t.Run("known slugs are still found", func(t *testing.T) {
		for _, path := range []string{"courses/known", "programmes/known-programme", "institutions/belfry"} {
			resp, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: status %d, want 200", path, resp.StatusCode)
			}
		}
	})
}

// What another process writes shows within seconds: a new course, and a
// rename, which frees the old slug.
func TestSlugsWrittenElsewhereAreSeen(t *testing.T) {
	db := testenv.DB(t)
	e := newEnvOn(t, db, nil)
	ctx := context.Background()
	if _, err := e.svc.CourseBySlug(ctx, "later"); err == nil {
		t.Fatal("found a course that does not exist yet")
	}
	other := newEnvOn(t, db, nil)
	other.mustCall(t, "POST", "/api/v1/courses", staffOwner, validCourse("later"), 201, nil)
	eventually := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not seen 5 s after the write", what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	eventually("a course created elsewhere", func() bool {
		_, err := e.svc.CourseBySlug(ctx, "later")
		return err == nil
	})
	if _, err := db.Collection("courses").UpdateOne(ctx, bson.M{"slug": "later"}, bson.M{"$set": bson.M{"slug": "renamed"}}); err != nil {
		t.Fatal(err)
	}
	eventually("a rename made elsewhere", func() bool {
		c, err := e.store.Course(ctx, "renamed")
		return err == nil && c.Slug == "renamed"
	})
	if _, err := e.store.Course(ctx, "later"); err == nil {
		t.Error("the old slug still finds the renamed course")
	}
	if _, err := e.svc.DraftCourse(ctx, auth.Principal{UserID: staffOwner}, "renamed"); err != nil {
		t.Errorf("draft of the renamed course: %v", err)
	}
}
