package matching_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"academy/services/talent/matching"
)

// population generates skills, openings and candidates deterministically
// from a seed: skills form a forest in which every skill past the first
// roots has one broader skill, and each occupation draws its skills from a
// neighbourhood of the forest, as ESCO occupations do.
type population struct {
	r         *rand.Rand
	skills    []string
	hierarchy tree
}

var (
	countries = []string{"DE", "FR", "NL", "AT", "ES", "IT", "PL", "BE", "SE", "PT", "IN", "BR"}
	languages = []string{"en", "de", "fr", "nl", "es", "it", "pl"}
	levels    = []string{"A1", "A2", "B1", "B2", "C1", "C2"}
	evidence  = []matching.Evidence{matching.EvidenceCredential, matching.EvidenceImported, matching.EvidenceCompetition, matching.EvidenceSelfDeclared, "unknown"}
	policies  = []string{matching.OnSite, matching.Hybrid, matching.Remote}
	epoch     = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
)

func newPopulation(seed uint64, nSkills int) *population {
	p := &population{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), hierarchy: tree{}}
	for i := range nSkills {
		s := fmt.Sprintf("skill-%04d", i)
		p.skills = append(p.skills, s)
		if i >= 20 {
			p.hierarchy[s] = []string{p.skills[i-1-i%7]}
		}
	}
	return p
}

// near returns a skill close to skill i in the forest's numbering.
func (p *population) near(i int) string {
	j := i + p.r.IntN(40) - 20
	return p.skills[min(max(j, 0), len(p.skills)-1)]
}

func (p *population) pick(from []string) string { return from[p.r.IntN(len(from))] }

func (p *population) some(from []string, n int) []string {
	out := make([]string, 0, n)
	for range n {
		out = append(out, p.pick(from))
	}
	return out
}

func (p *population) day() time.Time {
	if p.r.IntN(3) == 0 {
		return time.Time{}
	}
	return epoch.AddDate(0, 0, p.r.IntN(365))
}

func (p *population) languages(n int) []matching.Language {
	out := make([]matching.Language, 0, n)
	for range n {
		out = append(out, matching.Language{Code: p.pick(languages), CEFR: p.pick(levels)})
	}
	return out
}

func (p *population) opening() matching.Opening {
	centre := p.r.IntN(len(p.skills))
	o := matching.Opening{
		Languages:     p.languages(p.r.IntN(3)),
		Country:       p.pick(countries[:9]),
		RemotePolicy:  p.pick(policies),
		PermitSupport: p.r.IntN(2) == 0,
		StartDate:     p.day(),
	}
	nEssential := 2 + p.r.IntN(5)
	for i := range nEssential + 1 + p.r.IntN(6) {
		o.Skills = append(o.Skills, matching.Requirement{Skill: p.near(centre), Essential: i < nEssential, MinLevel: p.r.IntN(5)})
	}
	return o
}

func (p *population) candidate() matching.Candidate {
	centre := p.r.IntN(len(p.skills))
	c := matching.Candidate{
		Languages:     p.languages(1 + p.r.IntN(3)),
		Country:       p.pick(countries),
		Places:        p.some(countries, p.r.IntN(3)),
		Remote:        p.r.IntN(2) == 0,
		RightToWork:   p.some(countries[:9], p.r.IntN(3)),
		AvailableFrom: p.day(),
	}
	for range 3 + p.r.IntN(15) {
		c.Claims = append(c.Claims, p.claim(p.near(centre)))
	}
	return c
}

func (p *population) claim(skill string) matching.Claim {
	cl := matching.Claim{Skill: skill, Level: p.r.IntN(5), Evidence: evidence[p.r.IntN(len(evidence))]}
	if cl.Evidence != matching.EvidenceSelfDeclared {
		cl.Sources = []string{fmt.Sprintf("cred-%d", p.r.IntN(1000))}
	}
	return cl
}
