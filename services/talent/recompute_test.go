package talent_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/events"
	"academy/services/kit/mongokit"
	"academy/services/talent"
)

// readModels is every stored match (without the time it was stored) and
// every ranking's entries (matches apart), by _id.
type readModels struct {
	Matches  map[string]talent.StoredMatch
	Rankings map[string][]talent.Ranked
}

func (e *env) readModels(t *testing.T) readModels {
	t.Helper()
	ctx := context.Background()
	rm := readModels{Matches: map[string]talent.StoredMatch{}, Rankings: map[string][]talent.Ranked{}}
	var ranks []struct {
		ID      string                           `bson:"_id"`
		Entries mongokit.Packed[[]talent.Ranked] `bson:"entries"`
	}
	cur, err := e.db.Collection("talent_ranks").Find(ctx, bson.M{})
	if err != nil || cur.All(ctx, &ranks) != nil {
		t.Fatalf("read the rankings: %v", err)
	}
	for _, r := range ranks {
		if len(r.Entries.V) == 0 {
			continue
		}
		for i, x := range r.Entries.V {
			if userID, ok := strings.CutPrefix(r.ID, "candidate:"); ok && x.Match != nil {
				rm.Matches[x.ID+"|"+userID] = talent.StoredMatch{ID: x.ID + "|" + userID, OpeningID: x.ID, UserID: userID, Match: *x.Match}
			}
			r.Entries.V[i].Match, r.Entries.V[i].At = nil, time.Time{}
		}
		rm.Rankings[r.ID] = r.Entries.V
	}
	return rm
}

