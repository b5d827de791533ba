// Command loadgen generates data and load for the measurement scripts in
// scripts/: a deterministic catalogue loaded straight into a search index or
// into MongoDB, search latency through the API beside the backend alone, a
// bare Fiber handler to compare the course page with, learners who sit
// exams and get graded, a flood of anonymous lookups, domain event delivery on
// the embedded stack, and competitions' scoring, submissions, leaderboards and
// large data files. It only ever talks to the addresses it is given.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"
)

// CLI is the command line.
type CLI struct {
	Index       IndexCmd       `cmd:"" help:"Load generated courses and programmes straight into a Meilisearch or Bleve index."`
	Search      SearchCmd      `cmd:"" help:"Measure /api/v1/search beside the same queries sent straight to the backend."`
	Bare        BareCmd        `cmd:"" help:"Serve the bytes of a URL from a bare Fiber handler, to compare a route with."`
	Catalog     CatalogCmd     `cmd:"" help:"Insert generated institutions, programmes and courses into the catalogue's MongoDB collections."`
	Exam        ExamCmd        `cmd:"" help:"Register learners, enrol them, then have them all start, answer and submit a quiz within a time window."`
	Grading     GradingCmd     `cmd:"" help:"Measure grading throughput and latency beside a no-op task on the same Redis."`
	Restart     RestartCmd     `cmd:"" help:"Submit attempts before academy is killed, then time how fast the restarted academy grades them."`
	Flood       FloodCmd       `cmd:"" help:"Flood academy with anonymous lookups while a signed-in learner uses it and /readyz is watched."`
	Events      EventsCmd      `cmd:"" help:"Time domain events from the producer's write to the subscriber, on the embedded stack."`
	Competition CompetitionCmd `cmd:"" help:"Measure competitions: scoring throughput, a submission surge, leaderboard reads, a large data file."`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var cli CLI
	kctx := kong.Parse(&cli,
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Name("loadgen"),
		kong.Description("Data and load for Academy's measurement scripts (see scripts/README.md)."),
		kong.UsageOnError(),
	)
	if err := kctx.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}
