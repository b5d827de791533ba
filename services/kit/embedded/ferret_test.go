package embedded

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// A read by _id on the embedded database must be an index search, not a
// scan decoding every document of the collection.
func TestIDLookupsUseAnIndex(t *testing.T) {
	dir := t.TempDir()
	m, client := startConnected(t, dir)
	ctx := context.Background()
	coll := client.Database("app").Collection("attempts")
	if _, err := coll.InsertOne(ctx, bson.M{"_id": "a1", "status": "submitted"}); err != nil {
		t.Fatal(err)
	}

	plan := func() string { return idLookupPlan(t, dir, "attempts") }
	for range 2 { // a restart indexes again, harmlessly
		if err := m.IndexIDLookups(ctx, "app"); err != nil {
			t.Fatal(err)
		}
	}
	if p := plan(); !strings.Contains(p, "_academy_id_lookup") {
		t.Errorf("a find by _id is planned as %q, want an index search", p)
	}
	var got bson.M
	if err := coll.FindOne(ctx, bson.M{"_id": "a1"}).Decode(&got); err != nil || got["status"] != "submitted" {
		t.Errorf("find by _id after indexing: %v, %v", got, err)
	}
	if err := m.IndexIDLookups(ctx, "nothing-here"); err != nil {
		t.Errorf("indexing a database that does not exist yet: %v", err)
	}
}

// startConnected starts the embedded database in dir and connects to it;
// both stop when the test ends.
func startConnected(tb testing.TB, dir string) (*MongoDB, *mongo.Client) {
	tb.Helper()
	m, err := StartMongoDB(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(m.Close)
	client, err := mongo.Connect(context.Background(), options.Client().ApplyURI(m.URI))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return m, client
}

// idLookupPlan is how SQLite plans the statement FerretDB's SQLite backend
// runs for a find by _id in the collection.
func idLookupPlan(t *testing.T, dir, collection string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "app.sqlite")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var table string
	if err := db.QueryRow(`SELECT table_name FROM _ferretdb_collections WHERE name = ?`, collection).Scan(&table); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "`+table+`" WHERE _ferretdb_sjson->'$._id' = ?`, `"a1"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "; ")
}

// A collection FerretDB creates on its first write, while academy runs,
// gets its _id lookup index within a few sweeps, not at the next start.
func TestCollectionsCreatedLaterAreIndexedWhileRunning(t *testing.T) {
	dir := t.TempDir()
	m, client := startConnected(t, dir)
	ctx := context.Background()
	// Started before the database has any file: the sweeps find it later,
	// and a collection created after a sweep indexed another.
	if err := m.KeepIDLookupsIndexed(ctx, "app", 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"events", "skills"} {
		if _, err := client.Database("app").Collection(name).InsertOne(ctx, bson.M{"_id": "a1"}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for p := idLookupPlan(t, dir, name); !strings.Contains(p, "_academy_id_lookup"); p = idLookupPlan(t, dir, name) {
			if time.Now().After(deadline) {
				t.Fatalf("a find by _id in %s, created after the start, is still planned as %q", name, p)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	var got bson.M
	if err := client.Database("app").Collection("skills").FindOne(ctx, bson.M{"_id": "a1"}).Decode(&got); err != nil {
		t.Errorf("find by _id after the sweep: %v", err)
	}
}

// FerretDB's logging reaches ours at warn and above only, with the
// attributes and groups it added along the way.
func TestFerretDBLogsWarningsOnly(t *testing.T) {
	var buf strings.Builder
	base := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	log := slog.New(levelFloor{base: base, min: slog.LevelWarn}).With("component", "ferretdb").WithGroup("conn").With("id", 7)
	log.Info("handled a request")
	log.Warn("Response header: error")
	log.Warn("disk is slow", "ms", 900)
	got := strings.TrimSpace(buf.String())
	if strings.Count(got, "\n") != 0 || !strings.Contains(got, `"msg":"disk is slow","component":"ferretdb","conn":{"id":7,"ms":900}`) {
		t.Errorf("logged %s; want only the warning, with its component and connection attributes", got)
	}
}
