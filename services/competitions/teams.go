package competitions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Invitation statuses.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationDeclined = "declined"
)

// Invitation asks a participant to join a team; its id derives from the
// team and the invitee, so inviting twice is one invitation.
type Invitation struct {
	ID            string     `bson:"_id" json:"id"`
	CompetitionID string     `bson:"competition_id" json:"-"`
	TeamID        string     `bson:"team_id" json:"team_id"`
	TeamName      string     `bson:"team_name" json:"team_name"`
	InviteeID     string     `bson:"invitee_id" json:"invitee_id"`
	InviteeName   string     `bson:"invitee_name" json:"invitee_name"`
	InvitedBy     string     `bson:"invited_by" json:"invited_by"`
	Status        string     `bson:"status" json:"status"`
	CreatedAt     time.Time  `bson:"created_at" json:"created_at"`
	DecidedAt     *time.Time `bson:"decided_at,omitempty" json:"decided_at,omitempty"`
}

func invitationID(teamID, userID string) string {
	sum := sha256.Sum256([]byte(teamID + "\x00" + userID))
	return "i" + hex.EncodeToString(sum[:12])
}

// Timing of the locks a membership change holds on its teams.
const (
	lockTTL   = 30 * time.Second
	lockTries = 60
)

// currentTeam returns the team of an entry's person, following the merges
// and departures that were written before the entry was, and repairs the entry.
func (s *Service) currentTeam(ctx context.Context, e Entry) (Team, error) {
	id := e.TeamID
	for range 8 {
		t, err := s.store.Team(ctx, id)
		if err != nil {
			return t, err
		}
		if t.has(e.UserID) {
			if t.ID != e.TeamID {
				err = s.store.SetEntryTeam(ctx, e.ID, t.ID)
			}
			return t, err
		}
		switch {
		case t.Left[e.UserID] != "":
			id = t.Left[e.UserID]
		case t.MergedInto != "":
			id = t.MergedInto
		default:
			return t, fmt.Errorf("entry %s: %s is not in team %s", e.ID, e.UserID, t.ID)
		}
	}
	return Team{}, fmt.Errorf("entry %s: too many team changes to follow", e.ID)
}

// lockTeams takes the membership lock of each team, in id order so that
// two changes over the same teams never hold one each; it waits a little
// for a lock held by another change and takes over one held too long.
// The returned function gives the locks back.
func (s *Service) lockTeams(ctx context.Context, op string, ids ...string) (func(), error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	var held []string
	unlock := func() {
		for _, id := range held {
			_, _, _ = s.store.UpdateTeam(context.WithoutCancel(ctx), id, bson.M{"lock": op}, bson.M{"$unset": bson.M{"lock": "", "locked_at": ""}})
		}
	}
	for _, id := range ids {
		ok, err := s.lockTeam(ctx, op, id)
		if err != nil || !ok {
			unlock()
			if err == nil {
				err = apperr.Conflictf("team-busy", "the team is changing; try again")
			}
			return nil, err
		}
		held = append(held, id)
	}
	return unlock, nil
}

func (s *Service) lockTeam(ctx context.Context, op, id string) (bool, error) {
	for i := range lockTries {
		now := s.clock()
		_, ok, err := s.store.UpdateTeam(ctx, id, bson.M{"lock": nil}, bson.M{"$set": bson.M{"lock": op, "locked_at": now}})
		if err != nil || ok {
			return ok, err
		}
		t, err := s.store.Team(ctx, id)
		if err != nil {
			return false, err
		}
		if t.Lock == op {
			return true, nil
		}
		if t.Lock != "" && now.Sub(t.LockedAt) > lockTTL {
			// Left by a change that stopped halfway.
			if _, ok, err = s.store.UpdateTeam(ctx, id, bson.M{"lock": t.Lock}, bson.M{"$set": bson.M{"lock": op, "locked_at": now}}); err != nil || ok {
				return ok, err
			}
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(time.Duration(min(i+1, 10)) * 5 * time.Millisecond):
		}
	}
	return false, nil
}

