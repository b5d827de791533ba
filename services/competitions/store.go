package competitions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/owned"
)

// Store keeps competitions, entries, teams, submissions and leaderboards in
// MongoDB. What participants touch is read and written by _id: entry ids
// derive from competition and person, a slug is found through a document
// keyed by the slug, a team lists its submissions (Team.Slots, read by
// SubmissionsAmong), and the unfinished submissions are one document
// (unfinishedID).
type Store struct {
	guard        *guarded.Writer
	competitions *mongo.Collection
	slugs        *mongo.Collection
	entries      *mongo.Collection
	teams        *mongo.Collection
	submissions  *mongo.Collection
	boards       *mongo.Collection
	work         *mongo.Collection
	invitations  *mongo.Collection
	audit        *mongo.Collection
	flags        *mongo.Collection
	flagRequests *mongo.Collection
	// participants lists each person's entry ids, for their dashboard.
	participants *owned.Lists
	shownBoards  boardCache
	// shardStates are the boards' shards as last read or written.
	shardStates boardCache
}

// NewStore returns the competitions store on db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	entries := db.Collection("competition_entries")
	return &Store{
		guard:        w,
		competitions: db.Collection("competitions"),
		slugs:        db.Collection("competition_slugs"),
		entries:      entries,
		teams:        db.Collection("competition_teams"),
		submissions:  db.Collection("competition_submissions"),
		boards:       db.Collection("competition_boards"),
		work:         db.Collection("competition_work"),
		invitations:  db.Collection("competition_invitations"),
		audit:        db.Collection("competition_audit"),
		flags:        db.Collection("competition_flags"),
		flagRequests: db.Collection("competition_flag_requests"),
		participants: owned.New(db, w, "participant_entries", entries, "user_id"),
	}
}

// EnsureIndexes creates the indexes of the host's lists.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	if _, err := s.competitions.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "host.org_id", Value: 1}}}); err != nil {
		return fmt.Errorf("index competitions: %w", err)
	}
	if _, err := s.submissions.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "competition_id", Value: 1}, {Key: "_id", Value: -1}}}); err != nil {
		return fmt.Errorf("index submissions: %w", err)
	}
	if _, err := s.audit.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "competition_id", Value: 1}, {Key: "_id", Value: -1}}}); err != nil {
		return fmt.Errorf("index audit: %w", err)
	}
	// The other collections are read by _id only; they are created now so
	// that the embedded database indexes their _id lookups at start.
	for _, c := range []*mongo.Collection{s.slugs, s.entries, s.teams, s.boards, s.work, s.invitations, s.flags} {
		if err := mongokit.CreateCollection(ctx, c.Database(), c.Name()); err != nil {
			return err
		}
	}
	return s.participants.Create(ctx)
}

// Outbox is the collection whose documents embed the events this context
// records: the frozen leaderboards.
func (s *Store) Outbox() *mongo.Collection { return s.boards }

type slugDoc struct {
	ID            string `bson:"_id"`
	CompetitionID string `bson:"competition_id"`
}

// CreateCompetition claims c's slug and inserts c.
func (s *Store) CreateCompetition(ctx context.Context, c Competition) error {
	if err := s.claimSlug(ctx, c.Slug, c.ID); err != nil {
		return err
	}
	if _, err := s.competitions.InsertOne(ctx, c); err != nil {
		return fmt.Errorf("insert competition %s: %w", c.Slug, err)
	}
	return nil
}

func (s *Store) claimSlug(ctx context.Context, slug, id string) error {
	_, err := s.slugs.InsertOne(ctx, slugDoc{ID: slug, CompetitionID: id})
	if mongo.IsDuplicateKeyError(err) {
		return apperr.InvalidField("slug", "%q is taken by another competition", slug)
	}
	if err != nil {
		return fmt.Errorf("claim slug %s: %w", slug, err)
	}
	return nil
}

// CompetitionBySlug returns the competition with this slug.
func (s *Store) CompetitionBySlug(ctx context.Context, slug string) (Competition, error) {
	d, err := mongokit.FindOne[slugDoc](ctx, s.slugs, bson.M{"_id": slug}, "competition")
	if err != nil {
		return Competition{}, err
	}
	c, err := s.Competition(ctx, d.CompetitionID)
	if err == nil && c.Slug != slug {
		// A slug left behind by a renaming.
		return Competition{}, apperr.NotFoundf("no such competition")
	}
	return c, err
}

