package httpkit

import (
	"bytes"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
)

// The server streams request bodies (fasthttp's StreamRequestBody), so that a
// route receiving a dataset can pass it on to storage without holding it in
// memory. Every other route keeps the JSON body limit: limitBodies reads at
// most that much before any handler sees the request, and refuses the rest.

// Upload names a route whose body is streamed past the JSON limit, as
// "METHOD /path/:param/..." in Fiber's pattern syntax; its handler reads the
// body with UploadBody, under a limit of its own.
type Upload string

func (u Upload) matches(method, path string) bool {
	m, pattern, ok := strings.Cut(string(u), " ")
	if !ok || m != method {
		return false
	}
	want := strings.Split(strings.Trim(pattern, "/"), "/")
	got := strings.Split(strings.Trim(path, "/"), "/")
	if len(want) != len(got) {
		return false
	}
	for i, seg := range want {
		if !strings.HasPrefix(seg, ":") && seg != got[i] {
			return false
		}
	}
	return true
}

func bodyTooLarge(limit int64) error {
	return apperr.New(apperr.TooLarge, "body-too-large", "the request body is larger than %d bytes", limit)
}

// lingerBytes is how much of a refused body is read and dropped before the
// answer. The rest of the body would otherwise be read as the next request on
// the connection, and closing a connection with unread data resets it, which
// can destroy the answer before the client reads it; past this much the
// connection is closed all the same.
const lingerBytes = 8 << 20

const uploadBodyKey = "academy.upload_body"

// endOnce remembers the end of a body stream: fasthttp's chunked stream read
// again after its end waits for another chunk that never comes.
type endOnce struct {
	r   io.Reader
	err error
}

func (e *endOnce) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.r.Read(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// finishBody drops what is left of a streamed body, up to lingerBytes, and
// closes the connection after the answer unless the body was read whole.
func finishBody(c *fiber.Ctx, body io.Reader) {
	if n, _ := io.Copy(io.Discard, io.LimitReader(body, lingerBytes)); n > 0 {
		c.Context().SetConnectionClose()
	}
}

// limitBodies holds every request body but those of uploads to limit bytes.
func limitBodies(limit int, uploads []Upload) fiber.Handler {
	return func(c *fiber.Ctx) error {
		req := c.Request()
		if !req.IsBodyStream() {
			return c.Next()
		}
		body := &endOnce{r: req.BodyStream()}
		for _, u := range uploads {
			if u.matches(c.Method(), c.Path()) {
				c.Locals(uploadBodyKey, body)
				defer finishBody(c, body)
				return c.Next()
			}
		}
		if n := req.Header.ContentLength(); n > limit {
			finishBody(c, body)
			return bodyTooLarge(int64(limit))
		}
		// A body of known length within the limit is already read; a chunked
		// one is read here up to the limit.
		var buf bytes.Buffer
		n, err := io.Copy(&buf, io.LimitReader(body, int64(limit)+1))
		if err != nil {
			return apperr.New(apperr.Invalid, "bad-request", "the request body could not be read: %v", err)
		}
		if n > int64(limit) {
			finishBody(c, body)
			return bodyTooLarge(int64(limit))
		}
		req.SetBodyRaw(buf.Bytes())
		return c.Next()
	}
}

// UploadBody returns the body of an upload route (one named in
// AppOptions.Uploads) as a stream, refusing at once a body whose declared
// length is over max. A chunked body has no declared length: the reader's
// consumer enforces max as it reads (blob.Store.Put does).
func UploadBody(c *fiber.Ctx, max int64) (io.Reader, error) {
	if n := c.Request().Header.ContentLength(); n > 0 && int64(n) > max {
		return nil, bodyTooLarge(max)
	}
	if body, ok := c.Locals(uploadBodyKey).(io.Reader); ok {
		return body, nil
	}
	return bytes.NewReader(c.Body()), nil
}
