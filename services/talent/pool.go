package talent

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
	"academy/services/talent/matching"
)

// poolReaders is how many people a pass over the pool reads at once. Each
// costs a few round trips (profile, credentials) and some scoring, which
// one reader leaves the database and the other cores waiting for: at
// 2,000 people × 500 openings on two cores, one reader kept one core busy.
const poolReaders = 4

// people reads a person for a pass over the pool: their profile and, when
// they are in the pool, what matching reads of them (nil otherwise); a
// profile gone is apperr.NotFound.
type people interface {
	person(ctx context.Context, userID string) (Profile, *matching.Candidate, error)
}

// readEach reads each person as the pass reaches them: a few round trips
// each (profile, list of credentials, each credential).
type readEach struct{ s *Service }

func (r readEach) person(ctx context.Context, userID string) (Profile, *matching.Candidate, error) {
	p, err := r.s.store.Profile(ctx, userID)
	if err != nil || !p.InPool {
		return p, nil, err
	}
	c, _, err := r.s.candidateOf(ctx, p)
	return p, &c, err
}

// heldForm is the form of a profile's Held that a pass over the pool reads
// instead of the credentials: with each credential's expiry.
const heldForm = 1

// poolSnapshot is every profile and every ranking, each read in one pass
// over its collection, for a full recompute: reading each person's
// profile and ranking one round trip at a time took most of its time (the
// embedded database reads a collection whole faster than its documents one
// by one). What matching changed since, the pass matches again at its end
// (passes.go).
//
// A person's credentials are those matching read at their profile's
// revision (Held), less those expired since: a credential issued, revoked
// or suspended moves the revision on (HandleCredentialEvent). Reading every
// credential instead took the embedded database more than half the pass
// at 2,000 people. The credentials of those matching has not seen at
// their revision are read: each on their own, or every credential in one
// read when they are many.
type poolSnapshot struct {
	s        *Service
	now      time.Time
	profiles map[string]Profile
	rankings map[string]ranking
	// held is every holder's credentials in force, when readAll.
	held    map[string][]HeldCredential
	readAll bool
}

// oneReadFrom is the share of the pool whose credentials must be read
// (one in n) from which a pass reads every credential at once rather than
// each person's on their own, which costs a few round trips each.
const oneReadFrom = 4

// poolSnapshot reads the collections at once: the database decodes each
// on a core of its own.
func (s *Service) poolSnapshot(ctx context.Context) (poolSnapshot, error) {
	snap := poolSnapshot{s: s, now: s.clock()}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		snap.profiles, err = s.store.allProfiles(gctx)
		return err
	})
	g.Go(func() (err error) {
		snap.rankings, err = s.store.allRankings(gctx)
		return err
	})
	if err := g.Wait(); err != nil {
		return snap, err
	}
	unseen := 0
	for _, p := range snap.profiles {
		if p.InPool && !heldCurrent(p) {
			unseen++
		}
	}
	if unseen > 0 && unseen >= len(snap.profiles)/oneReadFrom {
		var err error
		if snap.held, err = s.creds.ActiveByHolder(ctx); err != nil {
			return snap, fmt.Errorf("read the credentials in force: %w", err)
		}
		snap.readAll = true
	}
	return snap, nil
}

// heldCurrent reports whether a profile's Held are the credentials in force
// at its revision, but for those expired since.
func heldCurrent(p Profile) bool { return p.MatchedRev == p.Rev && p.HeldForm == heldForm }

// person takes the profile from the snapshot, and the credentials matching
// read at its revision, or reads them.
func (snap poolSnapshot) person(ctx context.Context, userID string) (Profile, *matching.Candidate, error) {
	p, ok := snap.profiles[userID]
	if !ok {
		return p, nil, apperr.NotFoundf("no talent profile")
	}
	if !p.InPool {
		return p, nil, nil
	}
	var held []HeldCredential
	switch {
	case heldCurrent(p):
		held = inForce(p.Held, snap.now)
	case snap.readAll:
		held = snap.held[userID]
	default:
		var err error
		if held, err = snap.s.creds.ActiveOf(ctx, userID); err != nil {
			return p, nil, fmt.Errorf("read the credentials of %s: %w", userID, err)
		}
	}
	c := candidateFrom(p, evidence{held: held, skills: snap.s.skillsFrom(ctx, p, held)})
	return p, &c, nil
}

// ranking is the ranking id as the snapshot read it, empty at revision 0
// when there was none.
func (snap poolSnapshot) ranking(id string) *ranking {
	r, ok := snap.rankings[id]
	if !ok {
		r = ranking{ID: id, Entries: mongokit.Packed[[]Ranked]{V: []Ranked{}}}
	}
	return &r
}

// overPool passes every person listed in the pool, as people reads them,
// through read, poolReaders at a time, and what read returns through use,
// one at a time and in no set order, so that writes stay in one goroutine.
// A person whose profile is gone is skipped.
func overPool[T any](ctx context.Context, s *Service, people people, read func(ctx context.Context, p Profile, c *matching.Candidate) (T, error), use func(T) error) error {
	pool, err := s.store.List(ctx, poolList)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	next := make(chan string)
	done := make(chan T, poolReaders)
	g.Go(func() error {
		defer close(next)
		for _, userID := range pool {
			select {
			case next <- userID:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	var readers sync.WaitGroup
	for range poolReaders {
		readers.Add(1)
		g.Go(func() error {
			defer readers.Done()
			for userID := range next {
				p, c, err := people.person(gctx, userID)
				if apperr.Is(err, apperr.NotFound) {
					continue
				}
				if err != nil {
					return err
				}
				v, err := read(gctx, p, c)
				if err != nil {
					return err
				}
				select {
				case done <- v:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	go func() {
		readers.Wait()
		close(done)
	}()
	var useErr error
	for v := range done {
		if useErr != nil {
			continue
		}
		if useErr = use(v); useErr != nil {
			cancel()
		}
	}
	if err := g.Wait(); useErr == nil && err != nil {
		return err
	}
	return useErr
}
