package grading

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
)

// Draw returns the questions of one attempt at a, the same for the same seed:
// a.Draw questions picked at random when a.Draw > 0 (all otherwise), in random
// order when a.ShuffleQuestions (authored order otherwise), and with choice
// options, matching left-hand items and cloze gap options in random order when
// a.ShuffleOptions. Each question gets a display seed derived from seed and
// its id, from which Public and DecodeAnswer derive learner-facing ids.
func Draw(a Assessment, seed int64) []Question {
	order := seededRand(seed, "questions").Perm(len(a.Questions))
	if a.Draw > 0 && a.Draw < len(order) {
		order = order[:a.Draw]
	}
	if !a.ShuffleQuestions {
		slices.Sort(order)
	}
	drawn := make([]Question, 0, len(order))
	for _, i := range order {
		q := cloneLists(a.Questions[i])
		q.DisplaySeed = int64(seededRand(seed, "question:"+q.ID).Uint64())
		if a.ShuffleOptions {
			shuffleOptions(&q)
		}
		drawn = append(drawn, q)
	}
	return drawn
}

// shuffleOptions reorders the lists of q whose order carries no meaning.
// Ordering items are left alone: their authored order is the answer.
func shuffleOptions(q *Question) {
	rng := seededRand(q.DisplaySeed, "options")
	shuffle(rng, q.Options)
	shuffle(rng, q.Pairs)
	for i := range q.Gaps {
		shuffle(rng, q.Gaps[i].Options)
	}
}

// cloneLists copies the lists Draw may reorder, so that the assessment passed
// in is never changed.
func cloneLists(q Question) Question {
	q.Options = slices.Clone(q.Options)
	q.Pairs = slices.Clone(q.Pairs)
	q.Gaps = slices.Clone(q.Gaps)
	for i := range q.Gaps {
		q.Gaps[i].Options = slices.Clone(q.Gaps[i].Options)
	}
	return q
}

// seededRand returns a generator determined by seed and a stream name, so
// that each use of a seed (question order, options, items...) draws from its
// own sequence and adding one use does not change the others.
func seededRand(seed int64, stream string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(stream))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

func shuffle[T any](rng *rand.Rand, s []T) {
	rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// displayPermutation returns a random display order of n elements in which
// the first aligned ones are not all in place (when n > 1): showing ordering
// items in their correct order, or matching items beside their partners,
// would give the answer away. Drawing again keeps the other orders equally likely.
func displayPermutation(rng *rand.Rand, n, aligned int) []int {
	for {
		perm := rng.Perm(n)
		if n < 2 || aligned < 1 || !inPlace(perm[:min(aligned, n)]) {
			return perm
		}
	}
}

func inPlace(perm []int) bool {
	for i, p := range perm {
		if p != i {
			return false
		}
	}
	return true
}
