package competitions

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// SelectSubmissions records the submissions p's team chooses for the
// private board: up to the competition's final selections, scored, of the
// final phase, before the end. An empty list goes back to the default, the
// best public ones.
func (s *Service) SelectSubmissions(ctx context.Context, p auth.Principal, slug string, ids []string) (Selection, error) {
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return Selection{}, err
	}
	_, team, err := s.participant(ctx, p, c)
	if err != nil {
		return Selection{}, err
	}
	if st := c.Status(s.clock()); st != StatusRunning {
		return Selection{}, apperr.Conflictf("competition-not-running", "final submissions are chosen while the competition runs")
	}
	if ids == nil {
		return Selection{}, apperr.InvalidField("submission_ids", "is required: a list of your team's scored submissions (empty for the default)")
	}
	var v apperr.Validation
	v.Check(len(ids) <= c.FinalSelections, "submission_ids", "has %d submissions; at most %d may be chosen", len(ids), c.FinalSelections)
	final := c.FinalPhase()
	var chosen []Candidate
	for i, id := range ids {
		field := fmt.Sprintf("submission_ids[%d]", i)
		if slices.Contains(ids[:i], id) {
			v.Add(field, "is chosen twice")
			continue
		}
		sub, err := s.store.Submission(ctx, id)
		switch {
		case apperr.Is(err, apperr.NotFound) || (err == nil && (sub.CompetitionID != c.ID || !team.owns(sub.TeamID))):
			v.Add(field, "is not a submission of your team")
		case err != nil:
			return Selection{}, err
		case sub.PhaseID != final.ID:
			v.Add(field, "was made for phase %q; the private board is the final phase's (%q)", sub.PhaseID, final.ID)
		case sub.Status != SubmissionScored:
			v.Add(field, "is %s; only scored submissions may be chosen", sub.Status)
		default:
			chosen = append(chosen, candidate(sub))
		}
	}
	if err := v.Err(); err != nil {
		return Selection{}, err
	}
	updated, _, err := s.store.UpdateTeam(ctx, team.ID, nil, bson.M{"$set": bson.M{"selected": ids}, "$inc": bson.M{"selection_rev": 1}})
	if err != nil {
		return Selection{}, err
	}
	err = s.editBoard(ctx, boardID(c.ID, final.ID), func(b *Board) error {
		// A team whose first score is not on the board yet is added with no
		// score, which ranks it nowhere until the score arrives.
		i := slices.IndexFunc(b.Teams, func(bt BoardTeam) bool { return bt.TeamID == team.ID })
		if i < 0 {
			b.Teams = append(b.Teams, BoardTeam{TeamID: team.ID, Name: team.Name})
			i = len(b.Teams) - 1
		}
		// Of selections racing, the board keeps the one the team kept.
		if b.Teams[i].SelectionRev >= updated.SelectionRev {
			return errBoardUnchanged
		}
		b.Teams[i].Selected, b.Teams[i].SelectionRev = chosen, updated.SelectionRev
		return nil
	})
	return Selection{SubmissionIDs: ids}, err
}

// teamsOf returns, by the team id each of list's submissions was made
// under, the team it counts for now: the team itself, or the team it was
// merged into.
func (s *Service) teamsOf(ctx context.Context, list []Submission) (map[string]Team, error) {
	teams := map[string]Team{}
	for _, sub := range list {
		if _, seen := teams[sub.TeamID]; sub.Baseline || seen {
			continue
		}
		t, err := s.store.Team(ctx, sub.TeamID)
		for range 8 {
			if err != nil || t.MergedInto == "" {
				break
			}
			t, err = s.store.Team(ctx, t.MergedInto)
		}
		if err != nil {
			return nil, err
		}
		teams[sub.TeamID] = t
	}
	return teams, nil
}
