// Package testenv gives tests real services: a MongoDB-wire database on the
// embedded FerretDB (or ACADEMY_TEST_MONGODB_URI) and a real redis-server (or
// ACADEMY_TEST_REDIS_URL), each started once per test binary on a free loopback
// port and stopped by Main.
package testenv

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/embedded"
)

var (
	stopMu sync.Mutex
	stops  []func()
)

func onStop(f func()) {
	stopMu.Lock()
	stops = append(stops, f)
	stopMu.Unlock()
}

// Main runs the package's tests, then stops every service started for them,
// and calls also (for services started by other harnesses). Call it from TestMain.
func Main(m *testing.M, also ...func()) {
	code := m.Run()
	for _, f := range also {
		f()
	}
	stopMu.Lock()
	for i := len(stops) - 1; i >= 0; i-- {
		stops[i]()
	}
	stopMu.Unlock()
	os.Exit(code)
}

var (
	mongoOnce   sync.Once
	mongoClient *mongo.Client
	mongoErr    error
	dbSeq       atomic.Int64
)

// MongoURI returns the URI of the shared test MongoDB-wire server.
func MongoURI(tb testing.TB) string {
	tb.Helper()
	client(tb)
	return mongoURI
}

var mongoURI string

func client(tb testing.TB) *mongo.Client {
	tb.Helper()
	mongoOnce.Do(func() {
		mongoURI = os.Getenv("ACADEMY_TEST_MONGODB_URI")
		if mongoURI == "" {
			dir, err := os.MkdirTemp("", "academy-test-db-")
			if err != nil {
				mongoErr = err
				return
			}
			log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
			db, err := embedded.StartMongoDB(dir, log)
			if err != nil {
				mongoErr = err
				return
			}
			mongoURI = db.URI
			onStop(func() { db.Close(); os.RemoveAll(dir) })
		}
		mongoClient, mongoErr = mongo.Connect(context.Background(), options.Client().ApplyURI(mongoURI))
		if mongoErr == nil {
			c := mongoClient
			onStop(func() { _ = c.Disconnect(context.Background()) })
		}
	})
	if mongoErr != nil {
		tb.Fatalf("start test MongoDB: %v", mongoErr)
	}
	return mongoClient
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9]+`)

// DB returns a fresh database for this test, dropped when the test ends.
func DB(tb testing.TB) *mongo.Database {
	tb.Helper()
	c := client(tb)
	name := unsafeName.ReplaceAllString(tb.Name(), "_")
	if len(name) > 40 {
		name = name[:40]
	}
	db := c.Database(fmt.Sprintf("t%d_%s", dbSeq.Add(1), strings.ToLower(name)))
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = db.Drop(ctx)
	})
	return db
}
