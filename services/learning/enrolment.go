package learning

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"academy/services/catalog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/tally"
)

// EnrolmentView is an enrolment as its learner's course list shows it.
type EnrolmentView struct {
	ID          string     `json:"id"`
	CourseID    string     `json:"course_id"`
	CourseSlug  string     `json:"course_slug"`
	CourseTitle string     `json:"course_title"`
	Version     int        `json:"version"`
	Status      string     `json:"status"`
	Cohort      *CohortRef `json:"cohort,omitempty"`
	EnrolledAt  time.Time  `json:"enrolled_at"`
	// PassMark is the course's pass mark for the final grade.
	PassMark      float64 `json:"pass_mark"`
	RequiredDone  int     `json:"required_done"`
	RequiredTotal int     `json:"required_total"`
	// ProgressPercent is the share of required items done.
	ProgressPercent float64 `json:"progress_percent"`
	// GradePercent is the grade the course would be completed with now.
	GradePercent float64        `json:"grade_percent"`
	Completion   *CompletionRef `json:"completion,omitempty"`
}

func viewEnrolment(e Enrolment) EnrolmentView {
	return EnrolmentView{
		ID: e.ID, CourseID: e.CourseID, CourseSlug: e.CourseSlug, CourseTitle: e.CourseTitle, Version: e.Version,
		Status: e.Status, Cohort: e.Cohort, EnrolledAt: e.EnrolledAt, PassMark: e.PassMark,
		RequiredDone: e.Progress.RequiredDone, RequiredTotal: e.Progress.RequiredTotal,
		ProgressPercent: e.Progress.Percent, GradePercent: e.Progress.GradePercent, Completion: e.Completion,
	}
}

// CourseProgressView is a learner's progress through their course version, item by item.
type CourseProgressView struct {
	EnrolmentView
	Items []ItemProgressView `json:"items"`
}

// ItemProgressView is the state of one item with what the learner needs to work on it.
type ItemProgressView struct {
	ItemState
	Title string `json:"title"`
	// Assessment settings and dates, for assessments.
	AttemptsAllowed  int              `json:"attempts_allowed,omitempty"`
	TimeLimitMinutes int              `json:"time_limit_minutes,omitempty"`
	OpensAt          *time.Time       `json:"opens_at,omitempty"`
	ClosesAt         *time.Time       `json:"closes_at,omitempty"`
	Attempts         []AttemptSummary `json:"attempts,omitempty"`
}

// AttemptSummary is an attempt as lists show it.
type AttemptSummary struct {
	ID          string     `json:"id"`
	Item        string     `json:"item"`
	Number      int        `json:"number"`
	Status      string     `json:"status"`
	StartedAt   time.Time  `json:"started_at"`
	SubmittedAt *time.Time `json:"submitted_at,omitempty"`
	// Percent is set once graded, provisional while it needs review; Passed
	// only once the grade is final.
	Percent *float64 `json:"percent,omitempty"`
	Passed  *bool    `json:"passed,omitempty"`
}

func summarizeAttempt(a Attempt) AttemptSummary {
	out := AttemptSummary{ID: a.ID, Item: a.Item, Number: a.Number, Status: a.Status, StartedAt: a.StartedAt, SubmittedAt: a.SubmittedAt}
	if a.Result != nil {
		score := scoreView(*a.Result, a.Settings.PassMark)
		out.Percent, out.Passed = &score.Percent, score.Passed
	}
	return out
}

// EnrolRequest is the body of an enrolment; it is optional.
type EnrolRequest struct {
	// CohortID joins a cohort of the course; empty for self-paced learning.
	CohortID string `json:"cohort_id,omitempty"`
}

