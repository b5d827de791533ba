package embedded

import (
	"context"
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// floorDocs is how many documents the read and update floors pick from.
const floorDocs = 20_000

// BenchmarkFloor measures the least the embedded database costs whatever the
// code above it asks, through the driver as academy uses it: a read by _id
// in an indexed collection of 20,000 small documents, an update by _id, and
// one small document of an unordered insert of 1,000, each collection with
// the _id lookup index academy gives it. Besides the time per document,
// one operation at a time, cpu-µs/doc is the processor time the process
// (driver and database alike) spent per document: the two cores bound how
// many fit in a second however many run at once.
func BenchmarkFloor(b *testing.B) {
	m, client := startConnected(b, b.TempDir())
	ctx := context.Background()
	db := client.Database("app")
	id := func(i int) string { return fmt.Sprintf("doc-%07d", i) }
	doc := func(i int) bson.M { return bson.M{"_id": id(i), "n": i, "label": "a small document"} }
	insert := func(coll *mongo.Collection, from, n int) {
		docs := make([]any, n)
		for i := range docs {
			docs[i] = doc(from + i)
		}
		if _, err := coll.InsertMany(ctx, docs, options.InsertMany().SetOrdered(false)); err != nil {
			b.Fatal(err)
		}
	}
	read, written := db.Collection("floor"), db.Collection("inserted")
	for from := 0; from < floorDocs; from += 1000 {
		insert(read, from, 1000)
	}
	if err := db.CreateCollection(ctx, written.Name()); err != nil {
		b.Fatal(err)
	}
	if err := m.IndexIDLookups(ctx, "app"); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))

	b.Run("find-by-id", func(b *testing.B) {
		measureCPU(b, 1, func() {
			if err := read.FindOne(ctx, bson.M{"_id": id(r.IntN(floorDocs))}).Err(); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("update-by-id", func(b *testing.B) {
		measureCPU(b, 1, func() {
			if _, err := read.UpdateOne(ctx, bson.M{"_id": id(r.IntN(floorDocs))}, bson.M{"$inc": bson.M{"n": 1}}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("insert-batch", func(b *testing.B) {
		next := 0
		measureCPU(b, 1000, func() {
			insert(written, next, 1000)
			next += 1000
		})
	})
}

// measureCPU runs op b.N times and reports the wall and processor time per
// document, op handling perOp of them.
func measureCPU(b *testing.B, perOp int, op func()) {
	var before, after syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for b.Loop() {
		op()
	}
	took := time.Since(start)
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
		b.Fatal(err)
	}
	cpu := time.Duration(after.Utime.Nano()-before.Utime.Nano()) + time.Duration(after.Stime.Nano()-before.Stime.Nano())
	docs := float64(b.N * perOp)
	b.ReportMetric(float64(took.Microseconds())/docs, "µs/doc")
	b.ReportMetric(float64(cpu.Microseconds())/docs, "cpu-µs/doc")
}
