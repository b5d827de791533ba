package talent_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
	"academy/services/kit/testenv"
	"academy/services/talent"
	"academy/services/talent/matching"
)

// Joining thirty times at once records one consent; withdrawing takes the
// learner out of the company's match list, the talent search and the card
// at once, and the ledger keeps both records.
func TestJoinOnceAndWithdrawRemovesEverything(t *testing.T) {
	e := newEnv(t)
	statuses := testenv.Concurrently(30, func() int {
		return e.http.Status("POST", "/me/talent/consent", learner, talent.JoinRequest{NoticeVersion: talent.NoticeVersion})
	})
	if n := testenv.CountOf(statuses, 200); n != 30 {
		t.Fatalf("%d of 30 joins answered 200: %v", n, statuses)
	}
	if n := e.count(t, "talent_consents", bson.M{"user_id": learner, "action": talent.ActionGiven}); n != 1 {
		t.Fatalf("%d given entries in the ledger, want 1", n)
	}
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	if err := e.svc.MatchCandidate(context.Background(), learner); err != nil {
		t.Fatal(err)
	}
	o := e.publishOpening(t, hrAcme, acme)
	matched := e.matchesOf(t, hrAcme, acme, o.ID)
	if len(matched) != 1 {
		t.Fatalf("the company sees %d candidates, want the learner", len(matched))
	}
	var found talent.SearchResult
	e.call(t, "GET", "/orgs/"+acme+"/talent/search?skills="+skillGo, hrAcme, nil).Want(t, 200, &found)
	if len(found.Items) != 1 || found.Items[0].Pseudonym != matched[0] {
		t.Fatalf("search found %+v, want the learner as %s", found.Items, matched[0])
	}
	var mine talent.Items[talent.MyMatch]
	e.call(t, "GET", "/me/talent/matches", learner, nil).Want(t, 200, &mine)
	if len(mine.Items) != 1 || mine.Items[0].Opening.ID != o.ID {
		t.Fatalf("the learner's matches are %+v, want the opening", mine.Items)
	}
	if g := mine.Items[0].Gaps; len(g) != 1 || g[0].Skill != skillML || len(g[0].Courses) != 1 {
		t.Fatalf("gaps %+v, want machine learning with its course", g)
	}

	var p talent.ProfileView
	e.call(t, "DELETE", "/me/talent/consent", learner, nil).Want(t, 200, &p)
	if p.InPool || p.Consent != nil {
		t.Fatalf("after withdrawal the profile says in_pool=%v consent=%v", p.InPool, p.Consent)
	}
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 0 {
		t.Fatalf("after withdrawal the company still sees %v", got)
	}
	e.call(t, "GET", "/orgs/"+acme+"/talent/search", hrAcme, nil).Want(t, 200, &found)
	if len(found.Items) != 0 || len(e.index.docs) != 0 {
		t.Fatalf("after withdrawal search finds %d cards, the index holds %d documents", len(found.Items), len(e.index.docs))
	}
	e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+matched[0], hrAcme, nil).WantProblem(t, 404, "not-found")
	e.call(t, "GET", "/me/talent/matches", learner, nil).Want(t, 200, &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("after withdrawal the learner still has %d matches", len(mine.Items))
	}
	if n := e.count(t, "talent_ranks", bson.M{"_id": "candidate:" + learner}); n != 0 {
		t.Fatal("the ranking that holds the learner's matches is left after withdrawal")
	}
	if n := e.count(t, "talent_consents", bson.M{"user_id": learner}); n != 2 {
		t.Fatalf("%d ledger entries, want given then withdrawn", n)
	}
	// A second withdrawal is a no-op.
	e.call(t, "DELETE", "/me/talent/consent", learner, nil).Want(t, 200, nil)
	if n := e.count(t, "talent_consents", bson.M{"user_id": learner}); n != 2 {
		t.Fatalf("%d ledger entries after withdrawing twice, want 2", n)
	}
}

// A search card shows the evidence matching last read, and a profile edited
// since as it is now: a self-declared skill added shows at once, a revoked
// credential goes once the person is matched again.
func TestSearchCardsShowTheEvidence(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	skillsShown := func() []string {
		t.Helper()
		var found talent.SearchResult
		e.call(t, "GET", "/orgs/"+acme+"/talent/search", hrAcme, nil).Want(t, 200, &found)
		if len(found.Items) != 1 {
			t.Fatalf("search found %d cards, want the learner", len(found.Items))
		}
		var out []string
		for _, sk := range found.Items[0].Skills {
			out = append(out, fmt.Sprintf("%s:%s:%v", sk.Skill, sk.Evidence, sk.VerifyURLs))
		}
		return out
	}
	goShown := skillGo + ":credential:[https://academy.example/verify/cred-go]"
	if got := skillsShown(); !slices.Equal(got, []string{goShown}) {
		t.Fatalf("the card shows %v, want %v", got, goShown)
	}
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	in := talent.ProfileInput{Version: &p.Version, Headline: p.Headline, Occupations: p.Occupations, Country: p.Country, Remote: p.Remote, Visible: p.Visible,
		SelfDeclared: []talent.DeclaredSkill{{Skill: skillML, Level: 3}}}
	e.call(t, "PUT", "/me/talent", learner, in).Want(t, 200, nil)
	mlShown := skillML + ":self_declared:[]"
	if got := skillsShown(); !slices.Equal(got, []string{goShown, mlShown}) {
		t.Fatalf("after the edit the card shows %v, want %v and %v", got, goShown, mlShown)
	}
	e.wallet.revoke(learner, "cred-go")
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	if got := skillsShown(); !slices.Equal(got, []string{mlShown}) {
		t.Fatalf("after the revocation the card shows %v, want %v", got, mlShown)
	}
}

