package competitions_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/competitions"
	"academy/services/kit/events"
)

// privateOnly is a submission wrong on every public row and right on every private one.
func privateOnly() string {
	var b strings.Builder
	b.WriteString("id,species\n")
	for i, s := range species {
		if i < 5 {
			s = map[string]string{"Adelie": "Gentoo", "Gentoo": "Chinstrap", "Chinstrap": "Adelie"}[s]
		}
		fmt.Fprintf(&b, "%d,%s\n", i+1, s)
	}
	return b.String()
}

// submitScored submits and scores a file, and returns the submission.
func (e *env) submitScored(t *testing.T, slug, user, csv string) competitions.SubmissionView {
	t.Helper()
	var v competitions.SubmissionView
	e.submit(t, slug, user, csv).Want(t, http.StatusAccepted, &v)
	e.scoreAll(t)
	return v
}

// finalisedRanking finalises the competition and returns the teams of the event's ranking.
func (e *env) finalisedRanking(t *testing.T, slug string) []events.RankedTeam {
	t.Helper()
	e.clock.Set(end.Add(time.Hour))
	e.call(t, "POST", "/competitions/"+slug+"/finalise", host, nil).Want(t, http.StatusAccepted, nil)
	var ev events.Event
	if err := e.db.Collection("events").FindOne(context.Background(), bson.M{"type": events.CompetitionFinalised}).Decode(&ev); err != nil {
		t.Fatalf("no CompetitionFinalised event: %v", err)
	}
	var data events.CompetitionFinalisedData
	if err := ev.Decode(&data); err != nil {
		t.Fatal(err)
	}
	return data.Ranking
}

func TestTheFinalSelectionRanksTheTeamOnThePrivateBoard(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil) // two final selections
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submitScored(t, "penguins", learner, predictions(6))           // public 1, private 0.2
	e.submitScored(t, "penguins", learner, predictions(7))           // public 1, private 0.4
	hidden := e.submitScored(t, "penguins", learner, privateOnly())  // public 0, private 1
	other := e.submitScored(t, "penguins", learner2, predictions(8)) // public 1, private 0.6
	e.submit(t, "penguins", learner, predictions(2)).Want(t, http.StatusAccepted, nil)

	var private competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", host, nil).Want(t, http.StatusOK, &private)
	if private.Items[0].TeamName != "Person "+learner2 {
		t.Fatalf("by default, the best public submissions count: %+v", private.Items)
	}
	var queued struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &queued)

	cases := []struct {
		name string
		body any
	}{
		{"too many", competitions.SelectionRequest{SubmissionIDs: []string{hidden.ID, queued.Items[1].ID, queued.Items[2].ID}}},
		{"another team's", competitions.SelectionRequest{SubmissionIDs: []string{other.ID}}},
		{"unknown", competitions.SelectionRequest{SubmissionIDs: []string{"nope"}}},
		{"twice the same", competitions.SelectionRequest{SubmissionIDs: []string{hidden.ID, hidden.ID}}},
		{"not scored", competitions.SelectionRequest{SubmissionIDs: []string{queued.Items[0].ID}}},
		{"no list", map[string]any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "PUT", "/competitions/penguins/selection", learner, tc.body).WantProblem(t, http.StatusBadRequest, "validation-failed")
		})
	}
	e.call(t, "PUT", "/competitions/penguins/selection", outsider, competitions.SelectionRequest{SubmissionIDs: []string{}}).WantProblem(t, http.StatusForbidden, "rules-not-accepted")

	var sel competitions.Selection
	e.call(t, "PUT", "/competitions/penguins/selection", learner, competitions.SelectionRequest{SubmissionIDs: []string{hidden.ID}}).Want(t, http.StatusOK, &sel)
	var sub competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+hidden.ID, learner, nil).Want(t, http.StatusOK, &sub)
	if !sub.Selected {
		t.Fatal("the chosen submission is not shown as selected")
	}
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", host, nil).Want(t, http.StatusOK, &private)
	if private.Items[0].TeamName != "Person "+learner || private.Items[0].Score != 1 {
		t.Fatalf("the selection does not rank the team: %+v", private.Items)
	}
	var public competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", "", nil).Want(t, http.StatusOK, &public)
	if public.Items[0].TeamName != "Person "+learner || public.Items[0].Score != 1 {
		t.Fatalf("the public board keeps the best public score: %+v", public.Items)
	}

	e.scoreAll(t)
	ranking := e.finalisedRanking(t, "penguins")
	if len(ranking) != 2 || ranking[0].Members[0] != learner || ranking[0].Score != 1 {
		t.Fatalf("final ranking %+v", ranking)
	}
	e.call(t, "PUT", "/competitions/penguins/selection", learner, competitions.SelectionRequest{SubmissionIDs: []string{}}).WantProblem(t, http.StatusConflict, "competition-not-running")
}

