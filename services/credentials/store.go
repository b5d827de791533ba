package credentials

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
	"academy/services/kit/owned"
)

// The collections this context owns.
const (
	credentialsCollection = "credentials"
	listsCollection       = "credential_status_lists"
	issuersCollection     = "credential_issuers"
	sourcesCollection     = "credential_sources"
	holdersCollection     = "learner_credentials"
	documentsCollection   = "credential_documents"
)

// Store keeps credentials, status list allocations and issuer profiles in
// MongoDB (the signing keys are the Keyring's). Every write is one
// single-document operation with a guard, through the guarded writer; unique
// indexes make issuing idempotent.
type Store struct {
	guard   *guarded.Writer
	creds   *mongo.Collection
	lists   *mongo.Collection
	issuers *mongo.Collection
	sources *mongo.Collection
	// documents holds each credential's JSON and VC-JWT, a few kilobytes
	// that the embedded database would otherwise decode on every read of a
	// credential, the fields a projection leaves out too: the talent pool's
	// pass over every credential in force spent most of its time on them.
	documents *mongo.Collection
	// holders lists each learner's credential ids, for their dashboard.
	holders *owned.Lists
}

// NewStore returns the store on db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	creds := db.Collection(credentialsCollection)
	return &Store{
		guard:     w,
		creds:     creds,
		lists:     db.Collection(listsCollection),
		issuers:   db.Collection(issuersCollection),
		sources:   db.Collection(sourcesCollection),
		documents: db.Collection(documentsCollection),
		holders:   owned.New(db, w, holdersCollection, creds, "learner_id"),
	}
}

// EnsureIndexes creates the indexes the store relies on: one credential per
// learner and achievement, lookups by learner, the status lists' members
// and credentials by skill and status.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	credIdx := []mongo.IndexModel{
		{Keys: bson.D{{Key: "learner_id", Value: 1}, {Key: "achievement_id", Value: 1}}, Options: options.Index().SetUnique(true).SetName("learner_achievement_unique")},
		{Keys: bson.D{{Key: "learner_id", Value: 1}, {Key: "_id", Value: -1}}, Options: options.Index().SetName("learner_newest")},
		{Keys: bson.D{{Key: "org_id", Value: 1}, {Key: "status_list", Value: 1}, {Key: "status", Value: 1}}, Options: options.Index().SetName("status_list_members")},
		{Keys: bson.D{{Key: "skills", Value: 1}, {Key: "status", Value: 1}}, Options: options.Index().SetName("skill_status")},
	}
	if err := mongoserver.EnsureIndexes(ctx, s.creds, credIdx...); err != nil {
		return err
	}
	// Sources and documents are read by _id only; the collections must
	// exist before the embedded database's _id lookups are indexed at start.
	for _, name := range []string{sourcesCollection, documentsCollection} {
		if err := mongokit.CreateCollection(ctx, s.sources.Database(), name); err != nil {
			return err
		}
	}
	return s.holders.Create(ctx)
}

// insertCredential stores c and puts it on its learner's list; it reports
// false, without error, when the learner already holds a credential for the
// achievement.
func (s *Store) insertCredential(ctx context.Context, c StoredCredential) (bool, error) {
	// The documents first: a credential is never stored without them.
	if _, err := s.documents.InsertOne(ctx, documentsDoc{ID: c.ID, Document: c.Document, JWT: c.JWT}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return false, fmt.Errorf("insert the documents of credential %s: %w", c.ID, err)
	}
	slim := c
	slim.Document, slim.JWT = "", ""
	_, err := s.creds.InsertOne(ctx, slim)
	if mongo.IsDuplicateKeyError(err) {
		return false, s.deleteDocuments(ctx, c.ID)
	}
	if err != nil {
		return false, fmt.Errorf("insert credential %s: %w", c.ID, err)
	}
	return true, s.listCredential(ctx, c)
}

// documentsDoc is a credential's JSON and VC-JWT, stored apart from it.
type documentsDoc struct {
	ID       string `bson:"_id"`
	Document string `bson:"document"`
	JWT      string `bson:"jwt"`
}

