package competitions_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions"
	"academy/services/competitions/scoring"
	"academy/services/kit/events"
	"academy/services/kit/testenv"
)

// scoreAll scores every queued submission, as the worker would.
func (e *env) scoreAll(t *testing.T) {
	t.Helper()
	set, err := e.store.Unfinished(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for id := range set {
		if err := e.svc.ScoreSubmission(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPrivateBoardHiddenUntilFinalised(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	// learner leads in public (5/5 public, 1/5 private); learner2 leads in private.
	e.submit(t, "penguins", learner, predictions(6)).Want(t, http.StatusAccepted, nil)
	e.submit(t, "penguins", learner2, "id,species\n1,Gentoo\n2,Gentoo\n3,Chinstrap\n4,Adelie\n5,Gentoo\n6,Adelie\n7,Chinstrap\n8,Gentoo\n9,Adelie\n10,Gentoo\n").Want(t, http.StatusAccepted, nil)
	e.clock.Set(end.Add(time.Minute))
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).WantProblem(t, http.StatusConflict, "scoring-in-progress")
	e.clock.Set(start.Add(48 * time.Hour))
	e.scoreAll(t)

	var public competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=public&limit=1", "", nil).Want(t, http.StatusOK, &public)
	if public.Total != 2 || len(public.Items) != 1 || public.Items[0].TeamName != "Person "+learner || public.NextCursor == "" || public.MyEntry != nil {
		t.Fatalf("public board %+v", public)
	}
	var next competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?limit=1&cursor="+public.NextCursor, learner2, nil).Want(t, http.StatusOK, &next)
	if len(next.Items) != 1 || next.Items[0].Rank != 2 || !next.Items[0].IsMe || next.NextCursor != "" {
		t.Fatalf("second page %+v", next)
	}
	for _, user := range []string{"", learner, outsider} {
		e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", user, nil).WantProblem(t, http.StatusForbidden, "private-board-hidden")
	}
	var private competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", host, nil).Want(t, http.StatusOK, &private)
	if private.Frozen || private.Items[0].TeamName != "Person "+learner2 || private.Items[0].PublicRank != 2 {
		t.Fatalf("the host's private board %+v", private)
	}
	// A score after the host's read shows at the host's next: the private
	// view is ranked when read behind the board.
	e.submit(t, "penguins", learner, predictions(10)).Want(t, http.StatusAccepted, nil)
	e.scoreAll(t)
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", host, nil).Want(t, http.StatusOK, &private)
	// Tied on the private rows, learner-2's earlier submission stays first.
	if len(private.Items) != 2 || private.Items[1].TeamName != "Person "+learner || private.Items[1].Score != 1 || private.Items[1].Entries != 2 {
		t.Fatalf("the host's private board after another score %+v", private)
	}
	e.call(t, "GET", "/competitions/penguins/leaderboard?phase=nope", "", nil).WantProblem(t, http.StatusNotFound, "not-found")

	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).WantProblem(t, http.StatusConflict, "competition-not-ended")
	e.clock.Set(end.Add(time.Hour))
	e.call(t, "POST", "/competitions/penguins/finalise", learner, nil).WantProblem(t, http.StatusForbidden, "forbidden")
	e.submit(t, "penguins", learner, predictions(10)).WantProblem(t, http.StatusConflict, "competition-not-running")
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).Want(t, http.StatusAccepted, nil)
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).WantProblem(t, http.StatusConflict, "competition-finalised")

	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", learner, nil).Want(t, http.StatusOK, &private)
	if !private.Frozen || private.Total != 2 || private.Items[0].TeamName != "Person "+learner2 || private.Items[1].PublicRank != 1 {
		t.Fatalf("the frozen board %+v", private)
	}
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Status != competitions.StatusFinished {
		t.Fatalf("status %s", c.Status)
	}
	var mine struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &mine)
	if mine.Items[0].PrivateScore == nil {
		t.Fatal("the private score is hidden once the competition is finished")
	}

	var ev events.Event
	if err := e.db.Collection("events").FindOne(context.Background(), bson.M{"type": events.CompetitionFinalised}).Decode(&ev); err != nil {
		t.Fatalf("no CompetitionFinalised event: %v", err)
	}
	if n := e.count(t, "events", bson.M{"type": events.CompetitionFinalised}); n != 1 {
		t.Fatalf("%d CompetitionFinalised events", n)
	}
	var data events.CompetitionFinalisedData
	if err := ev.Decode(&data); err != nil {
		t.Fatal(err)
	}
	if data.Teams != 2 || data.Metric != "accuracy" || len(data.Ranking) != 2 || data.Ranking[0].Members[0] != learner2 || data.Ranking[0].Score != 1 {
		t.Fatalf("event data %+v", data)
	}
}

