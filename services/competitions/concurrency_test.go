package competitions_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions"
	"academy/services/kit/events"
	"academy/services/kit/httpkit"
	"academy/services/kit/testenv"
)

// problemCode returns the code of a problem answer.
func problemCode(t *testing.T, r testenv.Response) string {
	t.Helper()
	var p httpkit.Problem
	if err := json.Unmarshal(r.Body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", r.Body, err)
	}
	return strings.TrimPrefix(p.Type, httpkit.ProblemTypePrefix)
}

func TestThirtySimultaneousFinalisesFreezeOnceAndAwardOnce(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submitScored(t, "penguins", learner, predictions(9))
	e.submitScored(t, "penguins", learner2, predictions(6))
	e.clock.Set(end.Add(time.Hour))

	rs := release(30, func(int) testenv.Response { return e.call(t, "POST", "/competitions/penguins/finalise", host, nil) })
	if got := statuses(rs); got[http.StatusAccepted] != 1 || got[http.StatusConflict] != 29 {
		t.Fatalf("statuses %v", got)
	}
	for _, r := range rs {
		if r.Status != http.StatusConflict {
			continue
		}
		switch code := problemCode(t, r); code {
		case "competition-finalised":
		case "finalisation-in-progress":
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("a finalisation in progress does not say when to come back")
			}
		default:
			t.Fatalf("a second finalise is told %q: %s", code, r.Body)
		}
	}
	if n := e.count(t, "events", bson.M{"type": events.CompetitionFinalised}); n != 1 {
		t.Fatalf("%d CompetitionFinalised events", n)
	}
	e.deliverEvents(t)
	e.deliverEvents(t)
	if n := len(e.awarded.events); n != 1 {
		t.Fatalf("the credentials context was handed %d results to award", n)
	}
	var data events.CompetitionFinalisedData
	if err := e.awarded.events[0].Decode(&data); err != nil {
		t.Fatal(err)
	}
	if data.Teams != 2 || len(data.Ranking) != 2 || data.Ranking[0].Members[0] != learner || data.Ranking[1].Members[0] != learner2 {
		t.Fatalf("results %+v", data)
	}
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Status != competitions.StatusFinished {
		t.Fatalf("status %s", c.Status)
	}
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).WantProblem(t, http.StatusConflict, "competition-finalised")
}

