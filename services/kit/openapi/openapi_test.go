package openapi_test

import (
	"encoding/json"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
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

// TestOptionalBodyAndFurtherStatuses checks that a route taking an optional
// body and answering 201 first and 200 on a repeat is documented so.
func TestOptionalBodyAndFurtherStatuses(t *testing.T) {
	doc := openapi.New("Test", "1")
	r := doc.Mount(fiber.New(), "/api/v1")
	noop := func(c *fiber.Ctx) error { return nil }
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/things/:id", ID: "putThing", Request: createThing{}, Response: thing{}, Status: 201, OptionalBody: true, AlsoStatus: []int{200}}, noop)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/things", ID: "createThing", Request: createThing{}, Response: thing{}, Status: 201}, noop)
	var d struct {
		Paths map[string]map[string]struct {
			Body struct {
				Required bool `json:"required"`
			} `json:"requestBody"`
			Responses map[string]struct {
				Description string `json:"description"`
				Content     map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc.JSON(), &d); err != nil {
		t.Fatal(err)
	}
	put := d.Paths["/api/v1/things/{id}"]["put"]
	if put.Body.Required {
		t.Errorf("the optional body is documented as required")
	}
	created, ok := put.Responses["201"]
	repeated, ok2 := put.Responses["200"]
	if !ok || !ok2 || repeated.Description != "OK" || created.Description != "Created" ||
		repeated.Content["application/json"].Schema["$ref"] != created.Content["application/json"].Schema["$ref"] {
		t.Errorf("responses = %+v, want 201 and 200 with the same body", put.Responses)
	}
	post := d.Paths["/api/v1/things"]["post"]
	if !post.Body.Required {
		t.Errorf("a body not marked optional is documented as optional")
	}
	if _, ok := post.Responses["200"]; ok {
		t.Errorf("post documents a 200 it never sends: %+v", post.Responses)
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

// A route documented as needing a bearer token refuses a request without one
// before its handler runs; with one, the handler runs.
func TestDocumentedAuthIsEnforced(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
		return c.Status(fiber.StatusUnauthorized).SendString(err.Error())
	}})
	app.Use(func(c *fiber.Ctx) error {
		if c.Get("Authorization") != "" {
			auth.Set(c, auth.Principal{UserID: "u1"})
		}
		return c.Next()
	})
	r := openapi.New("Test", "1").Mount(app, "/api/v1")
	ran := 0
	handler := func(c *fiber.Ctx) error { ran++; return c.SendString(auth.From(c).UserID) }
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/private", ID: "private", Summary: "Private", Tag: "t", Auth: true}, handler)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/public", ID: "public", Summary: "Public", Tag: "t"}, handler)
	cases := []struct {
		name, path, token string
		status, ran       int
	}{
		{"private without a token", "/api/v1/private", "", 401, 0},
		{"private with a token", "/api/v1/private", "Bearer x", 200, 1},
		{"public without a token", "/api/v1/public", "", 200, 2},
	}
	for _, tc := range cases {
		req := httptest.NewRequest("GET", tc.path, nil)
		if tc.token != "" {
			req.Header.Set("Authorization", tc.token)
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tc.status || ran != tc.ran {
			t.Errorf("%s: %d with the handler run %d times, want %d and %d", tc.name, resp.StatusCode, ran, tc.status, tc.ran)
		}
	}
}
