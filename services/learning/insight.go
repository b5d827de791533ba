package learning

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/catalog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/mongokit"
)

// histogramBuckets splits grades into tenths: 0–10 %, …, 90–100 % (100 in the last).
const histogramBuckets = 10

// CourseInsight is the read model of a course.
type CourseInsight struct {
	ID               string         `bson:"_id" json:"course_id"`
	Enrolments       int            `bson:"enrolments" json:"enrolments"`
	Completions      int            `bson:"completions" json:"completions"`
	Credentials      int            `bson:"credentials" json:"credentials"`
	EnrolmentsByDay  map[string]int `bson:"enrolments_by_day" json:"-"`
	CompletionsByDay map[string]int `bson:"completions_by_day" json:"-"`
	CredentialsByDay map[string]int `bson:"credentials_by_day" json:"-"`
}

// AssessmentInsight is the read model of one assessment of a course.
type AssessmentInsight struct {
	ID        string                   `bson:"_id" json:"-"`
	CourseID  string                   `bson:"course_id" json:"course_id"`
	Item      string                   `bson:"item" json:"item"`
	Graded    int                      `bson:"graded" json:"graded"`
	Passed    int                      `bson:"passed" json:"passed"`
	SumX      float64                  `bson:"sum_x" json:"-"`
	Buckets   map[string]int           `bson:"buckets" json:"-"`
	Questions map[string]QuestionTally `bson:"questions" json:"-"`
}

// QuestionTally holds the running sums of one question over graded attempts.
type QuestionTally struct {
	ID        string  `bson:"-"`
	N         int     `bson:"n"`
	Correct   int     `bson:"correct"`
	SumScore  float64 `bson:"sum_score"` // Σ of the share of the points scored
	SumX      float64 `bson:"sum_x"`     // Σ of the attempts' grades
	SumX2     float64 `bson:"sum_x2"`
	SumXRight float64 `bson:"sum_x_right"` // Σ of the grades of the attempts that got it right
}

// contribution is what one graded attempt adds to its assessment's insight.
type contribution struct {
	Counted   bool                    `bson:"counted"`
	Percent   float64                 `bson:"percent"`
	Passed    bool                    `bson:"passed"`
	Questions map[string]questionPart `bson:"questions"`
}

type questionPart struct {
	Score   float64 `bson:"score"` // share of the points, 0 to 1
	Correct bool    `bson:"correct"`
}

// contributionOf is what an attempt counts for: nothing until its grade is final.
func contributionOf(a Attempt) contribution {
	if a.Status != AttemptGraded || a.Result == nil {
		return contribution{}
	}
	c := contribution{Counted: true, Percent: a.Result.Percent, Passed: a.Result.Passed(a.Settings.PassMark), Questions: map[string]questionPart{}}
	for _, r := range a.Result.Results {
		part := questionPart{Correct: r.Correct}
		if r.MaxScore > 0 {
			part.Score = r.Score / r.MaxScore
		}
		c.Questions[r.QuestionID] = part
	}
	return c
}

func bucketOf(percent float64) int {
	return min(histogramBuckets-1, max(0, int(percent/(100/histogramBuckets))))
}

// insightKey makes a question id safe as a field name.
var (
	insightKey    = strings.NewReplacer(".", "\uff0e", "$", "\uff04")
	insightKeyOff = strings.NewReplacer("\uff0e", ".", "\uff04", "$")
)

// add adds sign × c to an $inc update.
func (c contribution) add(inc bson.M, sign float64) {
	if !c.Counted {
		return
	}
	n := int(sign)
	inc["graded"] = toInt(inc["graded"]) + n
	if c.Passed {
		inc["passed"] = toInt(inc["passed"]) + n
	}
	inc["sum_x"] = toFloat(inc["sum_x"]) + sign*c.Percent
	b := "buckets." + strconv.Itoa(bucketOf(c.Percent))
	inc[b] = toInt(inc[b]) + n
	for id, q := range c.Questions {
		k := "questions." + insightKey.Replace(id) + "."
		inc[k+"n"] = toInt(inc[k+"n"]) + n
		if q.Correct {
			inc[k+"correct"] = toInt(inc[k+"correct"]) + n
			inc[k+"sum_x_right"] = toFloat(inc[k+"sum_x_right"]) + sign*c.Percent
		}
		inc[k+"sum_score"] = toFloat(inc[k+"sum_score"]) + sign*q.Score
		inc[k+"sum_x"] = toFloat(inc[k+"sum_x"]) + sign*c.Percent
		inc[k+"sum_x2"] = toFloat(inc[k+"sum_x2"]) + sign*c.Percent*c.Percent
	}
}

