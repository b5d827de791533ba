package main

import (
	"context"
	"strings"

	"academy/services/kit/auth"
)

// listingPages are the public lists people share, described the same for
// everyone.
var listingPages = map[string]pageMeta{
	"competitions": {
		Title:       "Competitions",
		Description: "Advanced digital-skills challenges on real data: join, download the data, submit predictions and see where you rank.",
	},
}

// pageMeta describes the shared public pages: the public lists, published
// courses and programmes, and credential verification pages.
func (a *academy) pageMeta(ctx context.Context, path string) (pageMeta, bool) {
	trimmed := strings.Trim(path, "/")
	if m, ok := listingPages[trimmed]; ok {
		m.URL = a.cfg.publicURL() + "/" + trimmed
		return m, true
	}
	parts := strings.Split(trimmed, "/")
	if len(parts) != 2 || parts[1] == "" {
		return pageMeta{}, false
	}
	url := a.cfg.publicURL() + "/" + parts[0] + "/" + parts[1]
	switch parts[0] {
	case "courses":
		c, err := a.catalog.CourseBySlug(ctx, parts[1])
		if err != nil || c.Published == nil {
			return pageMeta{}, false
		}
		return pageMeta{Title: c.Published.Title, Description: c.Published.Summary, URL: url}, true
	case "programmes":
		p, err := a.catalog.Programme(ctx, auth.Anonymous, parts[1])
		if err != nil {
			return pageMeta{}, false
		}
		return pageMeta{Title: p.Title, Description: p.Summary, URL: url}, true
	case "verify":
		title, desc, err := a.creds.PageMeta(ctx, parts[1])
		if err != nil {
			return pageMeta{}, false
		}
		return pageMeta{Title: title, Description: desc, URL: url}, true
	}
	return pageMeta{}, false
}