func TestADisqualifiedTeamIsOffTheBoardsAndRanksNowhere(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	cheat := e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submitScored(t, "penguins", learner, predictions(10))
	e.submitScored(t, "penguins", learner2, predictions(7))

	path := "/competitions/penguins/teams/" + cheat.Team.ID
	cases := []struct {
		name, path, user string
		body             any
		status           int
		code             string
	}{
		{"a participant", path + "/disqualification", learner2, competitions.DecisionRequest{Reason: "they cheat"}, http.StatusForbidden, "forbidden"},
		{"anonymous", path + "/disqualification", "", competitions.DecisionRequest{Reason: "they cheat"}, http.StatusUnauthorized, "unauthorized"},
		{"no reason", path + "/disqualification", host, competitions.DecisionRequest{}, http.StatusBadRequest, "validation-failed"},
		{"an unknown team", "/competitions/penguins/teams/nope/disqualification", host, competitions.DecisionRequest{Reason: "they cheat"}, http.StatusNotFound, "not-found"},
		{"reinstating a team in good standing", path + "/reinstatement", host, competitions.DecisionRequest{Reason: "a mistake"}, http.StatusConflict, "not-disqualified"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "POST", tc.path, tc.user, tc.body).WantProblem(t, tc.status, tc.code)
		})
	}

	var team competitions.TeamView
	e.call(t, "POST", path+"/disqualification", host, competitions.DecisionRequest{Reason: "shared an account"}).Want(t, http.StatusOK, &team)
	if !team.Disqualified || team.DisqualifiedReason != "shared an account" {
		t.Fatalf("team %+v", team)
	}
	for _, board := range []string{"public", "private"} {
		var b competitions.LeaderboardView
		e.call(t, "GET", "/competitions/penguins/leaderboard?board="+board, host, nil).Want(t, http.StatusOK, &b)
		if b.Total != 1 || b.Items[0].TeamName != "Person "+learner2 || b.Items[0].Rank != 1 {
			t.Fatalf("%s board %+v", board, b)
		}
	}
	e.submit(t, "penguins", learner, predictions(10)).WantProblem(t, http.StatusForbidden, "team-disqualified")
	e.call(t, "POST", path+"/reinstatement", host, competitions.DecisionRequest{Reason: "the accounts are two people"}).Want(t, http.StatusOK, nil)
	var b competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", "", nil).Want(t, http.StatusOK, &b)
	if b.Total != 2 || b.Items[0].TeamName != "Person "+learner {
		t.Fatalf("board after reinstatement %+v", b)
	}
	e.call(t, "POST", path+"/disqualification", admin, competitions.DecisionRequest{Reason: "shared an account after all"}).Want(t, http.StatusOK, nil)

	var audit struct{ Items []competitions.AuditEntry }
	e.call(t, "GET", "/competitions/penguins/host/audit", host, nil).Want(t, http.StatusOK, &audit)
	if len(audit.Items) != 3 || audit.Items[0].Action != competitions.ActionDisqualify || audit.Items[0].By != admin ||
		audit.Items[1].Action != competitions.ActionReinstate || audit.Items[1].Reason != "the accounts are two people" || audit.Items[2].By != host {
		t.Fatalf("audit %+v", audit.Items)
	}
	e.call(t, "GET", "/competitions/penguins/host/audit", learner2, nil).WantProblem(t, http.StatusForbidden, "forbidden")

	ranking := e.finalisedRanking(t, "penguins")
	if len(ranking) != 1 || ranking[0].Members[0] != learner2 {
		t.Fatalf("the disqualified team is in the final ranking: %+v", ranking)
	}
	e.call(t, "POST", path+"/reinstatement", host, competitions.DecisionRequest{Reason: "too late"}).WantProblem(t, http.StatusConflict, "competition-finished")
}

