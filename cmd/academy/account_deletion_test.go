package main

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/events"
)

// A member of a company's team who is in the talent pool deletes her
// account with 30 requests at once: one deletes it, leaving a tombstone,
// and records one AccountDeleted fact; once it reaches them, the team and
// the talent pool forget her, her address may open a new account, and the
// old password and a session from before open nothing.
func TestAccountDeletionErasesThePersonEverywhere(t *testing.T) {
	tw := newTeamWorld(t)
	ctx := context.Background()
	base := tw.ta.listen(t)
	if resp := tw.ta.call(t, "POST", "/api/v1/me/talent/consent", tw.adaTok, map[string]any{"notice_version": "2026-12"}, nil); resp.StatusCode != 200 {
		t.Fatalf("join the pool = %d", resp.StatusCode)
	}

	for _, bad := range []struct {
		name string
		body any
		want int
	}{
		{"no password", map[string]any{}, 400},
		{"wrong password", map[string]any{"password": "not the password"}, 400},
	} {
		if resp := tw.ta.call(t, "POST", "/api/v1/me/deletion", tw.adaTok, bad.body, nil); resp.StatusCode != bad.want {
			t.Errorf("%s = %d, want %d", bad.name, resp.StatusCode, bad.want)
		}
	}
	if resp := tw.ta.call(t, "POST", "/api/v1/me/deletion", tw.tokens[ownerStaff], map[string]any{"password": "correct horse battery"}, nil); resp.StatusCode != 409 {
		t.Errorf("the last owner of organisations deletes her account = %d, want 409 last-owner", resp.StatusCode)
	}
	if resp := tw.ta.call(t, "POST", "/api/v1/me/deletion", tw.tokens[admin], map[string]any{"password": "correct horse battery"}, nil); resp.StatusCode != 409 {
		t.Errorf("an administrator deletes her account = %d, want 409", resp.StatusCode)
	}

	var team struct {
		Members []struct {
			UserID string `json:"user_id"`
		} `json:"members"`
	}
	tw.owner(t, "GET", "/team", nil, 200, &team)
	if !slices.ContainsFunc(team.Members, func(m struct {
		UserID string `json:"user_id"`
	}) bool {
		return m.UserID == tw.ada
	}) {
		t.Fatalf("the team %+v does not list Ada before she deletes her account", team)
	}

	var before tokenPair
	if resp := tw.ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "ada.employee@example.org", "password": "correct horse battery"}, &before); resp.StatusCode != 200 {
		t.Fatalf("sign in before deleting = %d", resp.StatusCode)
	}

	answers := burst(t, base, repeat(30, burstRequest{method: "POST", path: "/api/v1/me/deletion", token: tw.adaTok, body: map[string]any{"password": "correct horse battery"}}))
	got := statuses(answers)
	if got[204] != 1 {
		t.Fatalf("30 deletions at once answered %v, want exactly one 204", got)
	}
	for status := range got {
		if status != 204 && status != 401 && status != 404 && status != 429 && status != 503 {
			t.Errorf("30 deletions at once answered %v: %d is neither the deletion nor a refusal (gone, or throttled as sign-ins are)", got, status)
		}
	}
	cur, err := tw.ta.p.db.Collection("events").Find(ctx, bson.M{"type": events.AccountDeleted})
	if err != nil {
		t.Fatal(err)
	}
	var recorded []events.Event
	if err := cur.All(ctx, &recorded); err != nil {
		t.Fatal(err)
	}
	if len(recorded) != 1 {
		t.Fatalf("%d AccountDeleted events recorded, want 1", len(recorded))
	}
	if n, err := tw.ta.p.db.Collection("account_deletions").CountDocuments(ctx, bson.M{"_id": tw.ada}); err != nil || n != 1 {
		t.Fatalf("%d tombstones of the deletion (%v), want 1", n, err)
	}
	// Delivered twice, as a redelivery would: erasing is idempotent.
	for range 2 {
		if err := tw.ta.talent.HandleAccountDeleted(ctx, recorded[0]); err != nil {
			t.Fatal(err)
		}
		if err := tw.ta.teams.HandleAccountDeleted(ctx, recorded[0]); err != nil {
			t.Fatal(err)
		}
		if err := tw.ta.identity.HandleAccountDeleted(ctx, recorded[0]); err != nil {
			t.Fatal(err)
		}
	}

	if resp := tw.ta.call(t, "GET", "/api/v1/me", tw.adaTok, nil, nil); resp.StatusCode != 401 {
		t.Errorf("her access token after deletion = %d, want 401", resp.StatusCode)
	}
	if resp := tw.ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "ada.employee@example.org", "password": "correct horse battery"}, nil); resp.StatusCode != 401 {
		t.Errorf("sign-in with the deleted account's password = %d, want 401", resp.StatusCode)
	}
	if resp := tw.ta.call(t, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": before.RefreshToken}, nil); resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("a refresh token from before the deletion = %d %s, want 401 problem+json", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	team.Members = nil
	tw.owner(t, "GET", "/team", nil, 200, &team)
	for _, m := range team.Members {
		if m.UserID == tw.ada {
			t.Errorf("the company's team still lists the deleted account")
		}
	}
	if n, err := tw.ta.p.db.Collection("talent_profiles").CountDocuments(ctx, bson.M{"_id": tw.ada}); err != nil || n != 0 {
		t.Errorf("%d talent profiles left for the deleted account (%v)", n, err)
	}
	var doc bson.M
	if err := tw.ta.p.db.Collection("users").FindOne(ctx, bson.M{"_id": tw.ada}).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"email", "display_name", "password_hash"} {
		if v := fmt.Sprint(doc[field]); v != "" {
			t.Errorf("the deleted account keeps its %s %q", field, v)
		}
	}
	again, _ := tw.ta.signUp(t, "ada.employee@example.org")
	if again == tw.ada {
		t.Error("the address opened the deleted account again")
	}
}