// A revoked or suspended credential stops counting at once: the profile no
// longer shows it, and the next matching drops the match it made.
func TestRevokedCredentialStopsCounting(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Skills) != 1 || p.Skills[0].Evidence != matching.EvidenceCredential || p.Skills[0].Sources[0].CredentialID != "cred-go" {
		t.Fatalf("skills %+v, want Go proven by cred-go", p.Skills)
	}
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 1 {
		t.Fatalf("the company sees %d candidates, want 1", len(got))
	}
	e.wallet.revoke(learner, "cred-go")
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Skills) != 0 {
		t.Fatalf("skills %+v after revocation, want none", p.Skills)
	}
	if err := e.svc.MatchCandidate(context.Background(), learner); err != nil {
		t.Fatal(err)
	}
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 0 {
		t.Fatalf("the company still sees %v after the revocation", got)
	}
}

// Two companies know one person under two pseudonyms; neither sees who it is
// until the person accepts that company's contact request.
func TestPseudonymsAndIdentityAfterAcceptance(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	oa := e.publishOpening(t, hrAcme, acme)
	ob := e.publishOpening(t, hrBeta, beta)
	pa, pb := e.matchesOf(t, hrAcme, acme, oa.ID), e.matchesOf(t, hrBeta, beta, ob.ID)
	if len(pa) != 1 || len(pb) != 1 || pa[0] == pb[0] {
		t.Fatalf("pseudonyms %v and %v, want one each and different", pa, pb)
	}
	// Another company's pseudonym names nobody here.
	e.call(t, "GET", "/orgs/"+beta+"/talent/candidates/"+pa[0], hrBeta, nil).WantProblem(t, 404, "not-found")
	var card talent.Card
	e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+pa[0], hrAcme, nil).Want(t, 200, &card)
	if card.Identity != nil || len(card.Skills) != 1 || card.Skills[0].VerifyURLs[0] != "https://academy.example/verify/cred-go" || len(card.Matches) != 1 {
		t.Fatalf("card %+v: want no identity, Go with its verification link, one match", card)
	}
	var sent talent.CompanyContactView
	e.call(t, "POST", "/orgs/"+acme+"/talent/candidates/"+pa[0]+"/contact", hrAcme, talent.ContactRequest{OpeningID: oa.ID, Message: "Hello"}).Want(t, 201, &sent)
	var contacts talent.Items[talent.ContactView]
	e.call(t, "GET", "/me/talent/contacts", learner, nil).Want(t, 200, &contacts)
	if len(contacts.Items) != 1 || contacts.Items[0].Company.ID != acme || contacts.Items[0].Opening == nil {
		t.Fatalf("contacts %+v, want Acme's about its opening", contacts.Items)
	}
	// Another learner cannot answer it.
	e.call(t, "POST", "/me/talent/contacts/"+sent.ID+"/accept", learner2, nil).WantProblem(t, 404, "not-found")
	e.call(t, "POST", "/me/talent/contacts/"+sent.ID+"/accept", learner, nil).Want(t, 200, nil)
	e.call(t, "POST", "/me/talent/contacts/"+sent.ID+"/decline", learner, nil).WantProblem(t, 409, "already-answered")
	e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+pa[0], hrAcme, nil).Want(t, 200, &card)
	if card.Identity == nil || card.Identity.Email != learner+"@example.org" {
		t.Fatalf("after acceptance Acme sees identity %+v", card.Identity)
	}
	e.call(t, "GET", "/orgs/"+beta+"/talent/candidates/"+pb[0], hrBeta, nil).Want(t, 200, &card)
	if card.Identity != nil {
		t.Fatalf("Beta sees the identity %+v without an accepted request", card.Identity)
	}
	var log talent.Items[talent.AccessView]
	e.call(t, "GET", "/me/talent/access-log", learner, nil).Want(t, 200, &log)
	var actions []string
	for _, a := range log.Items {
		actions = append(actions, a.Company.ID+":"+a.Action)
	}
	for _, want := range []string{acme + ":viewed", acme + ":contacted", beta + ":viewed"} {
		if !slices.Contains(actions, want) {
			t.Errorf("access log %v lacks %s", actions, want)
		}
	}
}

