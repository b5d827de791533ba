// Command academy runs the AI Skills Academy platform: the HTTP API and web
// app, the background workers, and the administration commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/alecthomas/kong"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// CLI is the command line: global configuration and the subcommands.
type CLI struct {
	Config

	Run     RunCmd     `cmd:"" default:"withargs" help:"Run the HTTP server and the workers in one process (the default)."`
	Serve   ServeCmd   `cmd:"" help:"Run the HTTP server only (production: needs ACADEMY_MONGODB_URI and ACADEMY_REDIS_URL)."`
	Worker  WorkerCmd  `cmd:"" help:"Run the background workers only (production: needs ACADEMY_MONGODB_URI and ACADEMY_REDIS_URL)."`
	Seed    SeedCmd    `cmd:"" help:"Load the seed catalogue (the embedded content/, or --dir) into the database."`
	Reindex ReindexCmd `cmd:"" help:"Rebuild the search index from the database."`
	Skills  SkillsCmd  `cmd:"" help:"Manage the skills taxonomy."`
	Queues  QueuesCmd  `cmd:"" help:"Show the job queues: tasks by state, latency, processed and failed (from ACADEMY_REDIS_URL, or from the running academy at ACADEMY_ADDR)."`
	Admin   AdminCmd   `cmd:"" help:"Administer accounts: create the first platform administrator, reset a password."`
	Version VersionCmd `cmd:"" help:"Print the version."`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var cli CLI
	kctx := kong.Parse(&cli,
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Name("academy"),
		kong.Description("Academy: an AI Skills Academy platform. With nothing configured it runs embedded: "+
			"database, queue and search in one process, data under ACADEMY_DATA_DIR. "+
			"Every flag can also be set with the ACADEMY_* variable shown next to it."),
		kong.UsageOnError(),
		kong.Vars{"version": version},
	)
	if err := kctx.Run(&cli.Config); err != nil {
		fmt.Fprintln(os.Stderr, "academy:", err)
		os.Exit(1)
	}
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run() error {
	fmt.Println("academy", version)
	return nil
}