// A full recompute finds what matching each credential as it was issued
// found: the same matches, explained the same, ranked the same; and it
// drops a match that no longer holds.
func TestRecomputeAllAgreesWithIncrementalMatching(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	learner3 := "learner-3"
	for _, u := range []string{learner, learner2, learner3} {
		e.join(t, u)
	}
	goOpening := e.publishOpening(t, hrAcme, acme)
	var sqlOpening talent.OpeningView
	in := openingInput()
	in.Title, in.Skills = "Data engineer", []talent.RequiredSkill{{Skill: skillSQL, Essential: true}, {Skill: skillGo}}
	e.call(t, "POST", "/orgs/"+beta+"/openings", hrBeta, in).Want(t, 201, &sqlOpening)
	e.call(t, "POST", "/orgs/"+beta+"/openings/"+sqlOpening.ID+"/publish", hrBeta, nil).Want(t, 200, &sqlOpening)
	if err := e.svc.MatchOpening(ctx, sqlOpening.ID); err != nil {
		t.Fatal(err)
	}

	issued := map[string][]talent.HeldCredential{
		learner:  {goCredential("cred-go-1"), {ID: "cred-ml-1", Title: "Machine learning", Skills: []string{skillML}}},
		learner2: {goCredential("cred-go-2"), {ID: "cred-sql-2", Title: "SQL", Skills: []string{skillSQL}}},
		learner3: {{ID: "cred-sql-3", Title: "SQL", Skills: []string{skillSQL}}},
	}
	for u, creds := range issued {
		for _, c := range creds {
			e.wallet.give(u, c)
			e.credentialEvent(t, events.CredentialIssued, u, c.ID, "active")
		}
	}
	for _, ti := range e.matchTasks(t) {
		if err := e.svc.HandleMatchTask(ctx, asynq.NewTask(ti.Type, ti.Payload)); err != nil {
			t.Fatal(err)
		}
	}
	if got := e.matchesOf(t, hrAcme, acme, goOpening.ID); len(got) != 2 {
		t.Fatalf("the Go opening lists %d candidates after the credentials, want 2", len(got))
	}
	if got := e.matchesOf(t, hrBeta, beta, sqlOpening.ID); len(got) != 2 {
		t.Fatalf("the SQL opening lists %d candidates after the credentials, want 2", len(got))
	}
	incremental := e.readModels(t)
	if len(incremental.Matches) != 4 {
		t.Fatalf("%d matches stored, want 4", len(incremental.Matches))
	}

	if _, err := e.db.Collection("talent_ranks").DeleteMany(ctx, bson.M{}); err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.RecomputeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Openings != 2 || r.Candidates != 3 || r.Matches != 4 {
		t.Fatalf("recomputed %+v, want 2 openings × 3 candidates and 4 matches", r)
	}
	recomputed := e.readModels(t)
	for id, m := range incremental.Matches {
		if got, ok := recomputed.Matches[id]; !ok || !reflect.DeepEqual(got, m) {
			t.Errorf("match %s: recomputed %+v, incrementally %+v", id, got, m)
		}
	}
	for id := range recomputed.Matches {
		if _, ok := incremental.Matches[id]; !ok {
			t.Errorf("match %s recomputed, never found incrementally", id)
		}
	}
	if !reflect.DeepEqual(recomputed.Rankings, incremental.Rankings) {
		t.Errorf("rankings recomputed %+v, incrementally %+v", recomputed.Rankings, incremental.Rankings)
	}

	// A credential revoked whose matching task was lost: the recompute
	// reads the holder's credentials again and drops the match it earned
	// from the store and from both rankings.
	e.wallet.revoke(learner3, "cred-sql-3")
	e.credentialEvent(t, events.CredentialStatusChanged, learner3, "cred-sql-3", "revoked")
	e.loseMatchTasks(t)
	if _, err := e.svc.RecomputeAll(ctx); err != nil {
		t.Fatal(err)
	}
	after := e.readModels(t)
	if _, ok := after.Matches[sqlOpening.ID+"|"+learner3]; ok || len(after.Matches) != 3 {
		t.Errorf("after the revocation %d matches are stored, want 3 without %s's", len(after.Matches), learner3)
	}
	if got := e.matchesOf(t, hrBeta, beta, sqlOpening.ID); len(got) != 1 {
		t.Errorf("after the revocation the SQL opening lists %d candidates, want 1", len(got))
	}
	if got := after.Rankings["candidate:"+learner3]; len(got) != 0 {
		t.Errorf("after the revocation %s is ranked for %+v, want nothing", learner3, got)
	}

	// An opening closed with no matching since: the recompute takes it out
	// of its candidates' rankings, and empties its own.
	e.call(t, "POST", "/orgs/"+acme+"/openings/"+goOpening.ID+"/close", hrAcme, nil).Want(t, 200, nil)
	if got := e.readModels(t).Rankings["opening:"+goOpening.ID]; len(got) != 2 {
		t.Fatalf("before matching the closed opening ranks %+v, want its two candidates still", got)
	}
	if _, err := e.svc.RecomputeAll(ctx); err != nil {
		t.Fatal(err)
	}
	closed := e.readModels(t)
	for id, entries := range closed.Rankings {
		if slices.ContainsFunc(entries, func(x talent.Ranked) bool { return x.ID == goOpening.ID }) {
			t.Errorf("after the recompute %s still lists the closed opening: %+v", id, entries)
		}
	}
	if got := closed.Rankings["opening:"+goOpening.ID]; len(got) != 0 {
		t.Errorf("after the recompute the closed opening ranks %+v, want nobody", got)
	}
	if len(closed.Matches) != 1 {
		t.Errorf("after the recompute %d matches are stored, want the SQL opening's one", len(closed.Matches))
	}
}

// A recompute, or the matching of an opening, that cannot read one
// person's credentials stops with that error (the opening's matching
// reads several people at once; the recompute every credential at once)
// and leaves the rankings to the next pass, which finds every match.
func TestRecomputeStopsAtAFailedReadAndTheNextOneFinishes(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	learners := []string{learner, learner2}
	for i := range 10 {
		learners = append(learners, fmt.Sprintf("learner-%02d", i+3))
	}
	for i, u := range learners {
		e.join(t, u)
		e.wallet.give(u, goCredential(fmt.Sprintf("cred-go-%d", i)))
	}
	opening := e.publishOpening(t, hrAcme, acme)
	broken := errors.New("the credentials context is down")
	e.wallet.breakFor(learners[7], broken)
	stop, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := e.svc.RecomputeAll(stop); !errors.Is(err, broken) {
		t.Fatalf("the recompute ended with %v, want the failed read's error", err)
	}
	if err := e.svc.MatchOpening(stop, opening.ID); !errors.Is(err, broken) {
		t.Fatalf("matching the opening ended with %v, want the failed read's error", err)
	}
	e.wallet.breakFor(learners[7], nil)
	r, err := e.svc.RecomputeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Candidates != len(learners) || r.Matches != len(learners) {
		t.Fatalf("recomputed %+v, want %d candidates each matched once", r, len(learners))
	}
	if got := len(e.readModels(t).Matches); got != len(learners) {
		t.Errorf("%d matches stored, want %d", got, len(learners))
	}
}

