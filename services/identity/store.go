package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/mongoserver"
)

// Store keeps the identity context's collections in MongoDB. Every write is
// one single-document operation, because the embedded database has no
// multi-document transactions, and every write guarded by the state it
// expects, or that must not be lost beside such writes, goes through guard.
type Store struct {
	guard       *guarded.Writer
	users       *mongo.Collection
	emails      *mongo.Collection
	families    *mongo.Collection
	refresh     *mongo.Collection
	resets      *mongo.Collection
	verifies    *mongo.Collection
	invitations *mongo.Collection
	outbox      *mongo.Collection
	orgs        *mongo.Collection
	memberships *mongo.Collection
	failures    *mongo.Collection
	audit       *mongo.Collection
	counters    *mongo.Collection
	deletions   *mongo.Collection
}

// NewStore returns the store over db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	return &Store{
		guard:       w,
		users:       db.Collection("users"),
		emails:      db.Collection(emailsCollection),
		families:    db.Collection("refresh_families"),
		refresh:     db.Collection("refresh_tokens"),
		resets:      db.Collection("password_resets"),
		verifies:    db.Collection("email_verifications"),
		invitations: db.Collection("invitations"),
		outbox:      db.Collection("outbox"),
		orgs:        db.Collection("organisations"),
		memberships: db.Collection("memberships"),
		failures:    db.Collection("login_failures"),
		audit:       db.Collection("admin_audit"),
		counters:    db.Collection("platform_counters"),
		deletions:   db.Collection("account_deletions"),
	}
}

// account is a user with the secret the User type never carries.
type account struct {
	User         `bson:",inline"`
	EmailKey     string    `bson:"email_key"`
	PasswordHash string    `bson:"password_hash"`
	PasswordAt   time.Time `bson:"password_changed_at"`
	// Sample marks an account EnsureSampleAccount opened: sample data, which
	// DeleteSampleAccount may delete.
	Sample bool `bson:"sample,omitempty"`
}

// refreshToken is the stored form of an opaque refresh token: only its hash.
type refreshToken struct {
	Hash      string     `bson:"_id"`
	FamilyID  string     `bson:"family_id"`
	UserID    string     `bson:"user_id"`
	CreatedAt time.Time  `bson:"created_at"`
	ExpiresAt time.Time  `bson:"expires_at"`
	UsedAt    *time.Time `bson:"used_at"`
	RevokedAt *time.Time `bson:"revoked_at"`
	// Successor is the token issued when this one was used, sealed under a
	// key derived from this one (see sealSuccessor).
	Successor string `bson:"successor,omitempty"`
}

// passwordReset is the stored form of a password reset token: only its hash.
type passwordReset struct {
	Hash      string     `bson:"_id"`
	UserID    string     `bson:"user_id"`
	CreatedAt time.Time  `bson:"created_at"`
	ExpiresAt time.Time  `bson:"expires_at"`
	UsedAt    *time.Time `bson:"used_at"`
}

// orgDoc is an organisation with its count of owners, which guards against
// removing the last owner without a transaction. The count never exceeds the
// real number of owners: it is raised after an owner joins and lowered
// before one leaves.
type orgDoc struct {
	Organisation `bson:",inline"`
	Owners       int `bson:"owners"`
}

// codeNotImplemented is the server's answer to an option it lacks; the
// embedded database answers it for TTL indexes.
const codeNotImplemented = 238

