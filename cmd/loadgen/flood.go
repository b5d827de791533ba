package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"sync"
	"time"
)

// FloodCmd sends anonymous requests that would scan collections (skill
// lookups, unknown course slugs) from many connections at once, while a
// signed-in learner keeps using the API and /readyz is watched.
type FloodCmd struct {
	API         string        `help:"Base URL of a running academy." required:""`
	Course      string        `help:"Slug of a published course the learner reads." default:"machine-learning-foundations"`
	Requests    int           `help:"Anonymous requests in the flood." default:"1000"`
	Connections int           `help:"Connections the flood is sent over, all released at once." default:"200"`
	Every       time.Duration `help:"Pause between the learner's requests, and between /readyz checks." default:"20ms"`
	Quiet       time.Duration `help:"How long the learner is measured before the flood, for comparison." default:"5s"`
	MaxTime     time.Duration `help:"Longest the flood may take." default:"5m"`
	Seed        uint64        `help:"Seed of the generated lookups." default:"1"`
}

// Run measures the learner before and during the flood and reports.
func (c FloodCmd) Run(ctx context.Context) error {
	api := newAPIClient(c.API)
	l, err := api.signUp(ctx, fmt.Sprintf("flood-%d@example.org", time.Now().UnixNano()))
	if err != nil {
		return fmt.Errorf("sign up the learner: %w", err)
	}
	learnerPaths := []string{"/courses/" + c.Course, "/skills?q=data", "/search?q=machine+learning&limit=5"}
	rec := newRecorder()
	watch := func(ctx context.Context, phase string) *sync.WaitGroup {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				path := learnerPaths[i%len(learnerPaths)]
				record(ctx, rec, "learner, "+phase, func() error { return api.call(ctx, http.MethodGet, path, l.token, nil, nil) })
				sleep(ctx, c.Every)
			}
		}()
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				record(ctx, rec, "/readyz, "+phase, func() error { return c.get(ctx, api.http, c.API+"/readyz", http.StatusOK) })
				sleep(ctx, c.Every)
			}
		}()
		return &wg
	}

	quiet, stop := context.WithTimeout(ctx, c.Quiet)
	watch(quiet, "quiet").Wait()
	stop()

	floodCtx, cancel := context.WithTimeout(ctx, c.MaxTime)
	defer cancel()
	during, stopWatch := context.WithCancel(floodCtx)
	watchers := watch(during, "flood")
	statuses, took := c.flood(floodCtx)
	stopWatch()
	watchers.Wait()

	fmt.Printf("flood: %d anonymous requests over %d connections in %s; answers:", c.Requests, c.Connections, took.Round(time.Millisecond))
	for _, code := range []int{200, 404, 429, 503, 0} {
		if n := statuses[code]; n > 0 {
			label := fmt.Sprint(code)
			if code == 0 {
				label = "failed"
			}
			fmt.Printf(" %s×%d", label, n)
			delete(statuses, code)
		}
	}
	for code, n := range statuses {
		fmt.Printf(" %d×%d", code, n)
	}
	fmt.Println()
	rec.latencyTable(os.Stdout)
	return nil
}

// record times f under name, unless ctx ended meanwhile: a request cut
// short by the end of its phase is no failure.
func record(ctx context.Context, rec *recorder, name string, f func() error) {
	start := time.Now()
	err := f()
	switch {
	case ctx.Err() != nil:
	case err != nil:
		rec.op(name).fail(err)
	default:
		rec.op(name).add(time.Since(start))
	}
}

// flood sends the anonymous requests, each connection its share, all
// released together, and counts the answers by status (0: no answer).
func (c FloodCmd) flood(ctx context.Context) (map[int]int, time.Duration) {
	r := rand.New(rand.NewPCG(c.Seed, 7))
	paths := make([]string, c.Requests)
	for i := range paths {
		word := fmt.Sprintf("%c%c%c", 'a'+r.IntN(26), 'a'+r.IntN(26), 'a'+r.IntN(26))
		switch i % 3 {
		case 0:
			paths[i] = "/api/v1/skills?q=" + word
		case 1:
			paths[i] = fmt.Sprintf("/api/v1/courses/no-such-course-%s-%d", word, i)
		default:
			paths[i] = fmt.Sprintf("/api/v1/programmes/no-such-programme-%s-%d", word, i)
		}
	}
	var mu sync.Mutex
	statuses := map[int]int{}
	release := make(chan struct{})
	var wg sync.WaitGroup
	for conn := range c.Connections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One client per connection, so the flood holds Connections connections.
			client := newHTTPClient()
			client.Transport.(*http.Transport).MaxConnsPerHost = 1
			defer client.CloseIdleConnections()
			<-release
			for i := conn; i < len(paths); i += c.Connections {
				code := 0
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.API+paths[i], nil)
				if err == nil {
					var resp *http.Response
					if resp, err = client.Do(req); err == nil {
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						code = resp.StatusCode
					}
				}
				mu.Lock()
				statuses[code]++
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	close(release)
	wg.Wait()
	return statuses, time.Since(start)
}

// get sends a GET and fails unless the answer has status want.
func (c FloodCmd) get(ctx context.Context, client *http.Client, url string, want int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return nil
}
