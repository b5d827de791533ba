// Package statuslist encodes and decodes the bitstring of a W3C Bitstring
// Status List: one bit per credential, GZIP-compressed, base64url-encoded
// without padding and prefixed with the multibase "u". Decoding is bounded so
// a hostile list cannot exhaust memory.
package statuslist

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
)

// MinBits is the smallest list the specification allows (16 KiB of bits): a
// short list would tell an observer how few credentials share it.
const MinBits = 131072

// The bounds Decode enforces.
const (
	MaxEncodedLen  = 1 << 20  // characters of the encodedList value
	MaxInflatedLen = 16 << 20 // bytes of the decompressed bitstring (134 million entries)
)

// multibaseBase64URL is the multibase prefix of base64url without padding.
const multibaseBase64URL = 'u'

// Errors Decode wraps, so callers can tell the reasons apart.
var (
	ErrNotMultibase = errors.New("encoded list does not start with the multibase prefix \"u\" (base64url)")
	ErrTooLarge     = errors.New("status list is larger than allowed")
	ErrTooSmall     = errors.New("status list is shorter than the 131,072 entries the specification requires")
	ErrNotGzip      = errors.New("status list is not GZIP-compressed")
	ErrCorrupt      = errors.New("status list does not decompress")
)

// Bitstring is a status list: bit i is set when the credential at index i
// has the list's status (revoked, or suspended).
type Bitstring struct {
	bits []byte
}

// New returns a bitstring of n entries, all clear; n is rounded up to whole bytes.
func New(n int) *Bitstring {
	return &Bitstring{bits: make([]byte, (n+7)/8)}
}

// Len is the number of entries.
func (b *Bitstring) Len() int { return len(b.bits) * 8 }

// Set sets entry i; it panics when i is out of range, like a slice index.
func (b *Bitstring) Set(i int) { b.bits[i/8] |= 0x80 >> (i % 8) }

// Get reports whether entry i is set. Entry 0 is the most significant bit of
// the first byte, as the specification orders them.
func (b *Bitstring) Get(i int) (bool, error) {
	if i < 0 || i >= b.Len() {
		return false, fmt.Errorf("status list index %d is outside the list of %d entries", i, b.Len())
	}
	return b.bits[i/8]&(0x80>>(i%8)) != 0, nil
}

// Encode returns the encodedList value of the bitstring.
func (b *Bitstring) Encode() (string, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b.bits); err != nil {
		return "", fmt.Errorf("compress status list: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("compress status list: %w", err)
	}
	return string(multibaseBase64URL) + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// Decode reads an encodedList value. It refuses values longer than
// MaxEncodedLen, lists that inflate beyond MaxInflatedLen, lists shorter than
// MinBits, and anything that is not complete GZIP data.
func Decode(encoded string) (*Bitstring, error) {
	if len(encoded) > MaxEncodedLen {
		return nil, fmt.Errorf("%w: the encoded list has %d characters, more than %d", ErrTooLarge, len(encoded), MaxEncodedLen)
	}
	if len(encoded) == 0 || encoded[0] != multibaseBase64URL {
		return nil, ErrNotMultibase
	}
	compressed, err := base64.RawURLEncoding.DecodeString(encoded[1:])
	if err != nil {
		return nil, fmt.Errorf("status list is not base64url without padding: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotGzip, err)
	}
	zr.Multistream(false)
	bits, err := io.ReadAll(io.LimitReader(zr, MaxInflatedLen+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if len(bits) > MaxInflatedLen {
		return nil, fmt.Errorf("%w: it inflates to more than %d bytes", ErrTooLarge, MaxInflatedLen)
	}
	if len(bits)*8 < MinBits {
		return nil, fmt.Errorf("%w: it has %d entries", ErrTooSmall, len(bits)*8)
	}
	return &Bitstring{bits: bits}, nil
}
