package talent

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"golang.org/x/sync/errgroup"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
)

// Store keeps the talent pool in MongoDB. Everything is read by _id: lists
// (an organisation's openings, the open openings, the pool, a learner's
// contacts, a company's contests) are documents of ids, rankings are read
// models, and derived ids join what belongs together (opening|user).
type Store struct {
	guard    *guarded.Writer
	consents *mongo.Collection
	profiles *mongo.Collection
	openings *mongo.Collection
	lists    *mongo.Collection
	ranks    *mongo.Collection
	// legacyMatches held a document per match, before matches were kept
	// in their candidates' rankings.
	legacyMatches *mongo.Collection
	contacts      *mongo.Collection
	slots         *mongo.Collection
	access        *mongo.Collection
	decisions     *mongo.Collection
	contests      *mongo.Collection
	pseudonyms    *mongo.Collection
}

// NewStore returns the talent store on db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	return &Store{
		guard:         w,
		consents:      db.Collection("talent_consents"),
		profiles:      db.Collection("talent_profiles"),
		openings:      db.Collection("talent_openings"),
		lists:         db.Collection("talent_lists"),
		ranks:         db.Collection("talent_ranks"),
		legacyMatches: db.Collection("talent_matches"),
		contacts:      db.Collection("talent_contacts"),
		slots:         db.Collection("talent_contact_slots"),
		access:        db.Collection("talent_access_log"),
		decisions:     db.Collection("talent_decisions"),
		contests:      db.Collection("talent_contests"),
		pseudonyms:    db.Collection("talent_pseudonyms"),
	}
}

// EnsureIndexes creates the collections, so that the embedded database
// indexes their _id lookups at start: nothing here is read otherwise.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	for _, c := range []*mongo.Collection{s.consents, s.profiles, s.openings, s.lists, s.ranks, s.contacts, s.slots, s.access, s.decisions, s.contests, s.pseudonyms} {
		if err := mongokit.CreateCollection(ctx, c.Database(), c.Name()); err != nil {
			return err
		}
	}
	if err := s.shardLists(ctx); err != nil {
		return err
	}
	if err := s.foldLegacyMatches(ctx); err != nil {
		return err
	}
	return s.listDecisionsAndReveals(ctx)
}

// Outboxes are the collections whose documents embed the events this
// context records: profiles and openings.
func (s *Store) Outboxes() []*mongo.Collection { return []*mongo.Collection{s.profiles, s.openings} }

// Profiles is the collection of profiles, where ProfileChanged is embedded.
func (s *Store) Profiles() *mongo.Collection { return s.profiles }

// Openings is the collection of openings, where OpeningPublished is embedded.
func (s *Store) Openings() *mongo.Collection { return s.openings }

// allProfiles reads every profile, by user, in one pass over the collection.
func (s *Store) allProfiles(ctx context.Context) (map[string]Profile, error) {
	return findByID(ctx, s.profiles, bson.D{}, func(p Profile) string { return p.UserID })
}

// findByID reads the documents of coll matching filter, in one pass over
// the collection, by the id id returns.
func findByID[T any](ctx context.Context, coll *mongo.Collection, filter any, id func(T) string) (map[string]T, error) {
	all, err := mongokit.FindAll[T](ctx, coll, filter)
	if err != nil {
		return nil, err
	}
	out := make(map[string]T, len(all))
	for _, x := range all {
		out[id(x)] = x
	}
	return out, nil
}

// Profile returns the profile of a user; a NotFound error when there is none.
func (s *Store) Profile(ctx context.Context, userID string) (Profile, error) {
	return mongokit.FindOne[Profile](ctx, s.profiles, bson.M{"_id": userID}, "talent profile")
}

// UpsertProfile applies update to the user's profile if it matches guard, or
// creates it, and returns it as written; false when the guard failed.
func (s *Store) UpsertProfile(ctx context.Context, userID string, guard, update bson.M) (Profile, bool, error) {
	var p Profile
	ok, err := s.guard.Upsert(ctx, s.profiles, userID, guard, update, &p)
	if err != nil {
		return p, false, fmt.Errorf("write talent profile %s: %w", userID, err)
	}
	return p, ok, nil
}

