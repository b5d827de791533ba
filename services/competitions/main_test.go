package competitions_test

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/jobs"
	"academy/services/catalog"
	"academy/services/competitions"
	"academy/services/identity"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/blob"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// Users of the fixture.
const (
	host     = "host-belfry"
	learner  = "learner"
	learner2 = "learner-2"
	outsider = "staff-other"
	admin    = "admin"
)

const belfry = "org-belfry"

// orgs is the identity context as competitions sees it: Belfry, verified,
// with its staff; every user is named after their id.
type orgs struct{}

func (orgs) IsVerifiedStaff(_ context.Context, userID, orgID string) (bool, error) {
	return (orgID == belfry && userID == host) || (orgID == "org-other" && userID == outsider), nil
}

func (orgs) Org(_ context.Context, _ auth.Principal, orgID string) (identity.OrgView, error) {
	if orgID != belfry {
		return identity.OrgView{}, apperr.NotFoundf("organisation not found")
	}
	return identity.OrgView{Organisation: identity.Organisation{ID: belfry, Name: "Belfry University", Slug: "belfry"}}, nil
}

func (orgs) Contact(_ context.Context, userID string) (string, string, error) {
	return "Person " + userID, userID + "@example.org", nil
}

// UserIDByEmail finds every user at the address Contact gives them.
func (orgs) UserIDByEmail(_ context.Context, email string) (string, error) {
	id, ok := strings.CutSuffix(strings.ToLower(strings.TrimSpace(email)), "@example.org")
	if !ok || id == "" {
		return "", apperr.NotFoundf("user not found")
	}
	return id, nil
}

func (orgs) OrgsOf(_ context.Context, userID string) ([]identity.Membership, error) {
	if userID == host {
		return []identity.Membership{{OrgID: belfry, UserID: host, Role: "staff"}}, nil
	}
	return nil, nil
}

// unverified is a user whose email address is not verified.
const unverified = "unverified"

func (orgs) RequireVerifiedEmail(_ context.Context, userID string) error {
	if userID == unverified {
		return apperr.New(apperr.Forbidden, "email-unverified", "verify your email address first")
	}
	return nil
}

// skills is the taxonomy as competitions sees it: one skill.
type skills struct{}

const mlSkill = "ml"

func (skills) Skill(_ context.Context, id string) (catalog.Skill, error) {
	if id != mlSkill {
		return catalog.Skill{}, apperr.NotFoundf("no such skill")
	}
	return catalog.Skill{ID: mlSkill, Labels: map[string]string{"en": "machine learning", "fr": "apprentissage automatique"}}, nil
}

// The fixture competition runs from start to end; the clock starts inside it.
var (
	start = time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)
	end   = time.Date(2030, 4, 1, 0, 0, 0, 0, time.UTC)
)

// env is the competitions context on a fresh database, Redis database and
// file store, served over a real HTTP listener.
type env struct {
	db        *mongo.Database
	store     *competitions.Store
	files     blob.Store
	filesDir  string
	queue     *jobs.Queue
	inspector *asynq.Inspector
	clock     *testenv.Clock
	outbox    *events.Outbox
	awarded   *awarded
	svc       *competitions.Service
	http      *testenv.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	opt := testenv.Redis(t)
	r := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	dir := t.TempDir()
	files, err := blob.NewDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: testenv.DB(t), files: files, filesDir: dir, queue: jobs.NewQueue(r), inspector: asynq.NewInspector(r),
		clock: testenv.NewClock(start.Add(24*time.Hour + 9*time.Hour))}
	t.Cleanup(func() { e.queue.Close(); e.inspector.Close() })
	w, err := guarded.New(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	e.store = competitions.NewStore(e.db, w)
	if err := e.store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.outbox = events.NewOutbox(e.db, w, e.queue, events.Options{Now: e.clock.Now})
	if err := e.outbox.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.outbox.Watch(e.store.Outbox())
	e.awarded = &awarded{}
	e.outbox.Subscribe(events.CompetitionFinalised, "credentials", e.awarded.handle)
	e.svc = competitions.NewService(e.store, orgs{}, skills{}, e.files, e.queue, competitions.Options{Events: e.outbox, Now: e.clock.Now, FinalWait: 2 * time.Second})

	app := httpkit.NewApp(httpkit.AppOptions{Uploads: competitions.Uploads})
	app.Use(testenv.TestUsers(admin))
	competitions.NewHandler(e.svc).Register(openapi.New("competitions test", "1").Mount(app, "/api/v1"))
	e.http = testenv.Serve(t, app, "/api/v1")
	return e
}

// awarded stands for the credentials context: it keeps the
// CompetitionFinalised events delivered to it, each the set of credentials
// it would issue.
type awarded struct {
	mu     sync.Mutex
	events []events.Event
}

func (a *awarded) handle(_ context.Context, ev events.Event) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, ev)
	return nil
}

// deliverEvents hands the events waiting in the queue to their subscribers,
// as the worker would.
func (e *env) deliverEvents(t *testing.T) {
	t.Helper()
	tasks, err := e.inspector.ListPendingTasks(jobs.Specs[events.TypeDeliver].Queue, asynq.PageSize(1000))
	if err != nil && !strings.Contains(err.Error(), "not found") {
		t.Fatal(err)
	}
	for _, ti := range tasks {
		if ti.Type != events.TypeDeliver {
			continue
		}
		if err := e.outbox.HandleTask(context.Background(), asynq.NewTask(ti.Type, ti.Payload)); err != nil {
			t.Fatal(err)
		}
	}
}

