package dashboard

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

// Store keeps the occupations each learner aims at, one document per
// learner keyed by their id.
type Store struct {
	guard *guarded.Writer
	goals *mongo.Collection
}

// NewStore returns the dashboard store on db, whose writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	return &Store{guard: w, goals: db.Collection("learner_goals")}
}

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

// EnsureIndexes creates the goals' collection: read by _id only, it must
// exist before the embedded database's _id lookups are indexed at start.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	err := s.goals.Database().CreateCollection(ctx, s.goals.Name())
	var ce mongo.CommandError
	if err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
		return fmt.Errorf("create %s: %w", s.goals.Name(), err)
	}
	return nil
}

type goalsDoc struct {
	ID          string    `bson:"_id"`
	Occupations []string  `bson:"occupations"`
	UpdatedAt   time.Time `bson:"updated_at"`
}

// Goals returns the occupations a learner aims at; none before they choose.
func (s *Store) Goals(ctx context.Context, userID string) (Goals, error) {
	d, err := mongokit.FindOne[goalsDoc](ctx, s.goals, bson.M{"_id": userID}, "goals")
	if apperr.Is(err, apperr.NotFound) {
		return Goals{Occupations: []string{}}, nil
	}
	if err != nil {
		return Goals{}, err
	}
	if d.Occupations == nil {
		d.Occupations = []string{}
	}
	return Goals{Occupations: d.Occupations}, nil
}

// PutGoals replaces the occupations a learner aims at.
func (s *Store) PutGoals(ctx context.Context, userID string, g Goals, at time.Time) error {
	if _, err := s.guard.Upsert(ctx, s.goals, userID, nil,
		bson.M{"$set": bson.M{"occupations": g.Occupations, "updated_at": at}}, nil); err != nil {
		return fmt.Errorf("store the goals of %s: %w", userID, err)
	}
	return nil
}
