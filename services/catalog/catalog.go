// Package catalog is the catalogue context: institutions, degree programmes,
// courses with their versioned structure, and the skills taxonomy they are
// tagged with. Its programmes and courses are search document kinds (SearchKinds),
// marked stale on every change and indexed through the indexing registry.
package catalog

import (
	"context"
	"time"

	"github.com/hibiken/asynq"

	"academy/services/grading"
	"academy/services/kit/adminlog"
)

// Statuses of programmes and courses.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// Institution kinds, as organisations of the identity context.
const (
	KindUniversity = "university"
	KindProvider   = "provider"
)

// Course item kinds.
const (
	ItemLesson     = "lesson"
	ItemAssessment = "assessment"
)

// Organisations is what the catalogue needs from the identity context.
type Organisations interface {
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
	// EnsureVerifiedOrg creates or updates the organisation with this slug as verified (used by the seed).
	EnsureVerifiedOrg(ctx context.Context, slug, name, kind, country, website, description string) (orgID string, err error)
}

// AdminLog keeps the platform's audit log of administrative actions; the
// identity service implements it.
type AdminLog interface {
	RecordAdminAction(ctx context.Context, e adminlog.Entry) error
}

// Moderation records that an administrator withdrew an item from the
// public, and why: its staff read the reason.
type Moderation struct {
	Reason string    `bson:"reason" json:"reason"`
	By     string    `bson:"by" json:"-"`
	At     time.Time `bson:"at" json:"at"`
}

// Enqueuer puts background tasks on the queue; jobs.Queue implements it.
type Enqueuer interface {
	Enqueue(ctx context.Context, t *asynq.Task, opts ...asynq.Option) error
}

// Institution is the catalogue profile of a university or provider; its id is
// the organisation id in the identity context.
type Institution struct {
	ID                 string `bson:"_id" json:"id"`
	InstitutionProfile `bson:",inline"`
	Slug               string    `bson:"slug" json:"slug"`
	SeedHash           string    `bson:"seed_hash,omitempty" json:"-"`
	UpdatedAt          time.Time `bson:"updated_at" json:"updated_at"`
}

// InstitutionProfile holds the fields staff of an institution edit.
type InstitutionProfile struct {
	Name        string `bson:"name" json:"name" yaml:"name"`
	Kind        string `bson:"kind" json:"kind" yaml:"kind"`
	Country     string `bson:"country" json:"country" yaml:"country"`
	City        string `bson:"city" json:"city" yaml:"city"`
	Website     string `bson:"website" json:"website" yaml:"website"`
	LogoURL     string `bson:"logo_url" json:"logo_url" yaml:"logo_url"`
	Description string `bson:"description" json:"description" yaml:"description"`
	Sample      bool   `bson:"sample" json:"sample" yaml:"sample"`
}

// Intake is one start date of a programme with its application deadlines.
type Intake struct {
	Start         string `bson:"start" json:"start" yaml:"start"` // YYYY-MM-DD
	DeadlineEU    string `bson:"deadline_eu" json:"deadline_eu" yaml:"deadline_eu"`
	DeadlineNonEU string `bson:"deadline_non_eu" json:"deadline_non_eu" yaml:"deadline_non_eu"`
}

// Fee groups of tuition.
const (
	FeeGroupEU    = "eu"
	FeeGroupNonEU = "non_eu"
)

// Tuition periods: per academic year, per semester, or for the whole programme.
const (
	PeriodYear     = "year"
	PeriodSemester = "semester"
	PeriodTotal    = "total"
)

// Tuition is the fee one group of applicants pays.
type Tuition struct {
	FeeGroup string  `bson:"fee_group" json:"fee_group" yaml:"fee_group"`
	Amount   float64 `bson:"amount" json:"amount" yaml:"amount"`
	Currency string  `bson:"currency" json:"currency" yaml:"currency"`
	Period   string  `bson:"period" json:"period" yaml:"period"`
}