// Competition returns the competition with this id.
func (s *Store) Competition(ctx context.Context, id string) (Competition, error) {
	return mongokit.FindOne[Competition](ctx, s.competitions, bson.M{"_id": id}, "competition")
}

// ReplaceCompetition writes c over the stored version c.Version-1; a
// changed slug is claimed first and the old one given back after.
func (s *Store) ReplaceCompetition(ctx context.Context, c Competition, oldSlug string) error {
	if c.Slug != oldSlug {
		if err := s.claimSlug(ctx, c.Slug, c.ID); err != nil {
			return err
		}
	}
	ok, err := s.guard.Replace(ctx, s.competitions, c.ID, bson.M{"version": c.Version - 1}, c)
	if err != nil {
		return fmt.Errorf("update competition %s: %w", c.ID, err)
	}
	if !ok {
		if c.Slug != oldSlug {
			_, _ = s.slugs.DeleteOne(ctx, bson.M{"_id": c.Slug})
		}
		return apperr.Conflictf("edit-conflict", "the competition was changed by someone else since version %d; reload it and edit again", c.Version-1)
	}
	if c.Slug != oldSlug {
		if _, err := s.slugs.DeleteOne(ctx, bson.M{"_id": oldSlug}); err != nil {
			return fmt.Errorf("release slug %s: %w", oldSlug, err)
		}
	}
	return nil
}

// UpdateCompetition applies update to the competition if it matches guard.
func (s *Store) UpdateCompetition(ctx context.Context, id string, guard, update bson.M) (Competition, bool, error) {
	var c Competition
	ok, err := s.guard.UpdateAndRead(ctx, s.competitions, id, guard, update, &c)
	if err != nil {
		return c, false, fmt.Errorf("update competition %s: %w", id, err)
	}
	return c, ok, nil
}