func TestIntegrityFlagsAreComputedOnTheBulkQueueAndDecidedByTheHost(t *testing.T) {
	e := newEnv(t)
	c := e.publish(t, "penguins", nil)
	e.clock.Set(start.Add(9 * time.Hour))
	e.join(t, "penguins", learner2)
	e.join(t, "penguins", "learner-3")
	e.clock.Set(start.Add(24*time.Hour + 9*time.Hour))
	e.join(t, "penguins", learner)
	e.clock.Set(start.Add(24*time.Hour + 9*time.Hour + 10*time.Minute))
	e.submitScored(t, "penguins", learner, predictions(9)) // joined ten minutes ago, first on the board
	e.clock.Set(start.Add(24*time.Hour + 10*time.Hour))
	e.submitScored(t, "penguins", learner2, predictions(9)) // the very same predictions
	e.submitScored(t, "penguins", "learner-3", predictions(3))

	tasks, err := e.inspector.ListPendingTasks(jobs.QueueBulk, asynq.PageSize(100))
	if err != nil {
		t.Fatal(err)
	}
	queued := false
	for _, ti := range tasks {
		queued = queued || ti.Type == jobs.TypeIntegrity
	}
	var flags competitions.FlagsView
	e.call(t, "GET", "/competitions/penguins/host/flags", host, nil).Want(t, http.StatusOK, &flags)
	if !queued || !flags.Pending || len(flags.Items) != 0 {
		t.Fatalf("before the worker: queued %v, flags %+v", queued, flags)
	}
	if err := e.svc.HandleIntegrityTask(context.Background(), jobs.NewIntegrityTask(c.ID, 0)); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", "/competitions/penguins/host/flags", host, nil).Want(t, http.StatusOK, &flags)
	if flags.Pending || len(flags.Items) != 2 {
		t.Fatalf("flags %+v", flags)
	}
	kinds := map[string]competitions.Flag{}
	for _, f := range flags.Items {
		kinds[f.Kind] = f
	}
	pair, quick := kinds[competitions.FlagNearIdentical], kinds[competitions.FlagQuickTopScore]
	if len(pair.TeamNames) != 2 || pair.Agreement != 1 || quick.UserID != learner {
		t.Fatalf("flags %+v", flags.Items)
	}
	for _, user := range []string{"", learner, outsider} {
		r := e.call(t, "GET", "/competitions/penguins/host/flags", user, nil)
		if r.Status != http.StatusUnauthorized && r.Status != http.StatusForbidden {
			t.Fatalf("%q reads the flags: %d", user, r.Status)
		}
	}

	decide := "/competitions/penguins/host/flags/"
	cases := []struct {
		name, flag string
		body       any
		status     int
		code       string
	}{
		{"an unknown decision", quick.ID, competitions.FlagDecisionRequest{Decision: "ignore", Reason: "fine"}, http.StatusBadRequest, "validation-failed"},
		{"no reason", quick.ID, competitions.FlagDecisionRequest{Decision: competitions.DecisionDismiss}, http.StatusBadRequest, "validation-failed"},
		{"a team not flagged", pair.ID, competitions.FlagDecisionRequest{Decision: competitions.DecisionDisqualify, Reason: "copied", TeamID: "nope"}, http.StatusBadRequest, "validation-failed"},
		{"an unknown flag", "nope", competitions.FlagDecisionRequest{Decision: competitions.DecisionDismiss, Reason: "fine"}, http.StatusNotFound, "not-found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, "POST", decide+tc.flag+"/decision", host, tc.body).WantProblem(t, tc.status, tc.code)
		})
	}
	e.call(t, "POST", decide+quick.ID+"/decision", learner, competitions.FlagDecisionRequest{Decision: competitions.DecisionDismiss, Reason: "fine"}).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "POST", decide+quick.ID+"/decision", host, competitions.FlagDecisionRequest{Decision: competitions.DecisionDismiss, Reason: "a strong student"}).Want(t, http.StatusOK, nil)
	copier := e.join2(t, "penguins", learner2).Team.ID
	var decided competitions.Flag
	e.call(t, "POST", decide+pair.ID+"/decision", host, competitions.FlagDecisionRequest{Decision: competitions.DecisionDisqualify, Reason: "copied the file", TeamID: copier}).Want(t, http.StatusOK, &decided)
	if decided.Decision == nil || decided.Decision.By != host {
		t.Fatalf("decision %+v", decided)
	}
	e.call(t, "POST", decide+pair.ID+"/decision", host, competitions.FlagDecisionRequest{Decision: competitions.DecisionDismiss, Reason: "changed my mind"}).WantProblem(t, http.StatusConflict, "flag-decided")
	if !e.team(t, copier).Disqualified {
		t.Fatal("the copier's team is not disqualified")
	}

	// A new score computes the flags again; the decisions stay.
	e.submitScored(t, "penguins", "learner-3", predictions(4))
	if err := e.svc.CheckIntegrity(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", "/competitions/penguins/host/flags", host, nil).Want(t, http.StatusOK, &flags)
	for _, f := range flags.Items {
		if f.ID == quick.ID && (f.Decision == nil || f.Decision.Decision != competitions.DecisionDismiss) {
			t.Fatalf("the dismissal was lost: %+v", f)
		}
	}
	var audit struct{ Items []competitions.AuditEntry }
	e.call(t, "GET", "/competitions/penguins/host/audit", host, nil).Want(t, http.StatusOK, &audit)
	if len(audit.Items) != 2 || audit.Items[0].FlagID != pair.ID || audit.Items[0].TeamID != copier || audit.Items[1].Action != competitions.ActionDismissFlag {
		t.Fatalf("audit %+v", audit.Items)
	}
}

