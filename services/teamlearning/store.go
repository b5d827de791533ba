package teamlearning

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
)

// namespaceExists is the server's error code for a collection created twice.
const namespaceExists = 48

// Store keeps the team context's collections. Every one is read by _id
// only: the embedded database scans a collection for any other filter.
type Store struct {
	guard       *guarded.Writer
	rosters     *mongo.Collection
	invitations *mongo.Collection
	members     *mongo.Collection
	people      *mongo.Collection
	inboxes     *mongo.Collection
	paths       *mongo.Collection
	wallets     *mongo.Collection
}

// NewStore returns the store over db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	return &Store{
		guard:       w,
		rosters:     db.Collection("team_rosters"),
		invitations: db.Collection("team_invitations"),
		members:     db.Collection("team_members"),
		people:      db.Collection("team_people"),
		inboxes:     db.Collection("team_inboxes"),
		paths:       db.Collection("team_paths"),
		wallets:     db.Collection("team_wallets"),
	}
}

// EnsureIndexes creates the collections, which need no index but _id's:
// they must exist before the embedded database's _id lookups are indexed.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	for _, c := range []*mongo.Collection{s.rosters, s.invitations, s.members, s.people, s.inboxes, s.paths, s.wallets} {
		var ce mongo.CommandError
		if err := c.Database().CreateCollection(ctx, c.Name()); err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
			return fmt.Errorf("create %s: %w", c.Name(), err)
		}
	}
	return nil
}

// roster returns the company's roster, empty when it has none yet.
func (s *Store) roster(ctx context.Context, orgID string) (Roster, error) {
	r, err := mongokit.FindOne[Roster](ctx, s.rosters, bson.M{"_id": orgID}, "team")
	if apperr.Is(err, apperr.NotFound) {
		return Roster{ID: orgID}, nil
	}
	return r, err
}

// updateRoster applies update to the company's roster, creating it if need be.
func (s *Store) updateRoster(ctx context.Context, orgID string, guard, update bson.M) (bool, error) {
	ok, err := s.guard.Upsert(ctx, s.rosters, orgID, guard, update, nil)
	if err != nil {
		return false, fmt.Errorf("update team %s: %w", orgID, err)
	}
	return ok, nil
}

func (s *Store) insertInvitation(ctx context.Context, inv Invitation) error {
	if _, err := s.invitations.InsertOne(ctx, inv); err != nil {
		return fmt.Errorf("insert team invitation: %w", err)
	}
	return nil
}

func (s *Store) invitation(ctx context.Context, id string) (Invitation, error) {
	return mongokit.FindOne[Invitation](ctx, s.invitations, bson.M{"_id": id}, "invitation")
}

// answerInvitation moves the invitation to status if it matches guard, and
// reports whether it did: of several answers at once, one does.
func (s *Store) answerInvitation(ctx context.Context, id string, guard, set bson.M) (Invitation, bool, error) {
	var inv Invitation
	ok, err := s.guard.UpdateAndRead(ctx, s.invitations, id, guard, bson.M{"$set": set}, &inv)
	if err != nil {
		return inv, false, fmt.Errorf("answer team invitation %s: %w", id, err)
	}
	return inv, ok, nil
}

func (s *Store) inbox(ctx context.Context, emailKey string) (inbox, error) {
	b, err := mongokit.FindOne[inbox](ctx, s.inboxes, bson.M{"_id": emailKey}, "inbox")
	if apperr.Is(err, apperr.NotFound) {
		return inbox{ID: emailKey}, nil
	}
	return b, err
}

func (s *Store) updateInbox(ctx context.Context, emailKey string, update bson.M) error {
	if _, err := s.guard.Upsert(ctx, s.inboxes, emailKey, nil, update, nil); err != nil {
		return fmt.Errorf("update invitations of an address: %w", err)
	}
	return nil
}

// insertMember stores the membership; a second one of the same person in
// the same team is a conflict.
func (s *Store) insertMember(ctx context.Context, m Member) error {
	_, err := s.members.InsertOne(ctx, m)
	if mongo.IsDuplicateKeyError(err) {
		return apperr.Conflictf("already-member", "you are already in this team")
	}
	if err != nil {
		return fmt.Errorf("insert team member: %w", err)
	}
	return nil
}

func (s *Store) member(ctx context.Context, orgID, userID string) (Member, error) {
	m, err := mongokit.FindOne[Member](ctx, s.members, bson.M{"_id": memberID(orgID, userID)}, "team member")
	if apperr.Is(err, apperr.NotFound) {
		return m, apperr.New(apperr.NotFound, "not-a-member", "not a member of this team")
	}
	return m, err
}

// setSharing records the member's consent and reads the membership back.
func (s *Store) setSharing(ctx context.Context, orgID, userID string, set bson.M) (Member, error) {
	var m Member
	ok, err := s.guard.UpdateAndRead(ctx, s.members, memberID(orgID, userID), nil, bson.M{"$set": set}, &m)
	if err != nil {
		return m, fmt.Errorf("set sharing: %w", err)
	}
	if !ok {
		return m, apperr.New(apperr.NotFound, "not-a-member", "you are not a member of this team")
	}
	return m, nil
}

func (s *Store) deleteMember(ctx context.Context, orgID, userID string) (bool, error) {
	ok, err := s.guard.Delete(ctx, s.members, memberID(orgID, userID), nil)
	if err != nil {
		return false, fmt.Errorf("delete team member: %w", err)
	}
	return ok, nil
}

func (s *Store) person(ctx context.Context, userID string) (person, error) {
	p, err := mongokit.FindOne[person](ctx, s.people, bson.M{"_id": userID}, "person")
	if apperr.Is(err, apperr.NotFound) {
		return person{ID: userID}, nil
	}
	return p, err
}

func (s *Store) updatePerson(ctx context.Context, userID string, update bson.M) error {
	if _, err := s.guard.Upsert(ctx, s.people, userID, nil, update, nil); err != nil {
		return fmt.Errorf("update teams of a person: %w", err)
	}
	return nil
}

func (s *Store) insertPath(ctx context.Context, p Path) error {
	if _, err := s.paths.InsertOne(ctx, p); err != nil {
		return fmt.Errorf("insert learning path: %w", err)
	}
	return nil
}

func (s *Store) path(ctx context.Context, id string) (Path, error) {
	return mongokit.FindOne[Path](ctx, s.paths, bson.M{"_id": id}, "learning path")
}

func (s *Store) deletePath(ctx context.Context, id string) error {
	if _, err := s.guard.Delete(ctx, s.paths, id, nil); err != nil {
		return fmt.Errorf("delete learning path: %w", err)
	}
	return nil
}

func (s *Store) wallet(ctx context.Context, userID string) (wallet, error) {
	w, err := mongokit.FindOne[wallet](ctx, s.wallets, bson.M{"_id": userID}, "wallet")
	if apperr.Is(err, apperr.NotFound) {
		return wallet{ID: userID}, nil
	}
	return w, err
}

// putCredential records one credential of the learner as it stands.
func (s *Store) putCredential(ctx context.Context, userID string, c heldCredential) error {
	_, err := s.guard.Upsert(ctx, s.wallets, userID, nil, bson.M{"$set": bson.M{"credentials." + c.ID: c}}, nil)
	if err != nil {
		return fmt.Errorf("record credential %s: %w", c.ID, err)
	}
	return nil
}
