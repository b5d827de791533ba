// Package learning is the learner's day: enrolment in published courses,
// progress through their lessons and assessments, assessment attempts, and
// the grading pipeline that turns a submission into exactly one result.
//
// The database is the record of every submission. Submitting writes the
// attempt as submitted and enqueues a grading task that carries only the
// attempt id; the task's handler grades with guarded writes, so that a task
// run twice, or by two workers at once, stores one result, and
// ReconcileSubmissions re-enqueues whatever the queue lost. Completing a
// course is recorded once per enrolment, with a CourseCompleted event in the
// same write (see services/kit/events); the credentials context subscribes
// to it.
//
// Insight is what teachers learn from a course's results. It is a read
// model: one document per course (enrolments, completions and credentials
// per day) and one per assessment (graded attempts, passes, a histogram of
// grades in tenths and per-question tallies), kept up to date by the
// writes that change them and read by _id, so that a course of any size
// answers at once. Each attempt's last counted contribution is kept beside
// it: a later grade change counts only the difference, and a grading run
// twice counts once.
//
// Difficulty of a question is the share of graded attempts that got it
// fully right (p). Discrimination is the point-biserial correlation between
// getting the question right and the attempt's grade:
//
//	r = (M1 − M0) / s · √(p·(1 − p))
//
// where M1 and M0 are the mean grades (in percent) of the attempts that got
// the question right and of those that did not, and s the standard
// deviation (population) of the grades of all attempts that had it. It is
// computed from running sums (n, Σx, Σx², Σx over the right answers), so it
// needs no per-attempt scan. A question with r near zero or below is one the
// strong learners fail as often as the weak: worth reading again. The grade
// includes the question itself, which raises r slightly on short tests.
package learning

import (
	"context"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/events"
)

// Courses is what learning needs from the catalogue context.
type Courses interface {
	// CourseBySlug returns the course with this slug, published or not.
	CourseBySlug(ctx context.Context, slug string) (catalog.Course, error)
	// CourseByID returns the course with this id.
	CourseByID(ctx context.Context, id string) (catalog.Course, error)
	// CourseVersion returns a published, immutable version of a course's structure.
	CourseVersion(ctx context.Context, courseID string, version int) (catalog.CourseVersion, error)
}

// Orgs is what learning needs from the identity context.
type Orgs interface {
	// IsVerifiedStaff reports whether the user is an owner or staff member of the verified organisation.
	IsVerifiedStaff(ctx context.Context, userID, orgID string) (bool, error)
	// Contact returns a user's display name and email address.
	Contact(ctx context.Context, userID string) (name, email string, err error)
}

// Enqueuer puts background tasks on the queue; jobs.Queue implements it.
type Enqueuer interface {
	// Add enqueues t unless a task with its id is in the queue (waiting,
	// running, retrying or kept after it ran), and reports whether it did.
	Add(ctx context.Context, t *asynq.Task) (bool, error)
}

// Publisher moves the events a write embedded in a document to the outbox;
// events.Outbox implements it.
type Publisher interface {
	Publish(ctx context.Context, coll *mongo.Collection, id string, evs ...events.Event) error
}

// Enrolment statuses.
const (
	EnrolmentActive    = "active"
	EnrolmentCompleted = "completed"
	EnrolmentWithdrawn = "withdrawn"
)

// Attempt statuses, in the order an attempt goes through them. An attempt
// with an answered essay waits in needs_review until staff grade it.
const (
	AttemptInProgress  = "in_progress"
	AttemptSubmitted   = "submitted"
	AttemptGraded      = "graded"
	AttemptNeedsReview = "needs_review"
)

// Kinds of grade changes in the audit trail.
const (
	ChangeOverride    = "override"
	ChangeManualGrade = "manual_grade"
	// ChangeReviewReply answers a review request and leaves the scores as they are.
	ChangeReviewReply = "review_reply"
)