// UpdateProfile applies update to the user's profile if it matches guard.
func (s *Store) UpdateProfile(ctx context.Context, userID string, guard, update bson.M) (Profile, bool, error) {
	var p Profile
	ok, err := s.guard.UpdateAndRead(ctx, s.profiles, userID, guard, update, &p)
	if err != nil {
		return p, false, fmt.Errorf("update talent profile %s: %w", userID, err)
	}
	return p, ok, nil
}

// DeleteProfile removes the user's profile.
func (s *Store) DeleteProfile(ctx context.Context, userID string) error {
	if _, err := s.guard.Delete(ctx, s.profiles, userID, nil); err != nil {
		return fmt.Errorf("delete talent profile %s: %w", userID, err)
	}
	return nil
}

// AppendConsent records a ledger entry; an entry with its id already
// recorded is the same entry written again and changes nothing.
func (s *Store) AppendConsent(ctx context.Context, e ConsentEntry) error {
	if _, err := s.consents.InsertOne(ctx, e); err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("record consent %s: %w", e.ID, err)
	}
	return nil
}

// Consents returns the user's ledger entries up to seq, oldest first.
func (s *Store) Consents(ctx context.Context, userID string, seq int) ([]ConsentEntry, error) {
	out := []ConsentEntry{}
	for n := 1; n <= seq; n++ {
		e, err := mongokit.FindOne[ConsentEntry](ctx, s.consents, bson.M{"_id": consentID(userID, n)}, "consent")
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func consentID(userID string, seq int) string { return fmt.Sprintf("%s:%d", userID, seq) }

// list is a document of ids.
type list struct {
	ID  string   `bson:"_id"`
	IDs []string `bson:"ids"`
}

// List returns the ids of a list; none when it does not exist.
func (s *Store) List(ctx context.Context, name string) ([]string, error) {
	if !sharded(name) {
		return s.listDoc(ctx, name)
	}
	shards := make([][]string, listShards)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i := range shards {
		g.Go(func() (err error) {
			shards[i], err = s.listDoc(gctx, shardID(name, i))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(shards...), nil
}

func (s *Store) listDoc(ctx context.Context, id string) ([]string, error) {
	l, err := mongokit.FindOne[list](ctx, s.lists, bson.M{"_id": id}, "list")
	if apperr.Is(err, apperr.NotFound) {
		return []string{}, nil
	}
	if l.IDs == nil {
		l.IDs = []string{}
	}
	return l.IDs, err
}

// AddToList adds id to a list once.
func (s *Store) AddToList(ctx context.Context, name, id string) error {
	if _, err := s.guard.Upsert(ctx, s.lists, listDocID(name, id), nil, bson.M{"$addToSet": bson.M{"ids": id}}, nil); err != nil {
		return fmt.Errorf("add to list %s: %w", name, err)
	}
	return nil
}

// RemoveFromList removes id from a list.
func (s *Store) RemoveFromList(ctx context.Context, name, id string) error {
	if _, err := s.guard.Update(ctx, s.lists, listDocID(name, id), nil, bson.M{"$pull": bson.M{"ids": id}}); err != nil {
		return fmt.Errorf("remove from list %s: %w", name, err)
	}
	return nil
}

// The lists of everyone in the pool and of every sample learner grow with
// the platform: kept in one document, each addition would rewrite all of
// it (600 KB at 20,000 people, every time one more joins). They are kept in
// listShards documents instead, each id in the shard its hash names.
const listShards = 64

func sharded(name string) bool { return name == poolList || name == sampleUsersList }

func shardID(name string, shard int) string { return fmt.Sprintf("%s#%02d", name, shard) }

// listDocID is the document of list name that holds id.
func listDocID(name, id string) string {
	if !sharded(name) {
		return name
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return shardID(name, int(h.Sum32()%listShards))
}

// shardLists moves the ids of sharded lists kept whole, as they were
// before, into their shards, and then deletes the whole document.
func (s *Store) shardLists(ctx context.Context) error {
	for _, name := range []string{poolList, sampleUsersList} {
		ids, err := s.listDoc(ctx, name)
		if err != nil {
			return err
		}
		byShard := map[string][]string{}
		for _, id := range ids {
			byShard[listDocID(name, id)] = append(byShard[listDocID(name, id)], id)
		}
		for shard, ids := range byShard {
			if _, err := s.guard.Upsert(ctx, s.lists, shard, nil, bson.M{"$addToSet": bson.M{"ids": bson.M{"$each": ids}}}, nil); err != nil {
				return fmt.Errorf("shard list %s: %w", name, err)
			}
		}
		if len(ids) > 0 {
			if err := s.DeleteList(ctx, name); err != nil {
				return err
			}
		}
	}
	return nil
}

// listDecisionsAndReveals lists the decisions and notes the acceptances
// recorded before decisions were listed by opening and acceptances noted on
// profiles: the two collections are read whole once, then a marker says so.
func (s *Store) listDecisionsAndReveals(ctx context.Context) error {
	const marker = "listed:decisions+reveals"
	if err := s.lists.FindOne(ctx, bson.M{"_id": marker}).Err(); err == nil || !errors.Is(err, mongo.ErrNoDocuments) {
		return err
	}
	decisions, err := mongokit.FindAll[Decision](ctx, s.decisions, bson.M{})
	if err != nil {
		return err
	}
	for _, d := range decisions {
		if err := s.AddToList(ctx, openingDecisionsList(d.OpeningID), d.UserID); err != nil {
			return err
		}
	}
	accepted, err := mongokit.FindAll[slot](ctx, s.slots, bson.M{"accepted": true})
	if err != nil {
		return err
	}
	for _, sl := range accepted {
		orgID, userID, _ := strings.Cut(sl.ID, "|")
		if err := s.NoteReveal(ctx, userID, orgID); err != nil {
			return err
		}
	}
	_, err = s.lists.InsertOne(ctx, list{ID: marker})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	return err
}

// NoteReveal notes on the person's profile that they accepted the company's
// contact request: the company's cards of them read the contact slot.
func (s *Store) NoteReveal(ctx context.Context, userID, orgID string) error {
	if _, err := s.guard.Update(ctx, s.profiles, userID, nil, bson.M{"$addToSet": bson.M{"revealed_to": orgID}}); err != nil {
		return fmt.Errorf("note that %s accepted contact from %s: %w", userID, orgID, err)
	}
	return nil
}

// The names of the lists.
func orgOpeningsList(orgID string) string   { return "openings:" + orgID }
func userContactsList(userID string) string { return "contacts:" + userID }
func orgContestsList(orgID string) string   { return "contests:" + orgID }

// openingDecisionsList names the people a decision on the opening was
// recorded for: a match list reads the decisions of those only.
func openingDecisionsList(openingID string) string { return "decided:" + openingID }

const (
	openList = "open"
	poolList = "pool"
	// importersList names the learners who imported a credential, for the
	// reconciler that verifies imports again.
	importersList = "importers"
	// viewersList names the companies shown a card, whose pseudonyms of a
	// person erasure deletes.
	viewersList = "viewers"
)

// InsertOpening stores a new opening.
func (s *Store) InsertOpening(ctx context.Context, o Opening) error {
	if _, err := s.openings.InsertOne(ctx, o); err != nil {
		return fmt.Errorf("insert opening %s: %w", o.ID, err)
	}
	return s.AddToList(ctx, orgOpeningsList(o.OrgID), o.ID)
}

// openOpenings reads every open opening, by id, in one pass over the collection.
func (s *Store) openOpenings(ctx context.Context) (map[string]Opening, error) {
	return findByID(ctx, s.openings, bson.M{"status": OpeningOpen}, func(o Opening) string { return o.ID })
}

// Opening returns an opening by id.
func (s *Store) Opening(ctx context.Context, id string) (Opening, error) {
	return mongokit.FindOne[Opening](ctx, s.openings, bson.M{"_id": id}, "opening")
}

// UpdateOpening applies update to the opening if it matches guard.
func (s *Store) UpdateOpening(ctx context.Context, id string, guard, update bson.M) (Opening, bool, error) {
	var o Opening
	ok, err := s.guard.UpdateAndRead(ctx, s.openings, id, guard, update, &o)
	if err != nil {
		return o, false, fmt.Errorf("update opening %s: %w", id, err)
	}
	return o, ok, nil
}

// ranking is a read model: a ranked list of ids with their scores, read and
// written whole, so packed (an opening's lists 400 people at 20,000).
type ranking struct {
	ID      string                    `bson:"_id"`
	Entries mongokit.Packed[[]Ranked] `bson:"entries"`
	Rev     int                       `bson:"rev"`
}

func openingRanking(openingID string) string { return "opening:" + openingID }
func candidateRanking(userID string) string  { return "candidate:" + userID }

// Ranking returns a read model's entries, best first.
func (s *Store) Ranking(ctx context.Context, id string) ([]Ranked, error) {
	r, err := s.ranking(ctx, id)
	return r.Entries.V, err
}

func (s *Store) ranking(ctx context.Context, id string) (ranking, error) {
	r, err := mongokit.FindOne[ranking](ctx, s.ranks, bson.M{"_id": id}, "ranking")
	if apperr.Is(err, apperr.NotFound) {
		return ranking{ID: id, Entries: mongokit.Packed[[]Ranked]{V: []Ranked{}}}, nil
	}
	return r, err
}

// SetRanked puts entry e (or, with remove, no entry) for e.ID into the
// ranking id, keeping it best first.
func (s *Store) SetRanked(ctx context.Context, id string, e Ranked, remove bool) error {
	return s.ChangeRanking(ctx, id, func(entries []Ranked) []Ranked {
		entries = slices.DeleteFunc(entries, func(x Ranked) bool { return x.ID == e.ID })
		if !remove {
			entries = append(entries, e)
		}
		return entries
	})
}

// ChangeRanking writes the ranking id as change makes it from its entries,
// sorted best first, in one write: read, change, write at the revision read,
// again when another writer came first. Nothing is written when nothing
// changed.
func (s *Store) ChangeRanking(ctx context.Context, id string, change func([]Ranked) []Ranked) error {
	return s.changeRankingFrom(ctx, id, nil, change)
}

// rankingHead is a ranking without its entries' matches, which hold most
// of a candidate's ranking.
type rankingHead struct {
	ID      string                        `bson:"_id"`
	Entries mongokit.Packed[[]rankedHead] `bson:"entries"`
	Rev     int                           `bson:"rev"`
}

type rankedHead struct {
	ID    string  `bson:"id"`
	Score float64 `bson:"score"`
}

// allRankings returns every ranking by id, in one read of the collection,
// with its entries' ids and scores and without their matches: an
// opening's ranking reads whole, a candidate's lists what they were
// matched with.
func (s *Store) allRankings(ctx context.Context) (map[string]ranking, error) {
	heads, err := findByID(ctx, s.ranks, bson.D{}, func(r rankingHead) string { return r.ID })
	if err != nil {
		return nil, err
	}
	out := make(map[string]ranking, len(heads))
	for id, h := range heads {
		entries := make([]Ranked, len(h.Entries.V))
		for i, e := range h.Entries.V {
			entries[i] = Ranked{ID: e.ID, Score: e.Score}
		}
		out[id] = ranking{ID: id, Entries: mongokit.Packed[[]Ranked]{V: entries}, Rev: h.Rev}
	}
	return out, nil
}

// setRankings sets the entries of rankings that exist, by id, in bulk, for
// a full recompute: it matches again at its end what matching changed
// meanwhile (passes.go), so these writes are not guarded by the revision
// it read; the revision still moves on, for the writers that are. A
// ranking deleted since stays deleted.
func (s *Store) setRankings(ctx context.Context, entries map[string][]Ranked) error {
	ids, packed, err := packRankings(entries)
	if err != nil {
		return err
	}
	models := make([]mongo.WriteModel, len(ids))
	for i, id := range ids {
		models[i] = mongo.NewUpdateOneModel().SetFilter(bson.M{"_id": id}).SetUpdate(bson.M{"$set": bson.M{"entries": packed[i]}, "$inc": bson.M{"rev": 1}})
	}
	if err := mongokit.BulkUpdate(ctx, s.ranks, models); err != nil {
		return fmt.Errorf("write %d rankings: %w", len(models), err)
	}
	return nil
}

// changeRankingFrom is ChangeRanking starting from known, the ranking as
// read before, when not nil: its first write is guarded by known's
// revision, without reading the ranking again.
func (s *Store) changeRankingFrom(ctx context.Context, id string, known *ranking, change func([]Ranked) []Ranked) error {
	for {
		var r ranking
		if known != nil {
			r, known = *known, nil
		} else {
			var err error
			if r, err = s.ranking(ctx, id); err != nil {
				return err
			}
		}
		entries := sortRanked(change(slices.Clone(r.Entries.V)))
		if slices.Equal(entries, r.Entries.V) {
			return nil
		}
		ok, err := s.guard.Upsert(ctx, s.ranks, id, bson.M{"rev": r.Rev}, bson.M{"$set": bson.M{"entries": mongokit.Packed[[]Ranked]{V: nonNil(entries)}, "rev": r.Rev + 1}}, nil)
		if err != nil {
			return fmt.Errorf("write ranking %s: %w", id, err)
		}
		if ok {
			return nil
		}
	}
}

// createRankings creates the rankings of entries, by id, in one write: for
// ids no ranking was read for. It returns the ids of those another writer
// created meanwhile, to be changed as they now are.
func (s *Store) createRankings(ctx context.Context, entries map[string][]Ranked) ([]string, error) {
	ids, packed, err := packRankings(entries)
	if err != nil {
		return nil, err
	}
	docs := make([]any, len(ids))
	for i, id := range ids {
		docs[i] = bson.D{{Key: "_id", Value: id}, {Key: "entries", Value: packed[i]}, {Key: "rev", Value: 1}}
	}
	taken, err := mongokit.InsertNew(ctx, s.ranks, docs)
	if err != nil {
		return nil, fmt.Errorf("create %d rankings: %w", len(docs), err)
	}
	out := make([]string, len(taken))
	for i, at := range taken {
		out[i] = ids[at]
	}
	return out, nil
}

// packRankings returns the ids of rankings, sorted, and each one's entries
// sorted and packed as a ranking stores them, packed on every core at
// once: a candidate's entries hold their matches' explanations, and a full
// recompute's one writer would otherwise spend most of its time on them.
func packRankings(entries map[string][]Ranked) ([]string, []bson.RawValue, error) {
	ids := slices.Sorted(maps.Keys(entries))
	packed := make([]bson.RawValue, len(ids))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, id := range ids {
		g.Go(func() error {
			t, data, err := mongokit.Packed[[]Ranked]{V: sortRanked(slices.Clone(nonNil(entries[id])))}.MarshalBSONValue()
			packed[i] = bson.RawValue{Type: t, Value: data}
			return err
		})
	}
	return ids, packed, g.Wait()
}

// sortRanked sorts entries best first, ties by id.
func sortRanked(entries []Ranked) []Ranked {
	slices.SortStableFunc(entries, func(a, b Ranked) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return compareStrings(a.ID, b.ID)
	})
	return entries
}

// DeleteRanking removes a read model.
func (s *Store) DeleteRanking(ctx context.Context, id string) error {
	if _, err := s.ranks.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete ranking %s: %w", id, err)
	}
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func matchID(openingID, userID string) string { return openingID + "|" + userID }

// Match returns a stored match: the entry of the candidate's ranking that
// holds it.
func (s *Store) Match(ctx context.Context, openingID, userID string) (StoredMatch, error) {
	entries, err := s.Ranking(ctx, candidateRanking(userID))
	if err != nil {
		return StoredMatch{}, err
	}
	for _, e := range entries {
		if e.ID == openingID {
			if m, ok := e.storedMatch(userID); ok {
				return m, nil
			}
		}
	}
	return StoredMatch{}, apperr.NotFoundf("no such match")
}

// foldLegacyMatches moves the matches stored one per document, as they
// were before, into the entries of their candidates' rankings, and then
// drops their collection. A match no ranking lists is dropped with it.
func (s *Store) foldLegacyMatches(ctx context.Context) error {
	legacy, err := mongokit.FindAll[legacyMatch](ctx, s.legacyMatches, bson.M{})
	if err != nil || len(legacy) == 0 {
		return err
	}
	byUser := map[string]map[string]legacyMatch{}
	for _, m := range legacy {
		if byUser[m.UserID] == nil {
			byUser[m.UserID] = map[string]legacyMatch{}
		}
		byUser[m.UserID][m.OpeningID] = m
	}
	for userID, byOpening := range byUser {
		err := s.ChangeRanking(ctx, candidateRanking(userID), func(entries []Ranked) []Ranked {
			for i, e := range entries {
				if m, ok := byOpening[e.ID]; ok && e.Match == nil {
					entries[i].Match, entries[i].At = &m.Match.V, m.At
				}
			}
			return entries
		})
		if err != nil {
			return err
		}
	}
	if err := s.legacyMatches.Drop(ctx); err != nil {
		return fmt.Errorf("drop the matches moved into the rankings: %w", err)
	}
	return nil
}

// InsertContact stores a contact request.
func (s *Store) InsertContact(ctx context.Context, c Contact) error {
	if _, err := s.contacts.InsertOne(ctx, c); err != nil {
		return fmt.Errorf("insert contact %s: %w", c.ID, err)
	}
	return s.AddToList(ctx, userContactsList(c.UserID), c.ID)
}

// Contact returns a contact request.
func (s *Store) Contact(ctx context.Context, id string) (Contact, error) {
	return mongokit.FindOne[Contact](ctx, s.contacts, bson.M{"_id": id}, "contact request")
}

// UpdateContact applies update to a contact request if it matches guard.
func (s *Store) UpdateContact(ctx context.Context, id string, guard, update bson.M) (Contact, bool, error) {
	var c Contact
	ok, err := s.guard.UpdateAndRead(ctx, s.contacts, id, guard, update, &c)
	if err != nil {
		return c, false, fmt.Errorf("update contact %s: %w", id, err)
	}
	return c, ok, nil
}

// slot is what is between a company and a candidate: the pending request,
// and whether the candidate ever accepted one.
type slot struct {
	ID        string    `bson:"_id"`
	Pending   string    `bson:"pending"`
	ClaimedAt time.Time `bson:"claimed_at"`
	Accepted  bool      `bson:"accepted"`
}

func slotID(orgID, userID string) string { return orgID + "|" + userID }

// ClaimSlot makes contactID the company's one pending request to the
// candidate in place of from ("" for none); false when another is pending.
func (s *Store) ClaimSlot(ctx context.Context, orgID, userID, from, contactID string, at time.Time) (bool, error) {
	ok, err := s.guard.Upsert(ctx, s.slots, slotID(orgID, userID), bson.M{"pending": from}, bson.M{"$set": bson.M{"pending": contactID, "claimed_at": at}}, nil)
	if err != nil {
		return false, fmt.Errorf("claim contact slot: %w", err)
	}
	return ok, nil
}

// ReleaseSlot ends the pending request contactID, recording an acceptance.
func (s *Store) ReleaseSlot(ctx context.Context, orgID, userID, contactID string, accepted bool) error {
	set := bson.M{"pending": ""}
	if accepted {
		set["accepted"] = true
	}
	if _, err := s.guard.Update(ctx, s.slots, slotID(orgID, userID), bson.M{"pending": contactID}, bson.M{"$set": set}); err != nil {
		return fmt.Errorf("release contact slot: %w", err)
	}
	return nil
}

// Slot returns what is between a company and a candidate.
func (s *Store) Slot(ctx context.Context, orgID, userID string) (slot, error) {
	sl, err := mongokit.FindOne[slot](ctx, s.slots, bson.M{"_id": slotID(orgID, userID)}, "contact slot")
	if apperr.Is(err, apperr.NotFound) {
		return slot{ID: slotID(orgID, userID)}, nil
	}
	return sl, err
}

// accessLog is a learner's access log.
type accessLog struct {
	ID      string   `bson:"_id"`
	Entries []Access `bson:"entries"`
}

// LogAccess appends an entry to the learner's access log.
func (s *Store) LogAccess(ctx context.Context, userID string, a Access) error {
	if _, err := s.guard.Upsert(ctx, s.access, userID, nil, bson.M{"$push": bson.M{"entries": a}}, nil); err != nil {
		return fmt.Errorf("log access to %s: %w", userID, err)
	}
	return nil
}

// AccessLog returns the learner's access log, oldest first.
func (s *Store) AccessLog(ctx context.Context, userID string) ([]Access, error) {
	l, err := mongokit.FindOne[accessLog](ctx, s.access, bson.M{"_id": userID}, "access log")
	if apperr.Is(err, apperr.NotFound) {
		return []Access{}, nil
	}
	return l.Entries, err
}

// PutDecision records a decision, replacing the previous one; the person is
// listed among the opening's decided first, so that no reader misses it.
func (s *Store) PutDecision(ctx context.Context, d Decision) error {
	if err := s.AddToList(ctx, openingDecisionsList(d.OpeningID), d.UserID); err != nil {
		return err
	}
	if _, err := s.guard.Upsert(ctx, s.decisions, d.ID, nil, bson.M{"$set": bson.M{"org_id": d.OrgID, "opening_id": d.OpeningID, "user_id": d.UserID,
		"decision": d.Decision, "reason": d.Reason, "by": d.By, "at": d.At}}, nil); err != nil {
		return fmt.Errorf("record decision %s: %w", d.ID, err)
	}
	return nil
}

// Decision returns the decision on a candidate for an opening, nil when none.
func (s *Store) Decision(ctx context.Context, openingID, userID string) (*Decision, error) {
	d, err := mongokit.FindOne[Decision](ctx, s.decisions, bson.M{"_id": matchID(openingID, userID)}, "decision")
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// DeleteDecision removes a decision, and the person from the opening's decided.
func (s *Store) DeleteDecision(ctx context.Context, openingID, userID string) error {
	if _, err := s.decisions.DeleteOne(ctx, bson.M{"_id": matchID(openingID, userID)}); err != nil {
		return fmt.Errorf("delete decision: %w", err)
	}
	return s.RemoveFromList(ctx, openingDecisionsList(openingID), userID)
}

// InsertContest stores a contest and lists it in the company's inbox.
func (s *Store) InsertContest(ctx context.Context, c Contest) error {
	if _, err := s.contests.InsertOne(ctx, c); err != nil {
		return fmt.Errorf("insert contest: %w", err)
	}
	return s.AddToList(ctx, orgContestsList(c.OrgID), c.ID)
}

// Contest returns a contest.
func (s *Store) Contest(ctx context.Context, id string) (Contest, error) {
	return mongokit.FindOne[Contest](ctx, s.contests, bson.M{"_id": id}, "contest")
}

// DeleteContest removes a contest from the store and its company's inbox.
func (s *Store) DeleteContest(ctx context.Context, c Contest) error {
	if _, err := s.contests.DeleteOne(ctx, bson.M{"_id": c.ID}); err != nil {
		return fmt.Errorf("delete contest: %w", err)
	}
	return s.RemoveFromList(ctx, orgContestsList(c.OrgID), c.ID)
}

// pseudonymDoc resolves a company's pseudonym to a person.
type pseudonymDoc struct {
	ID     string `bson:"_id"`
	UserID string `bson:"user_id"`
}

func pseudonymID(orgID, pseudonym string) string { return orgID + "|" + pseudonym }

// PutPseudonyms records that each pseudonym names its person for the
// company, in one round trip; one already recorded must name the same person.
func (s *Store) PutPseudonyms(ctx context.Context, orgID string, userOf map[string]string) error {
	docs := make([]any, 0, len(userOf))
	for pseudonym, userID := range userOf {
		docs = append(docs, pseudonymDoc{ID: pseudonymID(orgID, pseudonym), UserID: userID})
	}
	taken, err := mongokit.InsertNew(ctx, s.pseudonyms, docs)
	if err != nil {
		return fmt.Errorf("record pseudonyms: %w", err)
	}
	for _, i := range taken {
		want := docs[i].(pseudonymDoc)
		d, err := mongokit.FindOne[pseudonymDoc](ctx, s.pseudonyms, bson.M{"_id": want.ID}, "pseudonym")
		if err != nil {
			return err
		}
		if d.UserID != want.UserID {
			return fmt.Errorf("pseudonym %s names two people", want.ID)
		}
	}
	return nil
}

// ResolvePseudonym returns the person a company's pseudonym names.
func (s *Store) ResolvePseudonym(ctx context.Context, orgID, pseudonym string) (string, error) {
	d, err := mongokit.FindOne[pseudonymDoc](ctx, s.pseudonyms, bson.M{"_id": pseudonymID(orgID, pseudonym)}, "candidate")
	return d.UserID, err
}

// DeletePseudonyms forgets the pseudonyms of one person, pseudonymOf
// naming the person for each company, and what is between each company and
// the person, in two bulk writes.
func (s *Store) DeletePseudonyms(ctx context.Context, userID string, pseudonymOf map[string]string) error {
	pseudonyms, slots := make([]string, 0, len(pseudonymOf)), make([]string, 0, len(pseudonymOf))
	for orgID, pseudonym := range pseudonymOf {
		pseudonyms, slots = append(pseudonyms, pseudonymID(orgID, pseudonym)), append(slots, slotID(orgID, userID))
	}
	if err := mongokit.DeleteByID(ctx, s.pseudonyms, pseudonyms); err != nil {
		return fmt.Errorf("delete pseudonyms: %w", err)
	}
	if err := mongokit.DeleteByID(ctx, s.slots, slots); err != nil {
		return fmt.Errorf("delete contact slots: %w", err)
	}
	return nil
}

// DeleteAccessLog removes a learner's access log.
func (s *Store) DeleteAccessLog(ctx context.Context, userID string) error {
	if _, err := s.access.DeleteOne(ctx, bson.M{"_id": userID}); err != nil {
		return fmt.Errorf("delete access log: %w", err)
	}
	return nil
}

// DeleteContact removes a contact request.
func (s *Store) DeleteContact(ctx context.Context, id string) error {
	if _, err := s.contacts.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete contact: %w", err)
	}
	return nil
}

// DeleteList removes a list.
func (s *Store) DeleteList(ctx context.Context, name string) error {
	if _, err := s.lists.DeleteOne(ctx, bson.M{"_id": name}); err != nil {
		return fmt.Errorf("delete list %s: %w", name, err)
	}
	return nil
}

// keyDoc is a secret kept in the database.
type keyDoc struct {
	ID  string `bson:"_id"`
	Key []byte `bson:"key"`
}

// PseudonymKey returns the key of pseudonyms kept in the database, made
// once by whichever process asks first; used when no key encryption key is
// configured to derive it from.
func (s *Store) PseudonymKey(ctx context.Context) ([]byte, error) {
	coll := s.lists.Database().Collection("talent_keys")
	key := make([]byte, MinPseudonymKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("draw the pseudonym key: %w", err)
	}
	if _, err := coll.InsertOne(ctx, keyDoc{ID: "pseudonym", Key: key}); err != nil && !mongo.IsDuplicateKeyError(err) {
		return nil, fmt.Errorf("store the pseudonym key: %w", err)
	}
	d, err := mongokit.FindOne[keyDoc](ctx, coll, bson.M{"_id": "pseudonym"}, "pseudonym key")
	return d.Key, err
}

// DeleteConsents removes the user's ledger entries up to seq: only sample
// learners' entries are ever deleted, as they record no one's consent.
func (s *Store) DeleteConsents(ctx context.Context, userID string, seq int) error {
	for n := 1; n <= seq; n++ {
		if _, err := s.consents.DeleteOne(ctx, bson.M{"_id": consentID(userID, n)}); err != nil {
			return fmt.Errorf("delete consent %s: %w", consentID(userID, n), err)
		}
	}
	return nil
}

// DeleteOpening removes an opening from the store and its company's list.
func (s *Store) DeleteOpening(ctx context.Context, o Opening) error {
	if _, err := s.openings.DeleteOne(ctx, bson.M{"_id": o.ID}); err != nil {
		return fmt.Errorf("delete opening %s: %w", o.ID, err)
	}
	return s.RemoveFromList(ctx, orgOpeningsList(o.OrgID), o.ID)
}