// do sends a request as user ("" for anonymous) with a raw body and content type.
func (e *env) do(t *testing.T, method, path, user, contentType string, body io.Reader) testenv.Response {
	t.Helper()
	return e.http.Do(t, method, path, user, contentType, body)
}

// call sends a JSON body (nil for none).
func (e *env) call(t *testing.T, method, path, user string, body any) testenv.Response {
	t.Helper()
	return e.http.Call(t, method, path, user, body)
}

// input is the fixture competition: one phase over the whole competition,
// scored by accuracy on the species of ten penguins, five public.
func input(slug string) competitions.CompetitionInput {
	in := competitions.CompetitionInput{Title: "Penguin species", Slug: slug, Summary: "Tell the species of a penguin from its measures.",
		Overview: "# Penguins", Rules: "One account per person.", Level: "beginner", Languages: []string{"en"}, Tags: []string{"classification"},
		Skills: []string{mlSkill}, StartAt: start, EndAt: end, TeamSizeLimit: 1, DailyLimit: 5,
		FinalSelections: 2, Eligibility: competitions.EligibilityOpen, DataLicence: "CC0-1.0"}
	in.Phases = []competitions.PhaseInput{{ID: "main", Title: "Main", StartAt: start, EndAt: end}}
	in.Phases[0].Evaluation.Metric = "accuracy"
	in.Phases[0].Evaluation.IDColumn = "id"
	in.Phases[0].Evaluation.TargetColumn = "species"
	return in
}

var species = []string{"Adelie", "Gentoo", "Chinstrap", "Adelie", "Gentoo", "Adelie", "Chinstrap", "Gentoo", "Adelie", "Gentoo"}

// solutionCSV is the fixture's solution: rows 1–5 public, 6–10 private.
func solutionCSV() string {
	var b strings.Builder
	b.WriteString("id,species,Usage\n")
	for i, s := range species {
		usage := "Public"
		if i >= 5 {
			usage = "Private"
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", i+1, s, usage)
	}
	return b.String()
}

// predictions returns a submission with the first right answers correct
// and the others wrong.
func predictions(right int) string {
	var b strings.Builder
	b.WriteString("id,species\n")
	for i, s := range species {
		if i >= right {
			s = map[string]string{"Adelie": "Gentoo", "Gentoo": "Chinstrap", "Chinstrap": "Adelie"}[s]
		}
		fmt.Fprintf(&b, "%d,%s\n", i+1, s)
	}
	return b.String()
}

// submissionBlobs counts the blobs stored under submissions.
func (e *env) submissionBlobs(t *testing.T) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(e.filesDir, "meta"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(filepath.ToSlash(path), "/submissions/") {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// publish creates, equips and publishes the fixture competition as the host.
func (e *env) publish(t *testing.T, slug string, edit func(*competitions.CompetitionInput)) competitions.CompetitionView {
	t.Helper()
	in := input(slug)
	if edit != nil {
		edit(&in)
	}
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).Want(t, http.StatusCreated, nil)
	for _, ph := range in.Phases {
		e.do(t, "PUT", "/competitions/"+slug+"/phases/"+ph.ID+"/solution", host, "text/csv", strings.NewReader(solutionCSV())).Want(t, http.StatusOK, nil)
	}
	var v competitions.CompetitionView
	e.call(t, "POST", "/competitions/"+slug+"/publish", host, nil).Want(t, http.StatusOK, &v)
	return v
}

// join joins user to the competition.
func (e *env) join(t *testing.T, slug, user string) competitions.EntryView {
	t.Helper()
	var v competitions.EntryView
	e.call(t, "POST", "/competitions/"+slug+"/entry", user, competitions.EntryRequest{AcceptRules: true}).Want(t, http.StatusCreated, &v)
	return v
}

// submit sends a prediction file as user.
func (e *env) submit(t *testing.T, slug, user, csv string) testenv.Response {
	t.Helper()
	return e.do(t, "POST", "/competitions/"+slug+"/submissions?description=try", user, "text/csv", strings.NewReader(csv))
}

// team reads a team from the store.
func (e *env) team(t *testing.T, id string) competitions.Team {
	t.Helper()
	tm, err := e.store.Team(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// count counts the documents of a collection matching filter.
func (e *env) count(t *testing.T, collection string, filter bson.M) int64 {
	t.Helper()
	return testenv.Count(t, e.db.Collection(collection), filter)
}

// scoreTasks lists the ids of the scoring tasks waiting in the queue.
func (e *env) scoreTasks(t *testing.T) []string {
	t.Helper()
	tasks, err := e.inspector.ListPendingTasks(jobs.QueueBulk, asynq.PageSize(1000))
	if err != nil && !strings.Contains(err.Error(), "not found") {
		t.Fatal(err)
	}
	var ids []string
	for _, ti := range tasks {
		if ti.Type == jobs.TypeScore {
			ids = append(ids, ti.ID)
		}
	}
	return ids
}

// listed returns the file problems a problem lists.
func listed(p httpkit.Problem) []any {
	ps, _ := p.Problems.([]any)
	return ps
}
