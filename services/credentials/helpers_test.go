package credentials

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

const testBaseURL = "https://academy.test"

// testKeys hands out RSA keys from a small pool generated once per test
// binary: generating a 3072-bit key takes about half a second, too long to
// repeat in every test. Consecutive calls return different keys, so a
// rotation in a test really changes the key.
var testKeys = struct {
	mu   sync.Mutex
	pool []*rsa.PrivateKey
	next int
}{}

const testKeyPool = 3

func pooledKey() (*rsa.PrivateKey, error) {
	testKeys.mu.Lock()
	defer testKeys.mu.Unlock()
	i := testKeys.next % testKeyPool
	testKeys.next++
	if i == len(testKeys.pool) {
		k, err := rsa.GenerateKey(rand.Reader, keyBits)
		if err != nil {
			return nil, err
		}
		testKeys.pool = append(testKeys.pool, k)
	}
	return testKeys.pool[i], nil
}

// fakeAwards serves awards from memory.
type fakeAwards struct {
	mu      sync.Mutex
	awards  map[string]Award // by source id
	courses map[string]Award // manual awards by org id + "/" + course id; the learner is filled in
}

func newFakeAwards() *fakeAwards {
	return &fakeAwards{awards: map[string]Award{}, courses: map[string]Award{}}
}

// completion is the award source of a course completion.
func completion(id string) AwardSource {
	return AwardSource{Kind: SourceCourseCompletion, ID: id}
}

func (f *fakeAwards) add(a Award) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.awards[a.Source.ID] = a
	f.courses[a.Issuer.OrgID+"/"+a.Achievement.ID] = a
}

func (f *fakeAwards) Award(_ context.Context, src AwardSource) (Award, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.awards[src.ID]
	if !ok || src.Kind != SourceCourseCompletion {
		return Award{}, apperr.NotFoundf("no %s %s", src.Kind, src.ID)
	}
	return a, nil
}

func (f *fakeAwards) ManualAward(_ context.Context, orgID, learnerID, courseID string) (Award, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for key, a := range f.courses {
		if strings.HasSuffix(key, "/"+courseID) {
			a.Learner = Learner{ID: learnerID, Name: "Learner " + learnerID, Email: learnerID + "@example.org"}
			return a, nil
		}
	}
	return Award{}, apperr.NotFoundf("no course %s in %s", courseID, orgID)
}

func (f *fakeAwards) Achievement(_ context.Context, slug string) (Achievement, Issuer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.courses {
		if a.Achievement.Slug == slug {
			return a.Achievement, a.Issuer, nil
		}
	}
	return Achievement{}, Issuer{}, apperr.NotFoundf("no published course %s awards a credential", slug)
}

func (f *fakeAwards) CompetitionAchievement(_ context.Context, slug, tier string) (Achievement, Issuer, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.awards {
		if a.Achievement.Path == "/competitions/"+slug+"/awards/"+tier {
			return a.Achievement, a.Issuer, nil
		}
	}
	return Achievement{}, Issuer{}, apperr.NotFoundf("competition %s awards no %s", slug, tier)
}

// fakeOrgs answers from a table of staff keyed by user id + "/" + org id
// and the set of verified organisations.
type fakeOrgs struct {
	mu       sync.Mutex
	staff    map[string]bool
	verified map[string]bool
}

func (f *fakeOrgs) IsVerifiedStaff(_ context.Context, userID, orgID string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.staff[userID+"/"+orgID] && f.verified[orgID], nil
}

// setVerified marks the organisation verified or not.
func (f *fakeOrgs) setVerified(orgID string, verified bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.verified[orgID] = verified
}

// fixture is one test's credentials context on its own database.
type fixture struct {
	db     *mongo.Database
	writes *guarded.Writer
	store  *Store
	keys   *Keyring
	svc    *Service
	awards *fakeAwards
	outbox *events.Outbox
	orgs   *fakeOrgs
	clock  *testenv.Clock
	app    *fiber.App
}

const (
	orgUni   = "01JORGUNIVERSITY0000000000"
	orgOther = "01JORGOTHER000000000000000"
	staffUni = "staff-uni"
	ownerUni = "owner-uni"
	outsider = "outsider"
	admin    = "admin"
)

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	db := testenv.DB(tb)
	w, err := guarded.New(ctx, db)
	if err != nil {
		tb.Fatal(err)
	}
	store := NewStore(db, w)
	if err := store.EnsureIndexes(ctx); err != nil {
		tb.Fatalf("ensure indexes: %v", err)
	}
	keys, err := newKeyring(ctx, db, w, nil, pooledKey)
	if err != nil {
		tb.Fatalf("new keyring: %v", err)
	}
	clock := testenv.NewClock(time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC))
	awards := newFakeAwards()
	orgs := &fakeOrgs{
		staff:    map[string]bool{staffUni + "/" + orgUni: true, ownerUni + "/" + orgUni: true, staffUni + "/" + orgOther: true},
		verified: map[string]bool{orgUni: true},
	}
	// No context subscribes to the credentials' events here, so the outbox
	// records them delivered and never needs the queue.
	outbox := events.NewOutbox(db, w, nil, events.Options{})
	svc, err := NewService(store, keys, awards, orgs, Options{PublicBaseURL: testBaseURL + "/", Events: outbox, Now: clock.Now})
	if err != nil {
		tb.Fatalf("new service: %v", err)
	}
	f := &fixture{db: db, writes: w, store: store, keys: keys, svc: svc, awards: awards, outbox: outbox, orgs: orgs, clock: clock}
	f.app = newTestApp(svc)
	return f
}

