package events_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/jobs"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// placed is the fact the test producer records.
type placed struct {
	Order string `bson:"order"`
}

// env is a producer of orders and a subscriber that books each order once in
// a ledger, on the test's database and Redis.
type env struct {
	db     *mongo.Database
	orders *mongo.Collection
	ledger *mongo.Collection
	writes *guarded.Writer
	redis  asynq.RedisClientOpt
	queue  *jobs.Queue
	// now is the outboxes' clock; time.Now when nil.
	now func() time.Time

	mu    sync.Mutex
	calls map[string]int // order → handler calls
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := testenv.DB(t)
	w, err := guarded.New(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	opt := testenv.Redis(t)
	r := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	q := jobs.NewQueue(r)
	t.Cleanup(func() { _ = q.Close() })
	return &env{db: db, orders: db.Collection("orders"), ledger: db.Collection("ledger"), writes: w, redis: r, queue: q, calls: map[string]int{}}
}

// outbox returns a dispatcher with the ledger subscribed, as each process has one.
func (e *env) outbox(t *testing.T, q events.Queue) *events.Outbox {
	t.Helper()
	o := events.NewOutbox(e.db, e.writes, q, events.Options{Now: e.now})
	if err := o.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	o.Watch(e.orders)
	o.Subscribe("OrderPlaced", "ledger", e.book)
	return o
}

// book is the idempotent subscriber: one ledger line per order.
func (e *env) book(ctx context.Context, ev events.Event) error {
	var p placed
	if err := ev.Decode(&p); err != nil {
		return err
	}
	e.mu.Lock()
	e.calls[p.Order]++
	e.mu.Unlock()
	_, err := e.ledger.InsertOne(ctx, bson.M{"_id": p.Order, "event": ev.ID})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return err
}

// place records an order with its event in one write, and reports the event;
// the caller publishes it, or does not, as a crash would.
func (e *env) place(t *testing.T, id string) events.Event {
	t.Helper()
	ev, err := events.New("OrderPlaced", placed{Order: id}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	doc := bson.M{"_id": id, "state": "placed"}
	for k, v := range events.Embed(ev) {
		doc[k] = v
	}
	if _, err := e.orders.UpdateOne(context.Background(), bson.M{"_id": id}, bson.M{"$set": doc}, optionsUpsert()); err != nil {
		t.Fatal(err)
	}
	return ev
}

// startWorker runs a real worker delivering o's events.
func (e *env) startWorker(t *testing.T, o *events.Outbox) {
	t.Helper()
	w := jobs.NewWorker(e.redis, 4, quietLog())
	w.Handle(events.TypeDeliver, o.HandleTask)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Shutdown)
}

// checkOnceEach waits until every order is booked, and fails unless each is
// booked once, handled once when calls is set, and its event is delivered
// and gone from the order.
func (e *env) checkOnceEach(t *testing.T, orders []string, exactCalls bool) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(15 * time.Second)
	for {
		n, err := e.ledger.CountDocuments(ctx, bson.M{})
		if err != nil {
			t.Fatal(err)
		}
		undelivered, err := e.db.Collection("events").CountDocuments(ctx, bson.M{"delivered": false})
		if err != nil {
			t.Fatal(err)
		}
		if n == int64(len(orders)) && undelivered == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d orders booked, %d events undelivered", n, len(orders), undelivered)
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range orders {
		if exactCalls && e.calls[id] != 1 {
			t.Errorf("order %s handled %d times, want once", id, e.calls[id])
		}
		var doc bson.M
		if err := e.orders.FindOne(ctx, bson.M{"_id": id}).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if left, held := doc[events.Field]; held {
			t.Errorf("order %s still holds its events field %v", id, left)
		}
	}
}

func orderIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("order-%02d", i)
	}
	return ids
}

