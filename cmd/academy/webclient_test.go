package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// apiCall finds the web app's calls through its API client: api.get<T>('/path', ...),
	// and api.getBlob('/path') for files, a GET.
	apiCall = regexp.MustCompile("api\\.(get|post|put|patch|delete|getBlob)(?:<[^()]*?>)?\\(\\s*[`'\"]([^`'\"]+)[`'\"]")
	// tsParam is an interpolated segment of a template literal, like ${encodeURIComponent(slug)}.
	tsParam = regexp.MustCompile(`\$\{[^}]*\}`)
	// routeParam is a Fiber path parameter.
	routeParam = regexp.MustCompile(`:[A-Za-z0-9_]+`)
)

// TestWebAppCallsOnlyDocumentedRoutes checks the web app's API client against
// the OpenAPI document: every method and path it calls must be a documented
// route, so a renamed or removed route fails here rather than in a browser.
func TestWebAppCallsOnlyDocumentedRoutes(t *testing.T) {
	ta := newTestAcademy(t)
	documented := map[string]bool{}
	for _, r := range ta.doc.Routes() {
		documented[r.Method+" "+routeParam.ReplaceAllString(r.Path, "{}")] = true
	}
	calls := 0
	err := filepath.WalkDir("../../frontend/src", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, ".test.") || !(strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".tsx")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range apiCall.FindAllStringSubmatch(string(src), -1) {
			calls++
			method := strings.ToUpper(strings.TrimSuffix(m[1], "Blob"))
			route := method + " /api/v1" + tsParam.ReplaceAllString(m[2], "{}")
			if !documented[route] {
				t.Errorf("%s calls %s %s, which the OpenAPI document does not describe", path, method, m[2])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 30 {
		t.Fatalf("found only %d API calls in the web app; the pattern no longer matches its client", calls)
	}
}