// Thirty contact requests at once from one company make one pending request.
func TestOneContactUnderConcurrency(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	pseudonym := e.matchesOf(t, hrAcme, acme, o.ID)[0]
	statuses := testenv.Concurrently(30, func() int {
		return e.http.Status("POST", "/orgs/"+acme+"/talent/candidates/"+pseudonym+"/contact", hrAcme, talent.ContactRequest{Message: "Hello"})
	})
	if testenv.CountOf(statuses, 201) != 1 || testenv.CountOf(statuses, 409) != 29 {
		t.Fatalf("statuses %v, want one 201 and 29 409", statuses)
	}
	var contacts talent.Items[talent.ContactView]
	e.call(t, "GET", "/me/talent/contacts", learner, nil).Want(t, 200, &contacts)
	if len(contacts.Items) != 1 {
		t.Fatalf("the learner has %d requests, want 1", len(contacts.Items))
	}
	// Once answered, the company may ask again.
	e.call(t, "POST", "/me/talent/contacts/"+contacts.Items[0].ID+"/decline", learner, nil).Want(t, 200, nil)
	e.call(t, "POST", "/orgs/"+acme+"/talent/candidates/"+pseudonym+"/contact", hrAcme, talent.ContactRequest{Message: "Again"}).Want(t, 201, nil)
}

// Thirty first sights of the same people at once, through match lists and
// searches, all succeed and record one pseudonym per person, which resolves.
func TestFirstSightsAtOnceRecordOnePseudonymEach(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, user := range []string{learner, learner2} {
		e.join(t, user)
		e.wallet.give(user, goCredential("cred-"+user))
		if err := e.svc.MatchCandidate(ctx, user); err != nil {
			t.Fatal(err)
		}
	}
	o := e.publishOpening(t, hrAcme, acme)
	i := 0
	var mu sync.Mutex
	statuses := testenv.Concurrently(30, func() int {
		mu.Lock()
		i++
		list := i%2 == 0
		mu.Unlock()
		if list {
			return e.http.Status("GET", "/orgs/"+acme+"/openings/"+o.ID+"/matches", hrAcme, nil)
		}
		return e.http.Status("GET", "/orgs/"+acme+"/talent/search", hrAcme, nil)
	})
	if testenv.CountOf(statuses, 200) != 30 {
		t.Fatalf("statuses %v, want 30 200", statuses)
	}
	if n := e.count(t, "talent_pseudonyms", bson.M{}); n != 2 {
		t.Fatalf("%d pseudonyms recorded, want one for each of the two people", n)
	}
	seen := e.matchesOf(t, hrAcme, acme, o.ID)
	if len(seen) != 2 || seen[0] == seen[1] {
		t.Fatalf("the match list shows %v, want two people under two pseudonyms", seen)
	}
	for _, pseudonym := range seen {
		e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+pseudonym, hrAcme, nil).Want(t, 200, nil)
	}
}

// Publishing names every missing field at once.
func TestPublishValidationListsEveryField(t *testing.T) {
	e := newEnv(t)
	var o talent.OpeningView
	e.call(t, "POST", "/orgs/"+acme+"/openings", hrAcme, talent.OpeningInput{Skills: []talent.RequiredSkill{{Skill: skillSQL}}}).Want(t, 201, &o)
	p := e.call(t, "POST", "/orgs/"+acme+"/openings/"+o.ID+"/publish", hrAcme, nil).WantProblem(t, 422, "validation-failed")
	var fields []string
	for _, f := range p.Errors {
		fields = append(fields, f.Field)
	}
	for _, want := range []string{"title", "country", "remote_policy", "city", "pay.min", "pay.max", "pay.currency", "pay.period", "skills"} {
		if !slices.Contains(fields, want) {
			t.Errorf("the problem names %v, not %s", fields, want)
		}
	}
	// A remote opening needs no city; a pay range below its minimum is refused.
	in := openingInput()
	in.City, in.RemotePolicy, in.Pay.Max = "", "remote", 100
	v := o.Version
	in.Version = &v
	e.call(t, "PUT", "/orgs/"+acme+"/openings/"+o.ID, hrAcme, in).Want(t, 200, &o)
	p = e.call(t, "POST", "/orgs/"+acme+"/openings/"+o.ID+"/publish", hrAcme, nil).WantProblem(t, 422, "validation-failed")
	if len(p.Errors) != 1 || p.Errors[0].Field != "pay.max" {
		t.Fatalf("errors %+v, want pay.max only", p.Errors)
	}
	if o.BlueCard == nil || !o.BlueCard.Meets || o.BlueCard.Threshold != 48300 {
		t.Fatalf("bluecard %+v, want Germany's threshold met", o.BlueCard)
	}
}

