package matching_test

import (
	"math"
	"slices"
	"testing"
	"time"

	"academy/services/talent/matching"
)

// tree is a skill hierarchy: each skill maps to its broader concepts.
type tree map[string][]string

func (t tree) Broader(skill string) []string { return t[skill] }

// The test hierarchy: python is narrower than programming, itself narrower than computing.
var skills = tree{
	"python":      {"programming"},
	"programming": {"computing"},
	"sql":         {"databases"},
}

func essential(skill string, minLevel int) matching.Requirement {
	return matching.Requirement{Skill: skill, Essential: true, MinLevel: minLevel}
}

func optional(skill string) matching.Requirement {
	return matching.Requirement{Skill: skill}
}

func claim(skill string, level int, e matching.Evidence, sources ...string) matching.Claim {
	return matching.Claim{Skill: skill, Level: level, Evidence: e, Sources: sources}
}

func points(m matching.Match, factor string) float64 {
	for _, f := range m.Factors {
		if f.Factor == factor {
			return f.Points
		}
	}
	return math.NaN()
}

func TestScore(t *testing.T) {
	oneEssential := func(minLevel int) matching.Opening {
		return matching.Opening{Skills: []matching.Requirement{essential("programming", minLevel)}}
	}
	tests := []struct {
		name     string
		opening  matching.Opening
		claims   []matching.Claim
		langs    []matching.Language
		score    float64
		eligible bool
		// what the explanation says of the first required skill
		credit   float64
		relation matching.Relation
		evidence matching.Evidence
		levelMet bool
	}{
		{"credential for the same skill", oneEssential(0),
			[]matching.Claim{claim("programming", 2, matching.EvidenceCredential, "cred-1")}, nil,
			100, true, 1, matching.RelationSame, matching.EvidenceCredential, true},
		{"imported credential counts as much", oneEssential(0),
			[]matching.Claim{claim("programming", 2, matching.EvidenceImported, "imp-1")}, nil,
			100, true, 1, matching.RelationSame, matching.EvidenceImported, true},
		{"competition credential", oneEssential(0),
			[]matching.Claim{claim("programming", 2, matching.EvidenceCompetition, "comp-1")}, nil,
			88, true, 0.8, matching.RelationSame, matching.EvidenceCompetition, true},
		{"self-declared skill", oneEssential(0),
			[]matching.Claim{claim("programming", 2, matching.EvidenceSelfDeclared)}, nil,
			64, true, 0.4, matching.RelationSame, matching.EvidenceSelfDeclared, true},
		{"unknown evidence counts for nothing", oneEssential(0),
			[]matching.Claim{claim("programming", 2, "rumour")}, nil,
			40, false, 0, "", "", false},
		{"a narrower skill counts three quarters", oneEssential(0),
			[]matching.Claim{claim("python", 2, matching.EvidenceCredential)}, nil,
			85, true, 0.75, matching.RelationNarrower, matching.EvidenceCredential, true},
		{"a broader skill counts half", oneEssential(0),
			[]matching.Claim{claim("computing", 2, matching.EvidenceCredential)}, nil,
			70, true, 0.5, matching.RelationBroader, matching.EvidenceCredential, true},
		{"two steps up the hierarchy is no relation", matching.Opening{Skills: []matching.Requirement{essential("python", 0)}},
			[]matching.Claim{claim("computing", 2, matching.EvidenceCredential)}, nil,
			40, false, 0, "", "", false},
		{"siblings are no relation", matching.Opening{Skills: []matching.Requirement{essential("sql", 0)}},
			[]matching.Claim{claim("python", 4, matching.EvidenceCredential)}, nil,
			40, false, 0, "", "", false},
		{"level below the minimum counts half", oneEssential(3),
			[]matching.Claim{claim("programming", 2, matching.EvidenceCredential)}, nil,
			70, true, 0.5, matching.RelationSame, matching.EvidenceCredential, false},
		{"level above the minimum counts fully", oneEssential(3),
			[]matching.Claim{claim("programming", 4, matching.EvidenceCredential)}, nil,
			100, true, 1, matching.RelationSame, matching.EvidenceCredential, true},
		{"an unstated level is basic: meets a basic minimum", oneEssential(matching.LevelBasic),
			[]matching.Claim{claim("programming", 0, matching.EvidenceCredential)}, nil,
			100, true, 1, matching.RelationSame, matching.EvidenceCredential, true},
		{"an unstated level is basic: short of an intermediate minimum", oneEssential(matching.LevelIntermediate),
			[]matching.Claim{claim("programming", 0, matching.EvidenceCredential)}, nil,
			70, true, 0.5, matching.RelationSame, matching.EvidenceCredential, false},
		{"the factors multiply: self-declared, broader, below level", oneEssential(3),
			[]matching.Claim{claim("computing", 1, matching.EvidenceSelfDeclared)}, nil,
			46, true, 0.1, matching.RelationBroader, matching.EvidenceSelfDeclared, false},
		{"the best claim wins", oneEssential(0),
			[]matching.Claim{
				claim("programming", 2, matching.EvidenceSelfDeclared),
				claim("python", 2, matching.EvidenceCredential, "cred-9"),
				claim("computing", 2, matching.EvidenceCompetition),
			}, nil,
			85, true, 0.75, matching.RelationNarrower, matching.EvidenceCredential, true},
		{"nothing held", oneEssential(0), nil, nil,
			40, false, 0, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matching.Score(tt.opening, matching.Candidate{Claims: tt.claims, Languages: tt.langs}, skills)
			if m.Score != tt.score || m.Eligible != tt.eligible {
				t.Errorf("score %v eligible %v, want %v and %v (%+v)", m.Score, m.Eligible, tt.score, tt.eligible, m)
			}
			sr := m.Skills[0]
			if sr.Credit != tt.credit || sr.Relation != tt.relation || sr.Evidence != tt.evidence || sr.LevelMet != tt.levelMet {
				t.Errorf("skill explained as %+v, want credit %v via %q %q, level met %v", sr, tt.credit, tt.relation, tt.evidence, tt.levelMet)
			}
			if m.Version != matching.Version {
				t.Errorf("version %q, want %q", m.Version, matching.Version)
			}
		})
	}
}