// ProgrammeInput is what staff author about a degree programme.
type ProgrammeInput struct {
	Slug                string    `bson:"slug" json:"slug" yaml:"slug"`
	Title               string    `bson:"title" json:"title" yaml:"title"`
	Institution         string    `bson:"institution" json:"institution" yaml:"institution"` // institution slug
	Cycle               string    `bson:"cycle" json:"cycle" yaml:"cycle"`
	FieldOfStudy        string    `bson:"field_of_study" json:"field_of_study" yaml:"field_of_study"`
	ECTS                float64   `bson:"ects" json:"ects" yaml:"ects"`
	EQFLevel            int       `bson:"eqf_level" json:"eqf_level" yaml:"eqf_level"`
	DurationSemesters   int       `bson:"duration_semesters" json:"duration_semesters" yaml:"duration_semesters"`
	StudyMode           string    `bson:"study_mode" json:"study_mode" yaml:"study_mode"`
	Delivery            string    `bson:"delivery" json:"delivery" yaml:"delivery"`
	Languages           []string  `bson:"languages" json:"languages" yaml:"languages"`
	LanguageRequirement string    `bson:"language_requirement" json:"language_requirement" yaml:"language_requirement"`
	Country             string    `bson:"country" json:"country" yaml:"country"`
	City                string    `bson:"city" json:"city" yaml:"city"`
	Intakes             []Intake  `bson:"intakes" json:"intakes" yaml:"intakes"`
	Tuition             []Tuition `bson:"tuition" json:"tuition" yaml:"tuition"`
	Scholarships        string    `bson:"scholarships" json:"scholarships" yaml:"scholarships"`
	JointDegree         bool      `bson:"joint_degree" json:"joint_degree" yaml:"joint_degree"`
	Skills              []string  `bson:"skills" json:"skills" yaml:"skills"`
	URL                 string    `bson:"url" json:"url" yaml:"url"`
	Summary             string    `bson:"summary" json:"summary" yaml:"summary"`
	Sample              bool      `bson:"sample" json:"sample" yaml:"sample"`
}

// Programme is a degree programme or a short programme of an institution.
type Programme struct {
	ID             string `bson:"_id" json:"id"`
	ProgrammeInput `bson:",inline"`
	InstitutionID  string     `bson:"institution_id" json:"institution_id"`
	Status         string     `bson:"status" json:"status"`
	PublishedAt    *time.Time `bson:"published_at,omitempty" json:"published_at,omitempty"`
	CreatedAt      time.Time  `bson:"created_at" json:"created_at"`
	UpdatedAt      time.Time  `bson:"updated_at" json:"updated_at"`
	Sync           `bson:",inline"`
}

// Sync records how an item stands with the search index and the seed files.
type Sync struct {
	// Revision counts the item's changes; the search index task id carries it.
	Revision int `bson:"revision" json:"-"`
	// IndexedVersion is the revision last written to the search index.
	IndexedVersion int `bson:"indexed_version" json:"-"`
	// IndexStale is set by every change and cleared once that revision is indexed.
	IndexStale bool `bson:"index_stale" json:"-"`
	// SeedHash is the hash of the seed file content last loaded into the item.
	SeedHash string `bson:"seed_hash,omitempty" json:"-"`
}

// SkillRef tags a course with a skill and the proficiency it reaches.
type SkillRef struct {
	Skill       string `bson:"skill" json:"skill" yaml:"skill"`
	Proficiency string `bson:"proficiency" json:"proficiency" yaml:"proficiency"`
}

// Proficiency levels of SkillRef.
const (
	ProficiencyBasic        = "basic"
	ProficiencyIntermediate = "intermediate"
	ProficiencyAdvanced     = "advanced"
)

// CourseFields are a course's descriptive fields, versioned with its structure.
type CourseFields struct {
	Title            string     `bson:"title" json:"title" yaml:"title"`
	Summary          string     `bson:"summary" json:"summary" yaml:"summary"`
	Description      string     `bson:"description" json:"description" yaml:"-"` // Markdown
	Language         string     `bson:"language" json:"language" yaml:"language"`
	Level            string     `bson:"level" json:"level" yaml:"level"`
	EQFLevel         int        `bson:"eqf_level" json:"eqf_level" yaml:"eqf_level"`
	WorkloadHours    int        `bson:"workload_hours" json:"workload_hours" yaml:"workload_hours"`
	ECTS             float64    `bson:"ects" json:"ects" yaml:"ects"`
	Instructors      []string   `bson:"instructors" json:"instructors" yaml:"instructors"`
	Skills           []SkillRef `bson:"skills" json:"skills" yaml:"skills"`
	Prerequisites    []string   `bson:"prerequisites" json:"prerequisites" yaml:"prerequisites"`
	PassMark         float64    `bson:"pass_mark" json:"pass_mark" yaml:"pass_mark"`
	LearningOutcomes []string   `bson:"learning_outcomes" json:"learning_outcomes" yaml:"learning_outcomes"`
	AssessmentType   string     `bson:"assessment_type" json:"assessment_type" yaml:"assessment_type"`
	Participation    string     `bson:"participation" json:"participation" yaml:"participation"`
	QualityAssurance string     `bson:"quality_assurance" json:"quality_assurance" yaml:"quality_assurance"`
	Credential       bool       `bson:"credential" json:"credential" yaml:"credential"`
}

// withEmptyLists returns f with its absent lists as empty ones: a course
// created through the API without them answers [] rather than null, which
// the web app and other clients iterate without checking.
func (f CourseFields) withEmptyLists() CourseFields {
	f.Instructors = nonNil(f.Instructors)
	f.Skills = nonNil(f.Skills)
	f.Prerequisites = nonNil(f.Prerequisites)
	f.LearningOutcomes = nonNil(f.LearningOutcomes)
	return f
}