func TestAFinalisationThatStoppedIsTakenOverOnceItsClaimLapses(t *testing.T) {
	e := newEnv(t)
	c := e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	e.submitScored(t, "penguins", learner, predictions(9))
	stopped := end.Add(time.Hour)
	// A finalise whose process stopped right after its claim.
	if _, err := e.db.Collection("competitions").UpdateOne(context.Background(), bson.M{"_id": c.ID},
		bson.M{"$set": bson.M{"state": competitions.StateFinalising, "finalising_since": stopped}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(stopped.Add(10 * time.Second))
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).WantProblem(t, http.StatusConflict, "finalisation-in-progress")
	e.clock.Set(stopped.Add(2 * time.Minute))
	e.call(t, "POST", "/competitions/penguins/finalise", host, nil).Want(t, http.StatusAccepted, nil)
	if n := e.count(t, "events", bson.M{"type": events.CompetitionFinalised}); n != 1 {
		t.Fatalf("%d CompetitionFinalised events", n)
	}
}

func TestThirtySimultaneousSelectionsLeaveOneOfThem(t *testing.T) {
	e := newEnv(t)
	c := e.publish(t, "penguins", nil) // two final selections
	entry := e.join(t, "penguins", learner)
	var ids []string
	for _, right := range []int{6, 7, 8, 9} {
		ids = append(ids, e.submitScored(t, "penguins", learner, predictions(right)).ID)
	}
	// Every set of up to three of the four: those of three are one too many.
	var sets [][]string
	for mask := range 16 {
		var set []string
		for i, id := range ids {
			if mask&(1<<i) != 0 {
				set = append(set, id)
			}
		}
		if len(set) <= 3 {
			sets = append(sets, set)
		}
	}
	sets[0] = []string{}
	rs := release(30, func(i int) testenv.Response {
		return e.call(t, "PUT", "/competitions/penguins/selection", learner, competitions.SelectionRequest{SubmissionIDs: sets[i%len(sets)]})
	})
	var accepted [][]string
	for i, r := range rs {
		set := sets[i%len(sets)]
		switch {
		case len(set) > 2:
			r.WantProblem(t, http.StatusBadRequest, "validation-failed")
		default:
			r.Want(t, http.StatusOK, nil)
			accepted = append(accepted, set)
		}
	}

	kept := e.team(t, entry.Team.ID).Selected
	if len(kept) > 2 || !slices.ContainsFunc(accepted, func(set []string) bool { return slices.Equal(set, kept) }) {
		t.Fatalf("the team keeps %v, which no request chose", kept)
	}
	board, err := e.store.Board(context.Background(), c.ID+":main")
	if err != nil {
		t.Fatal(err)
	}
	var onBoard []string
	for _, bt := range board.Teams {
		if bt.TeamID == entry.Team.ID {
			for _, cand := range bt.Selected {
				onBoard = append(onBoard, cand.SubmissionID)
			}
		}
	}
	if !slices.Equal(onBoard, kept) {
		t.Fatalf("the board ranks the team by %v, the team chose %v", onBoard, kept)
	}
	var mine struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &mine)
	for _, s := range mine.Items {
		if s.Selected != slices.Contains(kept, s.ID) {
			t.Fatalf("submission %s shown selected %v; the team chose %v", s.ID, s.Selected, kept)
		}
	}
}