// Competitions returns a page of competitions matching filter, by start
// date then id, after the given position. The list is short (tens of
// competitions), so a scan is cheap; search serves the catalogue at scale.
func (s *Store) Competitions(ctx context.Context, filter bson.M, after ListPos, limit int) ([]Competition, error) {
	if after.ID != "" {
		filter = bson.M{"$and": []bson.M{filter, {"$or": []bson.M{
			{"start_at": bson.M{"$gt": after.StartAt}},
			{"start_at": after.StartAt, "_id": bson.M{"$gt": after.ID}},
		}}}}
	}
	opts := options.Find().SetSort(bson.D{{Key: "start_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit))
	return mongokit.FindAll[Competition](ctx, s.competitions, filter, opts)
}

// ListPos is a position in a list of competitions.
type ListPos struct {
	StartAt time.Time `json:"s"`
	ID      string    `json:"i"`
}

// InsertEntry records an entry, puts it on its person's list and reports
// whether it was new. An entry recorded before is listed again, in case a
// process stopped between the two writes.
func (s *Store) InsertEntry(ctx context.Context, e Entry) (bool, error) {
	_, err := s.entries.InsertOne(ctx, e)
	created := err == nil
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return false, fmt.Errorf("insert entry %s: %w", e.ID, err)
	}
	return created, s.participants.Add(ctx, e.UserID, e.ID)
}

// EntryIDs lists the ids of a person's entries, oldest first.
func (s *Store) EntryIDs(ctx context.Context, userID string) ([]string, error) {
	return s.participants.IDs(ctx, userID)
}

// Entry returns the entry with this id.
func (s *Store) Entry(ctx context.Context, id string) (Entry, error) {
	return mongokit.FindOne[Entry](ctx, s.entries, bson.M{"_id": id}, "entry")
}

// InsertTeam inserts a team unless one with its id exists.
func (s *Store) InsertTeam(ctx context.Context, t Team) error {
	_, err := s.teams.InsertOne(ctx, t)
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("insert team %s: %w", t.ID, err)
	}
	return nil
}

// Team returns the team with this id.
func (s *Store) Team(ctx context.Context, id string) (Team, error) {
	return mongokit.FindOne[Team](ctx, s.teams, bson.M{"_id": id}, "team")
}

// UpdateTeam applies update to the team if it matches guard, and returns it as updated.
func (s *Store) UpdateTeam(ctx context.Context, id string, guard, update bson.M) (Team, bool, error) {
	var t Team
	ok, err := s.guard.UpdateAndRead(ctx, s.teams, id, guard, update, &t)
	if err != nil {
		return t, false, fmt.Errorf("update team %s: %w", id, err)
	}
	return t, ok, nil
}

// InsertSubmission inserts a submission.
func (s *Store) InsertSubmission(ctx context.Context, sub Submission) error {
	if _, err := s.submissions.InsertOne(ctx, sub); err != nil {
		return fmt.Errorf("insert submission %s: %w", sub.ID, err)
	}
	return nil
}

// Submission returns the submission with this id.
func (s *Store) Submission(ctx context.Context, id string) (Submission, error) {
	return mongokit.FindOne[Submission](ctx, s.submissions, bson.M{"_id": id}, "submission")
}

// UpdateSubmission applies update to the submission if it matches guard,
// and returns it as updated.
func (s *Store) UpdateSubmission(ctx context.Context, id string, guard, update bson.M) (Submission, bool, error) {
	var sub Submission
	ok, err := s.guard.UpdateAndRead(ctx, s.submissions, id, guard, update, &sub)
	if err != nil {
		return sub, false, fmt.Errorf("update submission %s: %w", id, err)
	}
	return sub, ok, nil
}

// SubmissionsAmong returns a page of the submissions with these ids, newest
// first, before the id given ("" for the first page), each read by _id:
// a team knows the ids of its submissions (Team.Slots), so listing them
// reads no other team's. Submission ids sort by time; an id with no
// submission (an upload that stopped before it was written) is passed over.
func (s *Store) SubmissionsAmong(ctx context.Context, ids []string, before string, limit int) ([]Submission, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	slices.Reverse(ids)
	out := make([]Submission, 0, limit)
	for _, id := range ids {
		if len(out) == limit {
			break
		}
		if before != "" && id >= before {
			continue
		}
		sub, err := s.Submission(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, nil
}

// CompetitionSubmissions returns a page of every team's submissions to a
// competition, newest first; the host's console reads it.
func (s *Store) CompetitionSubmissions(ctx context.Context, competitionID, before string, limit int) ([]Submission, error) {
	filter := bson.M{"competition_id": competitionID}
	if before != "" {
		filter["_id"] = bson.M{"$lt": before}
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit))
	return mongokit.FindAll[Submission](ctx, s.submissions, filter, opts)
}

// unfinishedID is the _id of the document listing every submission not yet
// scored or failed, which the reconciler reads instead of scanning submissions.
const unfinishedID = "unfinished"

// Pending is a submission in the unfinished set: when its scoring was last
// enqueued and how many times, and the slot it takes, so that the slot of
// an upload that stopped before writing its submission is given back.
type Pending struct {
	EnqueuedAt    time.Time `bson:"enqueued_at"`
	Enqueues      int       `bson:"enqueues"`
	CompetitionID string    `bson:"competition_id"`
	TeamID        string    `bson:"team_id"`
	Day           string    `bson:"day"`
}

type unfinishedDoc struct {
	ID   string             `bson:"_id"`
	Subs map[string]Pending `bson:"subs"`
}

// MarkUnfinished lists a submission in the unfinished set.
func (s *Store) MarkUnfinished(ctx context.Context, submissionID string, p Pending) error {
	_, err := s.guard.Upsert(ctx, s.work, unfinishedID, nil, bson.M{"$set": bson.M{"subs." + submissionID: p}}, nil)
	if err != nil {
		return fmt.Errorf("list unfinished submission %s: %w", submissionID, err)
	}
	return nil
}

// MarkFinished removes a submission from the unfinished set.
func (s *Store) MarkFinished(ctx context.Context, submissionID string) error {
	_, err := s.guard.Update(ctx, s.work, unfinishedID, nil, bson.M{"$unset": bson.M{"subs." + submissionID: ""}})
	if err != nil {
		return fmt.Errorf("unlist submission %s: %w", submissionID, err)
	}
	return nil
}

// Unfinished returns the unfinished set.
func (s *Store) Unfinished(ctx context.Context) (map[string]Pending, error) {
	var d unfinishedDoc
	err := s.work.FindOne(ctx, bson.M{"_id": unfinishedID}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return map[string]Pending{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read unfinished submissions: %w", err)
	}
	if d.Subs == nil {
		d.Subs = map[string]Pending{}
	}
	return d.Subs, nil
}

// QueuePositions returns, for a queued submission's place in the queue,
// the ids of the unfinished submissions in order, as read less than
// boardCacheTTL ago: participants watching their submissions poll it, and
// the set is one document that grows with the queue.
func (s *Store) QueuePositions(ctx context.Context) ([]string, error) {
	return cachedRead(&s.shownBoards, "unfinished", boardCacheTTL, func() ([]string, error) {
		set, err := s.Unfinished(ctx)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(set))
		for id := range set {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		return ids, nil
	})
}

// boardShards is how many documents a board's teams are spread over, by
// team id: at 10,000 teams each keeping 10 selections a board's state is
// about 21 MB, over MongoDB's 16 MB limit on one document, and about
// 1.3 MB a shard.
const boardShards = 16

func boardShardID(boardID string, k int) string { return fmt.Sprintf("%s:teams:%d", boardID, k) }

func shardOf(teamID string) int {
	h := fnv.New32a()
	h.Write([]byte(teamID))
	return int(h.Sum32() % boardShards)
}

// boardShard holds the teams of a board whose ids hash to it.
type boardShard struct {
	ID    string
	Rev   int
	Teams []BoardTeam
}

// boardShardDoc is a shard as stored: its teams, read and written whole,
// packed into one binary value, which the embedded database does not parse
// as the 600 teams of a shard at 10,000 teams.
type boardShardDoc struct {
	ID    string                       `bson:"_id"`
	Rev   int                          `bson:"rev"`
	Teams mongokit.Packed[[]BoardTeam] `bson:"teams"`
}

// MarshalBSON stores the shard with its teams packed.
func (sh boardShard) MarshalBSON() ([]byte, error) {
	return bson.Marshal(boardShardDoc{ID: sh.ID, Rev: sh.Rev, Teams: mongokit.Packed[[]BoardTeam]{V: sh.Teams}})
}

// UnmarshalBSON reads a stored shard.
func (sh *boardShard) UnmarshalBSON(data []byte) error {
	var d boardShardDoc
	if err := bson.Unmarshal(data, &d); err != nil {
		return err
	}
	*sh = boardShard{ID: d.ID, Rev: d.Rev, Teams: d.Teams.V}
	return nil
}

// boardLoad is what a board's shards were read as, so that writing it back
// writes only the shards its edit changed, each at the revision read.
type boardLoad struct {
	shards    [boardShards][]byte
	shardRevs [boardShards]int
	counts    [boardShards]int
}

// shardState is a board's shard as read or written at a revision: its
// teams, their encoding, and whether the shard is stored at all. Kept in
// the store's cache, it is never changed: readers get copies of its teams.
type shardState struct {
	rev    int
	stored bool
	teams  []BoardTeam
	enc    []byte
}

// Board returns the leaderboard with this id, its teams gathered from its
// shards, empty when none is stored. A shard at the revision the board
// lists for it is taken from the cache: an edit reads the shards it did
// not change from memory, not 10,000 teams from the database.
func (s *Store) Board(ctx context.Context, id string) (Board, error) {
	b := Board{ID: id}
	err := s.boards.FindOne(ctx, bson.M{"_id": id}).Decode(&b)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return b, fmt.Errorf("read leaderboard %s: %w", id, err)
	}
	// A board stored before its teams were spread over shards holds them
	// itself until its next write moves them.
	legacy := b.Teams
	b.Teams = nil
	load := &boardLoad{}
	var stored [boardShards]bool
	for k := range boardShards {
		st, err := s.shard(ctx, b, k)
		if err != nil {
			return b, err
		}
		stored[k] = st.stored
		load.shards[k], load.shardRevs[k], load.counts[k] = st.enc, st.rev, len(st.teams)
		for _, bt := range st.teams {
			bt.Top, bt.Selected = slices.Clone(bt.Top), slices.Clone(bt.Selected)
			b.Teams = append(b.Teams, bt)
		}
	}
	// Those of the board's own teams whose shard is not written yet are
	// read from it; the shard, read as empty, is written at the next write.
	for _, bt := range legacy {
		if !stored[shardOf(bt.TeamID)] {
			b.Teams = append(b.Teams, bt)
		}
	}
	b.load = load
	return b, nil
}

// shard returns a board's k-th shard: from the cache when it holds the
// revision the board lists, else from the database.
func (s *Store) shard(ctx context.Context, b Board, k int) (shardState, error) {
	id := boardShardID(b.ID, k)
	if k < len(b.ShardRevs) {
		if st, ok := s.shardStates.get(id).(shardState); ok && st.rev == b.ShardRevs[k] {
			return st, nil
		}
	}
	var sh boardShard
	err := s.boards.FindOne(ctx, bson.M{"_id": id}).Decode(&sh)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return shardState{}, fmt.Errorf("read leaderboard %s: %w", id, err)
	}
	st := shardState{rev: sh.Rev, stored: err == nil, teams: sh.Teams, enc: encodeShard(sh.Teams)}
	s.shardStates.put(id, st, pageCacheTTL)
	return st, nil
}

func (b Board) byShard() [boardShards][]BoardTeam {
	var byShard [boardShards][]BoardTeam
	for _, bt := range b.Teams {
		k := shardOf(bt.TeamID)
		byShard[k] = append(byShard[k], bt)
	}
	return byShard
}

// encodeShard encodes a shard's teams, to tell whether an edit changed them.
func encodeShard(teams []BoardTeam) []byte {
	enc, _ := bson.Marshal(boardShard{Teams: teams}) // plain fields always encode
	return enc
}

// PutBoardState writes what an edit changed of a board read by Board: its
// changed shards, each over the revision read, those that lost no team
// first, so that a team moved between two shards is never in neither, then
// its own fields over the revision b.Rev-1 (none for revision 1), which
// every edit moves on, so that edits of different shards are still ordered
// and the last one to write had read all the others. It reports whether
// every write applied; when one did not, another writer came first and the
// edit is to be made again on the board as it is now: edits are made so
// that doing one again after a part of it was written does no harm.
func (s *Store) PutBoardState(ctx context.Context, b Board) (bool, error) {
	load := b.load
	if load == nil {
		load = &boardLoad{}
	}
	byShard := b.byShard()
	var shards [boardShards][]byte
	order := make([]int, 0, boardShards)
	for k := range boardShards {
		shards[k] = encodeShard(byShard[k])
		if !bytes.Equal(shards[k], load.shards[k]) {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmpBool(len(byShard[x]) < load.counts[x], len(byShard[y]) < load.counts[y])
	})
	revs := load.shardRevs
	for _, k := range order {
		sh := boardShard{ID: boardShardID(b.ID, k), Rev: load.shardRevs[k] + 1, Teams: byShard[k]}
		ok, err := s.putRev(ctx, sh.ID, sh.Rev, sh)
		s.shownBoards.forget(sh.ID)
		if err != nil || !ok {
			// The shard is not as this process last saw it.
			s.shardStates.forget(sh.ID)
			return false, err
		}
		revs[k] = sh.Rev
		teams := make([]BoardTeam, len(byShard[k]))
		for i, bt := range byShard[k] {
			bt.Top, bt.Selected = slices.Clone(bt.Top), slices.Clone(bt.Selected)
			teams[i] = bt
		}
		s.shardStates.put(sh.ID, shardState{rev: sh.Rev, stored: true, teams: teams, enc: shards[k]}, pageCacheTTL)
	}
	b.Teams = nil
	b.ShardRevs = revs[:]
	return s.PutBoard(ctx, b)
}

func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

// putRev writes doc with this id over the revision rev-1 (none for revision 1).
func (s *Store) putRev(ctx context.Context, id string, rev int, doc any) (bool, error) {
	if rev == 1 {
		_, err := s.boards.InsertOne(ctx, doc)
		if mongo.IsDuplicateKeyError(err) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("insert leaderboard %s: %w", id, err)
		}
		return true, nil
	}
	ok, err := s.guard.Replace(ctx, s.boards, id, bson.M{"rev": rev - 1}, doc)
	if err != nil {
		return false, fmt.Errorf("write leaderboard %s: %w", id, err)
	}
	return ok, nil
}