func toInt(v any) int {
	n, _ := v.(int)
	return n
}

func toFloat(v any) float64 {
	f, _ := v.(float64)
	return f
}

// QuestionStats are a question's difficulty and discrimination.
type QuestionStats struct {
	QuestionID string `json:"question_id"`
	Attempts   int    `json:"attempts"`
	Correct    int    `json:"correct"`
	// Difficulty is the share of attempts that got the question right, 0 to 1.
	Difficulty float64 `json:"difficulty"`
	// MeanScore is the mean share of its points scored, 0 to 1.
	MeanScore float64 `json:"mean_score"`
	// Discrimination is the point-biserial correlation; absent when every
	// attempt got it right, or every one wrong, or all grades are equal.
	Discrimination *float64 `json:"discrimination,omitempty"`
}

// Stats computes a question's difficulty and point-biserial discrimination from its tally.
func (q QuestionTally) Stats() QuestionStats {
	st := QuestionStats{QuestionID: q.ID, Attempts: q.N, Correct: q.Correct}
	if q.N == 0 {
		return st
	}
	n := float64(q.N)
	p := float64(q.Correct) / n
	st.Difficulty, st.MeanScore = p, q.SumScore/n
	mean := q.SumX / n
	variance := q.SumX2/n - mean*mean
	if q.Correct == 0 || q.Correct == q.N || variance <= 1e-9 {
		return st
	}
	m1 := q.SumXRight / float64(q.Correct)
	m0 := (q.SumX - q.SumXRight) / float64(q.N-q.Correct)
	r := (m1 - m0) / math.Sqrt(variance) * math.Sqrt(p*(1-p))
	st.Discrimination = &r
	return st
}

// Store side of the read model.

type insightMark struct {
	ID           string       `bson:"_id"`
	Rev          int          `bson:"rev"`
	AssessmentID string       `bson:"assessment_id"`
	Counted      contribution `bson:"counted"`
}

func assessmentInsightID(courseID, item string) string { return courseID + "|" + item }

// countAttempt brings an assessment's insight to revision rev of an
// attempt's contribution, once: the attempt's mark moves from the revision
// it had, and only the writer that moved it adds the difference.
func (s *Store) countAttempt(ctx context.Context, a Attempt) error {
	next := contributionOf(a)
	id := assessmentInsightID(a.CourseID, a.Item)
	for range maxWriteTries {
		prev, err := mongokit.FindOne[insightMark](ctx, s.insightMarks, bson.M{"_id": a.ID}, "insight mark")
		found := err == nil
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if found && prev.Rev >= a.ResultRev {
			return nil
		}
		mark := insightMark{ID: a.ID, Rev: a.ResultRev, AssessmentID: id, Counted: next}
		var moved bool
		if !found {
			_, err = s.insightMarks.InsertOne(ctx, mark)
			moved = err == nil
			if mongo.IsDuplicateKeyError(err) {
				continue
			}
		} else {
			moved, err = s.update(ctx, s.insightMarks, a.ID, bson.M{"rev": prev.Rev}, bson.M{"$set": bson.M{"rev": mark.Rev, "counted": next}}, "move insight mark of "+a.ID)
		}
		if err != nil {
			return fmt.Errorf("count attempt %s: %w", a.ID, err)
		}
		if !moved {
			continue
		}
		inc := bson.M{}
		prev.Counted.add(inc, -1)
		next.add(inc, 1)
		if len(inc) == 0 {
			return nil
		}
		return s.incAssessment(ctx, id, a.CourseID, a.Item, inc)
	}
	return nil
}