// A company reaches its own openings only, never a learner who did not
// consent; other organisations and learners reach none.
func TestCompanyIsolation(t *testing.T) {
	e := newEnv(t)
	e.wallet.give(learner2, goCredential("cred-other"))
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner2, nil).Want(t, 200, &p)
	if p.InPool || len(p.Skills) != 1 {
		t.Fatalf("a learner who never joined: in_pool=%v skills=%v", p.InPool, p.Skills)
	}
	if err := e.svc.MatchCandidate(context.Background(), learner2); err != nil {
		t.Fatal(err)
	}
	o := e.publishOpening(t, hrAcme, acme)
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 0 {
		t.Fatalf("the company sees %v, who never consented", got)
	}
	var found talent.SearchResult
	e.call(t, "GET", "/orgs/"+acme+"/talent/search", hrAcme, nil).Want(t, 200, &found)
	if found.Total != 0 {
		t.Fatalf("search finds %d candidates, none consented", found.Total)
	}
	path := "/orgs/" + acme + "/openings/" + o.ID
	e.call(t, "GET", path, hrBeta, nil).WantProblem(t, 403, "forbidden")
	e.call(t, "GET", "/orgs/"+beta+"/openings/"+o.ID, hrBeta, nil).WantProblem(t, 404, "not-found")
	e.call(t, "GET", path+"/matches", hrBeta, nil).WantProblem(t, 403, "forbidden")
	e.call(t, "GET", path, learner, nil).WantProblem(t, 403, "forbidden")
	e.call(t, "GET", path, "", nil).WantProblem(t, 401, "unauthorized")
	e.call(t, "GET", "/orgs/"+uni+"/openings", staffUni, nil).WantProblem(t, 403, "not-a-company")
	e.call(t, "GET", path, admin, nil).Want(t, 200, nil)
	var list httpkit.Page[talent.OpeningSummary]
	e.call(t, "GET", "/orgs/"+beta+"/openings", hrBeta, nil).Want(t, 200, &list)
	if len(list.Items) != 0 {
		t.Fatalf("Beta lists %d openings, it has none", len(list.Items))
	}
}

// Bad input gets a precise 4xx.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	e.call(t, "POST", "/me/talent/consent", learner, talent.JoinRequest{NoticeVersion: "2020-01"}).WantProblem(t, 422, "stale-notice")
	e.call(t, "POST", "/me/talent/consent", learner, map[string]any{"notice": "x"}).WantProblem(t, 400, "validation-failed")
	e.join(t, learner)
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	stale := p.Version - 1
	e.call(t, "PUT", "/me/talent", learner, talent.ProfileInput{Version: &stale}).WantProblem(t, 409, "edit-conflict")
	many := make([]talent.DeclaredSkill, 51)
	bad := talent.ProfileInput{Version: &p.Version, Country: "XX", Languages: []matching.Language{{Code: "english", CEFR: "D1"}},
		Occupations: []talent.Ref{{ID: "nope"}}, SelfDeclared: many, AvailableFrom: "soon"}
	problem := e.call(t, "PUT", "/me/talent", learner, bad).WantProblem(t, 422, "validation-failed")
	fieldsOf := func(p httpkit.Problem) []string {
		var out []string
		for _, f := range p.Errors {
			out = append(out, f.Field)
		}
		return out
	}
	for _, want := range []string{"country", "languages[0].code", "languages[0].cefr", "occupations[0].id", "self_declared", "available_from"} {
		if !slices.Contains(fieldsOf(problem), want) {
			t.Errorf("the problem names %v, not %s", fieldsOf(problem), want)
		}
	}
	bad = talent.ProfileInput{Version: &p.Version, SelfDeclared: []talent.DeclaredSkill{{Skill: "unknown", Level: 7}}}
	problem = e.call(t, "PUT", "/me/talent", learner, bad).WantProblem(t, 422, "validation-failed")
	if f := fieldsOf(problem); !slices.Contains(f, "self_declared[0].skill") || !slices.Contains(f, "self_declared[0].level") {
		t.Errorf("the problem names %v, want the unknown skill and the level", f)
	}
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtForeign}).WantProblem(t, 422, talent.ImportIssuerKey)
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtRevoked}).WantProblem(t, 422, talent.ImportRevoked)
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: "garbage"}).WantProblem(t, 422, talent.ImportMalformed)
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtOthers}).WantProblem(t, 422, talent.ImportNotYours)
	var im talent.Import
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtMine}).Want(t, 201, &im)
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtMine}).WantProblem(t, 409, "already-imported")
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Skills) != 1 || p.Skills[0].Skill != skillSQL || p.Skills[0].Evidence != matching.EvidenceImported {
		t.Fatalf("skills %+v, want SQL from the import", p.Skills)
	}
	e.call(t, "DELETE", "/me/talent/imports/"+im.ID, learner, nil).Want(t, 204, nil)
	e.call(t, "DELETE", "/me/talent/imports/"+im.ID, learner, nil).WantProblem(t, 404, "not-found")

	o := e.publishOpening(t, hrAcme, acme)
	e.call(t, "POST", "/me/talent/matches/"+o.ID+"/contest", learner, talent.ContestRequest{Message: "x"}).WantProblem(t, 404, "not-found")
	in := openingInput()
	in.Skills = append(in.Skills, talent.RequiredSkill{Skill: skillGo, MinLevel: 9})
	in.Pay.Period, in.RemotePolicy = "week", "sometimes"
	problem = e.call(t, "POST", "/orgs/"+acme+"/openings", hrAcme, in).WantProblem(t, 422, "validation-failed")
	for _, want := range []string{"skills[2].skill", "skills[2].min_level", "pay.period", "remote_policy"} {
		if !slices.Contains(fieldsOf(problem), want) {
			t.Errorf("the problem names %v, not %s", fieldsOf(problem), want)
		}
	}
	e.call(t, "GET", "/orgs/"+acme+"/talent/search?available_by=tomorrow", hrAcme, nil).WantProblem(t, 400, "validation-failed")
	e.call(t, "GET", "/orgs/"+acme+"/openings?status=maybe", hrAcme, nil).WantProblem(t, 400, "validation-failed")
}

