package dirlock_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"academy/services/kit/dirlock"
)

func TestOneHolderAtATime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := dirlock.Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("data directory created with %v (%v), want 0700", info.Mode().Perm(), err)
	}

	_, err = dirlock.Acquire(dir)
	var inUse *dirlock.InUseError
	if !errors.As(err, &inUse) || inUse.PID != os.Getpid() || inUse.Dir != dir {
		t.Fatalf("second Acquire = %v, want in use by process %d", err, os.Getpid())
	}
	if want := "data directory " + dir + " in use by process "; err.Error()[:len(want)] != want {
		t.Fatalf("error %q, want it to start with %q", err, want)
	}

	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := dirlock.Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	_ = again.Release()
}
