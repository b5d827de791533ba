package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/testenv"
	"academy/services/search/meilitest"
)

// runMainEnv makes the test binary run academy's main instead of the tests,
// so that a test can start academy as a real process of its own.
const runMainEnv = "ACADEMY_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		os.Exit(0)
	}
	testenv.Main(m, meilitest.Stop)
}

// testAcademy is the whole platform wired in production mode on real test
// services: the shared FerretDB (a database of its own), a real redis-server
// and a real Meilisearch (an index of its own).
type testAcademy struct {
	*academy
	app *fiber.App
}

// testService stands for a service URL newTestAcademy fills with the
// test's own database, Redis or Meilisearch; configure may empty it instead.
const testService = "test-service"

// embeddedStack runs the platform on the stand-ins `academy run` starts with
// nothing configured: FerretDB and Bleve in the data directory, miniredis.
func embeddedStack(c *Config) {
	c.MongoURI, c.MeiliURL, c.RedisURL, c.MongoDatabase = "", "", "", "academy"
}

// newTestAcademy wires the platform; configure, when given, edits the
// configuration first.
func newTestAcademy(t testing.TB, configure ...func(*Config)) *testAcademy {
	t.Helper()
	cfg := &Config{
		MongoURI:    testService,
		MeiliURL:    testService,
		RedisURL:    testService,
		Addr:        "127.0.0.1:0",
		DataDir:     t.TempDir(),
		PublicURL:   "http://academy.test",
		TokenTTL:    15 * time.Minute,
		Concurrency: 2,
		BodyLimit:   1 << 20,
		LogLevel:    "error",
		LogFormat:   "text",
		// Every test client comes from loopback: one address for many people.
		RegisterRate: 100000,
	}
	for _, f := range configure {
		f(cfg)
	}
	if cfg.MongoURI == testService {
		cfg.MongoURI, cfg.MongoDatabase = testenv.MongoURI(t), testenv.DB(t).Name()
	}
	if cfg.RedisURL == testService {
		r := testenv.Redis(t)
		cfg.RedisURL = fmt.Sprintf("redis://%s/%d", r.Addr, r.DB)
	}
	if cfg.MeiliURL == testService {
		cfg.MeiliURL, cfg.MeiliKey = meilitest.URL(t)
		cfg.MeiliIndexPrefix = meilitest.UniqueName("academy") + "_"
	}
	ctx := context.Background()
	log := cfg.logger()
	p, err := openPlatform(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	a, err := newAcademy(ctx, cfg, log, p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if err := a.indexer.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	app, err := newHTTP(a)
	if err != nil {
		t.Fatal(err)
	}
	return &testAcademy{academy: a, app: app}
}

// call sends a request to the in-process app and decodes a JSON answer into out.
// rawBody is a request body sent as is, such as an uploaded file.
type rawBody struct{ contentType, data string }

func (ta *testAcademy) call(t testing.TB, method, path, token string, body any, out any) *http.Response {
	t.Helper()
	var r io.Reader
	contentType := "application/json"
	if raw, ok := body.(rawBody); ok {
		r, contentType = strings.NewReader(raw.data), raw.contentType
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = strings.NewReader(string(b))
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ta.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if out != nil {
		b, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp
}

func TestOperationsEndpoints(t *testing.T) {
	ta := newTestAcademy(t)
	var h health
	if resp := ta.call(t, "GET", "/healthz", "", nil, &h); resp.StatusCode != 200 || h.Status != "ok" {
		t.Fatalf("healthz = %d %+v", resp.StatusCode, h)
	}
	if resp := ta.call(t, "GET", "/readyz", "", nil, &h); resp.StatusCode != 200 || h.Checks["mongodb"] != "ok" || h.Checks["redis"] != "ok" {
		t.Fatalf("readyz = %d %+v", resp.StatusCode, h)
	}
	resp := ta.call(t, "GET", "/metrics", "", nil, nil)
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "academy_http_request_duration_seconds") || !strings.Contains(string(b), "go_goroutines") {
		t.Fatalf("metrics = %d, missing request histogram or Go metrics", resp.StatusCode)
	}
	resp = ta.call(t, "GET", "/api/v1/nothing-here", "", nil, nil)
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("unknown API route = %d %s, want a 404 problem", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	req := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if resp, err := ta.app.Test(req, -1); err != nil || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("openapi.json with Accept-Encoding gzip: %v, Content-Encoding %q", err, resp.Header.Get("Content-Encoding"))
	}
	for _, route := range []string{"/courses/some-course", "/learn/some-course/m1.quiz-1"} {
		resp = ta.call(t, "GET", route, "", nil, nil)
		b, _ = io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || !strings.Contains(string(b), "<html") {
			t.Fatalf("client route %s = %d, want the web app's index.html", route, resp.StatusCode)
		}
	}
}

// TestReadinessFailsWithoutRedis checks that /readyz reports a lost dependency.
func TestReadinessFailsWithoutRedis(t *testing.T) {
	ta := newTestAcademy(t)
	_ = ta.p.redisClient.Close()
	var h health
	resp := ta.call(t, "GET", "/readyz", "", nil, &h)
	if resp.StatusCode != 503 || h.Checks["redis"] == "ok" || h.Checks["mongodb"] != "ok" {
		t.Fatalf("readyz = %d %+v, want 503 naming redis", resp.StatusCode, h)
	}
}

// TestOpenAPICoversEveryRoute fails when a route is registered without being
// documented, or documented without existing.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	ta := newTestAcademy(t)
	documented := map[string]bool{}
	for _, r := range ta.doc.Routes() {
		documented[r.Method+" "+r.Path] = true
	}
	registered := map[string]bool{}
	for _, r := range ta.app.GetRoutes(true) {
		if r.Method == fiber.MethodHead {
			continue
		}
		registered[r.Method+" "+r.Path] = true
	}
	for r := range registered {
		if !documented[r] {
			t.Errorf("route %s is missing from the OpenAPI document", r)
		}
	}
	for r := range documented {
		if !registered[r] {
			t.Errorf("the OpenAPI document names %s, which is not registered", r)
		}
	}

	var doc struct {
		OpenAPI string                     `json:"openapi"`
		Paths   map[string]json.RawMessage `json:"paths"`
	}
	if resp := ta.call(t, "GET", "/api/v1/openapi.json", "", nil, &doc); resp.StatusCode != 200 || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json = %d %q", resp.StatusCode, doc.OpenAPI)
	}
	if len(doc.Paths) < len(documented)/2 {
		t.Fatalf("served document has %d paths for %d routes", len(doc.Paths), len(documented))
	}
}
