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

// Thirty suspensions of one account at once suspend it once, audited once;
// thirty verifications of one organisation verify it once, audited once.
func TestAdministrativeActionsHappenOnce(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	w := &world{ta: ta}
	if _, err := ta.identity.CreateAdmin(context.Background(), "root@example.org", "Root", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	root := w.signIn(t, "root@example.org")
	userID, owner := ta.signUp(t, "suspect@example.org")
	orgID := w.createOrg(t, owner.AccessToken, "Once University")
	const n = 30
	got := statuses(burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/admin/users/" + userID + "/suspend", token: root,
		body: map[string]any{"reason": "Reported by several learners."}})))
	if got[200] != 1 || got[409] != n-1 {
		t.Fatalf("%d suspensions at once answered %v, want one 200 and the rest 409", n, got)
	}
	got = statuses(burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/admin/orgs/" + orgID + "/verify", token: root})))
	if got[200] != n {
		t.Fatalf("%d verifications at once answered %v, want all 200", n, got)
	}
	for _, q := range []string{"target=" + userID, "target=" + orgID} {
		var audit struct{ Items []struct{ Action string } }
		if resp := ta.call(t, "GET", "/api/v1/admin/audit?"+q, root, nil, &audit); resp.StatusCode != 200 || len(audit.Items) != 1 {
			t.Errorf("audit %s = %d, %+v; want one entry", q, resp.StatusCode, audit.Items)
		}
	}
}
