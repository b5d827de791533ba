package main

import (
	"errors"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"
)

// TestWebAppServesClientRoutesOnReload checks what a browser gets when it
// loads a path directly: every page of the web app, including lessons and
// quizzes whose paths hold a dot, gets index.html; files of the build are
// served as themselves; missing assets and API paths are not pages.
func TestWebAppServesClientRoutesOnReload(t *testing.T) {
	files := fstest.MapFS{
		"index.html":           {Data: []byte("<html><head><!--academy:head--></head><body>app</body></html>")},
		"assets/index-abc1.js": {Data: []byte("console.log(1)")},
		"favicon.svg":          {Data: []byte("<svg/>")},
	}
	web, err := newWebApp(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Use(web.handle)
	cases := []struct {
		name, method, path string
		status             int
		contentType, body  string
	}{
		{"home", "GET", "/", 200, "text/html", "app"},
		{"client route", "GET", "/courses/ml-basics", 200, "text/html", "app"},
		{"competitions list", "GET", "/competitions?status=upcoming", 200, "text/html", "app"},
		{"competition tab deep link", "GET", "/competitions/penguins/leaderboard", 200, "text/html", "app"},
		{"lesson deep link", "GET", "/learn/ml-basics/m1.intro", 200, "text/html", "app"},
		{"quiz deep link", "GET", "/learn/ml-basics/m2.quiz-1", 200, "text/html", "app"},
		{"dotted last segment", "GET", "/learn/ml-basics/week.3.json", 200, "text/html", "app"},
		{"HEAD of a deep link", "HEAD", "/learn/ml-basics/m1.intro", 200, "text/html", ""},
		{"hashed asset", "GET", "/assets/index-abc1.js", 200, "javascript", "console.log(1)"},
		{"public file", "GET", "/favicon.svg", 200, "image/svg+xml", "<svg/>"},
		{"missing asset", "GET", "/assets/index-old9.js", 404, "", ""},
		{"unknown API path", "GET", "/api/v1/no.such", 404, "", ""},
		{"POST to a page", "POST", "/learn/ml-basics/m1.intro", 405, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest(tc.method, tc.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("%s %s = %d %q, want %d", tc.method, tc.path, resp.StatusCode, b, tc.status)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.Contains(ct, tc.contentType) {
				t.Errorf("Content-Type = %q, want %s", ct, tc.contentType)
			}
			if tc.body != "" && !strings.Contains(string(b), tc.body) {
				t.Errorf("body = %q, want %q", b, tc.body)
			}
		})
	}
}

// entryScript is the web app's hashed entry point in index.html.
var entryScript = regexp.MustCompile(`/assets/index-[A-Za-z0-9_-]+\.js`)

// TestServesTheWebAppThisTreeBuilt checks that the binary serves the web app
// built in frontend/dist, as `make build` embeds it, and the page saying it
// was not built when the tree has no build.
func TestServesTheWebAppThisTreeBuilt(t *testing.T) {
	ta := newTestAcademy(t)
	resp := ta.call(t, "GET", "/learn/some-course/m1.intro", "", nil, nil)
	b, _ := io.ReadAll(resp.Body)
	onDisk, err := os.ReadFile("../../frontend/dist/index.html")
	switch {
	case err == nil:
		entry := entryScript.Find(onDisk)
		if entry == nil {
			t.Fatalf("frontend/dist/index.html loads no /assets/index-*.js")
		}
		if resp.StatusCode != 200 || !strings.Contains(string(b), string(entry)) {
			t.Fatalf("with frontend/dist built, a page = %d %.300s, want the web app loading %s", resp.StatusCode, b, entry)
		}
	case errors.Is(err, fs.ErrNotExist):
		if resp.StatusCode != 200 || !strings.Contains(string(b), "The web app was not built") {
			t.Fatalf("without frontend/dist, a page = %d %.200s, want the page saying how to build it", resp.StatusCode, b)
		}
	default:
		t.Fatal(err)
	}
}