// Enrolment is a learner's place in one course, pinned to the course version
// current when they enrolled. There is one per learner and course:
// enrolling again after withdrawing reactivates it with its progress.
type Enrolment struct {
	ID            string `bson:"_id"`
	UserID        string `bson:"user_id"`
	CourseID      string `bson:"course_id"`
	CourseSlug    string `bson:"course_slug"`
	CourseTitle   string `bson:"course_title"`
	InstitutionID string `bson:"institution_id"`
	Version       int    `bson:"version"`
	// PassMark is the course's pass mark when the learner enrolled.
	PassMark   float64    `bson:"pass_mark"`
	Cohort     *CohortRef `bson:"cohort,omitempty"`
	Status     string     `bson:"status"`
	EnrolledAt time.Time  `bson:"enrolled_at"`
	// CompletedLessons are the refs of the lessons the learner marked as done.
	CompletedLessons []string `bson:"completed_lessons"`
	// Graded holds the percent of each graded attempt by attempt id, written
	// with the progress it counts in, so progress is recomputed from this
	// document alone.
	Graded map[string]GradedScore `bson:"graded,omitempty"`
	// Progress is computed from the lessons done and the graded attempts.
	Progress   Progress       `bson:"progress"`
	Completion *CompletionRef `bson:"completion,omitempty"`
	// LastActivity is what the learner last did in the course, where their dashboard takes them back.
	LastActivity *Activity `bson:"last_activity,omitempty"`
	// Rev counts progress writes; a progress update applies only to the revision it read.
	Rev int `bson:"rev"`
}

// Activity is a step of a learner in their course: a lesson marked as done
// or an attempt started.
type Activity struct {
	Ref       string    `bson:"ref" json:"ref"`
	Kind      string    `bson:"kind" json:"kind"`
	AttemptID string    `bson:"attempt_id,omitempty" json:"attempt_id,omitempty"`
	At        time.Time `bson:"at" json:"at"`
}

// GradedScore is a graded attempt's percent at its assessment.
type GradedScore struct {
	Item    string  `bson:"item"`
	Percent float64 `bson:"percent"`
}

// CohortRef is the cohort an enrolment belongs to, with its dates.
type CohortRef struct {
	ID       string    `bson:"id" json:"id"`
	Name     string    `bson:"name" json:"name"`
	StartsAt time.Time `bson:"starts_at" json:"starts_at"`
	EndsAt   time.Time `bson:"ends_at" json:"ends_at"`
}

// CompletionRef is the completion recorded for an enrolment.
type CompletionRef struct {
	ID           string    `bson:"id" json:"id"`
	GradePercent float64   `bson:"grade_percent" json:"grade_percent"`
	CompletedAt  time.Time `bson:"completed_at" json:"completed_at"`
}

// Cohort is a group of learners taking a course between two dates.
type Cohort struct {
	ID        string    `bson:"_id" json:"id"`
	CourseID  string    `bson:"course_id" json:"course_id"`
	Name      string    `bson:"name" json:"name"`
	StartsAt  time.Time `bson:"starts_at" json:"starts_at"`
	EndsAt    time.Time `bson:"ends_at" json:"ends_at"`
	CreatedBy string    `bson:"created_by" json:"-"`
	CreatedAt time.Time `bson:"created_at" json:"created_at"`
}

// Schedule is when an assessment of a course opens and closes; the
// assessment format itself has no dates, so staff set them here per item.
type Schedule struct {
	ID        string     `bson:"_id" json:"-"`
	CourseID  string     `bson:"course_id" json:"course_id"`
	Item      string     `bson:"item" json:"item"`
	OpensAt   *time.Time `bson:"opens_at,omitempty" json:"opens_at,omitempty"`
	ClosesAt  *time.Time `bson:"closes_at,omitempty" json:"closes_at,omitempty"`
	UpdatedBy string     `bson:"updated_by" json:"-"`
	UpdatedAt time.Time  `bson:"updated_at" json:"updated_at"`
}

