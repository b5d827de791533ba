package sample_test

import (
	"encoding/csv"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"academy/content"
	"academy/services/talent/matching"
	"academy/services/talent/sample"
)

func load(t *testing.T) sample.Data {
	t.Helper()
	d, err := sample.Load(content.Files())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return d
}

// readCSV returns the rows of a content CSV file by column name.
func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := content.Files().Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, col := range rows[0] {
			m[col] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func lastSegment(uri string) string { return uri[strings.LastIndex(uri, "/")+1:] }

// esco is what the seed catalogue knows: the taxonomy's skills, the
// occupations and their essential (true) and optional (false) skills.
type esco struct {
	skills      map[string]bool
	occupations map[string]map[string]bool
}

func loadESCO(t *testing.T) esco {
	t.Helper()
	e := esco{skills: map[string]bool{}, occupations: map[string]map[string]bool{}}
	for _, r := range readCSV(t, "skills/esco_digital_skills.csv") {
		e.skills[lastSegment(r["conceptUri"])] = true
	}
	for _, r := range readCSV(t, "occupations/esco_occupations_ict.csv") {
		e.occupations[lastSegment(r["esco_uri"])] = map[string]bool{}
	}
	for _, r := range readCSV(t, "occupations/esco_occupation_skill_relations_ict.csv") {
		e.occupations[lastSegment(r["occupation_uri"])][lastSegment(r["skill_uri"])] = r["relation_type"] == "essential"
	}
	return e
}

func TestCompaniesAndOpenings(t *testing.T) {
	d := load(t)
	e := loadESCO(t)
	countries := map[string]bool{}
	for _, c := range d.Companies {
		countries[c.Country] = true
		if !strings.Contains(c.Name, "(sample)") || !strings.Contains(c.Website, ".example.") {
			t.Errorf("company %s: %q at %s does not read as fictional", c.Slug, c.Name, c.Website)
		}
	}
	if len(d.Companies) < 5 || len(countries) < 4 {
		t.Errorf("%d companies in %d countries, want at least 5 in 4", len(d.Companies), len(countries))
	}
	if len(d.Openings) < 15 {
		t.Errorf("%d openings, want at least 15", len(d.Openings))
	}
	occupations, permits := map[string]bool{}, 0
	for _, o := range d.Openings {
		occupations[o.Occupation] = true
		if o.PermitSupport {
			permits++
		}
		relations, ok := e.occupations[o.Occupation]
		if !ok {
			t.Errorf("opening %s: occupation %s is not an ESCO ICT occupation of the seed", o.ID, o.Occupation)
			continue
		}
		for _, s := range o.Skills {
			essential, related := relations[s.Skill]
			switch {
			case !e.skills[s.Skill]:
				t.Errorf("opening %s: skill %s is not in the taxonomy", o.ID, s.Skill)
			case !related:
				t.Errorf("opening %s: skill %s is not one of its occupation's skills", o.ID, s.Skill)
			case essential != s.Essential:
				t.Errorf("opening %s: skill %s marked essential %v, ESCO says %v", o.ID, s.Skill, s.Essential, essential)
			}
		}
	}
	if len(occupations) < 10 || permits == 0 || permits == len(d.Openings) {
		t.Errorf("%d occupations, %d of %d openings supporting a permit: want a spread across occupations, some supporting one",
			len(occupations), permits, len(d.Openings))
	}
}

func TestLearners(t *testing.T) {
	d := load(t)
	e := loadESCO(t)
	learners := d.Learners.Generate()
	if len(learners) < 200 {
		t.Fatalf("%d learners, want at least 200", len(learners))
	}
	if again := d.Learners.Generate(); !reflect.DeepEqual(again, learners) {
		t.Fatal("generating twice gave other learners")
	}
	keys, tracks := map[string]bool{}, map[string]int{}
	needPermits := 0
	for _, l := range learners {
		if keys[l.Key] || keys[l.Email] {
			t.Errorf("learner %s: key or e-mail %s taken", l.Key, l.Email)
		}
		keys[l.Key], keys[l.Email] = true, true
		tracks[l.Track]++
		if !slices.ContainsFunc(l.Languages, func(x sample.Language) bool { return x.Code == "en" }) {
			t.Errorf("learner %s speaks no English: %v", l.Key, l.Languages)
		}
		if slices.Contains(l.Places, l.Country) {
			t.Errorf("learner %s lists their own country %s among other places", l.Key, l.Country)
		}
		if l.NeedsPermit {
			needPermits++
		} else if len(l.RightToWork) != 27 {
			t.Errorf("learner %s in %s needs no permit but may work in %v", l.Key, l.Country, l.RightToWork)
		}
		if len(l.Courses) == 0 || len(l.Occupations) == 0 || l.Headline == "" {
			t.Errorf("learner %s: no course, occupation or headline", l.Key)
		}
		for _, c := range l.Courses {
			if _, err := fs.Stat(content.Files(), "courses/"+c+"/course.md"); err != nil {
				t.Errorf("learner %s: course %s is not a seed course", l.Key, c)
			}
		}
		for _, o := range l.Occupations {
			if _, ok := e.occupations[o]; !ok {
				t.Errorf("learner %s: occupation %s is not an ESCO ICT occupation of the seed", l.Key, o)
			}
		}
		for _, s := range l.SelfDeclared {
			if !e.skills[s.Skill] {
				t.Errorf("learner %s: self-declared skill %s is not in the taxonomy", l.Key, s.Skill)
			}
		}
	}
	if needPermits < len(learners)/10 || needPermits > len(learners)/2 {
		t.Errorf("%d of %d learners need a work permit, want a noticeable minority", needPermits, len(learners))
	}
	for _, track := range d.Learners.Tracks {
		if tracks[track.Name] == 0 {
			t.Errorf("no learner follows the track %s", track.Name)
		}
	}
}

// TestLearnersMatchOpenings scores the sample learners, with the skills their
// courses' credentials prove, against the sample openings: the demonstration
// needs eligible matches, and gaps left for learning.
func TestLearnersMatchOpenings(t *testing.T) {
	d := load(t)
	courseSkill := regexp.MustCompile(`skill: ([0-9a-f-]{36}), proficiency: (\w+)`)
	levels := map[string]int{"basic": matching.LevelBasic, "intermediate": matching.LevelIntermediate, "advanced": matching.LevelAdvanced}
	taught := map[string][]matching.Claim{}
	for _, l := range d.Learners.Generate() {
		for _, c := range l.Courses {
			if _, ok := taught[c]; ok {
				continue
			}
			md, err := fs.ReadFile(content.Files(), "courses/"+c+"/course.md")
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range courseSkill.FindAllStringSubmatch(string(md), -1) {
				taught[c] = append(taught[c], matching.Claim{Skill: m[1], Level: levels[m[2]], Evidence: matching.EvidenceCredential, Sources: []string{c}})
			}
		}
	}
	matched, eligible, withGaps := map[string]bool{}, 0, 0
	for _, l := range d.Learners.Generate() {
		var cand matching.Candidate
		for _, c := range l.Courses {
			cand.Claims = append(cand.Claims, taught[c]...)
		}
		for _, s := range l.SelfDeclared {
			cand.Claims = append(cand.Claims, matching.Claim{Skill: s.Skill, Level: s.Level, Evidence: matching.EvidenceSelfDeclared})
		}
		for _, o := range d.Openings {
			var op matching.Opening
			for _, s := range o.Skills {
				op.Skills = append(op.Skills, matching.Requirement{Skill: s.Skill, Essential: s.Essential, MinLevel: s.MinLevel})
			}
			if m := matching.Score(op, cand, nil); m.Eligible {
				eligible++
				matched[o.ID] = true
				if len(m.MissingEssential)+len(m.MissingOptional) > 0 {
					withGaps++
				}
			}
		}
	}
	if len(matched) < len(d.Openings)/2 || withGaps == 0 {
		t.Errorf("%d eligible matches reach %d of %d openings, %d with gaps: want most openings matched and gaps to learn",
			eligible, len(matched), len(d.Openings), withGaps)
	}
}

func TestLoadRefuses(t *testing.T) {
	files := func(t *testing.T) fstest.MapFS {
		t.Helper()
		m := fstest.MapFS{}
		for _, name := range []string{sample.CompaniesFile, sample.OpeningsFile, sample.LearnersFile} {
			data, err := fs.ReadFile(content.Files(), name)
			if err != nil {
				t.Fatal(err)
			}
			m[name] = &fstest.MapFile{Data: data}
		}
		return m
	}
	tests := []struct {
		name, file, old, new, want string
	}{
		{"a company not marked as sample", sample.CompaniesFile, "sample: true", "sample: false", "not marked as sample data"},
		{"an unknown field", sample.CompaniesFile, "    city: Berlin", "    city: Berlin\n    founded: 1999", "field founded not found"},
		{"an opening of an unknown company", sample.OpeningsFile, "company: nordwerk-analytics", "company: nowhere-gmbh", `unknown company "nowhere-gmbh"`},
		{"a pay range upside down", sample.OpeningsFile, "{min: 52000, max: 62000", "{min: 62000, max: 52000", "needs 0 < min ≤ max"},
		{"a bad CEFR level", sample.OpeningsFile, "{code: en, cefr: B2}", "{code: en, cefr: fluent}", "CEFR level"},
		{"a remote policy unknown", sample.OpeningsFile, "remote_policy: hybrid", "remote_policy: sometimes", "remote policy"},
		{"learners not marked as sample", sample.LearnersFile, "sample: true", "sample: false", "not marked as sample data"},
		{"a track without courses", sample.LearnersFile, "courses: [python-for-data-and-ai, ai-adoption-for-smes]", "courses: []", `track "software" needs`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := files(t)
			text := string(m[tt.file].Data)
			if !strings.Contains(text, tt.old) {
				t.Fatalf("%s holds no %q", tt.file, tt.old)
			}
			m[tt.file].Data = []byte(strings.Replace(text, tt.old, tt.new, 1))
			_, err := sample.Load(m)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("Load: %v, want an error in %s about %q", err, tt.file, tt.want)
			}
		})
	}
}
