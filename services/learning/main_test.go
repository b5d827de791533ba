package learning_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/jobs"
	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/testenv"
	"academy/services/learning"
)

func TestMain(m *testing.M) { testenv.Main(m) }

func ptr[T any](v T) *T { return &v }

// passed reports whether a score carries a final passing verdict.
func passed(s *learning.ScoreView) bool { return s != nil && s.Passed != nil && *s.Passed }

// courses is the catalogue as learning sees it: published courses and their
// versions, held in memory.
type courses struct {
	mu       sync.Mutex
	bySlug   map[string]catalog.Course
	versions map[string]catalog.CourseVersion
}

func newCourses() *courses {
	return &courses{bySlug: map[string]catalog.Course{}, versions: map[string]catalog.CourseVersion{}}
}

// publish publishes tree as the next version of the course with this slug.
func (cs *courses) publish(t *testing.T, slug, institutionID string, passMark float64, tree catalog.Tree) catalog.Course {
	t.Helper()
	if err := catalog.ValidateTree(tree, true); err != nil {
		t.Fatalf("fixture tree of %s is invalid: %v", slug, err)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.bySlug[slug]
	if !ok {
		c = catalog.Course{ID: "course-" + slug, Slug: slug, InstitutionID: institutionID, Institution: institutionID}
	}
	version := 1
	if c.Published != nil {
		version = c.Published.Version + 1
	}
	content := catalog.CourseContent{CourseFields: catalog.CourseFields{Title: "Course " + slug, PassMark: passMark}, Tree: tree}
	c.Status = catalog.StatusPublished
	c.Draft = content
	c.Published = &catalog.PublishedCourse{CourseContent: content, Version: version, PublishedAt: time.Now()}
	cs.bySlug[slug] = c
	cs.versions[c.ID+":"+strconv.Itoa(version)] = catalog.CourseVersion{CourseID: c.ID, Version: version, Tree: tree}
	return c
}

// setStatus changes the status of a course, as archiving or a draft does.
func (cs *courses) setStatus(slug, status string) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c := cs.bySlug[slug]
	c.Status = status
	if status == catalog.StatusDraft {
		c.Published = nil
	}
	cs.bySlug[slug] = c
}

func (cs *courses) CourseBySlug(_ context.Context, slug string) (catalog.Course, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	c, ok := cs.bySlug[slug]
	if !ok {
		return c, apperr.NotFoundf("no such course")
	}
	return c, nil
}

func (cs *courses) CourseByID(_ context.Context, id string) (catalog.Course, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	for _, c := range cs.bySlug {
		if c.ID == id {
			return c, nil
		}
	}
	return catalog.Course{}, apperr.NotFoundf("no such course")
}

func (cs *courses) CourseVersion(_ context.Context, courseID string, version int) (catalog.CourseVersion, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	v, ok := cs.versions[courseID+":"+strconv.Itoa(version)]
	if !ok {
		return v, apperr.NotFoundf("no such course version")
	}
	return v, nil
}

// orgs holds the staff of each organisation; every organisation is verified.
type orgs struct {
	roles map[string]map[string]string // org id → user id → role
}

func (o orgs) IsVerifiedStaff(_ context.Context, userID, orgID string) (bool, error) {
	role := o.roles[orgID][userID]
	return role == "owner" || role == "staff", nil
}

// Contact names every user after their id.
func (o orgs) Contact(_ context.Context, userID string) (string, string, error) {
	return "Learner " + userID, userID + "@example.org", nil
}

// queue is the platform's queue on a real Redis, with an inspector.
type queue struct {
	*jobs.Queue
	redis     asynq.RedisClientOpt
	inspector *asynq.Inspector
}

func newQueue(t *testing.T) *queue {
	t.Helper()
	opt := testenv.Redis(t)
	r := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	q := &queue{Queue: jobs.NewQueue(r), redis: r, inspector: asynq.NewInspector(r)}
	t.Cleanup(func() { q.Close(); q.inspector.Close() })
	return q
}

// pending returns the tasks of a type waiting in its queue.
func (q *queue) pending(t *testing.T, taskType string) []*asynq.TaskInfo {
	t.Helper()
	tasks, err := q.inspector.ListPendingTasks(jobs.Specs[taskType].Queue, asynq.PageSize(1000))
	if err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
		t.Fatalf("list pending tasks: %v", err)
	}
	var out []*asynq.TaskInfo
	for _, ti := range tasks {
		if ti.Type == taskType {
			out = append(out, ti)
		}
	}
	return out
}