// boardCache keeps the ranked heads, pages and board shards leaderboards
// are read from for a while: they are read far more often than they
// change. What this process writes is dropped from it at once; another
// replica's writes show within boardCacheTTL.
type boardCache struct {
	mu   sync.Mutex
	byID map[string]cachedDoc
	// forgets counts the documents forgotten: a read that one overtook
	// may be older than the write that forgot it, and is not kept.
	forgets uint64
}

type cachedDoc struct {
	doc     any
	expires time.Time
}

// boardCacheTTL is how long a document that may change is kept; a ranked
// page never changes, and is kept for pageCacheTTL.
const (
	boardCacheTTL = time.Second
	pageCacheTTL  = 10 * time.Minute
)

// boardCacheSize bounds the documents kept: past it, the expired ones go,
// then others until a quarter is free, so that pages no longer shown do
// not pile up.
const boardCacheSize = 1024

// cachedRead returns the document with this id from the cache when read
// less than ttl ago, else from read. The caller must not change it: it is
// shared.
func cachedRead[T any](c *boardCache, id string, ttl time.Duration, read func() (T, error)) (T, error) {
	if d, ok := c.get(id).(T); ok {
		return d, nil
	}
	c.mu.Lock()
	forgets := c.forgets
	c.mu.Unlock()
	d, err := read()
	if err != nil {
		return d, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.forgets == forgets {
		c.putLocked(id, d, ttl)
	}
	return d, nil
}

// get returns the document with this id, nil when none is kept or it expired.
func (c *boardCache) get(id string) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok || !time.Now().Before(e.expires) {
		return nil
	}
	return e.doc
}