func (s *Store) incAssessment(ctx context.Context, id, courseID, item string, inc bson.M) error {
	_, err := s.guard.Upsert(ctx, s.insightAssessments, id, nil,
		bson.M{"$inc": inc, "$setOnInsert": bson.M{"course_id": courseID, "item": item}}, nil)
	if err != nil {
		return fmt.Errorf("count in insight %s: %w", id, err)
	}
	return nil
}

// countCourse adds one to a course's counter of what (enrolments,
// completions or credentials) on the day of at.
func (s *Store) countCourse(ctx context.Context, courseID, what string, at time.Time) error {
	_, err := s.guard.Upsert(ctx, s.insightCourses, courseID, nil,
		bson.M{"$inc": bson.M{what: 1, what + "_by_day." + at.UTC().Format(time.DateOnly): 1}}, nil)
	if err != nil {
		return fmt.Errorf("count %s of %s: %w", what, courseID, err)
	}
	return nil
}

// countOnce counts a fact identified by key once: the first to record the key counts it.
func (s *Store) countOnce(ctx context.Context, key string, count func() error) error {
	_, err := s.insightMarks.InsertOne(ctx, bson.M{"_id": key})
	if mongo.IsDuplicateKeyError(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("mark %s counted: %w", key, err)
	}
	return count()
}

func (s *Store) courseInsight(ctx context.Context, courseID string) (CourseInsight, error) {
	ci, err := mongokit.FindOne[CourseInsight](ctx, s.insightCourses, bson.M{"_id": courseID}, "course insight")
	if apperr.Is(err, apperr.NotFound) {
		return CourseInsight{ID: courseID}, nil
	}
	return ci, err
}

func (s *Store) assessmentInsight(ctx context.Context, courseID, item string) (AssessmentInsight, error) {
	id := assessmentInsightID(courseID, item)
	ai, err := mongokit.FindOne[AssessmentInsight](ctx, s.insightAssessments, bson.M{"_id": id}, "assessment insight")
	if apperr.Is(err, apperr.NotFound) {
		return AssessmentInsight{ID: id, CourseID: courseID, Item: item}, nil
	}
	return ai, err
}

// Service side.

// courseCompletionSource is how the credentials context names a credential's source that is a completion.
const courseCompletionSource = "course-completion"

// HandleCredentialIssued counts a credential earned by completing a course
// on the course's insight, once per credential.
func (s *Service) HandleCredentialIssued(ctx context.Context, ev events.Event) error {
	var d events.CredentialData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	if d.SourceKind != courseCompletionSource {
		return nil
	}
	c, err := s.store.Completion(ctx, d.SourceID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.countOnce(ctx, "credential:"+d.CredentialID, func() error {
		return s.store.countCourse(ctx, c.CourseID, "credentials", ev.At)
	})
}

// Point is a count on one day.
type Point struct {
	Day   string `json:"day"`
	Count int    `json:"count"`
}

// CourseInsightView is a course's insight as teachers read it.
type CourseInsightView struct {
	CourseID    string `json:"course_id"`
	CourseSlug  string `json:"course_slug"`
	Enrolments  int    `json:"enrolments"`
	Completions int    `json:"completions"`
	Credentials int    `json:"credentials"`
	// The series have one point per day with at least one event, in day order.
	EnrolmentsByDay  []Point          `json:"enrolments_by_day"`
	CompletionsByDay []Point          `json:"completions_by_day"`
	CredentialsByDay []Point          `json:"credentials_by_day"`
	Assessments      []AssessmentView `json:"assessments"`
}

// AssessmentView is an assessment's insight as teachers read it.
type AssessmentView struct {
	Item     string  `json:"item"`
	Title    string  `json:"title"`
	Graded   int     `json:"graded"`
	Passed   int     `json:"passed"`
	PassRate float64 `json:"pass_rate"`
	// MeanPercent is the mean grade of the graded attempts.
	MeanPercent float64 `json:"mean_percent"`
	// Histogram counts graded attempts by grade in tenths: 0–10 %, …, 90–100 %.
	Histogram [histogramBuckets]int `json:"histogram"`
	Questions []QuestionStats       `json:"questions"`
}

// CourseInsight returns a course's insight to its staff, from the read model.
func (s *Service) CourseInsight(ctx context.Context, p auth.Principal, slug string) (CourseInsightView, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return CourseInsightView{}, err
	}
	ci, err := s.store.courseInsight(ctx, c.ID)
	if err != nil {
		return CourseInsightView{}, err
	}
	v := CourseInsightView{CourseID: c.ID, CourseSlug: c.Slug, Enrolments: ci.Enrolments, Completions: ci.Completions, Credentials: ci.Credentials,
		EnrolmentsByDay: series(ci.EnrolmentsByDay), CompletionsByDay: series(ci.CompletionsByDay), CredentialsByDay: series(ci.CredentialsByDay),
		Assessments: []AssessmentView{}}
	columns, err := s.gradebookColumns(ctx, c)
	if err != nil {
		return CourseInsightView{}, err
	}
	for _, col := range columns {
		if col.Kind != catalog.ItemAssessment {
			continue
		}
		ai, err := s.store.assessmentInsight(ctx, c.ID, col.Ref)
		if err != nil {
			return CourseInsightView{}, err
		}
		v.Assessments = append(v.Assessments, assessmentView(ai, col.Title))
	}
	return v, nil
}