// newTestApp serves the context like the platform does; the X-Test-User
// header (and X-Test-Admin) stands in for a verified access token.
func newTestApp(svc *Service) *fiber.App {
	app := httpkit.NewApp(httpkit.AppOptions{Log: slog.New(slog.DiscardHandler)})
	app.Use(func(c *fiber.Ctx) error {
		if u := c.Get("X-Test-User"); u != "" {
			auth.Set(c, auth.Principal{UserID: strings.Clone(u), Admin: c.Get("X-Test-Admin") == "1"})
		}
		return c.Next()
	})
	h := NewHandler(svc)
	doc := openapi.New("test", "0")
	root := doc.Mount(app, "")
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/.well-known/credential-jwks.json", ID: "credentialJWKS", Tag: tag, Response: JWKS{}}, h.JWKS)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id", ID: "credentialByID", Tag: tag, Response: map[string]any{}}, h.CredentialID)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/issuers/:slug", ID: "issuerByID", Tag: tag, Response: IssuerProfile{}}, h.IssuerProfile)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/courses/:slug", ID: "achievementByID", Tag: tag, Response: map[string]any{}}, h.AchievementID)
	// Stands in for the web app, which serves the course page.
	app.Get("/courses/:slug", func(c *fiber.Ctx) error { return c.Type("html").SendString("<html>course page</html>") })
	h.Register(doc.Mount(app, "/api/v1"))
	return app
}

// microCourse is a course carrying every EU micro-credential element.
func microCourse() (Achievement, Issuer) {
	return Achievement{
			ID: "course-ml", Slug: "machine-learning-basics", Name: "Grundlagen des maschinellen Lernens",
			Description: "Supervised learning, evaluation and responsible use of models.",
			Criteria:    "Complete all modules and pass the final assessment with at least 60 %.",
			Skills: []Skill{
				{ID: "esco-ml", Label: "machine learning", ESCOURI: "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-3a4f4f4c2a11"},
				{ID: "platform-prompting", Label: "prompt writing"},
			},
			ECTS: 5, WorkloadHours: 125, EQFLevel: 6, Language: "de",
			LearningOutcomes:  []string{"Train and evaluate a supervised model", "Explain overfitting to a non-specialist"},
			AssessmentType:    "Graded online quizzes and a supervised final exam",
			ParticipationForm: "online", QualityAssurance: "Internal quality assurance of the Technische Universität",
		}, Issuer{
			OrgID: orgUni, Slug: "tu-beispiel", Name: "Technische Universität Beispiel", Country: "de",
			Website: "https://tu-beispiel.example", Description: "A public university.",
		}
}

// awardFor registers the award of a completion and returns it.
func (f *fixture) awardFor(completionID, learnerID string) Award {
	ach, iss := microCourse()
	a := Award{
		Source:      completion(completionID),
		Learner:     Learner{ID: learnerID, Name: "Zoë Müller", Email: " Zoe.Muller@Example.org "},
		Achievement: ach, Issuer: iss, Grade: 87.5,
		CompletedAt: f.clock.Now().Add(-time.Hour),
	}
	f.awards.add(a)
	return a
}

// completed is the CourseCompleted event of a completion.
func completed(tb testing.TB, completionID, learnerID string) events.Event {
	tb.Helper()
	ev, err := events.New(events.CourseCompleted, events.CourseCompletedData{CompletionID: completionID, LearnerID: learnerID, CourseID: "course-ml"}, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return ev
}

// issue issues the credential of a new completion through the subscriber.
func (f *fixture) issue(tb testing.TB, completionID, learnerID string) StoredCredential {
	tb.Helper()
	f.awardFor(completionID, learnerID)
	if err := f.svc.HandleCourseCompleted(context.Background(), completed(tb, completionID, learnerID)); err != nil {
		tb.Fatalf("handle the completion: %v", err)
	}
	c, err := f.store.credentialForSource(context.Background(), completion(completionID))
	if err != nil {
		tb.Fatalf("issued credential: %v", err)
	}
	return c
}

// call sends a request to the test app as user ("" for anonymous).
func (f *fixture) call(tb testing.TB, method, path, user string, body any) (*http.Response, []byte) {
	tb.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			tb.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
		if user == admin {
			req.Header.Set("X-Test-Admin", "1")
		}
	}
	resp, err := f.app.Test(req, 30_000)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, out
}

// decode unmarshals JSON or fails the test.
func decode[T any](tb testing.TB, b []byte) T {
	tb.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		tb.Fatalf("decode %s: %v", b, err)
	}
	return v
}

// stepOf returns the named step of a verification.
func stepOf(tb testing.TB, v Verification, name string) VerificationStep {
	tb.Helper()
	for _, s := range v.Steps {
		if s.Name == name {
			return s
		}
	}
	tb.Fatalf("verification has no step %s: %+v", name, v.Steps)
	return VerificationStep{}
}

func describe(v Verification) string {
	var b strings.Builder
	fmt.Fprintf(&b, "verdict %s (%s)", v.Verdict, v.Reason)
	for _, s := range v.Steps {
		fmt.Fprintf(&b, "\n  %-16s %-5v %s", s.Name, s.OK, s.Detail)
	}
	return b.String()
}

// storedKeys reads the credential signing keys as stored, oldest first.
func storedKeys(tb testing.TB, db *mongo.Database) []bson.M {
	tb.Helper()
	cur, err := db.Collection(keysCollection).Find(context.Background(), bson.M{}, options.Find().SetSort(bson.M{"generation": 1}))
	if err != nil {
		tb.Fatal(err)
	}
	var docs []bson.M
	if err := cur.All(context.Background(), &docs); err != nil {
		tb.Fatal(err)
	}
	return docs
}
