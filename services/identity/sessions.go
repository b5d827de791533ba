package identity

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

// SessionEnder ends sessions early: their access tokens stop working before
// they expire. A session is a refresh token family.
type SessionEnder interface {
	Revoke(ctx context.Context, sessionIDs ...string) error
}

// endSessions ends the sessions' access tokens, when an ender is configured.
func (s *Service) endSessions(ctx context.Context, sessionIDs ...string) error {
	if s.ended == nil || len(sessionIDs) == 0 {
		return nil
	}
	return s.ended.Revoke(ctx, sessionIDs...)
}

// endUserSessions ends the access tokens of every session of the user but keep.
func (s *Service) endUserSessions(ctx context.Context, userID, keep string, now time.Time) error {
	families, err := s.store.liveFamilies(ctx, userID, now)
	if err != nil {
		return err
	}
	ids := families[:0]
	for _, f := range families {
		if f != keep {
			ids = append(ids, f)
		}
	}
	return s.endSessions(ctx, ids...)
}

// liveFamilies returns the refresh token families of the user that hold an
// unexpired token: every session whose access tokens may still be valid,
// since an access token never outlives the refresh token issued with it.
func (s *Store) liveFamilies(ctx context.Context, userID string, now time.Time) ([]string, error) {
	vals, err := s.refresh.Distinct(ctx, "family_id", bson.M{"user_id": userID, "expires_at": bson.M{"$gt": now}})
	if err != nil {
		return nil, fmt.Errorf("sessions of user %s: %w", userID, err)
	}
	families := make([]string, 0, len(vals))
	for _, v := range vals {
		if f, ok := v.(string); ok {
			families = append(families, f)
		}
	}
	return families, nil
}
