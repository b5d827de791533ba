package competitions

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions/scoring"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

func TestBoardRanksBestScoreByDirectionAndTiesByEarlierSubmission(t *testing.T) {
	t0 := time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)
	score := func(team, id string, public, private float64, at time.Duration) (Team, Submission) {
		return Team{ID: team, Name: "Team " + team, Total: 1},
			Submission{ID: id, TeamID: team, PublicScore: &public, PrivateScore: &private, CreatedAt: t0.Add(at)}
	}
	cases := []struct {
		name        string
		dir         scoring.Direction
		subs        [][5]any // team, id, public, private, minutes after t0
		wantPublic  []string
		wantPrivate []string
	}{
		{"higher is better, best of each team", scoring.HigherIsBetter,
			[][5]any{{"a", "1", 0.5, 0.9, 0}, {"b", "2", 0.8, 0.1, 1}, {"a", "3", 0.7, 0.2, 2}},
			[]string{"b", "a"}, []string{"a", "b"}},
		{"lower is better", scoring.LowerIsBetter,
			[][5]any{{"a", "1", 3.0, 3.0, 0}, {"b", "2", 1.0, 1.0, 1}, {"c", "3", 2.0, 2.0, 2}},
			[]string{"b", "c", "a"}, []string{"b", "c", "a"}},
		{"a tie goes to the earlier submission", scoring.HigherIsBetter,
			[][5]any{{"late", "2", 0.9, 0.9, 5}, {"early", "1", 0.9, 0.9, 1}},
			[]string{"early", "late"}, []string{"early", "late"}},
		{"the same submission twice counts once", scoring.HigherIsBetter,
			[][5]any{{"a", "1", 0.9, 0.9, 0}, {"a", "1", 0.9, 0.9, 0}},
			[]string{"a"}, []string{"a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := Board{Direction: string(tc.dir)}
			for _, s := range tc.subs {
				team, sub := score(s[0].(string), s[1].(string), s[2].(float64), s[3].(float64), time.Duration(s[4].(int))*time.Minute)
				b.add(team, sub, 2)
			}
			for board, want := range map[string][]string{BoardPublic: tc.wantPublic, BoardPrivate: tc.wantPrivate} {
				rows := b.rows(board)
				if len(rows) != len(want) {
					t.Fatalf("%s board %+v, want teams %v", board, rows, want)
				}
				for i, r := range rows {
					if r.TeamID != want[i] || r.Rank != i+1 {
						t.Fatalf("%s board %+v, want teams %v", board, rows, want)
					}
				}
			}
		})
	}
}

// TestABoardWrittenButNotRankedIsRankedWhenRead writes a board's teams as
// a scorer does and stops before ranking them, twice: each time the next
// read, on another replica, ranks the board as written.
func TestABoardWrittenButNotRankedIsRankedWhenRead(t *testing.T) {
	ctx := context.Background()
	db := testenv.DB(t)
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	replica := func() *Service {
		st := NewStore(db, w)
		if err := st.EnsureIndexes(ctx); err != nil {
			t.Fatal(err)
		}
		s := NewService(st, nil, nil, nil, nil, Options{})
		// However slow the machine, the read waits for the ranking it caught up with.
		s.catchUpWait = time.Hour
		return s
	}
	t0 := time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)
	team := func(id string, score float64) BoardTeam {
		return BoardTeam{TeamID: id, Name: "Team " + id, Entries: 1, LastAt: t0,
			Top: []Candidate{{SubmissionID: "sub-" + id, Public: score, Private: score, At: t0}}}
	}
	scorer := replica()
	b := Board{ID: boardID("comp", "main"), Rev: 1, Direction: string(scoring.HigherIsBetter), Teams: []BoardTeam{team("a", 0.5), team("b", 0.7), team("c", 0.6)}}
	if ok, err := scorer.store.PutBoardState(ctx, b); err != nil || !ok {
		t.Fatalf("write the board = %v, %v", ok, err)
	}
	head, rows, mine, err := replica().rankedRows(ctx, "comp", "main", BoardPublic, 0, 10, "c")
	if err != nil || head.Count != 3 || len(rows) != 3 || rows[0].TeamID != "b" || mine == nil || mine.Rank != 2 {
		t.Fatalf("read = %+v, %+v, %+v, %v; want b, c, a", head, rows, mine, err)
	}

	b, err = scorer.store.Board(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	b.Teams = append(b.Teams, team("d", 0.9))
	b.Rev++
	if ok, err := scorer.store.PutBoardState(ctx, b); err != nil || !ok {
		t.Fatalf("write the board again = %v, %v", ok, err)
	}
	head, rows, mine, err = replica().rankedRows(ctx, "comp", "main", BoardPublic, 0, 10, "c")
	if err != nil || head.Count != 4 || rows[0].TeamID != "d" || mine == nil || mine.Rank != 3 {
		t.Fatalf("read = %+v, %+v, %+v, %v; want d, b, c, a", head, rows, mine, err)
	}
}