// Enrol enrols p in the latest published version of a course. Enrolling
// again returns the enrolment (created is false); after withdrawing, it
// reactivates the enrolment with its version and progress.
func (s *Service) Enrol(ctx context.Context, p auth.Principal, slug string, req EnrolRequest) (EnrolmentView, bool, error) {
	if !p.Authenticated() {
		return EnrolmentView{}, false, apperr.Unauthorizedf("sign in to enrol")
	}
	c, err := s.course(ctx, slug)
	if err != nil {
		return EnrolmentView{}, false, err
	}
	var cohort *CohortRef
	if req.CohortID != "" {
		if cohort, err = s.joinableCohort(ctx, c.ID, req.CohortID); err != nil {
			return EnrolmentView{}, false, err
		}
	}
	existing, err := s.store.EnrolmentOf(ctx, p.UserID, c.ID)
	switch {
	case err == nil:
		return s.reenrol(ctx, existing, cohort)
	case !apperr.Is(err, apperr.NotFound):
		return EnrolmentView{}, false, err
	}
	if c.Status != catalog.StatusPublished {
		return EnrolmentView{}, false, apperr.Conflictf("course-archived", "the course no longer takes new learners")
	}
	v, err := s.version(ctx, c.ID, c.Published.Version)
	if err != nil {
		return EnrolmentView{}, false, err
	}
	e := Enrolment{
		ID: EnrolmentID(p.UserID, c.ID), UserID: p.UserID, CourseID: c.ID, CourseSlug: c.Slug, CourseTitle: c.Published.Title,
		InstitutionID: c.InstitutionID, Version: v.Version, PassMark: c.Published.PassMark, Cohort: cohort,
		Status: EnrolmentActive, EnrolledAt: s.clock(), CompletedLessons: []string{},
		Progress: Evaluate(v.Tree, c.Published.PassMark, nil, nil),
	}
	err = s.store.InsertEnrolment(ctx, e)
	if apperr.Is(err, apperr.Conflict) {
		// Enrolled by a concurrent request.
		if existing, err = s.store.EnrolmentOf(ctx, p.UserID, c.ID); err == nil {
			return viewEnrolment(existing), false, nil
		}
	}
	if err != nil {
		return EnrolmentView{}, false, err
	}
	s.tally.Count(ctx, tally.Enrolments, e.ID, e.UserID, e.EnrolledAt)
	if err := s.store.countCourse(ctx, c.ID, "enrolments", e.EnrolledAt); err != nil {
		s.log.Warn("enrolment not counted in the course's insight; a rebuild recounts it", "enrolment", e.ID, "err", err)
	}
	return viewEnrolment(e), true, nil
}

func (s *Service) reenrol(ctx context.Context, e Enrolment, cohort *CohortRef) (EnrolmentView, bool, error) {
	if err := s.store.ListEnrolment(ctx, e); err != nil {
		return EnrolmentView{}, false, err
	}
	if e.Status != EnrolmentWithdrawn {
		return viewEnrolment(e), false, nil
	}
	status := EnrolmentActive
	if e.Completion != nil {
		status = EnrolmentCompleted
	}
	if _, err := s.store.Reactivate(ctx, e.ID, cohort, status); err != nil {
		return EnrolmentView{}, false, err
	}
	e, err := s.store.Enrolment(ctx, e.ID)
	return viewEnrolment(e), true, err
}

func (s *Service) joinableCohort(ctx context.Context, courseID, cohortID string) (*CohortRef, error) {
	co, err := s.store.Cohort(ctx, courseID, cohortID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.InvalidField("cohort_id", "the course has no cohort %q", cohortID)
	}
	if err != nil {
		return nil, err
	}
	if !s.clock().Before(co.EndsAt) {
		return nil, apperr.Conflictf("cohort-ended", "the cohort %s ended on %s", co.Name, co.EndsAt.Format(time.DateOnly))
	}
	return &CohortRef{ID: co.ID, Name: co.Name, StartsAt: co.StartsAt, EndsAt: co.EndsAt}, nil
}

// Unenrol withdraws p from a course they have not completed; withdrawing
// twice is no error. Attempts and progress are kept for a later return.
func (s *Service) Unenrol(ctx context.Context, p auth.Principal, slug string) error {
	e, err := s.enrolment(ctx, p, slug, true)
	if err != nil {
		return err
	}
	switch e.Status {
	case EnrolmentWithdrawn:
		return nil
	case EnrolmentCompleted:
		return apperr.Conflictf("enrolment-completed", "you completed this course; it stays in your record")
	}
	ok, err := s.store.Withdraw(ctx, e.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Conflictf("enrolment-completed", "you completed this course; it stays in your record")
	}
	return nil
}

