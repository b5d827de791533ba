package talent

import (
	"context"
	"errors"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"

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

// candidateRanks is a candidate's ranking, their matches with their
// explanations, waiting to be written.
type candidateRanks struct {
	userID  string
	entries []Ranked
}

// rankingsPerWrite is how many candidates' rankings a full recompute
// writes at once.
const rankingsPerWrite = 200

// writeRecomputed writes the rankings of a batch of candidates of a full
// recompute, those read before by a few requests (setRankings), those none
// was read for created in one; and adds to rewrite the openings a
// candidate is no longer ranked for.
func (s *Service) writeRecomputed(ctx context.Context, snap poolSnapshot, batch []candidateRanks, rewrite map[string]bool) error {
	fresh := map[string][]Ranked{}
	read := map[string][]Ranked{}
	of := map[string]candidateRanks{}
	for _, c := range batch {
		id := candidateRanking(c.userID)
		known, ok := snap.rankings[id]
		if !ok {
			if len(c.entries) > 0 {
				fresh[id], of[id] = c.entries, c
			}
			continue
		}
		read[id] = c.entries
		addDropped(rewrite, known.Entries.V, c.entries)
	}
	if err := s.store.setRankings(ctx, read); err != nil {
		return err
	}
	taken, err := s.store.createRankings(ctx, fresh)
	if err != nil {
		return err
	}
	// Created since the snapshot: changed as it is now.
	for _, id := range taken {
		c := of[id]
		err := s.store.ChangeRanking(ctx, id, func(prev []Ranked) []Ranked {
			addDropped(rewrite, prev, c.entries)
			return c.entries
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// addDropped adds to rewrite the openings of prev, a candidate's ranking,
// that entries no longer lists.
func addDropped(rewrite map[string]bool, prev, entries []Ranked) {
	for _, x := range prev {
		if !slices.ContainsFunc(entries, func(y Ranked) bool { return y.ID == x.ID }) {
			rewrite[x.ID] = true
		}
	}
}

// recomputed is what a full recompute found of one person listed in the
// pool: whether they are in it, and their ranking.
type recomputed struct {
	candidateRanks
	in bool
}

// RecomputeAll matches every open opening against every person in the pool
// from scratch and rewrites the read models to agree, for when the formula
// or the data changed wholesale. Every open opening, profile and ranking is
// read first, each collection in one pass, with the credentials matching
// has not seen (poolSnapshot); each person
// is scored against every opening in memory, several at a time. Each
// person's ranking, which holds their matches, is written once, in bulk
// (created when none was read, updated otherwise); each opening's once at
// the end, guarded by the revision read first (one a matching task changed
// since is read again). Then what matching matched while the pass ran is
// matched again (passes.go). The talent index is left as it is.
func (s *Service) RecomputeAll(ctx context.Context) (r Recomputed, err error) {
	passID := newID()
	if err := s.beginPass(ctx, passID); err != nil {
		return r, err
	}
	defer func() {
		// A pass that failed may have written back too what matching took
		// out meanwhile.
		err = errors.Join(err, s.endPass(context.WithoutCancel(ctx), passID))
	}()
	openIDs, err := s.store.List(ctx, openList)
	if err != nil {
		return r, err
	}
	open, err := s.store.openOpenings(ctx)
	if err != nil {
		return r, err
	}
	var openings []Opening
	var reqs []matching.Opening
	// rewrite are the openings whose rankings are written at the end: the
	// open ones, and any other a candidate was ranked for.
	rewrite := map[string]bool{}
	for _, id := range openIDs {
		o, ok := open[id]
		if !ok {
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
	writes := make(chan []candidateRanks, 1)
	wg, wctx := errgroup.WithContext(ctx)
	wg.Go(func() error {
		for b := range writes {
			if err := s.writeRecomputed(wctx, snap, b, rewrite); err != nil {
				return err
			}
			if err := s.store.renewPass(wctx, passID, s.clock()); err != nil {
				return err
			}
		}
		return nil
	})
	var next []candidateRanks
	send := func() error {
		select {
		case writes <- next:
			next = nil
			return nil
		case <-wctx.Done():
			return wctx.Err()
		}
	}
	err = overPool(ctx, s, snap, func(ctx context.Context, p Profile, c *matching.Candidate) (recomputed, error) {
		out := recomputed{candidateRanks: candidateRanks{userID: p.UserID}, in: c != nil}
		if c == nil {
			return out, nil
		}
		for i, o := range openings {
			if !matching.Eligible(reqs[i], *c, h) {
				continue
			}
			if m := matching.Score(reqs[i], *c, h); m.Eligible {
				out.entries = append(out.entries, s.matched(o.ID, m))
			}
		}
		return out, nil
	}, func(p recomputed) error {
		if !p.in {
			return s.removeCandidate(ctx, p.userID)
		}
		for _, e := range p.entries {
			byOpening[e.ID] = append(byOpening[e.ID], Ranked{ID: p.userID, Score: e.Score})
		}
		next = append(next, p.candidateRanks)
		r.Candidates++
		r.Matches += len(p.entries)
		if len(next) >= rankingsPerWrite {
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
	// An opening ranked for, which the pass did not score (closed, or
	// published since it read them), is matched on its own.
	for id := range rewrite {
		if !slices.ContainsFunc(openings, func(o Opening) bool { return o.ID == id }) {
			if err := s.MatchOpening(ctx, id); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}
