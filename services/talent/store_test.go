package talent

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/testenv"
	"academy/services/talent/matching"
)

// The pool's list kept whole, as it was before, is spread over its shards
// when the store is opened; each shard then changes alone, and the list
// reads whole.
func TestThePoolListIsSharded(t *testing.T) {
	ctx := context.Background()
	db := testenv.DB(t)
	var ids []string
	for i := range 200 {
		ids = append(ids, fmt.Sprintf("user-%03d", i))
	}
	if _, err := db.Collection("talent_lists").InsertOne(ctx, bson.M{"_id": poolList, "ids": ids}); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, db)
	if err := s.AddToList(ctx, poolList, "user-new"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFromList(ctx, poolList, "user-007"); err != nil {
		t.Fatal(err)
	}
	want := append(slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return id == "user-007" }), "user-new")
	got, err := s.List(ctx, poolList)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("the pool lists %d ids, want %d: %v", len(got), len(want), got)
	}
	var docs []struct {
		ID  string   `bson:"_id"`
		IDs []string `bson:"ids"`
	}
	cur, err := db.Collection("talent_lists").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.ID == poolList || len(d.IDs) > 20 {
			t.Errorf("document %s holds %d ids: the list is not sharded", d.ID, len(d.IDs))
		}
	}
	if len(docs) < listShards/2 {
		t.Errorf("the pool is kept in %d documents, want about %d", len(docs), listShards)
	}
}

