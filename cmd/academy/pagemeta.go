package main

import (
	"context"
	"slices"
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

// competitionTabs are the sub-pages of a competition's page, described as
// the competition.
var competitionTabs = []string{"data", "rules", "leaderboard", "submissions", "team"}

// pageMeta describes the shared public pages: the public lists, published
// courses, programmes and competitions (with their tabs), and credential
// verification pages.
func (a *academy) pageMeta(ctx context.Context, path string) (pageMeta, bool) {
	trimmed := strings.Trim(path, "/")
	if m, ok := listingPages[trimmed]; ok {
		m.URL = a.cfg.publicURL() + "/" + trimmed
		return m, true
	}
	parts := strings.Split(trimmed, "/")
	if len(parts) == 3 && parts[0] == "competitions" && slices.Contains(competitionTabs, parts[2]) {
		return a.competitionMeta(ctx, parts[1], a.cfg.publicURL()+"/"+trimmed)
	}
	if len(parts) != 2 || parts[1] == "" {
		return pageMeta{}, false
	}
	url := a.cfg.publicURL() + "/" + parts[0] + "/" + parts[1]
	switch parts[0] {
	case "competitions":
		return a.competitionMeta(ctx, parts[1], url)
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

// competitionMeta describes a published competition's page at url; drafts
// are nobody's to preview.
func (a *academy) competitionMeta(ctx context.Context, slug, url string) (pageMeta, bool) {
	if slug == "" {
		return pageMeta{}, false
	}
	c, err := a.comps.Competition(ctx, auth.Anonymous, slug)
	if err != nil {
		return pageMeta{}, false
	}
	return pageMeta{Title: c.Title, Description: c.Summary, URL: url}, true
}
