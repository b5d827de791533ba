package catalog

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"academy/services/kit/apperr"
	"academy/services/search"
)

// slugPattern is the shape of slugs and of module and item ids.
var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

const maxSlugLength = 100

var (
	kinds         = []string{KindUniversity, KindProvider}
	cycles        = []string{search.CycleBachelor, search.CycleMaster, search.CyclePhD, search.CycleShort}
	levels        = []string{search.LevelBeginner, search.LevelIntermediate, search.LevelAdvanced}
	studyModes    = []string{"full-time", "part-time"}
	deliveries    = []string{"on-campus", "online", "blended"}
	feeGroups     = []string{FeeGroupEU, FeeGroupNonEU}
	periods       = []string{PeriodYear, PeriodSemester, PeriodTotal}
	proficiencies = []string{ProficiencyBasic, ProficiencyIntermediate, ProficiencyAdvanced}
)

// ValidateInstitution reports every bad field of an institution profile.
func ValidateInstitution(p InstitutionProfile) error {
	var v apperr.Validation
	v.Check(!isBlank(p.Name), "name", "is required")
	v.Check(slices.Contains(kinds, p.Kind), "kind", "must be one of %s", strings.Join(kinds, ", "))
	checkCountry(&v, "country", p.Country, true)
	checkURL(&v, "website", p.Website, false)
	checkURL(&v, "logo_url", p.LogoURL, false)
	return v.Err()
}

// ValidateSlug reports a slug that is not lower-case words joined by hyphens.
func ValidateSlug(field, slug string) error {
	var v apperr.Validation
	checkSlug(&v, field, slug)
	return v.Err()
}

// ValidateProgramme reports every bad field of a programme; forPublication
// also requires the fields a published programme must show.
func ValidateProgramme(in ProgrammeInput, forPublication bool) error {
	var v apperr.Validation
	checkSlug(&v, "slug", in.Slug)
	v.Check(!isBlank(in.Title), "title", "is required")
	v.Check(!isBlank(in.Institution), "institution", "is required: the slug of the institution")
	checkOneOf(&v, "cycle", in.Cycle, cycles, forPublication)
	checkOneOf(&v, "study_mode", in.StudyMode, studyModes, forPublication)
	checkOneOf(&v, "delivery", in.Delivery, deliveries, forPublication)
	checkNumber(&v, "ects", in.ECTS, forPublication)
	checkEQF(&v, in.EQFLevel, forPublication)
	v.Check(in.DurationSemesters >= 0 && in.DurationSemesters <= 20, "duration_semesters", "must be from 1 to 20")
	v.Check(!forPublication || in.DurationSemesters > 0, "duration_semesters", "is required")
	v.Check(!forPublication || len(in.Languages) > 0, "languages", "at least one language of instruction is required")
	for i, l := range in.Languages {
		checkLanguage(&v, fmt.Sprintf("languages[%d]", i), l, true)
	}
	checkCountry(&v, "country", in.Country, forPublication)
	v.Check(!forPublication || !isBlank(in.Summary), "summary", "is required")
	checkURL(&v, "url", in.URL, false)
	for i, in := range in.Intakes {
		at := fmt.Sprintf("intakes[%d]", i)
		checkDate(&v, at+".start", in.Start, true)
		checkDate(&v, at+".deadline_eu", in.DeadlineEU, false)
		checkDate(&v, at+".deadline_non_eu", in.DeadlineNonEU, false)
	}
	seen := map[string]bool{}
	for i, t := range in.Tuition {
		at := fmt.Sprintf("tuition[%d]", i)
		checkOneOf(&v, at+".fee_group", t.FeeGroup, feeGroups, true)
		v.Check(!seen[t.FeeGroup], at+".fee_group", "%q is listed twice", t.FeeGroup)
		seen[t.FeeGroup] = true
		v.Check(isFinite(t.Amount) && t.Amount >= 0, at+".amount", "must not be negative")
		_, known := eurPerUnit[t.Currency]
		v.Check(known, at+".currency", "must be one of %s", strings.Join(Currencies(), ", "))
		checkOneOf(&v, at+".period", t.Period, periods, true)
	}
	checkSkillIDs(&v, in.Skills)
	return v.Err()
}

// ValidateCourse reports every bad field of a course; forPublication also
// requires the fields a published course must show.
func ValidateCourse(in CourseInput, forPublication bool) error {
	var v apperr.Validation
	checkSlug(&v, "slug", in.Slug)
	v.Check(!isBlank(in.Institution), "institution", "is required: the slug of the institution")
	checkCourseFields(&v, in.CourseFields, forPublication)
	return v.Err()
}

