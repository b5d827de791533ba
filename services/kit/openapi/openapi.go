// Package openapi registers routes and documents them in one step, so the
// OpenAPI 3.1 document served at /api/v1/openapi.json cannot drift from the
// routes that exist.
package openapi

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/invopop/jsonschema"

	"academy/services/kit/auth"
)

// Param documents a query or path parameter.
type Param struct {
	Name        string
	In          string // "query" (default) or "path"
	Description string
	Required    bool
	Type        string // JSON Schema type; "string" by default
}

// PageParams document the cursor and limit of every paginated list.
var PageParams = []Param{
	{Name: "cursor", Description: "the next_cursor of the previous page"},
	{Name: "limit", Type: "integer", Description: "items per page, 1 to 100 (default 20)"},
}

// Operation documents one route.
type Operation struct {
	Method   string // e.g. fiber.MethodGet
	Path     string // Fiber syntax, relative to the group: "/courses/:slug"
	ID       string // operationId, unique
	Summary  string
	Tag      string
	Auth     bool // needs a bearer access token
	Query    []Param
	Request  any    // zero value of the JSON request body type, or nil
	Response any    // zero value of the success body type, or nil for no body
	Status   int    // success status, 200 by default
	Produces string // success media type, application/json by default
	// OptionalBody marks a request body the route also accepts absent.
	OptionalBody bool
	// AlsoStatus lists further success statuses answering the same body,
	// such as 200 when a repeated create finds what the first one made.
	AlsoStatus []int
}

// Document collects operations and renders the OpenAPI document.
type Document struct {
	title, version string

	mu  sync.Mutex
	ops []Operation

	once sync.Once
	json []byte
}

// New returns an empty document.
func New(title, version string) *Document {
	return &Document{title: title, version: version}
}

// Routes registers handlers on a Fiber router under a prefix and documents them.
type Routes struct {
	router fiber.Router
	prefix string
	doc    *Document
}

// Mount returns Routes that register on router, whose paths start with prefix.
func (d *Document) Mount(router fiber.Router, prefix string) *Routes {
	return &Routes{router: router.Group(prefix), prefix: prefix, doc: d}
}

// Handle registers the handlers for op and adds op to the document.
func (r *Routes) Handle(op Operation, handlers ...fiber.Handler) {
	if op.Auth {
		handlers = append([]fiber.Handler{signedIn}, handlers...)
	}
	r.router.Add(op.Method, op.Path, handlers...)
	op.Path = r.prefix + op.Path
	r.doc.mu.Lock()
	r.doc.ops = append(r.doc.ops, op)
	r.doc.mu.Unlock()
}

// signedIn refuses a request without a valid access token before the
// handler of a route documented as needing one runs, so that the document
// and the routes cannot disagree, and handlers read auth.From.
func signedIn(c *fiber.Ctx) error {
	if _, err := auth.Required(c); err != nil {
		return err
	}
	return c.Next()
}

// Route is one documented method and path in Fiber syntax.
type Route struct{ Method, Path string }

// Routes lists the documented routes.
func (d *Document) Routes() []Route {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Route, len(d.ops))
	for i, op := range d.ops {
		out[i] = Route{op.Method, op.Path}
	}
	return out
}

var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)\??`)

// OpenAPIPath converts a Fiber path ("/courses/:slug") to OpenAPI syntax ("/courses/{slug}").
func OpenAPIPath(p string) string {
	return fiberParam.ReplaceAllString(p, "{$1}")
}

// JSON renders the document once; later calls return the same bytes.
func (d *Document) JSON() []byte {
	d.once.Do(func() { d.json = d.render() })
	return d.json
}

// Handler serves the document.
func (d *Document) Handler(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(d.JSON())
}

func (d *Document) render() []byte {
	d.mu.Lock()
	ops := append([]Operation(nil), d.ops...)
	d.mu.Unlock()
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Path < ops[j].Path })

	schemas := map[string]any{}
	reflector := &jsonschema.Reflector{FieldNameTag: "json", AllowAdditionalProperties: false}
	schemaOf := func(v any) any {
		s := reflector.Reflect(v)
		for name, def := range s.Definitions {
			schemas[name] = def
		}
		if s.Ref != "" {
			return map[string]string{"$ref": s.Ref}
		}
		s.Definitions = nil
		s.Version = ""
		return s
	}

	paths := map[string]map[string]any{}
	for _, op := range ops {
		p := OpenAPIPath(op.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		o := map[string]any{"operationId": op.ID, "summary": op.Summary, "tags": []string{op.Tag}}
		if op.Auth {
			o["security"] = []map[string][]string{{"bearer": {}}}
		}
		var params []map[string]any
		for _, m := range fiberParam.FindAllStringSubmatch(op.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		for _, q := range op.Query {
			in, typ := q.In, q.Type
			if in == "" {
				in = "query"
			}
			if typ == "" {
				typ = "string"
			}
			params = append(params, map[string]any{"name": q.Name, "in": in, "required": q.Required, "description": q.Description, "schema": map[string]string{"type": typ}})
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.Request != nil {
			o["requestBody"] = map[string]any{"required": !op.OptionalBody, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(op.Request)}}}
		}
		status := op.Status
		if status == 0 {
			status = http.StatusOK
		}
		success := map[string]any{"description": http.StatusText(status)}
		if op.Response != nil {
			media := op.Produces
			if media == "" {
				media = "application/json"
			}
			var schema any = map[string]string{"type": "string", "format": "binary"}
			if strings.HasSuffix(media, "json") {
				schema = schemaOf(op.Response)
			}
			success["content"] = map[string]any{media: map[string]any{"schema": schema}}
		}
		responses := map[string]any{
			strconv.Itoa(status): success,
			"default":            map[string]any{"description": "A problem", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]string{"$ref": "#/components/schemas/Problem"}}}},
		}
		for _, also := range op.AlsoStatus {
			other := maps.Clone(success)
			other["description"] = http.StatusText(also)
			responses[strconv.Itoa(also)] = other
		}
		o["responses"] = responses
		paths[p][strings.ToLower(op.Method)] = o
	}
	schemas["Problem"] = problemSchema

	doc := map[string]any{
		"openapi": "3.1.0",
		"info":    map[string]string{"title": d.title, "version": d.version},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]string{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic("openapi: render document: " + err.Error())
	}
	return bytes.ReplaceAll(b, []byte(`"#/$defs/`), []byte(`"#/components/schemas/`))
}

var problemSchema = map[string]any{
	"type": "object",
	"properties": map[string]any{
		"type":       map[string]string{"type": "string"},
		"title":      map[string]string{"type": "string"},
		"status":     map[string]string{"type": "integer"},
		"detail":     map[string]string{"type": "string"},
		"instance":   map[string]string{"type": "string"},
		"request_id": map[string]string{"type": "string"},
		"errors": map[string]any{"type": "array", "items": map[string]any{
			"type":       "object",
			"properties": map[string]any{"field": map[string]string{"type": "string"}, "message": map[string]string{"type": "string"}},
		}},
	},
	"required": []string{"type", "title", "status"},
}
