package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDataDirIsPrivate checks that the data directory, what an older
// version left in it and what the process writes there later are readable
// by the academy user only.
func TestDataDirIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o755); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "db", "academy.sqlite")
	if err := os.WriteFile(old, []byte("keys"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := privateDataDir(dir); err != nil {
		t.Fatal(err)
	}
	// As SQLite and Bleve create their files: asking for 0644 and 0755.
	if err := os.WriteFile(filepath.Join(dir, "search.bleve"), []byte("index"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "blobs"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v, want no access for group and others", path, info.Mode().Perm())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
