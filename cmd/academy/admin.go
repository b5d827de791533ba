package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// AdminCmd groups the account administration commands. In embedded mode, stop
// `academy run` first: the embedded database belongs to one process at a time.
type AdminCmd struct {
	CreateAdmin AdminCreateCmd      `cmd:"" help:"Create a platform administrator, or promote an existing account."`
	SetPassword AdminSetPasswordCmd `cmd:"" help:"Set a new password for an account and end its sessions."`
}

// AdminCreateCmd creates the first platform administrator.
type AdminCreateCmd struct {
	Email         string `help:"Email address of the administrator." required:""`
	Name          string `help:"Display name." required:""`
	PasswordStdin bool   `help:"Read the password from the first line of standard input instead of prompting."`
}

// Run creates or promotes the administrator.
func (c AdminCreateCmd) Run(ctx context.Context, cfg *Config) error {
	password, err := readPassword(ctx, c.PasswordStdin, os.Stdin)
	if err != nil {
		return err
	}
	return withAcademy(ctx, cfg, func(a *academy) error {
		u, err := a.identity.CreateAdmin(ctx, c.Email, c.Name, password)
		if err != nil {
			return err
		}
		fmt.Printf("administrator %s (%s) is ready; sign in at %s/signin\n", u.Email, u.ID, cfg.publicURL())
		return nil
	})
}

// AdminSetPasswordCmd resets an account's password.
type AdminSetPasswordCmd struct {
	Email         string `help:"Email address of the account." required:""`
	PasswordStdin bool   `help:"Read the password from the first line of standard input instead of prompting."`
}

// Run sets the password.
func (c AdminSetPasswordCmd) Run(ctx context.Context, cfg *Config) error {
	password, err := readPassword(ctx, c.PasswordStdin, os.Stdin)
	if err != nil {
		return err
	}
	return withAcademy(ctx, cfg, func(a *academy) error {
		if err := a.identity.SetPassword(ctx, c.Email, password); err != nil {
			return err
		}
		fmt.Printf("password of %s changed; its sessions have ended\n", c.Email)
		return nil
	})
}

// withAcademy locks the data directory, opens the stores, wires the platform,
// runs f and closes everything.
func withAcademy(ctx context.Context, cfg *Config, f func(*academy) error) error {
	log := cfg.logger()
	release, err := claimDataDir(cfg)
	if err != nil {
		return err
	}
	defer release()
	p, err := openPlatform(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer p.Close()
	a, err := newAcademy(ctx, cfg, log, p)
	if err != nil {
		return err
	}
	defer a.Close()
	return f(a)
}

// readPassword reads a password from stdin's first line, or prompts twice on
// a terminal. Ctrl-C or SIGTERM (ctx ending) stops the wait, and the terminal
// gets its echo back.
func readPassword(ctx context.Context, fromStdin bool, stdin *os.File) (string, error) {
	type result struct {
		password string
		err      error
	}
	done := make(chan result, 1)
	restore := func() {}
	if fromStdin {
		go func() {
			p, err := readLine(stdin)
			done <- result{p, err}
		}()
	} else {
		fd := int(stdin.Fd())
		if !term.IsTerminal(fd) {
			return "", errors.New("standard input is not a terminal: pass --password-stdin and pipe the password in")
		}
		state, err := term.GetState(fd)
		if err != nil {
			return "", err
		}
		restore = func() { _ = term.Restore(fd, state) }
		go func() {
			p, err := promptTwice(fd)
			done <- result{p, err}
		}()
	}
	select {
	case r := <-done:
		return r.password, r.err
	case <-ctx.Done():
		// The reading goroutine stays blocked; the process is about to end.
		restore()
		return "", ctx.Err()
	}
}

func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func promptTwice(fd int) (string, error) {
	fmt.Fprint(os.Stderr, "Password: ")
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(os.Stderr, "Repeat password: ")
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if string(first) != string(second) {
		return "", errors.New("the passwords differ")
	}
	return string(first), nil
}
