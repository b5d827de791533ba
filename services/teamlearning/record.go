package teamlearning

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// LiteracyRecord is a company's evidence of its team's AI literacy (AI Act,
// Art. 4) on one date: the sharing members who hold a credential of one of
// its AI-literacy courses, the sharing members who do not yet, and only the
// number of members who share nothing.
type LiteracyRecord struct {
	OrgID       string          `json:"org_id"`
	OrgName     string          `json:"org_name"`
	GeneratedAt time.Time       `json:"generated_at"`
	Courses     []CourseRef     `json:"courses"`
	Members     int             `json:"members"`
	Completed   []LiterateEntry `json:"completed"`
	NotYet      []PendingEntry  `json:"not_yet"`
	NotSharing  int             `json:"not_sharing"`
}

// LiterateEntry is a member's credential for an AI-literacy course, with the
// address where anyone can verify it.
type LiterateEntry struct {
	UserID       string    `json:"user_id"`
	DisplayName  string    `json:"display_name"`
	Course       string    `json:"course"`
	Credential   string    `json:"credential"`
	CredentialID string    `json:"credential_id"`
	IssuedAt     time.Time `json:"issued_at"`
	VerifyURL    string    `json:"verify_url"`
}

// PendingEntry is a sharing member without an AI-literacy credential yet.
type PendingEntry struct {
	UserID      string `json:"user_id"`
	DisplayName string `json:"display_name"`
}

// Literacy returns the company's AI-literacy record as of now.
func (s *Service) Literacy(ctx context.Context, p auth.Principal, orgID string) (LiteracyRecord, error) {
	o, err := s.company(ctx, p, orgID)
	if err != nil {
		return LiteracyRecord{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return LiteracyRecord{}, err
	}
	members, err := s.members(ctx, r)
	if err != nil {
		return LiteracyRecord{}, err
	}
	sharing, notSharing := split(members)
	rec := LiteracyRecord{OrgID: orgID, OrgName: o.Name, GeneratedAt: s.clock(), Courses: []CourseRef{}, Members: len(members),
		Completed: []LiterateEntry{}, NotYet: []PendingEntry{}, NotSharing: notSharing}
	// A course credential's achievement is its course, named by id.
	byID := map[string]CourseRef{}
	for _, slug := range literacyCourses(r) {
		ref := CourseRef{Slug: slug, Title: slug}
		c, err := s.catalogue.CourseBySlug(ctx, slug)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return LiteracyRecord{}, err
		}
		if err == nil {
			if c.Published != nil {
				ref.Title = c.Published.Title
			}
			byID[c.ID] = ref
		}
		rec.Courses = append(rec.Courses, ref)
	}
	for _, m := range sharing {
		creds, err := s.active(ctx, m.UserID)
		if err != nil {
			return LiteracyRecord{}, err
		}
		found := false
		for _, c := range creds {
			course, ok := byID[c.AchievementID]
			if !ok {
				continue
			}
			found = true
			rec.Completed = append(rec.Completed, LiterateEntry{UserID: m.UserID, DisplayName: m.DisplayName, Course: course.Slug, Credential: c.Name,
				CredentialID: c.ID, IssuedAt: c.IssuedAt, VerifyURL: s.baseURL + "/verify/" + c.ID})
		}
		if !found {
			rec.NotYet = append(rec.NotYet, PendingEntry{UserID: m.UserID, DisplayName: m.DisplayName})
		}
	}
	slices.SortFunc(rec.Completed, func(a, b LiterateEntry) int {
		return cmp.Or(cmp.Compare(a.DisplayName, b.DisplayName), a.IssuedAt.Compare(b.IssuedAt))
	})
	slices.SortFunc(rec.NotYet, func(a, b PendingEntry) int { return cmp.Compare(a.DisplayName, b.DisplayName) })
	return rec, nil
}

// FileName is the name the record's download is saved under.
func (r LiteracyRecord) FileName(ext string) string {
	return "ai-literacy-record-" + r.GeneratedAt.Format(time.DateOnly) + "." + ext
}

