package learning

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/mongoserver"
	"academy/services/kit/owned"
)

// Store keeps enrolments, attempts, the grade audit trail and completions in
// MongoDB. Every write is one single-document operation guarded by the
// state it expects, and unique indexes make the writes that must happen
// once (an enrolment, an attempt number, a completion) happen once.
//
// The paths a learner takes during an exam read and write documents by
// _id only: enrolment and attempt ids derive from what identifies them, so
// the embedded database (which reads every document for any other filter)
// keeps up with thousands of learners.
type Store struct {
	guard      *guarded.Writer
	enrolments *mongo.Collection
	cohorts    *mongo.Collection
	schedules  *mongo.Collection
	attempts   *mongo.Collection
	papers     *mongo.Collection
	waitlist   *mongo.Collection
	// paperCache holds papers read: every answer saved reads its attempt's.
	paperCache *fixedCache[[]grading.Question]
	// frames holds what never changes in attempts read: every answer saved needs it.
	frames      *fixedCache[Attempt]
	audit       *mongo.Collection
	completions *mongo.Collection
	// learners lists each learner's enrolment ids, for their dashboard.
	learners *owned.Lists
	// courseLearners lists each course's enrolment ids, for its gradebook.
	courseLearners *owned.Lists
	// The insight read model, and the marks of what it counted.
	insightCourses     *mongo.Collection
	insightAssessments *mongo.Collection
	insightMarks       *mongo.Collection
	// awaiting holds, per course, the attempts waiting for staff to grade an answer.
	awaiting *mongo.Collection
}

// NewStore returns the learning store on db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	enrolments := db.Collection("enrolments")
	return &Store{
		guard:       w,
		enrolments:  enrolments,
		cohorts:     db.Collection("cohorts"),
		schedules:   db.Collection("assessment_schedules"),
		attempts:    db.Collection("attempts"),
		papers:      db.Collection("attempt_papers"),
		waitlist:    db.Collection("grading_waitlist"),
		paperCache:  newFixedCache[[]grading.Question](paperCacheSize),
		frames:      newFixedCache[Attempt](paperCacheSize),
		audit:       db.Collection("grade_audit"),
		completions: db.Collection("completions"),
		learners:    owned.New(db, w, "learner_enrolments", enrolments, "user_id"),

		courseLearners: owned.New(db, w, "course_enrolments", enrolments, "course_id"),

		insightCourses:     db.Collection("insight_courses"),
		insightAssessments: db.Collection("insight_assessments"),
		insightMarks:       db.Collection("insight_marks"),
		awaiting:           db.Collection("grading_awaiting"),
	}
}

// EnsureIndexes creates the indexes every query of the store uses, and the
// unique ones its writes rely on.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	unique := options.Index().SetUnique(true)
	keys := func(names ...string) bson.D {
		d := bson.D{}
		for _, n := range names {
			d = append(d, bson.E{Key: n, Value: 1})
		}
		return d
	}
	plan := []struct {
		coll   *mongo.Collection
		models []mongo.IndexModel
	}{
		{s.enrolments, []mongo.IndexModel{
			{Keys: keys("user_id", "course_id"), Options: unique},
			{Keys: keys("user_id", "enrolled_at", "_id")},
			{Keys: keys("course_id", "enrolled_at", "_id")},
		}},
		{s.cohorts, []mongo.IndexModel{{Keys: keys("course_id", "starts_at")}}},
		{s.schedules, []mongo.IndexModel{{Keys: keys("course_id", "item")}}},
		{s.attempts, []mongo.IndexModel{
			{Keys: keys("enrolment_id", "item", "number"), Options: unique},
			{Keys: keys("status", "submitted_at")},
			{Keys: keys("status", "applied", "enqueued_at")},
			{Keys: keys("status", "deadline")},
			{Keys: keys("course_id", "review_open", "_id")},
		}},
		{s.audit, []mongo.IndexModel{{Keys: keys("attempt_id", "rev")}}},
		{s.completions, []mongo.IndexModel{
			{Keys: keys("enrolment_id"), Options: unique},
		}},
	}
	// Papers, the waitlist and the insight read model are read by _id only, but their collections
	// must exist before the embedded database's _id lookups are indexed at start.
	for _, coll := range []*mongo.Collection{s.papers, s.waitlist, s.insightCourses, s.insightAssessments, s.insightMarks, s.awaiting} {
		err := coll.Database().CreateCollection(ctx, coll.Name())
		var ce mongo.CommandError
		if err != nil && !(errors.As(err, &ce) && ce.HasErrorCode(namespaceExists)) {
			return fmt.Errorf("create %s: %w", coll.Name(), err)
		}
	}
	for _, p := range plan {
		if err := mongoserver.EnsureIndexes(ctx, p.coll, p.models...); err != nil {
			return err
		}
	}
	if err := s.learners.Create(ctx); err != nil {
		return err
	}
	return s.courseLearners.Create(ctx)
}

