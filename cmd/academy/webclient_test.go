package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"academy/services/competitions/scoring"
)

var (
	// apiCall finds the web app's calls through its API client: api.get<T>('/path', ...).
	apiCall = regexp.MustCompile("api\\.(get|post|put|patch|delete)(?:<[^()]*?>)?\\(\\s*[`'\"]([^`'\"]+)[`'\"]")
	// uploadCall finds its uploads, api.upload<T>('/path', file, {...}): a POST unless
	// the options that follow (up to the call's closing "})") say method: 'PUT'.
	uploadCall   = regexp.MustCompile("api\\.upload(?:<[^()]*?>)?\\(\\s*[`'\"]([^`'\"]+)[`'\"]((?s:.*?))\\}\\)")
	uploadMethod = regexp.MustCompile(`method:\s*'(POST|PUT)'`)
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
		check := func(method, p string) {
			calls++
			if !documented[method+" /api/v1"+tsParam.ReplaceAllString(p, "{}")] {
				t.Errorf("%s calls %s %s, which the OpenAPI document does not describe", path, method, p)
			}
		}
		for _, m := range apiCall.FindAllStringSubmatch(string(src), -1) {
			check(strings.ToUpper(m[1]), m[2])
		}
		for _, m := range uploadCall.FindAllStringSubmatch(string(src), -1) {
			method := "POST"
			if o := uploadMethod.FindStringSubmatch(m[2]); o != nil {
				method = o[1]
			}
			check(method, m[1])
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

// webMetric is one entry of the web app's METRICS list: { name: 'rmse', direction: 'lower' }.
var webMetric = regexp.MustCompile(`\{ name: '(\w+)', direction: '(\w+)' \}`)

// TestWebAppListsTheScoringMetrics checks the metrics the host console offers
// against the scoring package's, so a metric added there is offered, with its
// direction, and none is offered that the server refuses.
func TestWebAppListsTheScoringMetrics(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/api/competitions.ts")
	if err != nil {
		t.Fatal(err)
	}
	var web, want []string
	for _, m := range webMetric.FindAllStringSubmatch(string(src), -1) {
		web = append(web, m[1]+" "+m[2])
	}
	for _, m := range scoring.Metrics() {
		want = append(want, m.Name+" "+string(m.Direction))
	}
	if !slices.Equal(web, want) {
		t.Errorf("the web app's METRICS are %v, the scoring package's %v", web, want)
	}
}