// TestALargeBoardIsReadByPages ranks 250 teams, stored as a board from
// before its ranked pages and its shards, then a participant's scored
// submission, which moves the teams to the shards: the
// board is read 60 rows at a time across its pages of 100, its ranks run
// 1 to 251 without a gap or a repeat, two teams tied on score across a
// page boundary are ranked by the earlier submission, and the
// participant finds their own row whatever page they read.
func TestALargeBoardIsReadByPages(t *testing.T) {
	e := newEnv(t)
	c := e.publish(t, "penguins", nil)
	ctx := context.Background()
	const teams = 250
	b := competitions.Board{ID: c.ID + ":main", Rev: 1, Direction: string(scoring.HigherIsBetter)}
	t0 := start.Add(time.Hour)
	for i := range teams {
		score, at := 0.9-float64(i)/1000, t0.Add(time.Duration(i)*time.Minute)
		if i == 100 {
			// Tied with team 99, whose rank (100) ends the first page, and submitted earlier.
			score, at = 0.9-float64(99)/1000, t0.Add(-time.Minute)
		}
		id := fmt.Sprintf("team-%03d", i)
		b.Teams = append(b.Teams, competitions.BoardTeam{TeamID: id, Name: "Team " + id, Entries: 1, LastAt: at,
			Top: []competitions.Candidate{{SubmissionID: "sub-" + id, Public: score, Private: score, At: at}}})
	}
	if _, err := e.db.Collection("competition_boards").InsertOne(ctx, b); err != nil {
		t.Fatal(err)
	}
	// read walks the public board as user, 60 rows a request.
	read := func(user string) ([]competitions.Row, []*competitions.Row) {
		var rows []competitions.Row
		var mine []*competitions.Row
		for cursor := ""; ; {
			var v competitions.LeaderboardView
			e.call(t, "GET", "/competitions/penguins/leaderboard?limit=60&cursor="+cursor, user, nil).Want(t, http.StatusOK, &v)
			if v.Total != teams && v.Total != teams+1 {
				t.Fatalf("a page says the board has %d teams", v.Total)
			}
			rows, mine = append(rows, v.Items...), append(mine, v.MyEntry)
			if cursor = v.NextCursor; cursor == "" {
				return rows, mine
			}
		}
	}
	rows, _ := read("")
	if len(rows) != teams {
		t.Fatalf("%d rows read, want %d", len(rows), teams)
	}
	for i, r := range rows {
		if r.Rank != i+1 {
			t.Fatalf("row %d has rank %d", i, r.Rank)
		}
	}
	if rows[98].TeamID != "team-098" || rows[99].TeamID != "team-100" || rows[100].TeamID != "team-099" {
		t.Errorf("ranks 99 to 101 are %s, %s, %s; want team-098, then team-100 before team-099, tied and submitted earlier",
			rows[98].TeamID, rows[99].TeamID, rows[100].TeamID)
	}

	// A participant's submission is ranked in with the others (all public rows right: 1.0).
	e.join(t, "penguins", learner)
	e.submit(t, "penguins", learner, predictions(10)).Want(t, http.StatusAccepted, nil)
	e.scoreAll(t)
	rows, mine := read(learner)
	if len(rows) != teams+1 || rows[0].TeamName != "Person "+learner || !rows[0].IsMe {
		t.Fatalf("%d rows read, the first %+v; want %d, the participant's first", len(rows), rows[0], teams+1)
	}
	for i, r := range rows {
		if r.Rank != i+1 || r.IsMe != (i == 0) {
			t.Fatalf("row %d is %+v after the participant's submission", i, r)
		}
	}
	for i, m := range mine {
		if m == nil || m.Rank != 1 || !m.IsMe {
			t.Errorf("request %d shows the participant's own row as %+v, want rank 1", i, m)
		}
	}
	// The pages of the revisions replaced are gone: a head and three pages
	// for each of the public and private views are left.
	if n := e.count(t, "competition_boards", bson.M{"_id": bson.M{"$regex": ":ranked"}}); n != 8 {
		t.Errorf("%d ranked board documents, want 8", n)
	}
	// The teams moved from the board stored whole to its shards.
	var head bson.M
	if err := e.db.Collection("competition_boards").FindOne(ctx, bson.M{"_id": b.ID}).Decode(&head); err != nil || head["teams"] != nil {
		t.Errorf("the board's own document = %v (%v), want it without its teams", head["teams"], err)
	}
}

// TestThirtyTeamsScoredAtOnceAreAllRanked scores thirty teams' submissions
// at once, as the worker's goroutines do: their teams land in different
// shards of the board, and every one is ranked, once, with continuous ranks.
func TestThirtyTeamsScoredAtOnceAreAllRanked(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	const teams = 30
	for i := range teams {
		user := fmt.Sprintf("racer-%02d", i)
		e.join(t, "penguins", user)
		e.submit(t, "penguins", user, predictions(i%11)).Want(t, http.StatusAccepted, nil)
	}
	set, err := e.store.Unfinished(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	errs := make([]error, len(ids))
	release(len(ids), func(i int) testenv.Response {
		errs[i] = e.svc.ScoreSubmission(context.Background(), ids[i])
		return testenv.Response{}
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var v competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?limit=100", "", nil).Want(t, http.StatusOK, &v)
	seen := map[string]bool{}
	for i, r := range v.Items {
		if r.Rank != i+1 || seen[r.TeamID] {
			t.Fatalf("row %d is %+v of %+v", i, r, v.Items)
		}
		seen[r.TeamID] = true
	}
	if v.Total != teams || len(seen) != teams {
		t.Fatalf("the board ranks %d teams (total %d), want all %d", len(seen), v.Total, teams)
	}
}
