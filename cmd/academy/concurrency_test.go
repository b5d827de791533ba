package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/identity"
)

// answer is one response of a burst.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decode %q: %v", a.body, err)
	}
}

// burstRequest is one request of a burst; from, when set, is the client
// address the server sees (the test academy trusts loopback as its proxy).
type burstRequest struct {
	method, path, token, from string
	body                      any
}

// burst sends the requests each over its own connection, opened and used
// once beforehand so that none is still connecting, all released at the
// same instant, and returns the answers in request order.
func burst(t *testing.T, base string, reqs []burstRequest) []answer {
	t.Helper()
	answers := make([]answer, len(reqs))
	start := make(chan struct{})
	var ready, done sync.WaitGroup
	for i, r := range reqs {
		var body io.Reader
		if r.body != nil {
			b, err := json.Marshal(r.body)
			if err != nil {
				t.Fatal(err)
			}
			body = bytes.NewReader(b)
		}
		req, err := http.NewRequest(r.method, base+r.path, body)
		if err != nil {
			t.Fatal(err)
		}
		if r.body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if r.token != "" {
			req.Header.Set("Authorization", "Bearer "+r.token)
		}
		if r.from != "" {
			req.Header.Set("X-Forwarded-For", r.from)
		}
		transport := &http.Transport{MaxConnsPerHost: 1}
		t.Cleanup(transport.CloseIdleConnections)
		client := &http.Client{Timeout: 2 * time.Minute, Transport: transport}
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			warm, err := client.Get(base + "/healthz")
			if err == nil {
				_, _ = io.Copy(io.Discard, warm.Body)
				warm.Body.Close()
			}
			ready.Done()
			<-start
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("%s %s: %v", r.method, r.path, err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			answers[i] = answer{status: resp.StatusCode, header: resp.Header, body: b}
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	return answers
}

// repeat repeats one request n times.
func repeat(n int, r burstRequest) []burstRequest {
	reqs := make([]burstRequest, n)
	for i := range reqs {
		reqs[i] = r
	}
	return reqs
}

// statuses counts the answers by status.
func statuses(answers []answer) map[int]int {
	count := map[int]int{}
	for _, a := range answers {
		count[a.status]++
	}
	return count
}

type tokenPair struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

// signUp registers email, confirms it with the link mailed and signs in.
func (ta *testAcademy) signUp(t testing.TB, email string) (id string, s tokenPair) {
	t.Helper()
	if resp := ta.call(t, "POST", "/api/v1/auth/register", "", map[string]any{"email": email, "password": "correct horse battery", "display_name": email}, nil); resp.StatusCode != 202 {
		t.Fatalf("register %s = %d", email, resp.StatusCode)
	}
	if resp := ta.call(t, "POST", "/api/v1/auth/verify-email", "", map[string]any{"token": ta.mailedToken(t, email, identity.MailVerifyEmail)}, nil); resp.StatusCode != 204 {
		t.Fatalf("verify %s = %d", email, resp.StatusCode)
	}
	var signedIn struct {
		tokenPair
		User struct{ ID string }
	}
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": "correct horse battery"}, &signedIn); resp.StatusCode != 200 {
		t.Fatalf("login %s = %d", email, resp.StatusCode)
	}
	return signedIn.User.ID, signedIn.tokenPair
}

// mailedToken returns the token of the link in the newest mail of kind to email.
func (ta *testAcademy) mailedToken(t testing.TB, email, kind string) string {
	t.Helper()
	mails, err := ta.identityDB.PendingMail(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range slices.Backward(mails) {
		if m.To == email && m.Kind == kind {
			return resetLink.FindStringSubmatch(m.Text)[1]
		}
	}
	t.Fatalf("no %s mail to %s", kind, email)
	return ""
}

// Of many refreshes presenting one token at once (tabs, or a page reloaded
// mid-refresh), exactly one mints a successor and every one is answered with
// that same successor: one session continues, not several. Once the
// successor was used, the old token presented again ends the session.
func TestSimultaneousRefreshesContinueOneSession(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	const n = 50
	for round := range 3 {
		_, s := ta.signUp(t, fmt.Sprintf("refresher%d@example.org", round))
		answers := burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/auth/refresh", body: map[string]any{"refresh_token": s.RefreshToken}}))
		if got := statuses(answers); got[200] != n {
			t.Fatalf("round %d: %d refreshes with one token answered %v, want all 200", round, n, got)
		}
		var successor string
		for i, a := range answers {
			var child tokenPair
			a.decode(t, &child)
			if i == 0 {
				successor = child.RefreshToken
			} else if child.RefreshToken != successor {
				t.Fatalf("round %d: %d refreshes with one token gave different successors, want one", round, n)
			}
		}
		var next tokenPair
		resp := ta.call(t, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": successor}, &next)
		if resp.StatusCode != 200 {
			t.Fatalf("round %d: the successor = %d, want 200", round, resp.StatusCode)
		}
		if resp := ta.call(t, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": s.RefreshToken}, nil); resp.StatusCode != 401 {
			t.Fatalf("round %d: the first token after its successor was used = %d, want 401", round, resp.StatusCode)
		}
		if resp := ta.call(t, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": next.RefreshToken}, nil); resp.StatusCode != 401 {
			t.Fatalf("round %d: the newest token after the reuse = %d, want 401 (family revoked)", round, resp.StatusCode)
		}
	}
}

// Wrong passwords sent at once from one address are checked at most as
// often as the limit of the account and address pair allows (the others
// are told to wait), and lock out neither the owner signing in from
// elsewhere nor other accounts behind the same address.
func TestLoginThrottleHoldsUnderConcurrency(t *testing.T) {
	ta := newTestAcademy(t, func(c *Config) { c.TrustedProxies = []string{"127.0.0.1"} })
	base := ta.listen(t)
	ta.signUp(t, "target@example.org")
	ta.signUp(t, "neighbour@example.org")
	const attacker, owner = "198.51.100.7", "203.0.113.9"
	wrong := burstRequest{method: "POST", path: "/api/v1/auth/login", from: attacker, body: map[string]any{"email": "target@example.org", "password": "not the password"}}
	answers := burst(t, base, repeat(60, wrong))
	got := statuses(answers)
	if got[401] > 10 || got[401]+got[429] != 60 {
		t.Fatalf("60 wrong passwords at once answered %v, want at most 10 checked (401) and the rest refused (429)", got)
	}
	for _, a := range answers {
		if a.status == 429 && a.header.Get("Retry-After") == "" {
			t.Fatal("a refused attempt has no Retry-After")
		}
	}
	login := func(email, from string) int {
		t.Helper()
		a := burst(t, base, []burstRequest{{method: "POST", path: "/api/v1/auth/login", from: from, body: map[string]any{"email": email, "password": "correct horse battery"}}})
		return a[0].status
	}
	if got := login("target@example.org", owner); got != 200 {
		t.Errorf("the owner from another address = %d, want 200", got)
	}
	if got := login("neighbour@example.org", attacker); got != 200 {
		t.Errorf("another account from the attacker's address = %d, want 200", got)
	}
}

// Owners removing each other at once never leave an organisation without
// an owner, and every removal answered 204 happened. An owner removed
// before its own request is checked is no member any more: 404.
func TestOwnersRemovingEachOtherKeepOne(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	const n = 20
	ids := make([]string, n)
	tokens := make([]string, n)
	for i := range n {
		var s tokenPair
		ids[i], s = ta.signUp(t, fmt.Sprintf("owner%d@example.org", i))
		tokens[i] = s.AccessToken
	}
	var org map[string]any
	if resp := ta.call(t, "POST", "/api/v1/orgs", tokens[0], map[string]any{"name": "Racing University", "kind": "university", "country": "FR"}, &org); resp.StatusCode != 201 {
		t.Fatalf("create org = %d", resp.StatusCode)
	}
	orgID := org["id"].(string)
	for i := 1; i < n; i++ {
		ta.join(t, tokens[0], orgID, fmt.Sprintf("owner%d@example.org", i), tokens[i], "owner")
	}
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "DELETE", path: "/api/v1/orgs/" + orgID + "/members/" + ids[(i+1)%n], token: tokens[i]}
	}
	got := statuses(burst(t, base, reqs))
	owners, err := ta.p.db.Collection("memberships").CountDocuments(context.Background(), bson.M{"org_id": orgID, "role": "owner"})
	if err != nil {
		t.Fatal(err)
	}
	if owners < 1 || got[204] != n-int(owners) || got[204]+got[409]+got[404] != n {
		t.Fatalf("%d owners removing each other answered %v and left %d owners; want at least one owner left, one 204 per owner removed, 409 or 404 for the rest", n, got, owners)
	}
	var stored struct{ Owners int64 }
	if err := ta.p.db.Collection("organisations").FindOne(context.Background(), bson.M{"_id": orgID}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if stored.Owners != owners {
		t.Fatalf("the organisation counts %d owners, %d remain", stored.Owners, owners)
	}
}

// join has the owner invite email with role, and the invitee, signed in
// with inviteeToken, accept.
func (ta *testAcademy) join(t testing.TB, ownerToken, orgID, email, inviteeToken, role string) {
	t.Helper()
	var inv struct{ ID string }
	if resp := ta.call(t, "POST", "/api/v1/orgs/"+orgID+"/invitations", ownerToken, map[string]any{"email": email, "role": role}, &inv); resp.StatusCode != 201 {
		t.Fatalf("invite %s = %d", email, resp.StatusCode)
	}
	if resp := ta.call(t, "POST", "/api/v1/me/invitations/"+inv.ID+"/accept", inviteeToken, nil, nil); resp.StatusCode != 200 {
		t.Fatalf("%s accepts = %d", email, resp.StatusCode)
	}
}

// Owners who all leave at once leave one of them behind, answered 409
// last-owner, and the owner count matches the owners left.
func TestOwnersLeavingAtOnceKeepOne(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	const n = 20
	tokens := make([]string, n)
	for i := range n {
		_, s := ta.signUp(t, fmt.Sprintf("leaver%d@example.org", i))
		tokens[i] = s.AccessToken
	}
	var org map[string]any
	if resp := ta.call(t, "POST", "/api/v1/orgs", tokens[0], map[string]any{"name": "Leaving University", "kind": "university", "country": "FR"}, &org); resp.StatusCode != 201 {
		t.Fatalf("create org = %d", resp.StatusCode)
	}
	orgID := org["id"].(string)
	for i := 1; i < n; i++ {
		ta.join(t, tokens[0], orgID, fmt.Sprintf("leaver%d@example.org", i), tokens[i], "owner")
	}
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "DELETE", path: "/api/v1/orgs/" + orgID + "/members/me", token: tokens[i]}
	}
	answers := burst(t, base, reqs)
	got := statuses(answers)
	owners, err := ta.p.db.Collection("memberships").CountDocuments(context.Background(), bson.M{"org_id": orgID, "role": "owner"})
	if err != nil {
		t.Fatal(err)
	}
	if owners != 1 || got[204] != n-1 || got[409] != 1 {
		t.Fatalf("%d owners leaving at once answered %v and left %d owners; want 19 to leave and one kept", n, got, owners)
	}
	for _, a := range answers {
		if a.status == 409 && !bytes.Contains(a.body, []byte("last-owner")) {
			t.Errorf("the owner kept was answered %s, want the last-owner problem", a.body)
		}
	}
	var stored struct{ Owners int64 }
	if err := ta.p.db.Collection("organisations").FindOne(context.Background(), bson.M{"_id": orgID}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	if stored.Owners != 1 {
		t.Fatalf("the organisation counts %d owners, one remains", stored.Owners)
	}
}

// An invitation accepted many times at once makes one membership.
func TestInvitationIsAcceptedOnce(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	_, owner := ta.signUp(t, "owner@example.org")
	_, invitee := ta.signUp(t, "invitee@example.org")
	var org map[string]any
	if resp := ta.call(t, "POST", "/api/v1/orgs", owner.AccessToken, map[string]any{"name": "Inviting University", "kind": "university", "country": "FR"}, &org); resp.StatusCode != 201 {
		t.Fatalf("create org = %d", resp.StatusCode)
	}
	orgID := org["id"].(string)
	var inv struct{ ID string }
	if resp := ta.call(t, "POST", "/api/v1/orgs/"+orgID+"/invitations", owner.AccessToken, map[string]any{"email": "invitee@example.org", "role": "owner"}, &inv); resp.StatusCode != 201 {
		t.Fatalf("invite = %d", resp.StatusCode)
	}
	const n = 30
	got := statuses(burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/me/invitations/" + inv.ID + "/accept", token: invitee.AccessToken})))
	if got[200] != 1 || got[409] != n-1 {
		t.Fatalf("%d accepts of one invitation answered %v, want one 200 and the rest 409", n, got)
	}
	var stored struct{ Owners int64 }
	if err := ta.p.db.Collection("organisations").FindOne(context.Background(), bson.M{"_id": orgID}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	members, err := ta.p.db.Collection("memberships").CountDocuments(context.Background(), bson.M{"org_id": orgID})
	if err != nil || members != 2 || stored.Owners != 2 {
		t.Fatalf("after the accepts: %d members, %d owners counted (%v); want 2 and 2", members, stored.Owners, err)
	}
}

// A verification link used many times at once verifies once.
func TestEmailVerificationIsUsedOnce(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	if resp := ta.call(t, "POST", "/api/v1/auth/register", "", map[string]any{"email": "new@example.org", "password": "correct horse battery", "display_name": "New"}, nil); resp.StatusCode != 202 {
		t.Fatalf("register = %d", resp.StatusCode)
	}
	token := ta.mailedToken(t, "new@example.org", identity.MailVerifyEmail)
	const n = 30
	got := statuses(burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/auth/verify-email", body: map[string]any{"token": token}})))
	if got[204] != 1 || got[400] != n-1 {
		t.Fatalf("%d uses of one verification link answered %v, want one 204 and the rest 400", n, got)
	}
	var me struct {
		EmailVerified bool `json:"email_verified"`
	}
	var s tokenPair
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "new@example.org", "password": "correct horse battery"}, &s); resp.StatusCode != 200 {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	if resp := ta.call(t, "GET", "/api/v1/me", s.AccessToken, nil, &me); resp.StatusCode != 200 || !me.EmailVerified {
		t.Fatalf("me = %d %+v, want the address verified", resp.StatusCode, me)
	}
}

// Many registrations of one new address at once, from as many clients,
// open one account: all are answered alike, one verification link is
// mailed, and the address signs in once confirmed.
func TestSimultaneousRegistrationsOpenOneAccount(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	const n = 40
	reqs := make([]burstRequest, n)
	for i := range reqs {
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/auth/register", from: fmt.Sprintf("198.51.100.%d", i+1),
			body: map[string]any{"email": "twin@example.org", "password": "correct horse battery", "display_name": fmt.Sprintf("Twin %d", i)}}
	}
	if got := statuses(burst(t, base, reqs)); got[202] != n {
		t.Fatalf("%d registrations of one address answered %v, want %d × 202", n, got, n)
	}
	ctx := context.Background()
	if accounts, err := ta.p.db.Collection("users").CountDocuments(ctx, bson.M{"email_key": "twin@example.org"}); err != nil || accounts != 1 {
		t.Fatalf("accounts opened = %d, %v; want 1", accounts, err)
	}
	mails, err := ta.identityDB.PendingMail(ctx, 10000)
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, m := range mails {
		if m.To == "twin@example.org" && m.Kind == identity.MailVerifyEmail {
			links++
		}
	}
	if links != 1 {
		t.Fatalf("verification links mailed = %d, want 1", links)
	}
	if resp := ta.call(t, "POST", "/api/v1/auth/verify-email", "", map[string]any{"token": ta.mailedToken(t, "twin@example.org", identity.MailVerifyEmail)}, nil); resp.StatusCode != 204 {
		t.Fatalf("verify = %d", resp.StatusCode)
	}
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "twin@example.org", "password": "correct horse battery"}, nil); resp.StatusCode != 200 {
		t.Fatalf("login = %d", resp.StatusCode)
	}
}

