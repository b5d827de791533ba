package httpkit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
)

type greeting struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func newApp(t *testing.T) *fiber.App {
	t.Helper()
	app := httpkit.NewApp(httpkit.AppOptions{BodyLimit: 256})
	app.Post("/greet", func(c *fiber.Ctx) error {
		var g greeting
		if err := httpkit.DecodeJSON(c, &g); err != nil {
			return err
		}
		var v apperr.Validation
		v.Check(g.Name != "", "name", "is required")
		v.Check(g.Count >= 0, "count", "must not be negative")
		if err := v.Err(); err != nil {
			return err
		}
		return c.JSON(g)
	})
	app.Get("/throttled", func(c *fiber.Ctx) error {
		return &apperr.Error{Kind: apperr.TooMany, Code: "too-many-attempts", Detail: "slow down", RetryAfter: 90_500_000_000}
	})
	app.Get("/boom", func(c *fiber.Ctx) error { return io.ErrUnexpectedEOF })
	return app
}

func TestProblemAnswers(t *testing.T) {
	app := newApp(t)
	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		problemType                           string
		field                                 string
	}{
		{"valid", "POST", "/greet", "application/json", `{"name":"Ada","count":1}`, 200, "", ""},
		{"malformed json", "POST", "/greet", "application/json", `{"name":`, 400, "malformed-json", ""},
		{"syntax error", "POST", "/greet", "application/json", `{"name" "Ada"}`, 400, "malformed-json", ""},
		{"unknown field", "POST", "/greet", "application/json", `{"name":"Ada","admin":true}`, 400, "validation-failed", "admin"},
		{"wrong type", "POST", "/greet", "application/json", `{"name":"Ada","count":"many"}`, 400, "validation-failed", "count"},
		{"not an object", "POST", "/greet", "application/json", `[1,2]`, 400, "malformed-json", ""},
		{"trailing data", "POST", "/greet", "application/json", `{"name":"Ada"}{"name":"Bob"}`, 400, "malformed-json", ""},
		{"empty body", "POST", "/greet", "application/json", ``, 400, "malformed-json", ""},
		{"validation", "POST", "/greet", "application/json", `{"name":"","count":-1}`, 400, "validation-failed", "name"},
		{"wrong content type", "POST", "/greet", "text/plain", `{"name":"Ada"}`, 415, "unsupported-media-type", ""},
		{"unknown route", "GET", "/nowhere", "", "", 404, "not-found", ""},
		{"internal error hides detail", "GET", "/boom", "", "", 500, "internal", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status = %d, want %d; body %s", resp.StatusCode, tc.status, b)
			}
			if tc.problemType == "" {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("content type = %q, want application/problem+json", ct)
			}
			var p httpkit.Problem
			if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
				t.Fatal(err)
			}
			if p.Type != httpkit.ProblemTypePrefix+tc.problemType || p.Status != tc.status || p.Title == "" {
				t.Fatalf("problem = %+v, want type %s", p, tc.problemType)
			}
			if tc.status == 500 && strings.Contains(p.Detail, "EOF") {
				t.Fatalf("internal detail leaked: %q", p.Detail)
			}
			if tc.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tc.field) {
				t.Fatalf("errors = %+v, want field %q named first", p.Errors, tc.field)
			}
		})
	}
}

