// Package matching scores how well a candidate of the talent pool fits an
// opening, with one documented, deterministic formula and an explanation of
// every part of the score. It is pure: the talent context gathers the
// candidate's evidence and the opening's requirements and stores the result.
//
// The formula (Version):
//
//	score = 100 × (WeightEssential × essential + WeightOptional × optional + WeightLanguages × languages)
//
// where essential and optional are the mean credit of the opening's essential
// and optional skills (1 when it asks for none), and languages the share of
// its required languages the candidate speaks at the required CEFR level or
// above (1 when it asks for none). Each factor's points are rounded to one
// decimal and the score is their sum, so the explanation adds up to the score
// shown. A required skill is credited with the candidate's best claim to it:
//
//	credit = evidence strength × relation × level
//
// with evidence strength 1 for a credential issued here or an imported one
// whose signature and status were verified, 0.8 for a competition placement
// or participation, 0.4 for a self-declared skill; relation 1 for the same
// ESCO skill, 0.75 for a skill directly narrower than the one required (the
// candidate proved something more specific), 0.5 for one directly broader;
// level 1 when the candidate's level (unstated counts as basic) meets the
// opening's minimum, LevelShortfall (0.5) when it does not. Among claims of
// equal credit the explanation names the stronger evidence, then the closer
// relation, then the first skill and sources in lexical order, so the order
// of the claims never changes the result.
//
// The floor: a candidate holding, with any evidence, less than
// MinEssentialCoverage of the essential skills is no match (Match.Eligible is
// false), whatever else they bring; Match.EssentialCoverage is that share.
// Constraints (place of work, right to work, start date) never change the
// number: each is reported as met or unmet beside it, for a person to weigh.
// Nothing else about the candidate is read: no name, age, gender,
// nationality or photo reaches this package.
package matching

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Version names the formula; stored with every match so a change shows.
const Version = "1"

// The weights of the three factors; they sum to 1.
const (
	WeightEssential = 0.60
	WeightOptional  = 0.25
	WeightLanguages = 0.15
)

// MinEssentialCoverage is the floor: a candidate covering less of the
// essential skills is no match, whatever else they bring.
const MinEssentialCoverage = 0.5

// Evidence is how a candidate's claim to a skill is backed.
type Evidence string

// Kinds of evidence, strongest first.
const (
	EvidenceCredential   Evidence = "credential"    // issued by this platform for a course or programme
	EvidenceImported     Evidence = "imported"      // an Open Badges 3.0 credential from elsewhere, signature and status verified
	EvidenceCompetition  Evidence = "competition"   // a competition's participation or placement credential
	EvidenceSelfDeclared Evidence = "self_declared" // the candidate's word, always labelled as such
)

// Strength is the weight of a kind of evidence.
func (e Evidence) Strength() float64 {
	switch e {
	case EvidenceCredential, EvidenceImported:
		return 1
	case EvidenceCompetition:
		return 0.8
	case EvidenceSelfDeclared:
		return 0.4
	}
	return 0
}

// Relations between the skill a candidate holds and the skill required.
type Relation string

const (
	RelationSame     Relation = "same"
	RelationNarrower Relation = "narrower" // the candidate's skill is a narrower concept of the required one
	RelationBroader  Relation = "broader"  // the candidate's skill is a broader concept of the required one
)

// Weight is the share of credit a relation gives.
func (r Relation) Weight() float64 {
	switch r {
	case RelationSame:
		return 1
	case RelationNarrower:
		return 0.75
	case RelationBroader:
		return 0.5
	}
	return 0
}

// LevelShortfall is the share of credit for a skill held below the opening's minimum level.
const LevelShortfall = 0.5

// Skill levels, from the opening's minimum or the candidate's claim; 0 is unstated.
const (
	LevelBasic        = 1
	LevelIntermediate = 2
	LevelAdvanced     = 3
	LevelExpert       = 4
)

// Claim is a candidate's claim to a skill, with what backs it.
type Claim struct {
	Skill    string   // ESCO skill URI
	Level    int      // 0 when unstated: counts as LevelBasic
	Evidence Evidence // what backs it
	// Sources are the ids of the credentials that prove it (none when self-declared).
	Sources []string
}