// EnsureIndexes creates the indexes the store relies on: uniqueness of email
// keys, slugs and memberships, lookups, and TTL cleanup of expired tokens and
// counters where the server supports TTL indexes (DeleteExpired does that
// cleanup where it does not).
func (s *Store) EnsureIndexes(ctx context.Context) error {
	indexes := []struct {
		coll  *mongo.Collection
		model mongo.IndexModel
	}{
		{s.users, mongo.IndexModel{Keys: bson.D{{Key: "email_key", Value: 1}}, Options: options.Index().SetUnique(true)}},
		{s.refresh, mongo.IndexModel{Keys: bson.D{{Key: "family_id", Value: 1}}}},
		{s.refresh, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}}},
		{s.resets, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}}},
		{s.verifies, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}}}},
		{s.invitations, mongo.IndexModel{Keys: bson.D{{Key: "email_key", Value: 1}, {Key: "status", Value: 1}}}},
		{s.invitations, mongo.IndexModel{Keys: bson.D{{Key: "org_id", Value: 1}, {Key: "status", Value: 1}, {Key: "_id", Value: 1}}}},
		{s.outbox, mongo.IndexModel{Keys: bson.D{{Key: "sent_at", Value: 1}, {Key: "created_at", Value: 1}}}},
		{s.orgs, mongo.IndexModel{Keys: bson.D{{Key: "slug", Value: 1}}, Options: options.Index().SetUnique(true)}},
		{s.orgs, mongo.IndexModel{Keys: bson.D{{Key: "verified_at", Value: 1}, {Key: "_id", Value: 1}}}},
		{s.memberships, mongo.IndexModel{Keys: bson.D{{Key: "org_id", Value: 1}, {Key: "user_id", Value: 1}}, Options: options.Index().SetUnique(true)}},
		{s.memberships, mongo.IndexModel{Keys: bson.D{{Key: "user_id", Value: 1}, {Key: "_id", Value: 1}}}},
		{s.audit, mongo.IndexModel{Keys: bson.D{{Key: "action", Value: 1}, {Key: "_id", Value: -1}}}},
		{s.audit, mongo.IndexModel{Keys: bson.D{{Key: "actor_id", Value: 1}, {Key: "_id", Value: -1}}}},
		{s.audit, mongo.IndexModel{Keys: bson.D{{Key: "target_id", Value: 1}, {Key: "_id", Value: -1}}}},
	}
	for _, ix := range indexes {
		if err := mongoserver.EnsureIndexes(ctx, ix.coll, ix.model); err != nil {
			return err
		}
	}
	if err := s.ensureEmails(ctx); err != nil {
		return err
	}
	for _, coll := range []*mongo.Collection{s.refresh, s.families, s.resets, s.verifies, s.failures} {
		ttl := mongo.IndexModel{Keys: bson.D{{Key: "expires_at", Value: 1}}, Options: options.Index().SetExpireAfterSeconds(0)}
		_, err := coll.Indexes().CreateOne(ctx, ttl)
		var cmdErr mongo.CommandError
		if errors.As(err, &cmdErr) && cmdErr.HasErrorCode(codeNotImplemented) {
			continue
		}
		if err != nil {
			return fmt.Errorf("create TTL index on %s: %w", coll.Name(), err)
		}
	}
	return nil
}

// DeleteExpired removes expired refresh tokens, reset and verification
// tokens and failure counters. A server with TTL indexes does this by itself; the embedded
// database needs it called now and then.
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) error {
	for _, coll := range []*mongo.Collection{s.refresh, s.families, s.resets, s.verifies, s.failures} {
		if _, err := mongokit.DeleteMatching(ctx, coll, bson.M{"expires_at": bson.M{"$lte": now}}); err != nil {
			return fmt.Errorf("delete expired %s: %w", coll.Name(), err)
		}
	}
	return nil
}

