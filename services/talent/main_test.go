package talent_test

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/jobs"
	"academy/services/catalog"
	"academy/services/identity"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/testenv"
	"academy/services/search"
	"academy/services/talent"
	"academy/services/talent/bluecard"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// Users and organisations of the fixture.
const (
	hrAcme    = "hr-acme"
	hrBeta    = "hr-beta"
	staffUni  = "staff-uni"
	learner   = "learner"
	learner2  = "learner-2"
	admin     = "admin"
	acme      = "org-acme"
	beta      = "org-beta"
	uni       = "org-uni"
	skillGo   = "skill-go"
	skillSQL  = "skill-sql"
	skillML   = "skill-ml"
	skillCode = "skill-code" // broader than skillGo
	occDev    = "occ-dev"
)

// orgs is the identity context as the talent pool sees it: two verified
// companies and a university, each with one staff member.
type orgs struct{}

var staff = map[string]string{hrAcme: acme, hrBeta: beta, staffUni: uni}

func (orgs) IsVerifiedStaff(_ context.Context, userID, orgID string) (bool, error) {
	return staff[userID] == orgID, nil
}

func (orgs) Org(_ context.Context, _ auth.Principal, orgID string) (identity.OrgView, error) {
	kinds := map[string]string{acme: identity.KindCompany, beta: identity.KindCompany, uni: identity.KindUniversity}
	kind, ok := kinds[orgID]
	if !ok {
		return identity.OrgView{}, apperr.NotFoundf("organisation not found")
	}
	verified := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	return identity.OrgView{Organisation: identity.Organisation{ID: orgID, Kind: kind, Name: "Name of " + orgID, VerifiedAt: &verified}}, nil
}

func (orgs) Contact(_ context.Context, userID string) (string, string, error) {
	return "Person " + userID, userID + "@example.org", nil
}

// taxonomy is the catalogue as the talent pool sees it.
type taxonomy struct{}

var skills = map[string]catalog.Skill{
	skillGo:   {ID: skillGo, Labels: map[string]string{"en": "Go"}, Broader: []string{skillCode}},
	skillSQL:  {ID: skillSQL, Labels: map[string]string{"en": "SQL"}},
	skillML:   {ID: skillML, Labels: map[string]string{"en": "machine learning"}},
	skillCode: {ID: skillCode, Labels: map[string]string{"en": "programming"}},
}

func (taxonomy) Skill(_ context.Context, id string) (catalog.Skill, error) {
	sk, ok := skills[id]
	if !ok {
		return sk, apperr.NotFoundf("no such skill")
	}
	return sk, nil
}

func (taxonomy) SkillHierarchy(context.Context) (catalog.SkillHierarchy, error) {
	return catalog.HierarchyOf(slices.Collect(maps.Values(skills))...), nil
}

func (taxonomy) Occupation(_ context.Context, id, _ string) (catalog.OccupationView, error) {
	if id != occDev {
		return catalog.OccupationView{}, apperr.NotFoundf("no such occupation")
	}
	return catalog.OccupationView{Occupation: catalog.Occupation{ID: occDev, Label: "software developer"}}, nil
}

func (taxonomy) CoursesTeaching(_ context.Context, skillID string, _ int) ([]talent.CourseRef, error) {
	if skillID == skillML {
		return []talent.CourseRef{{Slug: "machine-learning-foundations", Title: "Machine learning foundations"}}, nil
	}
	return nil, nil
}

// wallet is the credentials context as the talent pool sees it: the
// credentials in force of each learner, changed by the test.
type wallet struct {
	mu   sync.Mutex
	held map[string][]talent.HeldCredential
	// withdrawn are the VC-JWTs their issuer revoked since.
	withdrawn map[string]bool
	// down is the error reading a learner's credentials gives, when set.
	down map[string]error
	// early are a learner's credentials as a read of every holder's
	// finds them, when set: read before a change.
	early map[string][]talent.HeldCredential
	// meanwhile runs once, when credentials are read next.
	meanwhile func()
	// wholeReads counts the reads of every holder's credentials.
	wholeReads int
}

// runMeanwhile runs meanwhile, once.
func (w *wallet) runMeanwhile() {
	w.mu.Lock()
	meanwhile := w.meanwhile
	w.meanwhile = nil
	w.mu.Unlock()
	if meanwhile != nil {
		meanwhile()
	}
}

// breakFor makes reading userID's credentials fail with err (nil: work again).
func (w *wallet) breakFor(userID string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.down == nil {
		w.down = map[string]error{}
	}
	w.down[userID] = err
}

// withdraw revokes an imported credential at its issuer.
func (w *wallet) withdraw(jwt string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.withdrawn[jwt] = true
}

func (w *wallet) give(userID string, c talent.HeldCredential) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.held[userID] = append(w.held[userID], c)
}