// An oversized body is refused by the HTTP server before any handler runs,
// so it is checked over a real connection.
func TestOversizedBody(t *testing.T) {
	app := newApp(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	body := `{"name":"` + strings.Repeat("a", 400) + `"}`
	resp, err := http.Post("http://"+ln.Addr().String()+"/greet", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p httpkit.Problem
	_ = json.NewDecoder(resp.Body).Decode(&p)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || p.Type != httpkit.ProblemTypePrefix+"body-too-large" {
		t.Fatalf("got %d %+v, want 413 body-too-large", resp.StatusCode, p)
	}
}

func TestValidationNamesEveryField(t *testing.T) {
	app := newApp(t)
	req := httptest.NewRequest("POST", "/greet", strings.NewReader(`{"name":"","count":-2}`))
	req.Header.Set("Content-Type", "application/json")
	resp, _ := app.Test(req, -1)
	var p httpkit.Problem
	_ = json.NewDecoder(resp.Body).Decode(&p)
	if len(p.Errors) != 2 || p.Errors[0].Field != "name" || p.Errors[1].Field != "count" {
		t.Fatalf("errors = %+v, want name and count", p.Errors)
	}
}

func TestRetryAfterAndRequestID(t *testing.T) {
	app := newApp(t)
	req := httptest.NewRequest("GET", "/throttled", nil)
	req.Header.Set("X-Request-ID", "abc-123")
	resp, _ := app.Test(req, -1)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Retry-After"); got != "91" {
		t.Fatalf("Retry-After = %q, want 91 (rounded up)", got)
	}
	if got := resp.Header.Get("X-Request-ID"); got != "abc-123" {
		t.Fatalf("X-Request-ID = %q, want the caller's id kept", got)
	}
	var p httpkit.Problem
	_ = json.NewDecoder(resp.Body).Decode(&p)
	if p.RequestID != "abc-123" {
		t.Fatalf("problem request_id = %q", p.RequestID)
	}

	req = httptest.NewRequest("GET", "/throttled", nil)
	req.Header.Set("X-Request-ID", "bad id with spaces <script>")
	resp, _ = app.Test(req, -1)
	if got := resp.Header.Get("X-Request-ID"); got == "" || strings.Contains(got, " ") {
		t.Fatalf("X-Request-ID = %q, want a fresh id replacing a malformed one", got)
	}
}

func TestCursorAndPageSize(t *testing.T) {
	app := fiber.New(fiber.Config{ErrorHandler: httpkit.ErrorHandler(nil)})
	type pos struct{ After string }
	app.Get("/list", func(c *fiber.Ctx) error {
		p, n, err := httpkit.PageRequest[pos](c, 20, 100)
		if err != nil {
			return err
		}
		return c.JSON(map[string]any{"limit": n, "after": p.After})
	})
	// A pointer position tells the first page from a position.
	app.Get("/pointed", func(c *fiber.Ctx) error {
		p, n, err := httpkit.PageRequest[*pos](c, 20, 100)
		if err != nil {
			return err
		}
		return c.JSON(map[string]any{"limit": n, "first": p == nil})
	})
	cases := []struct {
		name, path string
		status     int
		want       string
	}{
		{"defaults", "/list", 200, `{"after":"","limit":20}`},
		{"round trip", "/list?limit=5&cursor=" + httpkit.EncodeCursor(pos{After: "k9"}), 200, `{"after":"k9","limit":5}`},
		{"limit over max", "/list?limit=101", 400, `limit`},
		{"limit zero", "/list?limit=0", 400, `limit`},
		{"limit not a number", "/list?limit=ten", 400, `limit`},
		{"forged cursor", "/list?cursor=!!!", 400, `cursor`},
		{"a cursor of another list", "/list?cursor=" + httpkit.EncodeCursor(42), 400, `cursor`},
		{"pointer, first page", "/pointed", 200, `{"first":true,"limit":20}`},
		{"pointer, next page", "/pointed?limit=3&cursor=" + httpkit.EncodeCursor(pos{After: "k9"}), 200, `{"first":false,"limit":3}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := app.Test(httptest.NewRequest("GET", tc.path, nil), -1)
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("got %d %s, want %d", resp.StatusCode, b, tc.status)
			}
			if tc.status == 200 && string(b) != tc.want {
				t.Fatalf("got %s, want %s", b, tc.want)
			}
			if tc.status != 200 {
				var p httpkit.Problem
				if err := json.Unmarshal(b, &p); err != nil || len(p.Errors) != 1 || p.Errors[0].Field != tc.want {
					t.Fatalf("problem %s does not name the field %s", b, tc.want)
				}
			}
		})
	}
}

func TestCreatedOrOK(t *testing.T) {
	app := fiber.New()
	app.Post("/things/:created", func(c *fiber.Ctx) error {
		return httpkit.CreatedOrOK(c, c.Params("created") == "new", greeting{Name: "Ada"})
	})
	for path, want := range map[string]int{"/things/new": http.StatusCreated, "/things/old": http.StatusOK} {
		resp, _ := app.Test(httptest.NewRequest("POST", path, nil), -1)
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != want || string(b) != `{"name":"Ada","count":0}` {
			t.Errorf("%s = %d %s, want %d and the thing", path, resp.StatusCode, b, want)
		}
	}
}

func FuzzDecodeJSONBytes(f *testing.F) {
	for _, s := range []string{`{"name":"Ada","count":1}`, `{"name":`, `[]`, `null`, `{"x":1}`, `{"count":1e400}`, "{\"name\":\"\xff\"}", `{} {}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var g greeting
		err := httpkit.DecodeJSONBytes(body, &g)
		if err == nil {
			return
		}
		if apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("decode error %v has kind %v, want Invalid", err, apperr.KindOf(err))
		}
	})
}

// An overloaded server's deliberate 503 is a warning in the request log, not
// an error an operator is paged for; an unexpected failure is an error whose
// cause is logged once beside the request line.
func TestLogLevelsOfFailures(t *testing.T) {
	var buf bytes.Buffer
	app := httpkit.NewApp(httpkit.AppOptions{Log: slog.New(slog.NewTextHandler(&buf, nil))})
	app.Get("/busy", func(c *fiber.Ctx) error {
		return &apperr.Error{Kind: apperr.Unavailable, Code: "busy", Detail: "try again", RetryAfter: 1_000_000_000}
	})
	app.Get("/boom", func(c *fiber.Ctx) error { return io.ErrUnexpectedEOF })

	if resp, _ := app.Test(httptest.NewRequest("GET", "/busy", nil), -1); resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("busy = %d", resp.StatusCode)
	}
	if got := buf.String(); strings.Contains(got, "level=ERROR") || strings.Count(got, "level=WARN") != 1 {
		t.Fatalf("a deliberate 503 logged %q, want one WARN request line and no ERROR", got)
	}
	buf.Reset()
	if resp, _ := app.Test(httptest.NewRequest("GET", "/boom", nil), -1); resp.StatusCode != http.StatusInternalServerError {
		t.Fatalf("boom = %d", resp.StatusCode)
	}
	if got := buf.String(); strings.Count(got, "level=ERROR") != 2 || !strings.Contains(got, "unexpected EOF") {
		t.Fatalf("an unexpected failure logged %q, want its cause and the request line at ERROR", got)
	}
}

