package main

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
)

type orgAnswer struct {
	ID       string `json:"id"`
	Slug     string `json:"slug"`
	Verified bool   `json:"verified"`
	Evidence *struct {
		RegistrationNumber string `json:"registration_number"`
		EmailDomain        string `json:"email_domain"`
	} `json:"evidence"`
	RejectionReason string `json:"rejection_reason"`
}

type problemAnswer struct {
	Errors []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

// A new university submits evidence, is first rejected with a reason it
// reads, submits again and is verified; its institution profile then exists,
// so the console lists its courses and it creates one (before, both were
// refused with "no institution has the slug").
func TestVerifiedUniversityPublishesUnderItsOwnProfile(t *testing.T) {
	w := newWorld(t)
	worker := jobs.NewWorker(w.ta.p.redis, 2, w.ta.log)
	w.ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)
	_, owner := w.signUp(t, "rector@example.org")
	var org orgAnswer
	if resp := w.ta.call(t, "POST", "/api/v1/orgs", owner, map[string]any{
		"name": "Université de Lyon Sud", "kind": "university", "country": "FR", "website": "https://lyon-sud.example.org",
		"logo_url": "https://lyon-sud.example.org/logo.png", "description": "A public university.",
	}, &org); resp.StatusCode != 201 {
		t.Fatalf("create org = %d", resp.StatusCode)
	}
	evidence := "/api/v1/orgs/" + org.ID + "/evidence"

	var bad problemAnswer
	if resp := w.ta.call(t, "PUT", evidence, owner, map[string]any{"registration_number": "<script>", "email_domain": "rector@lyon-sud.example.org"}, &bad); resp.StatusCode != 400 || len(bad.Errors) != 2 {
		t.Fatalf("bad evidence = %d %+v, want 400 naming both fields", resp.StatusCode, bad)
	}
	if resp := w.ta.call(t, "PUT", evidence, owner, map[string]any{"registration_number": "FR 193 808 2125", "email_domain": "Lyon-Sud.Example.org"}, &org); resp.StatusCode != 200 ||
		org.Evidence == nil || org.Evidence.EmailDomain != "lyon-sud.example.org" {
		t.Fatalf("evidence = %d %+v", resp.StatusCode, org.Evidence)
	}

	var queue struct{ Items []orgAnswer }
	w.ta.call(t, "GET", "/api/v1/admin/orgs?verified=false", w.tokens[admin], nil, &queue)
	if len(queue.Items) != 1 || queue.Items[0].Evidence == nil || queue.Items[0].Evidence.RegistrationNumber != "FR 193 808 2125" {
		t.Fatalf("verification queue = %+v, want the university with its evidence", queue.Items)
	}
	reject := "/api/v1/admin/orgs/" + org.ID + "/reject"
	if resp := w.ta.call(t, "POST", reject, w.tokens[admin], map[string]any{"reason": "The register has no such number."}, nil); resp.StatusCode != 200 {
		t.Fatalf("reject = %d", resp.StatusCode)
	}
	w.ta.call(t, "GET", "/api/v1/orgs/"+org.ID, owner, nil, &org)
	if org.RejectionReason != "The register has no such number." {
		t.Fatalf("the owner reads rejection reason %q", org.RejectionReason)
	}
	org = orgAnswer{}
	w.ta.call(t, "PUT", evidence, owner, map[string]any{"registration_number": "FR 193 808 2126", "email_domain": "lyon-sud.example.org"}, &org)
	if org.Slug == "" || org.RejectionReason != "" {
		t.Fatalf("new evidence kept the rejection reason %q", org.RejectionReason)
	}

	if resp := w.ta.call(t, "POST", "/api/v1/admin/orgs/"+org.ID+"/verify", w.tokens[admin], nil, nil); resp.StatusCode != 200 {
		t.Fatalf("verify = %d", resp.StatusCode)
	}
	if resp := w.ta.call(t, "PUT", evidence, owner, map[string]any{"registration_number": "F", "email_domain": "lyon-sud.example.org"}, nil); resp.StatusCode != 400 {
		t.Fatalf("bad evidence after verification = %d, want 400", resp.StatusCode)
	}
	if resp := w.ta.call(t, "PUT", evidence, owner, map[string]any{"registration_number": "FR 193 808 2127", "email_domain": "lyon-sud.example.org"}, nil); resp.StatusCode != 409 {
		t.Fatalf("evidence after verification = %d, want 409", resp.StatusCode)
	}

	deadline := time.Now().Add(time.Minute)
	for {
		resp := w.ta.call(t, "GET", "/api/v1/courses?status=all&institution="+org.Slug, owner, nil, nil)
		if resp.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the console's course list = %d a minute after verification, want 200", resp.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var inst struct {
		Name    string `json:"name"`
		LogoURL string `json:"logo_url"`
		Country string `json:"country"`
	}
	if resp := w.ta.call(t, "GET", "/api/v1/institutions/"+org.Slug, "", nil, &inst); resp.StatusCode != 200 ||
		inst.Name != "Université de Lyon Sud" || inst.LogoURL != "https://lyon-sud.example.org/logo.png" || inst.Country != "FR" {
		t.Fatalf("institution = %d %+v", resp.StatusCode, inst)
	}
	course := matrixCourse("ai-basics-lyon", org.Slug)
	course["skills"] = []any{} // this test loads no taxonomy
	var created map[string]any
	if resp := w.ta.call(t, "POST", "/api/v1/courses", owner, course, &created); resp.StatusCode != 201 {
		t.Fatalf("create course = %d %v, want 201", resp.StatusCode, created)
	}
}