// enrolment returns p's enrolment in a course; a withdrawn one only when withdrawn is true.
func (s *Service) enrolment(ctx context.Context, p auth.Principal, slug string, withdrawn bool) (Enrolment, error) {
	if !p.Authenticated() {
		return Enrolment{}, apperr.Unauthorizedf("sign in to see your courses")
	}
	c, err := s.course(ctx, slug)
	if err != nil {
		return Enrolment{}, err
	}
	e, err := s.store.EnrolmentOf(ctx, p.UserID, c.ID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && e.Status == EnrolmentWithdrawn && !withdrawn) {
		return Enrolment{}, apperr.New(apperr.NotFound, "not-enrolled", "you are not enrolled in this course")
	}
	return e, err
}

// MyCourses lists p's courses with their progress, in enrolment order.
func (s *Service) MyCourses(ctx context.Context, p auth.Principal, after EnrolmentPos, limit int) ([]EnrolmentView, error) {
	if !p.Authenticated() {
		return nil, apperr.Unauthorizedf("sign in to see your courses")
	}
	list, err := s.store.LearnerEnrolments(ctx, p.UserID, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]EnrolmentView, len(list))
	for i, e := range list {
		out[i] = viewEnrolment(e)
	}
	return out, nil
}

// LearnerEnrolment returns the user's enrolment in the course, read by its
// _id, for the views of a team the learner shares their progress with.
func (s *Service) LearnerEnrolment(ctx context.Context, userID, courseID string) (EnrolmentView, error) {
	e, err := s.store.EnrolmentOf(ctx, userID, courseID)
	if err != nil {
		return EnrolmentView{}, err
	}
	return viewEnrolment(e), nil
}

// CourseProgress returns p's progress through a course, item by item.
func (s *Service) CourseProgress(ctx context.Context, p auth.Principal, slug string) (CourseProgressView, error) {
	e, err := s.enrolment(ctx, p, slug, false)
	if err != nil {
		return CourseProgressView{}, err
	}
	return s.progressView(ctx, e)
}

func (s *Service) progressView(ctx context.Context, e Enrolment) (CourseProgressView, error) {
	v, err := s.version(ctx, e.CourseID, e.Version)
	if err != nil {
		return CourseProgressView{}, err
	}
	schedules, err := s.store.Schedules(ctx, e.CourseID)
	if err != nil {
		return CourseProgressView{}, err
	}
	attempts, err := s.store.EnrolmentAttempts(ctx, e.ID, assessmentRefs(v.Tree))
	if err != nil {
		return CourseProgressView{}, err
	}
	byItem := map[string][]AttemptSummary{}
	for _, a := range attempts {
		byItem[a.Item] = append(byItem[a.Item], summarizeAttempt(a))
	}
	states := map[string]ItemState{}
	for _, st := range e.Progress.Items {
		states[st.Ref] = st
	}
	out := CourseProgressView{EnrolmentView: viewEnrolment(e), Items: []ItemProgressView{}}
	for _, m := range v.Tree.Modules {
		for _, it := range m.Items {
			ref := itemRef(m.ID, it.ID)
			iv := ItemProgressView{ItemState: states[ref], Title: it.Title, Attempts: byItem[ref]}
			iv.Ref, iv.ModuleID, iv.ItemID, iv.Kind = ref, m.ID, it.ID, it.Kind
			if it.Assessment != nil {
				iv.AttemptsAllowed, iv.TimeLimitMinutes = it.Assessment.AttemptsAllowed, it.Assessment.TimeLimitMinutes
				sc := schedules[ref]
				iv.OpensAt, iv.ClosesAt = sc.OpensAt, sc.ClosesAt
			}
			out.Items = append(out.Items, iv)
		}
	}
	return out, nil
}