// teamsOpen refuses team changes once the competition has ended.
func teamsOpen(c Competition, now time.Time) error {
	if st := c.Status(now); st != StatusRunning && st != StatusUpcoming {
		return apperr.Conflictf("teams-closed", "teams can no longer change in this competition")
	}
	return nil
}

// Invite invites a participant of the same competition, named by user id
// or email address, to p's team.
func (s *Service) Invite(ctx context.Context, p auth.Principal, slug string, req InvitationRequest) (Invitation, bool, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return Invitation{}, false, err
	}
	_, team, err := s.participant(ctx, p, c)
	if err != nil {
		return Invitation{}, false, err
	}
	if err := s.orgs.RequireVerifiedEmail(ctx, p.UserID); err != nil {
		return Invitation{}, false, err
	}
	now := s.clock()
	if err := teamsOpen(c, now); err != nil {
		return Invitation{}, false, err
	}
	if team.Disqualified {
		return Invitation{}, false, apperr.New(apperr.Forbidden, "team-disqualified", "your team was disqualified from this competition")
	}
	inviteeID, field, err := s.invitee(ctx, req)
	if err != nil {
		return Invitation{}, false, err
	}
	if inviteeID == p.UserID {
		return Invitation{}, false, apperr.InvalidField(field, "must name another participant of the competition")
	}
	e, err := s.store.Entry(ctx, entryID(c.ID, inviteeID))
	if apperr.Is(err, apperr.NotFound) {
		return Invitation{}, false, apperr.InvalidField(field, "has not joined this competition")
	}
	if err != nil {
		return Invitation{}, false, err
	}
	if team.has(inviteeID) {
		return Invitation{}, false, apperr.Conflictf("already-in-team", "this person is in your team already")
	}
	if len(team.Members) >= c.TeamSizeLimit {
		return Invitation{}, false, apperr.Conflictf("team-full", "your team has its %d members", c.TeamSizeLimit)
	}
	name, _, err := s.orgs.Contact(ctx, e.UserID)
	if err != nil {
		return Invitation{}, false, fmt.Errorf("read the name of %s: %w", e.UserID, err)
	}
	inv := Invitation{ID: invitationID(team.ID, inviteeID), CompetitionID: c.ID, TeamID: team.ID, TeamName: team.Name, InviteeID: inviteeID,
		InviteeName: name, InvitedBy: p.UserID, Status: InvitationPending, CreatedAt: now}
	created, err := s.store.InsertInvitation(ctx, inv)
	if err != nil {
		return inv, false, err
	}
	// Listed after it is written, and again by every repeated invitation,
	// which completes a listing that stopped halfway.
	if err := s.store.ListInvitation(ctx, inv); err != nil || created {
		return inv, created, err
	}
	// Invited before: a decided invitation is asked again.
	inv, _, err = s.store.UpdateInvitation(ctx, inv.ID, bson.M{"status": bson.M{"$ne": InvitationPending}},
		bson.M{"$set": bson.M{"status": InvitationPending, "team_name": team.Name, "invited_by": p.UserID, "created_at": now}, "$unset": bson.M{"decided_at": ""}})
	if err != nil {
		return inv, false, err
	}
	if inv.ID == "" {
		inv, err = s.store.Invitation(ctx, invitationID(team.ID, inviteeID))
	}
	return inv, false, err
}

// invitee returns the user an invitation names and the field that names
// them. An address with no account gets the answer of one whose person has
// not joined, so that invitations tell no one which addresses have accounts.
func (s *Service) invitee(ctx context.Context, req InvitationRequest) (string, string, error) {
	switch {
	case req.UserID != "" && req.Email != "":
		return "", "", apperr.InvalidField("email", "give the invitee's user_id or email, not both")
	case req.UserID != "":
		return req.UserID, "user_id", nil
	case req.Email == "":
		return "", "", apperr.InvalidField("user_id", "is required: name the participant to invite by user_id or email")
	}
	id, err := s.orgs.UserIDByEmail(ctx, req.Email)
	if apperr.Is(err, apperr.NotFound) {
		return "", "email", apperr.InvalidField("email", "has not joined this competition")
	}
	if err != nil {
		return "", "email", fmt.Errorf("find the invitee's account: %w", err)
	}
	return id, "email", nil
}

