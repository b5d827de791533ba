package competitions_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions"
	"academy/services/kit/events"
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