// A recompute matches a person whose last change matching has seen with
// the credentials that matching read, not with a read of every credential
// made before (made for the others, whom matching has not seen): it does
// not bring back the match a revocation removed.
func TestRecomputeKeepsAMatchingNewerThanItsRead(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.join(t, learner)
	for i := range 3 {
		e.join(t, fmt.Sprintf("learner-unmatched-%d", i))
	}
	opening := e.publishOpening(t, hrAcme, acme)
	e.wallet.give(learner, goCredential("cred-go-1"))
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	if got := e.matchesOf(t, hrAcme, acme, opening.ID); len(got) != 1 {
		t.Fatalf("the opening lists %d candidates with the credential, want 1", len(got))
	}
	e.wallet.early = map[string][]talent.HeldCredential{learner: {goCredential("cred-go-1")}}
	e.wallet.revoke(learner, "cred-go-1")
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	r, err := e.svc.RecomputeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if e.wallet.wholeReads != 1 {
		t.Fatalf("the recompute read every credential %d times, want once, for those matching has not seen", e.wallet.wholeReads)
	}
	if r.Matches != 0 {
		t.Errorf("the recompute found %d matches, want none: the credential was revoked", r.Matches)
	}
	if got := e.matchesOf(t, hrAcme, acme, opening.ID); len(got) != 0 {
		t.Errorf("the opening lists %v after the recompute, want nobody", got)
	}
	if n := len(e.readModels(t).Matches); n != 0 {
		t.Errorf("%d matches stored, want none", n)
	}
}

