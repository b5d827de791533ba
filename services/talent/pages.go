package talent

import (
	"context"

	"golang.org/x/sync/errgroup"

	"academy/services/kit/apperr"
)

// pageReads is how many entries of a page are read at once. Each entry is a
// handful of reads by _id, a round trip each: read one after the other, a
// page of 20 waits for about a hundred of them.
const pageReads = 4

// pageOf builds up to limit items from keys[from:], in order, reading
// pageReads entries at once; an entry whose build fails with NotFound (a
// candidate gone meanwhile) is skipped. next is where the following page
// starts, 0 when no key is left.
func pageOf[K, T any](ctx context.Context, keys []K, from, limit int, build func(context.Context, K) (T, error)) (items []T, next int, err error) {
	items = []T{}
	i := max(from, 0)
	for len(items) < limit && i < len(keys) {
		batch := keys[i:min(i+limit-len(items), len(keys))]
		built := make([]T, len(batch))
		found := make([]bool, len(batch))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(pageReads)
		for j, k := range batch {
			g.Go(func() error {
				t, err := build(gctx, k)
				if apperr.Is(err, apperr.NotFound) {
					return nil
				}
				built[j], found[j] = t, err == nil
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, 0, err
		}
		for j := range batch {
			if found[j] {
				items = append(items, built[j])
			}
		}
		i += len(batch)
	}
	if i < len(keys) {
		next = i
	}
	return items, next, nil
}