// Decisions and accepted contact requests stored before a match list read
// them from the opening's decided list and the profile still show, once the
// store starts again: it lists them.
func TestDecisionsAndAcceptancesFromBeforeStillShow(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	pseudonym := e.matchesOf(t, hrAcme, acme, o.ID)[0]
	ctx := context.Background()
	if _, err := e.db.Collection("talent_decisions").InsertOne(ctx, bson.M{"_id": o.ID + "|" + learner, "org_id": acme, "opening_id": o.ID, "user_id": learner,
		"decision": talent.DecisionShortlist, "reason": "strong Go", "by": hrAcme, "at": time.Now()}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Collection("talent_contact_slots").InsertOne(ctx, bson.M{"_id": acme + "|" + learner, "pending": "", "accepted": true}); err != nil {
		t.Fatal(err)
	}
	shown := func() (*talent.Decision, *talent.Identity) {
		t.Helper()
		var page httpkit.Page[talent.RankedCandidate]
		e.call(t, "GET", "/orgs/"+acme+"/openings/"+o.ID+"/matches", hrAcme, nil).Want(t, 200, &page)
		var card talent.Card
		e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+pseudonym, hrAcme, nil).Want(t, 200, &card)
		return page.Items[0].Decision, card.Identity
	}
	if d, id := shown(); d != nil || id != nil {
		t.Fatalf("before the store lists them, the company sees decision %+v and identity %+v", d, id)
	}
	if _, err := e.db.Collection("talent_lists").DeleteOne(ctx, bson.M{"_id": "listed:decisions+reveals"}); err != nil {
		t.Fatal(err)
	}
	w, err := guarded.New(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	if err := talent.NewStore(e.db, w).EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if d, id := shown(); d == nil || d.Decision != talent.DecisionShortlist || id == nil || id.Email != learner+"@example.org" {
		t.Fatalf("the company sees decision %+v and identity %+v, want the shortlist and the person", d, id)
	}
}

// A learner contests a match: the company's inbox has it under its pseudonym.
func TestContestReachesTheCompany(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	e.call(t, "POST", "/me/talent/matches/"+o.ID+"/contest", learner, talent.ContestRequest{Message: ""}).WantProblem(t, 422, "validation-failed")
	e.call(t, "POST", "/me/talent/matches/"+o.ID+"/contest", learner, talent.ContestRequest{Message: "I also know machine learning."}).Want(t, 201, nil)
	var inbox talent.Items[talent.ContestInboxItem]
	e.call(t, "GET", "/orgs/"+acme+"/talent/contests", hrAcme, nil).Want(t, 200, &inbox)
	pseudonym := e.matchesOf(t, hrAcme, acme, o.ID)[0]
	if len(inbox.Items) != 1 || inbox.Items[0].Pseudonym != pseudonym {
		t.Fatalf("inbox %+v, want the contest under %s", inbox.Items, pseudonym)
	}
	e.call(t, "GET", "/orgs/"+beta+"/talent/contests", hrBeta, nil).Want(t, 200, &inbox)
	if len(inbox.Items) != 0 {
		t.Fatalf("Beta's inbox holds %d contests for Acme", len(inbox.Items))
	}
	var d talent.Decision
	e.call(t, "PUT", "/orgs/"+acme+"/openings/"+o.ID+"/decisions/"+pseudonym, hrAcme, talent.DecisionRequest{Decision: "maybe"}).WantProblem(t, 422, "validation-failed")
	e.call(t, "PUT", "/orgs/"+acme+"/openings/"+o.ID+"/decisions/"+pseudonym, hrAcme, talent.DecisionRequest{Decision: talent.DecisionShortlist, Reason: "strong Go"}).Want(t, 200, &d)
	var page httpkit.Page[talent.RankedCandidate]
	e.call(t, "GET", "/orgs/"+acme+"/openings/"+o.ID+"/matches", hrAcme, nil).Want(t, 200, &page)
	if page.Items[0].Decision == nil || page.Items[0].Decision.Decision != talent.DecisionShortlist {
		t.Fatalf("decision %+v, want the shortlist", page.Items[0].Decision)
	}
	e.call(t, "PUT", "/orgs/"+beta+"/openings/"+o.ID+"/decisions/"+pseudonym, hrBeta, talent.DecisionRequest{Decision: talent.DecisionReject}).WantProblem(t, 404, "not-found")
	// Erasing the profile removes the contest, the match and the pseudonym.
	e.call(t, "DELETE", "/me/talent", learner, nil).Want(t, 204, nil)
	e.call(t, "GET", "/orgs/"+acme+"/talent/contests", hrAcme, nil).Want(t, 200, &inbox)
	if len(inbox.Items) != 0 {
		t.Fatalf("the inbox keeps %d contests after erasure", len(inbox.Items))
	}
	for _, coll := range []string{"talent_profiles", "talent_pseudonyms", "talent_decisions"} {
		if n := e.count(t, coll, bson.M{}); n != 0 {
			t.Errorf("%s keeps %d documents after erasure", coll, n)
		}
	}
	if n := e.count(t, "talent_ranks", bson.M{"_id": "candidate:" + learner}); n != 0 {
		t.Error("the ranking that holds the learner's matches is left after erasure")
	}
	if n := e.count(t, "talent_consents", bson.M{"user_id": learner}); n != 2 {
		t.Errorf("the ledger keeps %d entries, want the consent and its withdrawal", n)
	}
	// Joining again, the person is shown under a pseudonym that resolves
	// again, though this process showed the same one before the erasure.
	e.join(t, learner)
	if err := e.svc.MatchCandidate(context.Background(), learner); err != nil {
		t.Fatal(err)
	}
	again := e.matchesOf(t, hrAcme, acme, o.ID)
	if len(again) != 1 {
		t.Fatalf("the match list shows %v after joining again, want the person", again)
	}
	e.call(t, "GET", "/orgs/"+acme+"/talent/candidates/"+again[0], hrAcme, nil).Want(t, 200, nil)
}

// matchTasks lists the matching tasks waiting on the bulk queue.
func (e *env) matchTasks(t *testing.T) []*asynq.TaskInfo {
	t.Helper()
	pending, err := e.tasks.ListPendingTasks(jobs.QueueBulk)
	if err != nil && !strings.Contains(err.Error(), "not found") {
		t.Fatal(err)
	}
	var out []*asynq.TaskInfo
	for _, ti := range pending {
		if ti.Type == jobs.TypeMatch {
			out = append(out, ti)
		}
	}
	return out
}

// Matching goes through the bulk queue: an event enqueues one task however
// often it is delivered, the reconciler enqueues what matching has not
// seen, and the task's handler matches.
func TestMatchingThroughTheQueue(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o := e.publishOpening(t, hrAcme, acme)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	n, err := e.svc.ReconcileMatching(ctx)
	if err != nil || n != 1 {
		t.Fatalf("the reconciler enqueued %d (%v), want the learner's profile", n, err)
	}
	tasks := e.matchTasks(t)
	if len(tasks) != 1 {
		t.Fatalf("%d matching tasks on the bulk queue, want 1", len(tasks))
	}
	if err := e.svc.HandleMatchTask(ctx, asynq.NewTask(tasks[0].Type, tasks[0].Payload)); err != nil {
		t.Fatal(err)
	}
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 1 {
		t.Fatalf("after the task the company sees %d candidates, want 1", len(got))
	}
	if n, err := e.svc.ReconcileMatching(ctx); err != nil || n != 0 {
		t.Fatalf("the reconciler enqueued %d (%v) with nothing stale", n, err)
	}
	ev, err := events.New(events.CredentialStatusChanged, events.CredentialData{CredentialID: "cred-go", LearnerID: learner, Status: "revoked"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.svc.HandleCredentialEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(e.matchTasks(t)); got != 2 {
		t.Fatalf("%d matching tasks after one event delivered twice, want one more", got)
	}
	if err := e.svc.HandleMatchTask(ctx, asynq.NewTask(jobs.TypeMatch, []byte(`{"side":"nobody"}`))); !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("an undecodable task gave %v, want SkipRetry", err)
	}
}

// An import whose issuer later revokes it stops counting once the daily
// re-check runs; one checked within the day is left alone, and an import
// the learner deleted is not brought back.
func TestRecheckDropsARevokedImport(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	var im talent.Import
	e.call(t, "POST", "/me/talent/imports", learner, talent.ImportRequest{Credential: jwtMine}).Want(t, 201, &im)
	if im.Status != talent.ImportVerified || im.CheckedAt.IsZero() {
		t.Fatalf("import %+v, want verified and checked now", im)
	}
	e.wallet.withdraw(jwtMine)
	ctx := context.Background()
	if n, err := e.svc.RecheckImports(ctx, talent.RecheckAfter); err != nil || n != 0 {
		t.Fatalf("re-check within the day = %d, %v; want nothing done", n, err)
	}
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Skills) != 1 {
		t.Fatalf("skills %+v, want the import counting until it is re-checked", p.Skills)
	}
	if n, err := e.svc.RecheckImports(ctx, 0); err != nil || n != 1 {
		t.Fatalf("re-check = %d, %v; want one import dropped", n, err)
	}
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Skills) != 0 || len(p.Imports) != 1 || p.Imports[0].Status != talent.ImportRevoked || p.Imports[0].Reason == "" {
		t.Fatalf("profile %+v %+v, want the import shown revoked and no skill", p.Skills, p.Imports)
	}
	if n, err := e.svc.RecheckImports(ctx, 0); err != nil || n != 0 {
		t.Fatalf("second re-check = %d, %v; a dropped import is not checked again", n, err)
	}
	e.call(t, "DELETE", "/me/talent/imports/"+im.ID, learner, nil).Want(t, 204, nil)
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	if len(p.Imports) != 0 {
		t.Fatalf("imports %+v after deleting it", p.Imports)
	}
}

