// Package blob stores files too large for a document (datasets, submissions,
// solutions) by key, streamed in and out without being held in memory.
//
// Two backends pass one contract suite (blobtest.Run): files under the data
// directory for the embedded mode, and GridFS for production on MongoDB.
// Both make a blob visible only once it is whole: a write is first streamed to
// a place no reader looks, its size limit and checksum checked on the way, and
// committed by one atomic step (a rename, or one document written by _id).
// A put that fails or is abandoned halfway leaves the previous blob, if any, as
// it was.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"regexp"
	"strings"
	"time"
)

// Info describes a stored blob.
type Info struct {
	Key         string    `json:"key" bson:"_id"`
	Size        int64     `json:"size" bson:"size"`
	ContentType string    `json:"content_type" bson:"content_type"`
	SHA256      string    `json:"sha256" bson:"sha256"` // hex, of the bytes as stored
	CreatedAt   time.Time `json:"created_at" bson:"created_at"`
}

// PutOptions describe a blob being written.
type PutOptions struct {
	ContentType string
	// MaxSize is the largest size accepted, in bytes; a larger stream fails
	// with ErrTooLarge and stores nothing. It must be positive.
	MaxSize int64
}

// Store keeps blobs by key.
type Store interface {
	// Put streams r into the blob key, replacing any blob there once r is
	// read whole and within opts.MaxSize.
	Put(ctx context.Context, key string, r io.Reader, opts PutOptions) (Info, error)
	// Get opens the blob for reading; the caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	// Stat describes the blob without opening it.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}

// Errors a Store returns, to be tested with errors.Is.
var (
	ErrNotFound   = errors.New("blob not found")
	ErrTooLarge   = errors.New("blob is larger than allowed")
	ErrInvalidKey = errors.New("invalid blob key")
)

// MaxKeyLen bounds keys so that every backend can store them as names.
const MaxKeyLen = 512

var keySegment = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// CheckKey reports whether key is a usable blob key: slash-separated segments
// of letters, digits, dots, dashes and underscores, none starting with a dot
// (so none is "." or ".."), at most MaxKeyLen bytes.
func CheckKey(key string) error {
	if key == "" || len(key) > MaxKeyLen {
		return fmt.Errorf("%w: %q must have 1 to %d characters", ErrInvalidKey, key, MaxKeyLen)
	}
	for _, seg := range strings.Split(key, "/") {
		if !keySegment.MatchString(seg) {
			return fmt.Errorf("%w: %q has a segment %q that is empty, starts with a dot or dash, or has characters other than letters, digits, '.', '-' and '_'", ErrInvalidKey, key, seg)
		}
	}
	return nil
}

func checkPut(key string, opts PutOptions) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	if opts.MaxSize <= 0 {
		return fmt.Errorf("put blob %s: a positive MaxSize is required", key)
	}
	return nil
}

// meter counts and hashes what passes through it, and fails once more than
// max bytes have passed, so an oversized stream is cut off after max+1 bytes.
type meter struct {
	r    io.Reader
	max  int64
	n    int64
	hash hash.Hash
}

func newMeter(r io.Reader, max int64) *meter {
	return &meter{r: r, max: max, hash: sha256.New()}
}

func (m *meter) Read(p []byte) (int, error) {
	if int64(len(p)) > m.max-m.n+1 {
		p = p[:m.max-m.n+1]
	}
	n, err := m.r.Read(p)
	m.n += int64(n)
	m.hash.Write(p[:n])
	if m.n > m.max {
		return n, ErrTooLarge
	}
	return n, err
}

func (m *meter) sum() string { return hex.EncodeToString(m.hash.Sum(nil)) }
