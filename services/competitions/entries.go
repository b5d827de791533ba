package competitions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// entryID is the id of a person's entry in a competition.
func entryID(competitionID, userID string) string { return competitionID + ":" + userID }

// soloTeamID is the id of the team a person forms on joining: derived, so
// that simultaneous joins make one team, and opaque, as team ids are public.
func soloTeamID(competitionID, userID string) string {
	sum := sha256.Sum256([]byte(competitionID + "\x00" + userID))
	return "t" + hex.EncodeToString(sum[:12])
}

// utcDay names the UTC day of t, as quotas count them.
func utcDay(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// nextUTCMidnight is when the daily quota of t's day resets.
func nextUTCMidnight(t time.Time) time.Time {
	return t.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

// Join records that p accepted the rules, once, with a team of one, and
// reports whether this call did.
func (s *Service) Join(ctx context.Context, p auth.Principal, slug string, acceptRules bool) (EntryView, bool, error) {
	if !p.Authenticated() {
		return EntryView{}, false, apperr.Unauthorizedf("sign in to join a competition")
	}
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return EntryView{}, false, err
	}
	if c.State == StateDraft {
		return EntryView{}, false, apperr.NotFoundf("no such competition")
	}
	if e, err := s.store.Entry(ctx, entryID(c.ID, p.UserID)); err == nil {
		v, err := s.entryView(ctx, c, e)
		return v, false, err
	} else if !apperr.Is(err, apperr.NotFound) {
		return EntryView{}, false, err
	}
	if !acceptRules {
		return EntryView{}, false, apperr.New(apperr.Unprocessable, "rules-not-accepted", "accept the competition's rules to join it (accept_rules: true)")
	}
	now := s.clock()
	if st := c.Status(now); st == StatusFinalising || st == StatusFinished || (c.EntryDeadline != nil && now.After(*c.EntryDeadline)) {
		return EntryView{}, false, apperr.Conflictf("entry-closed", "the competition no longer takes new entries")
	}
	if err := s.checkEligible(ctx, p, c); err != nil {
		return EntryView{}, false, err
	}
	name, _, err := s.orgs.Contact(ctx, p.UserID)
	if err != nil {
		return EntryView{}, false, fmt.Errorf("read the name of %s: %w", p.UserID, err)
	}
	team := Team{ID: soloTeamID(c.ID, p.UserID), CompetitionID: c.ID, Name: name, Members: []Member{{UserID: p.UserID, Name: name}},
		Day: utcDay(now), CreatedAt: now}
	if err := s.store.InsertTeam(ctx, team); err != nil {
		return EntryView{}, false, err
	}
	e := Entry{ID: entryID(c.ID, p.UserID), CompetitionID: c.ID, UserID: p.UserID, TeamID: team.ID, AcceptedRulesAt: now}
	created, err := s.store.InsertEntry(ctx, e)
	if err != nil {
		return EntryView{}, false, err
	}
	if created {
		if _, _, err := s.store.UpdateCompetition(ctx, c.ID, nil, bson.M{"$inc": bson.M{"teams": 1}}); err != nil {
			return EntryView{}, false, err
		}
	} else if e, err = s.store.Entry(ctx, e.ID); err != nil {
		return EntryView{}, false, err
	}
	v, err := s.entryView(ctx, c, e)
	return v, created, err
}

// checkEligible lets through anyone to an open competition, and only the
// hosting organisation's members to one restricted to them.
func (s *Service) checkEligible(ctx context.Context, p auth.Principal, c Competition) error {
	if c.Eligibility != EligibilityOrgMembers || c.Host.Kind != HostOrg {
		return nil
	}
	ms, err := s.orgs.OrgsOf(ctx, p.UserID)
	if err != nil {
		return fmt.Errorf("read the organisations of %s: %w", p.UserID, err)
	}
	for _, m := range ms {
		if m.OrgID == c.Host.OrgID {
			return nil
		}
	}
	return apperr.New(apperr.Forbidden, "not-eligible", "only members of %s may join this competition", c.Host.Name)
}

// entryOf returns p's entry in the competition, or a not-joined error.
func (s *Service) entryOf(ctx context.Context, p auth.Principal, c Competition) (Entry, error) {
	e, err := s.store.Entry(ctx, entryID(c.ID, p.UserID))
	if apperr.Is(err, apperr.NotFound) {
		return e, apperr.New(apperr.NotFound, "not-joined", "you have not joined this competition")
	}
	return e, err
}

// participant returns p's entry and team, or an error saying to accept the rules first.
func (s *Service) participant(ctx context.Context, p auth.Principal, c Competition) (Entry, Team, error) {
	if !p.Authenticated() {
		return Entry{}, Team{}, apperr.Unauthorizedf("sign in to take part")
	}
	e, err := s.entryOf(ctx, p, c)
	if apperr.Is(err, apperr.NotFound) {
		return e, Team{}, apperr.New(apperr.Forbidden, "rules-not-accepted", "join the competition and accept its rules first")
	}
	if err != nil {
		return e, Team{}, err
	}
	t, err := s.store.Team(ctx, e.TeamID)
	return e, t, err
}

// MyEntry returns p's entry in the competition.
func (s *Service) MyEntry(ctx context.Context, p auth.Principal, slug string) (EntryView, error) {
	if !p.Authenticated() {
		return EntryView{}, apperr.Unauthorizedf("sign in to see your entry")
	}
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return EntryView{}, err
	}
	e, err := s.entryOf(ctx, p, c)
	if err != nil {
		return EntryView{}, err
	}
	return s.entryView(ctx, c, e)
}