func TestEmptyPageListsNoItems(t *testing.T) {
	for name, page := range map[string]httpkit.Page[string]{
		"nil items":   {},
		"empty items": {Items: []string{}},
	} {
		b, err := json.Marshal(page)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := string(b), `{"items":[]}`; got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	b, _ := json.Marshal(httpkit.Page[int]{Items: []int{1}, NextCursor: "c"})
	if got, want := string(b), `{"items":[1],"next_cursor":"c"}`; got != want {
		t.Errorf("full page: %s, want %s", got, want)
	}
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r    io.Reader
	read int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += n
	return n, err
}

// TestRequestLogLeavesStreamsUnread: a streamed download is sent as it is
// read, not held whole in memory so that the request line can give its size.
func TestRequestLogLeavesStreamsUnread(t *testing.T) {
	const size = 1 << 20
	var buf bytes.Buffer
	readWhenLogged := -1
	var body *countingReader
	log := slog.New(slog.NewTextHandler(&buf, nil))
	app := httpkit.NewApp(httpkit.AppOptions{Log: slog.New(hookHandler{Handler: log.Handler(), hook: func() { readWhenLogged = body.read }})})
	app.Get("/file", func(c *fiber.Ctx) error {
		body = &countingReader{r: bytes.NewReader(make([]byte, size))}
		return c.SendStream(body, size)
	})
	resp, err := app.Test(httptest.NewRequest("GET", "/file", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.Copy(io.Discard, resp.Body)
	if got != size {
		t.Fatalf("downloaded %d bytes, want %d", got, size)
	}
	if readWhenLogged != 0 {
		t.Fatalf("%d bytes of the stream were read before the request was logged, want none", readWhenLogged)
	}
	if !strings.Contains(buf.String(), "bytes=1048576") {
		t.Fatalf("the request line %q does not give the stream's size", buf.String())
	}
}

// hookHandler calls hook before handling each record.
type hookHandler struct {
	slog.Handler
	hook func()
}

func (h hookHandler) Handle(ctx context.Context, r slog.Record) error {
	h.hook()
	return h.Handler.Handle(ctx, r)
}
