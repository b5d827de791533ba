package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSharedPagesCarryPreviewTags checks the server-side title, description
// and Open Graph tags of the pages people share, and that drafts get none.
func TestSharedPagesCarryPreviewTags(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t)
	w.setUpCredentials(t)
	w.setUpCompetitions(t)
	page := func(path string) string {
		t.Helper()
		resp := w.ta.call(t, "GET", path, "", nil, nil)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(b), "<html") {
			t.Fatalf("%s = %d, want the web app", path, resp.StatusCode)
		}
		return string(b)
	}
	cases := []struct {
		name, path string
		want       []string
		absent     []string
	}{
		{"published course", "/courses/public-course", []string{
			`<title>Machine learning basics · Academy</title>`,
			`<meta property="og:title" content="Machine learning basics">`,
			`<meta property="og:description" content="Learn to train models.">`,
			`<meta property="og:url" content="http://academy.test/courses/public-course">`,
		}, nil},
		{"published programme", "/programmes/public-programme", []string{`<meta property="og:title" content="MSc Artificial Intelligence">`}, nil},
		{"draft course", "/courses/draft-course", nil, []string{`og:title`}},
		{"unknown course", "/courses/no-such-course", nil, []string{`og:title`}},
		{"verification page", "/verify/" + w.ids["cred_owner"], []string{`og:title`, `og:url" content="http://academy.test/verify/` + w.ids["cred_owner"]}, nil},
		{"competitions list", "/competitions", []string{
			`<title>Competitions · Academy</title>`,
			`<meta property="og:url" content="http://academy.test/competitions">`,
		}, nil},
		{"published competition", "/competitions/comp-public", []string{
			`<title>Labels · Academy</title>`,
			`<meta property="og:title" content="Labels">`,
			`<meta property="og:description" content="Tell a from b.">`,
			`<meta property="og:url" content="http://academy.test/competitions/comp-public">`,
		}, nil},
		{"competition tab", "/competitions/comp-public/leaderboard", []string{
			`<title>Labels · Academy</title>`,
			`<meta property="og:url" content="http://academy.test/competitions/comp-public/leaderboard">`,
		}, nil},
		{"draft competition", "/competitions/comp-draft", nil, []string{`og:title`, `Labels`}},
		{"draft competition tab", "/competitions/comp-draft/data", nil, []string{`og:title`, `Labels`}},
		{"unknown competition", "/competitions/no-such-competition/rules", nil, []string{`og:title`}},
		{"unknown competition tab", "/competitions/comp-public/no-such-tab", nil, []string{`og:title`}},
		{"other page", "/search", nil, []string{`og:title`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := page(tc.path)
			head, _, _ := strings.Cut(body, "</head>")
			if n := strings.Count(head, "<title"); n != 1 {
				t.Errorf("%s has %d <title> elements, want 1", tc.path, n)
			}
			if n := strings.Count(head, `name="description"`); n != 1 {
				t.Errorf("%s has %d description tags, want 1", tc.path, n)
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("%s lacks %s", tc.path, s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(body, s) {
					t.Errorf("%s has %s", tc.path, s)
				}
			}
		})
	}
}

func TestPageMetaEscapes(t *testing.T) {
	got := pageMeta{Title: `A <b>"bold"</b> title`, Description: "x & y", URL: "http://a.test/?q=1&r=2"}.headTags()
	for _, s := range []string{`A &lt;b&gt;&#34;bold&#34;&lt;/b&gt; title`, `x &amp; y`, `?q=1&amp;r=2`} {
		if !strings.Contains(got, s) {
			t.Errorf("head tags %s lack escaped %s", got, s)
		}
	}
	if strings.Contains(got, "<b>") {
		t.Errorf("head tags carry raw markup: %s", got)
	}
}

// A course's URL is the id of its Open Badges Achievement: clients asking
// for JSON get the achievement, browsers the page.
func TestCourseURLServesTheAchievementToMachines(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	get := func(path, accept string) (*http.Response, []byte) {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept", accept)
		resp, err := w.ta.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, body := get("/courses/public-course", "application/json")
	var ach struct {
		ID      string   `json:"id"`
		Type    []string `json:"type"`
		Name    string   `json:"name"`
		Creator struct {
			ID string `json:"id"`
		} `json:"creator"`
	}
	if err := json.Unmarshal(body, &ach); resp.StatusCode != 200 || err != nil {
		t.Fatalf("Accept: application/json = %d %s", resp.StatusCode, body)
	}
	if ach.ID != "http://academy.test/courses/public-course" || len(ach.Type) != 1 || ach.Type[0] != "Achievement" ||
		ach.Name != "Machine learning basics" || !strings.HasPrefix(ach.Creator.ID, "http://academy.test/issuers/") {
		t.Errorf("achievement = %+v", ach)
	}
	if resp, body := get("/courses/public-course", "text/html,application/xhtml+xml,*/*;q=0.8"); resp.StatusCode != 200 || !strings.Contains(string(body), "<html") {
		t.Errorf("a browser got %d %.80s", resp.StatusCode, body)
	}
	if resp, body := get("/courses/draft-course", "application/json"); resp.StatusCode != 404 || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
		t.Errorf("a draft's achievement = %d %s", resp.StatusCode, body)
	}
}