// RenameTeam renames p's team.
func (s *Service) RenameTeam(ctx context.Context, p auth.Principal, slug, name string) (TeamView, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return TeamView{}, err
	}
	_, t, err := s.participant(ctx, p, c)
	if err != nil {
		return TeamView{}, err
	}
	var v apperr.Validation
	checkText(&v, "name", name, 1, 60)
	if err := v.Err(); err != nil {
		return TeamView{}, err
	}
	t, _, err = s.store.UpdateTeam(ctx, t.ID, nil, bson.M{"$set": bson.M{"name": name}})
	if err != nil {
		return TeamView{}, err
	}
	return s.teamView(c, t), nil
}

func (s *Service) entryView(ctx context.Context, c Competition, e Entry) (EntryView, error) {
	t, err := s.store.Team(ctx, e.TeamID)
	if err != nil {
		return EntryView{}, err
	}
	return EntryView{CompetitionID: c.ID, AcceptedRulesAt: e.AcceptedRulesAt, Team: s.teamView(c, t)}, nil
}

// dailyLimit is the daily submission limit of a phase.
func dailyLimit(c Competition, ph Phase) int {
	if ph.DailyLimit > 0 {
		return ph.DailyLimit
	}
	return c.DailyLimit
}

func (s *Service) teamView(c Competition, t Team) TeamView {
	now := s.clock()
	today := t.Today
	if t.Day != utcDay(now) {
		today = 0
	}
	limit := c.DailyLimit
	if ph, ok := currentPhase(c, now); ok {
		limit = dailyLimit(c, ph)
	}
	return TeamView{ID: t.ID, Name: t.Name, Members: t.Members, SubmissionsToday: today, DailyLimit: limit,
		SubmissionsTotal: t.Total, TotalLimit: c.TotalLimit, ResetsAt: nextUTCMidnight(now)}
}

// currentPhase is the phase running at now.
func currentPhase(c Competition, now time.Time) (Phase, bool) {
	for _, ph := range c.Phases {
		if !now.Before(ph.StartAt) && now.Before(ph.EndAt) {
			return ph, true
		}
	}
	return Phase{}, false
}
