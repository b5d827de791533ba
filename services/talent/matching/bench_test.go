package matching_test

import (
	"sync"
	"testing"

	"academy/services/talent/matching"
)

// The population of the full recompute figure: every candidate of the pool
// scored against every open opening.
const (
	benchCandidates = 20_000
	benchOpenings   = 500
	benchSkills     = 3_000
)

type benchData struct {
	openings   []matching.Opening
	candidates []matching.Candidate
	hierarchy  tree
}

// benchPopulation is generated once per test binary: both benchmarks read it.
var benchPopulation = sync.OnceValue(func() benchData {
	p := newPopulation(2026, benchSkills)
	d := benchData{hierarchy: p.hierarchy}
	for range benchOpenings {
		d.openings = append(d.openings, p.opening())
	}
	for i := range benchCandidates {
		c := p.candidate()
		// One candidate in ten trained for an opening's skills, so that a
		// realistic share of pairs are eligible and explained in full.
		if i%10 == 0 {
			o := d.openings[i/10%benchOpenings]
			for _, r := range o.Skills {
				if p.r.IntN(4) > 0 {
					c.Claims = append(c.Claims, p.claim(r.Skill))
				}
			}
		}
		d.candidates = append(d.candidates, c)
	}
	return d
})

func BenchmarkScore(b *testing.B) {
	d := benchPopulation()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		matching.Score(d.openings[i%benchOpenings], d.candidates[i%benchCandidates], d.hierarchy)
	}
}

// BenchmarkRecompute scores every candidate against every opening, as a full
// recompute does: the floor first, then the explanation of the pairs above
// it. It reports pairs decided per second.
func BenchmarkRecompute(b *testing.B) {
	d := benchPopulation()
	b.ReportAllocs()
	var rounds, eligible int
	for b.Loop() {
		rounds++
		eligible = 0
		for _, o := range d.openings {
			for _, c := range d.candidates {
				if matching.Eligible(o, c, d.hierarchy) && matching.Score(o, c, d.hierarchy).Eligible {
					eligible++
				}
			}
		}
	}
	pairs := float64(benchOpenings * benchCandidates * rounds)
	b.ReportMetric(pairs/b.Elapsed().Seconds(), "matches/s")
	b.ReportMetric(float64(eligible), "eligible")
}
