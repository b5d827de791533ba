package competitions

import (
	"sync"

	"academy/services/competitions/scoring"
)

// Bounds of the comparisons kept between integrity checks.
const (
	// comparisonBytes bounds the predictions kept over all phases, well
	// under the process's soft heap limit (400 MiB by default): those of
	// the 200 submissions compared in a 100,000-row regression, 160 MB,
	// are kept in part and the others read again.
	comparisonBytes = 64 << 20
	// comparisonPhases bounds the phases whose comparisons are kept.
	comparisonPhases = 16
)

// comparisonCache keeps, per phase, what the near-identical check needs from
// one run to the next: the parsed predictions of the submissions it compared,
// within a byte budget, and the agreement of each pair. A stored submission
// and a solution upload never change, so nothing kept goes stale; a check
// keeps only the submissions it compared, so a team's earlier best leaves.
type comparisonCache struct {
	mu     sync.Mutex
	budget int // bytes of predictions still free
	phases map[string]*phaseComparisons
}

type phaseComparisons struct {
	key       string
	sol       *scoring.Solution
	preds     map[string]*scoring.Predictions // by submission id
	bytes     int
	agreement map[[2]string]float64 // by the pair's submission ids, the lesser first
}

func newComparisonCache(budget int) *comparisonCache {
	return &comparisonCache{budget: budget, phases: map[string]*phaseComparisons{}}
}

// pairKey orders a pair of submission ids.
func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// phase returns the comparisons of a phase against sol; a solution parsed
// again starts them anew, as predictions hold the solution they were read
// against.
func (c *comparisonCache) phase(key string, sol *scoring.Solution) *phaseComparisons {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.phases[key]
	if ok && p.sol == sol {
		return p
	}
	if ok {
		c.drop(key)
	}
	if len(c.phases) >= comparisonPhases {
		for k := range c.phases {
			c.drop(k)
			break
		}
	}
	p = &phaseComparisons{key: key, sol: sol, preds: map[string]*scoring.Predictions{}, agreement: map[[2]string]float64{}}
	c.phases[key] = p
	return p
}

func (c *comparisonCache) drop(key string) {
	c.budget += c.phases[key].bytes
	delete(c.phases, key)
}

// predictions returns the kept predictions of a submission.
func (c *comparisonCache) predictions(p *phaseComparisons, submissionID string) (*scoring.Predictions, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pr, ok := p.preds[submissionID]
	return pr, ok
}

// keep keeps a submission's predictions if the budget allows; a phase
// dropped meanwhile keeps nothing more.
func (c *comparisonCache) keep(p *phaseComparisons, submissionID string, pr *scoring.Predictions) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := p.preds[submissionID]; ok || c.phases[p.key] != p {
		return
	}
	n := pr.Size()
	if n > c.budget {
		return
	}
	p.preds[submissionID] = pr
	p.bytes += n
	c.budget -= n
}

// agreement returns the kept agreement of two submissions.
func (c *comparisonCache) agreement(p *phaseComparisons, a, b string) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := p.agreement[pairKey(a, b)]
	return v, ok
}

func (c *comparisonCache) setAgreement(p *phaseComparisons, a, b string, v float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p.agreement[pairKey(a, b)] = v
}

// retain keeps only what concerns the submissions a check compared.
func (c *comparisonCache) retain(p *phaseComparisons, submissionIDs []string) {
	keep := make(map[string]bool, len(submissionIDs))
	for _, id := range submissionIDs {
		keep[id] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, pr := range p.preds {
		if !keep[id] {
			delete(p.preds, id)
			n := pr.Size()
			p.bytes -= n
			if c.phases[p.key] == p {
				c.budget += n
			}
		}
	}
	for k := range p.agreement {
		if !keep[k[0]] || !keep[k[1]] {
			delete(p.agreement, k)
		}
	}
}
