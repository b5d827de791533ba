package scoring

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"testing"
)

// penguins is a small classification solution: rows 1–4 public, 5–8 private.
const penguins = "id,species,Usage\n" +
	"1,Adelie,Public\n2,Gentoo,Public\n3,Chinstrap,Public\n4,Adelie,Public\n" +
	"5,Gentoo,Private\n6,Adelie,Private\n7,Chinstrap,Private\n8,Gentoo,Private\n"

func penguinSolution(t testing.TB, metric string) *Solution {
	t.Helper()
	return parse(t, Config{Metric: metric, IDColumn: "id", TargetColumn: "species"}, penguins)
}

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := io.WriteString(w, s); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestScorePublicAndPrivateSeparately(t *testing.T) {
	s := penguinSolution(t, Accuracy)
	// Right on every public row, right on one private row of four.
	sub := "id,species\n1,Adelie\n2,Gentoo\n3,Chinstrap\n4,Adelie\n5,Adelie\n6,Adelie\n7,Adelie\n8,Adelie\n"
	got, err := s.Score(strings.NewReader(sub), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got != (Scores{Public: 1, Private: 0.25, Rows: 8}) {
		t.Fatalf("got %+v, want public 1, private 0.25", got)
	}
}

func TestScoreProbabilities(t *testing.T) {
	s := penguinSolution(t, LogLoss)
	// Columns in another order than the header's: they are matched by name.
	// Every row gives its true class 0.5, so the loss is ln 2 on both sides.
	var b strings.Builder
	b.WriteString("Gentoo,id,Chinstrap,Adelie\n")
	for i, species := range []string{"Adelie", "Gentoo", "Chinstrap", "Adelie", "Gentoo", "Adelie", "Chinstrap", "Gentoo"} {
		p := map[string]string{"Adelie": "0.25", "Gentoo": "0.25", "Chinstrap": "0.25"}
		p[species] = "0.5"
		fmt.Fprintf(&b, "%s,%d,%s,%s\n", p["Gentoo"], i+1, p["Chinstrap"], p["Adelie"])
	}
	got, err := s.Score(strings.NewReader(b.String()), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	near(t, got.Public, math.Ln2, 1e-12)
	near(t, got.Private, math.Ln2, 1e-12)
}

// What spreadsheets and other tools write is read as the same file.
func TestScoreReadsCommonVariants(t *testing.T) {
	s := parse(t, Config{Metric: Accuracy, IDColumn: "id", TargetColumn: "label"},
		"id,label,Usage\nA1,\"big, red\",Public\nA2,small,Private\nA3,\"two\nlines\",Private\n")
	plain := "id,label\nA1,\"big, red\"\nA2,small\nA3,\"two\nlines\"\n"
	for _, tc := range []struct {
		name string
		file []byte
	}{
		{"plain", []byte(plain)},
		{"byte-order mark", append([]byte("\xef\xbb\xbf"), plain...)},
		{"CRLF", []byte(strings.ReplaceAll(plain, "\n", "\r\n"))},
		{"gzip", gz(t, plain)},
		{"gzip with BOM and CRLF", gz(t, "\xef\xbb\xbf"+strings.ReplaceAll(plain, "\n", "\r\n"))},
		{"spaces around values", []byte("id , label\n A1 ,\"big, red\"\nA2, small \nA3,\"two\nlines\"\n")},
		{"columns swapped", []byte("label,id\n\"big, red\",A1\nsmall,A2\n\"two\nlines\",A3\n")},
		{"rows in another order", []byte("id,label\nA3,\"two\nlines\"\nA1,\"big, red\"\nA2,small\n")},
		{"no final newline", []byte(strings.TrimSuffix(plain, "\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Score(bytes.NewReader(tc.file), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Public != 1 || got.Private != 1 {
				t.Fatalf("got %+v, want 1 and 1", got)
			}
		})
	}
}

func TestScoreProblems(t *testing.T) {
	classes := penguinSolution(t, Accuracy)
	probs := penguinSolution(t, LogLoss)
	numbers := parse(t, Config{Metric: RMSLE, IDColumn: "id", TargetColumn: "y"}, "id,y,Usage\n1,1,Public\n2,2,Private\n3,3,Private\n")
	valid := "id,species\n1,Adelie\n2,Gentoo\n3,Chinstrap\n4,Adelie\n5,Adelie\n6,Adelie\n7,Adelie\n8,Adelie\n"
	for _, tc := range []struct {
		name     string
		sol      *Solution
		file     string
		want     Problem // the fields checked: Code, and Line, Column, Count, Examples when set
		contains string  // a phrase the message must hold
	}{
		{"empty", classes, "", Problem{Code: "empty-file"}, "empty"},
		{"blank lines only", classes, "\n\n\r\n", Problem{Code: "empty-file"}, "empty"},
		{"no header", classes, "1,Adelie\n2,Gentoo\n", Problem{Code: "missing-header", Line: 1}, "id,species"},
		{"wrong header", classes, "id,penguin\n1,Adelie\n", Problem{Code: "wrong-header", Line: 1}, "should be id,species but is id,penguin"},
		{"extra column", classes, "id,species,notes\n1,Adelie,x\n", Problem{Code: "wrong-header", Line: 1}, "unexpected notes"},
		{"no id column", classes, "ID,species\n1,Adelie\n", Problem{Code: "missing-id-column", Column: "id"}, `no "id" column`},
		{"wrong column count", classes, strings.Replace(valid, "3,Chinstrap", "3,Chinstrap,extra", 1),
			Problem{Code: "wrong-column-count", Line: 4}, "Line 4 has 3 columns"},
		{"duplicate ids", classes, valid + "2,Gentoo\n2,Adelie\n4,Adelie\n", Problem{Code: "duplicate-id", Count: 3, Examples: []string{"2", "4"}}, "3 rows"},
		{"missing ids", classes, "id,species\n1,Adelie\n", Problem{Code: "missing-ids", Count: 7, Examples: []string{"2", "3", "4", "5", "6"}}, "7 of the 8"},
		{"unknown ids", classes, valid + "9,Adelie\n10,Adelie\n", Problem{Code: "unknown-ids", Count: 2, Examples: []string{"9", "10"}}, "not in the test set"},
		{"unknown label", classes, strings.Replace(valid, "2,Gentoo", "2,gentoo", 1),
			Problem{Code: "unknown-label", Line: 3, Column: "species", Examples: []string{"gentoo"}}, "Adelie, Chinstrap, Gentoo"},
		{"not a number", numbers, "id,y\n1,1\n2,two\n3,3\n", Problem{Code: "not-a-number", Line: 3, Column: "y", Examples: []string{"two"}}, `"two" is not a number`},
		{"NaN", numbers, "id,y\n1,1\n2,NaN\n3,3\n", Problem{Code: "out-of-range", Line: 3, Column: "y"}, "not a finite number"},
		{"infinity", numbers, "id,y\n1,1\n2,2\n3,-Inf\n", Problem{Code: "out-of-range", Line: 4, Column: "y"}, "not a finite number"},
		{"too large to square", numbers, "id,y\n1,1\n2,1e308\n3,3\n", Problem{Code: "out-of-range", Line: 3}, "too large"},
		{"negative for rmsle", numbers, "id,y\n1,1\n2,-0.5\n3,3\n", Problem{Code: "out-of-range", Line: 3}, "negative"},
		{"probability above one", probs, strings.Replace(sampleOf(t, probs), "0.3333333333333333", "1.5", 1),
			Problem{Code: "out-of-range", Line: 2, Column: "Adelie"}, "between 0 and 1"},
		{"invalid UTF-8", classes, strings.Replace(valid, "6,Adelie", "6,Ad\xe9lie", 1), Problem{Code: "encoding", Line: 7, Count: 1}, "Line 7 is not UTF-8"},
		{"UTF-16", classes, "\xff\xfei\x00d\x00", Problem{Code: "encoding", Line: 1}, "UTF-16"},
		{"unclosed quote", classes, strings.Replace(valid, "5,Adelie", "5,\"Adelie", 1), Problem{Code: "malformed-csv"}, "never closed"},
		{"quote in the header", classes, "id,spe\"cies\n1,Adelie\n", Problem{Code: "malformed-csv", Line: 1}, "quote the value"},
		{"not gzip after all", classes, "\x1f\x8bnot really", Problem{Code: "bad-gzip"}, "gzip"},
		{"truncated gzip", classes, string(gz(t, valid)[:30]), Problem{Code: "bad-gzip"}, "gzip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.sol.Score(strings.NewReader(tc.file), Limits{})
			p := problemWith(t, err, tc.want.Code)
			if tc.want.Line != 0 && p.Line != tc.want.Line {
				t.Errorf("line %d, want %d", p.Line, tc.want.Line)
			}
			if tc.want.Column != "" && p.Column != tc.want.Column {
				t.Errorf("column %q, want %q", p.Column, tc.want.Column)
			}
			if tc.want.Count != 0 && p.Count != tc.want.Count {
				t.Errorf("count %d, want %d", p.Count, tc.want.Count)
			}
			if tc.want.Examples != nil && strings.Join(p.Examples, ",") != strings.Join(tc.want.Examples, ",") {
				t.Errorf("examples %q, want %q", p.Examples, tc.want.Examples)
			}
			if !strings.Contains(p.Message, tc.contains) {
				t.Errorf("message %q does not say %q", p.Message, tc.contains)
			}
		})
	}
}

func sampleOf(t testing.TB, s *Solution) string {
	t.Helper()
	var b strings.Builder
	if err := s.WriteSample(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestScoreListsProblemsTogetherUpToACap(t *testing.T) {
	var sol, sub strings.Builder
	sol.WriteString("id,y\n")
	sub.WriteString("id,y\n")
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&sol, "%d,%d\n", i, i)
		if i > 1 { // id 1 is missing
			fmt.Fprintf(&sub, "%d,n/a\n", i)
		}
	}
	sub.WriteString("1000,1\n")
	s := parse(t, Config{Metric: RMSE, IDColumn: "id", TargetColumn: "y"}, sol.String())
	_, err := s.Score(strings.NewReader(sub.String()), Limits{})
	ps := fileProblems(t, err)
	count := map[string]int{}
	for _, p := range ps {
		count[p.Code]++
	}
	if count["missing-ids"] != 1 || count["unknown-ids"] != 1 || count["not-a-number"] != maxListed {
		t.Fatalf("problems by code %v, want the missing and unknown ids and %d of the numbers", count, maxListed)
	}
	last := ps[len(ps)-1]
	if last.Code != "more-problems" || last.Count != 99-maxListed {
		t.Fatalf("last problem %+v, want %d more problems counted", last, 99-maxListed)
	}
}

// endless yields its pattern for ever.
type endless struct {
	pattern []byte
	at      int
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.pattern[e.at]
		e.at = (e.at + 1) % len(e.pattern)
	}
	return len(p), nil
}