func checkCourseFields(v *apperr.Validation, f CourseFields, forPublication bool) {
	v.Check(!isBlank(f.Title), "title", "is required")
	v.Check(!forPublication || !isBlank(f.Summary), "summary", "is required")
	checkLanguage(v, "language", f.Language, true)
	checkOneOf(v, "level", f.Level, levels, forPublication)
	checkEQF(v, f.EQFLevel, false)
	v.Check(f.WorkloadHours >= 0, "workload_hours", "must not be negative")
	checkNumber(v, "ects", f.ECTS, false)
	v.Check(isFinite(f.PassMark) && f.PassMark >= 0 && f.PassMark <= 100, "pass_mark", "must be a percentage from 0 to 100")
	seen := map[string]int{}
	for i, s := range f.Skills {
		at := fmt.Sprintf("skills[%d]", i)
		checkSkillID(v, at+".skill", s.Skill)
		if j, dup := seen[s.Skill]; dup {
			v.Add(at+".skill", "duplicates skills[%d].skill", j)
		}
		seen[s.Skill] = i
		checkOneOf(v, at+".proficiency", s.Proficiency, proficiencies, true)
	}
	checkTexts(v, "instructors", f.Instructors)
	checkTexts(v, "prerequisites", f.Prerequisites)
	checkTexts(v, "learning_outcomes", f.LearningOutcomes)
}

// ValidateTree reports every bad module and item of a course structure;
// forPublication also requires at least one module with at least one item.
func ValidateTree(t Tree, forPublication bool) error {
	var v apperr.Validation
	v.Check(!forPublication || len(t.Modules) > 0, "modules", "a published course needs at least one module")
	modules := map[string]int{}
	for i, m := range t.Modules {
		at := fmt.Sprintf("modules[%d]", i)
		checkID(&v, at+".id", m.ID)
		if j, dup := modules[m.ID]; dup {
			v.Add(at+".id", "duplicates modules[%d].id", j)
		}
		modules[m.ID] = i
		v.Check(!isBlank(m.Title), at+".title", "is required")
		v.Check(!forPublication || len(m.Items) > 0, at+".items", "a published module needs at least one item")
		items := map[string]int{}
		for k, it := range m.Items {
			iat := fmt.Sprintf("%s.items[%d]", at, k)
			if j, dup := items[it.ID]; dup {
				v.Add(iat+".id", "duplicates %s.items[%d].id", at, j)
			}
			items[it.ID] = k
			checkItem(&v, iat+".", it)
		}
	}
	return v.Err()
}

// ValidateItem reports every bad field of one lesson or assessment; field
// names are relative to the item ("body", "assessment.questions[0].prompt").
func ValidateItem(it Item) error {
	var v apperr.Validation
	checkItem(&v, "", it)
	return v.Err()
}

func checkItem(v *apperr.Validation, at string, it Item) {
	checkID(v, at+"id", it.ID)
	switch it.Kind {
	case ItemLesson:
		v.Check(!isBlank(it.Title), at+"title", "is required")
		v.Check(!isBlank(it.Body), at+"body", "a lesson needs a text")
		v.Check(it.ReadingMinutes >= 0, at+"reading_minutes", "must not be negative")
		checkURL(v, at+"video_url", it.VideoURL, false)
		v.Check(it.Assessment == nil, at+"assessment", "is only for assessment items")
	case ItemAssessment:
		v.Check(it.Body == "", at+"body", "is only for lessons")
		v.Check(it.VideoURL == "", at+"video_url", "is only for lessons")
		if it.Assessment == nil {
			v.Add(at+"assessment", "is required for assessment items")
			return
		}
		for _, fe := range it.Assessment.Validate() {
			v.Add(at+"assessment."+fe.Field, "%s", fe.Message)
		}
	default:
		v.Add(at+"kind", "must be %s or %s", ItemLesson, ItemAssessment)
	}
}

// credentialElements are the mandatory elements of an EU micro-credential
// (Council Recommendation 2022/C 243/02, Annex I) that a course must state.
func checkMicroCredential(f CourseFields, institution *Institution) error {
	var v apperr.Validation
	v.Check(!isBlank(f.Title), "title", "a micro-credential needs a title")
	if institution == nil || isBlank(institution.Name) {
		v.Add("institution", "a micro-credential needs an awarding body")
	} else {
		v.Check(!isBlank(institution.Country), "institution.country", "a micro-credential needs the awarding body's country; set it on the institution profile")
	}
	v.Check(slices.ContainsFunc(f.LearningOutcomes, func(s string) bool { return !isBlank(s) }), "learning_outcomes", "a micro-credential needs at least one learning outcome")
	v.Check(f.ECTS > 0 || f.WorkloadHours > 0, "workload", "a micro-credential needs a notional workload: ects or workload_hours above 0")
	v.Check(f.EQFLevel >= 1 && f.EQFLevel <= 8, "eqf_level", "a micro-credential needs an EQF level from 1 to 8")
	v.Check(!isBlank(f.AssessmentType), "assessment_type", "a micro-credential needs the type of assessment")
	v.Check(!isBlank(f.Participation), "participation", "a micro-credential needs the form of participation")
	v.Check(!isBlank(f.QualityAssurance), "quality_assurance", "a micro-credential needs the type of quality assurance")
	if err := v.Err(); err != nil {
		e := err.(*apperr.Error)
		e.Code = "micro-credential-incomplete"
		e.Detail = "a credential-bearing course must state every mandatory element of an EU micro-credential"
		return e
	}
	return nil
}

