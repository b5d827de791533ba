package sample

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// LearnerSpec is how the sample learner profiles are generated
// (talent/learners.yaml).
type LearnerSpec struct {
	Sample      bool     `yaml:"sample"`
	Count       int      `yaml:"count"`
	Seed        uint64   `yaml:"seed"`
	EmailDomain string   `yaml:"email_domain"`
	FirstNames  []string `yaml:"first_names"`
	LastNames   []string `yaml:"last_names"`
	Countries   []struct {
		Code      string   `yaml:"code"`
		Weight    int      `yaml:"weight"`
		Languages []string `yaml:"languages"`
		EU        bool     `yaml:"eu"`
	} `yaml:"countries"`
	EUMemberStates        []string `yaml:"eu_member_states"`
	EnglishLevels         []string `yaml:"english_levels"`
	FurtherLanguages      []string `yaml:"further_languages"`
	FurtherLanguageLevels []string `yaml:"further_language_levels"`
	FurtherLanguageShare  float64  `yaml:"further_language_share"`
	RemoteShare           float64  `yaml:"remote_share"`
	PermitHolderShare     float64  `yaml:"permit_holder_share"`
	Places                []string `yaml:"places"`
	MaxPlaces             int      `yaml:"max_places"`
	AvailableInDays       []int    `yaml:"available_in_days"`
	Tracks                []Track  `yaml:"tracks"`
}

// Track is a learning path: the seed courses a learner completes, in order,
// and the occupations it leads to.
type Track struct {
	Name   string `yaml:"name"`
	Weight int    `yaml:"weight"`
	// Speaks is a language a learner must speak at B1 or above to follow the
	// track (its first course is taught in it); empty for none.
	Speaks       string          `yaml:"speaks"`
	Courses      []string        `yaml:"courses"`     // seed course slugs
	Occupations  []string        `yaml:"occupations"` // ESCO occupation ids
	Headlines    []string        `yaml:"headlines"`
	SelfDeclared []DeclaredSkill `yaml:"self_declared"`
}

// DeclaredSkill is a skill a learner claims without a credential.
type DeclaredSkill struct {
	Skill string `yaml:"skill"` // ESCO skill id
	Level int    `yaml:"level"` // 1 basic … 4 expert
}

// Learner is one generated sample profile. The platform creates the account,
// completes the courses through the real learning and issuing path (so the
// profile's verified skills come from real credentials) and joins the pool
// with the rest.
type Learner struct {
	Key          string // stable across runs: "sample-learner-001"
	Name         string
	Email        string
	Headline     string
	Country      string // of residence
	Languages    []Language
	Places       []string // other countries the learner would work in
	Remote       bool
	RightToWork  []string // where the learner may work without a permit
	NeedsPermit  bool
	AvailableIn  int    // days from the seeding day; 0 is now
	Track        string // the track's name
	Courses      []string
	Occupations  []string
	SelfDeclared []DeclaredSkill
}

func (s LearnerSpec) check() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !s.Sample {
		fail("not marked as sample data")
	}
	if s.Count < 1 || s.Count > 10_000 {
		fail("count %d outside 1–10000", s.Count)
	}
	if s.EmailDomain == "" || len(s.FirstNames) == 0 || len(s.LastNames) == 0 {
		fail("an e-mail domain and first and last names are required")
	}
	if len(s.Countries) == 0 || len(s.EnglishLevels) == 0 || len(s.AvailableInDays) == 0 || len(s.Tracks) == 0 {
		fail("countries, English levels, availabilities and tracks are required")
	}
	for _, c := range s.Countries {
		if !isCountry(c.Code) || c.Weight < 1 || len(c.Languages) == 0 || slices.ContainsFunc(c.Languages, func(l string) bool { return !isLanguage(l) }) {
			fail("country %+v needs a code, a positive weight and language codes", c)
		}
	}
	for _, list := range [][]string{s.EUMemberStates, s.Places} {
		if slices.ContainsFunc(list, func(c string) bool { return !isCountry(c) }) {
			fail("country list %v holds a value that is not an ISO 3166-1 alpha-2 code", list)
		}
	}
	for _, l := range slices.Concat(s.EnglishLevels, s.FurtherLanguageLevels) {
		if !slices.Contains(cefrLevels, l) {
			fail("%q is not a CEFR level", l)
		}
	}
	if len(s.FurtherLanguages) == 0 || len(s.FurtherLanguageLevels) == 0 {
		fail("further languages and their levels are required")
	}
	for _, share := range []float64{s.FurtherLanguageShare, s.RemoteShare, s.PermitHolderShare} {
		if share < 0 || share > 1 {
			fail("share %v outside 0–1", share)
		}
	}
	if s.MaxPlaces < 0 || s.MaxPlaces > len(s.Places) {
		fail("max places %d outside 0–%d", s.MaxPlaces, len(s.Places))
	}
	for _, d := range s.AvailableInDays {
		if d < 0 {
			fail("negative availability %d", d)
		}
	}
	if !slices.ContainsFunc(s.Tracks, func(t Track) bool { return t.Speaks == "" }) {
		fail("every track needs a language: at least one must be open to anyone")
	}
	for _, t := range s.Tracks {
		if t.Name == "" || t.Weight < 1 || len(t.Courses) == 0 || len(t.Occupations) == 0 || len(t.Headlines) == 0 {
			fail("track %q needs a name, a positive weight, courses, occupations and headlines", t.Name)
		}
		if t.Speaks != "" && !isLanguage(t.Speaks) {
			fail("track %q: %q is not an ISO 639-1 code", t.Name, t.Speaks)
		}
		for _, d := range t.SelfDeclared {
			if d.Skill == "" || d.Level < 1 || d.Level > 4 {
				fail("track %q: self-declared skill %+v needs a skill and a level 1–4", t.Name, d)
			}
		}
	}
	return errs
}

