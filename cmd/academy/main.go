// Command academy runs the AI Skills Academy platform: the HTTP API and web
// app, the background workers, and the administration commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/alecthomas/kong"

	"academy/services/kit/apperr"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// CLI is the command line: global configuration and the subcommands. The
// configuration's flags form a group of their own, so that a command's help
// lists that command's flags first.
type CLI struct {
	Config `group:"config"`

	Run         RunCmd         `cmd:"" default:"withargs" help:"Run the HTTP server and the workers in one process (the default)."`
	Serve       ServeCmd       `cmd:"" help:"Run the HTTP server only (production: needs ACADEMY_MONGODB_URI and ACADEMY_REDIS_URL)."`
	Worker      WorkerCmd      `cmd:"" help:"Run the background workers only (production: needs ACADEMY_MONGODB_URI and ACADEMY_REDIS_URL)."`
	Seed        SeedCmd        `cmd:"" help:"Load the seed catalogue (the embedded content/, or --dir) into the database."`
	Reindex     ReindexCmd     `cmd:"" help:"Rebuild the search index from the database."`
	Skills      SkillsCmd      `cmd:"" help:"Manage the skills taxonomy."`
	Occupations OccupationsCmd `cmd:"" help:"Manage the ESCO occupations and the skills they need."`
	Queues      QueuesCmd      `cmd:"" help:"Show the job queues: tasks by state, latency, processed and failed (from ACADEMY_REDIS_URL, or from the running academy at ACADEMY_ADDR)."`
	Admin       AdminCmd       `cmd:"" help:"Administer accounts: create the first platform administrator, reset a password."`
	Talent      TalentCmd      `cmd:"" help:"Load or delete the talent pool's sample companies, openings and learners."`
	Version     VersionCmd     `cmd:"" help:"Print the version."`
}

// Exit statuses: 1 for a command that failed, 2 for a command line that
// names no valid command or flags.
const (
	exitFailed = 1
	exitUsage  = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first signal asks every stage to stop; the default handling
		// restored here lets a second one end the process at once.
		<-ctx.Done()
		stop()
	}()
	var cli CLI
	parser := kong.Must(&cli,
		kong.BindTo(ctx, (*context.Context)(nil)),
		kong.Name("academy"),
		kong.Description("Academy: an AI Skills Academy platform. With nothing configured it runs embedded: "+
			"database, queue and search in one process, data under ACADEMY_DATA_DIR. "+
			"Every flag can also be set with the ACADEMY_* variable shown next to it."),
		kong.ExplicitGroups([]kong.Group{{Key: "config", Title: "Configuration (also from the ACADEMY_* variables):"}}),
		kong.Vars{"version": version},
	)
	kctx, err := parser.Parse(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "academy: %s\nSee `academy --help` for the commands, `academy <command> --help` for their flags.\n",
			usageProblem(parser, os.Args[1:], err))
		os.Exit(exitUsage)
	}
	if err := kctx.Run(&cli.Config); err != nil {
		if ctx.Err() != nil && errors.Is(err, context.Canceled) {
			fmt.Fprintln(os.Stderr, "academy: stopped before finishing")
		} else {
			fmt.Fprintln(os.Stderr, "academy:", describe(err))
		}
		os.Exit(exitFailed)
	}
}

// usageProblem words a command-line error. An argument where a command was
// expected reads as one to run's (the default command); say instead that
// the command is unknown.
func usageProblem(parser *kong.Kong, args []string, err error) string {
	arg, unexpected := strings.CutPrefix(err.Error(), "unexpected argument ")
	if !unexpected {
		return err.Error()
	}
	var commands []string
	for _, c := range parser.Model.Children {
		commands = append(commands, c.Name)
	}
	for _, a := range args {
		if slices.Contains(commands, a) {
			return err.Error()
		}
	}
	return fmt.Sprintf("unknown command %q (commands: %s)", arg, strings.Join(commands, ", "))
}

// describe words an error for the terminal: like the API's problems,
// validation errors name every bad field.
func describe(err error) string {
	var ae *apperr.Error
	if !errors.As(err, &ae) || len(ae.Fields) == 0 {
		return err.Error()
	}
	fields := make([]string, len(ae.Fields))
	for i, f := range ae.Fields {
		fields[i] = f.Field + ": " + f.Message
	}
	return strings.Join(fields, "; ")
}

// VersionCmd prints the version.
type VersionCmd struct{}

// Run prints the version.
func (VersionCmd) Run() error {
	fmt.Println("academy", version)
	return nil
}
