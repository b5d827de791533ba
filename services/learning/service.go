package learning

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"academy/services/catalog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/tally"
	"academy/services/kit/wakeup"
)

// Service holds the learning context's use cases; it authorises every call
// per resource: a learner reaches only their own enrolments and attempts,
// staff of the course's institution reach its gradebook.
type Service struct {
	tally    tally.Counter
	store    *Store
	courses  Courses
	orgs     Orgs
	queue    Enqueuer
	events   Publisher
	log      *slog.Logger
	now      func() time.Time
	versions *fixedCache[catalog.CourseVersion]
	waiting  waitingSnapshot
	graded   wakeup.Waiters // requests waiting for an attempt's grade
	// gradeWait, gradePoll and stop are Options.GradeWait, GradePoll and Stop.
	gradeWait, gradePoll time.Duration
	stop                 <-chan struct{}
	// afterGrade runs between grading an attempt and storing its result;
	// tests use it to stop a worker there.
	afterGrade func(ctx context.Context, attemptID string) error
	// queueOnly leaves every submission to the grading task, none graded in
	// the submit request; tests use it to follow the task's path.
	queueOnly bool
}

// Options are the optional settings of NewService.
type Options struct {
	// Events publishes the facts the context records; required.
	Events Publisher
	// Tally counts the facts of the platform dashboard no event carries; nil counts nothing.
	Tally tally.Counter
	Log   *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// GradeWait is the longest a request waiting for a grade is held;
	// DefaultGradeWait when 0.
	GradeWait time.Duration
	// GradePoll is how often a request waiting for a grade reads the attempt
	// again, for grades stored by other processes; 0 when this process runs
	// every grader (embedded), whose grades wake the waiting requests at once.
	GradePoll time.Duration
	// Stop, closed when the process shuts down, answers the requests waiting
	// for a grade at once.
	Stop <-chan struct{}
}

// NewService returns the learning service.
func NewService(store *Store, courses Courses, orgs Orgs, queue Enqueuer, o Options) *Service {
	if o.Tally == nil {
		o.Tally = tally.None{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.GradeWait <= 0 {
		o.GradeWait = DefaultGradeWait
	}
	return &Service{tally: o.Tally, store: store, courses: courses, orgs: orgs, queue: queue, events: o.Events, log: o.Log, now: o.Now,
		gradeWait: o.GradeWait, gradePoll: o.GradePoll, stop: o.Stop,
		versions: newFixedCache[catalog.CourseVersion](versionCacheSize)}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func newID() string { return ulid.Make().String() }

// isStaff reports whether p may teach the institution's courses: an admin,
// or an owner or staff member of the institution once it is verified.
func (s *Service) isStaff(ctx context.Context, p auth.Principal, institutionID string) (bool, error) {
	if p.Admin {
		return true, nil
	}
	if !p.Authenticated() {
		return false, nil
	}
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, institutionID)
	if err != nil {
		return false, fmt.Errorf("check staff of %s: %w", institutionID, err)
	}
	return staff, nil
}

// requireStaff lets only staff of the institution through.
func (s *Service) requireStaff(ctx context.Context, p auth.Principal, institutionID string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to do this")
	}
	ok, err := s.isStaff(ctx, p, institutionID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Forbiddenf("only staff of the course's institution may do this")
	}
	return nil
}

// course returns a course that has been published, archived or not:
// enrolled learners keep their course when it is withdrawn from the catalogue.
func (s *Service) course(ctx context.Context, slug string) (catalog.Course, error) {
	c, err := s.courses.CourseBySlug(ctx, slug)
	if err != nil {
		return c, err
	}
	if c.Published == nil {
		return c, apperr.NotFoundf("no such course")
	}
	return c, nil
}

// staffCourse returns a course whose staff p is.
func (s *Service) staffCourse(ctx context.Context, p auth.Principal, slug string) (catalog.Course, error) {
	c, err := s.course(ctx, slug)
	if err != nil {
		return c, err
	}
	return c, s.requireStaff(ctx, p, c.InstitutionID)
}

// versionCacheSize bounds the course versions kept in memory.
const versionCacheSize = 256

// version returns a course version; versions never change once published, so they are cached.
func (s *Service) version(ctx context.Context, courseID string, version int) (catalog.CourseVersion, error) {
	key := courseID + ":" + strconv.Itoa(version)
	if v, ok := s.versions.get(key); ok {
		return v, nil
	}
	v, err := s.courses.CourseVersion(ctx, courseID, version)
	if err != nil {
		return v, fmt.Errorf("read version %d of course %s: %w", version, courseID, err)
	}
	s.versions.put(key, v)
	return v, nil
}
