package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// runEmbedded starts `academy run` with nothing configured, on dataDir, and
// returns its base URL and a function that stops it gracefully.
func runEmbedded(t *testing.T, dataDir string) (base string, stop func() error) {
	t.Helper()
	cfg := &Config{Addr: "127.0.0.1:0", DataDir: dataDir, MongoDatabase: "academy", TokenTTL: 15 * time.Minute,
		Concurrency: 2, BodyLimit: 1 << 20, LogLevel: "error", LogFormat: "text"}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- runProcess(ctx, cfg, true, true, func(addr string) { ready <- addr }) }()
	select {
	case addr := <-ready:
		base = "http://" + addr
	case err := <-done:
		cancel()
		t.Fatalf("academy run stopped before serving: %v", err)
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatal("academy run did not start within 60 s")
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(40 * time.Second):
			t.Fatal("academy run did not stop within 40 s of SIGTERM")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return base, stop
}

func postJSON(t *testing.T, url string, body any) (*http.Response, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp, out
}

func getBody(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestEmbeddedRunKeepsDataAcrossRestart runs the platform the way `make run`
// does, signs up, stops it gracefully, starts it again on the same data
// directory and signs in with the same account and signing key.
func TestEmbeddedRunKeepsDataAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	base, stop := runEmbedded(t, dir)
	if code, b := getBody(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz = %d %s", code, b)
	}
	code, b := getBody(t, base+"/api/v1/courses?limit=100")
	var courses struct {
		Items []struct {
			Slug string `json:"slug"`
		} `json:"items"`
	}
	if err := json.Unmarshal(b, &courses); code != 200 || err != nil || len(courses.Items) < 8 {
		t.Fatalf("courses after the first start = %d, %d items, want the seed catalogue", code, len(courses.Items))
	}
	// The seed reaches the search index through the in-process queue.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, b = getBody(t, base+"/api/v1/search?q=machne+lerning&type=course")
		if strings.Contains(string(b), "Machine Learning Foundations") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search for a typo never found the seeded course: %s", b)
		}
		time.Sleep(200 * time.Millisecond)
	}
	_, jwksBefore := getBody(t, base+"/.well-known/jwks.json")
	resp, _ := postJSON(t, base+"/api/v1/auth/register", map[string]any{
		"email": "ada@example.org", "password": "correct horse battery", "display_name": "Ada", "language": "en"})
	if resp.StatusCode != 202 {
		t.Fatalf("register = %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}

	base, _ = runEmbedded(t, dir)
	resp, tok := postJSON(t, base+"/api/v1/auth/login", map[string]any{"email": "ADA@example.org", "password": "correct horse battery"})
	if resp.StatusCode != 200 || tok["access_token"] == nil {
		t.Fatalf("login after restart = %d %v", resp.StatusCode, tok)
	}
	_, jwksAfter := getBody(t, base+"/.well-known/jwks.json")
	if !bytes.Equal(jwksBefore, jwksAfter) {
		t.Fatalf("signing keys changed across a restart:\n%s\n%s", jwksBefore, jwksAfter)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
	me, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var user map[string]any
	_ = json.NewDecoder(me.Body).Decode(&user)
	me.Body.Close()
	if me.StatusCode != 200 || user["display_name"] != "Ada" {
		t.Fatalf("me = %d %v", me.StatusCode, user)
	}
}