// put keeps a document for ttl.
func (c *boardCache) put(id string, doc any, ttl time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(id, doc, ttl)
}

func (c *boardCache) putLocked(id string, doc any, ttl time.Duration) {
	if c.byID == nil {
		c.byID = map[string]cachedDoc{}
	}
	if _, ok := c.byID[id]; !ok && len(c.byID) >= boardCacheSize {
		c.sweep()
	}
	c.byID[id] = cachedDoc{doc: doc, expires: time.Now().Add(ttl)}
}

func (c *boardCache) sweep() {
	now := time.Now()
	for id, e := range c.byID {
		if !now.Before(e.expires) {
			delete(c.byID, id)
		}
	}
	for id := range c.byID {
		if len(c.byID) < boardCacheSize*3/4 {
			break
		}
		delete(c.byID, id)
	}
}

func (c *boardCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.forgets++
	delete(c.byID, id)
}

// boardRevs is a board's revision and its shards'.
type boardRevs struct {
	Rev       int   `bson:"rev"`
	ShardRevs []int `bson:"shard_revs"`
}

// BoardRevs returns the revisions of the board with this id and of its
// shards, zero when none is stored, read from its own small document
// through the cache.
func (s *Store) BoardRevs(ctx context.Context, id string) (boardRevs, error) {
	return cachedRead(&s.shownBoards, "rev:"+id, boardCacheTTL, func() (boardRevs, error) {
		var d boardRevs
		err := s.boards.FindOne(ctx, bson.M{"_id": id}, options.FindOne().SetProjection(bson.M{"rev": 1, "shard_revs": 1})).Decode(&d)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return d, fmt.Errorf("read leaderboard %s: %w", id, err)
		}
		return d, nil
	})
}