// withDocuments adds their documents to credentials read without them
// (those stored before the documents were kept apart have them already).
func (s *Store) withDocuments(ctx context.Context, cs ...*StoredCredential) error {
	for _, c := range cs {
		if c.Document != "" || c.JWT != "" {
			continue
		}
		d, err := mongokit.FindOne[documentsDoc](ctx, s.documents, bson.M{"_id": c.ID}, "document of credential "+c.ID)
		if err != nil {
			return err
		}
		c.Document, c.JWT = d.Document, d.JWT
	}
	return nil
}

func (s *Store) deleteDocuments(ctx context.Context, id string) error {
	if _, err := s.documents.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete the documents of credential %s: %w", id, err)
	}
	return nil
}

// listCredential puts a credential on its learner's list, again after a
// process stopped between storing the credential and listing it.
func (s *Store) listCredential(ctx context.Context, c StoredCredential) error {
	return s.holders.Add(ctx, c.LearnerID, c.ID)
}

// heldFields are the fields of a credential its holder's dashboard shows
// and the talent pool matches on.
var heldFields = bson.D{
	{Key: "achievement_id", Value: 1}, {Key: "achievement_type", Value: 1}, {Key: "skills", Value: 1},
	{Key: "issuer_slug", Value: 1}, {Key: "micro_credential", Value: 1}, {Key: "issued_at", Value: 1},
	{Key: "valid_until", Value: 1}, {Key: "status", Value: 1}, {Key: "source_kind", Value: 1},
	{Key: "certificate", Value: 1},
}

// held returns the credentials of a learner, oldest first, without their documents.
func (s *Store) held(ctx context.Context, learnerID string) ([]StoredCredential, error) {
	ids, err := s.holders.IDs(ctx, learnerID)
	if err != nil {
		return nil, err
	}
	out := make([]StoredCredential, 0, len(ids))
	for _, id := range ids {
		var c StoredCredential
		err := s.creds.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(heldFields)).Decode(&c)
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("find credential %s: %w", id, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// heldByHolder returns every credential, without its documents, by holder:
// one pass over the collection (the embedded database reads a collection
// whole faster than its documents one by one).
func (s *Store) heldByHolder(ctx context.Context) (map[string][]StoredCredential, error) {
	cur, err := s.creds.Find(ctx, bson.D{}, options.Find().SetProjection(append(bson.D{{Key: "learner_id", Value: 1}}, heldFields...)))
	if err != nil {
		return nil, fmt.Errorf("read every credential: %w", err)
	}
	defer cur.Close(ctx)
	out := map[string][]StoredCredential{}
	for cur.Next(ctx) {
		var c StoredCredential
		if err := cur.Decode(&c); err != nil {
			return nil, fmt.Errorf("read every credential: %w", err)
		}
		out[c.LearnerID] = append(out[c.LearnerID], c)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("read every credential: %w", err)
	}
	return out, nil
}

func (s *Store) findCredential(ctx context.Context, filter bson.D, what string) (StoredCredential, error) {
	var c StoredCredential
	err := s.creds.FindOne(ctx, filter).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return c, apperr.NotFoundf("no credential %s", what)
	}
	if err != nil {
		return c, fmt.Errorf("find credential %s: %w", what, err)
	}
	return c, s.withDocuments(ctx, &c)
}

// credential returns the credential with the given id.
func (s *Store) credential(ctx context.Context, id string) (StoredCredential, error) {
	return s.findCredential(ctx, bson.D{{Key: "_id", Value: id}}, "with id "+id)
}

// sourceDoc links an award source to its credential. Lookups by _id stay
// fast on every backend, so an event handled again finds its credential
// without searching the credentials.
type sourceDoc struct {
	ID           string `bson:"_id"` // kind:id
	CredentialID string `bson:"credential_id"`
}

func sourceDocID(src AwardSource) string { return src.Kind + ":" + src.ID }

// recordSource links an award source to its credential, once.
func (s *Store) recordSource(ctx context.Context, src AwardSource, credentialID string) error {
	_, err := s.sources.InsertOne(ctx, sourceDoc{ID: sourceDocID(src), CredentialID: credentialID})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("record credential of %s: %w", sourceDocID(src), err)
	}
	return nil
}

