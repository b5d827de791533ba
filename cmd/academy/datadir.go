package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// privateDataDir makes the data directory readable by the academy user
// only: it holds the database, with password hashes and private signing
// keys. Files already there (from an older version) are closed up too, and
// the process creates new ones 0600 (see restrictNewFiles).
func privateDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	restrictNewFiles()
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o600)
		if d.IsDir() {
			mode = 0o700
		}
		if err := os.Chmod(path, mode); err != nil {
			return fmt.Errorf("restrict %s: %w", path, err)
		}
		return nil
	})
}