// PutBoard writes b's own fields over the revision b.Rev-1 (none for
// revision 1) and reports whether it did.
func (s *Store) PutBoard(ctx context.Context, b Board) (bool, error) {
	defer s.shownBoards.forget("rev:" + b.ID)
	return s.putRev(ctx, b.ID, b.Rev, b)
}

// SetEntryTeam points an entry at the team its person is now in.
func (s *Store) SetEntryTeam(ctx context.Context, id, teamID string) error {
	if _, err := s.guard.Update(ctx, s.entries, id, nil, bson.M{"$set": bson.M{"team_id": teamID}}); err != nil {
		return fmt.Errorf("update entry %s: %w", id, err)
	}
	return nil
}

// DeleteTeam deletes a team that never took part: a departure that did not happen.
func (s *Store) DeleteTeam(ctx context.Context, id string) error {
	if _, err := s.guard.Delete(ctx, s.teams, id, bson.M{"submitted": bson.M{"$ne": true}}); err != nil {
		return fmt.Errorf("delete team %s: %w", id, err)
	}
	return nil
}

// InsertInvitation inserts an invitation and reports whether it was new.
func (s *Store) InsertInvitation(ctx context.Context, inv Invitation) (bool, error) {
	_, err := s.invitations.InsertOne(ctx, inv)
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("insert invitation %s: %w", inv.ID, err)
	}
	return true, nil
}

// Invitation returns the invitation with this id.
func (s *Store) Invitation(ctx context.Context, id string) (Invitation, error) {
	return mongokit.FindOne[Invitation](ctx, s.invitations, bson.M{"_id": id}, "invitation")
}

