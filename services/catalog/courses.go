package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"academy/services/grading"
	"academy/services/kit/adminlog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// The length of the reason an administrator gives for moderation.
const (
	minReasonLen = 3
	maxReasonLen = 500
)

// CourseSummary is a published course as lists show it.
type CourseSummary struct {
	ID            string    `json:"id"`
	Slug          string    `json:"slug"`
	Institution   string    `json:"institution"`
	Title         string    `json:"title"`
	Summary       string    `json:"summary"`
	Language      string    `json:"language"`
	Level         string    `json:"level"`
	EQFLevel      int       `json:"eqf_level"`
	ECTS          float64   `json:"ects"`
	WorkloadHours int       `json:"workload_hours"`
	Credential    bool      `json:"credential"`
	Version       int       `json:"version"`
	PublishedAt   time.Time `json:"published_at"`
}

func summarizeCourse(c Course) CourseSummary {
	pub := c.Published
	return CourseSummary{
		ID: c.ID, Slug: c.Slug, Institution: c.Institution, Title: pub.Title, Summary: pub.Summary,
		Language: pub.Language, Level: pub.Level, EQFLevel: pub.EQFLevel, ECTS: pub.ECTS,
		WorkloadHours: pub.WorkloadHours, Credential: pub.Credential, Version: pub.Version, PublishedAt: pub.PublishedAt,
	}
}