func TestTheHostsBaselineIsScoredShownAndNeverRanked(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	e.submitScored(t, "penguins", learner, predictions(6))

	baseline := "/competitions/penguins/host/baseline"
	e.do(t, "POST", baseline+"?name=Majority", learner, "text/csv", strings.NewReader(predictions(7))).WantProblem(t, http.StatusForbidden, "forbidden")
	e.do(t, "POST", baseline, host, "text/csv", strings.NewReader("id,species\n1,Adelie\n")).WantProblem(t, http.StatusUnprocessableEntity, "invalid-submission")
	e.do(t, "POST", baseline, host, "application/json", strings.NewReader(predictions(7))).WantProblem(t, http.StatusUnsupportedMediaType, "unsupported-media-type")
	e.do(t, "POST", baseline+"?phase=nope", host, "text/csv", strings.NewReader(predictions(7))).WantProblem(t, http.StatusNotFound, "not-found")
	e.do(t, "POST", baseline+"?name="+strings.Repeat("x", 61), host, "text/csv", strings.NewReader(predictions(7))).WantProblem(t, http.StatusBadRequest, "validation-failed")
	for range 6 { // beyond the daily limit of five: a baseline takes no quota
		var v competitions.SubmissionView
		e.do(t, "POST", baseline+"?name=Majority", host, "text/csv", strings.NewReader(predictions(7))).Want(t, http.StatusAccepted, &v)
		if !v.Baseline || v.BaselineName != "Majority" {
			t.Fatalf("baseline %+v", v)
		}
	}
	e.scoreAll(t)

	var public competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", "", nil).Want(t, http.StatusOK, &public)
	if public.Total != 1 || len(public.Baselines) != 6 || public.Baselines[0].Name != "Majority" || public.Baselines[0].Score != 1 || public.Items[0].Rank != 1 {
		t.Fatalf("public board %+v", public)
	}
	var private competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", host, nil).Want(t, http.StatusOK, &private)
	if private.Baselines[0].Score != 0.4 {
		t.Fatalf("private baseline %+v", private.Baselines)
	}
	if tm := e.team(t, entry.Team.ID); tm.Total != 1 {
		t.Fatalf("the learner's team counts %d submissions", tm.Total)
	}
	var hostList struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/host/submissions", host, nil).Want(t, http.StatusOK, &hostList)
	if len(hostList.Items) != 7 || !hostList.Items[0].Baseline {
		t.Fatalf("host list %+v", hostList.Items)
	}
	e.clock.Set(end.Add(time.Hour))
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).Want(t, http.StatusAccepted, nil)
	e.call(t, "GET", "/competitions/penguins/leaderboard?board=private", "", nil).Want(t, http.StatusOK, &private)
	if private.Total != 1 || len(private.Baselines) != 6 {
		t.Fatalf("frozen board %+v", private)
	}
}