// withEmptyLists returns in with its absent lists as empty ones, as for courses.
func (in ProgrammeInput) withEmptyLists() ProgrammeInput {
	in.Languages = nonNil(in.Languages)
	in.Intakes = nonNil(in.Intakes)
	in.Tuition = nonNil(in.Tuition)
	in.Skills = nonNil(in.Skills)
	return in
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// CourseInput is what staff send to create or edit a course.
type CourseInput struct {
	Slug         string `json:"slug" yaml:"slug"`
	Institution  string `json:"institution" yaml:"institution"` // institution slug
	CourseFields `yaml:",inline"`
}

// Tree is a course's structure: modules of lessons and assessments.
type Tree struct {
	Modules []Module `bson:"modules" json:"modules"`
}

// Module is a chapter of a course.
type Module struct {
	ID      string `bson:"id" json:"id"`
	Title   string `bson:"title" json:"title"`
	Summary string `bson:"summary" json:"summary"`
	Items   []Item `bson:"items" json:"items"`
}

// Item is a lesson or an assessment of a module; its id is unique within the module.
type Item struct {
	ID             string              `bson:"id" json:"id"`
	Kind           string              `bson:"kind" json:"kind"`
	Title          string              `bson:"title" json:"title"`
	Required       bool                `bson:"required" json:"required"`
	Body           string              `bson:"body,omitempty" json:"body,omitempty"` // Markdown, lessons only
	VideoURL       string              `bson:"video_url,omitempty" json:"video_url,omitempty"`
	ReadingMinutes int                 `bson:"reading_minutes,omitempty" json:"reading_minutes,omitempty"`
	Assessment     *grading.Assessment `bson:"assessment,omitempty" json:"assessment,omitempty"`
}

// Course is a course with its editable draft and its latest published version.
type Course struct {
	ID            string `bson:"_id" json:"id"`
	Slug          string `bson:"slug" json:"slug"`
	Institution   string `bson:"institution" json:"institution"` // institution slug
	InstitutionID string `bson:"institution_id" json:"institution_id"`
	Status        string `bson:"status" json:"status"`
	// Draft is what staff edit; publishing copies it into Published.
	Draft     CourseContent    `bson:"draft" json:"draft"`
	Published *PublishedCourse `bson:"published,omitempty" json:"published,omitempty"`
	// Moderation is set while an administrator keeps the course unpublished.
	Moderation *Moderation `bson:"moderation,omitempty" json:"moderation,omitempty"`
	CreatedAt  time.Time   `bson:"created_at" json:"created_at"`
	UpdatedAt  time.Time   `bson:"updated_at" json:"updated_at"`
	Sync       `bson:",inline"`
}

// CourseContent is a course's descriptive fields and structure.
type CourseContent struct {
	CourseFields `bson:",inline"`
	Tree         Tree `bson:"tree" json:"tree"`
}

// PublishedCourse is the content learners see, with the version of its structure.
type PublishedCourse struct {
	CourseContent `bson:",inline"`
	Version       int       `bson:"version" json:"version"`
	TreeHash      string    `bson:"tree_hash" json:"-"`
	PublishedAt   time.Time `bson:"published_at" json:"published_at"`
}

// CourseVersion is an immutable snapshot of a published course structure;
// learners keep the version they started.
type CourseVersion struct {
	ID          string    `bson:"_id" json:"-"`
	CourseID    string    `bson:"course_id" json:"course_id"`
	Version     int       `bson:"version" json:"version"`
	Tree        Tree      `bson:"tree" json:"tree"`
	TreeHash    string    `bson:"tree_hash" json:"-"`
	PublishedAt time.Time `bson:"published_at" json:"published_at"`
}

// Skill types in the ESCO taxonomy.
const (
	SkillTypeSkill     = "skill"
	SkillTypeKnowledge = "knowledge"
)

// Skill is a concept of the ESCO skills taxonomy; its id is the last segment of its concept URI.
type Skill struct {
	ID         string              `bson:"_id" json:"id"`
	URI        string              `bson:"uri" json:"uri"`
	Type       string              `bson:"type" json:"type"`
	ReuseLevel string              `bson:"reuse_level" json:"reuse_level"`
	Labels     map[string]string   `bson:"labels" json:"labels"`         // preferred label by language
	AltLabels  map[string][]string `bson:"alt_labels" json:"alt_labels"` // alternative labels by language
	// Description is in English, as the ESCO export has it.
	Description string   `bson:"description" json:"description"`
	Broader     []string `bson:"broader" json:"broader"` // ids of broader skills
}

// Label returns the preferred label in lang, falling back to English.
func (s Skill) Label(lang string) string {
	if l := s.Labels[lang]; l != "" {
		return l
	}
	return s.Labels["en"]
}