// Language is a language and a CEFR level (A1 … C2).
type Language struct {
	Code string `json:"code" bson:"code"` // ISO 639-1
	CEFR string `json:"cefr" bson:"cefr"`
}

// Candidate is what matching reads of a profile in the pool.
type Candidate struct {
	Claims    []Claim
	Languages []Language
	Country   string   // of residence, ISO 3166-1 alpha-2
	Places    []string // other countries the candidate would work in
	Remote    bool     // accepts remote work
	// RightToWork lists the countries where the candidate may work without a permit.
	RightToWork []string
	// AvailableFrom is the first day the candidate can start; zero when now.
	AvailableFrom time.Time
}

// Requirement is a skill an opening asks for.
type Requirement struct {
	Skill     string // ESCO skill URI
	Essential bool
	MinLevel  int // 0 when any level will do
}

// Remote policies of an opening.
const (
	OnSite = "on_site"
	Hybrid = "hybrid"
	Remote = "remote"
)

// Opening is what matching reads of an opening.
type Opening struct {
	Skills        []Requirement
	Languages     []Language
	Country       string
	RemotePolicy  string // OnSite, Hybrid or Remote
	PermitSupport bool   // the company supports a work-permit application
	StartDate     time.Time
}

// Hierarchy tells how ESCO skills relate: Broader returns the broader
// concepts of a skill.
type Hierarchy interface {
	Broader(skill string) []string
}

// Factor is one term of the score.
type Factor struct {
	Factor string  `json:"factor" bson:"factor"` // essential_skills, optional_skills, languages
	Weight float64 `json:"weight" bson:"weight"`
	Value  float64 `json:"value" bson:"value"`   // 0–1
	Points float64 `json:"points" bson:"points"` // Weight × Value × 100, its share of the score
}

// SkillResult is how one required skill is covered.
type SkillResult struct {
	Skill     string `json:"skill" bson:"skill"`
	Essential bool   `json:"essential" bson:"essential"`
	MinLevel  int    `json:"min_level,omitempty" bson:"min_level,omitempty"`
	// Credit is 0 when nothing the candidate holds covers it.
	Credit   float64  `json:"credit" bson:"credit"`
	Via      string   `json:"via,omitempty" bson:"via,omitempty"` // the candidate's skill that covers it
	Relation Relation `json:"relation,omitempty" bson:"relation,omitempty"`
	Evidence Evidence `json:"evidence,omitempty" bson:"evidence,omitempty"`
	LevelMet bool     `json:"level_met" bson:"level_met"`
	Sources  []string `json:"sources,omitempty" bson:"sources,omitempty"`
}

// Constraint is a condition reported beside the score, never in it.
type Constraint struct {
	Constraint string `json:"constraint" bson:"constraint"` // location, work_authorisation, start_date
	Met        bool   `json:"met" bson:"met"`
	// Reason is a code the web app words: remote, same_country, accepted_country,
	// elsewhere, right_to_work, permit_supported, permit_needed, available, later.
	Reason string `json:"reason" bson:"reason"`
}

// Match is a score and its explanation.
type Match struct {
	Version  string  `json:"version" bson:"version"`
	Score    float64 `json:"score" bson:"score"` // 0–100, one decimal
	Eligible bool    `json:"eligible" bson:"eligible"`
	// EssentialCoverage is the share of essential skills held with any evidence, 0–1: the floor applies to it.
	EssentialCoverage float64       `json:"essential_coverage" bson:"essential_coverage"`
	Factors           []Factor      `json:"factors" bson:"factors"`
	Skills            []SkillResult `json:"skills" bson:"skills"`
	// MissingEssential and MissingOptional list the required skills nothing covers.
	MissingEssential []string     `json:"missing_essential" bson:"missing_essential"`
	MissingOptional  []string     `json:"missing_optional" bson:"missing_optional"`
	Constraints      []Constraint `json:"constraints" bson:"constraints"`
}