func TestPublishedEventReachesEachSubscriberOnce(t *testing.T) {
	e := newEnv(t)
	o := e.outbox(t, e.queue)
	var audited sync.Map
	o.Subscribe("OrderPlaced", "audit", func(_ context.Context, ev events.Event) error {
		audited.Store(ev.ID, true)
		return nil
	})
	e.startWorker(t, o)
	ids := orderIDs(3)
	for _, id := range ids {
		if err := o.Publish(context.Background(), e.orders, id, e.place(t, id)); err != nil {
			t.Fatal(err)
		}
	}
	e.checkOnceEach(t, ids, true)
	n := 0
	audited.Range(func(any, any) bool { n++; return true })
	if n != len(ids) {
		t.Errorf("the second subscriber saw %d events, want %d", n, len(ids))
	}
}

// failingQueue loses every task, as a queue that is down.
type failingQueue struct{}

func (failingQueue) Add(context.Context, *asynq.Task) (bool, error) {
	return false, errors.New("queue down")
}

func TestCrashBetweenStateChangeAndDelivery(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ids := orderIDs(4)
	// The first two orders' writers stop right after the state change; the
	// others' get their events into the outbox and then lose the queue.
	for _, id := range ids[:2] {
		e.place(t, id)
	}
	down := e.outbox(t, failingQueue{})
	for _, id := range ids[2:] {
		if err := down.Publish(ctx, e.orders, id, e.place(t, id)); err == nil {
			t.Fatal("publishing without a queue succeeded")
		}
	}
	o := e.outbox(t, e.queue)
	n, err := o.Reconcile(ctx, time.Hour)
	if err != nil || n != len(ids) {
		t.Fatalf("reconciling put back %d events (err %v), want %d", n, err, len(ids))
	}
	e.startWorker(t, o)
	e.checkOnceEach(t, ids, true)
	if n, err := o.Reconcile(ctx, 0); err != nil || n != 0 {
		t.Errorf("reconciling once delivered put back %d events (err %v), want none", n, err)
	}
}

// Delivered events are deleted once a week old; an undelivered one stays,
// however old, and is still delivered.
func TestPruneDeletesOnlyOldDeliveredEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	start := time.Now()
	var mu sync.Mutex
	clock := start
	e.now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}
	setClock := func(d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		clock = start.Add(d)
	}
	ids := orderIDs(4)
	o := e.outbox(t, e.queue)
	e.startWorker(t, o)
	// Orders 0 and 1 are delivered at the start, order 3 six days later;
	// order 2's event waits in the outbox with its queue lost.
	for _, id := range ids[:2] {
		if err := o.Publish(ctx, e.orders, id, e.place(t, id)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.outbox(t, failingQueue{}).Publish(ctx, e.orders, ids[2], e.place(t, ids[2])); err == nil {
		t.Fatal("publishing without a queue succeeded")
	}
	waitIdle(t, e.redis)
	setClock(6 * 24 * time.Hour)
	if err := o.Publish(ctx, e.orders, ids[3], e.place(t, ids[3])); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, e.redis)

	setClock(8 * 24 * time.Hour)
	n, err := o.Prune(ctx, 7*24*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("pruning deleted %d events (err %v), want the 2 delivered a week ago", n, err)
	}
	var left []struct {
		Delivered bool `bson:"delivered"`
	}
	cur, err := e.db.Collection("events").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &left); err != nil {
		t.Fatal(err)
	}
	if len(left) != 2 {
		t.Fatalf("%d events left, want the undelivered one and the one delivered two days ago", len(left))
	}
	// The undelivered one is delivered (under its first task id: a second
	// one could hand it over twice, as the outbox allows); none deleted
	// comes back.
	if _, err := o.Reconcile(ctx, 30*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	e.checkOnceEach(t, ids, true)
	// Now delivered, it was enqueued a week ago: it goes; the one enqueued
	// two days ago stays.
	if n, err := o.Prune(ctx, 7*24*time.Hour); err != nil || n != 1 {
		t.Errorf("pruning again deleted %d events (err %v), want the one enqueued a week ago", n, err)
	}
}