// Fifty requests making the same staff member owner at once count one more
// owner, not fifty: after them, the first owner may step down, and the new
// one, now the last, may not.
func TestPromotingAMemberAtOnceCountsOneOwner(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	ownerID, o := ta.signUp(t, "founder@example.org")
	staffID, s := ta.signUp(t, "heir@example.org")
	var org map[string]any
	if resp := ta.call(t, "POST", "/api/v1/orgs", o.AccessToken, map[string]any{"name": "Handover GmbH", "kind": "company", "country": "DE"}, &org); resp.StatusCode != 201 {
		t.Fatalf("create org = %d", resp.StatusCode)
	}
	orgID := org["id"].(string)
	ta.join(t, o.AccessToken, orgID, "heir@example.org", s.AccessToken, "staff")

	promote := burstRequest{method: "PUT", path: "/api/v1/orgs/" + orgID + "/members/" + staffID + "/role", token: o.AccessToken, body: map[string]any{"role": "owner"}}
	if got := statuses(burst(t, base, repeat(50, promote))); got[200] != 50 {
		t.Fatalf("50 simultaneous promotions answered %v, want 50 × 200", got)
	}
	var stored struct{ Owners int }
	if err := ta.p.db.Collection("organisations").FindOne(context.Background(), bson.M{"_id": orgID}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if stored.Owners != 2 {
		t.Fatalf("the organisation counts %d owners, want 2", stored.Owners)
	}
	if resp := ta.call(t, "PUT", "/api/v1/orgs/"+orgID+"/members/"+ownerID+"/role", o.AccessToken, map[string]any{"role": "staff"}, nil); resp.StatusCode != 200 {
		t.Fatalf("the founder steps down = %d, want 200", resp.StatusCode)
	}
	if resp := ta.call(t, "PUT", "/api/v1/orgs/"+orgID+"/members/"+staffID+"/role", s.AccessToken, map[string]any{"role": "staff"}, nil); resp.StatusCode != 409 {
		t.Fatalf("the last owner steps down = %d, want 409", resp.StatusCode)
	}
	if resp := ta.call(t, "PUT", "/api/v1/orgs/"+orgID+"/members/"+staffID+"/role", o.AccessToken, map[string]any{"role": "owner"}, nil); resp.StatusCode != 403 {
		t.Fatalf("a former owner promotes = %d, want 403", resp.StatusCode)
	}
	if resp := ta.call(t, "PUT", "/api/v1/orgs/"+orgID+"/members/"+ownerID+"/role", s.AccessToken, map[string]any{"role": "admin"}, nil); resp.StatusCode != 400 {
		t.Fatalf("an unknown role = %d, want 400", resp.StatusCode)
	}
}