// The match list is a read model the matching keeps: a credential issued
// shows on the company's list, with its better score, once the candidate is
// matched again, and a revoked one leaves it the same way.
func TestMatchListFollowsTheMatching(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	before := e.rankedOf(t, o.ID)
	if len(before.Candidate.Skills) != 1 || before.Candidate.Skills[0].Skill != skillGo {
		t.Fatalf("the card lists %+v, want Go", before.Candidate.Skills)
	}
	e.wallet.give(learner, talent.HeldCredential{ID: "cred-ml", Title: "Machine learning", Skills: []string{skillML}})
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	after := e.rankedOf(t, o.ID)
	if len(after.Candidate.Skills) != 2 || after.Match.Score <= before.Match.Score || len(after.Match.MissingOptional) != 0 {
		t.Fatalf("after the ML credential the list shows skills %+v, score %v (was %v), missing %v",
			after.Candidate.Skills, after.Match.Score, before.Match.Score, after.Match.MissingOptional)
	}
	e.wallet.revoke(learner, "cred-ml")
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	if again := e.rankedOf(t, o.ID); len(again.Candidate.Skills) != 1 || again.Match.Score != before.Match.Score {
		t.Fatalf("after the revocation the list shows skills %+v, score %v, want Go alone at %v", again.Candidate.Skills, again.Match.Score, before.Match.Score)
	}
}