// UpdateInvitation applies update to the invitation if it matches guard, and returns it as updated.
func (s *Store) UpdateInvitation(ctx context.Context, id string, guard, update bson.M) (Invitation, bool, error) {
	var inv Invitation
	ok, err := s.guard.UpdateAndRead(ctx, s.invitations, id, guard, update, &inv)
	if err != nil {
		return inv, false, fmt.Errorf("update invitation %s: %w", id, err)
	}
	return inv, ok, nil
}

// ListInvitation records an invitation on the documents the lists of
// invitations are read from: the inviting team's (Team.Invited) and the
// invitee's entry (Entry.InvitedBy). Recording it again changes nothing.
func (s *Store) ListInvitation(ctx context.Context, inv Invitation) error {
	if _, err := s.guard.Update(ctx, s.teams, inv.TeamID, nil, bson.M{"$addToSet": bson.M{"invited": inv.InviteeID}}); err != nil {
		return fmt.Errorf("list invitation %s on its team: %w", inv.ID, err)
	}
	if _, err := s.guard.Update(ctx, s.entries, entryID(inv.CompetitionID, inv.InviteeID), nil, bson.M{"$addToSet": bson.M{"invited_by": inv.TeamID}}); err != nil {
		return fmt.Errorf("list invitation %s on its invitee's entry: %w", inv.ID, err)
	}
	return nil
}

