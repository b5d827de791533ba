// Package dirlock makes a data directory belong to one process at a time.
// The embedded database and search index keep files there that a second
// process must not open: it would wait forever on the search index's own
// lock after having opened the database files. Taking this lock first makes
// the second process fail at once, naming the process that holds it.
package dirlock

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// FileName is the lock file created in the data directory. It stays there
// between runs; the lock, not the file, marks the directory as in use.
const FileName = "academy.lock"

// InUseError reports a data directory locked by another process.
type InUseError struct {
	Dir string
	PID int // 0 when the holder has not written its process id yet
}

func (e *InUseError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("data directory %s in use by another process", e.Dir)
	}
	return fmt.Sprintf("data directory %s in use by process %d", e.Dir, e.PID)
}

// Lock is a held data directory lock.
type Lock struct {
	f *os.File
}

// Acquire creates dir when missing (readable by its owner only) and locks it
// without waiting. It fails with *InUseError when another process holds it.
// The operating system releases the lock when the process ends, however it ends.
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	locked, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !locked {
		f.Close()
		return nil, &InUseError{Dir: dir, PID: holder(path)}
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())), 0); err != nil {
		f.Close()
		return nil, err
	}
	return &Lock{f: f}, nil
}

// holder reads the process id the holder wrote, waiting briefly for a holder
// that took the lock an instant ago and is about to write it.
func holder(path string) int {
	for range 10 {
		b, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return 0
		}
		if pid, err := strconv.Atoi(string(bytes.TrimSpace(b))); err == nil && pid > 0 {
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}

// Release unlocks the directory. The lock file stays: removing it could let
// two processes lock two different files of the same name.
func (l *Lock) Release() error {
	return l.f.Close()
}
