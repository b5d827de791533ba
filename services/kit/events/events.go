// Package events carries domain events between contexts: a context records a
// fact, and every context that subscribed to its type handles it once in
// effect, through the queue.
//
// FerretDB has no transactions, so a fact cannot be written to an outbox
// collection in the same transaction as the state it describes. Instead the
// producer embeds the event in the very single-document write that changes
// its state (under the field Field of that document, keyed by event id), and
// then calls Publish. Publish copies each embedded event into the outbox
// collection under the event's id (a second copy is a duplicate key and
// changes nothing), enqueues one task per subscriber, and only then removes
// the event from the producer's document. A crash anywhere in between leaves
// the event either still embedded in the producer's document or in the
// outbox with subscribers pending; Reconcile, one periodic task for the whole
// outbox, finds both and finishes the job. Nothing is lost, and nothing is
// written twice.
//
// Each delivery is an asynq task whose id is derived from the subscriber and
// the event, so enqueueing it again while it waits, runs or is kept after it
// ran adds nothing. An outbox record lists the subscribers that have not yet
// handled its event; a subscriber is struck off once its handler returns
// nil, and a task for a subscriber no longer listed does nothing. Handlers
// must still be idempotent: a worker may stop after a handler's effect and
// before it is struck off, and the event is then delivered again.
//
// Consumers read an event's data through the payload types of this package
// (facts.go), never through the producer's store.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/hibiken/asynq"
	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/jobs"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/mongoserver"
)

// Field is the field of a producer's document that holds its events not yet
// in the outbox, as a document keyed by event id.
const Field = "outbox"

// outboxCollection is the collection of recorded events.
const outboxCollection = "events"

// TypeDeliver is the task that hands one event to one subscriber.
const TypeDeliver = jobs.TypeDeliverEvent

// Event is one fact a context records.
type Event struct {
	ID   string    `bson:"_id" json:"id"`
	Type string    `bson:"type" json:"type"`
	At   time.Time `bson:"at" json:"at"`
	Data bson.Raw  `bson:"data" json:"-"`
}

// New returns an event of a type with data (one of the payloads of facts.go)
// and a fresh id.
func New(eventType string, data any, at time.Time) (Event, error) {
	raw, err := bson.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("encode %s event: %w", eventType, err)
	}
	return Event{ID: ulid.Make().String(), Type: eventType, At: at.UTC().Truncate(time.Millisecond), Data: raw}, nil
}

// Decode reads the event's data into v.
func (e Event) Decode(v any) error {
	if err := bson.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("decode %s event %s: %w", e.Type, e.ID, err)
	}
	return nil
}

// Embed returns the update that records evs in a producer's document, to
// join with the update that changes its state: {"$set": Embed(evs...)}.
func Embed(evs ...Event) bson.M {
	set := bson.M{}
	for _, ev := range evs {
		set[Field+"."+ev.ID] = ev
	}
	return set
}

type subscription struct {
	handle Handler
	opts   []asynq.Option
}

// Handler handles one event for a subscriber; it must be idempotent. An error
// wrapping asynq.SkipRetry gives up on the event for this subscriber.
type Handler func(ctx context.Context, ev Event) error

// Queue enqueues tasks; jobs.Queue implements it.
type Queue interface {
	// Add enqueues t unless a task with its id is in the queue, and reports whether it did.
	Add(ctx context.Context, t *asynq.Task) (bool, error)
}

// record is an event in the outbox, with the subscribers yet to handle it.
type record struct {
	Event      `bson:",inline"`
	Pending    []string  `bson:"pending"`
	Delivered  bool      `bson:"delivered"`
	EnqueuedAt time.Time `bson:"enqueued_at"`
	Enqueues   int       `bson:"enqueues"`
}

// Outbox records events and delivers them to their subscribers.
type Outbox struct {
	coll    *mongo.Collection
	guard   *guarded.Writer
	queue   Queue
	log     *slog.Logger
	now     func() time.Time
	subs    map[string]map[string]subscription // event type → subscriber
	sources []*mongo.Collection
}

