package main

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// webApp serves the single-page app's build: files by path, with long caching
// for hashed assets, and index.html for every other GET outside /api/ and
// /assets/ so client routes work on reload.
// Pages people share get their title, description and Open Graph tags from
// the server, so link previews and search engines see them.
type webApp struct {
	files fs.FS
	index []byte
	bare  []byte // index without its default title and description, for pages that bring their own
	meta  func(ctx context.Context, path string) (pageMeta, bool)
}

// pageMeta describes a shared page for link previews.
type pageMeta struct {
	Title, Description, URL string
}

func newWebApp(files fs.FS, meta func(ctx context.Context, path string) (pageMeta, bool)) (*webApp, error) {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return nil, err
	}
	bare := defaultTitle.ReplaceAll(index, nil)
	bare = defaultDescription.ReplaceAll(bare, nil)
	return &webApp{files: files, index: index, bare: bare, meta: meta}, nil
}

// The default title and description of index.html, which a page's own replace.
var (
	defaultTitle       = regexp.MustCompile(`(?s)<title>.*?</title>\s*`)
	defaultDescription = regexp.MustCompile(`<meta name="description"[^>]*>\s*`)
)

// headTags renders the tags for m, escaped.
func (m pageMeta) headTags() string {
	title, desc, u := html.EscapeString(m.Title), html.EscapeString(m.Description), html.EscapeString(m.URL)
	return "<title>" + title + " · Academy</title>" +
		`<meta name="description" content="` + desc + `">` +
		`<meta property="og:type" content="website"><meta property="og:site_name" content="Academy">` +
		`<meta property="og:title" content="` + title + `"><meta property="og:description" content="` + desc + `">` +
		`<meta property="og:url" content="` + u + `"><link rel="canonical" href="` + u + `">` +
		`<meta name="twitter:card" content="summary"><meta name="twitter:title" content="` + title + `">` +
		`<meta name="twitter:description" content="` + desc + `">`
}

// headMarker is where page-specific tags go in index.html.
const headMarker = "<!--academy:head-->"

func (w *webApp) handle(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return fiber.ErrMethodNotAllowed
	}
	p := strings.TrimPrefix(path.Clean(c.Path()), "/")
	if p == "api" || strings.HasPrefix(p, "api/") {
		return fiber.ErrNotFound
	}
	if p != "" && p != "index.html" {
		if b, err := fs.ReadFile(w.files, p); err == nil {
			if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
				c.Set(fiber.HeaderContentType, ct)
			}
			if strings.HasPrefix(p, "assets/") {
				c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
			}
			return c.Send(b)
		}
		// The build puts every file it references under assets/: a missing one
		// there is a stale or mistyped asset, not a page. Any other path is a
		// client route, including those with a dot (/learn/<course>/<module>.<item>).
		if strings.HasPrefix(p, "assets/") {
			return fiber.ErrNotFound
		}
	}
	if w.meta != nil {
		if m, ok := w.meta(c.UserContext(), "/"+p); ok {
			return w.page(c, m.headTags())
		}
	}
	return w.page(c, "")
}

// page sends index.html with extra head tags (already escaped) at the marker.
func (w *webApp) page(c *fiber.Ctx, head string) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "no-cache")
	if head == "" {
		return c.Send(w.index)
	}
	return c.Send(bytes.Replace(w.bare, []byte(headMarker), []byte(head), 1))
}
