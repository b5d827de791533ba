package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"academy/services/catalog"
	"academy/services/search"
)

// corpus generates a catalogue of courses and programmes deterministically:
// entry i depends only on the seed and i, so any count of entries can be
// generated again, in any order, and comes out the same.
type corpus struct {
	seed         uint64
	skills       []skill
	topicSkills  [][]int
	institutions []institution
}

// institution is a generated university or training provider.
type institution struct {
	id, slug, name, kind string
	country              country
	city                 string
}

// entry is one generated course or programme, before it takes the shape of
// a search document or of a catalogue record.
type entry struct {
	kind     string // search.TypeCourse or search.TypeProgramme
	id, slug string
	title    string
	summary  string
	// paragraphs are the description of a course, or the field of study and
	// other texts of a programme.
	paragraphs []string
	modules    []string // module titles of a course
	language   string   // language of the texts: en, fr or de
	languages  []string // languages of instruction
	inst       institution
	skills     []skill
	level      string
	cycle      string
	eqf        int
	ects       float64
	semesters  int
	workload   int
	delivery   string
	studyMode  string
	tuitionEU  float64 // EUR per year
	tuitionNon float64 // EUR per year
	published  time.Time
}

// corpusEpoch is the earliest publication date of generated entries; they spread over three years.
var corpusEpoch = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// Streams of the random generator, so that institutions and entries never share numbers.
const (
	streamInstitutions = 1 << 40
	streamEntries      = 2 << 40
)

// newCorpus prepares a corpus with n institutions.
func newCorpus(seed uint64, n int) (*corpus, error) {
	skills, err := loadSkills()
	if err != nil {
		return nil, err
	}
	c := &corpus{seed: seed, skills: skills, topicSkills: skillsByTopic(skills)}
	usedNames := map[string]bool{}
	for i := range n {
		c.institutions = append(c.institutions, c.institution(i, usedNames))
	}
	return c, nil
}

func (c *corpus) rng(stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(c.seed, stream+uint64(i)))
}

func (c *corpus) institution(i int, usedNames map[string]bool) institution {
	r := c.rng(streamInstitutions, i)
	cn := weighted(r, countries, func(c country) int { return c.weight })
	var name, city string
	for try := 0; try < 10 && (name == "" || usedNames[name]); try++ {
		city = pick(r, cn.cities)
		patterns := institutionNames[cn.language]
		if patterns == nil || r.IntN(3) == 0 {
			patterns = institutionNames[""]
		}
		name = strings.ReplaceAll(pick(r, patterns), "{city}", city)
	}
	if usedNames[name] {
		name += " " + strconv.Itoa(i)
	}
	usedNames[name] = true
	kind := catalog.KindUniversity
	if r.IntN(100) < 35 {
		kind = catalog.KindProvider
	}
	return institution{
		id:      deterministicULID(r, corpusEpoch, i),
		slug:    slugify(name) + "-" + strconv.FormatInt(int64(i), 36),
		name:    name,
		kind:    kind,
		country: cn,
		city:    city,
	}
}

// entry returns the i-th entry: about 60% courses and 40% programmes.
func (c *corpus) entry(i int) entry {
	r := c.rng(streamEntries, i)
	e := entry{kind: search.TypeCourse, inst: c.institutions[r.IntN(len(c.institutions))]}
	if r.IntN(100) < 40 {
		e.kind = search.TypeProgramme
	}
	e.published = corpusEpoch.Add(time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))).Truncate(time.Second)
	e.id = deterministicULID(r, e.published, i)
	e.language = textLanguage(r, e.inst.country.language)
	e.languages = []string{e.language}
	if l := e.inst.country.language; l != e.language && r.IntN(100) < 30 {
		e.languages = append(e.languages, l)
	} else if e.language != "en" && r.IntN(100) < 40 {
		e.languages = append(e.languages, "en")
	}
	tIndex := r.IntN(len(topics))
	name := topicName(topics[tIndex], e.language)
	words := strings.NewReplacer("{topic}", name, "{Topic}", capitalise(name), "{tool}", pick(r, tools),
		"{audience}", strings.ToLower(pick(r, audiences)), "{n}", strconv.Itoa(1+r.IntN(6)))
	titleWords := strings.NewReplacer("{topic}", name, "{Topic}", capitalise(name), "{audience}", pick(r, audiences))
	if e.kind == search.TypeCourse {
		c.fillCourse(r, &e)
	} else {
		c.fillProgramme(r, &e)
	}
	e.title = titleWords.Replace(e.title)
	e.summary = words.Replace(pick(r, map[string][]string{"en": summaryEN, "fr": summaryFR, "de": summaryDE}[e.language]))
	bodies := map[string][]string{"en": bodyEN, "fr": bodyFR, "de": bodyDE}[e.language]
	for _, b := range r.Perm(len(bodies))[:3+r.IntN(2)] {
		e.paragraphs = append(e.paragraphs, words.Replace(bodies[b]))
	}
	e.skills = c.pickSkills(r, tIndex)
	e.slug = slugify(e.title) + "-" + strconv.FormatInt(int64(i), 36)
	return e
}

