// Package certificate prints the PDF certificate that accompanies a
// credential: who earned what from whom, the workload and level, the date,
// and a QR code leading to the public verification page. The PDF is a
// convenience for people; the signed credential is what proves the facts.
package certificate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/signintech/gopdf"
	"github.com/yeqown/go-qrcode/v2"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/message"
)

// The statuses a certificate can show; an active credential prints none.
const (
	StatusRevoked   = "revoked"
	StatusSuspended = "suspended"
)

// Certificate is what a certificate shows.
type Certificate struct {
	CredentialID    string
	VerifyURL       string // the public verification page the QR code leads to
	LearnerName     string
	InstitutionName string
	Country         string // ISO 3166-1 alpha-2 code of the awarding body
	AchievementName string
	ECTS            float64 // 0 when the course carries no ECTS credits
	WorkloadHours   float64
	EQFLevel        int     // 0 when none applies
	Grade           float64 // percent
	HasGrade        bool
	IssuedAt        time.Time
	Status          string // "", StatusRevoked or StatusSuspended
	Platform        string // the hosting platform, named in the document information
}

// Page geometry in points: A4 landscape.
const (
	pageW  = 842.0
	pageH  = 595.0
	margin = 36.0
	qrSize = 96.0
)

// Match returns the supported language closest to the given language tags
// (a lang query parameter or an Accept-Language header), English otherwise.
func Match(prefs ...string) string {
	var tags []language.Tag
	for _, p := range prefs {
		parsed, _, err := language.ParseAcceptLanguage(p)
		if err == nil {
			tags = append(tags, parsed...)
		}
	}
	supported := make([]language.Tag, len(languages))
	for i, l := range languages {
		supported[i] = language.Make(l)
	}
	_, i, conf := language.NewMatcher(supported).Match(tags...)
	if conf == language.No {
		return languages[0]
	}
	return languages[i]
}

// Render writes the certificate as a one-page PDF in lang (one of
// Languages; anything else prints English).
func Render(w io.Writer, c Certificate, lang string) error {
	if !slices.Contains(languages, lang) {
		lang = languages[0]
	}
	p := printer{lang: lang, num: message.NewPrinter(language.Make(lang))}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4Landscape})
	pdf.SetInfo(gopdf.PdfInfo{
		Title:        c.AchievementName,
		Subject:      p.msg(msgCredentialID, c.CredentialID),
		Author:       c.InstitutionName,
		Creator:      c.Platform,
		CreationDate: c.IssuedAt,
	})
	if err := pdf.AddTTFFontData("regular", goregular.TTF); err != nil {
		return fmt.Errorf("load certificate font: %w", err)
	}
	if err := pdf.AddTTFFontData("bold", gobold.TTF); err != nil {
		return fmt.Errorf("load certificate font: %w", err)
	}
	pdf.AddPage()
	d := drawer{pdf: pdf}

	pdf.SetStrokeColor(30, 64, 120)
	pdf.SetLineWidth(2)
	pdf.RectFromUpperLeftWithStyle(margin/2, margin/2, pageW-margin, pageH-margin, "D")
	pdf.SetLineWidth(0.5)
	pdf.RectFromUpperLeftWithStyle(margin/2+5, margin/2+5, pageW-margin-10, pageH-margin-10, "D")

	d.color(30, 64, 120)
	d.centered("bold", 20, 62, c.InstitutionName)
	d.color(20, 20, 20)
	d.centered("bold", 32, 104, p.msg(msgTitle))
	d.centered("regular", 14, 160, p.msg(msgCertifies))
	d.centered("bold", 26, 184, c.LearnerName)
	d.centered("regular", 14, 228, p.msg(msgCompleted))
	y := d.wrapped("bold", 20, 252, pageW-4*margin, c.AchievementName)

	d.color(60, 60, 60)
	y += 18
	for _, line := range p.details(c) {
		d.centered("regular", 12, y, line)
		y += 18
	}

	if c.Status != "" {
		d.color(170, 20, 20)
		key := msgSuspended
		if c.Status == StatusRevoked {
			key = msgRevoked
		}
		d.centered("bold", 16, y+8, p.msg(key))
	}

	d.color(80, 80, 80)
	footerY := pageH - margin - 20
	d.left("regular", 9, margin+8, footerY-30, p.msg(msgCredentialID, c.CredentialID))
	d.left("regular", 9, margin+8, footerY-16, p.msg(msgVerifyAt, c.VerifyURL))
	noteWidth := pageW - 2*margin - qrSize - 40
	d.leftWrapped("regular", 8, margin+8, footerY-2, noteWidth, p.msg(msgSignedNote))

	if err := drawQR(pdf, c.VerifyURL, pageW-margin-qrSize-8, pageH-margin-qrSize-8, qrSize); err != nil {
		return err
	}
	if d.err != nil {
		return fmt.Errorf("draw certificate: %w", d.err)
	}
	if _, err := pdf.WriteTo(w); err != nil {
		return fmt.Errorf("write certificate: %w", err)
	}
	return nil
}