var resetLink = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// A reset link used many times at once sets one password.
func TestPasswordResetIsUsedOnce(t *testing.T) {
	ta := newTestAcademy(t)
	base := ta.listen(t)
	ta.signUp(t, "forgetful@example.org")
	if resp := ta.call(t, "POST", "/api/v1/auth/password/forgot", "", map[string]any{"email": "forgetful@example.org"}, nil); resp.StatusCode != 202 {
		t.Fatalf("forgot password = %d", resp.StatusCode)
	}
	token := ta.mailedToken(t, "forgetful@example.org", identity.MailPasswordReset)
	const n = 50
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/auth/password/reset", body: map[string]any{"token": token, "password": fmt.Sprintf("new password number %d", i)}}
	}
	answers := burst(t, base, reqs)
	if got := statuses(answers); got[204] != 1 || got[400] != n-1 {
		t.Fatalf("%d resets with one link answered %v, want one 204 and the rest 400", n, got)
	}
	winner := slices.IndexFunc(answers, func(a answer) bool { return a.status == 204 })
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "forgetful@example.org", "password": fmt.Sprintf("new password number %d", winner)}, nil); resp.StatusCode != 200 {
		t.Fatalf("login with the password of the reset that succeeded = %d, want 200", resp.StatusCode)
	}
}

