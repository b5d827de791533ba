package competitions_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions"
	"academy/services/kit/testenv"
)

// invite has user invite invitee to their team and returns the invitation.
func (e *env) invite(t *testing.T, slug, user, invitee string) competitions.Invitation {
	t.Helper()
	var inv competitions.Invitation
	e.call(t, "POST", "/competitions/"+slug+"/team/invitations", user, competitions.InvitationRequest{UserID: invitee}).Want(t, http.StatusCreated, &inv)
	return inv
}

// accept has user accept an invitation.
func (e *env) accept(t *testing.T, slug, user, id string) testenv.Response {
	t.Helper()
	return e.call(t, "POST", "/competitions/"+slug+"/team/invitations/"+id+"/accept", user, nil)
}

func TestAnInvitedParticipantJoinsOrDeclines(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	for _, u := range []string{learner, learner2, "learner-3", unverified} {
		e.join(t, "penguins", u)
	}
	inv := e.invite(t, "penguins", learner, learner2)
	if inv.Status != competitions.InvitationPending || inv.InviteeName != "Person "+learner2 {
		t.Fatalf("invitation %+v", inv)
	}
	e.call(t, "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: learner2}).Want(t, http.StatusOK, nil)
	declined := e.invite(t, "penguins", learner, "learner-3")

	var mine, theirs competitions.InvitationsView
	e.call(t, "GET", "/competitions/penguins/team/invitations", learner, nil).Want(t, http.StatusOK, &mine)
	e.call(t, "GET", "/competitions/penguins/team/invitations", learner2, nil).Want(t, http.StatusOK, &theirs)
	if len(mine.Sent) != 2 || len(mine.Received) != 0 || len(theirs.Received) != 1 || theirs.Received[0].ID != inv.ID {
		t.Fatalf("lists: sent %+v, received %+v", mine, theirs)
	}

	cases := []struct {
		name, method, path, user string
		body                     any
		status                   int
		code                     string
	}{
		{"inviting oneself", "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: learner}, http.StatusBadRequest, "validation-failed"},
		{"inviting someone who has not joined", "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: outsider}, http.StatusBadRequest, "validation-failed"},
		{"an unknown field", "POST", "/competitions/penguins/team/invitations", learner, map[string]any{"user": learner2}, http.StatusBadRequest, "validation-failed"},
		{"an unverified inviter", "POST", "/competitions/penguins/team/invitations", unverified, competitions.InvitationRequest{UserID: learner}, http.StatusForbidden, "email-unverified"},
		{"inviting without joining", "POST", "/competitions/penguins/team/invitations", outsider, competitions.InvitationRequest{UserID: learner}, http.StatusForbidden, "rules-not-accepted"},
		{"accepting another's invitation", "POST", "/competitions/penguins/team/invitations/" + inv.ID + "/accept", "learner-3", nil, http.StatusNotFound, "not-found"},
		{"an unknown invitation", "POST", "/competitions/penguins/team/invitations/nope/accept", learner2, nil, http.StatusNotFound, "not-found"},
		{"leaving a team of one", "POST", "/competitions/penguins/team/leave", learner2, nil, http.StatusConflict, "alone-in-team"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.call(t, tc.method, tc.path, tc.user, tc.body).WantProblem(t, tc.status, tc.code)
		})
	}

	var team competitions.TeamView
	e.accept(t, "penguins", learner2, inv.ID).Want(t, http.StatusOK, &team)
	if len(team.Members) != 2 || team.Members[1].UserID != learner2 {
		t.Fatalf("team %+v", team)
	}
	var entry competitions.EntryView
	e.call(t, "GET", "/competitions/penguins/entry", learner2, nil).Want(t, http.StatusOK, &entry)
	if entry.Team.ID != team.ID {
		t.Fatalf("learner-2 is in %s, not %s", entry.Team.ID, team.ID)
	}
	e.accept(t, "penguins", learner2, inv.ID).WantProblem(t, http.StatusConflict, "invitation-decided")
	e.call(t, "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: "learner-3"}).WantProblem(t, http.StatusConflict, "team-full")
	var d competitions.Invitation
	e.call(t, "POST", "/competitions/penguins/team/invitations/"+declined.ID+"/decline", "learner-3", nil).Want(t, http.StatusOK, &d)
	if d.Status != competitions.InvitationDeclined {
		t.Fatalf("declined invitation %+v", d)
	}
	e.accept(t, "penguins", "learner-3", declined.ID).WantProblem(t, http.StatusConflict, "invitation-decided")
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Teams != 3 {
		t.Fatalf("%d teams, want 3 of the 4 who joined", c.Teams)
	}
}

func TestAParticipantIsInvitedByEmailAddressOrUserID(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	path := "/competitions/penguins/team/invitations"

	var inv competitions.Invitation
	e.call(t, "POST", path, learner, competitions.InvitationRequest{Email: " Learner-2@Example.org "}).Want(t, http.StatusCreated, &inv)
	if inv.InviteeID != learner2 || inv.InviteeName != "Person "+learner2 || inv.Status != competitions.InvitationPending {
		t.Fatalf("invitation %+v", inv)
	}
	var again competitions.Invitation
	e.call(t, "POST", path, learner, competitions.InvitationRequest{UserID: learner2}).Want(t, http.StatusOK, &again)
	if again.ID != inv.ID {
		t.Fatalf("inviting by user id after the email address made invitation %s beside %s", again.ID, inv.ID)
	}

	// An address with no account is answered as one whose person has not
	// joined: the answers tell no one which addresses have accounts.
	cases := []struct {
		name  string
		body  competitions.InvitationRequest
		field string
		msg   string
	}{
		{"both", competitions.InvitationRequest{UserID: learner2, Email: learner2 + "@example.org"}, "email", "give the invitee's user_id or email, not both"},
		{"neither", competitions.InvitationRequest{}, "user_id", "is required: name the participant to invite by user_id or email"},
		{"an address with no account", competitions.InvitationRequest{Email: "nobody@elsewhere.org"}, "email", "has not joined this competition"},
		{"the address of someone who has not joined", competitions.InvitationRequest{Email: outsider + "@example.org"}, "email", "has not joined this competition"},
		{"one's own address", competitions.InvitationRequest{Email: learner + "@example.org"}, "email", "must name another participant of the competition"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := e.call(t, "POST", path, learner, tc.body).WantProblem(t, http.StatusBadRequest, "validation-failed")
			if len(p.Errors) != 1 || p.Errors[0].Field != tc.field || p.Errors[0].Message != tc.msg {
				t.Fatalf("errors %+v, want %s: %s", p.Errors, tc.field, tc.msg)
			}
		})
	}
}

// TestInvitationListsAreReadFromTheTeamAndTheEntry checks the lists of
// invitations, read by id from the team's and the invitee's entry's lists
// rather than by a scan of every invitation, and that inviting again
// completes a listing that stopped halfway.
func TestInvitationListsAreReadFromTheTeamAndTheEntry(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	e.publish(t, "puffins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	for _, u := range []string{learner, learner2, "learner-3"} {
		e.join(t, "penguins", u)
		e.join(t, "puffins", u)
	}
	first := e.invite(t, "penguins", learner, learner2)
	e.clock.Advance(time.Minute)
	second := e.invite(t, "penguins", "learner-3", learner2)
	e.invite(t, "puffins", learner, "learner-3")

	lists := func(user string) competitions.InvitationsView {
		t.Helper()
		var v competitions.InvitationsView
		e.call(t, "GET", "/competitions/penguins/team/invitations", user, nil).Want(t, http.StatusOK, &v)
		return v
	}
	if v := lists(learner2); len(v.Sent) != 0 || len(v.Received) != 2 || v.Received[0].ID != second.ID || v.Received[1].ID != first.ID {
		t.Fatalf("learner-2's lists %+v, want the two invitations newest first", v)
	}
	if v := lists(learner); len(v.Sent) != 1 || v.Sent[0].ID != first.ID || len(v.Received) != 0 {
		t.Fatalf("learner's lists %+v: another competition's invitation is listed, or its own is missing", v)
	}

	entry := e.join2(t, "penguins", learner2)
	if _, err := e.db.Collection("competition_entries").UpdateOne(context.Background(), bson.M{"competition_id": entry.CompetitionID, "user_id": learner2},
		bson.M{"$unset": bson.M{"invited_by": ""}}); err != nil {
		t.Fatal(err)
	}
	if v := lists(learner2); len(v.Received) != 0 {
		t.Fatalf("received %+v after the entry lost its list", v.Received)
	}
	e.call(t, "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: learner2}).Want(t, http.StatusOK, nil)
	if v := lists(learner2); len(v.Received) != 1 || v.Received[0].ID != first.ID {
		t.Fatalf("inviting again does not list the invitation: %+v", v.Received)
	}
}

func TestAMemberLeavesOnlyBeforeTheFirstSubmission(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 3 })
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.accept(t, "penguins", learner2, e.invite(t, "penguins", learner, learner2).ID).Want(t, http.StatusOK, nil)

	var solo competitions.TeamView
	e.call(t, "POST", "/competitions/penguins/team/leave", learner2, nil).Want(t, http.StatusOK, &solo)
	if len(solo.Members) != 1 || solo.Members[0].UserID != learner2 {
		t.Fatalf("team after leaving %+v", solo)
	}
	var entry competitions.EntryView
	e.call(t, "GET", "/competitions/penguins/entry", learner, nil).Want(t, http.StatusOK, &entry)
	if len(entry.Team.Members) != 1 || entry.Team.Members[0].UserID != learner {
		t.Fatalf("the team left behind %+v", entry.Team)
	}

	// Invited again, the invitation is asked again (200: it exists).
	var again competitions.Invitation
	e.call(t, "POST", "/competitions/penguins/team/invitations", learner, competitions.InvitationRequest{UserID: learner2}).Want(t, http.StatusOK, &again)
	e.accept(t, "penguins", learner2, again.ID).Want(t, http.StatusOK, nil)
	e.submit(t, "penguins", learner2, predictions(7)).Want(t, http.StatusAccepted, nil)
	e.call(t, "POST", "/competitions/penguins/team/leave", learner, nil).WantProblem(t, http.StatusConflict, "team-has-submissions")
	var mine struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &mine)
	if len(mine.Items) != 1 {
		t.Fatalf("the team's submissions as its other member sees them: %+v", mine.Items)
	}
}