func TestScoreNamesTheClaimAndItsSources(t *testing.T) {
	o := matching.Opening{Skills: []matching.Requirement{essential("python", 0), optional("sql")}}
	c := matching.Candidate{Claims: []matching.Claim{claim("python", 3, matching.EvidenceCredential, "cred-1", "cred-2")}}
	m := matching.Score(o, c, skills)
	got := m.Skills[0]
	if got.Via != "python" || !slices.Equal(got.Sources, []string{"cred-1", "cred-2"}) {
		t.Errorf("python explained as %+v, want it held via python with both credentials", got)
	}
	if !slices.Equal(m.MissingOptional, []string{"sql"}) || len(m.MissingEssential) != 0 {
		t.Errorf("missing essential %v optional %v, want only sql, optional", m.MissingEssential, m.MissingOptional)
	}
	c.Claims[0].Sources[0] = "changed"
	if m.Skills[0].Sources[0] != "cred-1" {
		t.Error("the explanation shares its sources with the candidate's claim")
	}
}

func TestFloor(t *testing.T) {
	opening := matching.Opening{Skills: []matching.Requirement{
		essential("a", 0), essential("b", 0), essential("c", 0), essential("d", 0), optional("e"),
	}}
	tests := []struct {
		name     string
		claims   []matching.Claim
		coverage float64
		eligible bool
		score    float64
	}{
		{"all four", []matching.Claim{
			claim("a", 1, matching.EvidenceCredential), claim("b", 1, matching.EvidenceCredential),
			claim("c", 1, matching.EvidenceCredential), claim("d", 1, matching.EvidenceCredential)},
			1, true, 75},
		{"half, on the floor", []matching.Claim{
			claim("a", 1, matching.EvidenceCredential), claim("b", 1, matching.EvidenceCredential)},
			0.5, true, 45},
		{"a quarter, below the floor", []matching.Claim{claim("a", 1, matching.EvidenceCredential)},
			0.25, false, 30},
		{"the floor counts skills held with any evidence", []matching.Claim{
			claim("a", 1, matching.EvidenceSelfDeclared), claim("b", 1, matching.EvidenceSelfDeclared)},
			0.5, true, 27},
		{"optional skills do not lift the floor", []matching.Claim{
			claim("a", 1, matching.EvidenceCredential), claim("e", 1, matching.EvidenceCredential)},
			0.25, false, 55},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := matching.Candidate{Claims: tt.claims}
			m := matching.Score(opening, c, nil)
			if m.EssentialCoverage != tt.coverage || m.Eligible != tt.eligible || m.Score != tt.score {
				t.Errorf("coverage %v eligible %v score %v, want %v, %v, %v", m.EssentialCoverage, m.Eligible, m.Score, tt.coverage, tt.eligible, tt.score)
			}
			if got := matching.Eligible(opening, c, nil); got != tt.eligible {
				t.Errorf("Eligible = %v, want %v", got, tt.eligible)
			}
		})
	}
	t.Run("an opening without essential skills has no floor", func(t *testing.T) {
		m := matching.Score(matching.Opening{Skills: []matching.Requirement{optional("e")}}, matching.Candidate{}, nil)
		if !m.Eligible || m.EssentialCoverage != 1 || m.Score != 75 {
			t.Errorf("%+v, want eligible with the essential factor full and the optional one empty", m)
		}
	})
}

