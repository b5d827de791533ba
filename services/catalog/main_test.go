package catalog_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/catalog"
	"academy/services/kit/auth"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/testenv"
	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/indexing"
	"academy/services/search/meilitest"
)

func TestMain(m *testing.M) { testenv.Main(m, meilitest.Stop) }

// orgs is an in-memory stand-in for the identity context's organisations.
type orgs struct {
	mu       sync.Mutex
	verified map[string]bool              // org id → verified
	roles    map[string]map[string]string // org id → user id → role
	ensured  int                          // calls to EnsureVerifiedOrg
}

func newOrgs() *orgs {
	return &orgs{verified: map[string]bool{}, roles: map[string]map[string]string{}}
}

func (o *orgs) IsVerifiedStaff(_ context.Context, userID, orgID string) (bool, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	role := o.roles[orgID][userID]
	return o.verified[orgID] && (role == "owner" || role == "staff"), nil
}

func (o *orgs) EnsureVerifiedOrg(_ context.Context, slug, _, _, _, _, _ string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ensured++
	id := "org-" + slug
	o.verified[id] = true
	return id, nil
}

func (o *orgs) add(orgID string, verified bool, userID, role string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.verified[orgID] = o.verified[orgID] || verified
	if o.roles[orgID] == nil {
		o.roles[orgID] = map[string]string{}
	}
	o.roles[orgID][userID] = role
}

// queue enqueues on a real Redis and lets a test run what was enqueued.
type queue struct {
	client    *asynq.Client
	inspector *asynq.Inspector
}

func newQueue(t testing.TB) *queue {
	t.Helper()
	opt := testenv.Redis(t)
	r := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	q := &queue{client: asynq.NewClient(r), inspector: asynq.NewInspector(r)}
	t.Cleanup(func() { q.client.Close(); q.inspector.Close() })
	return q
}

func (q *queue) Enqueue(ctx context.Context, t *asynq.Task, opts ...asynq.Option) error {
	_, err := q.client.EnqueueContext(ctx, t, opts...)
	if errors.Is(err, asynq.ErrTaskIDConflict) {
		return nil
	}
	return err
}

// pending returns the ids of the tasks waiting in the queue.
func (q *queue) pending(t testing.TB) []string {
	t.Helper()
	tasks, err := q.inspector.ListPendingTasks("default")
	if err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
		t.Fatalf("list pending tasks: %v", err)
	}
	ids := make([]string, len(tasks))
	for i, ti := range tasks {
		ids[i] = ti.ID
	}
	return ids
}

// drain runs every pending task through handle and removes it from the queue.
func (q *queue) drain(t testing.TB, handle func(context.Context, *asynq.Task) error) int {
	t.Helper()
	tasks, err := q.inspector.ListPendingTasks("default")
	if err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
		t.Fatalf("list pending tasks: %v", err)
	}
	for _, ti := range tasks {
		if err := handle(context.Background(), asynq.NewTask(ti.Type, ti.Payload)); err != nil {
			t.Fatalf("handle task %s: %v", ti.ID, err)
		}
		if err := q.inspector.DeleteTask("default", ti.ID); err != nil {
			t.Fatalf("delete task %s: %v", ti.ID, err)
		}
	}
	return len(tasks)
}