func TestScoreStopsAtTheSizeLimit(t *testing.T) {
	s := penguinSolution(t, Accuracy)
	limits := Limits{MaxBytes: 1 << 20}

	t.Run("gzip bomb", func(t *testing.T) {
		// An endless stream of compressed rows: the read must stop by itself.
		pr, pw := io.Pipe()
		go func() {
			w := gzip.NewWriter(pw)
			w.Write([]byte("id,species\n"))
			_, err := io.Copy(w, &endless{pattern: []byte("1,Adelie\n")})
			pw.CloseWithError(err)
		}()
		_, err := s.Score(pr, limits)
		pr.Close()
		if p := problemWith(t, err, "too-large"); !strings.Contains(p.Message, "1 MiB") {
			t.Errorf("message %q does not give the limit", p.Message)
		}
	})
	t.Run("plain", func(t *testing.T) {
		_, err := s.Score(io.MultiReader(strings.NewReader("id,species\n"), &endless{pattern: []byte("1,Adelie\n")}), limits)
		problemWith(t, err, "too-large")
	})
	t.Run("endless empty gzip members", func(t *testing.T) {
		// Each member decompresses to nothing, so only the compressed bytes
		// can be bounded.
		_, err := s.Score(&endless{pattern: gz(t, "")}, limits)
		problemWith(t, err, "too-large")
	})
	t.Run("just under the limit", func(t *testing.T) {
		file := "id,species\n1,Adelie\n2,Gentoo\n3,Chinstrap\n4,Adelie\n5,Gentoo\n6,Adelie\n7,Chinstrap\n8,Gentoo\n"
		if _, err := s.Score(strings.NewReader(file), Limits{MaxBytes: int64(len(file))}); err != nil {
			t.Fatalf("a file of exactly the limit: %v", err)
		}
	})
}

