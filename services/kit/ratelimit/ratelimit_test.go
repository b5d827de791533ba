package ratelimit_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/ratelimit"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The tests allow limit requests per hour: a window that long keeps its
// boundary out of the few milliseconds each test takes.
const limit = 5

// server starts an app limited by w on a free port. The peer (the test) is a
// trusted proxy, so X-Forwarded-For names the client; X-Test-User stands for
// a verified access token.
func server(t *testing.T, w *ratelimit.Window) string {
	t.Helper()
	app := httpkit.NewApp(httpkit.AppOptions{TrustedProxies: []string{"127.0.0.1"}})
	app.Use(func(c *fiber.Ctx) error {
		if u := c.Get("X-Test-User"); u != "" {
			auth.Set(c, auth.Principal{UserID: u})
		}
		return c.Next()
	})
	app.Use(ratelimit.Anonymous(w, nil))
	app.Get("/skills", func(c *fiber.Ctx) error { return c.SendString("ok") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, base, ip, user string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/skills", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.250, "+ip)
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestAnonymousLimitPerAddress(t *testing.T) {
	rdb := redis.NewClient(testenv.Redis(t))
	t.Cleanup(func() { rdb.Close() })
	base := server(t, ratelimit.NewWindow(rdb, "test:anon", limit, time.Hour))

	for i := range limit {
		if resp := get(t, base, "198.51.100.1", ""); resp.StatusCode != 200 {
			t.Fatalf("anonymous request %d: status %d, want 200 within the limit", i+1, resp.StatusCode)
		}
	}
	resp := get(t, base, "198.51.100.1", "")
	body, _ := io.ReadAll(resp.Body)
	var p httpkit.Problem
	_ = json.Unmarshal(body, &p)
	retry, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Content-Type") != "application/problem+json" ||
		p.Type != httpkit.ProblemTypePrefix+"rate-limited" || err != nil || retry < 1 || retry > 3600 {
		t.Errorf("request over the limit: status %d, Retry-After %q, body %s; want a 429 rate-limited problem with Retry-After within the window",
			resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp := get(t, base, "198.51.100.2", ""); resp.StatusCode != 200 {
		t.Errorf("another address: status %d, want 200", resp.StatusCode)
	}
	for range 2 * limit {
		if resp := get(t, base, "198.51.100.1", "learner-1"); resp.StatusCode != 200 {
			t.Fatalf("signed-in learner at the limited address: status %d, want 200", resp.StatusCode)
		}
	}
}

// Requests released together, half on each of two servers sharing Redis
// (two replicas), get exactly the limit through.
func TestLimitHoldsUnderConcurrencyAcrossReplicas(t *testing.T) {
	rdb := redis.NewClient(testenv.Redis(t))
	t.Cleanup(func() { rdb.Close() })
	replicas := []string{
		server(t, ratelimit.NewWindow(rdb, "test:anon", limit, time.Hour)),
		server(t, ratelimit.NewWindow(rdb, "test:anon", limit, time.Hour)),
	}
	const n = 60
	release := make(chan struct{})
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-release
			req, _ := http.NewRequest("GET", replicas[i%2]+"/skills", nil)
			req.Header.Set("X-Forwarded-For", "198.51.100.7")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	close(release)
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[200] != limit || count[429] != n-limit {
		t.Errorf("statuses %v, want %d × 200 and %d × 429", count, limit, n-limit)
	}
}

// With Redis unreachable the limiter lets requests through rather than
// failing every anonymous visitor.
func TestRedisDownLetsRequestsThrough(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	base := server(t, ratelimit.NewWindow(rdb, "test:anon", limit, time.Hour))
	for i := range limit + 2 {
		if resp := get(t, base, "198.51.100.9", ""); resp.StatusCode != 200 {
			t.Fatalf("request %d with Redis down: status %d, want 200", i+1, resp.StatusCode)
		}
	}
}
