// Package blobtest is the contract every blob.Store backend passes.
package blobtest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"

	"academy/services/kit/blob"
)

// Options adapt the contract to where a backend keeps its bytes.
type Options struct {
	// ServerInProcess says the backend's server runs in the test's process
	// (the embedded FerretDB), so its own memory would count as the
	// store's: the streaming case then checks the bytes but not the heap,
	// on a smaller blob.
	ServerInProcess bool
}

// Run checks store against the contract. newStore returns an empty store.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store, o Options) {
	t.Run("round trip", func(t *testing.T) { roundTrip(t, newStore(t)) })
	t.Run("missing", func(t *testing.T) { missing(t, newStore(t)) })
	t.Run("replace", func(t *testing.T) { replace(t, newStore(t)) })
	t.Run("failed puts leave nothing visible", func(t *testing.T) { failedPuts(t, newStore(t)) })
	t.Run("invalid keys", func(t *testing.T) { invalidKeys(t, newStore(t)) })
	t.Run("delete", func(t *testing.T) { deleteBlob(t, newStore(t)) })
	t.Run("racing puts", func(t *testing.T) { racingPuts(t, newStore(t)) })
	t.Run("streams without holding the blob", func(t *testing.T) { streams(t, newStore(t), o) })
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// mustRead reads the blob whole and checks it is want.
func mustRead(t *testing.T, s blob.Store, key string, want []byte) blob.Info {
	t.Helper()
	r, info, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("blob %s has %d bytes (%.20q…), want %d (%.20q…)", key, len(got), got, len(want), want)
	}
	return info
}

func put(t *testing.T, s blob.Store, key string, data []byte, ct string) blob.Info {
	t.Helper()
	info, err := s.Put(context.Background(), key, bytes.NewReader(data), blob.PutOptions{ContentType: ct, MaxSize: 1 << 30})
	if err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return info
}

func roundTrip(t *testing.T, s blob.Store) {
	ctx := context.Background()
	cases := []struct {
		name, key, contentType string
		data                   []byte
	}{
		{"csv", "competitions/penguins/train.csv", "text/csv", []byte("id,species\n1,Adelie\n2,Gentoo\n")},
		{"empty", "empty", "application/octet-stream", []byte{}},
		{"binary over a chunk", "a/b/c/d.bin", "application/gzip", bytes.Repeat([]byte{0, 1, 2, 255}, 300_000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			info := put(t, s, tc.key, tc.data, tc.contentType)
			want := blob.Info{Key: tc.key, Size: int64(len(tc.data)), ContentType: tc.contentType, SHA256: sum(tc.data)}
			if info.Key != want.Key || info.Size != want.Size || info.ContentType != want.ContentType || info.SHA256 != want.SHA256 || info.CreatedAt.IsZero() {
				t.Fatalf("put returned %+v, want %+v with a creation time", info, want)
			}
			got := mustRead(t, s, tc.key, tc.data)
			stat, err := s.Stat(ctx, tc.key)
			if err != nil {
				t.Fatal(err)
			}
			if !got.CreatedAt.Equal(info.CreatedAt) || !stat.CreatedAt.Equal(info.CreatedAt) {
				t.Fatalf("creation times differ: put %v, get %v, stat %v", info.CreatedAt, got.CreatedAt, stat.CreatedAt)
			}
			got.CreatedAt, stat.CreatedAt, info.CreatedAt = want.CreatedAt, want.CreatedAt, want.CreatedAt
			if got != info || stat != info {
				t.Fatalf("get said %+v and stat %+v, put said %+v", got, stat, info)
			}
		})
	}
}

func missing(t *testing.T, s blob.Store) {
	ctx := context.Background()
	if _, _, err := s.Get(ctx, "nothing/here"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("get of a missing blob: %v, want ErrNotFound", err)
	}
	if _, err := s.Stat(ctx, "nothing/here"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("stat of a missing blob: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "nothing/here"); err != nil {
		t.Fatalf("delete of a missing blob: %v, want no error", err)
	}
}

func replace(t *testing.T, s blob.Store) {
	put(t, s, "k", []byte("first version"), "text/plain")
	info := put(t, s, "k", []byte("second"), "text/csv")
	if info.Size != 6 || info.ContentType != "text/csv" {
		t.Fatalf("replacing put returned %+v", info)
	}
	if got := mustRead(t, s, "k", []byte("second")); got.SHA256 != sum([]byte("second")) {
		t.Fatalf("replaced blob has checksum %s", got.SHA256)
	}
}

// failingReader yields n bytes, then fails.
type failingReader struct{ n int }

var errBroken = errors.New("connection reset by the client")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errBroken
	}
	k := min(len(p), f.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	f.n -= k
	return k, nil
}

// cancellingReader cancels its context after yielding n bytes.
type cancellingReader struct {
	n      int
	cancel context.CancelFunc
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	if c.n == 0 {
		c.cancel()
		return len(p), nil
	}
	k := min(len(p), c.n)
	c.n -= k
	return k, nil
}

