package main

import (
	"context"
	"reflect"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/content"
	"academy/services/credentials"
	"academy/services/kit/auth"
	"academy/services/kit/mongokit"
	"academy/services/search"
	"academy/services/talent"
	"academy/services/talent/sample"
)

// The talent samples load as verified companies in several countries, open
// openings and a pool of learners whose credentials were issued as course
// completions', and the openings have matches; deleting them leaves no
// account, organisation, credential, profile, ledger entry, match or index
// entry behind.
func TestTalentSamplesLoadAndDelete(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	data, r := loadFewSamples(t, ta)
	if r.companies < 5 || r.open < 15 || r.learners != 12 || r.credentials < r.learners {
		t.Fatalf("loaded %+v, want at least 5 companies, 15 open openings, the 12 learners each with a credential", r)
	}
	db := ta.p.db
	count := func(coll string, filter bson.M) int64 {
		t.Helper()
		n, err := db.Collection(coll).CountDocuments(ctx, filter)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	countries := map[string]bool{}
	for _, c := range data.Companies {
		var org struct {
			Kind       string     `bson:"kind"`
			Country    string     `bson:"country"`
			VerifiedAt *time.Time `bson:"verified_at"`
		}
		if err := db.Collection("organisations").FindOne(ctx, bson.M{"slug": c.Slug}).Decode(&org); err != nil {
			t.Fatalf("company %s: %v", c.Slug, err)
		}
		if org.Kind != "company" || org.VerifiedAt == nil {
			t.Errorf("company %s is a %s, verified %v", c.Slug, org.Kind, org.VerifiedAt)
		}
		countries[org.Country] = true
	}
	if len(countries) < 4 {
		t.Errorf("the companies are in %d countries, want 4 or more", len(countries))
	}
	if n := count("credentials", bson.M{"source_kind": credentials.SourceCourseCompletion}); n != int64(r.credentials) {
		t.Errorf("%d credentials for course completions, want %d", n, r.credentials)
	}
	matched := 0
	for _, o := range data.Openings {
		var rank storedRanking
		if err := db.Collection("talent_ranks").FindOne(ctx, bson.M{"_id": "opening:sample-" + o.ID}).Decode(&rank); err == nil && len(rank.Entries.V) > 0 {
			matched++
		}
	}
	if matched < len(data.Openings)/2 {
		t.Errorf("%d of %d sample openings have matches", matched, len(data.Openings))
	}
	found, err := ta.talentIndex.Search(ctx, search.Query{Filters: map[string][]string{search.FacetType: {search.TypeTalent}}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if found.Total != r.learners {
		t.Errorf("the talent index holds %d candidates, want %d", found.Total, r.learners)
	}
	// Loading again adds nothing.
	if _, err := ta.loadTalentSamples(ctx, data, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := count("talent_profiles", bson.M{}); n != int64(r.learners) {
		t.Errorf("%d profiles after loading twice, want %d", n, r.learners)
	}

	d, err := ta.deleteTalentSamples(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if d.learners != r.learners || d.openings != r.openings || d.companies != r.companies || d.credentials != r.credentials {
		t.Errorf("deleted %+v, want what was loaded: %+v", d, r)
	}
	for coll, filter := range map[string]bson.M{
		"users": {"email": bson.M{"$regex": data.Learners.EmailDomain + "$"}}, "organisations": {"created_by": "seed", "kind": "company"},
		"credentials": {}, "credential_sources": {}, "credential_documents": {}, "learner_credentials": {"ids.0": bson.M{"$exists": true}}, "talent_profiles": {}, "talent_consents": {},
		"talent_openings": {}, "talent_lists": {"ids.0": bson.M{"$exists": true}},
	} {
		if n := count(coll, filter); n != 0 {
			t.Errorf("%d documents left in %s after the deletion", n, coll)
		}
	}
	ranks, err := mongokit.FindAll[storedRanking](ctx, db.Collection("talent_ranks"), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ranks {
		if len(r.Entries.V) > 0 {
			t.Errorf("the ranking %s keeps %d entries after the deletion", r.ID, len(r.Entries.V))
		}
	}
	found, err = ta.talentIndex.Search(ctx, search.Query{Filters: map[string][]string{search.FacetType: {search.TypeTalent}}, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if found.Total != 0 {
		t.Errorf("the talent index still holds %d candidates", found.Total)
	}
}

// loadFewSamples loads the talent samples with 12 of their learners: the
// files' 240 are checked by the sample package; a few here go the same way.
func loadFewSamples(t *testing.T, ta *testAcademy) (sample.Data, samplesReport) {
	t.Helper()
	data, err := sample.Load(content.Files())
	if err != nil {
		t.Fatal(err)
	}
	data.Learners.Count = 12
	r, err := ta.loadTalentSamples(context.Background(), data, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return data, r
}

// storedRanking is a ranking of the talent pool as stored.
type storedRanking struct {
	ID      string                           `bson:"_id"`
	Entries mongokit.Packed[[]talent.Ranked] `bson:"entries"`
}

// Every holder's credentials in force, read at once for a pass over the
// whole pool, are what reading each holder's gives: a revoked or
// suspended credential is left out of both.
func TestCredentialsInForceReadAtOnceAgreeWithEachHoldersRead(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	loadFewSamples(t, ta)
	issued, err := mongokit.FindAll[struct {
		ID        string `bson:"_id"`
		LearnerID string `bson:"learner_id"`
	}](ctx, ta.p.db.Collection("credentials"), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if len(issued) < 3 {
		t.Fatalf("%d credentials issued to the samples, want 3 or more", len(issued))
	}
	admin := auth.Principal{UserID: "an-administrator", Admin: true}
	if _, err := ta.creds.Revoke(ctx, admin, issued[0].ID, "issued in error"); err != nil {
		t.Fatal(err)
	}
	if _, err := ta.creds.Suspend(ctx, admin, issued[1].ID, "under review"); err != nil {
		t.Fatal(err)
	}
	tc := talentCredentials{creds: ta.creds, verifyBase: "http://academy.test/verify/"}
	all, err := tc.ActiveByHolder(ctx)
	if err != nil {
		t.Fatal(err)
	}
	holders := map[string]bool{}
	for _, c := range issued {
		holders[c.LearnerID] = true
	}
	inForce := 0
	for holder := range holders {
		each, err := tc.ActiveOf(ctx, holder)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(all[holder], each) {
			t.Errorf("%s's credentials read at once: %+v; read alone: %+v", holder, all[holder], each)
		}
		for _, c := range all[holder] {
			if c.ID == issued[0].ID || c.ID == issued[1].ID {
				t.Errorf("%s's revoked or suspended credential %s counts", holder, c.ID)
			}
		}
		inForce += len(all[holder])
	}
	if inForce != len(issued)-2 {
		t.Errorf("%d credentials in force, want the %d issued but the revoked and the suspended one", inForce, len(issued)-2)
	}
}
