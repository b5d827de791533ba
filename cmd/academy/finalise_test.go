package main

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/content"
	"academy/jobs"
	"academy/services/competitions"
	"academy/services/credentials"
	"academy/services/kit/events"
)

// TestThirtySimultaneousFinalisesAwardOneSetOfCredentials has the seed's
// finished competition's host finalise it thirty times at once, through
// the real HTTP stack, with the worker delivering the events: one request
// finalises, the others are told why not, and the sample participants get
// one set of credentials.
func TestThirtySimultaneousFinalisesAwardOneSetOfCredentials(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	ctx := context.Background()
	_, runs, err := ta.seed(ctx, content.Files())
	if err != nil {
		t.Fatal(err)
	}
	// The samples enter and are scored as a first start has them, but the
	// host, not the seed, finalises.
	var slug string
	for _, r := range runs {
		slug = r.Slug
		entries := make([]competitions.SampleEntry, len(r.Participants))
		for i, p := range r.Participants {
			id, err := ta.identity.EnsureSampleAccount(ctx, p.Email, p.Name)
			if err != nil {
				t.Fatal(err)
			}
			entries[i] = p.Entry
			entries[i].UserID = id
		}
		ids, err := ta.comps.SeedSamples(ctx, r.Slug, entries)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if err := ta.comps.ScoreSubmission(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(runs) != 1 || slug != "seattle-weather-temperature" {
		t.Fatalf("the seed finishes %d competitions (%s), want the Seattle weather one", len(runs), slug)
	}
	if _, err := ta.identity.CreateAdmin(ctx, "admin@example.org", "Admin", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	var signedIn tokenPair
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "admin@example.org", "password": "correct horse battery"}, &signedIn); resp.StatusCode != 200 {
		t.Fatalf("login = %d", resp.StatusCode)
	}

	answers := burst(t, base, repeat(30, burstRequest{method: "POST", path: "/api/v1/competitions/" + slug + "/finalise", token: signedIn.AccessToken}))
	if got := statuses(answers); got[202] != 1 || got[409] != 29 {
		t.Fatalf("statuses %v, want one 202 and 29 409", got)
	}
	for _, a := range answers {
		if a.status != 409 {
			continue
		}
		var p struct{ Code string }
		a.decode(t, &p)
		if p.Code != "competition-finalised" && p.Code != "finalisation-in-progress" {
			t.Fatalf("a second finalise is told %q", p.Code)
		}
	}
	if n, err := ta.p.db.Collection("events").CountDocuments(ctx, bson.M{"type": events.CompetitionFinalised}); err != nil || n != 1 {
		t.Fatalf("%d CompetitionFinalised events (%v), want 1", n, err)
	}

	worker := jobs.NewWorker(ta.p.redis, 4, ta.log)
	ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)
	awarded := bson.M{"source_kind": bson.M{"$in": []string{credentials.SourceCompetitionParticipation, credentials.SourceCompetitionPlacement}}}
	// Six participations, the winner's place and a top 25 % place (2nd of 6).
	const want = 8
	count := func() int64 {
		n, err := ta.p.db.Collection("credentials").CountDocuments(ctx, awarded)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(time.Minute)
	for count() < want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// Whatever else the queue holds is given time to award more, which it must not.
	time.Sleep(2 * time.Second)
	if n := count(); n != want {
		t.Fatalf("%d competition credentials, want %d", n, want)
	}
}