// Edits of one course sent at once either land, each on the revision it
// read, or are refused as conflicts: none is lost while answered 200.
func TestSimultaneousCourseEditsLoseNothing(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	base := w.ta.listen(t)
	revision := func() int {
		var c struct{ Revision int }
		if err := w.ta.p.db.Collection("courses").FindOne(context.Background(), bson.M{"slug": "draft-course"}).Decode(&c); err != nil {
			t.Fatal(err)
		}
		return c.Revision
	}
	const n = 50
	for round := range 3 {
		before := revision()
		reqs := make([]burstRequest, n)
		for i := range n {
			reqs[i] = burstRequest{method: "PATCH", path: "/api/v1/courses/draft-course", token: w.tokens[ownerStaff], body: map[string]any{"title": fmt.Sprintf("Edit %d of round %d", i, round)}}
		}
		got := statuses(burst(t, base, reqs))
		if got[200] < 1 || got[200]+got[409] != n || revision()-before != got[200] {
			t.Fatalf("round %d: %d edits at once answered %v and moved the revision by %d; want every 200 to be one revision, the rest 409", round, n, got, revision()-before)
		}
	}
}

// A credential revoked many times at once is revoked once, with one entry
// in its history; credentials awarded at once get distinct status entries.
func TestCredentialStatusChangesApplyOnce(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpCredentials(t)
	base := w.ta.listen(t)
	const n = 20
	answers := burst(t, base, repeat(n, burstRequest{method: "POST", path: "/api/v1/credentials/" + w.ids["cred_owner"] + "/revoke", token: w.tokens[ownerStaff], body: map[string]any{"reason": "Issued in error."}}))
	if got := statuses(answers); got[200] != 1 || got[409] != n-1 {
		t.Fatalf("%d revocations at once answered %v, want one 200 and the rest 409", n, got)
	}
	var stored struct{ History []bson.M }
	if err := w.ta.p.db.Collection("credentials").FindOne(context.Background(), bson.M{"_id": w.ids["cred_owner"]}).Decode(&stored); err != nil {
		t.Fatal(err)
	}
	revocations := 0
	for _, ev := range stored.History {
		if ev["action"] == "revoke" {
			revocations++
		}
	}
	if revocations != 1 {
		t.Fatalf("history records %d revocations, want 1: %v", revocations, stored.History)
	}

	var course map[string]any
	w.ta.call(t, "GET", "/api/v1/courses/public-course", "", nil, &course)
	reqs := make([]burstRequest, n)
	for i := range n {
		id, _ := w.ta.signUp(t, fmt.Sprintf("awarded%d@example.org", i))
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/orgs/" + w.ids["org"] + "/credentials", token: w.tokens[ownerStaff], body: map[string]any{"learner_id": id, "course_id": course["id"], "grade": 80}}
	}
	answers = burst(t, base, reqs)
	if got := statuses(answers); got[201] != n {
		t.Fatalf("%d awards at once answered %v, want %d 201", n, got, n)
	}
	cur, err := w.ta.p.db.Collection("credentials").Find(context.Background(), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var all []struct {
		ID    string `bson:"_id"`
		List  int    `bson:"status_list"`
		Index int    `bson:"status_index"`
	}
	if err := cur.All(context.Background(), &all); err != nil {
		t.Fatal(err)
	}
	seen := map[[2]int]string{}
	for _, c := range all {
		key := [2]int{c.List, c.Index}
		if other, ok := seen[key]; ok {
			t.Fatalf("credentials %s and %s share status list entry %v", other, c.ID, key)
		}
		seen[key] = c.ID
	}
}

// A burst of sign-ins larger than the password hashing can take gets 503
// with Retry-After for the excess, as a problem, and sessions for the rest.
func TestExcessSignInsAreToldToComeBack(t *testing.T) {
	ta := newTestAcademy(t, func(c *Config) {
		c.TrustedProxies = []string{"127.0.0.1"}
		c.PasswordHashes = 1
	})
	base := ta.listen(t)
	ta.signUp(t, "popular@example.org")
	const n = 100
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/auth/login", from: fmt.Sprintf("198.51.100.%d", i+1),
			body: map[string]any{"email": "popular@example.org", "password": "correct horse battery"}}
	}
	answers := burst(t, base, reqs)
	got := statuses(answers)
	if got[200] < 1 || got[503] < 1 || got[200]+got[503] != n {
		t.Fatalf("%d sign-ins at once with one hashing slot answered %v, want sessions and 503s only, some of each", n, got)
	}
	for _, a := range answers {
		switch a.status {
		case 200:
			var s tokenPair
			a.decode(t, &s)
			if s.AccessToken == "" || s.RefreshToken == "" {
				t.Fatalf("a signed-in answer carries no tokens: %s", a.body)
			}
		case 503:
			var p struct{ Type string }
			a.decode(t, &p)
			if a.header.Get("Retry-After") == "" || a.header.Get("Content-Type") != "application/problem+json" || p.Type != "urn:academy:problem:busy" {
				t.Fatalf("503 with Retry-After %q, %s %s; want a busy problem with Retry-After", a.header.Get("Retry-After"), a.header.Get("Content-Type"), a.body)
			}
		}
	}
	// The refused sign-ins counted as no failure: the account still admits.
	if resp := ta.call(t, "POST", "/api/v1/auth/login", "", map[string]any{"email": "popular@example.org", "password": "correct horse battery"}, nil); resp.StatusCode != 200 {
		t.Fatalf("sign-in after the burst = %d, want 200", resp.StatusCode)
	}
}

