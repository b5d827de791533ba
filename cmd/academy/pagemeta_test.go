package main

import (
	"io"
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
		{"other page", "/search", nil, []string{`og:title`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := page(tc.path)
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
