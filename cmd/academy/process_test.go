package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"academy/services/kit/dirlock"
)

// process is academy's main running in a process of its own (this test
// binary, re-executed with runMainEnv set).
type process struct {
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan struct{}
	err    error
}

// startProcess starts academy with args, embedded on dataDir, logging at info
// level; stdin may be nil.
func startProcess(t *testing.T, dataDir string, stdin io.Reader, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(os.Args[0], args...), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), runMainEnv+"=1", "ACADEMY_DATA_DIR="+dataDir, "ACADEMY_ADDR=127.0.0.1:0",
		"ACADEMY_LOG_LEVEL=info", "ACADEMY_MONGODB_URI=", "ACADEMY_REDIS_URL=", "ACADEMY_MEILI_URL=")
	p.cmd.Stdin, p.cmd.Stdout, p.cmd.Stderr = stdin, &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// exit waits up to timeout for the process to end and returns its exit
// status (-1 when a signal ended it).
func (p *process) exit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		t.Fatalf("academy %s still running after %s; stderr:\n%s", strings.Join(p.cmd.Args[1:], " "), timeout, p.stderr.String())
	}
	var exit *exec.ExitError
	if errors.As(p.err, &exit) {
		return exit.ExitCode()
	}
	if p.err != nil {
		t.Fatal(p.err)
	}
	return 0
}

// waitForLog waits until stderr holds s.
func (p *process) waitForLog(t *testing.T, s string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.stderr.String(), s) {
		select {
		case <-p.done:
			t.Fatalf("academy ended before logging %q: %v\n%s", s, p.err, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("academy did not log %q within %s:\n%s", s, timeout, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestSecondProcessOnADataDirInUseFailsAtOnce runs commands in a second
// process on the data directory of a running platform: each fails at once,
// naming the process that holds the directory, and the first keeps working.
func TestSecondProcessOnADataDirInUseFailsAtOnce(t *testing.T) {
	dir := t.TempDir()
	base, _ := runEmbedded(t, dir)
	want := fmt.Sprintf("data directory %s in use by process %d", dir, os.Getpid())
	cases := []struct {
		name  string
		stdin string
		args  []string
	}{
		{"run", "", []string{"run"}},
		{"admin create-admin", "a long enough password\n", []string{"admin", "create-admin", "--email", "root@example.org", "--name", "Root", "--password-stdin"}},
		{"seed", "", []string{"seed"}},
		{"reindex", "", []string{"reindex"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			p := startProcess(t, dir, strings.NewReader(tc.stdin), tc.args...)
			if code := p.exit(t, 20*time.Second); code != exitFailed || !strings.Contains(p.stderr.String(), want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and %q", code, p.stderr.String(), exitFailed, want)
			}
			if strings.Contains(p.stderr.String(), "database: embedded") {
				t.Errorf("the second process opened the database before failing:\n%s", p.stderr.String())
			}
			t.Logf("failed in %s", time.Since(start).Round(time.Millisecond))
		})
	}
	if code, b := getBody(t, base+"/readyz"); code != 200 {
		t.Fatalf("the first process's readyz = %d %s", code, b)
	}
}

// TestCommandsStopOnSignal interrupts academy at each stage of its start and
// while it waits for a password: every time it ends promptly and leaves the
// data directory free.
func TestCommandsStopOnSignal(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		waitFor string // a log line that marks the stage; empty: just started
		signal  syscall.Signal
	}{
		{"run while opening the stores", []string{"run"}, "database: embedded FerretDB", syscall.SIGINT},
		{"run while seeding", []string{"run"}, "loading the seed catalogue", syscall.SIGINT},
		{"run once up", []string{"run"}, "academy is up", syscall.SIGTERM},
		{"create-admin waiting for the password", []string{"admin", "create-admin", "--email", "root@example.org", "--name", "Root", "--password-stdin"}, "", syscall.SIGINT},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			// An open pipe nothing is written to: a password that never comes.
			stdin, stdinW, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { stdin.Close(); stdinW.Close() })
			p := startProcess(t, dir, stdin, tc.args...)
			if tc.waitFor != "" {
				p.waitForLog(t, tc.waitFor, 60*time.Second)
			} else {
				time.Sleep(500 * time.Millisecond)
			}
			if err := p.cmd.Process.Signal(tc.signal); err != nil {
				t.Fatal(err)
			}
			sent := time.Now()
			p.exit(t, 30*time.Second)
			t.Logf("stopped %s after the signal", time.Since(sent).Round(time.Millisecond))
			l, err := dirlock.Acquire(dir)
			if err != nil {
				t.Fatalf("data directory still locked after the process ended: %v", err)
			}
			_ = l.Release()
		})
	}
}

// TestRunWithThePortTakenFailsBeforeOpeningTheStores checks that a taken
// listen address fails academy run at once, before it opens or seeds a
// database.
func TestRunWithThePortTakenFailsBeforeOpeningTheStores(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	cfg := &Config{Addr: taken.Addr().String(), DataDir: dir, MongoDatabase: "academy", TokenTTL: 15 * time.Minute,
		Concurrency: 2, BodyLimit: 1 << 20, LogLevel: "error", LogFormat: "text"}
	start := time.Now()
	err = runProcess(context.Background(), cfg, true, true, nil)
	if err == nil || !strings.Contains(err.Error(), "listen on "+cfg.Addr) {
		t.Fatalf("runProcess on a taken port = %v, want a listen error naming %s", err, cfg.Addr)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("failing on a taken port took %s", took)
	}
	if _, err := os.Stat(filepath.Join(dir, "db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a database was created before the port was checked (%v)", err)
	}
	l, err := dirlock.Acquire(dir)
	if err != nil {
		t.Fatalf("data directory still locked: %v", err)
	}
	_ = l.Release()
}

// TestCommandLineErrorsSayWhatIsWrong checks the messages of a mistyped
// command, a command's help and a password refused by validation.
func TestCommandLineErrorsSayWhatIsWrong(t *testing.T) {
	t.Run("unknown command", func(t *testing.T) {
		p := startProcess(t, t.TempDir(), nil, "bogus")
		code, stderr := p.exit(t, 20*time.Second), p.stderr.String()
		if code != exitUsage || !strings.Contains(stderr, `unknown command "bogus"`) || strings.Contains(stderr, "--data-dir") {
			t.Fatalf("exit %d, stderr:\n%s\nwant exit 2 and a brief unknown command", code, stderr)
		}
	})
	t.Run("a command's help lists its own flags first", func(t *testing.T) {
		p := startProcess(t, t.TempDir(), nil, "admin", "create-admin", "--help")
		code, out := p.exit(t, 20*time.Second), p.stdout.String()
		own, heading, server := strings.Index(out, "--password-stdin"), strings.Index(out, "Configuration"), strings.Index(out, "--addr")
		if code != 0 || own < 0 || heading < 0 || !(own < heading && heading < server) {
			t.Fatalf("exit %d, help:\n%s\nwant --password-stdin, then a Configuration heading, then --addr", code, out)
		}
	})
	t.Run("short password from stdin", func(t *testing.T) {
		p := startProcess(t, t.TempDir(), strings.NewReader("short\n"), "admin", "create-admin", "--email", "root@example.org", "--name", "Root", "--password-stdin")
		code, stderr := p.exit(t, 60*time.Second), p.stderr.String()
		if code != exitFailed || !strings.Contains(stderr, "academy: password: must be") {
			t.Fatalf("exit %d, stderr:\n%s\nwant the password field named", code, stderr)
		}
	})
}