// Invitations lists the invitations p's team sent and those p received.
func (s *Service) Invitations(ctx context.Context, p auth.Principal, slug string) (InvitationsView, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return InvitationsView{}, err
	}
	e, team, err := s.participant(ctx, p, c)
	if err != nil {
		return InvitationsView{}, err
	}
	// Read by id from the team's and the entry's lists: no scan of every
	// team's invitations.
	teams := []Team{team}
	for _, id := range team.Absorbed {
		t, err := s.store.Team(ctx, id)
		if err != nil {
			return InvitationsView{}, err
		}
		teams = append(teams, t)
	}
	var sent, received []string
	for _, t := range teams {
		for _, invitee := range t.Invited {
			sent = append(sent, invitationID(t.ID, invitee))
		}
	}
	for _, teamID := range e.InvitedBy {
		received = append(received, invitationID(teamID, p.UserID))
	}
	v := InvitationsView{}
	if v.Sent, err = s.store.InvitationsByID(ctx, sent); err != nil {
		return v, err
	}
	if v.Received, err = s.store.InvitationsByID(ctx, received); err != nil {
		return v, err
	}
	v.Sent, v.Received = v.Sent[:min(len(v.Sent), maxPageSize)], v.Received[:min(len(v.Received), maxPageSize)]
	return v, nil
}

// invitationFor returns a pending invitation addressed to p.
func (s *Service) invitationFor(ctx context.Context, p auth.Principal, c Competition, id string) (Invitation, error) {
	inv, err := s.store.Invitation(ctx, id)
	if err != nil || inv.CompetitionID != c.ID || inv.InviteeID != p.UserID {
		return inv, apperr.NotFoundf("no such invitation")
	}
	if inv.Status != InvitationPending {
		return inv, apperr.Conflictf("invitation-decided", "this invitation was %s already", inv.Status)
	}
	return inv, nil
}

// DeclineInvitation declines an invitation addressed to p.
func (s *Service) DeclineInvitation(ctx context.Context, p auth.Principal, slug, id string) (Invitation, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return Invitation{}, err
	}
	if _, _, err := s.participant(ctx, p, c); err != nil {
		return Invitation{}, err
	}
	if _, err := s.invitationFor(ctx, p, c, id); err != nil {
		return Invitation{}, err
	}
	inv, ok, err := s.store.UpdateInvitation(ctx, id, bson.M{"status": InvitationPending},
		bson.M{"$set": bson.M{"status": InvitationDeclined, "decided_at": s.clock()}})
	if err == nil && !ok {
		err = apperr.Conflictf("invitation-decided", "this invitation was decided meanwhile")
	}
	return inv, err
}

// AcceptInvitation moves p, with the team p is in, into the inviting team:
// a person alone in a team that never submitted joins it; a team that
// submitted merges into it, before the merger deadline only and only if
// the merged team's submissions fit the daily limit times the days
// elapsed, and the total limit.
func (s *Service) AcceptInvitation(ctx context.Context, p auth.Principal, slug, id string) (TeamView, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return TeamView{}, err
	}
	e, _, err := s.participant(ctx, p, c)
	if err != nil {
		return TeamView{}, err
	}
	if err := s.orgs.RequireVerifiedEmail(ctx, p.UserID); err != nil {
		return TeamView{}, err
	}
	inv, err := s.invitationFor(ctx, p, c, id)
	if err != nil {
		return TeamView{}, err
	}
	inviting, err := s.store.Team(ctx, inv.TeamID)
	if err != nil {
		return TeamView{}, err
	}
	if inviting.MergedInto != "" {
		return TeamView{}, apperr.Conflictf("team-merged", "the inviting team merged into another; ask its members for a new invitation")
	}
	op := newID()
	unlock, err := s.lockTeams(ctx, op, inviting.ID, e.TeamID)
	if err != nil {
		return TeamView{}, err
	}
	defer unlock()
	// Read again under the locks: membership changes only under them.
	into, err := s.store.Team(ctx, inviting.ID)
	if err != nil {
		return TeamView{}, err
	}
	from, err := s.store.Team(ctx, e.TeamID)
	if err != nil {
		return TeamView{}, err
	}
	// A merge that stopped after its first write is finished, unchecked.
	if !slices.Contains(into.Absorbed, from.ID) {
		if err := s.checkMerge(ctx, c, into, from, p.UserID); err != nil {
			return TeamView{}, err
		}
	}
	merged, err := s.absorb(ctx, c, into, from, op)
	if err != nil {
		return TeamView{}, err
	}
	if _, _, err := s.store.UpdateInvitation(ctx, inv.ID, bson.M{"status": InvitationPending},
		bson.M{"$set": bson.M{"status": InvitationAccepted, "decided_at": s.clock()}}); err != nil {
		return TeamView{}, err
	}
	return s.teamView(c, merged), nil
}