// update applies update to document id of coll if it matches guard, and reports whether it did.
func (s *Store) update(ctx context.Context, coll *mongo.Collection, id string, guard, update bson.M, what string) (bool, error) {
	ok, err := s.guard.Update(ctx, coll, id, guard, update)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return ok, nil
}

// derivedID is the id of the document identified by parts: it looks like
// the random ids and reveals nothing, but can be computed from what the
// caller knows, so that reading it needs no other index.
func derivedID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return idEncoding.EncodeToString(h[:16])
}

// idEncoding writes derived ids in the alphabet of ULIDs.
var idEncoding = base32.NewEncoding("0123456789ABCDEFGHJKMNPQRSTVWXYZ").WithPadding(base32.NoPadding)

// EnrolmentID is the id of a learner's enrolment in a course.
func EnrolmentID(userID, courseID string) string { return derivedID("enrolment", userID, courseID) }

// AttemptID is the id of an enrolment's attempt with this number at an assessment.
func AttemptID(enrolmentID, item string, number int) string {
	return derivedID("attempt", enrolmentID, item, strconv.Itoa(number))
}

// idPage lists documents matching filter in id order, after the given id.
func idPage[T any](ctx context.Context, coll *mongo.Collection, filter bson.M, after string, limit int, projection bson.M) ([]T, error) {
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit))
	if projection != nil {
		opts.SetProjection(projection)
	}
	return mongokit.FindAll[T](ctx, coll, filter, opts)
}

// Enrolments.

// InsertEnrolment adds an enrolment to the course and to its learner's list;
// a second one for the same learner and course conflicts.
func (s *Store) InsertEnrolment(ctx context.Context, e Enrolment) error {
	_, err := s.enrolments.InsertOne(ctx, e)
	if mongo.IsDuplicateKeyError(err) {
		return apperr.Conflictf("already-enrolled", "you are already enrolled in this course")
	}
	if err != nil {
		return fmt.Errorf("insert enrolment in %s: %w", e.CourseID, err)
	}
	return s.ListEnrolment(ctx, e)
}

// ListEnrolment puts an enrolment on its learner's list and its course's,
// again after a process stopped between writing the enrolment and listing it.
func (s *Store) ListEnrolment(ctx context.Context, e Enrolment) error {
	if err := s.learners.Add(ctx, e.UserID, e.ID); err != nil {
		return err
	}
	return s.courseLearners.Add(ctx, e.CourseID, e.ID)
}

// LearnerEnrolmentIDs lists the ids of every enrolment of a learner, withdrawn ones included, oldest first.
func (s *Store) LearnerEnrolmentIDs(ctx context.Context, userID string) ([]string, error) {
	return s.learners.IDs(ctx, userID)
}

// Enrolment returns the enrolment with this id.
func (s *Store) Enrolment(ctx context.Context, id string) (Enrolment, error) {
	return mongokit.FindOne[Enrolment](ctx, s.enrolments, bson.M{"_id": id}, "enrolment")
}

// EnrolmentOf returns a learner's enrolment in a course, withdrawn or not.
func (s *Store) EnrolmentOf(ctx context.Context, userID, courseID string) (Enrolment, error) {
	return s.Enrolment(ctx, EnrolmentID(userID, courseID))
}

// Reactivate returns a withdrawn enrolment to the course, in the cohort given.
func (s *Store) Reactivate(ctx context.Context, id string, cohort *CohortRef, status string) (bool, error) {
	return s.update(ctx, s.enrolments, id, bson.M{"status": EnrolmentWithdrawn},
		bson.M{"$set": bson.M{"status": status, "cohort": cohort}}, "reactivate enrolment "+id)
}