// credentialForSource returns the credential issued for an award source.
func (s *Store) credentialForSource(ctx context.Context, src AwardSource) (StoredCredential, error) {
	var d sourceDoc
	err := s.sources.FindOne(ctx, bson.D{{Key: "_id", Value: sourceDocID(src)}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return StoredCredential{}, apperr.NotFoundf("no credential for %s", sourceDocID(src))
	}
	if err != nil {
		return StoredCredential{}, fmt.Errorf("find credential of %s: %w", sourceDocID(src), err)
	}
	return s.credential(ctx, d.CredentialID)
}

// Outbox is the collection whose documents embed the events this context
// records, for the events reconciler to watch.
func (s *Store) Outbox() *mongo.Collection { return s.creds }

// activeProving lists the active credentials proving a skill that have not
// expired at now.
func (s *Store) activeProving(ctx context.Context, escoURI string, now time.Time) ([]SkillEvidence, error) {
	cur, err := s.creds.Find(ctx, bson.D{
		{Key: "skills", Value: escoURI}, {Key: "status", Value: StatusActive},
		{Key: "$or", Value: bson.A{
			bson.D{{Key: "valid_until", Value: bson.D{{Key: "$exists", Value: false}}}},
			bson.D{{Key: "valid_until", Value: bson.D{{Key: "$gt", Value: now.UTC()}}}},
		}},
	}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetProjection(bson.D{
		{Key: "learner_id", Value: 1}, {Key: "org_id", Value: 1}, {Key: "achievement_id", Value: 1},
		{Key: "achievement_type", Value: 1}, {Key: "issued_at", Value: 1}, {Key: "valid_until", Value: 1},
	}))
	if err != nil {
		return nil, fmt.Errorf("list credentials proving %s: %w", escoURI, err)
	}
	out := []SkillEvidence{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list credentials proving %s: %w", escoURI, err)
	}
	return out, nil
}

func (s *Store) credentialFor(ctx context.Context, learnerID, achievementID string) (StoredCredential, error) {
	return s.findCredential(ctx, bson.D{{Key: "learner_id", Value: learnerID}, {Key: "achievement_id", Value: achievementID}},
		fmt.Sprintf("of learner %s for %s", learnerID, achievementID))
}

// credentialsOf returns up to limit credentials of the learner, newest
// first, older than the credential beforeID when it is not empty; limit 0
// means all.
func (s *Store) credentialsOf(ctx context.Context, learnerID, beforeID string, limit int) ([]StoredCredential, error) {
	filter := bson.D{{Key: "learner_id", Value: learnerID}}
	if beforeID != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: beforeID}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}})
	if limit > 0 {
		opts.SetLimit(int64(limit))
	}
	cur, err := s.creds.Find(ctx, filter, opts)
	if err != nil {
		return nil, fmt.Errorf("list credentials of %s: %w", learnerID, err)
	}
	out := []StoredCredential{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list credentials of %s: %w", learnerID, err)
	}
	for i := range out {
		if err := s.withDocuments(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// changeStatus moves credential id from one of the statuses in from to
// status to, recording ev in its history and embedding the domain events
// facts in the same write; it fails with Conflict when the credential is in
// another status.
func (s *Store) changeStatus(ctx context.Context, id string, from []string, to string, ev StatusEvent, facts ...events.Event) (StoredCredential, error) {
	var c StoredCredential
	set := events.Embed(facts...)
	set["status"] = to
	ok, err := s.guard.UpdateAndRead(ctx, s.creds, id, bson.M{"status": bson.M{"$in": from}},
		bson.M{"$set": set, "$push": bson.M{"history": ev}}, &c)
	if err != nil {
		return c, fmt.Errorf("%s credential %s: %w", ev.Action, id, err)
	}
	if !ok {
		current, ferr := s.credential(ctx, id)
		if ferr != nil {
			return c, ferr
		}
		return c, apperr.Conflictf("credential-"+current.Status, "the credential is %s; it cannot be %s", current.Status, pastTense(ev.Action))
	}
	return c, s.withDocuments(ctx, &c)
}

// listDoc is one organisation's pair of status lists (revocation and
// suspension share indexes): Next counts allocated entries, Version changes
// whenever a member's status changes, so cached lists can tell they are stale.
type listDoc struct {
	ID         string    `bson:"_id"`
	OrgID      string    `bson:"org_id"`
	N          int       `bson:"n"`
	IssuerSlug string    `bson:"issuer_slug"`
	Next       int       `bson:"next"`
	Version    int64     `bson:"version"`
	CreatedAt  time.Time `bson:"created_at"`
}

func listDocID(orgID string, n int) string { return fmt.Sprintf("%s-%d", orgID, n) }

// errListFull reports that a status list has no free entry.
var errListFull = errors.New("status list is full")

// takeEntry allocates the next entry of the organisation's list pair n in
// one guarded increment, creating the pair on first use. It returns the
// sequence number of the entry, or errListFull.
func (s *Store) takeEntry(ctx context.Context, orgID, slug string, n int, now time.Time) (int, error) {
	id := listDocID(orgID, n)
	var d listDoc
	ok, err := s.guard.Upsert(ctx, s.lists, id, bson.M{"next": bson.M{"$lt": listSize}},
		bson.M{
			"$inc":         bson.M{"next": 1},
			"$setOnInsert": bson.M{"org_id": orgID, "n": n, "issuer_slug": slug, "version": int64(0), "created_at": now.UTC()},
		}, &d)
	if err != nil {
		return 0, fmt.Errorf("allocate status list entry in %s: %w", id, err)
	}
	if !ok {
		return 0, errListFull
	}
	return d.Next - 1, nil
}

func (s *Store) list(ctx context.Context, id string) (listDoc, error) {
	var d listDoc
	err := s.lists.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, apperr.NotFoundf("no status list %s", id)
	}
	if err != nil {
		return d, fmt.Errorf("find status list %s: %w", id, err)
	}
	return d, nil
}

// touchList marks the list pair's cached bitstrings stale.
func (s *Store) touchList(ctx context.Context, orgID string, n int) error {
	_, err := s.guard.Update(ctx, s.lists, listDocID(orgID, n), nil, bson.M{"$inc": bson.M{"version": 1}})
	if err != nil {
		return fmt.Errorf("update status list %s: %w", listDocID(orgID, n), err)
	}
	return nil
}

// indexesWithStatus returns the status list indexes of the list pair's
// credentials that have the given status.
func (s *Store) indexesWithStatus(ctx context.Context, orgID string, n int, status string) ([]int, error) {
	cur, err := s.creds.Find(ctx,
		bson.D{{Key: "org_id", Value: orgID}, {Key: "status_list", Value: n}, {Key: "status", Value: status}},
		options.Find().SetProjection(bson.D{{Key: "status_index", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list %s credentials of status list %s: %w", status, listDocID(orgID, n), err)
	}
	var rows []struct {
		Index int `bson:"status_index"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("list %s credentials of status list %s: %w", status, listDocID(orgID, n), err)
	}
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r.Index
	}
	return out, nil
}

// issuerDoc is the profile of an institution that has issued credentials,
// as its latest credential described it.
type issuerDoc struct {
	Slug        string    `bson:"_id"`
	OrgID       string    `bson:"org_id"`
	Name        string    `bson:"name"`
	Country     string    `bson:"country"`
	Website     string    `bson:"website,omitempty"`
	Description string    `bson:"description,omitempty"`
	UpdatedAt   time.Time `bson:"updated_at"`
}

func (s *Store) saveIssuer(ctx context.Context, d issuerDoc) error {
	_, err := s.issuers.ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.Slug}}, d, options.Replace().SetUpsert(true))
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("save issuer %s: %w", d.Slug, err)
	}
	return nil
}

func (s *Store) issuer(ctx context.Context, slug string) (issuerDoc, error) {
	var d issuerDoc
	err := s.issuers.FindOne(ctx, bson.D{{Key: "_id", Value: slug}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return d, apperr.NotFoundf("no issuer %s has issued credentials here", slug)
	}
	if err != nil {
		return d, fmt.Errorf("find issuer %s: %w", slug, err)
	}
	return d, nil
}

// deleteHeld deletes every credential of a learner, the records of what
// they were issued for, and the learner's list.
func (s *Store) deleteHeld(ctx context.Context, learnerID string) (int, error) {
	ids, err := s.holders.IDs(ctx, learnerID)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		c, err := s.credential(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		if c.SourceKind != "" {
			if _, err := s.sources.DeleteOne(ctx, bson.D{{Key: "_id", Value: c.SourceKind + ":" + c.SourceID}}); err != nil {
				return 0, fmt.Errorf("delete the source of credential %s: %w", id, err)
			}
		}
		if _, err := s.creds.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
			return 0, fmt.Errorf("delete credential %s: %w", id, err)
		}
		if err := s.deleteDocuments(ctx, id); err != nil {
			return 0, err
		}
	}
	return len(ids), s.holders.Delete(ctx, learnerID)
}