func TestScoreStopsAtTheColumnLimit(t *testing.T) {
	s := penguinSolution(t, Accuracy)
	limits := Limits{MaxColumns: 100}
	wide := strings.Repeat("c,", 100_000)
	for _, tc := range []struct {
		name string
		file io.Reader
		line int
	}{
		// 100,000 columns, then endless data: no need to read past the header.
		{"header", io.MultiReader(strings.NewReader("id,species,"+wide+"\n"), &endless{pattern: []byte("x,")}), 1},
		{"row", io.MultiReader(strings.NewReader("id,species\n1,Adelie\n2,"), &endless{pattern: []byte("x,")}), 3},
		{"quoted commas do not count", io.MultiReader(strings.NewReader("id,species\n1,\""+wide+"\",\n"), &endless{pattern: []byte("x,")}), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Score(tc.file, limits)
			if p := problemWith(t, err, "too-many-columns"); p.Line != tc.line {
				t.Errorf("line %d, want %d", p.Line, tc.line)
			}
		})
	}
	t.Run("many quoted commas are one value", func(t *testing.T) {
		file := "id,species\n\"1\",\"Adelie" + strings.Repeat(",", 500) + "\"\n"
		problemWith(t, mustFail(s.Score(strings.NewReader(file), limits)), "unknown-label")
	})
}

func mustFail(_ Scores, err error) error { return err }

// One parsed solution is shared by a worker's concurrent scoring tasks.
func TestScoreConcurrently(t *testing.T) {
	s := penguinSolution(t, F1Macro)
	sub := "id,species\n1,Adelie\n2,Gentoo\n3,Adelie\n4,Adelie\n5,Gentoo\n6,Adelie\n7,Chinstrap\n8,Adelie\n"
	want, err := s.Score(strings.NewReader(sub), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			<-start
			got, err := s.Score(strings.NewReader(sub), Limits{})
			if err == nil && got != want {
				err = fmt.Errorf("got %+v, want %+v", got, want)
			}
			errs <- err
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
