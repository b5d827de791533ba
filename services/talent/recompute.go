package talent

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

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

// recomputeBatch are matches of a full recompute to store, and the
// rankings of their candidates to write after them.
type recomputeBatch struct {
	matches []StoredMatch
	// listed are the matches the candidates' rankings listed before.
	listed  map[string]bool
	waiting []candidateRanks
}

// writeRecomputed stores a batch of a full recompute: the matches, then
// each candidate's ranking, those none was read for created in one write.
// It adds to gone the matches the rankings no longer list, and their
// openings to rewrite.
func (s *Service) writeRecomputed(ctx context.Context, snap poolSnapshot, b recomputeBatch, gone *[]string, rewrite map[string]bool) error {
	if err := s.store.PutMatches(ctx, b.matches, func(m StoredMatch) bool { return b.listed[m.ID] }); err != nil {
		return err
	}
	fresh := map[string][]Ranked{}
	of := map[string]candidateRanks{}
	for _, c := range b.waiting {
		id := candidateRanking(c.userID)
		if _, read := snap.rankings[id]; !read {
			if len(c.entries) > 0 {
				fresh[id], of[id] = c.entries, c
			}
			continue
		}
		if err := s.rankRecomputed(ctx, c, snap.ranking(id), gone, rewrite); err != nil {
			return err
		}
	}
	taken, err := s.store.createRankings(ctx, fresh)
	if err != nil {
		return err
	}
	for _, id := range taken {
		if err := s.rankRecomputed(ctx, of[id], nil, gone, rewrite); err != nil {
			return err
		}
	}
	return nil
}

// rankRecomputed writes a candidate's ranking from known, the ranking as
// read before (nil: read it now), and adds the matches it no longer lists
// to gone and their openings to rewrite.
func (s *Service) rankRecomputed(ctx context.Context, c candidateRanks, known *ranking, gone *[]string, rewrite map[string]bool) error {
	// The openings the candidate was ranked for and no longer is, from the
	// ranking as written over (change may run again).
	var dropped []string
	err := s.store.changeRankingFrom(ctx, candidateRanking(c.userID), known, func(prev []Ranked) []Ranked {
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
		*gone = append(*gone, matchID(id, c.userID))
		rewrite[id] = true
	}
	return nil
}

// recomputed is what a full recompute found of one person listed in the
// pool: whether they are in it, their matches and the openings their
// ranking listed before.
type recomputed struct {
	userID  string
	in      bool
	matches []StoredMatch
	before  []Ranked
}

// RecomputeAll matches every open opening against every person in the pool
// from scratch and rewrites the read models to agree, for when the formula
// or the data changed wholesale. Every profile, credential and ranking is
// read first, each collection in one pass; each person is scored against
// every opening in memory, several at a time; matches are stored in bulk
// (inserted when the person's ranking did not list them), each person's
// ranking once after them, each opening's ranking once at the end, each
// guarded by the revision read first (a ranking a matching task changed
// since is read again, or kept when the recompute would write what it
// read); matches no longer found are deleted last, once no ranking lists
// them. The talent index is left as it is.
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
	h, err := s.catalog.SkillHierarchy(ctx)
	if err != nil {
		return r, err
	}
	snap, err := s.poolSnapshot(ctx)
	if err != nil {
		return r, err
	}
	byOpening := make(map[string][]Ranked, len(openings))
	// The batches are written by a goroutine of their own while the next
	// ones are read and scored: the database writes one transaction at a
	// time, and would otherwise wait for the reads too.
	writes := make(chan recomputeBatch, 1)
	var gone []string
	wg, wctx := errgroup.WithContext(ctx)
	wg.Go(func() error {
		for b := range writes {
			if err := s.writeRecomputed(wctx, snap, b, &gone, rewrite); err != nil {
				return err
			}
		}
		return nil
	})
	next := recomputeBatch{listed: map[string]bool{}}
	send := func() error {
		select {
		case writes <- next:
			next = recomputeBatch{listed: map[string]bool{}}
			return nil
		case <-wctx.Done():
			return wctx.Err()
		}
	}
	err = overPool(ctx, s, snap, func(ctx context.Context, p Profile, c *matching.Candidate) (recomputed, error) {
		out := recomputed{userID: p.UserID, in: c != nil}
		if c == nil {
			return out, nil
		}
		out.before = snap.ranking(candidateRanking(p.UserID)).Entries.V
		for i, o := range openings {
			if !matching.Eligible(reqs[i], *c, h) {
				continue
			}
			if m := matching.Score(reqs[i], *c, h); m.Eligible {
				out.matches = append(out.matches, s.stored(o.ID, p.UserID, m))
			}
		}
		return out, nil
	}, func(p recomputed) error {
		if !p.in {
			return s.removeCandidate(ctx, p.userID)
		}
		mine := make([]Ranked, len(p.matches))
		for i, m := range p.matches {
			mine[i] = Ranked{ID: m.OpeningID, Score: m.Match.Score}
			byOpening[m.OpeningID] = append(byOpening[m.OpeningID], Ranked{ID: p.userID, Score: m.Match.Score})
		}
		for _, x := range p.before {
			next.listed[matchID(x.ID, p.userID)] = true
		}
		next.matches = append(next.matches, p.matches...)
		next.waiting = append(next.waiting, candidateRanks{userID: p.userID, entries: mine})
		r.Candidates++
		r.Matches += len(mine)
		if len(next.matches) >= matchBatch {
			return send()
		}
		return nil
	})
	if err == nil {
		err = send()
	}
	close(writes)
	// The writer's failure is the cause of a send's.
	if werr := wg.Wait(); werr != nil {
		return r, werr
	}
	if err != nil {
		return r, err
	}
	// Each opening's ranking: created in one write when none was read and
	// the pass ranked someone; otherwise changed from the revision read, or
	// read now when none was (one created since).
	fresh := map[string][]Ranked{}
	for id := range rewrite {
		rid := openingRanking(id)
		_, read := snap.rankings[rid]
		switch {
		case !read && len(byOpening[id]) > 0:
			fresh[rid] = byOpening[id]
			continue
		case !read:
			err = s.store.ChangeRanking(ctx, rid, func([]Ranked) []Ranked { return nil })
		default:
			err = s.store.changeRankingFrom(ctx, rid, snap.ranking(rid), func([]Ranked) []Ranked { return byOpening[id] })
		}
		if err != nil {
			return r, err
		}
	}
	taken, err := s.store.createRankings(ctx, fresh)
	if err != nil {
		return r, err
	}
	for _, rid := range taken {
		id := strings.TrimPrefix(rid, openingRanking(""))
		if err := s.store.ChangeRanking(ctx, rid, func([]Ranked) []Ranked { return byOpening[id] }); err != nil {
			return r, err
		}
	}
	for from := 0; from < len(gone); from += matchBatch {
		if err := s.store.DeleteMatches(ctx, gone[from:min(from+matchBatch, len(gone))]); err != nil {
			return r, err
		}
	}
	// An opening published or closed while the pass ran, which it did not
	// score, is matched on its own.
	for id := range rewrite {
		if !slices.ContainsFunc(openings, func(o Opening) bool { return o.ID == id }) {
			if err := s.MatchOpening(ctx, id); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}
