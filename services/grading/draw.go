package grading

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
)

// Draw returns the questions of one attempt at a, the same for the same seed.
// Questions are drawn in blocks: a group's questions form one block, in
// authored order, and any other question is a block of its own. Draw picks
// a.Draw blocks at random when a.Draw > 0 (all otherwise), in random order
// when a.ShuffleQuestions (authored order otherwise), and puts choice
// options, matching left-hand items and cloze gap options in random order
// when a.ShuffleOptions. Each question gets a display seed derived from seed
// and its id, from which Public and DecodeAnswer derive learner-facing ids,
// and its group's stem.
func Draw(a Assessment, seed int64) []Question {
	blocks := questionBlocks(a.Questions)
	// Without groups there is one block per question, so attempts started
	// before groups existed keep the questions their seed drew then.
	order := seededRand(seed, "questions").Perm(len(blocks))
	if a.Draw > 0 && a.Draw < len(order) {
		order = order[:a.Draw]
	}
	if !a.ShuffleQuestions {
		slices.Sort(order)
	}
	stems := make(map[string]string, len(a.Groups))
	for _, g := range a.Groups {
		stems[g.ID] = g.Stem
	}
	drawn := make([]Question, 0, len(a.Questions))
	for _, b := range order {
		for _, i := range blocks[b] {
			q := cloneLists(a.Questions[i])
			q.DisplaySeed = int64(seededRand(seed, "question:"+q.ID).Uint64())
			q.Stem = stems[q.Group]
			if a.ShuffleOptions {
				shuffleOptions(&q)
			}
			drawn = append(drawn, q)
		}
	}
	return drawn
}

// QuestionsPerAttempt returns the fewest and the most questions an attempt
// is asked: they differ when a.Draw picks among groups of different sizes.
func (a Assessment) QuestionsPerAttempt() (fewest, most int) {
	blocks := questionBlocks(a.Questions)
	if a.Draw <= 0 || a.Draw >= len(blocks) {
		return len(a.Questions), len(a.Questions)
	}
	sizes := make([]int, len(blocks))
	for i, b := range blocks {
		sizes[i] = len(b)
	}
	slices.Sort(sizes)
	for i := range a.Draw {
		fewest += sizes[i]
		most += sizes[len(sizes)-1-i]
	}
	return fewest, most
}

// questionBlocks returns the indexes of questions in the blocks Draw picks
// and orders: each run of questions of one group, and each other question.
func questionBlocks(questions []Question) [][]int {
	var blocks [][]int
	for i, q := range questions {
		if q.Group != "" && i > 0 && questions[i-1].Group == q.Group {
			blocks[len(blocks)-1] = append(blocks[len(blocks)-1], i)
			continue
		}
		blocks = append(blocks, []int{i})
	}
	return blocks
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