// Withdraw takes a learner out of a course they have not completed.
func (s *Store) Withdraw(ctx context.Context, id string) (bool, error) {
	return s.update(ctx, s.enrolments, id, bson.M{"status": EnrolmentActive},
		bson.M{"$set": bson.M{"status": EnrolmentWithdrawn}}, "withdraw enrolment "+id)
}

// MarkLessonDone adds a lesson to the enrolment's completed lessons, as its latest activity.
func (s *Store) MarkLessonDone(ctx context.Context, id, ref string, at time.Time) (bool, error) {
	return s.update(ctx, s.enrolments, id, bson.M{"status": bson.M{"$ne": EnrolmentWithdrawn}},
		bson.M{"$addToSet": bson.M{"completed_lessons": ref}, "$inc": bson.M{"rev": 1},
			"$set": bson.M{"last_activity": Activity{Ref: ref, Kind: catalog.ItemLesson, At: at}}}, "mark lesson done in "+id)
}

// SetLastActivity records what the learner last did in the enrolment.
func (s *Store) SetLastActivity(ctx context.Context, id string, a Activity) error {
	_, err := s.update(ctx, s.enrolments, id, nil, bson.M{"$set": bson.M{"last_activity": a}}, "record activity in "+id)
	return err
}

// SetProgress stores recomputed progress, with the graded score change it
// counts (if any), if the enrolment is still at revision rev.
func (s *Store) SetProgress(ctx context.Context, id string, rev int, p Progress, change *ScoreChange) (bool, error) {
	set := bson.M{"progress": p, "rev": rev + 1}
	update := bson.M{"$set": set}
	if change != nil {
		key := "graded." + change.AttemptID
		if change.Remove {
			update["$unset"] = bson.M{key: ""}
		} else {
			set[key] = GradedScore{Item: change.Item, Percent: change.Percent}
		}
	}
	return s.update(ctx, s.enrolments, id, bson.M{"rev": rev}, update, "set progress of "+id)
}

// SetCompletion records the enrolment's completion unless one is recorded.
func (s *Store) SetCompletion(ctx context.Context, id string, c CompletionRef) error {
	_, err := s.update(ctx, s.enrolments, id, bson.M{"completion": nil},
		bson.M{"$set": bson.M{"completion": c, "status": EnrolmentCompleted}}, "record completion of "+id)
	return err
}

// EnrolmentPos is a place in a list of enrolments in enrolment order; the
// zero EnrolmentPos is its start.
type EnrolmentPos struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// posOf is the place of e in a list of enrolments.
func posOf(e Enrolment) EnrolmentPos { return EnrolmentPos{At: e.EnrolledAt, ID: e.ID} }

// Pos is the place of v in a list of enrolments.
func (v EnrolmentView) Pos() EnrolmentPos { return EnrolmentPos{At: v.EnrolledAt, ID: v.ID} }

// LearnerEnrolments lists a learner's current enrolments in enrolment order, after a place.
func (s *Store) LearnerEnrolments(ctx context.Context, userID string, after EnrolmentPos, limit int) ([]Enrolment, error) {
	return s.enrolmentPage(ctx, bson.M{"user_id": userID, "status": bson.M{"$ne": EnrolmentWithdrawn}}, after, limit)
}