// rankedOf returns the one entry of an opening's match list.
func (e *env) rankedOf(t *testing.T, openingID string) talent.RankedCandidate {
	t.Helper()
	var page httpkit.Page[talent.RankedCandidate]
	e.call(t, "GET", "/orgs/"+acme+"/openings/"+openingID+"/matches", hrAcme, nil).Want(t, 200, &page)
	if len(page.Items) != 1 {
		t.Fatalf("the match list holds %d entries, want 1", len(page.Items))
	}
	return page.Items[0]
}

// The company's lists page through their cursors, every entry once, and a
// bad cursor or page size is named.
func TestListsPageThroughCursors(t *testing.T) {
	e := newEnv(t)
	var created []string
	for range 5 {
		var o talent.OpeningView
		e.call(t, "POST", "/orgs/"+acme+"/openings", hrAcme, openingInput()).Want(t, 201, &o)
		created = append(created, o.ID)
	}
	var seen []string
	path := "/orgs/" + acme + "/openings?limit=2"
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatalf("more than 3 pages of 2 for 5 openings: %v", seen)
		}
		var page httpkit.Page[talent.OpeningSummary]
		e.call(t, "GET", path, hrAcme, nil).Want(t, 200, &page)
		for _, o := range page.Items {
			seen = append(seen, o.ID)
		}
		if page.NextCursor == "" {
			break
		}
		path = "/orgs/" + acme + "/openings?limit=2&cursor=" + page.NextCursor
	}
	slices.Sort(seen)
	slices.Sort(created)
	if !slices.Equal(seen, created) {
		t.Fatalf("the pages listed %v, want each of %v once", seen, created)
	}
	for _, bad := range []struct{ query, field string }{{"limit=0", "limit"}, {"limit=101", "limit"}, {"cursor=nope", "cursor"}, {"cursor=LTE", "cursor"}} {
		p := e.call(t, "GET", "/orgs/"+acme+"/openings?"+bad.query, hrAcme, nil).WantProblem(t, 400, "validation-failed")
		if len(p.Errors) != 1 || p.Errors[0].Field != bad.field {
			t.Errorf("?%s: the problem names %+v, want %s", bad.query, p.Errors, bad.field)
		}
		e.call(t, "GET", "/orgs/"+acme+"/openings/"+created[0]+"/matches?"+bad.query, hrAcme, nil).WantProblem(t, 400, "validation-failed")
	}
}

