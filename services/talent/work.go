package talent

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/kit/apperr"
	"academy/services/kit/events"
	"academy/services/search"
	"academy/services/talent/matching"
)

func talentDocID(userID string) string { return search.DocumentID(search.TypeTalent, userID) }

func parseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// candidateOf is what matching reads of a profile, and its evidence.
func (s *Service) candidateOf(ctx context.Context, p Profile) (matching.Candidate, evidence, error) {
	ev, err := s.evidenceOf(ctx, p)
	if err != nil {
		return matching.Candidate{}, ev, err
	}
	return candidateFrom(p, ev), ev, nil
}

// candidateFrom is what matching reads of a profile with its evidence.
func candidateFrom(p Profile, ev evidence) matching.Candidate {
	c := matching.Candidate{Languages: p.Languages, Country: p.Country, Places: p.Places, Remote: p.Remote,
		RightToWork: p.WorkAuthorisation.RightToWork, AvailableFrom: parseDate(p.AvailableFrom)}
	for _, sk := range ev.skills {
		cl := matching.Claim{Skill: sk.Skill, Level: sk.Level, Evidence: sk.Evidence}
		for _, src := range sk.Sources {
			cl.Sources = append(cl.Sources, src.CredentialID)
		}
		c.Claims = append(c.Claims, cl)
	}
	return c
}

// openingOf is what matching reads of an opening.
func openingOf(o Opening) matching.Opening {
	m := matching.Opening{Languages: o.Languages, Country: o.Country, RemotePolicy: o.RemotePolicy, PermitSupport: o.PermitSupport, StartDate: parseDate(o.StartDate)}
	for _, r := range o.Skills {
		m.Skills = append(m.Skills, matching.Requirement{Skill: r.Skill, Essential: r.Essential, MinLevel: r.MinLevel})
	}
	return m
}

// put stores a candidate's match with an opening, or removes it when the
// candidate is no match; was says whether the pair was ranked before, so
// that a pair never ranked costs no write.
func (s *Service) put(ctx context.Context, o Opening, userID string, m matching.Match, was bool) error {
	if !m.Eligible {
		if !was {
			return nil
		}
		return s.dropMatch(ctx, o.ID, userID)
	}
	defer s.pairs.lock(o.ID, userID).Unlock()
	if err := s.store.SetRanked(ctx, openingRanking(o.ID), Ranked{ID: userID, Score: m.Score}, false); err != nil {
		return err
	}
	return s.store.SetRanked(ctx, candidateRanking(userID), s.matched(o.ID, m), false)
}

// matched is a candidate's entry for their match with an opening.
func (s *Service) matched(openingID string, m matching.Match) Ranked {
	return Ranked{ID: openingID, Score: m.Score, Match: &m, At: s.clock()}
}

// document is a candidate's entry in the talent index: only what the
// candidate lets companies see is searchable.
func (s *Service) document(p Profile, skills []SkillView) search.Document {
	d := search.Document{ID: talentDocID(p.UserID), Type: search.TypeTalent, Language: "en", PublishedAt: s.clock()}
	if p.Visible.Headline {
		d.Title = p.Headline
	}
	var labels []string
	for _, sk := range skills {
		if sk.Evidence == matching.EvidenceSelfDeclared && !p.Visible.SelfDeclared {
			continue
		}
		d.Skills = append(d.Skills, sk.Skill)
		labels = append(labels, sk.Label)
	}
	d.SkillLabels = labels
	d.Body = strings.Join(labels, ", ")
	for _, o := range p.Occupations {
		d.Occupations = append(d.Occupations, o.ID)
		d.Summary += o.Label + " "
	}
	d.Summary = strings.TrimSpace(d.Summary)
	if p.Visible.Location {
		d.Country = p.Country
	}
	if p.Visible.Languages {
		for _, l := range p.Languages {
			d.Languages = append(d.Languages, l.Code)
		}
	}
	if p.Visible.Availability && p.AvailableFrom != "" {
		d.AvailableFrom = int(parseDate(p.AvailableFrom).Unix() / 86400)
	}
	d.WorkAuthorisation = slices.Clone(p.WorkAuthorisation.RightToWork)
	if p.WorkAuthorisation.NeedsPermit {
		d.WorkAuthorisation = append(d.WorkAuthorisation, search.WorkAuthorisationNeedsPermit)
	}
	return d
}

// MatchCandidate matches a person against every open opening, keeps the
// read models and the talent index in step, and removes them from both
// when they are not in the pool. Running it twice changes nothing more.
func (s *Service) MatchCandidate(ctx context.Context, userID string) error {
	return s.matchCandidates(ctx, []string{userID})
}