func TestTeamsWithSubmissionsMergeWithinTheQuotaAndBeforeTheDeadline(t *testing.T) {
	e := newEnv(t)
	deadline := start.Add(3 * 24 * time.Hour)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) {
		in.TeamSizeLimit, in.DailyLimit, in.MergerDeadline = 2, 1, &deadline
	})
	e.clock.Set(start.Add(9 * time.Hour)) // the first day
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submit(t, "penguins", learner, predictions(6)).Want(t, http.StatusAccepted, nil)
	e.submit(t, "penguins", learner2, predictions(9)).Want(t, http.StatusAccepted, nil)
	inv := e.invite(t, "penguins", learner, learner2)
	e.scoreAll(t)
	// Two submissions after one day of one a day: one too many.
	e.accept(t, "penguins", learner2, inv.ID).WantProblem(t, http.StatusConflict, "merge-over-quota")

	e.clock.Set(start.Add(24*time.Hour + 9*time.Hour))
	var merged competitions.TeamView
	e.accept(t, "penguins", learner2, inv.ID).Want(t, http.StatusOK, &merged)
	if len(merged.Members) != 2 || merged.SubmissionsTotal != 2 {
		t.Fatalf("merged team %+v", merged)
	}
	var board competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", learner2, nil).Want(t, http.StatusOK, &board)
	if board.Total != 1 || board.Items[0].TeamID != merged.ID || board.Items[0].Score != 1 || !board.Items[0].IsMe || board.Items[0].Entries != 2 {
		t.Fatalf("board after the merge %+v", board)
	}
	var mine struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &mine)
	if len(mine.Items) != 2 {
		t.Fatalf("the merged team lists %d submissions", len(mine.Items))
	}
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Teams != 1 {
		t.Fatalf("%d teams after the merge", c.Teams)
	}

	// After the merger deadline, a team with submissions merges no more.
	e.join(t, "penguins", "learner-3")
	e.submit(t, "penguins", "learner-3", predictions(3)).Want(t, http.StatusAccepted, nil)
	e.scoreAll(t)
	e.clock.Set(deadline.Add(time.Hour))
	e.call(t, "POST", "/competitions/penguins/team/leave", learner2, nil).WantProblem(t, http.StatusConflict, "team-has-submissions")
	other := e.join2(t, "penguins", "learner-3")
	e.call(t, "POST", "/competitions/penguins/team/invitations", "learner-3", competitions.InvitationRequest{UserID: learner}).Want(t, http.StatusCreated, nil)
	var received competitions.InvitationsView
	e.call(t, "GET", "/competitions/penguins/team/invitations", learner, nil).Want(t, http.StatusOK, &received)
	e.accept(t, "penguins", learner, received.Received[0].ID).WantProblem(t, http.StatusConflict, "team-full")
	if tm := e.team(t, other.Team.ID); len(tm.Members) != 1 {
		t.Fatalf("learner-3's team %+v", tm)
	}
}

