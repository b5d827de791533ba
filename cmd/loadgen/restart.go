package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"time"
)

// RestartCmd measures how fast a restarted academy resumes its grading
// backlog: `submit` prepares and submits attempts and saves them to a file,
// the caller kills academy and starts it again, then `wait` reads the file
// and polls the attempts until every one is graded.
type RestartCmd struct {
	Submit RestartSubmitCmd `cmd:"" help:"Prepare attempts, submit them all, and save them to a file."`
	Wait   RestartWaitCmd   `cmd:"" help:"Poll the saved attempts until every one is graded, and report when."`
}

// savedAttempt is an attempt in the file `submit` writes.
type savedAttempt struct {
	Token string `json:"token"`
	ID    string `json:"id"`
}

// RestartSubmitCmd prepares attempts and submits them.
type RestartSubmitCmd struct {
	API      string `help:"Base URL of a running academy." required:""`
	Count    int    `help:"Submissions." default:"200"`
	Parallel int    `help:"Submissions in flight at once." default:"16"`
	Out      string `help:"File to save the attempts to." required:""`
}

// Run prepares the attempts, submits them, saves them, and prints when the last was acknowledged.
func (c RestartSubmitCmd) Run(ctx context.Context) error {
	api := newAPIClient(c.API)
	g := GradingCmd{SetupParallel: 4, SetupMax: 10 * time.Minute, Seed: 1}
	attempts, err := g.prepare(ctx, api, c.Count)
	if err != nil {
		return err
	}
	saved := make([]savedAttempt, len(attempts))
	for i, a := range attempts {
		saved[i] = savedAttempt{Token: a.l.token, ID: a.id}
	}
	b, err := json.Marshal(saved)
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.Out, b, 0o600); err != nil {
		return err
	}
	start := time.Now()
	err = forEach(ctx, len(attempts), c.Parallel, func(ctx context.Context, i int) error {
		_, err := api.submit(ctx, attempts[i].l, attempts[i].id)
		return err
	})
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	fmt.Printf("submitted: %d submissions acknowledged, %d at a time, in %s\n", len(attempts), c.Parallel, time.Since(start).Round(time.Millisecond))
	return nil
}

// RestartWaitCmd polls saved attempts until every one is graded.
type RestartWaitCmd struct {
	API      string        `help:"Base URL of the restarted academy." required:""`
	In       string        `help:"File the submit command wrote." required:""`
	KilledAt time.Time     `help:"When academy was killed (RFC 3339)." required:""`
	ReadyAt  time.Time     `help:"When the restarted academy answered /readyz (RFC 3339)." required:""`
	Parallel int           `help:"Requests in flight at once while polling." default:"8"`
	Max      time.Duration `help:"Longest to wait." default:"5m"`
}

// Run polls every ungraded attempt each quarter second until all are graded,
// then prints how many were graded before the kill and when the last one
// was graded after it, from the graded_at academy stored.
func (c RestartWaitCmd) Run(ctx context.Context) error {
	b, err := os.ReadFile(c.In)
	if err != nil {
		return err
	}
	var saved []savedAttempt
	if err := json.Unmarshal(b, &saved); err != nil {
		return err
	}
	api := newAPIClient(c.API)
	gradedAt := make([]time.Time, len(saved))
	deadline := time.Now().Add(c.Max)
	for {
		var left atomic.Int32
		err := forEach(ctx, len(saved), c.Parallel, func(ctx context.Context, i int) error {
			if !gradedAt[i].IsZero() {
				return nil
			}
			at, err := api.attempt(ctx, learner{token: saved[i].Token}, saved[i].ID)
			if err != nil {
				return err
			}
			if at.graded() {
				gradedAt[i] = *at.GradedAt
			} else {
				left.Add(1)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if left.Load() == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d attempts not graded after %s", left.Load(), len(saved), c.Max)
		}
		if !sleep(ctx, 250*time.Millisecond) {
			return errors.New("interrupted")
		}
	}
	before, first, last := 0, time.Time{}, c.KilledAt
	for _, at := range gradedAt {
		if at.Before(c.KilledAt) {
			before++
		} else if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
	}
	fmt.Printf("graded before the kill: %d of %d; graded after the restart: %d\n", before, len(saved), len(saved)-before)
	fmt.Printf("restart to /readyz: %s\n", c.ReadyAt.Sub(c.KilledAt).Round(time.Millisecond))
	if !first.IsZero() {
		fmt.Printf("first graded after the restart: %s after /readyz\n", first.Sub(c.ReadyAt).Round(time.Millisecond))
	}
	fmt.Printf("last graded: %s after the kill, %s after /readyz\n",
		last.Sub(c.KilledAt).Round(time.Millisecond), last.Sub(c.ReadyAt).Round(time.Millisecond))
	return nil
}