// revoke takes a credential out of force, as a revocation does.
func (w *wallet) revoke(userID, id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.held[userID] = slices.DeleteFunc(w.held[userID], func(c talent.HeldCredential) bool { return c.ID == id })
}

func (w *wallet) ActiveOf(_ context.Context, userID string) ([]talent.HeldCredential, error) {
	w.runMeanwhile()
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.down[userID]; err != nil {
		return nil, err
	}
	return slices.Clone(w.held[userID]), nil
}

func (w *wallet) ActiveByHolder(context.Context) (map[string][]talent.HeldCredential, error) {
	w.runMeanwhile()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.wholeReads++
	for _, err := range w.down {
		if err != nil {
			return nil, err
		}
	}
	out := make(map[string][]talent.HeldCredential, len(w.held))
	for userID, held := range w.held {
		out[userID] = slices.Clone(held)
	}
	for userID, held := range w.early {
		out[userID] = slices.Clone(held)
	}
	return out, nil
}

// The VC-JWTs the fake verifier knows.
const (
	jwtMine    = "jwt-mine"
	jwtOthers  = "jwt-others"
	jwtForeign = "jwt-foreign"
	jwtRevoked = "jwt-revoked"
)

func (w *wallet) VerifyImport(_ context.Context, _, jwt string) (talent.VerifiedImport, error) {
	w.mu.Lock()
	withdrawn := w.withdrawn[jwt]
	w.mu.Unlock()
	if withdrawn {
		return talent.VerifiedImport{}, &apperr.Error{Kind: apperr.Unprocessable, Code: talent.ImportRevoked, Detail: "revoked"}
	}
	switch jwt {
	case jwtMine:
		return talent.VerifiedImport{CredentialID: "cred-imported", Issuer: "Belfry", Title: "SQL basics", Skills: []string{skillSQL}, HolderID: learner}, nil
	case jwtOthers:
		return talent.VerifiedImport{CredentialID: "cred-other", Issuer: "Belfry", Title: "SQL basics", Skills: []string{skillSQL}, HolderID: learner2}, nil
	case jwtForeign:
		return talent.VerifiedImport{}, &apperr.Error{Kind: apperr.Unprocessable, Code: talent.ImportIssuerKey, Detail: "the issuer's key could not be obtained"}
	case jwtRevoked:
		return talent.VerifiedImport{}, &apperr.Error{Kind: apperr.Unprocessable, Code: talent.ImportRevoked, Detail: "revoked"}
	}
	return talent.VerifiedImport{}, &apperr.Error{Kind: apperr.Unprocessable, Code: talent.ImportMalformed, Detail: "not a VC-JWT"}
}

// memIndex is a talent index in memory: filters by facet values (any value
// of a facet, every facet), counts facets, ignores the text.
type memIndex struct {
	mu   sync.Mutex
	docs map[string]search.Document
}

func (x *memIndex) Upsert(_ context.Context, docs ...search.Document) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, d := range docs {
		x.docs[d.ID] = d
	}
	return nil
}

func (x *memIndex) Delete(_ context.Context, ids ...string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, id := range ids {
		delete(x.docs, id)
	}
	return nil
}

func facetValues(d search.Document, facet string) []string {
	switch facet {
	case search.FacetType:
		return []string{d.Type}
	case search.FacetSkills:
		return d.Skills
	case search.FacetOccupation:
		return d.Occupations
	case search.FacetCountry:
		return []string{d.Country}
	case search.FacetLanguage:
		return d.Languages
	case search.FacetWorkAuthorisation:
		return d.WorkAuthorisation
	}
	return nil
}

func (x *memIndex) Search(_ context.Context, q search.Query) (search.Result, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	res := search.Result{Facets: map[string]map[string]int{}}
	ids := make([]string, 0, len(x.docs))
	for id := range x.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		d := x.docs[id]
		ok := true
		for facet, want := range q.Filters {
			ok = ok && slices.ContainsFunc(facetValues(d, facet), func(v string) bool { return slices.Contains(want, v) })
		}
		if q.AvailableFrom.Max != nil {
			ok = ok && float64(d.AvailableFrom) <= *q.AvailableFrom.Max
		}
		if !ok {
			continue
		}
		res.Total++
		res.Hits = append(res.Hits, search.Hit{Document: d})
		for _, f := range q.Facets {
			if res.Facets[f] == nil {
				res.Facets[f] = map[string]int{}
			}
			for _, v := range facetValues(d, f) {
				if v != "" {
					res.Facets[f][v]++
				}
			}
		}
	}
	return res, nil
}

// env is the talent pool on a fresh database and Redis database, served
// over a real HTTP listener.
type env struct {
	db     *mongo.Database
	svc    *talent.Service
	wallet *wallet
	index  *memIndex
	tasks  *asynq.Inspector
	http   *testenv.Client
	// ahead is how far the service's clock is ahead of time.Now.
	ahead atomic.Int64
}