// CourseEnrolments lists a course's enrolments in the order of its list
// (enrolment order; those written before the list was kept come first),
// after the enrolment of a place. It reads the course's list and each
// enrolment of the page by _id: a query by course would read them all.
func (s *Store) CourseEnrolments(ctx context.Context, courseID string, after EnrolmentPos, limit int) ([]Enrolment, error) {
	ids, err := s.courseLearners.IDs(ctx, courseID)
	if err != nil {
		return nil, err
	}
	from := 0
	if after.ID != "" {
		i := slices.Index(ids, after.ID)
		if i < 0 {
			return nil, apperr.InvalidField("cursor", "names no learner of this course")
		}
		from = i + 1
	}
	ids = ids[from:min(len(ids), from+limit)]
	out := make([]Enrolment, 0, len(ids))
	for _, id := range ids {
		e, err := s.Enrolment(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func (s *Store) enrolmentPage(ctx context.Context, filter bson.M, after EnrolmentPos, limit int) ([]Enrolment, error) {
	if after != (EnrolmentPos{}) {
		filter["$or"] = bson.A{
			bson.M{"enrolled_at": bson.M{"$gt": after.At}},
			bson.M{"enrolled_at": after.At, "_id": bson.M{"$gt": after.ID}},
		}
	}
	return mongokit.FindAll[Enrolment](ctx, s.enrolments, filter,
		options.Find().SetSort(bson.D{{Key: "enrolled_at", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

// Cohorts and schedules.

// InsertCohort adds a cohort.
func (s *Store) InsertCohort(ctx context.Context, c Cohort) error {
	if _, err := s.cohorts.InsertOne(ctx, c); err != nil {
		return fmt.Errorf("insert cohort of %s: %w", c.CourseID, err)
	}
	return nil
}

// Cohort returns a course's cohort.
func (s *Store) Cohort(ctx context.Context, courseID, id string) (Cohort, error) {
	return mongokit.FindOne[Cohort](ctx, s.cohorts, bson.M{"_id": id, "course_id": courseID}, "cohort")
}

// Cohorts lists a course's cohorts ending after the given time, by start date.
func (s *Store) Cohorts(ctx context.Context, courseID string, endingAfter time.Time) ([]Cohort, error) {
	return mongokit.FindAll[Cohort](ctx, s.cohorts, bson.M{"course_id": courseID, "ends_at": bson.M{"$gt": endingAfter}},
		options.Find().SetSort(bson.D{{Key: "starts_at", Value: 1}}).SetLimit(maxCohorts))
}

// maxCohorts bounds the cohorts a course lists.
const maxCohorts = 200

// PutSchedule stores the dates of an assessment.
func (s *Store) PutSchedule(ctx context.Context, sc Schedule) error {
	sc.ID = sc.CourseID + "/" + sc.Item
	_, err := s.schedules.ReplaceOne(ctx, bson.M{"_id": sc.ID}, sc, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store schedule of %s: %w", sc.ID, err)
	}
	return nil
}

// Schedule returns the dates of an assessment; the zero Schedule when none are set.
func (s *Store) Schedule(ctx context.Context, courseID, item string) (Schedule, error) {
	sc, err := mongokit.FindOne[Schedule](ctx, s.schedules, bson.M{"_id": courseID + "/" + item}, "schedule")
	if apperr.Is(err, apperr.NotFound) {
		return Schedule{CourseID: courseID, Item: item}, nil
	}
	return sc, err
}

// Schedules returns the dates of a course's assessments by item ref.
func (s *Store) Schedules(ctx context.Context, courseID string) (map[string]Schedule, error) {
	list, err := mongokit.FindAll[Schedule](ctx, s.schedules, bson.M{"course_id": courseID}, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Schedule, len(list))
	for _, sc := range list {
		out[sc.Item] = sc
	}
	return out, nil
}

// Attempts.

// errNumberTaken reports that another attempt took the number at the same time.
var errNumberTaken = errors.New("attempt number taken")

// paper holds the questions drawn for an attempt.
type paper struct {
	ID        string             `bson:"_id"`
	Questions []grading.Question `bson:"questions"`
}

// InsertAttempt adds an attempt with its paper; errNumberTaken when its
// number is taken. The paper goes first under an id of its own, so an
// attempt never lacks one; a paper whose attempt lost the race stays unused.
func (s *Store) InsertAttempt(ctx context.Context, a Attempt) error {
	a.PaperID = newID()
	if _, err := s.papers.InsertOne(ctx, paper{ID: a.PaperID, Questions: a.Questions}); err != nil {
		return fmt.Errorf("insert the paper of attempt %s: %w", a.ID, err)
	}
	_, err := s.attempts.InsertOne(ctx, a)
	if mongo.IsDuplicateKeyError(err) {
		return errNumberTaken
	}
	if err != nil {
		return fmt.Errorf("insert attempt %s: %w", a.ID, err)
	}
	s.paperCache.put(a.PaperID, a.Questions)
	s.frames.put(a.ID, frameOf(a))
	return nil
}

// Attempt returns the attempt with this id.
func (s *Store) Attempt(ctx context.Context, id string) (Attempt, error) {
	a, err := mongokit.FindOne[Attempt](ctx, s.attempts, bson.M{"_id": id}, "attempt")
	if err != nil {
		return a, err
	}
	if err := s.readPaper(ctx, &a); err != nil {
		return a, err
	}
	s.frames.put(a.ID, frameOf(a))
	return a, nil
}

// AttemptFrame returns what never changes in an attempt once started: its
// learner, course, settings, questions and deadline, without its status,
// answers or grade. It is read from memory when this process has read the
// attempt before, so that saving an answer reads nothing else first.
func (s *Store) AttemptFrame(ctx context.Context, id string) (Attempt, error) {
	if a, ok := s.frames.get(id); ok {
		return a, nil
	}
	a, err := s.Attempt(ctx, id)
	if err != nil {
		return a, err
	}
	return frameOf(a), nil
}

// frameOf keeps the fields of an attempt that never change once it started.
func frameOf(a Attempt) Attempt {
	return Attempt{ID: a.ID, EnrolmentID: a.EnrolmentID, UserID: a.UserID, CourseID: a.CourseID, InstitutionID: a.InstitutionID,
		Item: a.Item, Number: a.Number, Settings: a.Settings, Seed: a.Seed, Questions: a.Questions, PaperID: a.PaperID,
		StartedAt: a.StartedAt, Deadline: a.Deadline, DeadlineReason: a.DeadlineReason}
}

// paperCacheSize bounds the papers kept in memory: enough for everyone
// sitting a large exam at once, at some tens of kilobytes each.
const paperCacheSize = 4096

// AttemptState returns an attempt's status and grading bookkeeping only.
func (s *Store) AttemptState(ctx context.Context, id string) (Attempt, error) {
	return mongokit.FindOne[Attempt](ctx, s.attempts, bson.M{"_id": id}, "attempt",
		options.FindOne().SetProjection(bson.M{"user_id": 1, "status": 1, "applied": 1, "enqueued_at": 1, "enqueues": 1, "deadline": 1}))
}

// readPaper fills in an attempt's questions. Callers must not change them:
// they are shared with other readers.
func (s *Store) readPaper(ctx context.Context, a *Attempt) error {
	if qs, ok := s.paperCache.get(a.PaperID); ok {
		a.Questions = qs
		return nil
	}
	p, err := mongokit.FindOne[paper](ctx, s.papers, bson.M{"_id": a.PaperID}, "paper")
	if err != nil {
		return fmt.Errorf("read the paper of attempt %s: %w", a.ID, err)
	}
	s.paperCache.put(p.ID, p.Questions)
	a.Questions = p.Questions
	return nil
}

// attemptSummaryFields are the fields lists of attempts read.
var attemptSummaryFields = bson.M{"answers": 0, "result.results": 0}

// AttemptsAt lists an enrolment's attempts at an assessment in number
// order, without their questions and answers. Attempts are numbered from 1
// without gaps, so they are read by id until one is missing.
func (s *Store) AttemptsAt(ctx context.Context, enrolmentID, item string) ([]Attempt, error) {
	var out []Attempt
	for n := 1; ; n++ {
		a, err := mongokit.FindOne[Attempt](ctx, s.attempts, bson.M{"_id": AttemptID(enrolmentID, item, n)}, "attempt",
			options.FindOne().SetProjection(attemptSummaryFields))
		if apperr.Is(err, apperr.NotFound) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
}

// LatestAttempt returns a learner's attempt with the highest number at an
// assessment, without its questions and answers; found is false before the first.
func (s *Store) LatestAttempt(ctx context.Context, enrolmentID, item string) (a Attempt, found bool, err error) {
	list, err := s.AttemptsAt(ctx, enrolmentID, item)
	if err != nil || len(list) == 0 {
		return a, false, err
	}
	return list[len(list)-1], true, nil
}

// EnrolmentAttempts lists an enrolment's attempts at the given assessments,
// in that order and by number, without their questions and answers.
func (s *Store) EnrolmentAttempts(ctx context.Context, enrolmentID string, items []string) ([]Attempt, error) {
	out := []Attempt{}
	for _, item := range items {
		list, err := s.AttemptsAt(ctx, enrolmentID, item)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// SaveAnswer stores the answer to one question of an attempt in progress,
// unless the question was checked.
func (s *Store) SaveAnswer(ctx context.Context, id, questionID, answer string) (bool, error) {
	return s.update(ctx, s.attempts, id, bson.M{"status": AttemptInProgress, "checked." + questionID: nil},
		bson.M{"$set": bson.M{"answers." + questionID: answer}}, "save answer to "+id)
}

// CheckAnswer locks one question of an attempt in progress with its answer,
// once: answer replaces the saved one unless it is empty. The answer and
// the lock are one write, so no save can slip in between.
func (s *Store) CheckAnswer(ctx context.Context, id, questionID, answer string) (bool, error) {
	set := bson.M{"checked." + questionID: true}
	if answer != "" {
		set["answers."+questionID] = answer
	}
	return s.update(ctx, s.attempts, id, bson.M{"status": AttemptInProgress, "checked." + questionID: nil},
		bson.M{"$set": set}, "check answer to "+id)
}

// Submit moves a learner's attempt from in progress to submitted and returns
// it; found is false when it was not in progress.
func (s *Store) Submit(ctx context.Context, id, userID, key string, at time.Time) (Attempt, bool, error) {
	var a Attempt
	ok, err := s.guard.UpdateAndRead(ctx, s.attempts, id, bson.M{"user_id": userID, "status": AttemptInProgress},
		bson.M{"$set": bson.M{"status": AttemptSubmitted, "submitted_at": at, "submit_key": key, "enqueued_at": at, "applied": false}}, &a)
	if err != nil {
		return a, false, fmt.Errorf("submit attempt %s: %w", id, err)
	}
	if ok {
		err = s.readPaper(ctx, &a)
	}
	return a, ok, err
}

// SubmitExpired submits an attempt in progress whose deadline passed, as of its deadline.
func (s *Store) SubmitExpired(ctx context.Context, id string, deadline, now time.Time) (bool, error) {
	return s.update(ctx, s.attempts, id, bson.M{"status": AttemptInProgress},
		bson.M{"$set": bson.M{"status": AttemptSubmitted, "submitted_at": deadline, "enqueued_at": now, "applied": false}},
		"submit expired attempt "+id)
}

// StoreResult stores the first result of a submitted attempt, applied when
// progress already counts it; false when the attempt was no longer
// submitted (another run graded it).
func (s *Store) StoreResult(ctx context.Context, id string, r grading.AttemptResult, status string, applied bool, at time.Time) (bool, error) {
	return s.update(ctx, s.attempts, id, bson.M{"status": AttemptSubmitted},
		bson.M{"$set": bson.M{"status": status, "result": r, "graded_at": at, "applied": applied}, "$inc": bson.M{"result_rev": 1}},
		"store result of "+id)
}

// ReplaceResult stores a changed result if the attempt still has revision
// rev; resolveReview also resolves the open review request, with reply when
// staff answered it in words.
func (s *Store) ReplaceResult(ctx context.Context, id string, rev int, r grading.AttemptResult, status string, resolveReview bool, reply, actor string, at time.Time) (bool, error) {
	set := bson.M{"status": status, "result": r, "result_rev": rev + 1, "applied": false, "graded_at": at}
	if resolveReview {
		set["review_open"] = false
		set["review_request.resolved_at"] = at
		set["review_request.resolved_by"] = actor
		if reply != "" {
			set["review_request.reply"] = reply
		}
	}
	return s.update(ctx, s.attempts, id, bson.M{"result_rev": rev}, bson.M{"$set": set}, "replace result of "+id)
}

// MarkApplied records that revision rev of an attempt's result is reflected in progress.
func (s *Store) MarkApplied(ctx context.Context, id string, rev int) error {
	_, err := s.update(ctx, s.attempts, id, bson.M{"result_rev": rev}, bson.M{"$set": bson.M{"applied": true}}, "mark "+id+" applied")
	return err
}

// ClaimEnqueue records that the caller re-enqueues an attempt last
// enqueued at last, for the n-th time; false when another caller claimed it first.
func (s *Store) ClaimEnqueue(ctx context.Context, id string, last time.Time, n int, now time.Time) (bool, error) {
	return s.claim(ctx, s.attempts, id, last, n, now)
}

func (s *Store) claim(ctx context.Context, coll *mongo.Collection, id string, last time.Time, n int, now time.Time) (bool, error) {
	return s.update(ctx, coll, id, bson.M{"enqueued_at": last, "enqueues": n - 1},
		bson.M{"$set": bson.M{"enqueued_at": now, "enqueues": n}}, fmt.Sprintf("claim %s in %s", id, coll.Name()))
}

// namespaceExists is the server's error code for creating a collection that exists.
const namespaceExists = 48

// reconcileBatch bounds the documents one reconciler run handles per query.
const reconcileBatch = 500

// ExpiredAttempts lists attempts still in progress whose deadline passed before cutoff.
func (s *Store) ExpiredAttempts(ctx context.Context, cutoff time.Time) ([]Attempt, error) {
	return mongokit.FindAll[Attempt](ctx, s.attempts, bson.M{"status": AttemptInProgress, "deadline": bson.M{"$lt": cutoff}},
		options.Find().SetProjection(bson.M{"_id": 1, "deadline": 1}).SetLimit(reconcileBatch))
}

// waiting is an entry of the grading waitlist: a submission whose grading is
// not finished. It is added before the attempt is submitted and removed once
// the result is applied (or waits for staff), so the reconciler finds all
// lost work here; the attempt stays the record. The waitlist is small enough
// to be read whole whenever learners ask for their place in the queue.
type waiting struct {
	ID          string    `bson:"_id"`
	SubmittedAt time.Time `bson:"submitted_at"`
}

// AddWaiting puts a submitted attempt on the grading waitlist; adding it again changes nothing.
func (s *Store) AddWaiting(ctx context.Context, id string, submittedAt time.Time) error {
	_, err := s.waitlist.InsertOne(ctx, waiting{ID: id, SubmittedAt: submittedAt})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("put %s on the grading waitlist: %w", id, err)
	}
	return nil
}

// RemoveWaiting takes a graded attempt off the grading waitlist.
func (s *Store) RemoveWaiting(ctx context.Context, id string) error {
	if _, err := s.waitlist.DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("take %s off the grading waitlist: %w", id, err)
	}
	return nil
}

// Waiting lists the grading waitlist, earliest submission first.
func (s *Store) Waiting(ctx context.Context) ([]waiting, error) {
	list, err := mongokit.FindAll[waiting](ctx, s.waitlist, bson.M{}, nil)
	if err != nil {
		return nil, fmt.Errorf("read the grading waitlist: %w", err)
	}
	slices.SortFunc(list, func(a, b waiting) int { return a.SubmittedAt.Compare(b.SubmittedAt) })
	return list, nil
}

// RequestReview records a learner's review request on a graded attempt
// without an open one.
func (s *Store) RequestReview(ctx context.Context, id, userID string, r ReviewRequest) (bool, error) {
	return s.update(ctx, s.attempts, id,
		bson.M{"user_id": userID, "status": bson.M{"$in": []string{AttemptGraded, AttemptNeedsReview}}, "review_open": false},
		bson.M{"$set": bson.M{"review_request": r, "review_open": true}}, "request review of "+id)
}

// OpenReviews lists a course's attempts with an open review request, in id order.
func (s *Store) OpenReviews(ctx context.Context, courseID, after string, limit int) ([]Attempt, error) {
	return idPage[Attempt](ctx, s.attempts, bson.M{"course_id": courseID, "review_open": true}, after, limit, attemptSummaryFields)
}

// Attempts awaiting staff.

// AwaitingAttempt is an attempt with an answer only staff can grade.
type AwaitingAttempt struct {
	EnrolmentID string    `bson:"enrolment_id" json:"enrolment_id"`
	LearnerID   string    `bson:"learner_id" json:"learner_id"`
	Item        string    `bson:"item" json:"item"`
	Title       string    `bson:"title" json:"title"`
	Number      int       `bson:"number" json:"number"`
	SubmittedAt time.Time `bson:"submitted_at" json:"submitted_at"`
}

type awaitingList struct {
	ID       string                     `bson:"_id"`
	Attempts map[string]AwaitingAttempt `bson:"attempts"`
}

// SetAwaiting puts an attempt on its course's list of attempts awaiting
// staff, or takes it off. Attempt ids are safe as field names: they are
// written in the alphabet of ULIDs.
func (s *Store) SetAwaiting(ctx context.Context, a Attempt, awaiting bool) error {
	key := "attempts." + a.ID
	var err error
	if awaiting {
		entry := AwaitingAttempt{EnrolmentID: a.EnrolmentID, LearnerID: a.UserID, Item: a.Item, Title: a.Settings.Title, Number: a.Number}
		if a.SubmittedAt != nil {
			entry.SubmittedAt = *a.SubmittedAt
		}
		_, err = s.guard.Upsert(ctx, s.awaiting, a.CourseID, nil, bson.M{"$set": bson.M{key: entry}}, nil)
	} else {
		_, err = s.guard.Update(ctx, s.awaiting, a.CourseID, nil, bson.M{"$unset": bson.M{key: ""}})
	}
	if err != nil {
		return fmt.Errorf("list %s as awaiting staff %v: %w", a.ID, awaiting, err)
	}
	return nil
}

// Awaiting returns a course's attempts awaiting staff, by attempt id.
func (s *Store) Awaiting(ctx context.Context, courseID string) (map[string]AwaitingAttempt, error) {
	l, err := mongokit.FindOne[awaitingList](ctx, s.awaiting, bson.M{"_id": courseID}, "attempts awaiting staff")
	if apperr.Is(err, apperr.NotFound) {
		return map[string]AwaitingAttempt{}, nil
	}
	if l.Attempts == nil {
		l.Attempts = map[string]AwaitingAttempt{}
	}
	return l.Attempts, err
}

// Audit trail.

// errAuditRevTaken reports that an audit entry for the revision exists.
var errAuditRevTaken = errors.New("audit revision taken")

// InsertAudit appends an entry to the audit trail; errAuditRevTaken when the
// attempt's revision already has one.
func (s *Store) InsertAudit(ctx context.Context, e AuditEntry) error {
	_, err := s.audit.InsertOne(ctx, e)
	if mongo.IsDuplicateKeyError(err) {
		return errAuditRevTaken
	}
	if err != nil {
		return fmt.Errorf("append audit entry %s: %w", e.ID, err)
	}
	return nil
}

// AuditEntry returns one entry of the audit trail.
func (s *Store) AuditEntry(ctx context.Context, id string) (AuditEntry, error) {
	return mongokit.FindOne[AuditEntry](ctx, s.audit, bson.M{"_id": id}, "audit entry")
}

// AuditTrail lists the changes of an attempt's result up to revision maxRev, oldest first.
func (s *Store) AuditTrail(ctx context.Context, attemptID string, afterRev, maxRev, limit int) ([]AuditEntry, error) {
	return mongokit.FindAll[AuditEntry](ctx, s.audit, bson.M{"attempt_id": attemptID, "rev": bson.M{"$gt": afterRev, "$lte": maxRev}},
		options.Find().SetSort(bson.D{{Key: "rev", Value: 1}}).SetLimit(int64(limit)))
}

// Completions.

// InsertCompletion records a completion unless its enrolment has one, and
// returns the completion recorded; created says whether it is c.
func (s *Store) InsertCompletion(ctx context.Context, c Completion) (Completion, bool, error) {
	_, err := s.completions.InsertOne(ctx, c)
	if err == nil {
		return c, true, nil
	}
	if !mongo.IsDuplicateKeyError(err) {
		return c, false, fmt.Errorf("insert completion of %s: %w", c.EnrolmentID, err)
	}
	existing, err := mongokit.FindOne[Completion](ctx, s.completions, bson.M{"enrolment_id": c.EnrolmentID}, "completion")
	return existing, false, err
}

// Completion returns the completion with this id.
func (s *Store) Completion(ctx context.Context, id string) (Completion, error) {
	return mongokit.FindOne[Completion](ctx, s.completions, bson.M{"_id": id}, "completion")
}

// Outbox is the collection whose documents embed the events this context
// records, for the events reconciler to watch.
func (s *Store) Outbox() *mongo.Collection { return s.completions }