// fillCourse sets a course's title pattern and its course-only fields.
func (c *corpus) fillCourse(r *rand.Rand, e *entry) {
	e.title = pick(r, map[string][]string{"en": courseTitlesEN, "fr": courseTitlesFR, "de": courseTitlesDE}[e.language])
	n := r.IntN(100)
	switch {
	case n < 45:
		e.level, e.eqf = search.LevelBeginner, 4+r.IntN(2)
	case n < 80:
		e.level, e.eqf = search.LevelIntermediate, 5+r.IntN(2)
	default:
		e.level, e.eqf = search.LevelAdvanced, 6+r.IntN(2)
	}
	if r.IntN(100) < 20 {
		e.ects = 0
	} else {
		e.ects = float64(1 + r.IntN(10))
	}
	e.workload = 8 + r.IntN(150)
	e.delivery = weighted(r, []string{"online", "blended", "on-campus"}, func(d string) int {
		return map[string]int{"online": 60, "blended": 20, "on-campus": 20}[d]
	})
	for m := 3 + r.IntN(3); m > 0; m-- {
		e.modules = append(e.modules, pick(r, moduleTitles))
	}
}

// fillProgramme sets a programme's title pattern and its programme-only fields.
func (c *corpus) fillProgramme(r *rand.Rand, e *entry) {
	e.cycle = weighted(r, []string{search.CycleBachelor, search.CycleMaster, search.CyclePhD, search.CycleShort}, func(cy string) int {
		return map[string]int{search.CycleBachelor: 30, search.CycleMaster: 45, search.CyclePhD: 10, search.CycleShort: 15}[cy]
	})
	titles := map[string]map[string][]string{"en": programmeTitlesEN, "fr": programmeTitlesFR, "de": programmeTitlesDE}[e.language]
	e.title = pick(r, titles[e.cycle])
	switch e.cycle {
	case search.CycleBachelor:
		e.eqf, e.ects = 6, float64(pick(r, []int{180, 180, 210, 240}))
	case search.CycleMaster:
		e.eqf, e.ects = 7, float64(pick(r, []int{60, 90, 120, 120}))
	case search.CyclePhD:
		e.eqf, e.ects = 8, 180
	default:
		e.eqf, e.ects = 5+r.IntN(2), float64(10+5*r.IntN(5))
	}
	e.semesters = max(1, int(math.Round(e.ects/30)))
	e.studyMode = "full-time"
	if r.IntN(100) < 30 {
		e.studyMode = "part-time"
	}
	e.delivery = weighted(r, []string{"on-campus", "blended", "online"}, func(d string) int {
		return map[string]int{"on-campus": 65, "blended": 20, "online": 15}[d]
	})
	if r.IntN(100) >= 40 {
		e.tuitionEU = float64(200 + 100*r.IntN(150))
	}
	if e.tuitionEU > 0 || r.IntN(100) < 50 {
		e.tuitionNon = e.tuitionEU + float64(2000+500*r.IntN(50))
	}
}