// matchCandidates is MatchCandidate for several people, whose index entries
// are written at once.
func (s *Service) matchCandidates(ctx context.Context, userIDs []string) error {
	if err := s.noteMatching(ctx, userIDs, nil); err != nil {
		return err
	}
	var docs []search.Document
	var matched []Profile
	for _, userID := range userIDs {
		p, err := s.store.Profile(ctx, userID)
		if apperr.Is(err, apperr.NotFound) {
			// Never in the pool, or erased (which removed everything then).
			continue
		}
		if err != nil {
			return err
		}
		if !p.InPool {
			if err := s.removeCandidate(ctx, userID); err != nil {
				return err
			}
			continue
		}
		ev, err := s.matchWithOpenings(ctx, p)
		if err != nil {
			return err
		}
		docs = append(docs, s.document(p, ev.skills))
		p.Held = ev.held
		matched = append(matched, p)
	}
	if len(docs) == 0 {
		return nil
	}
	if err := s.index.Upsert(ctx, docs...); err != nil {
		return fmt.Errorf("index %d candidates: %w", len(docs), err)
	}
	for _, p := range matched {
		// At the revision read: a change made meanwhile is matched again.
		if _, _, err := s.store.UpdateProfile(ctx, p.UserID, bson.M{"rev": p.Rev}, bson.M{"$set": bson.M{"matched_rev": p.Rev, "held": nonNil(p.Held), "held_form": heldForm}}); err != nil {
			return err
		}
	}
	return nil
}

// matchWithOpenings matches a person in the pool against every open opening
// and drops their matches with the others; it returns their evidence.
func (s *Service) matchWithOpenings(ctx context.Context, p Profile) (evidence, error) {
	userID := p.UserID
	cand, ev, err := s.candidateOf(ctx, p)
	if err != nil {
		return ev, err
	}
	open, err := s.store.List(ctx, openList)
	if err != nil {
		return evidence{}, err
	}
	prev, err := s.store.Ranking(ctx, candidateRanking(userID))
	if err != nil {
		return evidence{}, err
	}
	h, err := s.catalog.SkillHierarchy(ctx)
	if err != nil {
		return evidence{}, err
	}
	ranked := func(openingID string) bool {
		return slices.ContainsFunc(prev, func(r Ranked) bool { return r.ID == openingID })
	}
	for _, id := range open {
		o, err := s.store.Opening(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return evidence{}, err
		}
		m := matching.Score(openingOf(o), cand, h)
		if o.Status != OpeningOpen {
			m.Eligible = false
		}
		if err := s.put(ctx, o, userID, m, ranked(id)); err != nil {
			return evidence{}, err
		}
	}
	for _, r := range prev {
		if slices.Contains(open, r.ID) {
			continue
		}
		// An opening published since the list was read is matched by its
		// own task, which may have ranked this person already: dropping it
		// would undo that for good.
		o, err := s.store.Opening(ctx, r.ID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return evidence{}, err
		}
		if err == nil && o.Status == OpeningOpen {
			if err := s.put(ctx, o, userID, matching.Score(openingOf(o), cand, h), true); err != nil {
				return evidence{}, err
			}
			continue
		}
		if err := s.dropMatch(ctx, r.ID, userID); err != nil {
			return evidence{}, err
		}
	}
	return ev, nil
}

// pairLocks serialise this process's writes of one candidate's match with
// one opening: the match is an entry in each side's ranking, and a
// candidate's task and an opening's task writing and dropping the same
// pair at once could leave one side ranking a match the other does not.
type pairLocks [256]sync.Mutex

func (l *pairLocks) lock(openingID, userID string) *sync.Mutex {
	h := fnv.New32a()
	h.Write([]byte(openingID + "|" + userID))
	mu := &l[h.Sum32()%uint32(len(l))]
	mu.Lock()
	return mu
}

