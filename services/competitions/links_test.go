package competitions_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"academy/services/competitions"
)

// link asks for a download link at path as user and returns its path and
// query below /api/v1, as e.do takes it.
func (e *env) link(t *testing.T, path, user string) (string, competitions.Link) {
	t.Helper()
	var l competitions.Link
	e.call(t, "POST", path, user, nil).Want(t, http.StatusOK, &l)
	rel, ok := strings.CutPrefix(l.URL, "/api/v1/")
	if !ok {
		t.Fatalf("link URL %q is not on the API", l.URL)
	}
	return "/" + rel, l
}

// withToken returns the download path with another token.
func withToken(t *testing.T, path, token string) string {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path + "?token=" + url.QueryEscape(token)
}

func tokenOf(t *testing.T, path string) string {
	t.Helper()
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

// TestDownloadLinks checks that a participant's link streams the file to
// whoever follows it, without a bearer token, for five minutes, and opens
// nothing else.
func TestDownloadLinks(t *testing.T) {
	e := newEnv(t)
	for _, slug := range []string{"penguins", "puffins"} {
		e.publish(t, slug, nil)
		for _, name := range []string{"train.csv", "test.csv"} {
			e.do(t, "PUT", "/competitions/"+slug+"/files/"+name, host, "text/csv", strings.NewReader(slug+" "+name+"\n")).Want(t, http.StatusOK, nil)
		}
	}
	e.call(t, "POST", "/competitions/penguins/files/train.csv/link", "", nil).WantProblem(t, http.StatusUnauthorized, "unauthorized")
	e.call(t, "POST", "/competitions/penguins/files/train.csv/link", learner, nil).WantProblem(t, http.StatusForbidden, "rules-not-accepted")
	e.join(t, "penguins", learner)
	e.call(t, "POST", "/competitions/penguins/files/no-such.csv/link", learner, nil).WantProblem(t, http.StatusNotFound, "not-found")

	issued := e.clock.Now()
	download, l := e.link(t, "/competitions/penguins/files/train.csv/link", learner)
	if d := l.ExpiresAt.Sub(issued); d < 4*time.Minute || d > 5*time.Minute {
		t.Errorf("the link expires %v after it was made, want about 5 minutes", d)
	}
	r := e.do(t, "GET", download, "", "", nil)
	if r.Status != http.StatusOK || string(r.Body) != "penguins train.csv\n" {
		t.Fatalf("download through the link = %d %q", r.Status, r.Body)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="train.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store: the URL is a credential", cc)
	}

	token := tokenOf(t, download)
	head, rest, _ := strings.Cut(token, ".")
	payload, sig, _ := strings.Cut(rest, ".")
	flip := func(s string) string {
		b := []byte(s)
		b[len(b)/2] ^= 0x01
		return string(b)
	}
	refused := []struct {
		name, path string
	}{
		{"another file", withToken(t, "/competitions/penguins/files/test.csv/download", token)},
		{"another competition's file of the same name", withToken(t, "/competitions/puffins/files/train.csv/download", token)},
		{"the solution", withToken(t, "/competitions/penguins/phases/main/solution/download", token)},
		{"an altered payload", withToken(t, download, head+"."+flip(payload)+"."+sig)},
		{"an altered signature", withToken(t, download, head+"."+payload+"."+flip(sig))},
		{"no signature", withToken(t, download, head+"."+payload+".")},
		{"not a token", withToken(t, download, "nonsense")},
		{"an unknown competition", withToken(t, "/competitions/no-such/files/train.csv/download", token)},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			e.do(t, "GET", tc.path, "", "", nil).WantProblem(t, http.StatusForbidden, "invalid-download-link")
		})
	}
	e.do(t, "GET", "/competitions/penguins/files/train.csv/download", "", "", nil).WantProblem(t, http.StatusBadRequest, "validation-failed")

	e.clock.Set(l.ExpiresAt.Add(-time.Second))
	e.do(t, "GET", download, "", "", nil).Want(t, http.StatusOK, nil)
	e.clock.Set(l.ExpiresAt.Add(time.Second))
	e.do(t, "GET", download, "", "", nil).WantProblem(t, http.StatusForbidden, "invalid-download-link")
}

