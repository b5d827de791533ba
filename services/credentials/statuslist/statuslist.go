// Package statuslist encodes and decodes the bitstring of a W3C Bitstring
// Status List: a status of statusSize bits per credential (one bit for
// revocation or suspension lists, more for "message" lists), GZIP-compressed,
// base64url-encoded without padding and prefixed with the multibase "u".
// Decoding is bounded so a hostile list cannot exhaust memory.
package statuslist

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
)

// MinEntries is the fewest entries a list may have (131,072, so 16 KiB of
// one-bit statuses): a short list would tell an observer how few credentials
// share it. Lists of wider statuses need as many entries, so more bits.
const MinEntries = 131072

// MaxStatusSize bounds the width of one status: a byte per entry is more
// than any status purpose needs.
const MaxStatusSize = 8

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
	ErrStatusSize   = errors.New("statusSize must be an integer from 1 to 8")
	ErrNotGzip      = errors.New("status list is not GZIP-compressed")
	ErrCorrupt      = errors.New("status list does not decompress")
)

// Bitstring is a status list: entry i holds the status of the credential at
// index i, a number of Size bits (for a one-bit list, set means revoked, or
// suspended).
type Bitstring struct {
	bits []byte
	size int
}

// New returns a list of n entries of size bits each, all zero; the bits are
// rounded up to whole bytes. It panics when size is outside 1–MaxStatusSize.
func New(n, size int) *Bitstring {
	if size < 1 || size > MaxStatusSize {
		panic(ErrStatusSize)
	}
	return &Bitstring{bits: make([]byte, (n*size+7)/8), size: size}
}

// Len is the number of entries.
func (b *Bitstring) Len() int { return len(b.bits) * 8 / b.size }

// Size is the number of bits of one entry.
func (b *Bitstring) Size() int { return b.size }

// Set stores status v at entry i; it panics when i is out of range or v does
// not fit in Size bits, like a slice index.
func (b *Bitstring) Set(i int, v uint8) {
	if i < 0 || i >= b.Len() || int(v)>>b.size != 0 {
		panic(fmt.Sprintf("statuslist: cannot store %d at entry %d of a list of %d %d-bit entries", v, i, b.Len(), b.size))
	}
	for k := range b.size {
		pos := i*b.size + k
		bit := byte(0x80) >> (pos % 8)
		if v&(1<<(b.size-1-k)) != 0 {
			b.bits[pos/8] |= bit
		} else {
			b.bits[pos/8] &^= bit
		}
	}
}

// Get returns the status at entry i. Entry 0 starts at the most significant
// bit of the first byte, and each status is read most significant bit first,
// as the specification orders them.
func (b *Bitstring) Get(i int) (uint8, error) {
	if i < 0 || i >= b.Len() {
		return 0, fmt.Errorf("status list index %d is outside the list of %d entries", i, b.Len())
	}
	var v uint8
	for k := range b.size {
		pos := i*b.size + k
		v <<= 1
		if b.bits[pos/8]&(0x80>>(pos%8)) != 0 {
			v |= 1
		}
	}
	return v, nil
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

// Decode reads an encodedList value whose entries have size bits. It refuses
// values longer than MaxEncodedLen, lists that inflate beyond MaxInflatedLen,
// lists of fewer than MinEntries entries, and anything that is not complete
// GZIP data.
func Decode(encoded string, size int) (*Bitstring, error) {
	if size < 1 || size > MaxStatusSize {
		return nil, fmt.Errorf("%w, not %d", ErrStatusSize, size)
	}
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
	b := &Bitstring{bits: bits, size: size}
	if b.Len() < MinEntries {
		return nil, fmt.Errorf("%w: it has %d entries of %d bits", ErrTooSmall, b.Len(), size)
	}
	return b, nil
}