func TestRedeliveryChangesNothing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o := e.outbox(t, e.queue)
	e.startWorker(t, o)
	ids := orderIDs(2)
	evs := map[string]events.Event{}
	for _, id := range ids {
		evs[id] = e.place(t, id)
		if err := o.Publish(ctx, e.orders, id, evs[id]); err != nil {
			t.Fatal(err)
		}
	}
	e.checkOnceEach(t, ids, true)
	for i := range 3 {
		for _, id := range ids {
			// The same event published again, its task enqueued again under
			// a fresh id, and handed to the handler directly.
			if err := o.Publish(ctx, e.orders, id, evs[id]); err != nil {
				t.Fatal(err)
			}
			task := asynq.NewTask(events.TypeDeliver, fmt.Appendf(nil, `{"event":%q,"subscriber":"ledger"}`, evs[id].ID),
				asynq.TaskID(fmt.Sprintf("again-%d-%s", i, id)))
			if err := e.queue.Enqueue(ctx, task); err != nil {
				t.Fatal(err)
			}
			if err := o.HandleTask(ctx, task); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitIdle(t, e.redis)
	e.checkOnceEach(t, ids, true)
}

func TestTwoDispatchersRacing(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ids := orderIDs(20)
	evs := make([]events.Event, len(ids))
	for i, id := range ids {
		evs[i] = e.place(t, id)
	}
	a, b := e.outbox(t, e.queue), e.outbox(t, e.queue)
	e.startWorker(t, a)
	e.startWorker(t, b)
	var wg sync.WaitGroup
	for _, o := range []*events.Outbox{a, b} {
		wg.Go(func() {
			for i, id := range ids {
				if err := o.Publish(ctx, e.orders, id, evs[i]); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() {
			if _, err := o.Reconcile(ctx, 0); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	e.checkOnceEach(t, ids, false)
}

func TestRedisFlushed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o := e.outbox(t, e.queue)
	ids := orderIDs(5)
	for _, id := range ids {
		if err := o.Publish(ctx, e.orders, id, e.place(t, id)); err != nil {
			t.Fatal(err)
		}
	}
	rdb := redis.NewClient(&redis.Options{Addr: e.redis.Addr, Password: e.redis.Password, DB: e.redis.DB})
	defer rdb.Close()
	flush := func() {
		t.Helper()
		if err := rdb.FlushDB(ctx).Err(); err != nil {
			t.Fatal(err)
		}
	}
	flush()
	if n, err := o.Reconcile(ctx, time.Hour); err != nil || n != len(ids) {
		t.Fatalf("after the flush, reconciling put back %d events (err %v), want %d", n, err, len(ids))
	}
	if n, err := o.Reconcile(ctx, time.Hour); err != nil || n != 0 {
		t.Errorf("with the tasks queued, reconciling put back %d events (err %v), want none", n, err)
	}
	e.startWorker(t, o)
	e.checkOnceEach(t, ids, true)
	flush()
	if n, err := o.Reconcile(ctx, 0); err != nil || n != 0 {
		t.Errorf("after a flush once delivered, reconciling put back %d events (err %v), want none", n, err)
	}
	e.checkOnceEach(t, ids, true)
}

func TestBadDeliveryIsNotRetried(t *testing.T) {
	e := newEnv(t)
	o := e.outbox(t, e.queue)
	for _, payload := range []string{"{", `{"event":""}`, `{"event":"nope","subscriber":"ledger"}`} {
		err := o.HandleTask(context.Background(), asynq.NewTask(events.TypeDeliver, []byte(payload)))
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("payload %s: %v, want an error wrapping SkipRetry", payload, err)
		}
	}
}

func TestSubscriberChoosesTheQueueOfItsDeliveries(t *testing.T) {
	e := newEnv(t)
	o := e.outbox(t, e.queue)
	o.Subscribe("OrderPlaced", "urgent", func(context.Context, events.Event) error { return nil }, asynq.Queue(jobs.QueueCritical))
	ev := e.place(t, "order-1")
	if err := o.Publish(context.Background(), e.orders, "order-1", ev); err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspector(e.redis)
	defer insp.Close()
	for queue, want := range map[string]string{jobs.QueueDefault: events.TaskID(ev.ID, "ledger", 0), jobs.QueueCritical: events.TaskID(ev.ID, "urgent", 0)} {
		tasks, err := insp.ListPendingTasks(queue)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 1 || tasks[0].ID != want {
			t.Errorf("queue %s holds %v, want the task %s", queue, tasks, want)
		}
	}
}