func TestMergerDeadlineStopsTeamsWithSubmissions(t *testing.T) {
	e := newEnv(t)
	deadline := start.Add(12 * time.Hour)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit, in.MergerDeadline = 3, &deadline })
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.join(t, "penguins", "learner-3")
	e.submit(t, "penguins", learner2, predictions(9)).Want(t, http.StatusAccepted, nil)
	e.scoreAll(t)
	e.accept(t, "penguins", learner2, e.invite(t, "penguins", learner, learner2).ID).WantProblem(t, http.StatusConflict, "merger-deadline-passed")
	// A person alone and without submissions still joins.
	e.accept(t, "penguins", "learner-3", e.invite(t, "penguins", learner, "learner-3").ID).Want(t, http.StatusOK, nil)
}

func TestThirtySimultaneousAcceptsIntoOneFreePlace(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	e.join(t, "penguins", learner)
	invitations := make([]string, 30)
	users := make([]string, 30)
	for i := range users {
		users[i] = fmt.Sprintf("joiner-%02d", i)
		e.join(t, "penguins", users[i])
		invitations[i] = e.invite(t, "penguins", learner, users[i]).ID
	}
	rs := release(30, func(i int) testenv.Response { return e.accept(t, "penguins", users[i], invitations[i]) })
	if got := statuses(rs); got[http.StatusOK] != 1 || got[http.StatusConflict] != 29 {
		t.Fatalf("statuses %v", got)
	}
	for _, r := range rs {
		if r.Status == http.StatusConflict {
			r.WantProblem(t, http.StatusConflict, "team-full")
		}
	}
	entry := e.join2(t, "penguins", learner)
	if tm := e.team(t, entry.Team.ID); len(tm.Members) != 2 || tm.Lock != "" {
		t.Fatalf("team %+v", tm)
	}
	if n := e.count(t, "competition_entries", bson.M{"team_id": entry.Team.ID}); n != 2 {
		t.Fatalf("%d entries point at the team", n)
	}
}

