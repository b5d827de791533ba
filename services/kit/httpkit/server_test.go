package httpkit_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"

	"academy/services/kit/httpkit"
)

// serve starts app on a free loopback port and returns its address.
func serve(t *testing.T, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(time.Second) })
	return ln.Addr().String()
}

// closedWithin reports how long the server took to close conn, failing the
// test when it is still open after limit.
func closedWithin(t *testing.T, conn net.Conn, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if err := conn.SetReadDeadline(start.Add(limit)); err != nil {
		t.Fatal(err)
	}
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open after %s", limit)
	}
	return time.Since(start)
}

func TestServerTimeouts(t *testing.T) {
	app := httpkit.NewApp(httpkit.AppOptions{ReadHeaderTimeout: 300 * time.Millisecond, ReadTimeout: 2 * time.Second, IdleTimeout: 400 * time.Millisecond})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Post("/", func(c *fiber.Ctx) error { return c.SendString(fmt.Sprint(len(c.Body()))) })
	addr := serve(t, app)
	dial := func(t *testing.T) net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}

	t.Run("half-sent headers are cut off", func(t *testing.T) {
		conn := dial(t)
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: academy\r\nX-Slow: "); err != nil {
			t.Fatal(err)
		}
		if took := closedWithin(t, conn, 3*time.Second); took > 1500*time.Millisecond {
			t.Errorf("closed after %s, want about the 300 ms header timeout", took)
		}
	})
	t.Run("an idle kept-alive connection is closed", func(t *testing.T) {
		conn := dial(t)
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: academy\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Close {
			t.Fatalf("first request: status %d, close %v; want 200 on a kept-alive connection", resp.StatusCode, resp.Close)
		}
		if took := closedWithin(t, conn, 3*time.Second); took > 1500*time.Millisecond {
			t.Errorf("closed after %s idle, want about the 400 ms idle timeout", took)
		}
	})
	t.Run("a body slower than the header timeout but within the read timeout is read", func(t *testing.T) {
		conn := dial(t)
		if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: academy\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nab"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(600 * time.Millisecond)
		if _, err := io.WriteString(conn, "cd"); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || string(b) != "4" {
			t.Errorf("status %d body %q, want the 4 bytes read", resp.StatusCode, b)
		}
	})
	t.Run("a stalled body is cut off after the read timeout", func(t *testing.T) {
		conn := dial(t)
		if _, err := io.WriteString(conn, "POST / HTTP/1.1\r\nHost: academy\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nab"); err != nil {
			t.Fatal(err)
		}
		if took := closedWithin(t, conn, 5*time.Second); took < time.Second || took > 3500*time.Millisecond {
			t.Errorf("closed after %s, want about the 2 s read timeout", took)
		}
	})
}

func TestConnectionCap(t *testing.T) {
	app := httpkit.NewApp(httpkit.AppOptions{MaxConnections: 2, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("ok") })
	addr := serve(t, app)
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: academy\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	// The two stalled connections take both places, whatever order the server accepts them in.
	time.Sleep(200 * time.Millisecond)
	// The server answers a connection over the cap as it accepts it, before
	// any request: read that answer without writing, which could only race it.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	answer, _ := io.ReadAll(conn)
	if !strings.HasPrefix(string(answer), "HTTP/1.1 503 ") {
		t.Errorf("third connection was answered %.40q, want 503 while two are held", answer)
	}
}

func TestMetricLabelsAreRealRoutes(t *testing.T) {
	reg := prometheus.NewRegistry()
	app := httpkit.NewApp(httpkit.AppOptions{Metrics: reg})
	routes := map[string][]string{
		"/courses/:slug":                 {fiber.MethodGet, fiber.MethodPatch},
		"/courses":                       {fiber.MethodGet, fiber.MethodPost},
		"/enrolments/:id/progress/:item": {fiber.MethodPut},
		"/sessions/:id":                  {fiber.MethodDelete},
	}
	ok := func(c *fiber.Ctx) error { return c.SendString("ok") }
	for path, methods := range routes {
		for _, m := range methods {
			app.Add(m, path, ok)
		}
	}
	addr := serve(t, app)
	requests := []struct{ method, path string }{
		{"GET", "/courses/intro-to-machine-learning-with-a-long-slug"},
		{"PATCH", "/courses/c"},
		{"GET", "/courses?limit=100&cursor=abcdefghijklmnopqrstuvwxyz"},
		{"POST", "/courses"},
		{"PUT", "/enrolments/01HZX/progress/basics.intro"},
		{"DELETE", "/sessions/0123456789"},
	}
	// Concurrent keep-alive requests reuse Fiber's buffers, which is what
	// corrupted label values kept from them.
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{}
			for i := range 50 {
				r := requests[(w+i)%len(requests)]
				req, _ := http.NewRequest(r.method, "http://"+addr+r.path, strings.NewReader(strings.Repeat("x", i)))
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range families {
		if f.GetName() != "academy_http_request_duration_seconds" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			methods, known := routes[labels["route"]]
			if !known || !slices.Contains(methods, labels["method"]) || labels["status"] != "200" {
				t.Errorf("series %v is no route, method and status that were requested", labels)
			}
			seen++
		}
	}
	if seen != len(requests) {
		t.Errorf("%d series, want one per method and route requested (%d)", seen, len(requests))
	}
}
