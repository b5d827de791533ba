package matching_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"academy/services/talent/matching"
)

// withoutConstraints is a match with its constraints left out, to compare
// what the number and its explanation say.
func withoutConstraints(m matching.Match) matching.Match {
	m.Constraints = nil
	return m
}

// TestScoreDependsOnlyOnTheDocumentedFactors generates openings and
// candidates and checks that what the formula does not name never moves the
// score: the order of claims, claims unrelated to the opening, the sources
// behind a claim, and the constraints of either side, which are reported
// beside the score instead.
func TestScoreDependsOnlyOnTheDocumentedFactors(t *testing.T) {
	p := newPopulation(7, 400)
	for i := range 3000 {
		o, c := p.opening(), p.candidate()
		// Half the candidates hold some of the opening's skills, so that
		// eligible matches, partial credit and ties all occur.
		if i%2 == 0 {
			for _, r := range o.Skills {
				if p.r.IntN(3) > 0 {
					c.Claims = append(c.Claims, p.claim(r.Skill))
				}
			}
		}
		m := matching.Score(o, c, p.hierarchy)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("case %d: %s\nopening %+v\ncandidate %+v\nmatch %+v", i, fmt.Sprintf(format, args...), o, c, m)
		}

		var sum float64
		for _, f := range m.Factors {
			sum += f.Points
		}
		if math.Abs(sum-m.Score) > 1e-9 || m.Score < 0 || m.Score > 100 {
			fail("score %v is not the sum %v of its factors' points, within 0–100", m.Score, sum)
		}
		if m.Eligible != (m.EssentialCoverage >= matching.MinEssentialCoverage) {
			fail("eligible %v with essential coverage %v", m.Eligible, m.EssentialCoverage)
		}
		if matching.Eligible(o, c, p.hierarchy) != m.Eligible {
			fail("Eligible disagrees with the score's explanation")
		}
		if again := matching.Score(o, c, p.hierarchy); !reflect.DeepEqual(again, m) {
			fail("a second scoring gave %+v", again)
		}

		shuffled := c
		shuffled.Claims = slices.Clone(c.Claims)
		p.r.Shuffle(len(shuffled.Claims), func(a, b int) {
			shuffled.Claims[a], shuffled.Claims[b] = shuffled.Claims[b], shuffled.Claims[a]
		})
		if got := matching.Score(o, shuffled, p.hierarchy); !reflect.DeepEqual(got, m) {
			fail("shuffling the claims changed the match to %+v", got)
		}

		unrelated := c
		unrelated.Claims = slices.Clone(c.Claims)
		for k := range 1 + p.r.IntN(5) {
			cl := p.claim(fmt.Sprintf("unrelated-%d", k))
			unrelated.Claims = append(unrelated.Claims, cl)
		}
		if got := matching.Score(o, unrelated, p.hierarchy); !reflect.DeepEqual(got, m) {
			fail("claims to skills the opening does not ask for changed the match to %+v", got)
		}

		resourced := c
		resourced.Claims = slices.Clone(c.Claims)
		for k := range resourced.Claims {
			if len(resourced.Claims[k].Sources) > 0 {
				resourced.Claims[k].Sources = []string{"another-credential"}
			}
		}
		if got := matching.Score(o, resourced, p.hierarchy); got.Score != m.Score || !reflect.DeepEqual(got.Factors, m.Factors) {
			fail("other credentials for the same claims changed the score to %v", got.Score)
		}

		moved := c
		moved.Country, moved.Places, moved.Remote = p.pick(countries), p.some(countries, p.r.IntN(4)), !c.Remote
		moved.RightToWork, moved.AvailableFrom = p.some(countries, p.r.IntN(3)), p.day()
		if got := matching.Score(o, moved, p.hierarchy); !reflect.DeepEqual(withoutConstraints(got), withoutConstraints(m)) {
			fail("the candidate's place, work authorisation or availability changed the score: %+v", got)
		}

		relocated := o
		relocated.Country, relocated.RemotePolicy = p.pick(countries), p.pick(policies)
		relocated.PermitSupport, relocated.StartDate = !o.PermitSupport, p.day()
		if got := matching.Score(relocated, c, p.hierarchy); !reflect.DeepEqual(withoutConstraints(got), withoutConstraints(m)) {
			fail("the opening's place, permit support or start date changed the score: %+v", got)
		}

		if len(c.Claims) > 0 {
			stronger := c
			stronger.Claims = slices.Clone(c.Claims)
			stronger.Claims[p.r.IntN(len(c.Claims))].Evidence = matching.EvidenceCredential
			if got := matching.Score(o, stronger, p.hierarchy); got.Score < m.Score || got.EssentialCoverage < m.EssentialCoverage {
				fail("stronger evidence lowered the score to %v", got.Score)
			}
		}
	}
}
