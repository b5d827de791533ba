package catalog_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/catalog"
	"academy/services/kit/openapi"
)

// BenchmarkPublishedCourse compares the cached GET /courses/:slug with a bare
// Fiber handler sending the same bytes; the goal is at least half its speed.
func BenchmarkPublishedCourse(b *testing.B) {
	e := newEnvWithIndex(b, nil)
	e.createPublishedCourse(b, "hot")
	_, body := e.call(b, "GET", "/api/v1/courses/hot", "", nil)

	bare := fiber.New(fiber.Config{DisableStartupMessage: true})
	bare.Get("/api/v1/courses/:slug", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(body)
	})
	for _, app := range []struct {
		name string
		app  *fiber.App
	}{{"bare", bare}, {"catalog", e.app}} {
		b.Run(app.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := app.app.Test(httptest.NewRequest("GET", "/api/v1/courses/hot", nil), -1)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("status %v: %v", resp.StatusCode, err)
				}
				resp.Body.Close()
			}
		})
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	doc := openapi.New("catalog", "1")
	routes := doc.Mount(fiber.New(), "/api/v1")
	catalog.NewHandler(e.svc).Register(routes)
	var rendered struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(doc.JSON(), &rendered); err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	for _, r := range doc.Routes() {
		if rendered.Paths[openapi.OpenAPIPath(r.Path)][strings.ToLower(r.Method)] == nil {
			t.Errorf("%s %s is missing from the document", r.Method, r.Path)
		}
	}
	if len(doc.Routes()) != 23 {
		t.Errorf("%d routes documented, want 23", len(doc.Routes()))
	}
}