func checkSlug(v *apperr.Validation, field, slug string) {
	switch {
	case slug == "":
		v.Add(field, "is required")
	case len(slug) > maxSlugLength:
		v.Add(field, "must be at most %d characters", maxSlugLength)
	case !slugPattern.MatchString(slug):
		v.Add(field, "must be lower-case letters and digits joined by single hyphens")
	}
}

func checkID(v *apperr.Validation, field, id string) {
	switch {
	case id == "":
		v.Add(field, "is required")
	case len(id) > maxSlugLength || !slugPattern.MatchString(id):
		v.Add(field, "must be lower-case letters and digits joined by single hyphens")
	}
}

func checkOneOf(v *apperr.Validation, field, value string, allowed []string, required bool) {
	if value == "" && !required {
		return
	}
	v.Check(slices.Contains(allowed, value), field, "must be one of %s", strings.Join(allowed, ", "))
}

func checkNumber(v *apperr.Validation, field string, n float64, required bool) {
	switch {
	case !isFinite(n) || n < 0:
		v.Add(field, "must not be negative")
	case required && n == 0:
		v.Add(field, "is required")
	}
}

func checkEQF(v *apperr.Validation, level int, required bool) {
	if level == 0 && !required {
		return
	}
	v.Check(level >= 1 && level <= 8, "eqf_level", "must be an EQF level from 1 to 8")
}

func checkLanguage(v *apperr.Validation, field, code string, required bool) {
	if code == "" && !required {
		return
	}
	v.Check(isCode(code, 'a', 'z'), field, "must be a lower-case ISO 639-1 language code such as en")
}

func checkCountry(v *apperr.Validation, field, code string, required bool) {
	if code == "" && !required {
		return
	}
	v.Check(isCode(code, 'A', 'Z'), field, "must be an upper-case ISO 3166-1 alpha-2 country code such as FR")
}

func isCode(s string, lo, hi byte) bool {
	return len(s) == 2 && s[0] >= lo && s[0] <= hi && s[1] >= lo && s[1] <= hi
}

func checkURL(v *apperr.Validation, field, raw string, required bool) {
	if raw == "" {
		v.Check(!required, field, "is required")
		return
	}
	u, err := url.Parse(raw)
	v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", field, "must be an http or https URL")
}

func checkDate(v *apperr.Validation, field, date string, required bool) {
	if date == "" {
		v.Check(!required, field, "is required")
		return
	}
	_, err := time.Parse(time.DateOnly, date)
	v.Check(err == nil, field, "must be a date as YYYY-MM-DD")
}

func checkTexts(v *apperr.Validation, field string, texts []string) {
	for i, t := range texts {
		v.Check(!isBlank(t), fmt.Sprintf("%s[%d]", field, i), "must not be blank")
	}
}

// skillIDPattern is the shape of an ESCO concept UUID.
var skillIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// IsSkillID reports whether id has the shape of an ESCO concept UUID.
func IsSkillID(id string) bool { return skillIDPattern.MatchString(id) }

func checkSkillID(v *apperr.Validation, field, id string) {
	v.Check(IsSkillID(id), field, "must be an ESCO skill id (a UUID)")
}

func checkSkillIDs(v *apperr.Validation, ids []string) {
	seen := map[string]int{}
	for i, id := range ids {
		at := fmt.Sprintf("skills[%d]", i)
		checkSkillID(v, at, id)
		if j, dup := seen[id]; dup {
			v.Add(at, "duplicates skills[%d]", j)
		}
		seen[id] = i
	}
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// normalizeTree gives assessment items without a title their assessment's title.
func normalizeTree(t *Tree) {
	for i := range t.Modules {
		for k := range t.Modules[i].Items {
			it := &t.Modules[i].Items[k]
			if it.Kind == ItemAssessment && it.Assessment != nil && it.Title == "" {
				it.Title = it.Assessment.Title
			}
		}
	}
}