// checkMerge applies the rules of moving from's members into into.
func (s *Service) checkMerge(ctx context.Context, c Competition, into, from Team, userID string) error {
	now := s.clock()
	if err := teamsOpen(c, now); err != nil {
		return err
	}
	switch {
	case into.MergedInto != "":
		return apperr.Conflictf("team-merged", "the inviting team merged into another; ask its members for a new invitation")
	case into.ID == from.ID || into.has(userID):
		return apperr.Conflictf("already-in-team", "you are in this team already")
	case !from.has(userID):
		return apperr.Conflictf("team-busy", "your team changed meanwhile; try again")
	case into.Disqualified || from.Disqualified:
		return apperr.New(apperr.Forbidden, "team-disqualified", "a disqualified team cannot merge")
	case len(into.Members)+len(from.Members) > c.TeamSizeLimit:
		return apperr.Conflictf("team-full", "together the teams would have %d members; the limit is %d", len(into.Members)+len(from.Members), c.TeamSizeLimit)
	}
	if from.Total == 0 && !from.Submitted {
		return nil
	}
	if c.MergerDeadline != nil && now.After(*c.MergerDeadline) {
		return apperr.Conflictf("merger-deadline-passed", "teams with submissions could merge until %s", c.MergerDeadline.Format(time.RFC3339))
	}
	total := into.Total + from.Total
	daily := c.DailyLimit
	if ph, ok := currentPhase(c, now); ok {
		daily = dailyLimit(c, ph)
	}
	days := int(now.Truncate(24*time.Hour).Sub(c.StartAt.UTC().Truncate(24*time.Hour))/(24*time.Hour)) + 1
	if allowed := daily * max(1, days); total > allowed {
		return apperr.Conflictf("merge-over-quota", "the merged team would have %d submissions; after %d days of %d it may have %d", total, days, daily, allowed)
	}
	if c.TotalLimit > 0 && total > c.TotalLimit {
		return apperr.Conflictf("merge-over-quota", "the merged team would have %d submissions; the competition allows %d", total, c.TotalLimit)
	}
	set, err := s.store.Unfinished(ctx)
	if err != nil {
		return err
	}
	for _, pend := range set {
		if pend.TeamID == into.ID || pend.TeamID == from.ID {
			return apperr.Conflictf("scoring-in-progress", "a submission of the teams is being scored; accept again in a minute")
		}
	}
	return nil
}