func series(m map[string]int) []Point {
	out := make([]Point, 0, len(m))
	for day, n := range m {
		if n != 0 {
			out = append(out, Point{Day: day, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return out
}

func assessmentView(ai AssessmentInsight, title string) AssessmentView {
	v := AssessmentView{Item: ai.Item, Title: title, Graded: ai.Graded, Passed: ai.Passed, Questions: []QuestionStats{}}
	if ai.Graded > 0 {
		v.PassRate = float64(ai.Passed) / float64(ai.Graded)
		v.MeanPercent = ai.SumX / float64(ai.Graded)
	}
	for k, n := range ai.Buckets {
		if i, err := strconv.Atoi(k); err == nil && i >= 0 && i < histogramBuckets {
			v.Histogram[i] = n
		}
	}
	for key, q := range ai.Questions {
		q.ID = insightKeyOff.Replace(key)
		v.Questions = append(v.Questions, q.Stats())
	}
	sort.Slice(v.Questions, func(i, j int) bool { return v.Questions[i].QuestionID < v.Questions[j].QuestionID })
	return v
}

// insightRebuildID names the run of the rebuild: bump it when the read model changes shape.
const insightRebuildID = "insight-rebuild-v1"

// insightRebuildLease is how long a claim on the rebuild holds: a process
// that stops midway leaves it to the next one to start after that.
const insightRebuildLease = 30 * time.Minute

// Claim states of the rebuild; a claim recorded before they existed has
// none, and counts as done.
const (
	rebuildRunning = "running"
	rebuildDone    = "done"
)

// RebuildInsightOnce recomputes the insight read model from the
// enrolments, completions and attempts, if no process has done so yet, and
// reports whether this call did. Of replicas starting together, the one
// whose guarded write claims the run does it and the others skip; a claim
// whose process failed or stopped is taken again once its lease ends. Run
// it when the read model is first deployed over existing data.
func (s *Service) RebuildInsightOnce(ctx context.Context) (bool, error) {
	now := s.clock()
	owner := newID()
	claimed, err := s.store.guard.Upsert(ctx, s.store.insightMarks, insightRebuildID,
		bson.M{"state": rebuildRunning, "until": bson.M{"$lt": now}},
		bson.M{"$set": bson.M{"state": rebuildRunning, "owner": owner, "at": now, "until": now.Add(insightRebuildLease)}}, nil)
	if err != nil {
		return false, fmt.Errorf("claim the insight rebuild: %w", err)
	}
	if !claimed {
		return false, nil
	}
	if err := s.store.rebuildInsight(ctx); err != nil {
		// Released at once, so that the next process to start tries again.
		if _, rerr := s.store.guard.Update(context.WithoutCancel(ctx), s.store.insightMarks, insightRebuildID,
			bson.M{"owner": owner}, bson.M{"$set": bson.M{"until": time.Time{}}}); rerr != nil {
			s.log.Warn("insight rebuild claim not released", "err", rerr)
		}
		return false, err
	}
	if _, err := s.store.guard.Update(ctx, s.store.insightMarks, insightRebuildID,
		bson.M{"owner": owner}, bson.M{"$set": bson.M{"state": rebuildDone}}); err != nil {
		return true, fmt.Errorf("record the insight rebuild done: %w", err)
	}
	return true, nil
}

// rebuildInsight reads every enrolment, completion and graded attempt once
// and writes the read model and the attempts' marks anew; it also lists the
// attempts awaiting staff, written before that list was kept. Credentials
// counted so far are kept: their source is the credentials context.
func (s *Store) rebuildInsight(ctx context.Context) error {
	courses := map[string]*CourseInsight{}
	course := func(id string) *CourseInsight {
		if courses[id] == nil {
			courses[id] = &CourseInsight{ID: id, EnrolmentsByDay: map[string]int{}, CompletionsByDay: map[string]int{}}
		}
		return courses[id]
	}
	enrolments, err := mongokit.FindAll[Enrolment](ctx, s.enrolments, bson.M{}, options.Find().SetProjection(bson.M{"course_id": 1, "enrolled_at": 1}))
	if err != nil {
		return err
	}
	for _, e := range enrolments {
		ci := course(e.CourseID)
		ci.Enrolments++
		ci.EnrolmentsByDay[e.EnrolledAt.UTC().Format(time.DateOnly)]++
	}
	completions, err := mongokit.FindAll[Completion](ctx, s.completions, bson.M{}, options.Find().SetProjection(bson.M{"course_id": 1, "completed_at": 1}))
	if err != nil {
		return err
	}
	for _, c := range completions {
		ci := course(c.CourseID)
		ci.Completions++
		ci.CompletionsByDay[c.CompletedAt.UTC().Format(time.DateOnly)]++
	}
	for id, ci := range courses {
		kept, err := s.courseInsight(ctx, id)
		if err != nil {
			return err
		}
		ci.Credentials, ci.CredentialsByDay = kept.Credentials, kept.CredentialsByDay
		if _, err := s.insightCourses.ReplaceOne(ctx, bson.M{"_id": id}, ci, options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("rebuild course insight %s: %w", id, err)
		}
	}

	waiting, err := mongokit.FindAll[Attempt](ctx, s.attempts, bson.M{"status": AttemptNeedsReview}, options.Find().SetProjection(attemptSummaryFields))
	if err != nil {
		return err
	}
	for _, a := range waiting {
		if err := s.SetAwaiting(ctx, a, true); err != nil {
			return err
		}
	}
	attempts, err := mongokit.FindAll[Attempt](ctx, s.attempts, bson.M{"status": AttemptGraded}, options.Find().SetProjection(bson.M{"answers": 0}))
	if err != nil {
		return err
	}
	assessments := map[string]bson.M{}
	for _, a := range attempts {
		id := assessmentInsightID(a.CourseID, a.Item)
		if assessments[id] == nil {
			assessments[id] = bson.M{}
		}
		c := contributionOf(a)
		c.add(assessments[id], 1)
		mark := insightMark{ID: a.ID, Rev: a.ResultRev, AssessmentID: id, Counted: c}
		if _, err := s.insightMarks.ReplaceOne(ctx, bson.M{"_id": a.ID}, mark, options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("rebuild insight mark %s: %w", a.ID, err)
		}
	}
	for id, inc := range assessments {
		courseID, item, _ := strings.Cut(id, "|")
		doc := expand(inc)
		doc["_id"], doc["course_id"], doc["item"] = id, courseID, item
		if _, err := s.insightAssessments.ReplaceOne(ctx, bson.M{"_id": id}, doc, options.Replace().SetUpsert(true)); err != nil {
			return fmt.Errorf("rebuild assessment insight %s: %w", id, err)
		}
	}
	return nil
}

// expand turns the dotted paths of an $inc into the document they describe.
func expand(flat bson.M) bson.M {
	out := bson.M{}
	for path, v := range flat {
		parts := strings.Split(path, ".")
		m := out
		for _, p := range parts[:len(parts)-1] {
			next, ok := m[p].(bson.M)
			if !ok {
				next = bson.M{}
				m[p] = next
			}
			m = next
		}
		m[parts[len(parts)-1]] = v
	}
	return out
}
