package competitions

import (
	"cmp"
	"context"
	"slices"
	"time"

	"academy/services/kit/apperr"
)

// JoinedCompetition is a competition a person entered, as their home page shows it.
type JoinedCompetition struct {
	Slug           string     `json:"slug"`
	Title          string     `json:"title"`
	Status         string     `json:"status"`
	StartAt        time.Time  `json:"start_at"`
	EndAt          time.Time  `json:"end_at"`
	EntryDeadline  *time.Time `json:"entry_deadline,omitempty"`
	MergerDeadline *time.Time `json:"merger_deadline,omitempty"`
	TeamName       string     `json:"team_name"`
	// Rank and Score are the team's place and best score on the public
	// leaderboard of the phase running (or the last one), absent before the
	// team's first scored submission; Ranked counts the teams on that board.
	Rank   *int     `json:"rank,omitempty"`
	Score  *float64 `json:"score,omitempty"`
	Ranked int      `json:"ranked"`
}

// Joined returns the competitions a person entered, those ending soonest
// first and finished ones last. It reads by _id only: the person's list of
// entries, then each entry, its competition, team and (cached) leaderboard.
func (s *Service) Joined(ctx context.Context, userID string) ([]JoinedCompetition, error) {
	ids, err := s.store.EntryIDs(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := []JoinedCompetition{}
	for _, id := range ids {
		e, err := s.store.Entry(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		c, err := s.store.Competition(ctx, e.CompetitionID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := s.currentTeam(ctx, e)
		if err != nil {
			return nil, err
		}
		j := JoinedCompetition{Slug: c.Slug, Title: c.Title, Status: c.Status(now), StartAt: c.StartAt, EndAt: c.EndAt,
			EntryDeadline: c.EntryDeadline, MergerDeadline: c.MergerDeadline, TeamName: t.Name}
		ph := c.FinalPhase()
		if cur, ok := currentPhase(c, now); ok {
			ph = cur
		}
		head, _, mine, err := s.rankedRows(ctx, c.ID, ph.ID, BoardPublic, 0, 0, t.ID)
		if err != nil {
			return nil, err
		}
		j.Ranked = head.Count
		if mine != nil {
			j.Rank, j.Score = &mine.Rank, &mine.Score
		}
		out = append(out, j)
	}
	slices.SortStableFunc(out, func(a, b JoinedCompetition) int {
		aDone, bDone := a.Status == StatusFinished, b.Status == StatusFinished
		if aDone != bDone {
			if aDone {
				return 1
			}
			return -1
		}
		if aDone {
			return cmp.Or(b.EndAt.Compare(a.EndAt), cmp.Compare(a.Slug, b.Slug))
		}
		return cmp.Or(a.EndAt.Compare(b.EndAt), cmp.Compare(a.Slug, b.Slug))
	})
	return out, nil
}