func TestTwoTeamsMergingIntoEachOtherAtOnceMergeOnce(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 4 })
	e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	e.submit(t, "penguins", learner, predictions(6)).Want(t, http.StatusAccepted, nil)
	e.submit(t, "penguins", learner2, predictions(8)).Want(t, http.StatusAccepted, nil)
	toB := e.invite(t, "penguins", learner, learner2) // learner's team A invites learner-2
	toA := e.invite(t, "penguins", learner2, learner) // learner-2's team B invites learner
	e.accept(t, "penguins", learner2, toB.ID).WantProblem(t, http.StatusConflict, "scoring-in-progress")
	e.scoreAll(t)
	rs := release(2, func(i int) testenv.Response {
		if i == 0 {
			return e.accept(t, "penguins", learner2, toB.ID)
		}
		return e.accept(t, "penguins", learner, toA.ID)
	})
	if got := statuses(rs); got[http.StatusOK] != 1 || got[http.StatusConflict] != 1 {
		t.Fatalf("statuses %v: %s / %s", got, rs[0].Body, rs[1].Body)
	}
	a, b := e.join2(t, "penguins", learner), e.join2(t, "penguins", learner2)
	if a.Team.ID != b.Team.ID || len(a.Team.Members) != 2 || a.Team.SubmissionsTotal != 2 {
		t.Fatalf("teams after the merge: %+v / %+v", a.Team, b.Team)
	}
	var board competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", "", nil).Want(t, http.StatusOK, &board)
	if board.Total != 1 || board.Items[0].Score != 1 {
		t.Fatalf("board %+v", board)
	}
}

func TestAMergeThatStoppedHalfwayIsFinishedByAcceptingAgain(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TeamSizeLimit = 2 })
	a, b := e.join(t, "penguins", learner).Team, e.join(t, "penguins", learner2).Team
	inv := e.invite(t, "penguins", learner, learner2)
	// The first write of the merge happened, with both locks held, and the process stopped.
	ctx := context.Background()
	for _, id := range []string{a.ID, b.ID} {
		if _, _, err := e.store.UpdateTeam(ctx, id, nil, bson.M{"$set": bson.M{"lock": "stopped", "locked_at": e.clock.Now()}}); err != nil {
			t.Fatal(err)
		}
	}
	members := []competitions.Member{{UserID: learner, Name: "Person " + learner}, {UserID: learner2, Name: "Person " + learner2}}
	if _, _, err := e.store.UpdateTeam(ctx, a.ID, nil, bson.M{"$set": bson.M{"members": members, "absorbed": []string{b.ID}}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(e.clock.Now().Add(time.Minute)) // the locks are stale
	var merged competitions.TeamView
	e.accept(t, "penguins", learner2, inv.ID).Want(t, http.StatusOK, &merged)
	if merged.ID != a.ID || len(merged.Members) != 2 {
		t.Fatalf("merged team %+v", merged)
	}
	if tm := e.team(t, b.ID); tm.MergedInto != a.ID || len(tm.Members) != 0 || tm.Lock != "" {
		t.Fatalf("the absorbed team %+v", tm)
	}
	if entry := e.join2(t, "penguins", learner2); entry.Team.ID != a.ID {
		t.Fatalf("learner-2's entry is in %s", entry.Team.ID)
	}
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Teams != 1 {
		t.Fatalf("%d teams", c.Teams)
	}
}
