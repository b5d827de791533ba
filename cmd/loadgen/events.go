package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/jobs"
	"academy/services/kit/embedded"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
)

// EventsCmd measures domain event delivery on the embedded stack, as
// `academy run` wires it: FerretDB on SQLite, the in-process miniredis, the
// outbox and a worker with the platform's settings. One event at a time, with
// the queue idle in between, it times a producer's write (its state and the
// embedded event in one document, then Publish) to the moment the subscriber
// handles the event.
type EventsCmd struct {
	Dir         string        `help:"Directory for the embedded database." required:""`
	Count       int           `help:"Events to deliver." default:"200"`
	Gap         time.Duration `help:"Pause after each delivery, so the queue is idle when the next event is recorded." default:"50ms"`
	Concurrency int           `help:"Handlers of the worker, as ACADEMY_WORKER_CONCURRENCY." default:"8"`
}

// benchFact is the event the bench producer records.
type benchFact struct {
	N int `bson:"n"`
}

// Run starts the stack, delivers the events and prints the latency table.
func (c EventsCmd) Run(ctx context.Context) error {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	dbServer, err := embedded.StartMongoDB(filepath.Join(c.Dir, "db"), log)
	if err != nil {
		return err
	}
	defer dbServer.Close()
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(dbServer.URI))
	if err != nil {
		return err
	}
	defer func() { _ = client.Disconnect(context.Background()) }()
	db := client.Database("bench")
	redis, err := embedded.StartRedis()
	if err != nil {
		return err
	}
	defer redis.Close()
	redisOpt := asynq.RedisClientOpt{Addr: redis.Addr}
	queue := jobs.NewQueue(redisOpt)
	defer queue.Close()
	writes, err := guarded.New(ctx, db)
	if err != nil {
		return err
	}
	outbox := events.NewOutbox(db, writes, queue, events.Options{Log: log})
	if err := outbox.EnsureIndexes(ctx); err != nil {
		return err
	}
	facts := db.Collection("facts")
	if err := db.CreateCollection(ctx, facts.Name()); err != nil {
		return err
	}
	if err := dbServer.IndexIDLookups(ctx, db.Name()); err != nil {
		return err
	}
	outbox.Watch(facts)

	var mu sync.Mutex
	handled := map[string]chan time.Time{}
	outbox.Subscribe("BenchFact", "bench", func(_ context.Context, ev events.Event) error {
		at := time.Now()
		mu.Lock()
		ch := handled[ev.ID]
		mu.Unlock()
		if ch != nil {
			select {
			case ch <- at:
			default: // handled again: the first time counts
			}
		}
		return nil
	})
	worker := jobs.NewWorker(redisOpt, c.Concurrency, log)
	worker.Handle(events.TypeDeliver, outbox.HandleTask)
	if err := worker.Start(); err != nil {
		return err
	}
	defer worker.Shutdown()

	rec := newRecorder()
	for i := range c.Count {
		ev, err := events.New("BenchFact", benchFact{N: i}, time.Now())
		if err != nil {
			return err
		}
		ch := make(chan time.Time, 1)
		mu.Lock()
		handled[ev.ID] = ch
		mu.Unlock()
		id := fmt.Sprintf("fact-%06d", i)
		start := time.Now()
		doc := bson.M{"_id": id, "n": i, events.Field: bson.M{ev.ID: ev}}
		if _, err := facts.InsertOne(ctx, doc); err != nil {
			return fmt.Errorf("producer write: %w", err)
		}
		if err := outbox.Publish(ctx, facts, id, ev); err != nil {
			return err
		}
		rec.op("publish (write + outbox + enqueue)").add(time.Since(start))
		select {
		case at := <-ch:
			rec.op("write to subscriber handled").add(at.Sub(start))
		case <-time.After(30 * time.Second):
			rec.op("write to subscriber handled").fail(fmt.Errorf("event %d not handled within 30 s", i))
		case <-ctx.Done():
			return ctx.Err()
		}
		time.Sleep(c.Gap)
	}
	rec.latencyTable(os.Stdout)
	return nil
}
