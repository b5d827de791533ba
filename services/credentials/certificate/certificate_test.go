package certificate

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"image"
	"image/color"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

func TestEveryMessageExistsInEveryLanguage(t *testing.T) {
	keys := messages[languages[0]]
	for _, lang := range languages {
		table, ok := messages[lang]
		if !ok {
			t.Fatalf("no messages for %s", lang)
		}
		for key := range keys {
			if strings.TrimSpace(table[key]) == "" {
				t.Errorf("%s: message %q is missing", lang, key)
			}
			if strings.Count(table[key], "%") != strings.Count(keys[key], "%") {
				t.Errorf("%s: message %q has other placeholders than in %s", lang, key, languages[0])
			}
		}
		if len(table) != len(keys) {
			t.Errorf("%s has %d messages, %s has %d", lang, len(table), languages[0], len(keys))
		}
		for i, m := range months[lang] {
			if m == "" {
				t.Errorf("%s: month %d has no name", lang, i+1)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name  string
		prefs []string
		want  string
	}{
		{"nothing asked", nil, "en"},
		{"query parameter", []string{"fr"}, "fr"},
		{"regional variant", []string{"de-AT"}, "de"},
		{"accept-language list", []string{"", "it;q=0.9, fr-CH;q=0.8, en;q=0.5"}, "fr"},
		{"unsupported", []string{"ja"}, "en"},
		{"garbage", []string{"%%%"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.prefs...); got != tt.want {
				t.Fatalf("Match(%q) = %s, want %s", tt.prefs, got, tt.want)
			}
		})
	}
}

func sample() Certificate {
	return Certificate{
		CredentialID:    "01J9ZK3V6S2M8Q4X7T1B5N0C3D",
		VerifyURL:       "https://academy.test/verify/01J9ZK3V6S2M8Q4X7T1B5N0C3D",
		LearnerName:     "Zoë Brontë-Ångström",
		InstitutionName: "Université de Genève",
		Country:         "CH",
		AchievementName: "Introduction à l'intelligence artificielle et à l'apprentissage automatique pour les décideurs des PME",
		ECTS:            2.5,
		WorkloadHours:   62.5,
		EQFLevel:        6,
		Grade:           87.25,
		HasGrade:        true,
		IssuedAt:        time.Date(2026, 6, 16, 9, 30, 0, 0, time.UTC),
		Platform:        "Academy",
	}
}

func TestRenderPrintsTheFactsInEachLanguage(t *testing.T) {
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"Certificate of Achievement", "Issued on June 16, 2026", "2.5 ECTS credits (62.5 hours)", "EQF level 6", "Awarded by Université de Genève, Switzerland"}},
		{"fr", []string{"Certificat de réussite", "Délivré le 16 juin 2026", "2,5 crédits ECTS (62,5 heures)", "Niveau CEC 6", "Décerné par Université de Genève, Suisse"}},
		{"de", []string{"Leistungszertifikat", "Ausgestellt am 16. Juni 2026", "2,5 ECTS-Punkte (62,5 Stunden)", "EQR-Niveau 6", "Schweiz"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			c := sample()
			var buf bytes.Buffer
			if err := Render(&buf, c, tt.lang); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
				t.Fatalf("output starts with %q, not a PDF header", buf.Bytes()[:8])
			}
			if n := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")) + bytes.Count(buf.Bytes(), []byte("/Type /Page ")); n != 1 {
				t.Errorf("the PDF has %d pages, want 1", n)
			}
			text := pdfText(t, buf.Bytes())
			for _, w := range append(tt.want, c.LearnerName, c.CredentialID, c.VerifyURL, "Université de Genève") {
				if !strings.Contains(text, w) {
					t.Errorf("the PDF text lacks %q", w)
				}
			}
		})
	}
}

func TestRenderShowsRevocation(t *testing.T) {
	c := sample()
	c.Status = StatusRevoked
	var buf bytes.Buffer
	if err := Render(&buf, c, "en"); err != nil {
		t.Fatal(err)
	}
	if text := pdfText(t, buf.Bytes()); !strings.Contains(text, "REVOKED") {
		t.Fatal("a revoked credential's certificate does not say so")
	}
}

func TestQRCodeDecodesToTheVerificationPage(t *testing.T) {
	url := sample().VerifyURL
	modules, err := QRModules(url)
	if err != nil {
		t.Fatal(err)
	}
	const scale, quiet = 4, 4
	side := (len(modules) + 2*quiet) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			img.SetGray(x, y, color.Gray{Y: 255})
		}
	}
	for row, line := range modules {
		for col, dark := range line {
			if !dark {
				continue
			}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray((col+quiet)*scale+dx, (row+quiet)*scale+dy, color.Gray{})
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	if res.GetText() != url {
		t.Fatalf("QR code says %q, want %q", res.GetText(), url)
	}
}

var (
	streamRE = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\nendstream`)
	rangeRE  = regexp.MustCompile(`<([0-9A-F]{4})><([0-9A-F]{4})><([0-9A-F]{4})>`)
	textRE   = regexp.MustCompile(`(?s)\[<(.*?)>\] TJ`)
)

// pdfText extracts the text of a PDF written by gopdf: it inflates the
// streams, reads each font's ToUnicode map, and decodes every text run with
// every map (glyph ids are per font), so a phrase is found in the decoding
// made with its own font.
func pdfText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	var streams []string
	for _, m := range streamRE.FindAllSubmatch(pdf, -1) {
		data := m[1]
		if zr, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			if inflated, err := io.ReadAll(zr); err == nil {
				data = inflated
			}
		}
		streams = append(streams, string(data))
	}
	var maps []map[uint16]rune
	var runs []string
	for _, s := range streams {
		if strings.Contains(s, "beginbfrange") {
			cmap := map[uint16]rune{}
			for _, r := range rangeRE.FindAllStringSubmatch(s, -1) {
				glyph, _ := strconv.ParseUint(r[1], 16, 16)
				char, _ := strconv.ParseUint(r[3], 16, 16)
				cmap[uint16(glyph)] = rune(char)
			}
			maps = append(maps, cmap)
		}
		for _, r := range textRE.FindAllStringSubmatch(s, -1) {
			runs = append(runs, regexp.MustCompile(`>-?\d+<`).ReplaceAllString(r[1], ""))
		}
	}
	if len(maps) == 0 || len(runs) == 0 {
		tb.Fatalf("the PDF has %d ToUnicode maps and %d text runs", len(maps), len(runs))
	}
	var out strings.Builder
	for _, cmap := range maps {
		for _, run := range runs {
			glyphs, err := hex.DecodeString(run)
			if err != nil {
				tb.Fatalf("text run %q is not hex: %v", run, err)
			}
			for i := 0; i+1 < len(glyphs); i += 2 {
				out.WriteRune(cmap[uint16(glyphs[i])<<8|uint16(glyphs[i+1])])
			}
			out.WriteByte('\n')
		}
	}
	return out.String()
}