// newIndex returns a real, empty Bleve index of its own.
func newIndex(t testing.TB) search.Index {
	t.Helper()
	idx, err := bleve.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Apply(context.Background()); err != nil {
		t.Fatalf("apply index settings: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

// env is a catalogue on a fresh database with two verified institutions.
type env struct {
	svc     *catalog.Service
	store   *catalog.Store
	orgs    *orgs
	queue   *queue
	index   search.Index
	indexer *indexing.Registry // the catalogue's kinds, writing to index
	app     *fiber.App
}

// Users of the fixture.
const (
	learner         = "learner"
	staffOwner      = "staff-belfry"
	ownerOwner      = "owner-belfry"
	staffOther      = "staff-other"
	staffUnverified = "staff-unverified"
	admin           = "admin"
)

// Skills of the fixture.
const (
	skillML     = "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"
	skillPython = "ccd0a1d9-afda-43d9-b901-96344886e14d"
	skillEthics = "0b709c64-a57a-4976-86bd-34d2cf34fa4f"
)

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWithIndex(t, newIndex(t))
}

func newEnvWithIndex(t testing.TB, idx search.Index) *env {
	t.Helper()
	return newEnvOn(t, testenv.DB(t), idx)
}

// newEnvOn is newEnvWithIndex on a given database.
func newEnvOn(t testing.TB, db *mongo.Database, idx search.Index) *env {
	t.Helper()
	ctx := context.Background()
	w, err := guarded.New(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	store := catalog.NewStore(db, w)
	if err := store.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	e := &env{store: store, orgs: newOrgs(), queue: newQueue(t), index: idx}
	e.svc = catalog.NewService(store, e.orgs, idx, e.queue, nil, nil)
	e.indexer = indexing.New(nil)
	e.indexer.Register(idx, e.svc.SearchKinds()...)
	_, err = e.svc.SeedSkills(ctx, []catalog.Skill{
		{ID: skillML, URI: "http://data.europa.eu/esco/skill/" + skillML, Type: "knowledge", ReuseLevel: "cross-sector",
			Labels:    map[string]string{"en": "machine learning", "fr": "apprentissage automatique", "de": "maschinelles Lernen"},
			AltLabels: map[string][]string{"en": {"ML", "statistical learning"}, "de": {"ML-Verfahren"}}},
		{ID: skillPython, URI: "http://data.europa.eu/esco/skill/" + skillPython, Type: "knowledge", ReuseLevel: "sector-specific",
			Labels: map[string]string{"en": "Python (computer programming)"}},
		{ID: skillEthics, URI: "http://data.europa.eu/esco/skill/" + skillEthics, Type: "skill", ReuseLevel: "transversal",
			Labels: map[string]string{"en": "apply knowledge of philosophy, ethics and religion", "fr": "appliquer des connaissances en éthique"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range []struct{ slug, name, country string }{{"belfry", "Belfry University", "BE"}, {"other", "Other Institute", "FR"}} {
		if _, err := e.svc.SeedInstitution(ctx, inst.slug, catalog.InstitutionProfile{Name: inst.name, Kind: catalog.KindUniversity, Country: inst.country, City: "Ghent"}); err != nil {
			t.Fatal(err)
		}
	}
	e.orgs.add("org-belfry", true, staffOwner, "staff")
	e.orgs.add("org-belfry", true, ownerOwner, "owner")
	e.orgs.add("org-belfry", true, learner, "")
	e.orgs.add("org-other", true, staffOther, "staff")
	e.orgs.add("org-unverified", false, staffUnverified, "owner")

	e.app = httpkit.NewApp(httpkit.AppOptions{})
	e.app.Use(func(c *fiber.Ctx) error {
		if u := c.Get("X-Test-User"); u != "" {
			auth.Set(c, auth.Principal{UserID: u, Admin: u == admin})
		}
		return c.Next()
	})
	doc := openapi.New("catalog test", "1")
	catalog.NewHandler(e.svc).Register(doc.Mount(e.app, "/api/v1"))
	return e
}

// call sends a request as user ("" for anonymous) and returns the status and body.
func (e *env) call(t testing.TB, method, path, user string, body any) (int, []byte) {
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
	resp, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, out
}

// mustCall is call that fails the test unless the status is want, and decodes the body into out.
func (e *env) mustCall(t testing.TB, method, path, user string, body any, want int, out any) {
	t.Helper()
	status, b := e.call(t, method, path, user, body)
	if status != want {
		t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, user, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
}

// problemFields returns the field names a problem body lists.
func problemFields(t testing.TB, body []byte) []string {
	t.Helper()
	var p httpkit.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", body, err)
	}
	fields := make([]string, len(p.Errors))
	for i, f := range p.Errors {
		fields[i] = f.Field
	}
	return fields
}

func validCourse(slug string) map[string]any {
	return map[string]any{
		"slug": slug, "institution": "belfry", "title": "Machine learning basics", "summary": "Learn to train models.",
		"description": "A **practical** course.", "language": "en", "level": "beginner", "eqf_level": 5,
		"workload_hours": 30, "ects": 1, "skills": []map[string]any{{"skill": skillML, "proficiency": "basic"}},
		"pass_mark": 60, "learning_outcomes": []string{"Train a classifier"}, "assessment_type": "Online quiz",
		"participation": "online", "quality_assurance": "Internal review", "credential": true,
	}
}

func validTree(lessonTitle string) map[string]any {
	return map[string]any{"modules": []map[string]any{{
		"id": "basics", "title": "Basics", "summary": "First steps",
		"items": []map[string]any{
			{"id": "intro", "kind": "lesson", "title": lessonTitle, "required": true, "body": "# Hello\nModels learn from data.", "reading_minutes": 5},
			{"id": "quiz", "kind": "assessment", "required": true, "assessment": map[string]any{
				"title": "Check", "kind": "assessment", "pass_mark": 50, "feedback": "immediate",
				"questions": []map[string]any{{"id": "q1", "type": "true_false", "prompt": "Models learn from data.", "correct": true}},
			}},
		},
	}}}
}

func validProgramme(slug string) map[string]any {
	return map[string]any{
		"slug": slug, "title": "MSc Artificial Intelligence", "institution": "belfry", "cycle": "master",
		"field_of_study": "Computer science", "ects": 120, "eqf_level": 7, "duration_semesters": 4,
		"study_mode": "full-time", "delivery": "on-campus", "languages": []string{"en"}, "country": "BE", "city": "Ghent",
		"intakes": []map[string]any{{"start": "2027-09-20", "deadline_eu": "2027-06-01", "deadline_non_eu": "2027-03-01"}},
		"tuition": []map[string]any{{"fee_group": "eu", "amount": 1000, "currency": "EUR", "period": "year"}, {"fee_group": "non_eu", "amount": 100000, "currency": "CZK", "period": "total"}},
		"skills":  []string{skillML},
		"url":     "https://belfry.example.be/msc-ai",
		"summary": "Two years of machine learning and ethics.",
	}
}

// createPublishedCourse creates, structures and publishes a course as the owning staff.
func (e *env) createPublishedCourse(t testing.TB, slug string) {
	t.Helper()
	e.mustCall(t, "POST", "/api/v1/courses", staffOwner, validCourse(slug), 201, nil)
	e.mustCall(t, "PUT", "/api/v1/courses/"+slug+"/tree", staffOwner, validTree("Introduction"), 200, nil)
	e.mustCall(t, "POST", "/api/v1/courses/"+slug+"/publish", staffOwner, nil, 200, nil)
}
