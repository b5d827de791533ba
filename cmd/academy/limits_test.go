package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// listen serves ta's app on a free loopback port and returns its base URL.
func (ta *testAcademy) listen(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = serveHTTP(ctx, ta.app, ln)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String()
}

func send(t *testing.T, method, url, bearer string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// Anonymous API requests from one address are limited; a signed-in learner
// at that address, health checks and the web app are not.
func TestAnonymousRequestsAreLimited(t *testing.T) {
	const limit = 8
	ta := newTestAcademy(t, func(c *Config) { c.AnonymousRate = limit })
	w := &world{ta: ta, ids: map[string]string{}}
	_, learner := w.signUp(t, w.unique("learner")+"@example.org") // from another address: in-process
	base := ta.listen(t)

	limited := 0
	for i := range limit + 1 {
		resp, body := send(t, "GET", base+"/api/v1/skills?q=mach", "")
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = i + 1
			if resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "urn:academy:problem:rate-limited") {
				t.Errorf("429 without Retry-After or its problem type: %v %s", resp.Header, body)
			}
			break
		}
		if resp.StatusCode != 200 {
			t.Fatalf("anonymous skill lookup: status %d %s", resp.StatusCode, body)
		}
	}
	if limited != limit+1 {
		t.Fatalf("first 429 at anonymous request %d, want %d (limit %d)", limited, limit+1, limit)
	}
	for range 3 {
		if resp, body := send(t, "GET", base+"/api/v1/skills?q=mach", learner); resp.StatusCode != 200 {
			t.Fatalf("signed-in learner from the limited address: status %d %s", resp.StatusCode, body)
		}
	}
	for _, path := range []string{"/readyz", "/", "/courses/some-course"} {
		if resp, _ := send(t, "GET", base+path, ""); resp.StatusCode != 200 {
			t.Errorf("%s from the limited address: status %d, want 200", path, resp.StatusCode)
		}
	}
}

func TestMetricsAccess(t *testing.T) {
	t.Run("behind a bearer token", func(t *testing.T) {
		ta := newTestAcademy(t, func(c *Config) { c.MetricsToken = "metrics-secret" })
		base := ta.listen(t)
		send(t, "GET", base+"/api/v1/skills?q=mach", "")
		for _, bearer := range []string{"", "wrong"} {
			if resp, body := send(t, "GET", base+"/metrics", bearer); resp.StatusCode != 401 || strings.Contains(body, "go_goroutines") {
				t.Errorf("metrics with token %q: status %d, want 401 and no metrics", bearer, resp.StatusCode)
			}
		}
		resp, body := send(t, "GET", base+"/metrics", "metrics-secret")
		if resp.StatusCode != 200 || !strings.Contains(body, `academy_http_request_duration_seconds_count{method="GET",route="/api/v1/skills",status="200"} 1`) {
			t.Errorf("metrics with the token: status %d, want 200 counting the skill lookup: %s", resp.StatusCode, body)
		}
	})
	t.Run("on their own address", func(t *testing.T) {
		ta := newTestAcademy(t, func(c *Config) { c.MetricsAddr = "127.0.0.1:0" })
		base := ta.listen(t)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- ta.serveMetricsOn(ctx, ln) }()
		if resp, _ := send(t, "GET", base+"/metrics", ""); resp.StatusCode != 404 {
			t.Errorf("metrics on the HTTP address: status %d, want 404", resp.StatusCode)
		}
		if resp, body := send(t, "GET", "http://"+ln.Addr().String()+"/metrics", ""); resp.StatusCode != 200 || !strings.Contains(body, "go_goroutines") {
			t.Errorf("metrics on their address: status %d, want 200 with metrics", resp.StatusCode)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("metrics server stopped with %v", err)
		}
	})
}

// The configured timeouts reach the server: a client that stalls in its
// headers is cut off.
func TestSlowHeadersAreCutOff(t *testing.T) {
	ta := newTestAcademy(t, func(c *Config) { c.ReadHeaderTimeout, c.ReadTimeout = 300*time.Millisecond, 5*time.Second })
	base := ta.listen(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET /api/v1/skills HTTP/1.1\r\nHost: academy\r\n"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(start.Add(5 * time.Second))
	_, _ = io.Copy(io.Discard, conn)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("connection with half its headers closed after %s, want about 300 ms", took)
	}
}

// Runtime profiles are served only on the address given for them.
func TestProfilesOnTheirOwnAddress(t *testing.T) {
	ta := newTestAcademy(t, func(c *Config) { c.PprofAddr = "127.0.0.1:0" })
	base := ta.listen(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ta.serveProfilesOn(ctx, ln) }()
	if _, body := send(t, "GET", base+"/debug/pprof/goroutine?debug=1", ""); strings.Contains(body, "goroutine profile") {
		t.Errorf("the HTTP address serves a goroutine profile: %.200s", body)
	}
	if resp, body := send(t, "GET", "http://"+ln.Addr().String()+"/debug/pprof/goroutine?debug=1", ""); resp.StatusCode != 200 || !strings.Contains(body, "goroutine profile") {
		t.Errorf("profiles on their address: status %d, want 200 with a goroutine profile: %.200s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("profile server stopped with %v", err)
	}
}
