package httpkit_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/blob"
	"academy/services/kit/httpkit"
)

const (
	uploadMax = 100 << 20
	smallMax  = 1 << 20
)

// uploadServer listens on a real port with a JSON route limited to 256 bytes
// and an upload route streaming up to 100 MiB into a blob store.
func uploadServer(t *testing.T) (string, blob.Store) {
	t.Helper()
	store, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	app := httpkit.NewApp(httpkit.AppOptions{BodyLimit: 256, Uploads: []httpkit.Upload{"PUT /files/:name", "PUT /small/:name"}})
	app.Put("/small/:name", func(c *fiber.Ctx) error {
		if _, err := httpkit.UploadBody(c, smallMax); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	})
	app.Put("/files/:name", func(c *fiber.Ctx) error {
		body, err := httpkit.UploadBody(c, uploadMax)
		if err != nil {
			return err
		}
		info, err := store.Put(c.UserContext(), "files/"+c.Params("name"), body, blob.PutOptions{ContentType: c.Get("Content-Type"), MaxSize: uploadMax})
		if errors.Is(err, blob.ErrTooLarge) {
			return apperr.New(apperr.TooLarge, "body-too-large", "the file is larger than %d bytes", uploadMax)
		}
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(info)
	})
	app.Put("/notes/:name", func(c *fiber.Ctx) error {
		var g greeting
		if err := httpkit.DecodeJSON(c, &g); err != nil {
			return err
		}
		return c.JSON(g)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return "http://" + ln.Addr().String(), store
}

type pattern struct{ n, size int64 }

// Read yields size bytes of a repeating, position-dependent pattern.
func (p *pattern) Read(b []byte) (int, error) {
	if p.n >= p.size {
		return 0, io.EOF
	}
	k := min(int64(len(b)), p.size-p.n)
	for i := range b[:k] {
		b[i] = byte((p.n + int64(i)) % 251)
	}
	p.n += k
	return int(k), nil
}

// chunked hides the reader's length, so the client sends the body chunked.
type chunked struct{ io.Reader }

func send(t *testing.T, method, url, contentType string, body io.Reader, size int64) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	req.ContentLength = size
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// heapPeak samples the heap in use until stop is called, and returns its
// peak above the level at the start.
func heapPeak() (stop func() uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapInuse, m.HeapInuse
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak - min(base, peak)
	}
}

func TestUploadsStreamPastTheJSONLimit(t *testing.T) {
	base, store := uploadServer(t)
	for _, tc := range []struct {
		name    string
		body    func() io.Reader
		length  int64
		storeAs string
	}{
		{"declared length", func() io.Reader { return &pattern{size: 90 << 20} }, 90 << 20, "sized"},
		{"chunked", func() io.Reader { return chunked{&pattern{size: 60 << 20}} }, -1, "chunked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := sha256.New()
			size, _ := io.Copy(h, tc.body())
			stop := heapPeak()
			resp, b := send(t, "PUT", base+"/files/"+tc.storeAs, "text/csv", tc.body(), tc.length)
			grew := stop()
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("upload: %d %s", resp.StatusCode, b)
			}
			var info blob.Info
			if err := json.Unmarshal(b, &info); err != nil {
				t.Fatal(err)
			}
			if info.Size != size || info.SHA256 != hex.EncodeToString(h.Sum(nil)) || info.ContentType != "text/csv" {
				t.Fatalf("stored %+v, want %d bytes with checksum %x", info, size, h.Sum(nil))
			}
			if _, err := store.Stat(t.Context(), "files/"+tc.storeAs); err != nil {
				t.Fatal(err)
			}
			if grew > 32<<20 {
				t.Errorf("uploading %d MiB grew the heap by %d MiB: the body is held in memory", size>>20, grew>>20)
			}
		})
	}
}

func TestBodiesOverTheirLimit(t *testing.T) {
	base, store := uploadServer(t)
	small := `{"name":"Ada","count":1}`
	large := `{"name":"` + strings.Repeat("a", 400) + `"}`
	cases := []struct {
		name, method, path, contentType string
		body                            func() io.Reader
		length                          int64
		status                          int
		code                            string
	}{
		{"upload declared over its limit", "PUT", "/small/huge", "text/csv", func() io.Reader { return &pattern{size: 3 * smallMax} }, 3 * smallMax, 413, "body-too-large"},
		{"chunked upload over its limit", "PUT", "/files/huge", "text/csv", func() io.Reader { return chunked{&pattern{size: uploadMax + 1}} }, -1, 413, "body-too-large"},
		{"JSON over the JSON limit", "PUT", "/notes/a", "application/json", func() io.Reader { return strings.NewReader(large) }, int64(len(large)), 413, "body-too-large"},
		{"chunked JSON over the JSON limit", "PUT", "/notes/a", "application/json", func() io.Reader { return chunked{strings.NewReader(large)} }, -1, 413, "body-too-large"},
		{"chunked JSON within the limit", "PUT", "/notes/a", "application/json", func() io.Reader { return chunked{strings.NewReader(small)} }, -1, 200, ""},
		{"a large body to a route that is no upload", "PUT", "/notes/a", "text/csv", func() io.Reader { return &pattern{size: 6 << 20} }, 6 << 20, 413, "body-too-large"},
		{"an upload pattern with another method", "POST", "/files/huge", "text/csv", func() io.Reader { return &pattern{size: 1 << 20} }, 1 << 20, 413, "body-too-large"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, b := send(t, tc.method, base+tc.path, tc.contentType, tc.body(), tc.length)
			if resp.StatusCode != tc.status {
				t.Fatalf("got %d %s, want %d", resp.StatusCode, b, tc.status)
			}
			if tc.code == "" {
				return
			}
			var p httpkit.Problem
			if err := json.Unmarshal(b, &p); err != nil || p.Type != httpkit.ProblemTypePrefix+tc.code {
				t.Fatalf("got %s, want problem %s", b, tc.code)
			}
		})
	}
	if _, err := store.Stat(t.Context(), "files/huge"); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("refused uploads left a blob: %v", err)
	}
	if resp, b := send(t, "PUT", base+"/notes/b", "application/json", bytes.NewReader([]byte(small)), int64(len(small))); resp.StatusCode != 200 {
		t.Fatalf("the server no longer answers after refusing bodies: %d %s", resp.StatusCode, b)
	}
}