func failedPuts(t *testing.T, s blob.Store) {
	old := []byte("the blob before the failed put")
	cases := []struct {
		name string
		put  func(key string) error
		want error
	}{
		{"over the size limit", func(key string) error {
			_, err := s.Put(context.Background(), key, bytes.NewReader(make([]byte, 1001)), blob.PutOptions{MaxSize: 1000})
			return err
		}, blob.ErrTooLarge},
		{"over the limit by a large stream", func(key string) error {
			_, err := s.Put(context.Background(), key, io.LimitReader(zeros{}, 5<<20), blob.PutOptions{MaxSize: 1 << 20})
			return err
		}, blob.ErrTooLarge},
		{"reader failing halfway", func(key string) error {
			_, err := s.Put(context.Background(), key, &failingReader{n: 700_000}, blob.PutOptions{MaxSize: 1 << 30})
			return err
		}, errBroken},
		{"context cancelled halfway", func(key string) error {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			_, err := s.Put(ctx, key, &cancellingReader{n: 600_000, cancel: cancel}, blob.PutOptions{MaxSize: 1 << 30})
			return err
		}, context.Canceled},
		{"no size limit", func(key string) error {
			_, err := s.Put(context.Background(), key, bytes.NewReader(nil), blob.PutOptions{})
			return err
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fresh := "fresh/" + fmt.Sprint(len(tc.name))
			err := tc.put(fresh)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("put: %v, want %v", err, tc.want)
			}
			if _, err := s.Stat(context.Background(), fresh); !errors.Is(err, blob.ErrNotFound) {
				t.Fatalf("after a failed put the blob is visible: %v", err)
			}
			existing := "existing/" + fmt.Sprint(len(tc.name))
			put(t, s, existing, old, "text/plain")
			if err := tc.put(existing); err == nil {
				t.Fatal("put over an existing blob succeeded")
			}
			mustRead(t, s, existing, old)
		})
	}
}

func invalidKeys(t *testing.T, s blob.Store) {
	for _, key := range []string{"", "../escape", "a/../../b", "/absolute", "a//b", ".hidden", "a/.", "trailing/", "sp ace", "back\\slash", string(bytes.Repeat([]byte("k"), blob.MaxKeyLen+1))} {
		if _, err := s.Put(context.Background(), key, bytes.NewReader([]byte("x")), blob.PutOptions{MaxSize: 10}); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("put %q: %v, want ErrInvalidKey", key, err)
		}
		if _, _, err := s.Get(context.Background(), key); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("get %q: %v, want ErrInvalidKey", key, err)
		}
	}
}

func deleteBlob(t *testing.T, s blob.Store) {
	put(t, s, "gone/soon", []byte("data"), "")
	put(t, s, "gone/stays", []byte("other"), "")
	if err := s.Delete(context.Background(), "gone/soon"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Get(context.Background(), "gone/soon"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	mustRead(t, s, "gone/stays", []byte("other"))
}

// racingPuts writes one key from many goroutines released together: the
// blob read afterwards is one of the versions whole, with its own checksum.
func racingPuts(t *testing.T, s blob.Store) {
	const n = 20
	versions := make([][]byte, n)
	for i := range versions {
		versions[i] = bytes.Repeat([]byte{byte('a' + i)}, 100_000+i)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := s.Put(context.Background(), "raced", bytes.NewReader(versions[i]), blob.PutOptions{MaxSize: 1 << 20})
			errs <- err
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r, info, err := s.Get(context.Background(), "raced")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	i := int(got[0] - 'a')
	if i < 0 || i >= n || !bytes.Equal(got, versions[i]) || info.SHA256 != sum(got) || info.Size != int64(len(got)) {
		t.Fatalf("after racing puts the blob is %d bytes starting %q with info %+v: not one whole version", len(got), got[:1], info)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// heapWatcher reads like its reader and records the largest heap in use,
// sampled every few megabytes.
type heapWatcher struct {
	r         io.Reader
	sinceLast int
	peak      uint64
}

func (h *heapWatcher) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.sinceLast += n
	if h.sinceLast >= 4<<20 {
		h.sinceLast = 0
		h.sample()
	}
	return n, err
}

func (h *heapWatcher) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	h.peak = max(h.peak, m.HeapInuse)
}

// streams puts and gets a 64 MiB blob: the heap never grows by anything
// near its size, so a 200 MB dataset costs no more.
func streams(t *testing.T, s blob.Store, o Options) {
	size := int64(64 << 20)
	if o.ServerInProcess {
		size = 8 << 20
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	in := &heapWatcher{r: io.LimitReader(zeros{}, size)}
	info, err := s.Put(context.Background(), "big", in, blob.PutOptions{MaxSize: size})
	if err != nil {
		t.Fatal(err)
	}
	if info.Size != size {
		t.Fatalf("size %d, want %d", info.Size, size)
	}
	r, _, err := s.Get(context.Background(), "big")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := &heapWatcher{r: r}
	h := sha256.New()
	n, err := io.Copy(h, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != size || hex.EncodeToString(h.Sum(nil)) != info.SHA256 {
		t.Fatalf("read back %d bytes with checksum %x, want %d with %s", n, h.Sum(nil), size, info.SHA256)
	}
	if o.ServerInProcess {
		t.Logf("the database server runs in this process: its memory is not the store's, so the heap is not checked")
		return
	}
	const bound = 24 << 20
	for what, peak := range map[string]uint64{"put": in.peak, "get": out.peak} {
		if peak > base.HeapInuse+bound {
			t.Errorf("%s of a %d MiB blob grew the heap from %d to %d MiB: the blob is being held in memory",
				what, size>>20, base.HeapInuse>>20, peak>>20)
		}
	}
}