// insertUser opens account a, its email key claimed first.
func (s *Store) insertUser(ctx context.Context, a account, now time.Time) error {
	if err := s.claimEmail(ctx, a.EmailKey, a.ID, now); err != nil {
		return err
	}
	_, err := s.users.InsertOne(ctx, a)
	if mongo.IsDuplicateKeyError(err) {
		return errors.Join(errEmailTaken, s.settleEmail(ctx, a.EmailKey, a.ID, now))
	}
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

func (s *Store) userByID(ctx context.Context, id string) (account, error) {
	return mongokit.FindOne[account](ctx, s.users, bson.M{"_id": id}, "user")
}

func (s *Store) usersByID(ctx context.Context, ids []string) (map[string]User, error) {
	cur, err := s.users.Find(ctx, bson.M{"_id": bson.M{"$in": ids}})
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	var found []User
	if err := cur.All(ctx, &found); err != nil {
		return nil, fmt.Errorf("read users: %w", err)
	}
	byID := make(map[string]User, len(found))
	for _, u := range found {
		byID[u.ID] = u
	}
	return byID, nil
}

// updateUser applies set to the user and returns the user as it is afterwards.
func (s *Store) updateUser(ctx context.Context, id string, set bson.M) (User, error) {
	var u User
	ok, err := s.guard.UpdateAndRead(ctx, s.users, id, nil, bson.M{"$set": set}, &u)
	if err != nil {
		return u, fmt.Errorf("update user %s: %w", id, err)
	}
	if !ok {
		return u, apperr.NotFoundf("user not found")
	}
	return u, nil
}

func (s *Store) setPasswordHash(ctx context.Context, userID, hash string, at time.Time) error {
	_, err := s.updateUser(ctx, userID, bson.M{"password_hash": hash, "password_changed_at": at})
	return err
}

func (s *Store) insertRefreshToken(ctx context.Context, t refreshToken) error {
	if _, err := s.refresh.InsertOne(ctx, t); err != nil {
		return fmt.Errorf("insert refresh token: %w", err)
	}
	return nil
}

// deleteRefreshToken removes a token nobody was given.
func (s *Store) deleteRefreshToken(ctx context.Context, hash string) error {
	if _, err := s.refresh.DeleteOne(ctx, bson.M{"_id": hash}); err != nil {
		return fmt.Errorf("delete refresh token: %w", err)
	}
	return nil
}

// useRefreshToken marks the token used if it is still unused, unrevoked and
// unexpired, and reports whether it was.
func (s *Store) useRefreshToken(ctx context.Context, hash, successor string, now time.Time) (refreshToken, bool, error) {
	var t refreshToken
	ok, err := s.guard.UpdateAndRead(ctx, s.refresh, hash,
		bson.M{"used_at": nil, "revoked_at": nil, "expires_at": bson.M{"$gt": now}},
		bson.M{"$set": bson.M{"used_at": now, "successor": successor}}, &t)
	if err != nil {
		return t, false, fmt.Errorf("use refresh token: %w", err)
	}
	return t, ok, nil
}

// familyRevoked reports whether the session of the token family was ended.
func (s *Store) familyRevoked(ctx context.Context, familyID string) (bool, error) {
	err := s.families.FindOne(ctx, bson.M{"_id": familyID}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("find refresh family %s: %w", familyID, err)
	}
	return true, nil
}

func (s *Store) refreshTokenByHash(ctx context.Context, hash string) (refreshToken, error) {
	return mongokit.FindOne[refreshToken](ctx, s.refresh, bson.M{"_id": hash}, "refresh token")
}

// revokeFamily ends the session of the token family, then marks its tokens
// revoked for whoever reads them. The family's document ({_id, revoked_at,
// expires_at}) is what every use of a token checks, so ending a session is
// one write that no token of the family, even one issued a moment later,
// outlives; it expires with the last token the family can hold.
func (s *Store) revokeFamily(ctx context.Context, familyID string, now time.Time) error {
	_, err := s.guard.Upsert(ctx, s.families, familyID, nil,
		bson.M{"$set": bson.M{"revoked_at": now, "expires_at": now.Add(refreshTokenTTL)}}, nil)
	if err != nil {
		return fmt.Errorf("revoke refresh family %s: %w", familyID, err)
	}
	_, err = s.refresh.UpdateMany(ctx, bson.M{"family_id": familyID, "revoked_at": nil},
		bson.M{"$set": bson.M{"revoked_at": now}})
	if err != nil {
		return fmt.Errorf("revoke refresh family %s: %w", familyID, err)
	}
	return nil
}

// revokeUserRefreshTokens ends every session of the user outside the family
// keep (empty keeps none).
func (s *Store) revokeUserRefreshTokens(ctx context.Context, userID, keep string, now time.Time) error {
	filter := bson.M{"user_id": userID, "revoked_at": nil}
	if keep != "" {
		filter["family_id"] = bson.M{"$ne": keep}
	}
	families, err := s.refresh.Distinct(ctx, "family_id", filter)
	if err != nil {
		return fmt.Errorf("find sessions of user %s: %w", userID, err)
	}
	for _, f := range families {
		id, ok := f.(string)
		if !ok {
			continue
		}
		if err := s.revokeFamily(ctx, id, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) insertPasswordReset(ctx context.Context, r passwordReset) error {
	if _, err := s.resets.InsertOne(ctx, r); err != nil {
		return fmt.Errorf("insert password reset: %w", err)
	}
	return nil
}

// deleteOtherPasswordResets removes the user's reset tokens except keep, so
// only the newest link works.
func (s *Store) deleteOtherPasswordResets(ctx context.Context, userID, keep string) error {
	if _, err := s.resets.DeleteMany(ctx, bson.M{"user_id": userID, "_id": bson.M{"$ne": keep}}); err != nil {
		return fmt.Errorf("delete older password resets of user %s: %w", userID, err)
	}
	return nil
}

func usableReset(hash string, now time.Time) bson.M {
	return bson.M{"_id": hash, "used_at": nil, "expires_at": bson.M{"$gt": now}}
}

// usablePasswordReset returns the reset token if it is unused and unexpired.
func (s *Store) usablePasswordReset(ctx context.Context, hash string, now time.Time) (passwordReset, error) {
	return mongokit.FindOne[passwordReset](ctx, s.resets, usableReset(hash, now), "password reset")
}

// consumePasswordReset marks the token used if it is still usable, and
// reports whether it was: of two concurrent resets only one wins.
func (s *Store) consumePasswordReset(ctx context.Context, hash string, now time.Time) (bool, error) {
	ok, err := s.guard.Update(ctx, s.resets, hash, bson.M{"used_at": nil, "expires_at": bson.M{"$gt": now}}, bson.M{"$set": bson.M{"used_at": now}})
	if err != nil {
		return false, fmt.Errorf("consume password reset: %w", err)
	}
	return ok, nil
}

func (s *Store) enqueueMail(ctx context.Context, m Mail) error {
	if _, err := s.outbox.InsertOne(ctx, m); err != nil {
		return fmt.Errorf("enqueue %s mail: %w", m.Kind, err)
	}
	return nil
}

// PendingMail returns up to limit unsent mails, oldest first.
func (s *Store) PendingMail(ctx context.Context, limit int) ([]Mail, error) {
	cur, err := s.outbox.Find(ctx, bson.M{"sent_at": nil},
		options.Find().SetSort(bson.D{{Key: "created_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find pending mail: %w", err)
	}
	mails := []Mail{}
	if err := cur.All(ctx, &mails); err != nil {
		return nil, fmt.Errorf("read pending mail: %w", err)
	}
	return mails, nil
}

// errSlugTaken tells the service to try another slug.
var errSlugTaken = errors.New("slug taken")

func (s *Store) insertOrg(ctx context.Context, o orgDoc) error {
	_, err := s.orgs.InsertOne(ctx, o)
	if mongo.IsDuplicateKeyError(err) {
		return errSlugTaken
	}
	if err != nil {
		return fmt.Errorf("insert organisation: %w", err)
	}
	return nil
}

func (s *Store) deleteOrg(ctx context.Context, id string) error {
	if _, err := s.orgs.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete organisation %s: %w", id, err)
	}
	return nil
}

func (s *Store) orgByID(ctx context.Context, id string) (orgDoc, error) {
	return mongokit.FindOne[orgDoc](ctx, s.orgs, bson.M{"_id": id}, "organisation")
}

func (s *Store) orgsByID(ctx context.Context, ids []string) (map[string]Organisation, error) {
	cur, err := s.orgs.Find(ctx, bson.M{"_id": bson.M{"$in": ids}})
	if err != nil {
		return nil, fmt.Errorf("find organisations: %w", err)
	}
	var found []Organisation
	if err := cur.All(ctx, &found); err != nil {
		return nil, fmt.Errorf("read organisations: %w", err)
	}
	byID := make(map[string]Organisation, len(found))
	for _, o := range found {
		byID[o.ID] = o
	}
	return byID, nil
}

// verifyOrg sets verified_at unless it is set already, and returns the
// organisation as it is afterwards: verifying twice keeps the first date.
// verifyOrg marks the organisation verified, with ev recorded in the same
// write, and reports whether this call verified it (false: it already was).
func (s *Store) verifyOrg(ctx context.Context, id string, at time.Time, ev events.Event) (Organisation, bool, error) {
	var o Organisation
	set := events.Embed(ev)
	set["verified_at"] = at
	ok, err := s.guard.UpdateAndRead(ctx, s.orgs, id, bson.M{"verified_at": nil}, bson.M{"$set": set, "$unset": bson.M{"rejection_reason": ""}}, &o)
	if err != nil {
		return o, false, fmt.Errorf("verify organisation %s: %w", id, err)
	}
	if !ok {
		d, err := s.orgByID(ctx, id)
		return d.Organisation, false, err
	}
	return o, true, nil
}

// updateUnverifiedOrg applies update to the organisation while it is not
// verified, and reports whether it did.
func (s *Store) updateUnverifiedOrg(ctx context.Context, id string, update bson.M) (Organisation, bool, error) {
	var o Organisation
	ok, err := s.guard.UpdateAndRead(ctx, s.orgs, id, bson.M{"verified_at": nil}, update, &o)
	if err != nil {
		return o, false, fmt.Errorf("update organisation %s: %w", id, err)
	}
	return o, ok, nil
}

// AccountDeletions is the collection of deletion tombstones, whose
// documents hold the AccountDeleted event until it reaches the outbox.
func (s *Store) AccountDeletions() *mongo.Collection { return s.deletions }

// accountDeletion is the tombstone of an account, keyed by its user id.
// Written before anything is erased, with the AccountDeleted event
// embedded under events.Field, it lets the event finish the erasure after a
// crash.
type accountDeletion struct {
	UserID    string    `bson:"_id"`
	DeletedAt time.Time `bson:"deleted_at"`
	// OwnerSlots are the organisations whose owner count the deletion
	// already lowered for the person.
	OwnerSlots []string `bson:"owner_slots"`
}

// recordDeletion writes the tombstone d with ev embedded, and reports
// whether this call wrote it (false: another deletion did).
func (s *Store) recordDeletion(ctx context.Context, d accountDeletion, ev events.Event) (bool, error) {
	_, err := s.deletions.InsertOne(ctx, bson.D{{Key: "_id", Value: d.UserID}, {Key: "deleted_at", Value: d.DeletedAt},
		{Key: "owner_slots", Value: d.OwnerSlots}, {Key: events.Field, Value: bson.M{ev.ID: ev}}})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("record deletion of user %s: %w", d.UserID, err)
	}
	return true, nil
}

func (s *Store) deletion(ctx context.Context, userID string) (accountDeletion, error) {
	return mongokit.FindOne[accountDeletion](ctx, s.deletions, bson.M{"_id": userID}, "account deletion")
}

// Orgs is the collection of organisations, whose documents hold their
// events until they reach the outbox.
func (s *Store) Orgs() *mongo.Collection { return s.orgs }

// updateOrgBySlug sets the descriptive fields of the organisation with o's
// slug, verifies it if it is not yet, and returns its id.
func (s *Store) updateOrgBySlug(ctx context.Context, o Organisation, now time.Time) (string, error) {
	found, err := mongokit.FindOne[Organisation](ctx, s.orgs, bson.M{"slug": o.Slug}, "organisation "+o.Slug)
	if err != nil {
		return "", err
	}
	if found.CreatedBy != seedCreator {
		return "", apperr.Conflictf("not-seeded", "organisation %s was not made by the seed; it is left as its owners keep it", o.Slug)
	}
	var got Organisation
	ok, err := s.guard.UpdateAndRead(ctx, s.orgs, found.ID, bson.M{"slug": o.Slug, "created_by": seedCreator}, bson.M{"$set": bson.M{
		"kind": o.Kind, "name": o.Name, "country": o.Country, "website": o.Website, "description": o.Description,
	}}, &got)
	if err != nil {
		return "", fmt.Errorf("update organisation %s: %w", o.Slug, err)
	}
	if !ok {
		return "", apperr.NotFoundf("no organisation %s", o.Slug)
	}
	if got.VerifiedAt == nil {
		// The seed writes the institution profile itself: no event to record.
		if _, _, err := s.updateUnverifiedOrg(ctx, got.ID, bson.M{"$set": bson.M{"verified_at": now}}); err != nil {
			return "", err
		}
	}
	return got.ID, nil
}

func (s *Store) addOwners(ctx context.Context, orgID string, delta int) error {
	if _, err := s.guard.Update(ctx, s.orgs, orgID, nil, bson.M{"$inc": bson.M{"owners": delta}}); err != nil {
		return fmt.Errorf("count owners of organisation %s: %w", orgID, err)
	}
	return nil
}

// takeOwnerSlot lowers the owner count if another owner would remain, and
// reports whether it did.
func (s *Store) takeOwnerSlot(ctx context.Context, orgID string) (bool, error) {
	ok, err := s.guard.Update(ctx, s.orgs, orgID, bson.M{"owners": bson.M{"$gte": 2}}, bson.M{"$inc": bson.M{"owners": -1}})
	if err != nil {
		return false, fmt.Errorf("count owners of organisation %s: %w", orgID, err)
	}
	return ok, nil
}

// setMembershipRole changes the membership's role from one to another and
// reports whether it did (false: it no longer holds from).
func (s *Store) setMembershipRole(ctx context.Context, id, from, to string) (bool, error) {
	ok, err := s.guard.Update(ctx, s.memberships, id, bson.M{"role": from}, bson.M{"$set": bson.M{"role": to}})
	if err != nil {
		return false, fmt.Errorf("set role of membership %s: %w", id, err)
	}
	return ok, nil
}

func (s *Store) insertMembership(ctx context.Context, m Membership) error {
	_, err := s.memberships.InsertOne(ctx, m)
	if mongo.IsDuplicateKeyError(err) {
		return apperr.Conflictf("already-member", "this user is already a member of the organisation")
	}
	if err != nil {
		return fmt.Errorf("insert membership: %w", err)
	}
	return nil
}

func (s *Store) membership(ctx context.Context, orgID, userID string) (Membership, error) {
	return mongokit.FindOne[Membership](ctx, s.memberships, bson.M{"org_id": orgID, "user_id": userID}, "membership")
}

// deleteMembership removes the membership and reports whether it existed.
func (s *Store) deleteMembership(ctx context.Context, id string) (bool, error) {
	ok, err := s.guard.Delete(ctx, s.memberships, id, nil)
	if err != nil {
		return false, fmt.Errorf("delete membership %s: %w", id, err)
	}
	return ok, nil
}

// listMemberships returns up to limit memberships matching filter after the
// id after, in id order; limit 0 means all.
func (s *Store) listMemberships(ctx context.Context, filter bson.M, after string, limit int) ([]Membership, error) {
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}})
	if limit > 0 {
		opts.SetLimit(int64(limit))
	}
	cur, err := s.memberships.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("list memberships: %w", err)
	}
	ms := []Membership{}
	if err := cur.All(ctx, &ms); err != nil {
		return nil, fmt.Errorf("read memberships: %w", err)
	}
	return ms, nil
}

func (s *Store) deleteUser(ctx context.Context, id string) error {
	if _, err := s.users.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete user %s: %w", id, err)
	}
	return nil
}

func (s *Store) orgBySlug(ctx context.Context, slug string) (orgDoc, error) {
	return mongokit.FindOne[orgDoc](ctx, s.orgs, bson.M{"slug": slug}, "organisation "+slug)
}
