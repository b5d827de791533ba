package credentials

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/auth"
	"academy/services/kit/events"
)

const (
	skillML     = "http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-3a4f4f4c2a11"
	skillOther  = "http://data.europa.eu/esco/skill/other"
	competition = "competition-ai-2030"
)

func TestActiveCredentialsProvingASkill(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	active := f.issue(t, "completion-1", "learner-1")
	suspended := f.issue(t, "completion-2", "learner-2")
	revoked := f.issue(t, "completion-3", "learner-3")
	a := f.awardFor("completion-4", "learner-4")
	a.ValidFor = time.Hour
	f.awards.add(a)
	expiring, err := f.svc.Issue(ctx, completion("completion-4"))
	if err != nil {
		t.Fatal(err)
	}
	b := f.awardFor("completion-5", "learner-5")
	b.Achievement.ID, b.Achievement.Slug = "course-other", "other"
	b.Achievement.Skills = []Skill{{ID: "esco-other", Label: "other", ESCOURI: skillOther}}
	f.awards.add(b)
	if _, err := f.svc.Issue(ctx, completion("completion-5")); err != nil {
		t.Fatal(err)
	}
	staff := auth.Principal{UserID: staffUni}
	if _, err := f.svc.Suspend(ctx, staff, suspended.ID, "under review"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Revoke(ctx, staff, revoked.ID, "issued in error"); err != nil {
		t.Fatal(err)
	}

	stored, err := f.svc.Credential(ctx, active.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stored.Skills, []string{skillML}) || stored.AchievementType != AchievementMicroCredential || stored.OrgID != orgUni ||
		stored.SourceKind != SourceCourseCompletion || stored.SourceID != "completion-1" || stored.LearnerID != "learner-1" {
		t.Errorf("stored beside the document: skills %v, type %s, org %s, source %s %s, learner %s",
			stored.Skills, stored.AchievementType, stored.OrgID, stored.SourceKind, stored.SourceID, stored.LearnerID)
	}

	holders := func() []string {
		t.Helper()
		list, err := f.svc.ActiveProving(ctx, skillML)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range list {
			out = append(out, e.LearnerID)
		}
		return out
	}
	if got := holders(); !slices.Equal(got, []string{"learner-1", "learner-4"}) {
		t.Errorf("active credentials proving the skill are held by %v, want learner-1 and learner-4 (suspended and revoked left out)", got)
	}
	f.clock.Advance(2 * time.Hour)
	if got := holders(); !slices.Equal(got, []string{"learner-1"}) {
		t.Errorf("after learner-4's credential %s expired, the holders are %v, want learner-1", expiring.ID, got)
	}
	if _, err := f.svc.ActiveProving(ctx, " "); err == nil {
		t.Error("asking for no skill succeeded")
	}
}

func TestCredentialEventsAreRecordedWithTheirWrites(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-1", "learner-1")
	if _, err := f.svc.Suspend(ctx, auth.Principal{UserID: staffUni}, c.ID, "under review"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Reinstate(ctx, auth.Principal{UserID: staffUni}, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	cur, err := f.store.creds.Database().Collection("events").Find(ctx, bson.M{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var recorded []events.Event
	if err := cur.All(ctx, &recorded); err != nil {
		t.Fatal(err)
	}
	// Event ids are ULIDs: in the order they were made.
	slices.SortFunc(recorded, func(a, b events.Event) int { return strings.Compare(a.ID, b.ID) })
	var got []string
	for _, ev := range recorded {
		var d events.CredentialData
		if err := ev.Decode(&d); err != nil {
			t.Fatal(err)
		}
		if d.CredentialID != c.ID || d.LearnerID != "learner-1" || d.OrgID != orgUni || !slices.Equal(d.Skills, []string{skillML}) {
			t.Errorf("%s event data %+v, want the credential's learner, issuer and skills", ev.Type, d)
		}
		got = append(got, ev.Type+":"+d.Status)
	}
	want := []string{"CredentialIssued:active", "CredentialStatusChanged:suspended", "CredentialStatusChanged:active"}
	if !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	var raw bson.M
	if err := f.store.creds.FindOne(ctx, bson.M{"_id": c.ID}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if left, _ := raw[events.Field].(bson.M); len(left) > 0 {
		t.Errorf("the credential still holds events %v once they are published", left)
	}
}

func TestCompetitionPlacementIsExpressible(t *testing.T) {
	f := newFixture(t)
	schema := achievementCredentialSchema(t)
	_, iss := microCourse()
	src := AwardSource{Kind: "competition-placement", ID: competition + "/learner-1", LearnerID: "learner-1", SubjectID: competition, Rank: 2, Entrants: 40}
	// No context awards competitions yet: the award is issued as their
	// subscriber will, once the competitions context describes it.
	a := Award{
		Source:  src,
		Learner: Learner{ID: "learner-1", Name: "Zoë Müller", Email: "zoe@example.org"},
		Achievement: Achievement{
			ID: competition + "#placement", Slug: competition, Name: "AI Challenge 2030: second place", Type: AchievementAward, Ranked: true,
			Criteria: "Ranked second of 40 teams on the hidden test set of the AI Challenge 2030.",
			Skills:   []Skill{{ID: "esco-ml", Label: "machine learning", ESCOURI: skillML}},
		},
		Issuer: iss, Rank: 2, Entrants: 40, CompletedAt: f.clock.Now().Add(-time.Hour),
	}
	c, _, err := f.svc.issue(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(c.Document), &doc); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("the placement credential does not match the Open Badges schema: %v", err)
	}
	subject := doc["credentialSubject"].(map[string]any)
	ach := subject["achievement"].(map[string]any)
	result := subject["result"].([]any)[0].(map[string]any)
	rd := ach["resultDescription"].([]any)[0].(map[string]any)
	if ach["achievementType"] != AchievementAward || result["value"] != "2" || rd["resultType"] != "ext:Place" || result["resultDescription"] != rd["id"] {
		t.Errorf("achievement type %v, result %v, result description %v; want an Award with place 2", ach["achievementType"], result, rd)
	}
	if c.AchievementType != AchievementAward || c.SourceKind != "competition-placement" {
		t.Errorf("stored type %s, source %s; want Award from the placement", c.AchievementType, c.SourceKind)
	}
}

// Held tells what each credential was awarded for, which the talent pool
// weighs, and shows a suspension at once.
func TestHeldShowsSourceAndStatusAtOnce(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-h1", "learner-h")
	held, err := f.svc.Held(ctx, "learner-h")
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0].ID != c.ID || held[0].SourceKind != SourceCourseCompletion || held[0].Status != StatusActive {
		t.Fatalf("held %+v, want the credential, active, for a course completion", held)
	}
	if _, err := f.svc.Suspend(ctx, auth.Principal{UserID: staffUni}, c.ID, "under review"); err != nil {
		t.Fatal(err)
	}
	held, err = f.svc.Held(ctx, "learner-h")
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0].Status != StatusSuspended {
		t.Fatalf("held %+v after the suspension, want it suspended", held)
	}
}

// The certificate's facts are stored as one packed value (the talent
// pool's recompute reads every credential, and the embedded database
// spends most of such a read on each value); facts stored before as a
// document read as they were, in the holder's list and in full.
func TestCertificateFactsAreStoredPacked(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.issue(t, "completion-p1", "learner-p")
	raw, err := f.store.creds.FindOne(ctx, bson.D{{Key: "_id", Value: c.ID}}).Raw()
	if err != nil {
		t.Fatal(err)
	}
	if typ := raw.Lookup("certificate").Type; typ != bson.TypeBinary {
		t.Fatalf("the certificate is stored as %s, want one packed value", typ)
	}
	facts := c.Certificate
	if facts.AchievementName == "" || facts.InstitutionName == "" {
		t.Fatalf("the issued credential has no certificate facts: %+v", facts)
	}
	for name, stored := range map[string]any{"packed": facts, "a document": bson.M{"learner_name": facts.LearnerName, "institution_name": facts.InstitutionName,
		"country": facts.Country, "achievement_name": facts.AchievementName, "ects": facts.ECTS, "workload_hours": facts.WorkloadHours, "eqf_level": facts.EQFLevel, "grade": facts.Grade}} {
		if _, err := f.store.creds.UpdateOne(ctx, bson.D{{Key: "_id", Value: c.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "certificate", Value: stored}}}}); err != nil {
			t.Fatal(err)
		}
		held, err := f.svc.Held(ctx, "learner-p")
		if err != nil {
			t.Fatal(err)
		}
		if len(held) != 1 || held[0].Name != facts.AchievementName || held[0].InstitutionName != facts.InstitutionName {
			t.Errorf("certificate stored as %s: the holder's list shows %+v, want %q by %q", name, held, facts.AchievementName, facts.InstitutionName)
		}
		full, err := f.store.findCredential(ctx, bson.D{{Key: "_id", Value: c.ID}}, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Certificate != facts {
			t.Errorf("certificate stored as %s reads as %+v, want %+v", name, full.Certificate, facts)
		}
	}
}