// CourseView is a course as its page shows it: the latest published version,
// or for staff the draft.
type CourseView struct {
	ID              string `json:"id"`
	Slug            string `json:"slug"`
	Institution     string `json:"institution"`
	InstitutionName string `json:"institution_name"`
	Status          string `json:"status"`
	// Draft is true when the view shows the draft rather than a published version.
	Draft bool `json:"draft"`
	// Version is the published version shown, 0 for a draft.
	Version     int        `json:"version"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	// Moderation says why an administrator unpublished the course; staff see it.
	Moderation *Moderation `json:"moderation,omitempty"`
	CourseFields
	Modules []ModuleView `json:"modules"`
}

// ModuleView is a module of a course view.
type ModuleView struct {
	ID      string     `json:"id"`
	Title   string     `json:"title"`
	Summary string     `json:"summary"`
	Items   []ItemView `json:"items"`
}

// ItemView is a lesson or assessment of a course view. Learners see an
// assessment's summary only; its questions come with an attempt.
type ItemView struct {
	ID             string `json:"id"`
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Required       bool   `json:"required"`
	Body           string `json:"body,omitempty"`
	VideoURL       string `json:"video_url,omitempty"`
	ReadingMinutes int    `json:"reading_minutes,omitempty"`
	// Assessment is the full assessment, answers included: in the draft view only.
	Assessment        *grading.Assessment `json:"assessment,omitempty"`
	AssessmentSummary *AssessmentSummary  `json:"assessment_summary,omitempty"`
}

// AssessmentSummary describes an assessment without its questions.
type AssessmentSummary struct {
	Title            string                 `json:"title"`
	Questions        int                    `json:"questions"` // asked per attempt
	PassMark         float64                `json:"pass_mark"`
	AttemptsAllowed  int                    `json:"attempts_allowed"` // 0: unlimited
	TimeLimitMinutes int                    `json:"time_limit_minutes"`
	Feedback         grading.FeedbackPolicy `json:"feedback"`
}

func summarizeAssessment(a grading.Assessment) *AssessmentSummary {
	n, _ := a.QuestionsPerAttempt()
	return &AssessmentSummary{Title: a.Title, Questions: n, PassMark: a.PassMark, AttemptsAllowed: a.AttemptsAllowed, TimeLimitMinutes: a.TimeLimitMinutes, Feedback: a.Feedback}
}

// viewCourse builds the view of content; withAnswers keeps assessments whole.
func viewCourse(c Course, inst Institution, content CourseContent, withAnswers bool) CourseView {
	v := CourseView{ID: c.ID, Slug: c.Slug, Institution: c.Institution, InstitutionName: inst.Name, Status: c.Status, CourseFields: content.CourseFields.withEmptyLists(), Modules: []ModuleView{}}
	for _, m := range content.Tree.Modules {
		mv := ModuleView{ID: m.ID, Title: m.Title, Summary: m.Summary, Items: make([]ItemView, len(m.Items))}
		for i, it := range m.Items {
			iv := ItemView{ID: it.ID, Kind: it.Kind, Title: it.Title, Required: it.Required, Body: it.Body, VideoURL: it.VideoURL, ReadingMinutes: it.ReadingMinutes}
			if it.Assessment != nil {
				iv.AssessmentSummary = summarizeAssessment(*it.Assessment)
				if withAnswers {
					iv.Assessment = it.Assessment
				}
			}
			mv.Items[i] = iv
		}
		v.Modules = append(v.Modules, mv)
	}
	return v
}

// CreateCourse adds a draft course to an institution whose staff p belongs to.
func (s *Service) CreateCourse(ctx context.Context, p auth.Principal, in CourseInput) (Course, error) {
	if !p.Authenticated() {
		return Course{}, apperr.Unauthorizedf("sign in to add a course")
	}
	if err := ValidateCourse(in, false); err != nil {
		return Course{}, err
	}
	inst, err := s.institutionFor(ctx, in.Institution)
	if err != nil {
		return Course{}, err
	}
	if err := s.authorizeEdit(ctx, p, inst.ID, true, "institution"); err != nil {
		return Course{}, err
	}
	if err := s.checkCourseSkills(ctx, in.CourseFields); err != nil {
		return Course{}, err
	}
	now := s.now().UTC()
	c := Course{ID: newID(), Slug: in.Slug, Institution: in.Institution, InstitutionID: inst.ID, Status: StatusDraft,
		Draft: CourseContent{CourseFields: in.CourseFields.withEmptyLists(), Tree: Tree{Modules: []Module{}}}, CreatedAt: now, UpdatedAt: now}
	c.Revision = 1
	if err := s.store.InsertCourse(ctx, c); err != nil {
		return Course{}, err
	}
	return c, nil
}

func (s *Service) checkCourseSkills(ctx context.Context, f CourseFields) error {
	ids := make([]string, len(f.Skills))
	for i, sk := range f.Skills {
		ids[i] = sk.Skill
	}
	return s.checkSkillsExist(ctx, "skills[%d].skill", ids)
}

// PublicCourse returns the encoded public view of a course's latest published
// version, from a cache that every change to the course clears.
func (s *Service) PublicCourse(ctx context.Context, slug string) ([]byte, error) {
	return s.cache.views.load(slug, func() ([]byte, error) {
		c, err := s.store.Course(ctx, slug)
		if err != nil {
			return nil, err
		}
		if c.Status != StatusPublished || c.Published == nil {
			return nil, apperr.NotFoundf("no such course")
		}
		inst, err := s.store.InstitutionByID(ctx, c.InstitutionID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		v := viewCourse(c, inst, c.Published.CourseContent, false)
		v.Version = c.Published.Version
		v.PublishedAt = &c.Published.PublishedAt
		body, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode course %s: %w", slug, err)
		}
		return body, nil
	})
}

// DraftCourse returns the draft of a course, answers included, to its
// institution's staff and admins; others are told it does not exist.
func (s *Service) DraftCourse(ctx context.Context, p auth.Principal, slug string) (CourseView, error) {
	c, err := s.store.Course(ctx, slug)
	if err != nil {
		return CourseView{}, err
	}
	if ok, err := s.canManage(ctx, p, c.InstitutionID); err != nil {
		return CourseView{}, err
	} else if !ok {
		return CourseView{}, apperr.NotFoundf("no such course")
	}
	inst, err := s.store.InstitutionByID(ctx, c.InstitutionID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return CourseView{}, err
	}
	v := viewCourse(c, inst, c.Draft, true)
	v.Draft = true
	v.Moderation = c.Moderation
	return v, nil
}

// Courses lists courses in slug order after the given slug: published ones,
// or for the staff of f.Institution those of any status (as published, or
// as drafted when never published).
func (s *Service) Courses(ctx context.Context, p auth.Principal, f ListFilter, after string, limit int) ([]CourseSummary, error) {
	if err := s.authorizeList(ctx, p, &f); err != nil {
		return nil, err
	}
	list, err := s.store.Courses(ctx, f, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]CourseSummary, len(list))
	for i, c := range list {
		if c.Published == nil {
			c.Published = &PublishedCourse{CourseContent: c.Draft}
		}
		out[i] = summarizeCourse(c)
	}
	return out, nil
}

// CourseByID returns a course as stored, for other contexts (enrolment).
func (s *Service) CourseByID(ctx context.Context, id string) (Course, error) {
	return s.store.CourseByID(ctx, id)
}

// CourseBySlug returns the course with this slug, draft and published parts
// alike; callers decide what the requester may see and must not change it:
// it is shared with other readers from a cache.
func (s *Service) CourseBySlug(ctx context.Context, slug string) (Course, error) {
	return s.cache.courses.load(slug, func() (Course, error) { return s.store.Course(ctx, slug) })
}

// CourseVersion returns a published version of a course's structure, the
// one a learner enrolled in.
func (s *Service) CourseVersion(ctx context.Context, courseID string, version int) (CourseVersion, error) {
	return s.store.Version(ctx, courseID, version)
}

func (s *Service) editableCourse(ctx context.Context, p auth.Principal, slug string) (Course, error) {
	if !p.Authenticated() {
		return Course{}, apperr.Unauthorizedf("sign in to edit a course")
	}
	c, err := s.store.Course(ctx, slug)
	if err != nil {
		return Course{}, err
	}
	return c, s.authorizeEdit(ctx, p, c.InstitutionID, c.Status == StatusPublished, "course")
}

// UpdateCourse edits a course's draft fields (and its slug): apply changes a
// copy of them. Learners keep seeing the published version until the course
// is published again.
func (s *Service) UpdateCourse(ctx context.Context, p auth.Principal, slug string, apply func(*CourseInput) error) (Course, error) {
	c, err := s.editableCourse(ctx, p, slug)
	if err != nil {
		return Course{}, err
	}
	in := CourseInput{Slug: c.Slug, Institution: c.Institution, CourseFields: c.Draft.CourseFields}
	if err := apply(&in); err != nil {
		return Course{}, err
	}
	if in.Institution != c.Institution {
		return Course{}, apperr.InvalidField("institution", "cannot be changed; create the course under the other institution")
	}
	if err := ValidateCourse(in, false); err != nil {
		return Course{}, err
	}
	if err := s.checkCourseSkills(ctx, in.CourseFields); err != nil {
		return Course{}, err
	}
	oldSlug := c.Slug
	rev := c.Revision
	c.Slug = in.Slug
	c.Draft.CourseFields = in.CourseFields.withEmptyLists()
	c.UpdatedAt = s.now().UTC()
	// A new slug changes the published search document; other edits wait for publishing.
	c.touch(c.Status == StatusPublished && in.Slug != oldSlug)
	if err := s.store.ReplaceCourse(ctx, c, rev); err != nil {
		return Course{}, err
	}
	s.cache.invalidate(oldSlug, c.Slug)
	if c.IndexStale {
		s.enqueueIndex(ctx, KindCourse, c.ID, c.Revision)
	}
	return c, nil
}

// PutCourseTree replaces a course's draft structure.
func (s *Service) PutCourseTree(ctx context.Context, p auth.Principal, slug string, tree Tree) (Course, error) {
	c, err := s.editableCourse(ctx, p, slug)
	if err != nil {
		return Course{}, err
	}
	if tree.Modules == nil {
		tree.Modules = []Module{}
	}
	normalizeTree(&tree)
	if err := ValidateTree(tree, false); err != nil {
		return Course{}, err
	}
	rev := c.Revision
	c.Draft.Tree = tree
	c.UpdatedAt = s.now().UTC()
	c.touch(false)
	if err := s.store.ReplaceCourse(ctx, c, rev); err != nil {
		return Course{}, err
	}
	s.cache.invalidate(c.Slug)
	return c, nil
}

// PublishCourse publishes a course's draft. A changed structure becomes a
// new immutable version; learners enrolled in an older one keep it.
func (s *Service) PublishCourse(ctx context.Context, p auth.Principal, slug string) (Course, error) {
	c, err := s.editableCourse(ctx, p, slug)
	if err != nil {
		return Course{}, err
	}
	if c.Moderation != nil && !p.Admin {
		return Course{}, apperr.Conflictf("moderated", "an administrator unpublished this course (%s); ask the platform's administrators to publish it again", c.Moderation.Reason)
	}
	// An administrator publishing it lifts the moderation.
	c.Moderation = nil
	if err := s.checkPublishable(ctx, c); err != nil {
		return Course{}, err
	}
	return s.publishCourse(ctx, c, c.SeedHash)
}

// checkPublishable reports what keeps a course's draft from being published.
func (s *Service) checkPublishable(ctx context.Context, c Course) error {
	in := CourseInput{Slug: c.Slug, Institution: c.Institution, CourseFields: c.Draft.CourseFields}
	if err := ValidateCourse(in, true); err != nil {
		return err
	}
	if err := ValidateTree(c.Draft.Tree, true); err != nil {
		return err
	}
	if err := s.checkCourseSkills(ctx, c.Draft.CourseFields); err != nil {
		return err
	}
	if !c.Draft.Credential {
		return nil
	}
	inst, err := s.store.InstitutionByID(ctx, c.InstitutionID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	var awarding *Institution
	if err == nil {
		awarding = &inst
	}
	return checkMicroCredential(c.Draft.CourseFields, awarding)
}

// publishCourse publishes a course's draft its caller found publishable.
func (s *Service) publishCourse(ctx context.Context, c Course, seedHash string) (Course, error) {
	now := s.now().UTC()
	treeHash := contentHash(c.Draft.Tree)
	version := 1
	if c.Published != nil {
		version = c.Published.Version
		if c.Published.TreeHash != treeHash {
			version++
		}
	}
	if c.Published == nil || c.Published.TreeHash != treeHash {
		v := CourseVersion{CourseID: c.ID, Version: version, Tree: c.Draft.Tree, TreeHash: treeHash, PublishedAt: now}
		if err := s.store.InsertVersion(ctx, v); err != nil {
			return Course{}, err
		}
	}
	rev := c.Revision
	c.Published = &PublishedCourse{CourseContent: c.Draft, Version: version, TreeHash: treeHash, PublishedAt: now}
	c.Status = StatusPublished
	c.SeedHash = seedHash
	c.UpdatedAt = now
	c.touch(true)
	if err := s.store.ReplaceCourse(ctx, c, rev); err != nil {
		return Course{}, err
	}
	s.cache.invalidate(c.Slug)
	s.enqueueIndex(ctx, KindCourse, c.ID, c.Revision)
	return c, nil
}

// ArchiveCourse withdraws a course from the public catalogue; its versions stay
// for the learners enrolled in them.
func (s *Service) ArchiveCourse(ctx context.Context, p auth.Principal, slug string) (Course, error) {
	c, err := s.editableCourse(ctx, p, slug)
	if err != nil {
		return Course{}, err
	}
	return s.archiveCourse(ctx, c, c.SeedHash)
}

func (s *Service) archiveCourse(ctx context.Context, c Course, seedHash string) (Course, error) {
	rev := c.Revision
	wasIndexed := c.Status == StatusPublished
	c.Status = StatusArchived
	c.SeedHash = seedHash
	c.UpdatedAt = s.now().UTC()
	c.touch(wasIndexed)
	if err := s.store.ReplaceCourse(ctx, c, rev); err != nil {
		return Course{}, err
	}
	s.cache.invalidate(c.Slug)
	if c.IndexStale {
		s.enqueueIndex(ctx, KindCourse, c.ID, c.Revision)
	}
	return c, nil
}

// UnpublishCourse withdraws a published course from the catalogue as
// moderation, with a reason its staff read; only administrators may, and the
// audit log keeps it. Its staff cannot publish it again; an administrator can.
func (s *Service) UnpublishCourse(ctx context.Context, p auth.Principal, slug, reason string) (Course, error) {
	if !p.Admin {
		return Course{}, apperr.Forbiddenf("only administrators can unpublish courses as moderation")
	}
	if s.audit == nil {
		return Course{}, errors.New("unpublish course: no audit log configured")
	}
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	n := utf8.RuneCountInString(reason)
	v.Check(n >= minReasonLen && n <= maxReasonLen, "reason", "must be %d to %d characters", minReasonLen, maxReasonLen)
	if err := v.Err(); err != nil {
		return Course{}, err
	}
	c, err := s.store.Course(ctx, slug)
	if err != nil {
		return Course{}, err
	}
	if c.Status != StatusPublished {
		return Course{}, apperr.Conflictf("not-published", "the course is %s, not published", c.Status)
	}
	c.Moderation = &Moderation{Reason: reason, By: p.UserID, At: s.now().UTC().Truncate(time.Millisecond)}
	c, err = s.archiveCourse(ctx, c, c.SeedHash)
	if err != nil {
		return Course{}, err
	}
	title := c.Draft.Title
	if c.Published != nil {
		title = c.Published.Title
	}
	err = s.audit.RecordAdminAction(ctx, adminlog.Entry{
		Action: adminlog.CourseUnpublish, ActorID: p.UserID, TargetKind: adminlog.TargetCourse, TargetID: c.ID, TargetLabel: title + " (" + c.Slug + ")", Reason: reason,
	})
	return c, err
}