// Matches stored one per document, as before, move into their candidates'
// rankings at start and read back as they were stored, whether packed or,
// older still, stored as they are; a match no ranking lists goes.
func TestLegacyMatchesMoveIntoTheirCandidatesRankings(t *testing.T) {
	ctx := context.Background()
	db := testenv.DB(t)
	s := openStore(t, db)
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	explained := matching.Match{Version: "1", Score: 81.3, Eligible: true, EssentialCoverage: 1,
		Factors: []matching.Factor{{Factor: "essential_skills", Weight: 0.6, Value: 1, Points: 60}}}
	packed := StoredMatch{ID: matchID("opening-1", "user-1"), OpeningID: "opening-1", UserID: "user-1", Match: explained, At: at}
	unpacked := StoredMatch{ID: matchID("opening-1", "user-2"), OpeningID: "opening-1", UserID: "user-2", Match: explained, At: at}
	for _, m := range []StoredMatch{packed, unpacked} {
		if err := s.SetRanked(ctx, candidateRanking(m.UserID), Ranked{ID: m.OpeningID, Score: m.Match.Score}, false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Collection("talent_matches").InsertMany(ctx, []any{
		bson.M{"_id": packed.ID, "opening_id": packed.OpeningID, "user_id": packed.UserID, "match": mongokit.Packed[matching.Match]{V: explained}, "at": at},
		bson.M{"_id": unpacked.ID, "opening_id": unpacked.OpeningID, "user_id": unpacked.UserID, "match": explained, "at": at},
		bson.M{"_id": matchID("opening-2", "user-1"), "opening_id": "opening-2", "user_id": "user-1", "match": explained, "at": at},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	for _, want := range []StoredMatch{packed, unpacked} {
		got, err := s.Match(ctx, want.OpeningID, want.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back %+v, want %+v", got, want)
		}
	}
	if _, err := s.Match(ctx, "opening-2", "user-1"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("a match no ranking listed reads %v, want not found", err)
	}
	if n, err := db.Collection("talent_matches").CountDocuments(ctx, bson.M{}); err != nil || n != 0 {
		t.Errorf("%d matches left stored one per document (%v), want none", n, err)
	}
}

// A ranking changed since it was read is changed from what it is now, not
// from what was read: the write at the revision read fails, and the change
// applies to the ranking read again. One never written is created.
func TestRankingChangedFromAStaleReadKeepsTheOtherWrite(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, testenv.DB(t))
	if err := s.SetRanked(ctx, "opening:o1", Ranked{ID: "ada", Score: 50}, false); err != nil {
		t.Fatal(err)
	}
	read, err := s.allRankings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Another writer adds ben after the read.
	if err := s.SetRanked(ctx, "opening:o1", Ranked{ID: "ben", Score: 60}, false); err != nil {
		t.Fatal(err)
	}
	stale := read["opening:o1"]
	add := func(e Ranked) func([]Ranked) []Ranked {
		return func(prev []Ranked) []Ranked { return append(prev, e) }
	}
	if err := s.changeRankingFrom(ctx, "opening:o1", &stale, add(Ranked{ID: "cleo", Score: 70})); err != nil {
		t.Fatal(err)
	}
	if err := s.changeRankingFrom(ctx, "opening:o2", &ranking{ID: "opening:o2"}, add(Ranked{ID: "dan", Score: 40})); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]Ranked{
		"opening:o1": {{ID: "cleo", Score: 70}, {ID: "ben", Score: 60}, {ID: "ada", Score: 50}},
		"opening:o2": {{ID: "dan", Score: 40}},
	} {
		got, err := s.Ranking(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s reads %+v, want %+v", id, got, want)
		}
	}
}

// Rankings created in one write come back sorted; one another writer
// created meanwhile is named, not written over.
func TestRankingsCreatedAtOnceLeaveAnotherWritersAlone(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, testenv.DB(t))
	if err := s.SetRanked(ctx, "opening:o1", Ranked{ID: "ada", Score: 50}, false); err != nil {
		t.Fatal(err)
	}
	taken, err := s.createRankings(ctx, map[string][]Ranked{
		"opening:o1": {{ID: "ben", Score: 60}},
		"opening:o2": {{ID: "cleo", Score: 10}, {ID: "dan", Score: 40}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(taken, []string{"opening:o1"}) {
		t.Errorf("created all but %v, want all but opening:o1", taken)
	}
	for id, want := range map[string][]Ranked{
		"opening:o1": {{ID: "ada", Score: 50}},
		"opening:o2": {{ID: "dan", Score: 40}, {ID: "cleo", Score: 10}},
	} {
		if got, err := s.Ranking(ctx, id); err != nil || !slices.Equal(got, want) {
			t.Errorf("%s reads %+v (%v), want %+v", id, got, err, want)
		}
	}
	// A created ranking changes like any other, from its revision.
	if err := s.SetRanked(ctx, "opening:o2", Ranked{ID: "eve", Score: 90}, false); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Ranking(ctx, "opening:o2"); len(got) != 3 || got[0].ID != "eve" {
		t.Errorf("opening:o2 after a change reads %+v, want eve first of 3", got)
	}
}

// Rankings set at once, more of them than the embedded database has
// connections, come back sorted with their revision moved on, read by
// the recompute's snapshot with ids and scores; one deleted meanwhile
// stays deleted.
func TestRankingsSetAtOnce(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s := openStore(t, testenv.DB(t))
	set := map[string][]Ranked{}
	for i := range 150 {
		id := fmt.Sprintf("candidate:u%03d", i)
		if err := s.SetRanked(ctx, id, Ranked{ID: "o1", Score: 10}, false); err != nil {
			t.Fatal(err)
		}
		set[id] = []Ranked{{ID: "o2", Score: 20, Match: &matching.Match{Score: 20}}, {ID: "o3", Score: 30, Match: &matching.Match{Score: 30}}}
	}
	before, err := s.allRankings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeRanking(ctx, "candidate:u007", func([]Ranked) []Ranked { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ranks.DeleteOne(ctx, bson.M{"_id": "candidate:u042"}); err != nil {
		t.Fatal(err)
	}
	if err := s.setRankings(ctx, set); err != nil {
		t.Fatal(err)
	}
	after, err := s.allRankings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := after["candidate:u042"]; ok || len(after) != 149 {
		t.Fatalf("%d rankings after the write, want 149 without the one deleted", len(after))
	}
	for id, r := range after {
		if want := []Ranked{{ID: "o3", Score: 30}, {ID: "o2", Score: 20}}; !slices.Equal(r.Entries.V, want) {
			t.Errorf("%s reads %+v, want %+v", id, r.Entries.V, want)
		}
		if r.Rev != before[id].Rev+1 && id != "candidate:u007" || id == "candidate:u007" && r.Rev != before[id].Rev+2 {
			t.Errorf("%s is at revision %d, %d before", id, r.Rev, before[id].Rev)
		}
	}
	if got, err := s.Ranking(ctx, "candidate:u001"); err != nil || len(got) != 2 || got[0].Match == nil || got[0].Match.Score != 30 {
		t.Errorf("a ranking set reads %+v (%v), want its matches", got, err)
	}
}

// openStore opens a store on db as the service does, with what is stored
// there already.
func openStore(t *testing.T, db *mongo.Database) *Store {
	t.Helper()
	ctx := context.Background()
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(db, w)
	if err := s.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}