// TestThirtyWritersOfTheSameRankingAllSucceed has thirty writers show the
// same revision of a ranked view at once, as a scorer and the readers
// catching up with it may: the first insert of a page wins, the others
// write over it.
func TestThirtyWritersOfTheSameRankingAllSucceed(t *testing.T) {
	ctx := context.Background()
	st := newBoardStore(t)
	rows := make([]Row, 250)
	for i := range rows {
		rows[i] = Row{TeamID: fmt.Sprintf("team-%03d", i), TeamName: fmt.Sprintf("Team %d", i), Key: rankKey{Score: float64(1000 - i), Sub: fmt.Sprint(i)}}
	}
	id := rankedID(boardID("comp", "main"), BoardPublic)
	errs := testenv.Concurrently(30, func() error { return st.PutRanked(ctx, id, 1, scoring.HigherIsBetter, rows, nil) })
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	head, err := st.RankedHead(ctx, id)
	if err != nil || head.Rev != 1 || head.Count != len(rows) {
		t.Fatalf("head %+v, %v", head, err)
	}
	read, err := NewService(st, nil, nil, nil, nil, Options{}).rowsOf(ctx, head, 0, len(rows))
	if err != nil || len(read) != len(rows) {
		t.Fatalf("rows = %d, %v; want %d", len(read), err, len(rows))
	}
	for i, r := range read {
		if r.Rank != i+1 || r.TeamID != rows[i].TeamID {
			t.Fatalf("row %d = %+v, want %s ranked %d", i, r, rows[i].TeamID, i+1)
		}
	}
	if n, err := st.boards.CountDocuments(ctx, bson.M{"rows": bson.M{"$exists": true}}); err != nil || n != int64(len(head.Pages)) {
		t.Fatalf("%d pages stored, %v; the head lists %d: the losers' pages stay behind", n, err, len(head.Pages))
	}
}

func TestTheBoardCacheKeepsAtMostItsSizeAndTheLatestRead(t *testing.T) {
	var c boardCache
	for i := range 5 * boardCacheSize {
		id := fmt.Sprintf("page-%d", i)
		if _, err := cachedRead(&c, id, boardCacheTTL, func() (int, error) { return i, nil }); err != nil {
			t.Fatal(err)
		}
		if len(c.byID) > boardCacheSize {
			t.Fatalf("%d documents kept after %d reads", len(c.byID), i+1)
		}
		if e, ok := c.byID[id]; !ok || e.doc != i {
			t.Fatalf("the document just read is not kept: %+v", e)
		}
	}
}

// TestThirtyReadersOfABoardBehindAllSeeItRanked has thirty readers find a
// board written but not ranked at once: they share its catch-up and all
// read the ranking it wrote.
func TestThirtyReadersOfABoardBehindAllSeeItRanked(t *testing.T) {
	ctx := context.Background()
	st := newBoardStore(t)
	s := NewService(st, nil, nil, nil, nil, Options{})
	// However slow the machine, the reads wait for the ranking they caught up with.
	s.catchUpWait = time.Hour
	t0 := time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)
	b := Board{ID: boardID("comp", "main"), Rev: 1, Direction: string(scoring.HigherIsBetter)}
	for i := range 250 {
		id := fmt.Sprintf("team-%03d", i)
		b.Teams = append(b.Teams, BoardTeam{TeamID: id, Name: "Team " + id, Entries: 1, LastAt: t0,
			Top: []Candidate{{SubmissionID: "sub-" + id, Public: float64(i), Private: float64(i), At: t0}}})
	}
	if ok, err := st.PutBoardState(ctx, b); err != nil || !ok {
		t.Fatalf("write the board = %v, %v", ok, err)
	}
	type read struct {
		head rankedHead
		rows []Row
		err  error
	}
	reads := testenv.Concurrently(30, func() (r read) {
		r.head, r.rows, _, r.err = s.rankedRows(ctx, "comp", "main", BoardPublic, 100, 10, "")
		return r
	})
	for _, r := range reads {
		if r.err != nil || r.head.Count != 250 || len(r.rows) != 10 || r.rows[0].Rank != 101 || r.rows[0].TeamID != "team-149" {
			t.Fatalf("read = %+v, %+v, %v; want ranks 101-110 from team-149", r.head, r.rows, r.err)
		}
	}
}