// textLanguage picks the language of an entry's texts: mostly the country's
// own when that is French or German, mostly English otherwise.
func textLanguage(r *rand.Rand, countryLanguage string) string {
	n := r.IntN(100)
	switch {
	case (countryLanguage == "fr" || countryLanguage == "de") && n < 60:
		return countryLanguage
	case n < 90:
		return "en"
	case n < 95:
		return "fr"
	default:
		return "de"
	}
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func topicName(t topic, lang string) string {
	switch lang {
	case "fr":
		return t.fr
	case "de":
		return t.de
	}
	return t.en
}

// pickSkills tags an entry with three to eight skills of its topic and up to two others.
func (c *corpus) pickSkills(r *rand.Rand, t int) []skill {
	var picked []int
	add := func(i int) {
		if !slices.Contains(picked, i) {
			picked = append(picked, i)
		}
	}
	if pool := c.topicSkills[t]; len(pool) > 0 {
		for n := 3 + r.IntN(6); n > 0; n-- {
			add(pool[r.IntN(len(pool))])
		}
	}
	for n := r.IntN(3); n > 0; n-- {
		add(r.IntN(len(c.skills)))
	}
	out := make([]skill, len(picked))
	for i, p := range picked {
		out[i] = c.skills[p]
	}
	return out
}

// document returns the entry as the catalogue indexes it (see services/catalog/document.go).
func (c *corpus) document(e entry) search.Document {
	d := search.Document{
		ID:              search.DocumentID(e.kind, e.id),
		Type:            e.kind,
		Slug:            e.slug,
		Title:           e.title,
		Summary:         e.summary,
		Language:        e.language,
		EQFLevel:        e.eqf,
		Country:         e.inst.country.code,
		City:            e.inst.city,
		Delivery:        e.delivery,
		Institution:     e.inst.slug,
		InstitutionName: e.inst.name,
		ECTS:            e.ects,
		Languages:       e.languages,
		PublishedAt:     e.published,
	}
	for _, s := range e.skills {
		d.Skills = append(d.Skills, s.id)
		for _, l := range s.labels {
			if !slices.Contains(d.SkillLabels, l) {
				d.SkillLabels = append(d.SkillLabels, l)
			}
		}
	}
	if e.kind == search.TypeCourse {
		d.Level, d.WorkloadHours = e.level, e.workload
		d.Languages = []string{e.language}
		body := []string{catalog.PlainText(e.description())}
		for _, m := range e.tree().Modules {
			body = append(body, m.Title, m.Summary)
			for _, it := range m.Items {
				body = append(body, it.Title)
			}
		}
		d.Body = strings.Join(body, "\n")
		return d
	}
	d.Cycle, d.StudyMode = e.cycle, e.studyMode
	d.Body = strings.Join(e.paragraphs, "\n")
	d.TuitionEU, d.TuitionNonEU = e.tuitionEU, e.tuitionNon
	return d
}

// institutionRecord returns the institution as the catalogue stores it.
func (inst institution) record() catalog.Institution {
	return catalog.Institution{
		ID:   inst.id,
		Slug: inst.slug,
		InstitutionProfile: catalog.InstitutionProfile{
			Name: inst.name, Kind: inst.kind, Country: inst.country.code, City: inst.city,
			Website:     "https://" + inst.slug + ".example.org",
			Description: inst.name + " teaches digital and AI skills in " + inst.city + ".",
		},
		UpdatedAt: corpusEpoch,
	}
}

// pendingIndex is the sync state publishing leaves a record in: one
// revision, waiting for the search index.
var pendingIndex = catalog.Sync{Revision: 1, IndexStale: true}

// programme returns a programme entry as the catalogue stores it once published.
func (e entry) programme() catalog.Programme {
	published := e.published
	p := catalog.Programme{
		ID: e.id,
		ProgrammeInput: catalog.ProgrammeInput{
			Slug:                e.slug,
			Title:               e.title,
			Institution:         e.inst.slug,
			Cycle:               e.cycle,
			FieldOfStudy:        e.paragraphs[0],
			ECTS:                e.ects,
			EQFLevel:            e.eqf,
			DurationSemesters:   e.semesters,
			StudyMode:           e.studyMode,
			Delivery:            e.delivery,
			Languages:           e.languages,
			LanguageRequirement: strings.Join(e.paragraphs[1:], "\n"),
			Country:             e.inst.country.code,
			City:                e.inst.city,
			Intakes:             []catalog.Intake{{Start: "2027-09-01", DeadlineEU: "2027-05-01", DeadlineNonEU: "2027-03-01"}},
			URL:                 "https://" + e.inst.slug + ".example.org/" + e.slug,
			Summary:             e.summary,
		},
		InstitutionID: e.inst.id,
		Status:        catalog.StatusPublished,
		PublishedAt:   &published,
		CreatedAt:     e.published,
		UpdatedAt:     e.published,
		Sync:          pendingIndex,
	}
	for _, s := range e.skills {
		p.Skills = append(p.Skills, s.id)
	}
	if e.tuitionEU > 0 {
		p.Tuition = append(p.Tuition, catalog.Tuition{FeeGroup: catalog.FeeGroupEU, Amount: e.tuitionEU, Currency: "EUR", Period: catalog.PeriodYear})
	}
	if e.tuitionNon > 0 {
		p.Tuition = append(p.Tuition, catalog.Tuition{FeeGroup: catalog.FeeGroupNonEU, Amount: e.tuitionNon, Currency: "EUR", Period: catalog.PeriodYear})
	}
	return p
}

// course returns a course entry as the catalogue stores it once published:
// the draft and the published version hold the same content.
func (e entry) course() catalog.Course {
	content := catalog.CourseContent{CourseFields: catalog.CourseFields{
		Title:            e.title,
		Summary:          e.summary,
		Description:      e.description(),
		Language:         e.language,
		Level:            e.level,
		EQFLevel:         e.eqf,
		WorkloadHours:    e.workload,
		ECTS:             e.ects,
		Instructors:      []string{"Dr. " + e.inst.city + " Example"},
		PassMark:         70,
		LearningOutcomes: e.paragraphs[:2],
		AssessmentType:   "Online quizzes with automatic grading",
		Participation:    e.delivery,
	}}
	for i, s := range e.skills {
		content.Skills = append(content.Skills, catalog.SkillRef{Skill: s.id, Proficiency: []string{
			catalog.ProficiencyBasic, catalog.ProficiencyIntermediate, catalog.ProficiencyAdvanced}[i%3]})
	}
	content.Tree = e.tree()
	return catalog.Course{
		ID:            e.id,
		Slug:          e.slug,
		Institution:   e.inst.slug,
		InstitutionID: e.inst.id,
		Status:        catalog.StatusPublished,
		Draft:         content,
		Published:     &catalog.PublishedCourse{CourseContent: content, Version: 1, TreeHash: e.id, PublishedAt: e.published},
		CreatedAt:     e.published,
		UpdatedAt:     e.published,
		Sync:          pendingIndex,
	}
}

// description is a course's Markdown description.
func (e entry) description() string { return strings.Join(e.paragraphs, "\n\n") }

// tree is a course's structure: per module a lesson and exercises.
func (e entry) tree() catalog.Tree {
	var t catalog.Tree
	for i, m := range e.modules {
		t.Modules = append(t.Modules, catalog.Module{
			ID: fmt.Sprintf("m%d", i+1), Title: m, Summary: m + ": " + e.title,
			Items: []catalog.Item{
				{ID: "lesson", Kind: catalog.ItemLesson, Title: "Lesson " + strconv.Itoa(i+1), Required: true, Body: e.paragraphs[i%len(e.paragraphs)], ReadingMinutes: 10},
				{ID: "exercises", Kind: catalog.ItemLesson, Title: "Exercises " + strconv.Itoa(i+1), Body: e.summary, ReadingMinutes: 5},
			},
		})
	}
	return t
}

// deterministicULID makes a ULID of time t whose entropy holds i, so that
// ids are unique, and random bits from r.
func deterministicULID(r *rand.Rand, t time.Time, i int) string {
	var id ulid.ULID
	if err := id.SetTime(ulid.Timestamp(t)); err != nil {
		panic(err) // corpus times are within the ULID range
	}
	binary.BigEndian.PutUint32(id[6:10], uint32(i))
	var random [8]byte
	binary.BigEndian.PutUint64(random[:], r.Uint64())
	copy(id[10:], random[2:])
	return id.String()
}

// slugify lowers a title into words of a-z and 0-9 joined by hyphens.
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range search.TitleSortKey(title) {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	s := b.String()
	if len(s) > 80 {
		s = strings.TrimRight(s[:80], "-")
	}
	return s
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// weighted picks an element of list with probability proportional to its weight.
func weighted[T any](r *rand.Rand, list []T, weight func(T) int) T {
	total := 0
	for _, x := range list {
		total += weight(x)
	}
	n := r.IntN(total)
	for _, x := range list {
		if n -= weight(x); n < 0 {
			return x
		}
	}
	return list[len(list)-1]
}