// Users of the fixture.
const (
	learner  = "learner"
	learner2 = "learner-2"
	staff    = "staff-belfry"
	outsider = "staff-other"
	admin    = "admin"
)

const belfry = "org-belfry"

// env is the learning context on a fresh database and Redis database.
type env struct {
	db      *mongo.Database
	store   *learning.Store
	courses *courses
	orgs    orgs
	queue   *queue
	clock   *testenv.Clock
	outbox  *events.Outbox
	creds   *credentials
	svc     *learning.Service
	app     *fiber.App
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{
		db:      testenv.DB(t),
		courses: newCourses(),
		orgs:    orgs{roles: map[string]map[string]string{belfry: {staff: "staff"}, "org-other": {outsider: "staff"}}},
		queue:   newQueue(t),
		clock:   testenv.NewClock(time.Date(2030, 3, 1, 9, 0, 0, 0, time.UTC)),
	}
	w := writer(t, e.db)
	e.store = learning.NewStore(e.db, w)
	if err := e.store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.outbox = events.NewOutbox(e.db, w, e.queue, events.Options{Now: e.clock.Now})
	if err := e.outbox.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.outbox.Watch(e.store.Outbox())
	e.creds = &credentials{store: e.store, got: map[string]int{}}
	e.outbox.Subscribe(events.CourseCompleted, "credentials", e.creds.handle)
	e.serve(e.newService())
	return e
}

// serve makes svc the service behind the env's HTTP API.
func (e *env) serve(svc *learning.Service) {
	e.svc = svc
	e.app = httpkit.NewApp(httpkit.AppOptions{})
	e.app.Use(func(c *fiber.Ctx) error {
		if u := c.Get("X-Test-User"); u != "" {
			auth.Set(c, auth.Principal{UserID: u, Admin: u == admin})
		}
		return c.Next()
	})
	doc := openapi.New("learning test", "1")
	learning.NewHandler(svc).Register(doc.Mount(e.app, "/api/v1"))
}

// newService returns another service on the same stores, as another process would have.
func (e *env) newService() *learning.Service {
	return learning.NewService(e.store, e.courses, e.orgs, e.queue, learning.Options{Events: e.outbox, Now: e.clock.Now})
}

// Questions of the fixture courses.
func choiceQuestion() grading.Question {
	return grading.Question{ID: "q1", Type: grading.SingleChoice, Prompt: "What does a model learn from?", Explanation: "Models generalise from examples.",
		Options: []grading.Option{{ID: "a", Text: "Data", Correct: true}, {ID: "b", Text: "Nothing", Feedback: "Every model needs examples."}}}
}

func trueFalseQuestion() grading.Question {
	return grading.Question{ID: "q2", Type: grading.TrueFalse, Prompt: "Overfitting lowers training error.", Correct: ptr(true)}
}

func essayQuestion() grading.Question {
	return grading.Question{ID: "q3", Type: grading.Essay, Prompt: "Explain a risk of automated hiring.",
		Rubric: []grading.Criterion{{Criterion: "Names the risk", Points: 2}, {Criterion: "Gives an example", Points: 3}}}
}

func assessment(passMark float64, attempts int, feedback grading.FeedbackPolicy, questions ...grading.Question) *grading.Assessment {
	return &grading.Assessment{Title: "Check", Kind: grading.KindAssessment, PassMark: passMark, AttemptsAllowed: attempts,
		Feedback: feedback, ShowCorrectAnswers: true, Questions: questions}
}

// mlTree is a course whose two modules both have an item "quiz".
func mlTree(quiz *grading.Assessment) catalog.Tree {
	return catalog.Tree{Modules: []catalog.Module{
		{ID: "basics", Title: "Basics", Items: []catalog.Item{
			{ID: "intro", Kind: catalog.ItemLesson, Title: "Introduction", Required: true, Body: "Models learn from data."},
			{ID: "quiz", Kind: catalog.ItemAssessment, Title: "Basics quiz", Required: true, Assessment: quiz},
		}},
		{ID: "more", Title: "More", Items: []catalog.Item{
			{ID: "extra", Kind: catalog.ItemLesson, Title: "Further reading", Body: "Optional."},
			{ID: "quiz", Kind: catalog.ItemAssessment, Title: "Practice quiz", Assessment: assessment(0, 0, grading.FeedbackImmediate, trueFalseQuestion())},
		}},
	}}
}

