package talent

import (
	"context"
	"slices"

	"academy/services/kit/apperr"
	"academy/services/talent/matching"
)

// Recomputed is what a full recompute did.
type Recomputed struct {
	// Openings and Candidates are the open openings and the people in the
	// pool scored against each other.
	Openings, Candidates int
	// Matches are the pairs above the floor, stored and ranked.
	Matches int
}

// Pairs is how many candidate-opening pairs were scored.
func (r Recomputed) Pairs() int { return r.Openings * r.Candidates }

// candidateRanks is a candidate's ranking waiting for its matches to be stored.
type candidateRanks struct {
	userID  string
	entries []Ranked
}

// RecomputeAll matches every open opening against every person in the pool
// from scratch and rewrites the read models to agree, for when the formula
// or the data changed wholesale. Each person's profile and credentials are
// read once and scored against every opening in memory; matches are stored
// in bulk, each person's ranking once after them (read once, to learn the
// matches they lost), each opening's ranking once at the end; matches no
// longer found are deleted last, once no ranking lists them. The talent
// index is left as it is.
func (s *Service) RecomputeAll(ctx context.Context) (Recomputed, error) {
	var r Recomputed
	openIDs, err := s.store.List(ctx, openList)
	if err != nil {
		return r, err
	}
	var openings []Opening
	var reqs []matching.Opening
	// rewrite are the openings whose rankings are written at the end: the
	// open ones, and any other a candidate was ranked for.
	rewrite := map[string]bool{}
	for _, id := range openIDs {
		o, err := s.store.Opening(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return r, err
		}
		if o.Status != OpeningOpen {
			continue
		}
		openings = append(openings, o)
		reqs = append(reqs, openingOf(o))
		rewrite[o.ID] = true
	}
	r.Openings = len(openings)
	byOpening := make(map[string][]Ranked, len(openings))
	var gone []string
	batch := make([]StoredMatch, 0, matchBatch)
	var waiting []candidateRanks
	flush := func() error {
		if err := s.store.PutMatches(ctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		for _, c := range waiting {
			// The openings the candidate was ranked for and no longer is,
			// from the ranking as written over (change may run again).
			var dropped []string
			err := s.store.ChangeRanking(ctx, candidateRanking(c.userID), func(prev []Ranked) []Ranked {
				dropped = dropped[:0]
				for _, x := range prev {
					if !slices.ContainsFunc(c.entries, func(y Ranked) bool { return y.ID == x.ID }) {
						dropped = append(dropped, x.ID)
					}
				}
				return c.entries
			})
			if err != nil {
				return err
			}
			for _, id := range dropped {
				gone = append(gone, matchID(id, c.userID))
				rewrite[id] = true
			}
		}
		waiting = waiting[:0]
		return nil
	}
	pool, err := s.store.List(ctx, poolList)
	if err != nil {
		return r, err
	}
	for _, userID := range pool {
		p, err := s.store.Profile(ctx, userID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return r, err
		}
		if !p.InPool {
			if err := s.removeCandidate(ctx, userID); err != nil {
				return r, err
			}
			continue
		}
		cand, _, err := s.candidateOf(ctx, p)
		if err != nil {
			return r, err
		}
		var mine []Ranked
		for i, o := range openings {
			if !matching.Eligible(reqs[i], cand, s.hierarchy) {
				continue
			}
			m := matching.Score(reqs[i], cand, s.hierarchy)
			if !m.Eligible {
				continue
			}
			mine = append(mine, Ranked{ID: o.ID, Score: m.Score})
			byOpening[o.ID] = append(byOpening[o.ID], Ranked{ID: userID, Score: m.Score})
			batch = append(batch, s.stored(o.ID, userID, m))
		}
		r.Candidates++
		r.Matches += len(mine)
		waiting = append(waiting, candidateRanks{userID: userID, entries: mine})
		if len(batch) >= matchBatch {
			if err := flush(); err != nil {
				return r, err
			}
		}
	}
	if err := flush(); err != nil {
		return r, err
	}
	for id := range rewrite {
		if err := s.store.ChangeRanking(ctx, openingRanking(id), func([]Ranked) []Ranked { return byOpening[id] }); err != nil {
			return r, err
		}
	}
	for from := 0; from < len(gone); from += matchBatch {
		if err := s.store.DeleteMatches(ctx, gone[from:min(from+matchBatch, len(gone))]); err != nil {
			return r, err
		}
	}
	return r, nil
}
