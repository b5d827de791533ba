package platformstats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
)

// totalID is the document of the running totals, beside the weeks'.
const totalID = "total"

// backfillID is the marker of the deployment's one backfill.
const backfillID = "backfill"

// Store keeps the weekly counters (one document per ISO week keyed by its
// id, and one of totals) and the markers that make counting idempotent: one
// small document per fact counted, per learner active in a week, per
// learner's place in the talent pool, and the backfill's claim.
type Store struct {
	guard *guarded.Writer
	weeks *mongo.Collection
	marks *mongo.Collection
}

// NewStore returns the dashboard's store on db, whose writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	return &Store{guard: w, weeks: db.Collection("platform_weeks"), marks: db.Collection("platform_marks")}
}

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

// EnsureIndexes creates the collections: read by _id only, they must exist
// before the embedded database's _id lookups are indexed at start.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	for _, c := range []*mongo.Collection{s.weeks, s.marks} {
		err := c.Database().CreateCollection(ctx, c.Name())
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
			return fmt.Errorf("create %s: %w", c.Name(), err)
		}
	}
	return nil
}

type weekDoc struct {
	ID     string           `bson:"_id"`
	Counts map[string]int64 `bson:"counts"`
}

// mark inserts the marker id and reports whether it was not there yet: the
// unique _id makes one of any number of concurrent callers the first.
func (s *Store) mark(ctx context.Context, id string, fields bson.M) (bool, error) {
	doc := bson.M{"_id": id}
	for k, v := range fields {
		doc[k] = v
	}
	_, err := s.marks.InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("mark %s: %w", id, err)
	}
	return true, nil
}

// unmark removes a marker whose count could not be written, so that a retry counts it.
func (s *Store) unmark(ctx context.Context, id string) error {
	_, err := s.marks.DeleteOne(ctx, bson.M{"_id": id})
	return err
}

// add adds delta to a metric of the week of at and, unless weekOnly, to its total.
func (s *Store) add(ctx context.Context, metric string, delta int64, at time.Time, weekOnly bool) error {
	ids := []string{WeekID(at)}
	if !weekOnly {
		ids = append(ids, totalID)
	}
	for _, id := range ids {
		// A nil guard serialises the $inc with other writes to the document,
		// which FerretDB would otherwise lose.
		if _, err := s.guard.Upsert(ctx, s.weeks, id, nil, bson.M{"$inc": bson.M{"counts." + metric: delta}}, nil); err != nil {
			return fmt.Errorf("count %s in %s: %w", metric, id, err)
		}
	}
	return nil
}

// counts reads the counters of these weeks (and totals) by _id.
func (s *Store) counts(ctx context.Context, ids []string) (map[string]map[string]int64, error) {
	out := make(map[string]map[string]int64, len(ids))
	for _, id := range ids {
		d, err := mongokit.FindOne[weekDoc](ctx, s.weeks, bson.M{"_id": id}, "week")
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		out[id] = d.Counts
	}
	return out, nil
}

type poolDoc struct {
	ID     string    `bson:"_id"`
	InPool bool      `bson:"in_pool"`
	At     time.Time `bson:"at"`
}

// setPool records whether a learner is in the talent pool as of at, unless
// a later change is recorded already (deliveries may come out of order), and
// returns the change to the pool's size: +1, -1 or 0.
func (s *Store) setPool(ctx context.Context, userID string, inPool bool, at time.Time) (int64, error) {
	id := "pool:" + userID
	for range 3 {
		before, err := mongokit.FindOne[poolDoc](ctx, s.marks, bson.M{"_id": id}, "pool place")
		if apperr.Is(err, apperr.NotFound) {
			first, err := s.mark(ctx, id, bson.M{"in_pool": inPool, "at": at})
			if err != nil {
				return 0, err
			}
			if first {
				return poolDelta(false, inPool), nil
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		if !before.At.Before(at) {
			return 0, nil
		}
		ok, err := s.guard.Update(ctx, s.marks, id, bson.M{"at": before.At}, bson.M{"$set": bson.M{"in_pool": inPool, "at": at}})
		if err != nil {
			return 0, fmt.Errorf("record talent pool place of %s: %w", userID, err)
		}
		if ok {
			return poolDelta(before.InPool, inPool), nil
		}
	}
	return 0, fmt.Errorf("the talent pool place of %s kept changing", userID)
}

func poolDelta(was, is bool) int64 {
	switch {
	case is && !was:
		return 1
	case was && !is:
		return -1
	}
	return 0
}

type backfillDoc struct {
	ID        string     `bson:"_id"`
	ClaimedAt time.Time  `bson:"claimed_at"`
	DoneAt    *time.Time `bson:"done_at,omitempty"`
}

// claimBackfill claims the deployment's backfill, or takes over a claim
// older than stale that never finished; it reports whether the caller runs it.
func (s *Store) claimBackfill(ctx context.Context, now time.Time, stale time.Duration) (bool, error) {
	ok, err := s.mark(ctx, backfillID, bson.M{"claimed_at": now})
	if err != nil || ok {
		return ok, err
	}
	return s.guard.Update(ctx, s.marks, backfillID, bson.M{"done_at": nil, "claimed_at": bson.M{"$lt": now.Add(-stale)}},
		bson.M{"$set": bson.M{"claimed_at": now}})
}

// finishBackfill records that the backfill is done.
func (s *Store) finishBackfill(ctx context.Context, now time.Time) error {
	_, err := s.guard.Update(ctx, s.marks, backfillID, nil, bson.M{"$set": bson.M{"done_at": now}})
	return err
}

// backfilledAt returns when the backfill finished, nil before.
func (s *Store) backfilledAt(ctx context.Context) (*time.Time, error) {
	d, err := mongokit.FindOne[backfillDoc](ctx, s.marks, bson.M{"_id": backfillID}, "backfill")
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil, nil
		}
		return nil, err
	}
	return d.DoneAt, nil
}