// printer formats messages, numbers and dates in one language.
type printer struct {
	lang string
	num  *message.Printer
}

func (p printer) msg(key string, args ...any) string {
	return fmt.Sprintf(messages[p.lang][key], args...)
}

// number prints n with the language's decimal separator and at most two decimals.
func (p printer) number(n float64) string {
	return p.num.Sprint(math.Round(n*100) / 100)
}

func (p printer) date(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf(messages[p.lang][msgDateFormat], t.Day(), months[p.lang][t.Month()-1], t.Year())
}

func (p printer) country(code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(p.lang)).Name(region); name != "" {
		return name
	}
	return code
}

// details lists the lines under the achievement's name.
func (p printer) details(c Certificate) []string {
	lines := []string{p.msg(msgAwardedBy, c.InstitutionName, p.country(c.Country))}
	switch {
	case c.ECTS > 0:
		lines = append(lines, p.msg(msgWorkloadECTS, p.number(c.ECTS), p.number(c.WorkloadHours)))
	case c.WorkloadHours > 0:
		lines = append(lines, p.msg(msgWorkload, p.number(c.WorkloadHours)))
	}
	var level []string
	if c.EQFLevel > 0 {
		level = append(level, p.msg(msgEQFLevel, c.EQFLevel))
	}
	if c.HasGrade {
		level = append(level, p.msg(msgGrade, p.number(c.Grade)))
	}
	if len(level) > 0 {
		lines = append(lines, strings.Join(level, "  ·  "))
	}
	return append(lines, p.msg(msgIssuedOn, p.date(c.IssuedAt)))
}

// drawer places text, keeping the first error so layout code stays flat.
type drawer struct {
	pdf *gopdf.GoPdf
	err error
}

func (d *drawer) color(r, g, b uint8) { d.pdf.SetTextColor(r, g, b) }

func (d *drawer) font(family string, size float64) bool {
	if d.err == nil {
		d.err = d.pdf.SetFont(family, "", size)
	}
	return d.err == nil
}

func (d *drawer) at(x, y float64, s string) {
	if d.err != nil {
		return
	}
	d.pdf.SetXY(x, y)
	d.err = d.pdf.Cell(nil, s)
}

func (d *drawer) centered(family string, size, y float64, s string) {
	if !d.font(family, size) {
		return
	}
	w, err := d.pdf.MeasureTextWidth(s)
	if err != nil {
		d.err = err
		return
	}
	d.at((pageW-w)/2, y, s)
}

func (d *drawer) left(family string, size, x, y float64, s string) {
	if d.font(family, size) {
		d.at(x, y, s)
	}
}

// wrapped centres s on as many lines as it needs within width and returns
// the y below the last line.
func (d *drawer) wrapped(family string, size, y, width float64, s string) float64 {
	if !d.font(family, size) {
		return y
	}
	lines, err := d.pdf.SplitTextWithWordWrap(s, width)
	if err != nil {
		d.err = err
		return y
	}
	for _, line := range lines {
		d.centered(family, size, y, line)
		y += size * 1.3
	}
	return y
}

func (d *drawer) leftWrapped(family string, size, x, y, width float64, s string) {
	if !d.font(family, size) {
		return
	}
	lines, err := d.pdf.SplitTextWithWordWrap(s, width)
	if err != nil {
		d.err = err
		return
	}
	for _, line := range lines {
		d.at(x, y, line)
		y += size * 1.3
	}
}

// drawQR draws the QR code of url as vector squares, so it stays sharp at any zoom.
func drawQR(pdf *gopdf.GoPdf, url string, x, y, size float64) error {
	modules, err := QRModules(url)
	if err != nil {
		return err
	}
	cell := size / float64(len(modules))
	pdf.SetFillColor(0, 0, 0)
	for row, line := range modules {
		for col, dark := range line {
			if dark {
				// Squares overlap by a hair so viewers draw no seams between them.
				pdf.RectFromUpperLeftWithStyle(x+float64(col)*cell, y+float64(row)*cell, cell+0.05, cell+0.05, "F")
			}
		}
	}
	return nil
}

// QRModules returns the QR code of text as rows of dark (true) and light
// modules, without the quiet zone.
func QRModules(text string) ([][]bool, error) {
	qr, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	var m matrixCapture
	if err := qr.Save(&m); err != nil {
		return nil, fmt.Errorf("encode QR code: %w", err)
	}
	return m.rows, nil
}

// matrixCapture is a qrcode.Writer that keeps the modules instead of drawing an image.
type matrixCapture struct{ rows [][]bool }

func (m *matrixCapture) Write(mat qrcode.Matrix) error {
	m.rows = make([][]bool, mat.Height())
	for i := range m.rows {
		m.rows[i] = make([]bool, mat.Width())
	}
	mat.Iterate(qrcode.IterDirection_ROW, func(x, y int, v qrcode.QRValue) {
		m.rows[y][x] = v.IsSet()
	})
	return nil
}

func (m *matrixCapture) Close() error { return nil }