// Options are the optional settings of New.
type Options struct {
	Log *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// NewOutbox returns the outbox kept in db, whose guarded writes go through w.
func NewOutbox(db *mongo.Database, w *guarded.Writer, q Queue, o Options) *Outbox {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Outbox{coll: db.Collection(outboxCollection), guard: w, queue: q, log: o.Log, now: o.Now, subs: map[string]map[string]subscription{}}
}

// EnsureIndexes creates the index the reconciler reads undelivered events by.
func (o *Outbox) EnsureIndexes(ctx context.Context) error {
	return mongoserver.EnsureIndexes(ctx, o.coll, mongo.IndexModel{
		Keys: bson.D{{Key: "delivered", Value: 1}, {Key: "enqueued_at", Value: 1}}, Options: options.Index().SetName("undelivered"),
	})
}

// Subscribe has h handle every event of a type under the subscriber's name,
// which names its tasks and must not change; opts override the delivery
// tasks' options of jobs.Specs (asynq.Queue(jobs.QueueCritical) when a person
// waits for the effect). Every process that records or delivers events
// subscribes the same handlers, before it starts.
func (o *Outbox) Subscribe(eventType, subscriber string, h Handler, opts ...asynq.Option) {
	if o.subs[eventType] == nil {
		o.subs[eventType] = map[string]subscription{}
	}
	if _, dup := o.subs[eventType][subscriber]; dup {
		panic("events: " + subscriber + " subscribes twice to " + eventType)
	}
	o.subs[eventType][subscriber] = subscription{handle: h, opts: opts}
}

// Watch makes Reconcile look for events left embedded in the documents of coll.
func (o *Outbox) Watch(coll *mongo.Collection) { o.sources = append(o.sources, coll) }

func (o *Outbox) subscribers(eventType string) []string {
	names := make([]string, 0, len(o.subs[eventType]))
	for name := range o.subs[eventType] {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Publish moves events embedded in the document id of coll to the outbox and
// enqueues their deliveries; calling it again, from any process, is harmless.
func (o *Outbox) Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...Event) error {
	for _, ev := range evs {
		r, err := o.store(ctx, ev)
		if err != nil {
			return err
		}
		if _, err := o.enqueue(ctx, r); err != nil {
			return err
		}
		if _, err := o.guard.Update(ctx, coll, id, nil, bson.M{"$unset": bson.M{Field + "." + ev.ID: ""}}); err != nil {
			return fmt.Errorf("clear published event %s from %s %s: %w", ev.ID, coll.Name(), id, err)
		}
	}
	// An emptied field would keep matching the reconciler's query (and a
	// sparse index on it) for good; the guard keeps an event embedded since.
	if _, err := o.guard.Update(ctx, coll, id, bson.M{Field: bson.M{}}, bson.M{"$unset": bson.M{Field: ""}}); err != nil {
		return fmt.Errorf("clear the emptied events of %s %s: %w", coll.Name(), id, err)
	}
	return nil
}

// store inserts an event's outbox record, or returns the one already there.
func (o *Outbox) store(ctx context.Context, ev Event) (record, error) {
	pending := o.subscribers(ev.Type)
	r := record{Event: ev, Pending: pending, Delivered: len(pending) == 0, EnqueuedAt: o.now().UTC()}
	_, err := o.coll.InsertOne(ctx, r)
	if err == nil {
		return r, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return r, fmt.Errorf("record %s event %s: %w", ev.Type, ev.ID, err)
	}
	return o.record(ctx, ev.ID)
}

func (o *Outbox) record(ctx context.Context, id string) (record, error) {
	var r record
	if err := o.coll.FindOne(ctx, bson.M{"_id": id}).Decode(&r); err != nil {
		return r, fmt.Errorf("read event %s: %w", id, err)
	}
	return r, nil
}

// enqueue adds the delivery of r to each pending subscriber, under the ids of
// its latest enqueue, and reports whether it added any.
func (o *Outbox) enqueue(ctx context.Context, r record) (bool, error) {
	added := false
	for _, sub := range r.Pending {
		ok, err := o.queue.Add(ctx, newTask(r.ID, sub, r.Enqueues, o.subs[r.Type][sub].opts...))
		if err != nil {
			return added, fmt.Errorf("deliver event %s to %s: %w", r.ID, sub, err)
		}
		added = added || ok
	}
	return added, nil
}

type payload struct {
	Event      string `json:"event"`
	Subscriber string `json:"subscriber"`
}

// TaskID is the id of the n-th delivery task of an event to a subscriber.
func TaskID(eventID, subscriber string, n int) string {
	id := TypeDeliver + ":" + subscriber + ":" + eventID
	if n > 0 {
		id += "#" + strconv.Itoa(n)
	}
	return id
}

func newTask(eventID, subscriber string, n int, opts ...asynq.Option) *asynq.Task {
	b, _ := json.Marshal(payload{Event: eventID, Subscriber: subscriber}) // two strings always encode
	return jobs.NewTask(TypeDeliver, b, append(opts, asynq.TaskID(TaskID(eventID, subscriber, n)))...)
}

// HandleTask is the asynq handler of TypeDeliver: it hands the event to the
// subscriber unless the subscriber has already handled it, then strikes the
// subscriber off the event's record.
func (o *Outbox) HandleTask(ctx context.Context, t *asynq.Task) error {
	var p payload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.Event == "" || p.Subscriber == "" {
		return fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	r, err := o.record(ctx, p.Event)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return fmt.Errorf("no event %s: %w", p.Event, asynq.SkipRetry)
	}
	if err != nil {
		return err
	}
	if !slices.Contains(r.Pending, p.Subscriber) {
		return nil
	}
	sub, ok := o.subs[r.Type][p.Subscriber]
	if !ok {
		return fmt.Errorf("%s does not subscribe to %s here: %w", p.Subscriber, r.Type, asynq.SkipRetry)
	}
	if err := sub.handle(ctx, r.Event); err != nil {
		return fmt.Errorf("%s handling %s event %s: %w", p.Subscriber, r.Type, r.ID, err)
	}
	return o.strikeOff(ctx, r.ID, p.Subscriber)
}

// strikeOff records that a subscriber handled an event, and that the event
// is delivered once no subscriber is left: in one write when it was the last.
func (o *Outbox) strikeOff(ctx context.Context, id, subscriber string) error {
	last, err := o.guard.Update(ctx, o.coll, id, bson.M{"pending": bson.A{subscriber}},
		bson.M{"$set": bson.M{"pending": bson.A{}, "delivered": true}})
	if err != nil {
		return fmt.Errorf("mark event %s delivered: %w", id, err)
	}
	if last {
		return nil
	}
	var r record
	if _, err := o.guard.UpdateAndRead(ctx, o.coll, id, nil, bson.M{"$pull": bson.M{"pending": subscriber}}, &r); err != nil {
		return fmt.Errorf("strike %s off event %s: %w", subscriber, id, err)
	}
	if len(r.Pending) > 0 || r.Delivered {
		return nil
	}
	if _, err := o.guard.Update(ctx, o.coll, id, bson.M{"pending": bson.A{}}, bson.M{"$set": bson.M{"delivered": true}}); err != nil {
		return fmt.Errorf("mark event %s delivered: %w", id, err)
	}
	return nil
}

// Reconcile finishes what a crash or a lost queue left: it publishes events
// still embedded in the watched collections, and enqueues again the pending
// deliveries of every event in the outbox, under the ids of their last
// enqueue (adding nothing while those tasks are in the queue), or under fresh
// ids once they were enqueued more than olderThan ago, as their tasks may
// have failed for good. It returns how many events it published or put back
// on the queue.
func (o *Outbox) Reconcile(ctx context.Context, olderThan time.Duration) (int, error) {
	n := 0
	for _, coll := range o.sources {
		published, err := o.publishEmbedded(ctx, coll)
		n += published
		if err != nil {
			return n, err
		}
	}
	cur, err := o.coll.Find(ctx, bson.M{"delivered": false}, options.Find().SetSort(bson.D{{Key: "enqueued_at", Value: 1}}))
	if err != nil {
		return n, fmt.Errorf("list undelivered events: %w", err)
	}
	var pending []record
	if err := cur.All(ctx, &pending); err != nil {
		return n, fmt.Errorf("list undelivered events: %w", err)
	}
	cutoff := o.now().Add(-olderThan)
	for _, r := range pending {
		if r.EnqueuedAt.Before(cutoff) {
			ok, err := o.guard.UpdateAndRead(ctx, o.coll, r.ID, bson.M{"enqueues": r.Enqueues},
				bson.M{"$set": bson.M{"enqueued_at": o.now().UTC()}, "$inc": bson.M{"enqueues": 1}}, &r)
			if err != nil {
				return n, fmt.Errorf("claim re-delivery of event %s: %w", r.ID, err)
			}
			if !ok {
				continue // another reconciler claimed it
			}
		}
		added, err := o.enqueue(ctx, r)
		if err != nil {
			return n, err
		}
		if added {
			n++
		}
	}
	return n, nil
}

// Prune deletes the records of events every subscriber handled, last
// enqueued more than olderThan ago, and returns how many. A record serves
// delivery only; kept for good, it would lengthen every later Reconcile
// (on the embedded database, reading the undelivered reads every record)
// and keep the personal data some events carry. An event still pending,
// however old, stays.
func (o *Outbox) Prune(ctx context.Context, olderThan time.Duration) (int, error) {
	n, err := mongokit.DeleteMatching(ctx, o.coll, bson.M{"delivered": true, "enqueued_at": bson.M{"$lt": o.now().Add(-olderThan).UTC()}})
	if err != nil {
		return n, fmt.Errorf("delete delivered events: %w", err)
	}
	return n, nil
}

// publishEmbedded publishes the events left in the documents of coll.
func (o *Outbox) publishEmbedded(ctx context.Context, coll *mongo.Collection) (int, error) {
	cur, err := coll.Find(ctx, bson.M{Field: bson.M{"$exists": true}}, options.Find().SetProjection(bson.M{Field: 1}))
	if err != nil {
		return 0, fmt.Errorf("list events left in %s: %w", coll.Name(), err)
	}
	var docs []struct {
		ID     string           `bson:"_id"`
		Outbox map[string]Event `bson:"outbox"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return 0, fmt.Errorf("list events left in %s: %w", coll.Name(), err)
	}
	n := 0
	for _, d := range docs {
		evs := make([]Event, 0, len(d.Outbox))
		for _, ev := range d.Outbox {
			evs = append(evs, ev)
		}
		if err := o.Publish(ctx, coll, d.ID, evs...); err != nil {
			return n, err
		}
		n += len(evs)
	}
	return n, nil
}
