package statuslist

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func TestEncodeDecodeKeepsEveryBit(t *testing.T) {
	b := New(MinBits)
	set := []int{0, 1, 7, 8, 4242, MinBits - 1}
	for _, i := range set {
		b.Set(i)
	}
	enc, err := b.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "u") || strings.ContainsAny(enc, "+/=") {
		t.Fatalf("encoded list %q… is not multibase base64url without padding", enc[:10])
	}
	got, err := Decode(enc)
	if err != nil {
		t.Fatal(err)
	}
	if got.Len() != MinBits {
		t.Fatalf("Len = %d, want %d", got.Len(), MinBits)
	}
	want := map[int]bool{}
	for _, i := range set {
		want[i] = true
	}
	for i := 0; i < got.Len(); i++ {
		on, err := got.Get(i)
		if err != nil {
			t.Fatal(err)
		}
		if on != want[i] {
			t.Fatalf("entry %d = %v, want %v", i, on, want[i])
		}
	}
}

// The specification orders entries from the most significant bit of the first byte.
func TestEntryZeroIsTheLeftmostBit(t *testing.T) {
	b := New(16)
	b.Set(0)
	b.Set(9)
	if b.bits[0] != 0x80 || b.bits[1] != 0x40 {
		t.Fatalf("bytes = %08b %08b, want 10000000 01000000", b.bits[0], b.bits[1])
	}
}

func TestGetOutsideTheList(t *testing.T) {
	b := New(MinBits)
	for _, i := range []int{-1, MinBits} {
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
	valid := gzipped(t, make([]byte, MinBits/8))
	tests := []struct {
		name    string
		encoded string
		want    error
	}{
		{"empty", "", ErrNotMultibase},
		{"base64 with another multibase prefix", "m" + base64.StdEncoding.EncodeToString(valid), ErrNotMultibase},
		{"not gzip", multibase(make([]byte, MinBits/8)), ErrNotGzip},
		{"truncated gzip", multibase(valid[:len(valid)/2]), ErrCorrupt},
		{"corrupted checksum", multibase(append(append([]byte{}, valid[:len(valid)-8]...), 1, 2, 3, 4, 5, 6, 7, 8)), ErrCorrupt},
		{"too short", multibase(gzipped(t, make([]byte, 1024))), ErrTooSmall},
		{"inflates beyond the bound", multibase(gzipped(t, make([]byte, MaxInflatedLen+1))), ErrTooLarge},
		{"encoded beyond the bound", "u" + strings.Repeat("A", MaxEncodedLen), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(tt.encoded)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := Decode("u!!!"); err == nil || !strings.Contains(err.Error(), "base64url") {
		t.Errorf("Decode of bad base64 = %v, want a base64url error", err)
	}
}
