package openapi_test

import (
	"encoding/json"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/openapi"
)

type createThing struct {
	Name string `json:"name"`
}

type thing struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func TestDocumentDescribesMountedRoutes(t *testing.T) {
	app := fiber.New()
	doc := openapi.New("Test", "1")
	r := doc.Mount(app, "/api/v1")
	noop := func(c *fiber.Ctx) error { return nil }
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/things", ID: "createThing", Summary: "Create", Tag: "things", Auth: true, Request: createThing{}, Response: thing{}, Status: 201}, noop)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/things/:id", ID: "getThing", Summary: "Get", Tag: "things", Response: thing{}}, noop)

	var registered int
	for _, rt := range app.GetRoutes(true) {
		if rt.Path == "/api/v1/things" || rt.Path == "/api/v1/things/:id" {
			registered++
		}
	}
	if registered != 2 {
		t.Fatalf("Fiber has %d of the 2 routes", registered)
	}

	var d struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Comp    struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc.JSON(), &d); err != nil {
		t.Fatal(err)
	}
	if d.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q", d.OpenAPI)
	}
	if _, ok := d.Paths["/api/v1/things/{id}"]["get"]; !ok {
		t.Fatalf("paths = %v, want /api/v1/things/{id} get", d.Paths)
	}
	var post struct {
		Security  []map[string][]string    `json:"security"`
		Responses map[string]any           `json:"responses"`
		Body      struct{ Content any }    `json:"requestBody"`
		Params    []map[string]interface{} `json:"parameters"`
	}
	_ = json.Unmarshal(d.Paths["/api/v1/things"]["post"], &post)
	if len(post.Security) != 1 || post.Responses["201"] == nil || post.Body.Content == nil {
		t.Fatalf("post operation = %+v", post)
	}
	for _, name := range []string{"Problem", "createThing", "thing"} {
		if _, ok := d.Comp.Schemas[name]; !ok {
			t.Errorf("schema %s missing from components: %v", name, d.Comp.Schemas)
		}
	}
	if got := doc.Routes(); len(got) != 2 || got[1].Path != "/api/v1/things/:id" {
		t.Fatalf("Routes() = %v", got)
	}
}

func TestOpenAPIPath(t *testing.T) {
	for in, want := range map[string]string{
		"/courses/:slug":             "/courses/{slug}",
		"/orgs/:id/members/:user_id": "/orgs/{id}/members/{user_id}",
		"/healthz":                   "/healthz",
		"/items/:id?":                "/items/{id}",
	} {
		if got := openapi.OpenAPIPath(in); got != want {
			t.Errorf("OpenAPIPath(%q) = %q, want %q", in, got, want)
		}
	}
}