// Score matches a candidate against an opening.
func Score(o Opening, c Candidate, h Hierarchy) Match {
	m := Match{
		Version:          Version,
		Skills:           make([]SkillResult, 0, len(o.Skills)),
		MissingEssential: []string{},
		MissingOptional:  []string{},
	}
	held := heldSkills(c.Claims, h)
	var ess, opt coverage
	for _, r := range o.Skills {
		sr := cover(r, c.Claims, held, h)
		m.Skills = append(m.Skills, sr)
		cov := &opt
		if r.Essential {
			cov = &ess
		}
		cov.add(sr.Credit)
		if sr.Credit == 0 {
			if r.Essential {
				m.MissingEssential = append(m.MissingEssential, r.Skill)
			} else {
				m.MissingOptional = append(m.MissingOptional, r.Skill)
			}
		}
	}
	m.Factors = []Factor{
		factor("essential_skills", WeightEssential, ess.share()),
		factor("optional_skills", WeightOptional, opt.share()),
		factor("languages", WeightLanguages, languageShare(o.Languages, c.Languages)),
	}
	var total float64
	for _, f := range m.Factors {
		total += f.Points
	}
	m.Score = round1(total)
	m.EssentialCoverage = round3(ess.held())
	m.Eligible = ess.held() >= MinEssentialCoverage
	m.Constraints = constraints(o, c)
	return m
}

// coverage sums the credit of required skills.
type coverage struct {
	credit  float64
	covered int // required skills with any credit
	n       int
}

func (c *coverage) add(credit float64) {
	c.credit += credit
	c.n++
	if credit > 0 {
		c.covered++
	}
}

// share is the mean credit; an opening asking for none is fully covered.
func (c coverage) share() float64 {
	if c.n == 0 {
		return 1
	}
	return c.credit / float64(c.n)
}

// held is the share of required skills with any credit; 1 when none is required.
func (c coverage) held() float64 {
	if c.n == 0 {
		return 1
	}
	return float64(c.covered) / float64(c.n)
}

func factor(name string, weight, value float64) Factor {
	return Factor{Factor: name, Weight: weight, Value: round3(value), Points: round1(100 * weight * value)}
}

// heldSkills looks up the broader concepts of each claimed skill once per
// score, rather than once per required skill.
func heldSkills(claims []Claim, h Hierarchy) [][]string {
	if h == nil {
		return nil
	}
	out := make([][]string, len(claims))
	for i, cl := range claims {
		out[i] = h.Broader(cl.Skill)
	}
	return out
}

// cover finds the candidate's best claim to a required skill; broader[i]
// holds the broader concepts of claims[i].
func cover(r Requirement, claims []Claim, broader [][]string, h Hierarchy) SkillResult {
	best := SkillResult{Skill: r.Skill, Essential: r.Essential, MinLevel: r.MinLevel}
	var bestCredit float64
	requiredBroader := broaderOf(r.Skill, h)
	for i, cl := range claims {
		rel := relation(cl.Skill, broader, i, r.Skill, requiredBroader)
		if rel == "" {
			continue
		}
		levelMet := r.MinLevel == 0 || max(cl.Level, LevelBasic) >= r.MinLevel
		credit := cl.Evidence.Strength() * rel.Weight()
		if !levelMet {
			credit *= LevelShortfall
		}
		if credit == 0 {
			continue
		}
		if credit > bestCredit || credit == bestCredit && explainsBetter(cl, rel, best) {
			bestCredit = credit
			best.Credit, best.Via, best.Relation, best.Evidence, best.LevelMet = round3(credit), cl.Skill, rel, cl.Evidence, levelMet
			best.Sources = slices.Clone(cl.Sources)
		}
	}
	return best
}

func broaderOf(skill string, h Hierarchy) []string {
	if h == nil {
		return nil
	}
	return h.Broader(skill)
}

// relation tells how the held skill (claims[i], whose broader concepts are
// broader[i]) relates to the required one, "" when not at all.
func relation(held string, broader [][]string, i int, required string, requiredBroader []string) Relation {
	switch {
	case held == required:
		return RelationSame
	case broader != nil && slices.Contains(broader[i], required):
		return RelationNarrower
	case slices.Contains(requiredBroader, held):
		return RelationBroader
	}
	return ""
}