// CompleteLesson marks a lesson as done for p and returns their progress.
// Assessments are done when passed, not marked.
func (s *Service) CompleteLesson(ctx context.Context, p auth.Principal, slug, ref string) (CourseProgressView, error) {
	e, err := s.enrolment(ctx, p, slug, false)
	if err != nil {
		return CourseProgressView{}, err
	}
	v, err := s.version(ctx, e.CourseID, e.Version)
	if err != nil {
		return CourseProgressView{}, err
	}
	it, err := findItem(v.Tree, ref)
	if err != nil {
		return CourseProgressView{}, err
	}
	if it.Item.Kind != catalog.ItemLesson {
		return CourseProgressView{}, apperr.Conflictf("not-a-lesson", "%s is an assessment: it is done when passed", it.Ref)
	}
	if _, err := s.store.MarkLessonDone(ctx, e.ID, it.Ref, s.clock()); err != nil {
		return CourseProgressView{}, err
	}
	if e, err = s.refreshProgress(ctx, e.ID, nil); err != nil {
		return CourseProgressView{}, err
	}
	return s.progressView(ctx, e)
}

// CohortInput is what staff give to open a cohort.
type CohortInput struct {
	Name     string    `json:"name"`
	StartsAt time.Time `json:"starts_at"`
	EndsAt   time.Time `json:"ends_at"`
}

const maxNameLength = 200

// CreateCohort opens a cohort of a course, for its staff.
func (s *Service) CreateCohort(ctx context.Context, p auth.Principal, slug string, in CohortInput) (Cohort, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return Cohort{}, err
	}
	var v apperr.Validation
	name := strings.TrimSpace(in.Name)
	v.Check(name != "" && utf8.RuneCountInString(name) <= maxNameLength, "name", "is required, at most %d characters", maxNameLength)
	v.Check(!in.StartsAt.IsZero(), "starts_at", "is required")
	switch {
	case !in.EndsAt.After(in.StartsAt):
		v.Add("ends_at", "must be after starts_at")
	case !in.EndsAt.After(s.clock()):
		v.Add("ends_at", "must be in the future")
	}
	if err := v.Err(); err != nil {
		return Cohort{}, err
	}
	co := Cohort{ID: newID(), CourseID: c.ID, Name: name, StartsAt: in.StartsAt.UTC().Truncate(time.Millisecond), EndsAt: in.EndsAt.UTC().Truncate(time.Millisecond), CreatedBy: p.UserID, CreatedAt: s.clock()}
	return co, s.store.InsertCohort(ctx, co)
}

// Cohorts lists the cohorts of a course that have not ended, by start date.
func (s *Service) Cohorts(ctx context.Context, slug string) ([]Cohort, error) {
	c, err := s.course(ctx, slug)
	if err != nil {
		return nil, err
	}
	return s.store.Cohorts(ctx, c.ID, s.clock())
}

// ScheduleInput is when an assessment opens and closes; either may be absent.
type ScheduleInput struct {
	OpensAt  *time.Time `json:"opens_at"`
	ClosesAt *time.Time `json:"closes_at"`
}

// PutSchedule sets the dates of an assessment of the course's latest version, for its staff.
func (s *Service) PutSchedule(ctx context.Context, p auth.Principal, slug, ref string, in ScheduleInput) (Schedule, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return Schedule{}, err
	}
	v, err := s.version(ctx, c.ID, c.Published.Version)
	if err != nil {
		return Schedule{}, err
	}
	it, err := findItem(v.Tree, ref)
	if err != nil {
		return Schedule{}, err
	}
	if it.Item.Assessment == nil {
		return Schedule{}, apperr.Conflictf("not-an-assessment", "%s is a lesson; only assessments open and close", it.Ref)
	}
	if in.OpensAt != nil && in.ClosesAt != nil && !in.ClosesAt.After(*in.OpensAt) {
		return Schedule{}, apperr.InvalidField("closes_at", "must be after opens_at")
	}
	sc := Schedule{CourseID: c.ID, Item: it.Ref, OpensAt: utcPtr(in.OpensAt), ClosesAt: utcPtr(in.ClosesAt), UpdatedBy: p.UserID, UpdatedAt: s.clock()}
	return sc, s.store.PutSchedule(ctx, sc)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Millisecond)
	return &u
}