// absorb moves from's members, quota and submissions into into, both
// locked by op: into first, so that a change stopped halfway leaves the
// members in both teams rather than in none; then from empties and points
// at into; then the entries and the boards follow.
func (s *Service) absorb(ctx context.Context, c Competition, into, from Team, op string) (Team, error) {
	now := s.clock()
	today := utcDay(now)
	count := func(t Team) int {
		if t.Day == today {
			return t.Today
		}
		return 0
	}
	// The counters take $inc: a submission may reserve a slot meanwhile.
	set := bson.M{"members": append(slices.Clone(into.Members), from.Members...), "absorbed": append(append(slices.Clone(into.Absorbed), from.ID), from.Absorbed...),
		"submitted": into.Submitted || from.Submitted}
	inc := bson.M{"total": from.Total, "rev": 1}
	if into.Day == today {
		inc["today"] = count(from)
	} else {
		set["day"], set["today"] = today, count(from)
	}
	merged := into
	if !slices.Contains(into.Absorbed, from.ID) {
		updated, ok, err := s.store.UpdateTeam(ctx, into.ID, bson.M{"lock": op}, bson.M{"$set": set, "$inc": inc})
		if err != nil {
			return merged, err
		}
		if !ok {
			return merged, apperr.Conflictf("team-busy", "the team is changing; try again")
		}
		merged = updated
	}
	_, emptied, err := s.store.UpdateTeam(ctx, from.ID, bson.M{"lock": op, "merged_into": nil},
		bson.M{"$set": bson.M{"members": []Member{}, "merged_into": into.ID, "selected": []string{}}, "$inc": bson.M{"rev": 1}})
	if err != nil {
		return merged, err
	}
	for _, m := range from.Members {
		if err := s.store.SetEntryTeam(ctx, entryID(c.ID, m.UserID), into.ID); err != nil {
			return merged, err
		}
	}
	if emptied {
		if _, _, err := s.store.UpdateCompetition(ctx, c.ID, nil, bson.M{"$inc": bson.M{"teams": -1}}); err != nil {
			return merged, err
		}
	}
	return merged, s.mergeOnBoards(ctx, c, merged, from.ID)
}

// LeaveTeam takes p out of a team that never submitted, into a team of one.
func (s *Service) LeaveTeam(ctx context.Context, p auth.Principal, slug string) (TeamView, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return TeamView{}, err
	}
	e, team, err := s.participant(ctx, p, c)
	if err != nil {
		return TeamView{}, err
	}
	now := s.clock()
	if err := teamsOpen(c, now); err != nil {
		return TeamView{}, err
	}
	op := newID()
	unlock, err := s.lockTeams(ctx, op, team.ID)
	if err != nil {
		return TeamView{}, err
	}
	defer unlock()
	if team, err = s.store.Team(ctx, team.ID); err != nil {
		return TeamView{}, err
	}
	switch {
	case !team.has(p.UserID):
		return TeamView{}, apperr.Conflictf("team-busy", "your team changed meanwhile; try again")
	case len(team.Members) == 1:
		return TeamView{}, apperr.Conflictf("alone-in-team", "you are the only member of your team")
	case team.Submitted:
		return TeamView{}, apperr.Conflictf("team-has-submissions", "your team has submitted: its members stay together until the end")
	}
	name, _, err := s.orgs.Contact(ctx, p.UserID)
	if err != nil {
		return TeamView{}, fmt.Errorf("read the name of %s: %w", p.UserID, err)
	}
	solo := Team{ID: "t" + strings.ToLower(op), CompetitionID: c.ID, Name: name, Members: []Member{{UserID: p.UserID, Name: name}}, Day: utcDay(now), CreatedAt: now}
	if err := s.store.InsertTeam(ctx, solo); err != nil {
		return TeamView{}, err
	}
	rest := slices.DeleteFunc(slices.Clone(team.Members), func(m Member) bool { return m.UserID == p.UserID })
	_, ok, err := s.store.UpdateTeam(ctx, team.ID, bson.M{"lock": op, "submitted": bson.M{"$ne": true}},
		bson.M{"$set": bson.M{"members": rest, "left." + p.UserID: solo.ID}, "$inc": bson.M{"rev": 1}})
	if err == nil && !ok {
		err = apperr.Conflictf("team-has-submissions", "your team has submitted: its members stay together until the end")
	}
	if err != nil {
		_ = s.store.DeleteTeam(context.WithoutCancel(ctx), solo.ID)
		return TeamView{}, err
	}
	if err := s.store.SetEntryTeam(ctx, e.ID, solo.ID); err != nil {
		return TeamView{}, err
	}
	if _, _, err := s.store.UpdateCompetition(ctx, c.ID, nil, bson.M{"$inc": bson.M{"teams": 1}}); err != nil {
		return TeamView{}, err
	}
	return s.teamView(c, solo), nil
}
