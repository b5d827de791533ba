package testenv

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
)

// UserHeader names the caller of a test request: it stands in for a
// verified access token.
const UserHeader = "X-Test-User"

// TestUsers is middleware that signs in the user UserHeader names; the user
// admin is a platform administrator.
func TestUsers(admin string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if u := c.Get(UserHeader); u != "" {
			auth.Set(c, auth.Principal{UserID: strings.Clone(u), Admin: u == admin})
		}
		return c.Next()
	}
}

// Serve serves app on a free loopback port until the test ends and returns
// a client of its routes under prefix.
func Serve(tb testing.TB, app *fiber.App, prefix string) *Client {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	tb.Cleanup(func() { _ = app.Shutdown() })
	return &Client{URL: "http://" + ln.Addr().String() + prefix, HTTP: &http.Client{}}
}

// Client sends test requests to a served app.
type Client struct {
	URL  string
	HTTP *http.Client
}

// Response is an answer read whole.
type Response struct {
	Status int
	Body   []byte
	Header http.Header
}

// Do sends a request as user ("" for anonymous) with a raw body and content type.
func (c *Client) Do(tb testing.TB, method, path, user, contentType string, body io.Reader) Response {
	tb.Helper()
	req, err := http.NewRequest(method, c.URL+path, body)
	if err != nil {
		tb.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if user != "" {
		req.Header.Set(UserHeader, user)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return Response{resp.StatusCode, b, resp.Header}
}

// Call sends a JSON body (nil for none).
func (c *Client) Call(tb testing.TB, method, path, user string, body any) Response {
	tb.Helper()
	if body == nil {
		return c.Do(tb, method, path, user, "", nil)
	}
	b, err := json.Marshal(body)
	if err != nil {
		tb.Fatal(err)
	}
	return c.Do(tb, method, path, user, "application/json", bytes.NewReader(b))
}

// Status sends a JSON request from any goroutine, where a test may not
// fail, and returns the answer's status, 0 when it could not be sent.
func (c *Client) Status(method, path, user string, body any) int {
	b, err := json.Marshal(body)
	if err != nil {
		return 0
	}
	req, err := http.NewRequest(method, c.URL+path, bytes.NewReader(b))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(UserHeader, user)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// Want fails the test unless the answer has this status, and decodes it into out.
func (r Response) Want(tb testing.TB, status int, out any) {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			tb.Fatalf("decode %s: %v", r.Body, err)
		}
	}
}

// WantProblem fails the test unless the answer is a problem with this
// status and code, and returns it.
func (r Response) WantProblem(tb testing.TB, status int, code string) httpkit.Problem {
	tb.Helper()
	var p httpkit.Problem
	r.Want(tb, status, &p)
	if p.Type != httpkit.ProblemTypePrefix+code {
		tb.Fatalf("problem type %q, want code %q: %s", p.Type, code, r.Body)
	}
	return p
}

// Concurrently runs send n times at once, released together, and returns
// what each returned: the statuses of n racing requests, or their results.
func Concurrently[T any](n int, send func() T) []T {
	statuses := make([]T, n)
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			statuses[i] = send()
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return statuses
}

// CountOf counts the statuses equal to status.
func CountOf(statuses []int, status int) int {
	n := 0
	for _, s := range statuses {
		if s == status {
			n++
		}
	}
	return n
}