// InvitationsByID returns the invitations with these ids, each read by
// _id, newest first; an id with no invitation is passed over.
func (s *Store) InvitationsByID(ctx context.Context, ids []string) ([]Invitation, error) {
	out := make([]Invitation, 0, len(ids))
	for _, id := range ids {
		inv, err := s.Invitation(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	slices.SortStableFunc(out, func(a, b Invitation) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

// InsertAudit records a host's decision.
func (s *Store) InsertAudit(ctx context.Context, a AuditEntry) error {
	if _, err := s.audit.InsertOne(ctx, a); err != nil {
		return fmt.Errorf("insert audit entry %s: %w", a.ID, err)
	}
	return nil
}

// DeleteAudit removes the record of a decision that was not applied.
func (s *Store) DeleteAudit(ctx context.Context, id string) error {
	if _, err := s.audit.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete audit entry %s: %w", id, err)
	}
	return nil
}

// Audit returns a page of a competition's audit log, newest first, before the id given.
func (s *Store) Audit(ctx context.Context, competitionID, before string, limit int) ([]AuditEntry, error) {
	filter := bson.M{"competition_id": competitionID}
	if before != "" {
		filter["_id"] = bson.M{"$lt": before}
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit))
	return mongokit.FindAll[AuditEntry](ctx, s.audit, filter, opts)
}

// Flags returns a competition's integrity flags, empty when none were computed.
func (s *Store) Flags(ctx context.Context, competitionID string) (FlagSet, error) {
	var f FlagSet
	err := s.flags.FindOne(ctx, bson.M{"_id": competitionID}).Decode(&f)
	if errors.Is(err, mongo.ErrNoDocuments) {
		f = FlagSet{ID: competitionID}
	} else if err != nil {
		return f, fmt.Errorf("read flags of %s: %w", competitionID, err)
	}
	var r flagRequest
	err = s.flagRequests.FindOne(ctx, bson.M{"_id": competitionID}).Decode(&r)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return f, fmt.Errorf("read flag requests of %s: %w", competitionID, err)
	}
	f.Seq, f.Pending = r.Seq, r.Pending
	return f, nil
}

// flagRequest counts the requests to compute a competition's flags. It is
// a document of its own: every scored submission writes it, and the flags
// beside it can weigh megabytes, which the embedded database would read
// and write back whole each time.
type flagRequest struct {
	ID      string `bson:"_id"`
	Seq     int    `bson:"seq"`
	Pending bool   `bson:"pending"`
}

// RequestFlags records that a competition's flags are to be computed again.
func (s *Store) RequestFlags(ctx context.Context, competitionID string) error {
	if _, err := s.guard.Upsert(ctx, s.flagRequests, competitionID, nil, bson.M{"$inc": bson.M{"seq": 1}, "$set": bson.M{"pending": true}}, nil); err != nil {
		return fmt.Errorf("request flags of %s: %w", competitionID, err)
	}
	return nil
}

// SettleFlagRequests clears the competition's pending request if no request
// came after the seq-th, and reports whether it did.
func (s *Store) SettleFlagRequests(ctx context.Context, competitionID string, seq int) (bool, error) {
	ok, err := s.guard.Update(ctx, s.flagRequests, competitionID, bson.M{"seq": seq}, bson.M{"$set": bson.M{"pending": false}})
	if err != nil {
		return false, fmt.Errorf("settle flag requests of %s: %w", competitionID, err)
	}
	return ok, nil
}

// UpdateFlags applies update to a competition's flags if they match guard, and returns them as updated.
func (s *Store) UpdateFlags(ctx context.Context, competitionID string, guard, update bson.M) (FlagSet, bool, error) {
	var f FlagSet
	ok, err := s.guard.UpdateAndRead(ctx, s.flags, competitionID, guard, update, &f)
	if err != nil {
		return f, false, fmt.Errorf("update flags of %s: %w", competitionID, err)
	}
	return f, ok, nil
}

// UpsertFlags is UpdateFlags that creates the competition's flags when it has none.
func (s *Store) UpsertFlags(ctx context.Context, competitionID string, guard, update bson.M) (bool, error) {
	ok, err := s.guard.Upsert(ctx, s.flags, competitionID, guard, update, nil)
	if err != nil {
		return false, fmt.Errorf("write flags of %s: %w", competitionID, err)
	}
	return ok, nil
}

// PendingFlags returns the competitions whose flags wait to be computed,
// with the count of requests; a request document is small, one per competition.
func (s *Store) PendingFlags(ctx context.Context) ([]FlagSet, error) {
	due, err := mongokit.FindAll[flagRequest](ctx, s.flagRequests, bson.M{"pending": true})
	out := make([]FlagSet, len(due))
	for i, r := range due {
		out[i] = FlagSet{ID: r.ID, Seq: r.Seq, Pending: r.Pending}
	}
	return out, err
}

// statusChangesID is the _id of the document listing, by competition id,
// when each competition's status next changes by the clock, which the
// status reconciler reads instead of scanning competitions.
const statusChangesID = "status-changes"

type statusChangesDoc struct {
	ID      string               `bson:"_id"`
	Changes map[string]time.Time `bson:"changes"`
}

// SetStatusChange lists when the competition's status next changes by the
// clock; a zero time unlists it.
func (s *Store) SetStatusChange(ctx context.Context, competitionID string, at time.Time) error {
	update := bson.M{"$set": bson.M{"changes." + competitionID: at}}
	if at.IsZero() {
		update = bson.M{"$unset": bson.M{"changes." + competitionID: ""}}
	}
	if _, err := s.guard.Upsert(ctx, s.work, statusChangesID, nil, update, nil); err != nil {
		return fmt.Errorf("list the next status change of competition %s: %w", competitionID, err)
	}
	return nil
}

// StatusChanges returns when each listed competition's status next changes.
func (s *Store) StatusChanges(ctx context.Context) (map[string]time.Time, error) {
	var d statusChangesDoc
	err := s.work.FindOne(ctx, bson.M{"_id": statusChangesID}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return map[string]time.Time{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read status changes: %w", err)
	}
	if d.Changes == nil {
		d.Changes = map[string]time.Time{}
	}
	return d.Changes, nil
}

// seedID is the _id of the document recording the load of the seed's
// competitions: started, and finished once their samples are finalised.
const seedID = "seed"

type seedDoc struct {
	ID         string     `bson:"_id"`
	StartedAt  time.Time  `bson:"started_at"`
	FinishedAt *time.Time `bson:"finished_at,omitempty"`
}

// StartSeed records that a load of the seed's competitions began, unless one did before.
func (s *Store) StartSeed(ctx context.Context, at time.Time) error {
	_, err := s.work.InsertOne(ctx, seedDoc{ID: seedID, StartedAt: at})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("record the seed load: %w", err)
	}
	return nil
}

// FinishSeed records that the load of the seed's competitions completed.
func (s *Store) FinishSeed(ctx context.Context, at time.Time) error {
	if _, err := s.guard.Update(ctx, s.work, seedID, nil, bson.M{"$set": bson.M{"finished_at": at}}); err != nil {
		return fmt.Errorf("record the seed load finished: %w", err)
	}
	return nil
}

// SeedUnfinished reports whether a load of the seed's competitions began and did not complete.
func (s *Store) SeedUnfinished(ctx context.Context) (bool, error) {
	var d seedDoc
	err := s.work.FindOne(ctx, bson.M{"_id": seedID}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the seed load: %w", err)
	}
	return d.FinishedAt == nil, nil
}