// Thirty replies to one review request sent at once resolve it once, with
// one entry in the grade audit trail; the learner reads the reply.
func TestReviewRequestIsResolvedOnce(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t)
	attempt := w.ids["graded_attempt"]
	if resp := w.ta.call(t, "POST", "/api/v1/attempts/"+attempt+"/review-request", w.tokens[learner], map[string]any{"message": "Is question 1 right?"}, nil); resp.StatusCode != 200 {
		t.Fatalf("request review = %d", resp.StatusCode)
	}
	base := w.ta.listen(t)
	const n = 30
	reqs := make([]burstRequest, n)
	for i := range n {
		reqs[i] = burstRequest{method: "POST", path: "/api/v1/attempts/" + attempt + "/review-request/reply", token: w.tokens[ownerStaff], body: map[string]any{"reply": fmt.Sprintf("No change, reply %d: the key is right.", i)}}
	}
	answers := burst(t, base, reqs)
	if got := statuses(answers); got[200] != 1 || got[409] != n-1 {
		t.Fatalf("%d replies at once answered %v, want one 200 and the rest 409", n, got)
	}
	replies, err := w.ta.p.db.Collection("grade_audit").CountDocuments(context.Background(), bson.M{"attempt_id": attempt, "kind": "review_reply"})
	if err != nil {
		t.Fatal(err)
	}
	if replies != 1 {
		t.Fatalf("the audit trail holds %d replies, want 1", replies)
	}
	var seen struct {
		ReviewRequest struct {
			Reply      string  `json:"reply"`
			ResolvedAt *string `json:"resolved_at"`
		} `json:"review_request"`
	}
	w.ta.call(t, "GET", "/api/v1/attempts/"+attempt, w.tokens[learner], nil, &seen)
	if seen.ReviewRequest.ResolvedAt == nil || !regexp.MustCompile(`^No change, reply \d+: the key is right\.$`).MatchString(seen.ReviewRequest.Reply) {
		t.Fatalf("the learner sees the request as %+v, want it resolved with one reply", seen.ReviewRequest)
	}
}