// A candidate's matching that read the open openings just before one was
// published keeps the match that opening's own matching made meanwhile:
// the company and the learner both still see it.
func TestCandidateMatchingKeepsAnOpeningPublishedMeanwhile(t *testing.T) {
	e := newEnv(t)
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	o := e.publishOpening(t, hrAcme, acme)
	ctx := context.Background()
	lists := e.db.Collection("talent_lists")
	// The list as the candidate's task read it, before the publication.
	if _, err := lists.UpdateOne(ctx, bson.M{"_id": "open"}, bson.M{"$pull": bson.M{"ids": o.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	if _, err := lists.UpdateOne(ctx, bson.M{"_id": "open"}, bson.M{"$addToSet": bson.M{"ids": o.ID}}); err != nil {
		t.Fatal(err)
	}
	if got := e.matchesOf(t, hrAcme, acme, o.ID); len(got) != 1 {
		t.Fatalf("the company sees %d candidates, want the learner", len(got))
	}
	var mine talent.Items[talent.MyMatch]
	e.call(t, "GET", "/me/talent/matches", learner, nil).Want(t, 200, &mine)
	if len(mine.Items) != 1 {
		t.Fatalf("the learner sees %d matches, want the opening", len(mine.Items))
	}
}

// A profile's lists and parts are each stored as one packed value (a full
// recompute reads every profile, and the embedded database spends most of
// such a read on each value); a profile stored before, with documents and
// arrays, reads as it was.
func TestProfilePartsAreStoredPacked(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.join(t, learner)
	e.wallet.give(learner, goCredential("cred-go"))
	var p talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &p)
	in := talent.ProfileInput{Version: &p.Version, Headline: "Data engineer", Country: "DE", Places: []string{"DE", "AT"}, Remote: true,
		Languages: []matching.Language{{Code: "de", CEFR: "C1"}}, SelfDeclared: []talent.DeclaredSkill{{Skill: skillML, Level: 3}},
		WorkAuthorisation: talent.WorkAuthorisation{RightToWork: []string{"DE"}}, Visible: talent.Visibility{Headline: true, Location: true}}
	e.call(t, "PUT", "/me/talent", learner, in).Want(t, 200, nil)
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	raw, err := e.db.Collection("talent_profiles").FindOne(ctx, bson.M{"_id": learner}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"consent", "occupations", "self_declared", "languages", "places", "work_authorisation", "visible", "held"} {
		if typ := raw.Lookup(field).Type; typ != bson.TypeBinary {
			t.Errorf("%s is stored as %s, want one packed value", field, typ)
		}
	}
	var stored talent.ProfileView
	e.call(t, "GET", "/me/talent", learner, nil).Want(t, 200, &stored)
	if !slices.Equal(stored.Places, in.Places) || !slices.Equal(stored.Languages, in.Languages) || stored.Visible != in.Visible ||
		!slices.Equal(stored.WorkAuthorisation.RightToWork, in.WorkAuthorisation.RightToWork) || len(stored.SelfDeclared) != 1 || stored.Consent == nil {
		t.Errorf("the profile reads back as %+v, want %+v", stored, in)
	}

	given := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := e.db.Collection("talent_profiles").InsertOne(ctx, bson.M{"_id": learner2, "in_pool": true, "version": 1, "rev": 1,
		"consent": bson.M{"version": talent.NoticeVersion, "given_at": given}, "headline": "Analyst", "country": "FR",
		"occupations": bson.A{bson.M{"id": "occ-1", "label": "Data analyst"}}, "self_declared": bson.A{bson.M{"skill": skillSQL, "label": "SQL", "level": 2}},
		"languages": bson.A{bson.M{"code": "fr", "cefr": "C2"}}, "places": bson.A{"FR"}, "imports": bson.A{},
		"work_authorisation": bson.M{"right_to_work": bson.A{"FR", "BE"}, "needs_permit": false},
		"visible":            bson.M{"headline": true, "languages": true, "location": false, "availability": false, "self_declared": true}}); err != nil {
		t.Fatal(err)
	}
	var before talent.ProfileView
	e.call(t, "GET", "/me/talent", learner2, nil).Want(t, 200, &before)
	if before.Consent == nil || !before.Consent.GivenAt.Equal(given) || len(before.Occupations) != 1 || before.Occupations[0].Label != "Data analyst" ||
		len(before.SelfDeclared) != 1 || before.SelfDeclared[0].Level != 2 || !slices.Equal(before.Languages, []matching.Language{{Code: "fr", CEFR: "C2"}}) ||
		!slices.Equal(before.Places, []string{"FR"}) || !slices.Equal(before.WorkAuthorisation.RightToWork, []string{"FR", "BE"}) ||
		before.Visible != (talent.Visibility{Headline: true, Languages: true, SelfDeclared: true}) {
		t.Errorf("a profile stored unpacked reads as %+v", before)
	}
}
