package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Dir stores blobs as files under a directory:
//
//	data/<key>.<random>  the bytes of one version of a blob
//	meta/<key>.json      which version is current, with its Info: the commit point
//	tmp/                 versions and metadata being written
//
// A put writes and syncs a new version, then renames its metadata into place,
// which readers see all at once, then removes the version it replaced.
type Dir struct {
	root string
	// Writes to one key are serialised, so that racing puts cannot leave
	// a version no metadata names.
	seed  maphash.Seed
	locks [64]sync.Mutex
}

// dirPerm and filePerm keep blobs (submissions, hidden solutions) private to
// the server's user.
const (
	dirPerm  = 0o700
	filePerm = 0o600
)

// NewDir returns the store under root, creating its directories.
func NewDir(root string) (*Dir, error) {
	for _, sub := range []string{"data", "meta", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, sub), dirPerm); err != nil {
			return nil, fmt.Errorf("create blob directory: %w", err)
		}
	}
	return &Dir{root: root, seed: maphash.MakeSeed()}, nil
}

func (d *Dir) lock(key string) func() {
	mu := &d.locks[maphash.String(d.seed, key)%uint64(len(d.locks))]
	mu.Lock()
	return mu.Unlock
}

// dirMeta is Info with the name of the current version's file.
type dirMeta struct {
	Info
	Version string `json:"version"`
}

func (d *Dir) metaPath(key string) string {
	return filepath.Join(d.root, "meta", filepath.FromSlash(key)+".json")
}

func (d *Dir) dataPath(key, version string) string {
	return filepath.Join(d.root, "data", filepath.FromSlash(key)+"."+version)
}

// Put implements Store.
func (d *Dir) Put(ctx context.Context, key string, r io.Reader, opts PutOptions) (Info, error) {
	if err := checkPut(key, opts); err != nil {
		return Info{}, err
	}
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "put-*")
	if err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	committed := false
	defer func() {
		if !committed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	m := newMeter(contextReader{ctx, r}, opts.MaxSize)
	if _, err := io.Copy(tmp, m); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return Info{}, fmt.Errorf("put blob %s: %w: over %d bytes", key, ErrTooLarge, opts.MaxSize)
		}
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if err := tmp.Sync(); err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if err := tmp.Close(); err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	meta := dirMeta{
		Info:    Info{Key: key, Size: m.n, ContentType: opts.ContentType, SHA256: m.sum(), CreatedAt: time.Now().UTC().Truncate(time.Millisecond)},
		Version: randomVersion(),
	}
	data := d.dataPath(key, meta.Version)
	if err := os.MkdirAll(filepath.Dir(data), dirPerm); err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if err := os.Rename(tmp.Name(), data); err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	committed = true
	defer d.lock(key)()
	previous, prevErr := d.readMeta(key)
	if err := d.writeMeta(meta); err != nil {
		os.Remove(data)
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if prevErr == nil && previous.Version != meta.Version {
		os.Remove(d.dataPath(key, previous.Version))
	}
	return meta.Info, nil
}

func (d *Dir) writeMeta(meta dirMeta) error {
	b, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "meta-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	path := d.metaPath(meta.Key)
	if err := os.MkdirAll(filepath.Dir(path), dirPerm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (d *Dir) readMeta(key string) (dirMeta, error) {
	var meta dirMeta
	b, err := os.ReadFile(d.metaPath(key))
	if errors.Is(err, fs.ErrNotExist) {
		return meta, fmt.Errorf("blob %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return meta, fmt.Errorf("read blob %s: %w", key, err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, fmt.Errorf("read blob %s: %w", key, err)
	}
	return meta, nil
}

// Get implements Store.
func (d *Dir) Get(_ context.Context, key string) (io.ReadCloser, Info, error) {
	if err := CheckKey(key); err != nil {
		return nil, Info{}, err
	}
	// A put replacing the blob may remove the version just read of; the
	// metadata read again then names the new one.
	for range 3 {
		meta, err := d.readMeta(key)
		if err != nil {
			return nil, Info{}, err
		}
		f, err := os.Open(d.dataPath(key, meta.Version))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, Info{}, fmt.Errorf("open blob %s: %w", key, err)
		}
		return f, meta.Info, nil
	}
	return nil, Info{}, fmt.Errorf("open blob %s: it kept changing while being opened", key)
}

// Stat implements Store.
func (d *Dir) Stat(_ context.Context, key string) (Info, error) {
	if err := CheckKey(key); err != nil {
		return Info{}, err
	}
	meta, err := d.readMeta(key)
	return meta.Info, err
}

// Delete implements Store.
func (d *Dir) Delete(_ context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	defer d.lock(key)()
	meta, err := d.readMeta(key)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.Remove(d.metaPath(key)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	if err := os.Remove(d.dataPath(key, meta.Version)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	return nil
}

func randomVersion() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// contextReader stops a copy once its context is done, so an abandoned
// upload stops being written.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