func TestOptionalSkills(t *testing.T) {
	o := matching.Opening{Skills: []matching.Requirement{essential("a", 0), optional("b"), optional("c")}}
	m := matching.Score(o, matching.Candidate{Claims: []matching.Claim{
		claim("a", 1, matching.EvidenceCredential), claim("b", 1, matching.EvidenceCredential),
	}}, nil)
	if p := points(m, "optional_skills"); p != 12.5 {
		t.Errorf("optional points %v, want 12.5 (half of 25)", p)
	}
	if m.Score != 87.5 {
		t.Errorf("score %v, want 87.5", m.Score)
	}
}

func TestLanguages(t *testing.T) {
	required := []matching.Language{{Code: "en", CEFR: "B2"}, {Code: "de", CEFR: "B1"}}
	tests := []struct {
		name   string
		spoken []matching.Language
		points float64
	}{
		{"both at or above the level", []matching.Language{{Code: "en", CEFR: "C2"}, {Code: "de", CEFR: "B1"}}, 15},
		{"one below the level", []matching.Language{{Code: "en", CEFR: "C1"}, {Code: "de", CEFR: "A2"}}, 7.5},
		{"codes and levels in either case", []matching.Language{{Code: "EN", CEFR: "c1"}, {Code: "De", CEFR: "b2"}}, 15},
		{"an unknown level meets none", []matching.Language{{Code: "en", CEFR: "fluent"}, {Code: "de", CEFR: ""}}, 0},
		{"another language does not count", []matching.Language{{Code: "fr", CEFR: "C2"}}, 0},
		{"none spoken", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matching.Score(matching.Opening{Languages: required}, matching.Candidate{Languages: tt.spoken}, nil)
			if p := points(m, "languages"); p != tt.points {
				t.Errorf("language points %v, want %v", p, tt.points)
			}
		})
	}
	t.Run("no language required", func(t *testing.T) {
		if p := points(matching.Score(matching.Opening{}, matching.Candidate{}, nil), "languages"); p != 15 {
			t.Errorf("language points %v, want the full 15", p)
		}
	})
}

func TestScoreIsTheSumOfThePointsShown(t *testing.T) {
	// Thirds round: 20 + 8.3 + 5 = 33.3, where the unrounded sum is 33.33….
	o := matching.Opening{
		Skills: []matching.Requirement{
			essential("a", 0), essential("b", 0), essential("c", 0),
			optional("d"), optional("e"), optional("f"),
		},
		Languages: []matching.Language{{Code: "en", CEFR: "B1"}, {Code: "de", CEFR: "B1"}, {Code: "fr", CEFR: "B1"}},
	}
	c := matching.Candidate{
		Claims:    []matching.Claim{claim("a", 1, matching.EvidenceCredential), claim("d", 1, matching.EvidenceCredential)},
		Languages: []matching.Language{{Code: "en", CEFR: "C1"}},
	}
	m := matching.Score(o, c, nil)
	want := []matching.Factor{
		{Factor: "essential_skills", Weight: 0.6, Value: 0.333, Points: 20},
		{Factor: "optional_skills", Weight: 0.25, Value: 0.333, Points: 8.3},
		{Factor: "languages", Weight: 0.15, Value: 0.333, Points: 5},
	}
	if !slices.Equal(m.Factors, want) || m.Score != 33.3 {
		t.Errorf("factors %+v score %v, want %+v adding up to 33.3", m.Factors, m.Score, want)
	}
}

