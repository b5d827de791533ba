package teamlearning

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

func sampleRecord(n int) LiteracyRecord {
	r := LiteracyRecord{OrgName: `Müller, "Maschinen" & Söhne GmbH`, GeneratedAt: time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC),
		Courses: []CourseRef{{Slug: "ai-literacy-for-everyone", Title: "AI Literacy for Everyone"}}, Members: n + 2, NotSharing: 2}
	for i := range n {
		r.Completed = append(r.Completed, LiterateEntry{UserID: fmt.Sprint("u", i), DisplayName: fmt.Sprintf("Employee %d, Team \"Ops\"", i),
			Course: "ai-literacy-for-everyone", Credential: "AI Literacy for Everyone", CredentialID: fmt.Sprint("c", i),
			IssuedAt: r.GeneratedAt.AddDate(0, 0, -i), VerifyURL: "https://academy.example/verify/" + strings.Repeat("x", 120) + fmt.Sprint(i)})
	}
	r.NotYet = []PendingEntry{{UserID: "late", DisplayName: strings.Repeat("Long name ", 40)}}
	return r
}

// The CSV reads back with names holding commas and quotes intact, every
// row of the same width, dated and counting the members who do not share.
func TestLiteracyCSVReadsBack(t *testing.T) {
	r := sampleRecord(3)
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	want := map[string]string{"organisation": r.OrgName, "generated_at": "2026-12-03T09:30:00Z", "members": "5", "members_not_sharing": "2"}
	completed := 0
	for _, row := range rows {
		if v, ok := want[row[0]]; ok && row[1] != v {
			t.Errorf("%s = %q, want %q", row[0], row[1], v)
		}
		if row[0] == "completed" {
			completed++
			if row[1] != r.Completed[completed-1].DisplayName || row[5] != r.Completed[completed-1].IssuedAt.Format(time.DateOnly) {
				t.Errorf("row = %q", row)
			}
		}
	}
	if completed != 3 || rows[len(rows)-1][0] != "not-yet" {
		t.Fatalf("rows = %q", rows)
	}
	if r.FileName("csv") != "ai-literacy-record-2026-12-03.csv" {
		t.Errorf("file name = %s", r.FileName("csv"))
	}
}

// A long record turns pages, and unbreakable addresses and long names do not stop it.
func TestLiteracyPDFTurnsPages(t *testing.T) {
	var buf bytes.Buffer
	if err := sampleRecord(80).WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 20)])
	}
	if pages := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page ")) + bytes.Count(b, []byte("/Type /Page>")); pages < 2 {
		t.Fatalf("%d pages for 80 entries, want several", pages)
	}
}