// publishML publishes the "ml" course of Belfry with a quiz of two
// questions allowing two attempts, pass mark 50, course pass mark 60.
func (e *env) publishML(t *testing.T) catalog.Course {
	t.Helper()
	return e.courses.publish(t, "ml", belfry, 60, mlTree(assessment(50, 2, grading.FeedbackOnSubmit, choiceQuestion(), trueFalseQuestion())))
}

// call sends a request as user ("" for anonymous) and returns the status and body.
func (e *env) call(t *testing.T, method, path, user string, body any, headers ...string) (int, []byte, http.Header) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out, resp.Header
}

// mustCall is call that fails the test unless the status is want, and decodes the body into out.
func (e *env) mustCall(t *testing.T, method, path, user string, body any, want int, out any) {
	t.Helper()
	status, b, _ := e.call(t, method, path, user, body)
	if status != want {
		t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, user, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
}

// problem decodes a problem body.
func problem(t *testing.T, body []byte) httpkit.Problem {
	t.Helper()
	var p httpkit.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", body, err)
	}
	return p
}

// wantProblem fails the test unless the answer is a problem with this status and code.
func wantProblem(t *testing.T, status int, body []byte, wantStatus int, wantCode string) httpkit.Problem {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status %d, want %d: %s", status, wantStatus, body)
	}
	p := problem(t, body)
	if p.Type != httpkit.ProblemTypePrefix+wantCode {
		t.Fatalf("problem type %q, want code %q: %s", p.Type, wantCode, body)
	}
	return p
}

// enrol enrols user in a course over HTTP.
func (e *env) enrol(t *testing.T, user, slug string) learning.EnrolmentView {
	t.Helper()
	var v learning.EnrolmentView
	e.mustCall(t, "POST", "/api/v1/courses/"+slug+"/enrolment", user, nil, http.StatusCreated, &v)
	return v
}

// start starts an attempt over HTTP.
func (e *env) start(t *testing.T, user, slug, item string) learning.AttemptView {
	t.Helper()
	var v learning.AttemptView
	e.mustCall(t, "POST", "/api/v1/assessments/"+slug+"/"+item+"/attempts", user, nil, http.StatusCreated, &v)
	return v
}

// answer autosaves an answer over HTTP.
func (e *env) answer(t *testing.T, user, attemptID, questionID string, answer any) learning.AnswerSaved {
	t.Helper()
	var v learning.AnswerSaved
	e.mustCall(t, "PUT", "/api/v1/attempts/"+attemptID+"/answers/"+questionID, user, answer, http.StatusOK, &v)
	return v
}

// submit submits an attempt over HTTP.
func (e *env) submit(t *testing.T, user, attemptID string) learning.AttemptView {
	t.Helper()
	var v learning.AttemptView
	e.mustCall(t, "POST", "/api/v1/attempts/"+attemptID+"/submit", user, nil, http.StatusOK, &v)
	return v
}

// answerAll answers every question of an attempt of the ml quiz, rightly or wrongly.
func (e *env) answerAll(t *testing.T, user string, a learning.AttemptView, right bool) {
	t.Helper()
	for _, q := range a.Questions {
		switch q.Question.Type {
		case grading.SingleChoice:
			choice := "b"
			if right {
				choice = "a"
			}
			e.answer(t, user, a.ID, q.Question.ID, map[string]any{"choice": choice})
		case grading.TrueFalse:
			e.answer(t, user, a.ID, q.Question.ID, map[string]any{"value": right})
		case grading.Essay:
			e.answer(t, user, a.ID, q.Question.ID, map[string]any{"text": "Bias against groups, as in a screening tool trained on past hires."})
		default:
			t.Fatalf("the fixture does not answer %s questions", q.Question.Type)
		}
	}
}

// attempt reads an attempt from the store.
func (e *env) attempt(t *testing.T, id string) learning.Attempt {
	t.Helper()
	a, err := e.store.Attempt(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// count counts the documents of a collection matching filter.
func (e *env) count(t *testing.T, collection string, filter bson.M) int64 {
	t.Helper()
	return testenv.Count(t, e.db.Collection(collection), filter)
}

// decode decodes a JSON body.
func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

func path(format string, args ...any) string { return "/api/v1" + fmt.Sprintf(format, args...) }

// writer returns the guarded writer for the server db lives on.
func writer(tb testing.TB, db *mongo.Database) *guarded.Writer {
	tb.Helper()
	w, err := guarded.New(context.Background(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}