func TestConstraints(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	onSiteDE := matching.Opening{Country: "DE", RemotePolicy: matching.OnSite, StartDate: day("2027-03-01")}
	remoteDE := matching.Opening{Country: "DE", RemotePolicy: matching.Remote}
	hybridDE := matching.Opening{Country: "DE", RemotePolicy: matching.Hybrid, PermitSupport: true}
	tests := []struct {
		name       string
		opening    matching.Opening
		candidate  matching.Candidate
		constraint string
		met        bool
		reason     string
	}{
		{"remote work accepted", remoteDE, matching.Candidate{Country: "PT", Remote: true}, "location", true, "remote"},
		{"remote opening, candidate wants on site elsewhere", remoteDE, matching.Candidate{Country: "PT"}, "location", false, "elsewhere"},
		{"lives in the country", onSiteDE, matching.Candidate{Country: "DE"}, "location", true, "same_country"},
		{"would move there", onSiteDE, matching.Candidate{Country: "FR", Places: []string{"NL", "DE"}}, "location", true, "accepted_country"},
		{"elsewhere", onSiteDE, matching.Candidate{Country: "FR", Places: []string{"NL"}, Remote: true}, "location", false, "elsewhere"},
		{"hybrid needs presence", hybridDE, matching.Candidate{Country: "FR", Remote: true}, "location", false, "elsewhere"},
		{"right to work in the opening's country", onSiteDE, matching.Candidate{Country: "FR", RightToWork: []string{"FR", "DE"}},
			"work_authorisation", true, "right_to_work"},
		{"remote from where one may work", remoteDE, matching.Candidate{Country: "PT", Remote: true, RightToWork: []string{"PT"}},
			"work_authorisation", true, "right_to_work"},
		{"remote but without the right to work at home", remoteDE, matching.Candidate{Country: "PT", Remote: true, RightToWork: []string{"ES"}},
			"work_authorisation", false, "permit_needed"},
		{"needs a permit, the company supports one", hybridDE, matching.Candidate{Country: "IN"}, "work_authorisation", true, "permit_supported"},
		{"needs a permit, none supported", onSiteDE, matching.Candidate{Country: "IN"}, "work_authorisation", false, "permit_needed"},
		{"right to work elsewhere only", onSiteDE, matching.Candidate{Country: "FR", RightToWork: []string{"FR"}},
			"work_authorisation", false, "permit_needed"},
		{"available before the start", onSiteDE, matching.Candidate{AvailableFrom: day("2027-01-15")}, "start_date", true, "available"},
		{"available on the start day", onSiteDE, matching.Candidate{AvailableFrom: day("2027-03-01")}, "start_date", true, "available"},
		{"available later", onSiteDE, matching.Candidate{AvailableFrom: day("2027-03-02")}, "start_date", false, "later"},
		{"available now", onSiteDE, matching.Candidate{}, "start_date", true, "available"},
		{"no start date set", remoteDE, matching.Candidate{AvailableFrom: day("2030-01-01")}, "start_date", true, "available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := matching.Score(tt.opening, tt.candidate, nil)
			if len(m.Constraints) != 3 {
				t.Fatalf("constraints %+v, want location, work authorisation and start date", m.Constraints)
			}
			for _, c := range m.Constraints {
				if c.Constraint == tt.constraint {
					if c.Met != tt.met || c.Reason != tt.reason {
						t.Errorf("%s: met %v (%s), want %v (%s)", c.Constraint, c.Met, c.Reason, tt.met, tt.reason)
					}
					if m.Score != 100 || !m.Eligible {
						t.Errorf("score %v eligible %v: a constraint changed the number", m.Score, m.Eligible)
					}
					return
				}
			}
			t.Errorf("no %s constraint in %+v", tt.constraint, m.Constraints)
		})
	}
}
