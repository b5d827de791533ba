package statuslist

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestEncodeDecodeKeepsEveryStatus(t *testing.T) {
	for _, size := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("%d-bit statuses", size), func(t *testing.T) {
			b := New(MinEntries, size)
			want := map[int]uint8{}
			for n, i := range []int{0, 1, 7, 8, 4242, MinEntries - 1} {
				want[i] = uint8(n%(1<<size-1) + 1)
				b.Set(i, want[i])
			}
			enc, err := b.Encode()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(enc, "u") || strings.ContainsAny(enc, "+/=") {
				t.Fatalf("encoded list %q… is not multibase base64url without padding", enc[:10])
			}
			got, err := Decode(enc, size)
			if err != nil {
				t.Fatal(err)
			}
			if got.Len() != MinEntries {
				t.Fatalf("Len = %d, want %d", got.Len(), MinEntries)
			}
			for i := 0; i < got.Len(); i++ {
				v, err := got.Get(i)
				if err != nil {
					t.Fatal(err)
				}
				if v != want[i] {
					t.Fatalf("entry %d = %d, want %d", i, v, want[i])
				}
			}
		})
	}
}

// The specification orders entries from the most significant bit of the
// first byte, each status most significant bit first.
func TestEntryZeroIsTheLeftmostBit(t *testing.T) {
	b := New(16, 1)
	b.Set(0, 1)
	b.Set(9, 1)
	if b.bits[0] != 0x80 || b.bits[1] != 0x40 {
		t.Fatalf("bytes = %08b %08b, want 10000000 01000000", b.bits[0], b.bits[1])
	}
	wide := New(8, 2)
	wide.Set(0, 2)
	wide.Set(1, 1)
	wide.Set(5, 3)
	if wide.bits[0] != 0b10010000 || wide.bits[1] != 0b00110000 {
		t.Fatalf("bytes = %08b %08b, want 10010000 00110000", wide.bits[0], wide.bits[1])
	}
	wide.Set(5, 0)
	if v, _ := wide.Get(5); v != 0 || wide.bits[1] != 0 {
		t.Fatalf("clearing entry 5 left %d (%08b)", v, wide.bits[1])
	}
}

func TestGetOutsideTheList(t *testing.T) {
	b := New(MinEntries, 2)
	for _, i := range []int{-1, MinEntries} {
		if _, err := b.Get(i); err == nil {
			t.Errorf("Get(%d) succeeded", i)
		}
	}
}

func gzipped(tb testing.TB, raw []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func multibase(b []byte) string { return "u" + base64.RawURLEncoding.EncodeToString(b) }

func TestDecodeRefuses(t *testing.T) {
	valid := gzipped(t, make([]byte, MinEntries/8))
	tests := []struct {
		name    string
		encoded string
		want    error
	}{
		{"empty", "", ErrNotMultibase},
		{"base64 with another multibase prefix", "m" + base64.StdEncoding.EncodeToString(valid), ErrNotMultibase},
		{"not gzip", multibase(make([]byte, MinEntries/8)), ErrNotGzip},
		{"truncated gzip", multibase(valid[:len(valid)/2]), ErrCorrupt},
		{"corrupted checksum", multibase(append(append([]byte{}, valid[:len(valid)-8]...), 1, 2, 3, 4, 5, 6, 7, 8)), ErrCorrupt},
		{"too short", multibase(gzipped(t, make([]byte, 1024))), ErrTooSmall},
		{"inflates beyond the bound", multibase(gzipped(t, make([]byte, MaxInflatedLen+1))), ErrTooLarge},
		{"encoded beyond the bound", "u" + strings.Repeat("A", MaxEncodedLen), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.encoded, 1)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode error = %v, want %v", err, tt.want)
			}
		})
	}
	// 16 KiB hold 131,072 one-bit statuses but only half as many two-bit ones.
	if _, err := Decode(multibase(valid), 2); !errors.Is(err, ErrTooSmall) {
		t.Errorf("Decode of 16 KiB as 2-bit statuses = %v, want %v", err, ErrTooSmall)
	}
	for _, size := range []int{0, 9} {
		if _, err := Decode(multibase(valid), size); !errors.Is(err, ErrStatusSize) {
			t.Errorf("Decode with statusSize %d = %v, want %v", size, err, ErrStatusSize)
		}
	}
	if _, err := Decode("u!!!", 1); err == nil || !strings.Contains(err.Error(), "base64url") {
		t.Errorf("Decode of bad base64 = %v, want a base64url error", err)
	}
}