// TestSolutionLinks checks that only the host gets a link to a phase's
// solution, and that a participant's link never opens it.
func TestSolutionLinks(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.do(t, "PUT", "/competitions/penguins/files/solution.csv", host, "text/csv", strings.NewReader("a decoy\n")).Want(t, http.StatusOK, nil)
	e.join(t, "penguins", learner)

	e.call(t, "POST", "/competitions/penguins/phases/main/solution/link", learner, nil).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "POST", "/competitions/penguins/phases/main/solution/link", outsider, nil).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "POST", "/competitions/penguins/phases/no-such/solution/link", host, nil).WantProblem(t, http.StatusNotFound, "not-found")

	fileLink, _ := e.link(t, "/competitions/penguins/files/solution.csv/link", learner)
	if r := e.do(t, "GET", fileLink, "", "", nil); string(r.Body) != "a decoy\n" {
		t.Fatalf("the data file named solution.csv = %d %q", r.Status, r.Body)
	}
	e.do(t, "GET", withToken(t, "/competitions/penguins/phases/main/solution/download", tokenOf(t, fileLink)), "", "", nil).
		WantProblem(t, http.StatusForbidden, "invalid-download-link")

	solLink, _ := e.link(t, "/competitions/penguins/phases/main/solution/link", host)
	r := e.do(t, "GET", solLink, "", "", nil)
	if r.Status != http.StatusOK || string(r.Body) != solutionCSV() {
		t.Fatalf("the host's solution link = %d %q", r.Status, r.Body)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="main-solution.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	// The host's solution link opens no data file either.
	e.do(t, "GET", withToken(t, "/competitions/penguins/files/solution.csv/download", tokenOf(t, solLink)), "", "", nil).
		WantProblem(t, http.StatusForbidden, "invalid-download-link")
}

// TestADownloadLinkIsCheckedAgainWhenUsed checks that a link opens the file
// only while the user it was made for may still download it: not once
// their team is disqualified, again once it is reinstated.
func TestADownloadLinkIsCheckedAgainWhenUsed(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.do(t, "PUT", "/competitions/penguins/files/train.csv", host, "text/csv", strings.NewReader("penguins train.csv\n")).Want(t, http.StatusOK, nil)
	entry := e.join(t, "penguins", learner)
	download, _ := e.link(t, "/competitions/penguins/files/train.csv/link", learner)
	hostLink, _ := e.link(t, "/competitions/penguins/files/train.csv/link", host)
	e.do(t, "GET", download, "", "", nil).Want(t, http.StatusOK, nil)

	team := "/competitions/penguins/teams/" + entry.Team.ID
	e.call(t, "POST", team+"/disqualification", host, competitions.DecisionRequest{Reason: "shared an account"}).Want(t, http.StatusOK, nil)
	e.do(t, "GET", download, "", "", nil).WantProblem(t, http.StatusForbidden, "team-disqualified")
	e.call(t, "GET", "/competitions/penguins/files/train.csv", learner, nil).WantProblem(t, http.StatusForbidden, "team-disqualified")
	e.call(t, "POST", "/competitions/penguins/files/train.csv/link", learner, nil).WantProblem(t, http.StatusForbidden, "team-disqualified")
	// The host's link is the host's, whatever becomes of a team.
	if r := e.do(t, "GET", hostLink, "", "", nil); r.Status != http.StatusOK || string(r.Body) != "penguins train.csv\n" {
		t.Fatalf("the host's link = %d %q", r.Status, r.Body)
	}

	e.call(t, "POST", team+"/reinstatement", host, competitions.DecisionRequest{Reason: "two people after all"}).Want(t, http.StatusOK, nil)
	if r := e.do(t, "GET", download, "", "", nil); r.Status != http.StatusOK || string(r.Body) != "penguins train.csv\n" {
		t.Fatalf("the link after reinstatement = %d %q", r.Status, r.Body)
	}
}