func TestThirtySimultaneousDecisionsOnATeamAreLoggedAsApplied(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submitScored(t, "penguins", learner, predictions(9))
	e.submitScored(t, "penguins", learner2, predictions(6))

	base := "/competitions/penguins/teams/" + entry.Team.ID
	reason := func(i int) string { return fmt.Sprintf("decision %d", i) }
	rs := release(30, func(i int) testenv.Response {
		if i%2 == 0 {
			return e.call(t, "POST", base+"/disqualification", host, competitions.DecisionRequest{Reason: reason(i)})
		}
		return e.call(t, "POST", base+"/reinstatement", host, competitions.DecisionRequest{Reason: reason(i)})
	})
	applied := map[string]string{}
	for i, r := range rs {
		switch r.Status {
		case http.StatusOK:
			applied[reason(i)] = map[bool]string{true: competitions.ActionDisqualify, false: competitions.ActionReinstate}[i%2 == 0]
		case http.StatusConflict:
			if code := problemCode(t, r); code != "already-disqualified" && code != "not-disqualified" && code != "edit-conflict" {
				t.Fatalf("a refused decision is told %q: %s", code, r.Body)
			}
		default:
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	}
	if len(applied) == 0 {
		t.Fatal("no decision applied")
	}

	var audit struct{ Items []competitions.AuditEntry }
	e.call(t, "GET", "/competitions/penguins/host/audit?limit=100", host, nil).Want(t, http.StatusOK, &audit)
	if len(audit.Items) != len(applied) {
		t.Fatalf("%d audit entries for %d decisions applied: %+v", len(audit.Items), len(applied), audit.Items)
	}
	// Oldest first, the log alternates from the team in good standing,
	// each decision applied once.
	slices.Reverse(audit.Items)
	logged := map[string]bool{}
	for i, a := range audit.Items {
		if logged[a.Reason] {
			t.Fatalf("the decision %q is logged twice: %+v", a.Reason, audit.Items)
		}
		logged[a.Reason] = true
		want := competitions.ActionDisqualify
		if i%2 == 1 {
			want = competitions.ActionReinstate
		}
		if a.Action != want || applied[a.Reason] != a.Action {
			t.Fatalf("audit entry %d is %s (%q); the log does not follow the decisions applied: %+v", i, a.Action, a.Reason, audit.Items)
		}
	}
	disqualified := audit.Items[len(audit.Items)-1].Action == competitions.ActionDisqualify
	if got := e.team(t, entry.Team.ID).Disqualified; got != disqualified {
		t.Fatalf("the team is disqualified: %v; the log's last decision: %+v", got, audit.Items[len(audit.Items)-1])
	}
	for _, board := range []string{"public", "private"} {
		var b competitions.LeaderboardView
		e.call(t, "GET", "/competitions/penguins/leaderboard?board="+board, host, nil).Want(t, http.StatusOK, &b)
		shown := slices.ContainsFunc(b.Items, func(r competitions.Row) bool { return r.TeamID == entry.Team.ID })
		if shown == disqualified {
			t.Fatalf("the %s board shows the team: %v, while it is disqualified: %v", board, shown, disqualified)
		}
	}
}

// TestThirtySubmissionsScoredAtOnceFlagExactlyTheCopyingGroups scores
// thirty submissions at once, among them two copies of one file and one
// of another: each group of teams sending the same file is one flag.
func TestThirtySubmissionsScoredAtOnceFlagExactlyTheCopyingGroups(t *testing.T) {
	e := newEnv(t)
	c := e.publish(t, "penguins", nil)
	user := func(i int) string { return fmt.Sprintf("learner-%d", i) }
	// Thirty different files, the k-th row of the i-th labelled by the k-th
	// base-3 digit of i; learners 17 and 29 copy the file of 3, 25 that of 8.
	file := func(i int) string {
		var b strings.Builder
		b.WriteString("id,species\n")
		for k := range species {
			fmt.Fprintf(&b, "%d,%s\n", k+1, []string{"Adelie", "Gentoo", "Chinstrap"}[i%3])
			i /= 3
		}
		return b.String()
	}
	copied := map[int]int{17: 3, 29: 3, 25: 8}
	teams := map[int]string{}
	for i := range 30 {
		teams[i] = e.join(t, "penguins", user(i)).Team.ID
	}
	// Submitting long after joining raises no quick-top-score flag.
	e.clock.Set(start.Add(48 * time.Hour))
	for i := range 30 {
		f := file(i)
		if j, ok := copied[i]; ok {
			f = file(j)
		}
		e.submit(t, "penguins", user(i), f).Want(t, http.StatusAccepted, nil)
	}
	set, err := e.store.Unfinished(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for id := range set {
		ids = append(ids, id)
	}
	// Each scoring is followed by the check it asks for, as the worker runs them.
	errs := make([]error, len(ids))
	release(len(ids), func(i int) testenv.Response {
		if errs[i] = e.svc.ScoreSubmission(context.Background(), ids[i]); errs[i] == nil {
			errs[i] = e.svc.CheckIntegrity(context.Background(), c.ID)
		}
		return testenv.Response{}
	})
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	// The check still due, if the scores kept it going, runs once more.
	if err := e.svc.CheckIntegrity(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}

	var flags competitions.FlagsView
	e.call(t, "GET", "/competitions/penguins/host/flags", host, nil).Want(t, http.StatusOK, &flags)
	var got []string
	for _, f := range flags.Items {
		if f.Kind != competitions.FlagNearIdentical || f.Agreement != 1 {
			t.Fatalf("unexpected flag %+v", f)
		}
		got = append(got, strings.Join(f.TeamIDs, "+"))
	}
	var want []string
	groups := map[int][]string{}
	for i, j := range copied {
		groups[j] = append(groups[j], teams[i])
	}
	for j, group := range groups {
		group = append(group, teams[j])
		slices.Sort(group)
		want = append(want, strings.Join(group, "+"))
	}
	slices.Sort(got)
	slices.Sort(want)
	if flags.Pending || !slices.Equal(got, want) {
		t.Fatalf("pending %v, flagged groups %v, want %v", flags.Pending, got, want)
	}
}