// Generate returns the spec's learners: the same spec always gives the same
// learners, in the same order.
func (s LearnerSpec) Generate() []Learner {
	r := rand.New(rand.NewPCG(s.Seed, s.Seed^0x5deece66d))
	out := make([]Learner, 0, s.Count)
	for i := range s.Count {
		out = append(out, s.learner(r, i))
	}
	return out
}

func (s LearnerSpec) learner(r *rand.Rand, i int) Learner {
	first, last := pick(r, s.FirstNames), pick(r, s.LastNames)
	key := fmt.Sprintf("sample-learner-%03d", i+1)
	country := s.Countries[weighted(r, len(s.Countries), func(k int) int { return s.Countries[k].Weight })]
	l := Learner{
		Key:         key,
		Name:        first + " " + last,
		Email:       key + "@" + s.EmailDomain,
		Country:     country.Code,
		Remote:      r.Float64() < s.RemoteShare,
		AvailableIn: pick(r, s.AvailableInDays),
	}
	for _, code := range country.Languages {
		l.Languages = append(l.Languages, Language{Code: code, CEFR: "C2"})
	}
	if !l.speaks("en", "A1") {
		l.Languages = append(l.Languages, Language{Code: "en", CEFR: pick(r, s.EnglishLevels)})
	}
	if r.Float64() < s.FurtherLanguageShare {
		if code := pick(r, s.FurtherLanguages); !l.speaks(code, "A1") {
			l.Languages = append(l.Languages, Language{Code: code, CEFR: pick(r, s.FurtherLanguageLevels)})
		}
	}
	for range r.IntN(s.MaxPlaces + 1) {
		if p := pick(r, s.Places); p != l.Country && !slices.Contains(l.Places, p) {
			l.Places = append(l.Places, p)
		}
	}
	switch {
	case country.EU:
		l.RightToWork = slices.Clone(s.EUMemberStates)
	case r.Float64() < s.PermitHolderShare:
		// A residence permit in one EU country: free to work there, a permit needed elsewhere.
		l.RightToWork, l.NeedsPermit = []string{pick(r, s.Places)}, true
	default:
		l.NeedsPermit = true
	}
	var tracks []Track
	for _, t := range s.Tracks {
		if t.Speaks == "" || l.speaks(t.Speaks, "B1") {
			tracks = append(tracks, t)
		}
	}
	t := tracks[weighted(r, len(tracks), func(k int) int { return tracks[k].Weight })]
	l.Track, l.Headline = t.Name, pick(r, t.Headlines)
	l.Courses = slices.Clone(t.Courses[:1+r.IntN(len(t.Courses))])
	l.Occupations = slices.Clone(t.Occupations[:1+r.IntN(len(t.Occupations))])
	for _, d := range t.SelfDeclared {
		if r.IntN(3) == 0 {
			l.SelfDeclared = append(l.SelfDeclared, d)
		}
	}
	return l
}

// speaks reports whether the learner speaks code at level or above.
func (l Learner) speaks(code, level string) bool {
	return slices.ContainsFunc(l.Languages, func(x Language) bool {
		return x.Code == code && slices.Index(cefrLevels, x.CEFR) >= slices.Index(cefrLevels, level)
	})
}

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

// weighted draws an index from 0 to n-1 with probability proportional to weight(i).
func weighted(r *rand.Rand, n int, weight func(int) int) int {
	total := 0
	for i := range n {
		total += weight(i)
	}
	x := r.IntN(total)
	for i := range n - 1 {
		if x -= weight(i); x < 0 {
			return i
		}
	}
	return n - 1
}