// Eligible reports what Score(o, c, h).Eligible reports, without building
// the explanation: a full recompute skips with it the many pairs below the
// floor.
func Eligible(o Opening, c Candidate, h Hierarchy) bool {
	// Most candidates hold few skills: their broader concepts fit on the stack.
	var buf [16][]string
	var held [][]string
	if h != nil {
		held = buf[:0]
		for _, cl := range c.Claims {
			held = append(held, h.Broader(cl.Skill))
		}
	}
	var ess coverage
	for _, r := range o.Skills {
		if !r.Essential {
			continue
		}
		requiredBroader := broaderOf(r.Skill, h)
		credit := 0.0
		for i, cl := range c.Claims {
			if cl.Evidence.Strength() > 0 && relation(cl.Skill, held, i, r.Skill, requiredBroader) != "" {
				credit = 1
				break
			}
		}
		ess.add(credit)
	}
	return ess.held() >= MinEssentialCoverage
}

// explainsBetter breaks a tie between two claims of equal credit, so that the
// explanation does not depend on the order of the claims.
func explainsBetter(cl Claim, rel Relation, best SkillResult) bool {
	if a, b := evidenceRank(cl.Evidence), evidenceRank(best.Evidence); a != b {
		return a < b
	}
	if a, b := rel.Weight(), best.Relation.Weight(); a != b {
		return a > b
	}
	if cl.Skill != best.Via {
		return cl.Skill < best.Via
	}
	return slices.Compare(cl.Sources, best.Sources) < 0
}

// evidenceRank orders kinds of evidence, strongest first.
func evidenceRank(e Evidence) int {
	switch e {
	case EvidenceCredential:
		return 0
	case EvidenceImported:
		return 1
	case EvidenceCompetition:
		return 2
	}
	return 3
}

// cefrRank orders CEFR levels from 1 (A1) to 6 (C2), in either case; an
// unknown level ranks 0, below A1.
func cefrRank(level string) int {
	if len(level) != 2 || level[1] < '1' || level[1] > '2' {
		return 0
	}
	switch level[0] {
	case 'A', 'a':
		return int(level[1] - '0')
	case 'B', 'b':
		return 2 + int(level[1]-'0')
	case 'C', 'c':
		return 4 + int(level[1]-'0')
	}
	return 0
}

// languageShare is the share of required languages spoken at the level asked.
func languageShare(required, spoken []Language) float64 {
	if len(required) == 0 {
		return 1
	}
	met := 0
	for _, r := range required {
		if speaks(spoken, r) {
			met++
		}
	}
	return float64(met) / float64(len(required))
}

func speaks(spoken []Language, r Language) bool {
	for _, l := range spoken {
		if strings.EqualFold(l.Code, r.Code) && cefrRank(l.CEFR) >= cefrRank(r.CEFR) {
			return true
		}
	}
	return false
}

// constraints reports place of work, right to work and start date.
func constraints(o Opening, c Candidate) []Constraint {
	out := make([]Constraint, 0, 3)
	switch {
	case o.RemotePolicy == Remote && c.Remote:
		out = append(out, Constraint{Constraint: "location", Met: true, Reason: "remote"})
	case o.Country != "" && o.Country == c.Country:
		out = append(out, Constraint{Constraint: "location", Met: true, Reason: "same_country"})
	case slices.Contains(c.Places, o.Country):
		out = append(out, Constraint{Constraint: "location", Met: true, Reason: "accepted_country"})
	default:
		out = append(out, Constraint{Constraint: "location", Met: false, Reason: "elsewhere"})
	}
	switch {
	case o.RemotePolicy == Remote && c.Remote && c.Country != "" && slices.Contains(c.RightToWork, c.Country):
		// Working remotely from where one may work needs no permit for the opening's country.
		out = append(out, Constraint{Constraint: "work_authorisation", Met: true, Reason: "right_to_work"})
	case slices.Contains(c.RightToWork, o.Country):
		out = append(out, Constraint{Constraint: "work_authorisation", Met: true, Reason: "right_to_work"})
	case o.PermitSupport:
		out = append(out, Constraint{Constraint: "work_authorisation", Met: true, Reason: "permit_supported"})
	default:
		out = append(out, Constraint{Constraint: "work_authorisation", Met: false, Reason: "permit_needed"})
	}
	if o.StartDate.IsZero() || c.AvailableFrom.IsZero() || !c.AvailableFrom.After(o.StartDate) {
		out = append(out, Constraint{Constraint: "start_date", Met: true, Reason: "available"})
	} else {
		out = append(out, Constraint{Constraint: "start_date", Met: false, Reason: "later"})
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