func newEnv(t *testing.T) *env {
	t.Helper()
	opt := testenv.Redis(t)
	redis := asynq.RedisClientOpt{Addr: opt.Addr, Password: opt.Password, DB: opt.DB}
	queue := jobs.NewQueue(redis)
	e := &env{tasks: asynq.NewInspector(redis), db: testenv.DB(t), wallet: &wallet{held: map[string][]talent.HeldCredential{}, withdrawn: map[string]bool{}}, index: &memIndex{docs: map[string]search.Document{}}}
	t.Cleanup(func() { queue.Close(); e.tasks.Close() })
	w, err := guarded.New(context.Background(), e.db)
	if err != nil {
		t.Fatal(err)
	}
	store := talent.NewStore(e.db, w)
	if err := store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	outbox := events.NewOutbox(e.db, w, queue, events.Options{})
	bc, err := bluecard.Parse([]byte(`{"thresholds":[{"country":"DE","year":2025,"general":48300,"shortage":43759.8,"currency":"EUR","period":"year","source":"https://www.make-it-in-germany.com/en/visa-residence/types/eu-blue-card"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e.svc, err = talent.NewService(store, orgs{}, taxonomy{}, e.wallet, e.index, queue,
		talent.Options{Events: outbox, PseudonymKey: bytes.Repeat([]byte("k"), 32), BlueCard: bc,
			Now: func() time.Time { return time.Now().Add(time.Duration(e.ahead.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	app := httpkit.NewApp(httpkit.AppOptions{})
	app.Use(testenv.TestUsers(admin))
	talent.NewHandler(e.svc).Register(openapi.New("talent test", "1").Mount(app, "/api/v1"))
	e.http = testenv.Serve(t, app, "/api/v1")
	return e
}

// call sends a JSON body (nil for none) as user ("" for anonymous).
func (e *env) call(t *testing.T, method, path, user string, body any) testenv.Response {
	t.Helper()
	return e.http.Call(t, method, path, user, body)
}

// join puts a learner in the pool with a profile that lets companies see everything.
func (e *env) join(t *testing.T, user string) {
	t.Helper()
	var p talent.ProfileView
	e.call(t, "POST", "/me/talent/consent", user, talent.JoinRequest{NoticeVersion: talent.NoticeVersion}).Want(t, 200, &p)
	v := p.Version
	in := talent.ProfileInput{Version: &v, Headline: "Backend developer", Occupations: []talent.Ref{{ID: occDev}},
		Country: "DE", Remote: true, Visible: talent.Visibility{Headline: true, Languages: true, Location: true, Availability: true, SelfDeclared: true}}
	e.call(t, "PUT", "/me/talent", user, in).Want(t, 200, nil)
}

// goCredential is a credential proving Go.
func goCredential(id string) talent.HeldCredential {
	return talent.HeldCredential{ID: id, Title: "Go in practice", Skills: []string{skillGo}, VerifyURL: "https://academy.example/verify/" + id}
}

// openingInput is a publishable opening asking for Go (essential) and
// machine learning (optional) in Berlin.
func openingInput() talent.OpeningInput {
	return talent.OpeningInput{Title: "Backend engineer", Description: "Build services.", Occupation: &talent.Ref{ID: occDev},
		Skills: []talent.RequiredSkill{{Skill: skillGo, Essential: true}, {Skill: skillML}}, Country: "DE", City: "Berlin",
		RemotePolicy: "hybrid", PermitSupport: true, Pay: talent.Pay{Min: 50000, Max: 65000, Currency: "EUR", Period: "year"}, StartDate: "2027-03-01"}
}

// publishOpening creates and publishes an opening of the company and matches it against the pool.
func (e *env) publishOpening(t *testing.T, user, orgID string) talent.OpeningView {
	t.Helper()
	var o talent.OpeningView
	e.call(t, "POST", "/orgs/"+orgID+"/openings", user, openingInput()).Want(t, 201, &o)
	e.call(t, "POST", "/orgs/"+orgID+"/openings/"+o.ID+"/publish", user, nil).Want(t, 200, &o)
	if err := e.svc.MatchOpening(context.Background(), o.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// matchesOf returns the pseudonyms in an opening's match list, as its company sees it.
func (e *env) matchesOf(t *testing.T, user, orgID, openingID string) []string {
	t.Helper()
	var page httpkit.Page[talent.RankedCandidate]
	e.call(t, "GET", "/orgs/"+orgID+"/openings/"+openingID+"/matches", user, nil).Want(t, 200, &page)
	var out []string
	for _, it := range page.Items {
		out = append(out, it.Candidate.Pseudonym)
	}
	return out
}

// count counts the documents of a collection matching filter.
func (e *env) count(t *testing.T, collection string, filter bson.M) int64 {
	t.Helper()
	n, err := e.db.Collection(collection).CountDocuments(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