// What matching does while a full recompute runs stands: a person who
// withdraws, or erases their profile, after the pass read the pool is in
// no ranking and has no match once it ends.
func TestRecomputeKeepsWhatMatchingDidWhileItRan(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	leaver, eraser := "learner-leaves", "learner-erases"
	people := []string{learner, leaver, eraser}
	for _, u := range people {
		e.join(t, u)
		e.wallet.give(u, goCredential("cred-go-"+u))
	}
	opening := e.publishOpening(t, hrAcme, acme)
	for _, u := range people {
		if err := e.svc.MatchCandidate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(e.readModels(t).Matches); n != 3 {
		t.Fatalf("%d matches stored before the recompute, want 3", n)
	}
	// A credential issued to the learner, not matched yet: the pass reads
	// the credentials after the profiles, when the two others leave.
	e.wallet.give(learner, goCredential("cred-go-2-"+learner))
	e.credentialEvent(t, events.CredentialIssued, learner, "cred-go-2-"+learner, "active")
	e.loseMatchTasks(t)
	e.wallet.meanwhile = func() {
		if got := e.http.Status("DELETE", "/me/talent/consent", leaver, nil); got != 200 {
			t.Errorf("withdrawing during the recompute answered %d", got)
		}
		if got := e.http.Status("DELETE", "/me/talent", eraser, nil); got != 204 {
			t.Errorf("erasing during the recompute answered %d", got)
		}
	}
	if _, err := e.svc.RecomputeAll(ctx); err != nil {
		t.Fatal(err)
	}
	if e.wallet.meanwhile != nil {
		t.Fatal("the recompute never read the credentials of the learner matching had not seen")
	}
	rm := e.readModels(t)
	if _, ok := rm.Matches[opening.ID+"|"+learner]; !ok || len(rm.Matches) != 1 {
		t.Errorf("after the recompute %d matches are stored, want the learner's only", len(rm.Matches))
	}
	if got := rm.Rankings["opening:"+opening.ID]; len(got) != 1 || got[0].ID != learner {
		t.Errorf("after the recompute the opening ranks %+v, want the learner only", got)
	}
	for _, u := range []string{leaver, eraser} {
		if got, ok := rm.Rankings["candidate:"+u]; ok {
			t.Errorf("%s left during the recompute and is ranked for %+v", u, got)
		}
	}
	if n := e.count(t, "talent_lists", bson.M{"_id": bson.M{"$regex": "^recompute:"}}); n != 0 {
		t.Errorf("%d notes of the recompute left behind, want none", n)
	}
}

// credentialEvent hands the talent pool an event of the credentials
// context about a learner's credential, as the outbox does.
func (e *env) credentialEvent(t *testing.T, eventType, userID, credentialID, status string) {
	t.Helper()
	ev, err := events.New(eventType, events.CredentialData{CredentialID: credentialID, LearnerID: userID, Status: status}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.HandleCredentialEvent(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

// loseMatchTasks drops the matching tasks waiting, as a queue lost with
// its process loses them.
func (e *env) loseMatchTasks(t *testing.T) {
	t.Helper()
	for _, ti := range e.matchTasks(t) {
		if err := e.tasks.DeleteTask(ti.Queue, ti.ID); err != nil {
			t.Fatal(err)
		}
	}
}

// A full recompute reads the credentials only of those whose last change
// matching has not seen, each on their own when they are few: a credential
// revoked whose matching task was lost stops counting, and the matching
// reconciler enqueues that person's matching again. A credential event
// whose outcome matching has read already changes nothing.
func TestRecomputeReadsTheCredentialsMatchingHasNotSeen(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var people []string
	for i := range 8 {
		u := fmt.Sprintf("learner-%d", i)
		people = append(people, u)
		e.join(t, u)
		e.wallet.give(u, goCredential("cred-go-"+u))
		if err := e.svc.MatchCandidate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	opening := e.publishOpening(t, hrAcme, acme)
	// An event that matching has seen the outcome of, delivered again:
	// nothing to match.
	e.credentialEvent(t, events.CredentialIssued, people[0], "cred-go-"+people[0], "active")
	if tasks := e.matchTasks(t); len(tasks) != 0 {
		t.Fatalf("a credential event matching had seen enqueued %d matching tasks, want none", len(tasks))
	}
	revoked := people[3]
	e.wallet.revoke(revoked, "cred-go-"+revoked)
	e.credentialEvent(t, events.CredentialStatusChanged, revoked, "cred-go-"+revoked, "revoked")
	e.loseMatchTasks(t)

	r, err := e.svc.RecomputeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Candidates != len(people) || r.Matches != len(people)-1 {
		t.Errorf("recomputed %+v, want %d candidates and %d matches", r, len(people), len(people)-1)
	}
	if got := e.readModels(t).Rankings["opening:"+opening.ID]; len(got) != len(people)-1 || slices.ContainsFunc(got, func(x talent.Ranked) bool { return x.ID == revoked }) {
		t.Errorf("after the recompute the opening ranks %+v, want everyone but %s", got, revoked)
	}
	if e.wallet.wholeReads != 0 {
		t.Errorf("the recompute read every credential %d times, want only %s's", e.wallet.wholeReads, revoked)
	}

	n, err := e.svc.ReconcileMatching(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tasks := e.matchTasks(t)
	if n != 1 || len(tasks) != 1 || !strings.Contains(string(tasks[0].Payload), revoked) {
		t.Fatalf("the reconciler enqueued %d matching tasks %v, want %s's", n, tasks, revoked)
	}
	if err := e.svc.HandleMatchTask(ctx, asynq.NewTask(tasks[0].Type, tasks[0].Payload)); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.ReconcileMatching(ctx); err != nil || n != 0 {
		t.Errorf("the reconciler enqueued %d more after the matching (%v), want none", n, err)
	}
}

// A credential that expired since matching read it stops counting at the
// next recompute, though nothing was recorded when it expired.
func TestRecomputeDropsACredentialExpiredSinceMatching(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.join(t, learner)
	until := time.Now().Add(time.Hour)
	expiring := goCredential("cred-go-expiring")
	expiring.ValidUntil = &until
	e.wallet.give(learner, expiring)
	if err := e.svc.MatchCandidate(ctx, learner); err != nil {
		t.Fatal(err)
	}
	opening := e.publishOpening(t, hrAcme, acme)
	if got := e.matchesOf(t, hrAcme, acme, opening.ID); len(got) != 1 {
		t.Fatalf("the opening lists %d candidates while the credential is valid, want 1", len(got))
	}
	e.ahead.Store(int64(2 * time.Hour))
	r, err := e.svc.RecomputeAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Candidates != 1 || r.Matches != 0 {
		t.Errorf("recomputed %+v after the credential expired, want 1 candidate and no match", r)
	}
	if got := e.matchesOf(t, hrAcme, acme, opening.ID); len(got) != 0 {
		t.Errorf("the opening lists %+v after the credential expired, want nobody", got)
	}
}

// A pass that stopped without ending (its process killed) after writing
// back someone who withdrew meanwhile is ended by the matching reconciler:
// what it noted is matched again, and it takes no more notes.
func TestAPassThatStoppedIsEndedByTheReconciler(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	leaver := "learner-leaves"
	for _, u := range []string{learner, leaver} {
		e.join(t, u)
		e.wallet.give(u, goCredential("cred-go-"+u))
	}
	opening := e.publishOpening(t, hrAcme, acme)
	for _, u := range []string{learner, leaver} {
		if err := e.svc.MatchCandidate(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	ranks := e.db.Collection("talent_ranks")
	var written []bson.Raw
	for _, id := range []string{"candidate:" + leaver, "opening:" + opening.ID} {
		doc, err := ranks.FindOne(ctx, bson.M{"_id": id}).Raw()
		if err != nil {
			t.Fatal(err)
		}
		written = append(written, doc)
	}
	lists := e.db.Collection("talent_lists")
	if _, err := lists.InsertOne(ctx, bson.M{"_id": "recompute:stopped", "open": true, "until": time.Now().Add(-time.Minute), "people": []string{}, "openings": []string{}}); err != nil {
		t.Fatal(err)
	}
	if _, err := lists.InsertOne(ctx, bson.M{"_id": "recomputes", "ids": []string{"stopped"}}); err != nil {
		t.Fatal(err)
	}
	// The withdrawal noted itself while the pass ran, which then wrote
	// its rankings from an earlier read.
	if _, err := lists.UpdateOne(ctx, bson.M{"_id": "recompute:stopped"}, bson.M{"$set": bson.M{"until": time.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	e.call(t, "DELETE", "/me/talent/consent", leaver, nil).Want(t, 200, nil)
	for _, doc := range written {
		if _, err := ranks.ReplaceOne(ctx, bson.M{"_id": doc.Lookup("_id").StringValue()}, doc, options.Replace().SetUpsert(true)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := lists.UpdateOne(ctx, bson.M{"_id": "recompute:stopped"}, bson.M{"$set": bson.M{"until": time.Now().Add(-time.Minute)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ReconcileMatching(ctx); err != nil {
		t.Fatal(err)
	}
	rm := e.readModels(t)
	if got := rm.Rankings["opening:"+opening.ID]; len(got) != 1 || got[0].ID != learner {
		t.Errorf("after the reconciler the opening ranks %+v, want the learner only", got)
	}
	if got, ok := rm.Rankings["candidate:"+leaver]; ok {
		t.Errorf("after the reconciler %s, who withdrew, is ranked for %+v", leaver, got)
	}
	if n := e.count(t, "talent_lists", bson.M{"_id": "recompute:stopped"}); n != 0 {
		t.Error("the stopped pass's notes are still kept")
	}
	var listed struct{ IDs []string }
	if err := lists.FindOne(ctx, bson.M{"_id": "recomputes"}).Decode(&listed); err != nil || len(listed.IDs) != 0 {
		t.Errorf("passes listed after the reconciler: %v (%v), want none", listed.IDs, err)
	}
}