// MatchOpening matches an open opening against the whole pool, or clears
// its ranking once it is closed. The matches are computed first, then
// written into each candidate's ranking, the opening's ranking at once.
func (s *Service) MatchOpening(ctx context.Context, openingID string) error {
	if err := s.noteMatching(ctx, nil, []string{openingID}); err != nil {
		return err
	}
	o, err := s.store.Opening(ctx, openingID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	before, err := s.store.Ranking(ctx, openingRanking(o.ID))
	if err != nil {
		return err
	}
	var ranked []Ranked
	if o.Status == OpeningOpen {
		matches, err := s.rankPool(ctx, o)
		if err != nil {
			return err
		}
		for _, m := range matches {
			if err := s.store.SetRanked(ctx, candidateRanking(m.UserID), s.matched(o.ID, m.Match), false); err != nil {
				return err
			}
			ranked = append(ranked, Ranked{ID: m.UserID, Score: m.Match.Score})
		}
	}
	if err := s.store.ChangeRanking(ctx, openingRanking(o.ID), func([]Ranked) []Ranked { return ranked }); err != nil {
		return err
	}
	for _, r := range before {
		if slices.ContainsFunc(ranked, func(x Ranked) bool { return x.ID == r.ID }) {
			continue
		}
		if err := s.store.SetRanked(ctx, candidateRanking(r.ID), Ranked{ID: o.ID}, true); err != nil {
			return err
		}
	}
	if _, _, err := s.store.UpdateOpening(ctx, o.ID, bson.M{"version": o.Version}, bson.M{"$set": bson.M{"matched_rev": o.Version}}); err != nil {
		return err
	}
	return nil
}

// rankPool scores every candidate in the pool against an open opening and
// returns the matches, unsorted.
func (s *Service) rankPool(ctx context.Context, o Opening) ([]StoredMatch, error) {
	req := openingOf(o)
	h, err := s.catalog.SkillHierarchy(ctx)
	if err != nil {
		return nil, err
	}
	var matches []StoredMatch
	err = overPool(ctx, s, readEach{s}, func(_ context.Context, p Profile, c *matching.Candidate) (*StoredMatch, error) {
		if c == nil {
			return nil, nil
		}
		m := matching.Score(req, *c, h)
		if !m.Eligible {
			return nil, nil
		}
		return &StoredMatch{ID: matchID(o.ID, p.UserID), OpeningID: o.ID, UserID: p.UserID, Match: m}, nil
	}, func(m *StoredMatch) error {
		if m != nil {
			matches = append(matches, *m)
		}
		return nil
	})
	return matches, err
}

// HandleMatchTask is the handler of jobs.TypeMatch.
func (s *Service) HandleMatchTask(ctx context.Context, t *asynq.Task) error {
	side, id, err := jobs.MatchOf(t)
	if err != nil {
		return err
	}
	if side == jobs.MatchOpening {
		return s.MatchOpening(ctx, id)
	}
	return s.MatchCandidate(ctx, id)
}

func (s *Service) enqueueMatch(ctx context.Context, side, id, key string) error {
	if _, err := s.queue.Add(ctx, jobs.NewMatchTask(side, id, key)); err != nil {
		return fmt.Errorf("enqueue matching of %s %s: %w", side, id, err)
	}
	return nil
}

// HandleCredentialEvent is the talent pool's subscriber to CredentialIssued
// and CredentialStatusChanged: the holder, when in the pool, is matched
// again, unless their last matching read the credential as the event
// leaves it. Their profile's revision moves on first, so that the
// credentials matching read (Held) are no longer taken as current:
// ReconcileMatching enqueues a match task lost after this handler
// returned, and a full recompute reads their credentials again.
func (s *Service) HandleCredentialEvent(ctx context.Context, ev events.Event) error {
	var d events.CredentialData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	if d.LearnerID == "" {
		return nil
	}
	p, err := s.store.Profile(ctx, d.LearnerID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	seen := slices.ContainsFunc(p.Held, func(c HeldCredential) bool { return c.ID == d.CredentialID }) == (d.Status == credentialInForce)
	if !p.InPool || (heldCurrent(p) && seen) {
		return nil
	}
	_, in, err := s.store.UpdateProfile(ctx, d.LearnerID, bson.M{"in_pool": true}, bson.M{"$inc": bson.M{"rev": 1}})
	if err != nil || !in {
		return err
	}
	return s.enqueueMatch(ctx, jobs.MatchCandidate, d.LearnerID, ev.ID)
}

// credentialInForce is the status of a credential in force in the
// credentials context's events.
const credentialInForce = "active"

// HandleProfileChanged is the talent pool's subscriber to ProfileChanged:
// the person is matched again, or removed from everything once out of the pool.
func (s *Service) HandleProfileChanged(ctx context.Context, ev events.Event) error {
	var d events.ProfileData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return s.enqueueMatch(ctx, jobs.MatchCandidate, d.UserID, ev.ID)
}

// HandleOpeningPublished is the talent pool's subscriber to OpeningPublished:
// the opening is matched against the pool.
func (s *Service) HandleOpeningPublished(ctx context.Context, ev events.Event) error {
	var d events.OpeningData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	return s.enqueueMatch(ctx, jobs.MatchOpening, d.OpeningID, ev.ID)
}

// ReconcileMatching enqueues the matching of every candidate and opening
// whose last change matching has not seen, under ids made of that change,
// and returns how many it enqueued.
func (s *Service) ReconcileMatching(ctx context.Context) (int, error) {
	if err := s.endDeadPasses(ctx); err != nil {
		return 0, err
	}
	n := 0
	pool, err := s.store.List(ctx, poolList)
	if err != nil {
		return 0, err
	}
	for _, userID := range pool {
		p, err := s.store.Profile(ctx, userID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		if p.MatchedRev != p.Rev || !p.InPool {
			if err := s.enqueueMatch(ctx, jobs.MatchCandidate, userID, "rev"+strconv.Itoa(p.Rev)); err != nil {
				return n, err
			}
			n++
		}
	}
	open, err := s.store.List(ctx, openList)
	if err != nil {
		return n, err
	}
	for _, id := range open {
		o, err := s.store.Opening(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		if o.MatchedRev != o.Version {
			if err := s.enqueueMatch(ctx, jobs.MatchOpening, id, "v"+strconv.Itoa(o.Version)); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