// Attempt is one try at an assessment. Its questions are drawn when it
// starts and kept with it, with the seed that drew them.
type Attempt struct {
	ID            string          `bson:"_id"`
	EnrolmentID   string          `bson:"enrolment_id"`
	UserID        string          `bson:"user_id"`
	CourseID      string          `bson:"course_id"`
	InstitutionID string          `bson:"institution_id"`
	Item          string          `bson:"item"`
	Number        int             `bson:"number"`
	Settings      AttemptSettings `bson:"settings"`
	Seed          int64           `bson:"seed"`
	// Questions are the questions drawn, in order. They never change, so
	// they are kept apart, in the attempt's paper: the attempt document,
	// written on every answer and read by every listing, stays small.
	Questions []grading.Question `bson:"-"`
	PaperID   string             `bson:"paper_id"`
	Status    string             `bson:"status"`
	StartedAt time.Time          `bson:"started_at"`
	// Deadline is when answers stop being accepted: the time limit, the
	// assessment's closing or the cohort's end, whichever comes first.
	Deadline       *time.Time `bson:"deadline,omitempty"`
	DeadlineReason string     `bson:"deadline_reason,omitempty"`
	// Answers holds the learner's saved answer to each question id, as the JSON they sent.
	Answers map[string]string `bson:"answers"`
	// Checked holds the ids of the questions whose feedback the learner has
	// seen under immediate feedback: their answers can no longer change.
	Checked     map[string]bool `bson:"checked,omitempty"`
	SubmittedAt *time.Time      `bson:"submitted_at,omitempty"`
	SubmitKey   string          `bson:"submit_key,omitempty"`
	// EnqueuedAt is when a grading task was last enqueued; Enqueues counts re-enqueues.
	EnqueuedAt *time.Time             `bson:"enqueued_at,omitempty"`
	Enqueues   int                    `bson:"enqueues"`
	Result     *grading.AttemptResult `bson:"result,omitempty"`
	GradedAt   *time.Time             `bson:"graded_at,omitempty"`
	// ResultRev counts the result's changes: 1 once graded, then one per manual grade or override.
	ResultRev int `bson:"result_rev"`
	// Applied is set once the current result is reflected in the enrolment's progress.
	Applied       bool           `bson:"applied"`
	ReviewRequest *ReviewRequest `bson:"review_request,omitempty"`
	ReviewOpen    bool           `bson:"review_open"`
}

// AttemptSettings are the assessment settings an attempt was started under.
type AttemptSettings struct {
	Title              string                 `bson:"title"`
	PassMark           float64                `bson:"pass_mark"`
	Feedback           grading.FeedbackPolicy `bson:"feedback"`
	ShowCorrectAnswers bool                   `bson:"show_correct_answers"`
}

// ReviewRequest is a learner's request that staff look at a grade again.
type ReviewRequest struct {
	Message     string     `bson:"message" json:"message"`
	RequestedAt time.Time  `bson:"requested_at" json:"requested_at"`
	ResolvedAt  *time.Time `bson:"resolved_at,omitempty" json:"resolved_at,omitempty"`
	ResolvedBy  string     `bson:"resolved_by,omitempty" json:"-"`
	// Reply is what staff answered when they resolved the request without changing the grade.
	Reply string `bson:"reply,omitempty" json:"reply,omitempty"`
}

// AuditEntry records one change of a graded score by staff. Entries are
// only ever added: the entry for result revision n is written before the
// attempt moves to revision n, so no change goes unrecorded.
type AuditEntry struct {
	ID           string    `bson:"_id" json:"id"`
	AttemptID    string    `bson:"attempt_id" json:"attempt_id"`
	Rev          int       `bson:"rev" json:"rev"`
	CourseID     string    `bson:"course_id" json:"course_id"`
	LearnerID    string    `bson:"learner_id" json:"learner_id"`
	Kind         string    `bson:"kind" json:"kind"`
	QuestionID   string    `bson:"question_id" json:"question_id"`
	ActorID      string    `bson:"actor_id" json:"actor_id"`
	At           time.Time `bson:"at" json:"at"`
	OldScore     float64   `bson:"old_score" json:"old_score"`
	NewScore     float64   `bson:"new_score" json:"new_score"`
	OldPercent   float64   `bson:"old_percent" json:"old_percent"`
	NewPercent   float64   `bson:"new_percent" json:"new_percent"`
	Reason       string    `bson:"reason,omitempty" json:"reason,omitempty"`
	RubricScores []float64 `bson:"rubric_scores,omitempty" json:"rubric_scores,omitempty"`
	Comment      string    `bson:"comment,omitempty" json:"comment,omitempty"`
}

// Completion is the record that a learner completed a course, written once
// per enrolment; the credentials context issues a credential from it.
type Completion struct {
	ID          string `bson:"_id" json:"id"`
	EnrolmentID string `bson:"enrolment_id" json:"enrolment_id"`
	UserID      string `bson:"user_id" json:"user_id"`
	CourseID    string `bson:"course_id" json:"course_id"`
	CourseSlug  string `bson:"course_slug" json:"course_slug"`
	Version     int    `bson:"version" json:"version"`
	// GradePercent is the final grade: see Evaluate.
	GradePercent float64   `bson:"grade_percent" json:"grade_percent"`
	CompletedAt  time.Time `bson:"completed_at" json:"completed_at"`
	// Outbox holds the CourseCompleted event until it is in the outbox.
	Outbox map[string]events.Event `bson:"outbox,omitempty" json:"-"`
}
