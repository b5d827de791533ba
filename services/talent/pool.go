package talent

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"academy/services/kit/apperr"
	"academy/services/talent/matching"
)

// poolReaders is how many people a pass over the pool reads at once. Each
// costs a few round trips (profile, credentials) and some scoring, which
// one reader leaves the database and the other cores waiting for: at
// 2,000 people × 500 openings on two cores, one reader kept one core busy.
const poolReaders = 4

// overPool passes every person listed in the pool through read,
// poolReaders at a time, and what read returns through use, one at a time
// and in no set order, so that writes stay in one goroutine. read is given
// the person's profile and, when they are in the pool, what matching reads
// of them (nil otherwise); a person whose profile is gone is skipped.
func overPool[T any](ctx context.Context, s *Service, read func(ctx context.Context, p Profile, c *matching.Candidate) (T, error), use func(T) error) error {
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
				p, err := s.store.Profile(gctx, userID)
				if apperr.Is(err, apperr.NotFound) {
					continue
				}
				if err != nil {
					return err
				}
				var c *matching.Candidate
				if p.InPool {
					cand, _, err := s.candidateOf(gctx, p)
					if err != nil {
						return err
					}
					c = &cand
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