// WriteCSV writes the record as CSV, every row of the same seven columns so
// that strict readers take it: a few rows saying what it is, then the
// column names and one row per sharing member (one per credential when several).
func (r LiteracyRecord) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	about := func(key, value string) []string { return []string{key, value, "", "", "", "", ""} }
	rows := [][]string{
		about("record", "AI literacy record (EU AI Act, Article 4)"),
		about("organisation", r.OrgName),
		about("generated_at", r.GeneratedAt.Format(time.RFC3339)),
		about("members", strconv.Itoa(r.Members)),
		about("members_not_sharing", strconv.Itoa(r.NotSharing)),
		{"status", "member", "course", "credential", "credential_id", "issued_on", "verify_url"},
	}
	for _, e := range r.Completed {
		rows = append(rows, []string{"completed", e.DisplayName, e.Course, e.Credential, e.CredentialID, e.IssuedAt.Format(time.DateOnly), e.VerifyURL})
	}
	for _, e := range r.NotYet {
		rows = append(rows, []string{"not-yet", e.DisplayName, "", "", "", "", ""})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write AI-literacy record: %w", err)
	}
	return nil
}

// Page geometry of the PDF record: A4 portrait, in points.
const (
	recordPageH   = 841.89
	recordMargin  = 50.0
	recordWidth   = 595.28 - 2*recordMargin
	recordLineGap = 16.0
)

// WritePDF writes the record as a one- or several-page PDF.
func (r LiteracyRecord) WritePDF(w io.Writer) error {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.SetInfo(gopdf.PdfInfo{Title: "AI literacy record — " + r.OrgName, Author: r.OrgName, CreationDate: r.GeneratedAt})
	if err := pdf.AddTTFFontData("regular", goregular.TTF); err != nil {
		return fmt.Errorf("load record font: %w", err)
	}
	if err := pdf.AddTTFFontData("bold", gobold.TTF); err != nil {
		return fmt.Errorf("load record font: %w", err)
	}
	pdf.AddPage()
	p := &recordPrinter{pdf: pdf, y: recordMargin}
	p.line("bold", 18, "AI literacy record")
	p.line("regular", 11, "EU AI Act, Article 4: AI literacy of staff")
	p.gap()
	p.line("bold", 12, r.OrgName)
	p.line("regular", 10, "Generated on "+r.GeneratedAt.Format("2 January 2006, 15:04 MST"))
	p.line("regular", 10, fmt.Sprintf("Team members: %d. Members who do not share their learning with the company: %d (counted, not named).", r.Members, r.NotSharing))
	for _, c := range r.Courses {
		p.line("regular", 10, "AI-literacy course: "+c.Title+" ("+c.Slug+")")
	}
	p.gap()
	p.line("bold", 13, fmt.Sprintf("Completed (%d)", len(r.Completed)))
	for _, e := range r.Completed {
		p.line("bold", 10, e.DisplayName+" — "+e.Credential+", issued "+e.IssuedAt.Format(time.DateOnly))
		p.line("regular", 9, "Verify: "+e.VerifyURL)
	}
	p.gap()
	p.line("bold", 13, fmt.Sprintf("Not yet completed (%d)", len(r.NotYet)))
	for _, e := range r.NotYet {
		p.line("regular", 10, e.DisplayName)
	}
	if p.err != nil {
		return fmt.Errorf("draw AI-literacy record: %w", p.err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("write AI-literacy record: %w", err)
	}
	return nil
}

// recordPrinter writes wrapped lines down the page, turning pages as they
// fill, and keeps the first error so layout code stays flat.
type recordPrinter struct {
	pdf *gopdf.GoPdf
	y   float64
	err error
}

func (p *recordPrinter) gap() { p.y += recordLineGap / 2 }

func (p *recordPrinter) line(font string, size float64, s string) {
	if p.err != nil {
		return
	}
	if p.err = p.pdf.SetFont(font, "", size); p.err != nil {
		return
	}
	lines, err := p.pdf.SplitTextWithWordWrap(s, recordWidth)
	if err != nil {
		// A word longer than the line, such as a long address, goes on one line of its own.
		lines = []string{s}
	}
	for _, l := range lines {
		if p.y > recordPageH-recordMargin {
			p.pdf.AddPage()
			p.y = recordMargin
		}
		p.pdf.SetXY(recordMargin, p.y)
		if p.err = p.pdf.Cell(nil, l); p.err != nil {
			return
		}
		p.y += size * 1.4
	}
}
