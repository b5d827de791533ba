package main

import (
	"bytes"
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/bson"
)

// The two last administrators removing each other and themselves, thirty
// requests at once, leave exactly one administrator: the others are
// answered 409 last-administrator, or 401 once their own removal ended
// their session, and the guard's count matches the administrators left.
func TestLastAdministratorStays(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	w := &world{ta: ta}
	ids := make([]string, 2)
	tokens := make([]string, 2)
	for i, email := range []string{"first-admin@example.org", "second-admin@example.org"} {
		u, err := ta.identity.CreateAdmin(context.Background(), email, "Admin", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		ids[i], tokens[i] = u.ID, w.signIn(t, email)
	}
	const n = 30
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "DELETE", path: "/api/v1/admin/users/" + ids[(i/2)%2] + "/administrator", token: tokens[i%2]}
	}
	answers := burst(t, base, reqs)
	got := statuses(answers)
	admins, err := ta.p.db.Collection("users").CountDocuments(context.Background(), bson.M{"admin": true})
	if err != nil {
		t.Fatal(err)
	}
	if admins != 1 || got[200] < 1 || got[409] < 1 || got[200]+got[409]+got[401] != n {
		t.Fatalf("%d removals of the last two administrators answered %v and left %d administrators; want one left", n, got, admins)
	}
	for _, a := range answers {
		if a.status == 409 && !bytes.Contains(a.body, []byte("last-administrator")) {
			t.Errorf("a refused removal was answered %s, want the last-administrator problem", a.body)
		}
	}
	var counter struct{ Count int64 }
	if err := ta.p.db.Collection("platform_counters").FindOne(context.Background(), bson.M{"_id": "administrators"}).Decode(&counter); err != nil {
		t.Fatal(err)
	}
	if counter.Count != 1 {
		t.Fatalf("the guard counts %d administrators, one remains", counter.Count)
	}
	var audit struct {
		Items []struct{ Action string }
	}
	var survivor string
	for i, token := range tokens {
		if resp := ta.call(t, "GET", "/api/v1/admin/audit?action=user.revoke_admin", token, nil, &audit); resp.StatusCode == 200 {
			survivor = ids[i]
		}
	}
	if survivor == "" || len(audit.Items) != 1 {
		t.Fatalf("after the removals: survivor %q, %d removals audited; want one of each", survivor, len(audit.Items))
	}
}
