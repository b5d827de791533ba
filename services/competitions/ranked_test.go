package competitions

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions/scoring"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

// rankingEnv is a service over a real database with a board of its own.
type rankingEnv struct {
	t   *testing.T
	ctx context.Context
	s   *Service
	id  string
	t0  time.Time
	sub int
}

// newBoardStore returns a store over a new database.
func newBoardStore(t *testing.T) *Store {
	ctx := context.Background()
	db := testenv.DB(t)
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st := NewStore(db, w)
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func newRankingEnv(t *testing.T) *rankingEnv {
	return &rankingEnv{t: t, ctx: context.Background(), s: NewService(newBoardStore(t), nil, nil, nil, nil, Options{}), id: boardID("comp", "main"),
		t0: time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)}
}

// score puts a submission of team with these scores on the board, as a scorer does.
func (e *rankingEnv) score(team string, public, private float64) {
	e.t.Helper()
	e.sub++
	sub := Submission{ID: fmt.Sprintf("sub-%06d", e.sub), TeamID: team, PublicScore: &public, PrivateScore: &private,
		CreatedAt: e.t0.Add(time.Duration(e.sub) * time.Second)}
	err := e.s.editBoard(e.ctx, e.id, func(b *Board) error {
		b.Direction = string(scoring.HigherIsBetter)
		b.add(Team{ID: team, Name: "Team " + team, Total: e.sub}, sub, 2)
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// edit changes the board as a host's decision does.
func (e *rankingEnv) edit(change func(*Board)) {
	e.t.Helper()
	if err := e.s.editBoard(e.ctx, e.id, func(b *Board) error { change(b); return nil }); err != nil {
		e.t.Fatal(err)
	}
}

// check reads the whole view, and a team's own row, and compares them
// with the board ranked in memory; it returns the head read.
func (e *rankingEnv) check(view, me string) rankedHead {
	e.t.Helper()
	b, err := e.s.store.Board(e.ctx, e.id)
	if err != nil {
		e.t.Fatal(err)
	}
	want := b.rows(view)
	head, rows, mine, err := e.s.rankedRows(e.ctx, "comp", "main", view, 0, len(b.Teams)+1, me)
	if err != nil {
		e.t.Fatal(err)
	}
	if head.Count != len(want) || len(rows) != len(want) {
		e.t.Fatalf("%s view: %d rows, count %d; want %d", view, len(rows), head.Count, len(want))
	}
	for i, r := range rows {
		if r.Rank != i+1 || r.TeamID != want[i].TeamID || r.Score != want[i].Score || r.Entries != want[i].Entries {
			e.t.Fatalf("%s view row %d = %+v, want %+v ranked %d", view, i, r, want[i], i+1)
		}
	}
	wantMine := slices.IndexFunc(want, func(r Row) bool { return r.TeamID == me })
	if (wantMine < 0) != (mine == nil) || (mine != nil && mine.Rank != wantMine+1) {
		e.t.Fatalf("%s view: team %s's own row = %+v, want rank %d", view, me, mine, wantMine+1)
	}
	for i, p := range head.Pages {
		if p.N < 1 || p.N > 2*boardPageSize {
			e.t.Fatalf("%s view: page %d holds %d rows", view, i, p.N)
		}
	}
	return head
}

func pageIDs(h rankedHead) map[string]bool {
	ids := map[string]bool{}
	for _, p := range h.Pages {
		ids[p.ID] = true
	}
	return ids
}

func newPages(before, after rankedHead) int {
	was := pageIDs(before)
	n := 0
	for _, p := range after.Pages {
		if !was[p.ID] {
			n++
		}
	}
	return n
}

// TestAScoreOnALargeBoardRewritesOnlyThePagesItChanges ranks 1,000 teams,
// then has a team climb from near the bottom to near the top, a new team
// enter in the middle, and a team submit without bettering its score:
// each writes at most the pages the team left and joined, and every rank
// read, the team's own included, is the board's.
func TestAScoreOnALargeBoardRewritesOnlyThePagesItChanges(t *testing.T) {
	e := newRankingEnv(t)
	err := e.s.editBoard(e.ctx, e.id, func(b *Board) error {
		b.Direction = string(scoring.HigherIsBetter)
		for i := range 1000 {
			e.sub++
			score := float64(i)
			b.add(Team{ID: fmt.Sprintf("team-%04d", i), Name: fmt.Sprintf("Team %d", i), Total: 1},
				Submission{ID: fmt.Sprintf("sub-%06d", e.sub), PublicScore: &score, PrivateScore: &score, CreatedAt: e.t0}, 2)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := e.check(BoardPublic, "team-0100")
	if len(start.Pages) != 10 {
		t.Fatalf("1,000 rows on %d pages, want 10", len(start.Pages))
	}

	e.score("team-0100", 950.5, 950.5) // from rank 900 to rank 50
	climbed := e.check(BoardPublic, "team-0100")
	if n := newPages(start, climbed); n != 2 {
		t.Fatalf("a team climbing from page 9 to page 1 wrote %d pages, want 2", n)
	}
	e.score("newcomer", 500.5, 500.5)
	entered := e.check(BoardPublic, "newcomer")
	if n := newPages(climbed, entered); n != 1 {
		t.Fatalf("a new team wrote %d pages, want 1", n)
	}
	e.score("team-0100", 1.5, 1.5)
	again := e.check(BoardPublic, "team-0100")
	if n := newPages(entered, again); n != 1 {
		t.Fatalf("a team's worse score wrote %d pages, want its own page only", n)
	}
	e.check(BoardPrivate, "team-0999")
}

// TestRandomScoresAndDecisionsKeepEveryRankRight scores, disqualifies and
// reinstates teams at random on a board of a few hundred: after each, the
// public and private views read as the board ranks, pages stay within
// their bounds, and no page is left behind.
func TestRandomScoresAndDecisionsKeepEveryRankRight(t *testing.T) {
	e := newRankingEnv(t)
	r := rand.New(rand.NewPCG(7, 12))
	teams := 0
	for step := range 400 {
		switch {
		case step < 250 || r.IntN(3) > 0:
			team := r.IntN(teams + 1)
			if team == teams {
				teams++
			}
			e.score(fmt.Sprintf("team-%03d", team), float64(r.IntN(200)), float64(r.IntN(200)))
		default:
			// Disqualifying a quarter of the teams at once drains pages, which then merge.
			from := r.IntN(max(teams-teams/4, 1))
			e.edit(func(b *Board) {
				for i := from; i < from+teams/4; i++ {
					id := fmt.Sprintf("team-%03d", i)
					if j := slices.Index(b.Excluded, id); j >= 0 {
						b.Excluded = slices.Delete(b.Excluded, j, j+1)
					} else {
						b.Excluded = append(b.Excluded, id)
					}
				}
			})
		}
		if step%20 == 19 {
			me := fmt.Sprintf("team-%03d", r.IntN(teams))
			e.check(BoardPublic, me)
			e.check(BoardPrivate, me)
		}
	}
	public, private := e.check(BoardPublic, "team-000"), e.check(BoardPrivate, "team-000")
	n, err := e.s.store.boards.CountDocuments(e.ctx, bson.M{"rows": bson.M{"$exists": true}})
	if err != nil || n != int64(len(public.Pages)+len(private.Pages)) {
		t.Fatalf("%d pages stored, %v; the heads list %d", n, err, len(public.Pages)+len(private.Pages))
	}
}

// writeLegacy stores rows as a ranked view the way earlier versions did:
// pages of 100 ranked rows, and each team's rank in the head.
func (e *rankingEnv) writeLegacy(headID string, rev int, rows []Row) {
	e.t.Helper()
	if _, err := e.s.store.boards.DeleteMany(e.ctx, bson.M{"_id": bson.M{"$regex": "^" + headID}}); err != nil {
		e.t.Fatal(err)
	}
	ranks := bson.M{}
	for p := 0; p*boardPageSize < len(rows); p++ {
		var page []bson.M
		for _, r := range rows[p*boardPageSize : min((p+1)*boardPageSize, len(rows))] {
			ranks[r.TeamID] = r.Rank
			page = append(page, bson.M{"rank": r.Rank, "team_id": r.TeamID, "team_name": r.TeamName, "score": r.Score,
				"entries": r.Entries, "last_submission_at": r.LastAt, "public_rank": r.PublicRank})
		}
		if _, err := e.s.store.boards.InsertOne(e.ctx, bson.M{"_id": legacyPageID(headID, rev, p), "rows": page}); err != nil {
			e.t.Fatal(err)
		}
	}
	if _, err := e.s.store.boards.InsertOne(e.ctx, bson.M{"_id": headID, "rev": rev, "count": len(rows), "ranks": ranks}); err != nil {
		e.t.Fatal(err)
	}
	e.s.store.shownBoards = boardCache{}
}

// TestALegacyRankingIsReadOrRankedAgain reads ranked views stored the way
// earlier versions stored them: a frozen final board as it is, a live one
// ranked again from its board at the first read, its old pages deleted.
func TestALegacyRankingIsReadOrRankedAgain(t *testing.T) {
	e := newRankingEnv(t)
	for i := range 150 {
		e.score(fmt.Sprintf("team-%03d", i), float64(i), float64(150-i))
	}
	b, err := e.s.store.Board(e.ctx, e.id)
	if err != nil {
		t.Fatal(err)
	}

	final := b.withPublicRanks(b.rows(BoardPrivate))
	e.writeLegacy(rankedID(e.id, viewFinal), 1, final)
	head, rows, mine, err := e.s.rankedRows(e.ctx, "comp", "main", viewFinal, 95, 10, "team-020")
	if err != nil || head.Ranks == nil || len(rows) != 10 {
		t.Fatalf("final view = %+v, %d rows, %v", head, len(rows), err)
	}
	for i, r := range rows {
		if w := final[95+i]; r.Rank != 96+i || r.TeamID != w.TeamID || r.PublicRank != w.PublicRank {
			t.Fatalf("final row %d = %+v, want %+v", 95+i, r, w)
		}
	}
	if mine == nil || mine.TeamID != "team-020" || mine.Rank != 21 {
		t.Fatalf("team-020's own final row = %+v, want rank 21", mine)
	}

	publicID := rankedID(e.id, BoardPublic)
	e.writeLegacy(publicID, b.Rev, b.rows(BoardPublic))
	if head := e.check(BoardPublic, "team-020"); head.Ranks != nil || len(head.Pages) != 2 {
		t.Fatalf("the legacy live view was not ranked again: %+v", head)
	}
	e.score("team-020", 1000, 1000)
	head = e.check(BoardPublic, "team-020")
	n, err := e.s.store.boards.CountDocuments(e.ctx, bson.M{"_id": bson.M{"$regex": "^" + publicID + ":"}})
	if err != nil || n != int64(len(head.Pages)) {
		t.Fatalf("%d public pages stored, %v, for %d listed: the legacy pages stay behind", n, err, len(head.Pages))
	}
}

// TestReplicasEditingOneBoardSeeEachOthersScores has two replicas, each
// keeping the shards it read, score teams of one board in turn, and one of
// them stop after writing a shard but before the board: every edit is
// made on the board as the other replica and the stopped edit left it.
func TestReplicasEditingOneBoardSeeEachOthersScores(t *testing.T) {
	a := newRankingEnv(t)
	b := &rankingEnv{t: t, ctx: a.ctx, id: a.id, t0: a.t0,
		s: NewService(NewStore(a.s.store.boards.Database(), a.s.store.guard), nil, nil, nil, nil, Options{})}
	want := map[string]float64{}
	for i := range 40 {
		e := a
		if i%2 == 1 {
			e = b
		}
		e.sub = max(a.sub, b.sub)
		team := fmt.Sprintf("team-%02d", i%25)
		e.score(team, float64(i), float64(i))
		want[team] = float64(i)
	}
	// Replica a stops after writing the shard of a new team.
	half, err := a.s.store.Board(a.ctx, a.id)
	if err != nil {
		t.Fatal(err)
	}
	score := 99.0
	half.add(Team{ID: "stopped", Name: "Team stopped", Total: 1}, Submission{ID: "sub-stopped", PublicScore: &score, PrivateScore: &score, CreatedAt: a.t0}, 2)
	k := shardOf("stopped")
	var inShard []BoardTeam
	for _, bt := range half.Teams {
		if shardOf(bt.TeamID) == k {
			inShard = append(inShard, bt)
		}
	}
	sh := boardShard{ID: boardShardID(a.id, k), Rev: half.load.shardRevs[k] + 1, Teams: inShard}
	if ok, err := a.s.store.putRev(a.ctx, sh.ID, sh.Rev, sh); err != nil || !ok {
		t.Fatalf("write the shard = %v, %v", ok, err)
	}
	// Both replicas then score a team of that shard.
	for i, e := range []*rankingEnv{b, a} {
		e.sub = max(a.sub, b.sub)
		for n := 0; ; n++ {
			team := fmt.Sprintf("late-%d-%d", i, n)
			if shardOf(team) == k {
				e.score(team, 50, 50)
				want[team] = 50
				break
			}
		}
	}
	want["stopped"] = 99
	for _, e := range []*rankingEnv{a, b} {
		board, err := e.s.store.Board(e.ctx, e.id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{}
		for _, bt := range board.Teams {
			got[bt.TeamID] = bt.Top[0].Public
		}
		if len(got) != len(want) {
			t.Fatalf("the board holds %d teams, want %d: %v", len(got), len(want), got)
		}
		for team, score := range want {
			if got[team] != score {
				t.Fatalf("team %s's best = %v, want %v", team, got[team], score)
			}
		}
		e.check(BoardPublic, "stopped")
	}
}
