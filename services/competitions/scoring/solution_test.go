package scoring

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func parse(t testing.TB, cfg Config, file string) *Solution {
	t.Helper()
	s, err := ParseSolution(strings.NewReader(file), cfg)
	if err != nil {
		t.Fatalf("parse solution: %v", err)
	}
	return s
}

// fileProblems asserts err is a *FileError and returns its problems.
func fileProblems(t testing.TB, err error) []Problem {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("got error %v, want a *FileError", err)
	}
	return fe.Problems
}

func problemWith(t testing.TB, err error, code string) Problem {
	t.Helper()
	ps := fileProblems(t, err)
	for _, p := range ps {
		if p.Code == code {
			return p
		}
	}
	t.Fatalf("no %q problem among %+v", code, ps)
	return Problem{}
}

// numberedSolution has n rows "id,label" with ids 1..n and a label per row.
func numberedSolution(n int, label func(i int) string) string {
	var b strings.Builder
	b.WriteString("id,label\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d,%s\n", i, label(i))
	}
	return b.String()
}

func TestParseSolutionUsageColumn(t *testing.T) {
	s := parse(t, Config{Metric: Accuracy, IDColumn: "id", TargetColumn: "species"},
		"id,species,usage\n1,Adelie,PUBLIC\n2,Gentoo,private\n3,Adelie, Private \n4,Chinstrap,Public\n")
	if s.Rows() != 4 || s.PublicRows() != 2 {
		t.Fatalf("rows %d public %d, want 4 and 2", s.Rows(), s.PublicRows())
	}
}

func TestParseSolutionSeededSplit(t *testing.T) {
	cfg := Config{Metric: RMSE, IDColumn: "id", TargetColumn: "label", Seed: 7}
	file := numberedSolution(1000, func(i int) string { return fmt.Sprint(i % 13) })
	first := parse(t, cfg, file)
	if first.PublicRows() != 300 {
		t.Fatalf("public rows %d, want the default 30%% of 1000", first.PublicRows())
	}
	publicIDs := func(s *Solution) []string {
		var ids []string
		for _, i := range s.publicRows {
			ids = append(ids, s.ids[i])
		}
		slices.Sort(ids)
		return ids
	}

	t.Run("same seed, same split", func(t *testing.T) {
		if !slices.Equal(publicIDs(first), publicIDs(parse(t, cfg, file))) {
			t.Fatal("a second parse made another split")
		}
	})
	t.Run("rows reordered, same split", func(t *testing.T) {
		lines := strings.Split(strings.TrimSpace(file), "\n")
		slices.Reverse(lines[1:])
		if !slices.Equal(publicIDs(first), publicIDs(parse(t, cfg, strings.Join(lines, "\n")))) {
			t.Fatal("reordering the rows changed the split")
		}
	})
	t.Run("another seed, another split", func(t *testing.T) {
		other := cfg
		other.Seed = 8
		if slices.Equal(publicIDs(first), publicIDs(parse(t, other, file))) {
			t.Fatal("another seed made the same split")
		}
	})
	t.Run("chosen fraction", func(t *testing.T) {
		half := cfg
		half.PublicFraction = 0.5
		if got := parse(t, half, file).PublicRows(); got != 500 {
			t.Fatalf("public rows %d, want 500", got)
		}
	})
	t.Run("tiny solution keeps a row on each side", func(t *testing.T) {
		s := parse(t, cfg, "id,label\na,1\nb,2\n")
		if s.PublicRows() != 1 {
			t.Fatalf("public rows %d, want 1 of 2", s.PublicRows())
		}
	})
}

func TestParseSolutionProblems(t *testing.T) {
	for _, tc := range []struct {
		name   string
		metric string
		file   string
		code   string
		line   int
	}{
		{"empty", Accuracy, "", "empty-file", 0},
		{"header only", Accuracy, "id,label\n", "empty-file", 0},
		{"no id column", Accuracy, "key,label\n1,a\n", "missing-id-column", 0},
		{"no target column", Accuracy, "id,answer\n1,a\n", "missing-target-column", 0},
		{"repeated id", Accuracy, "id,label\n1,a\n2,b\n1,a\n", "duplicate-id", 0},
		{"bad usage", Accuracy, "id,label,Usage\n1,a,Public\n2,b,Secret\n", "wrong-usage", 3},
		{"no private rows", Accuracy, "id,label,Usage\n1,a,Public\n2,b,Public\n", "no-private-rows", 0},
		{"no public rows", Accuracy, "id,label,Usage\n1,a,Private\n2,b,Private\n", "no-public-rows", 0},
		{"one row", Accuracy, "id,label\n1,a\n", "too-few-rows", 0},
		{"one class", Accuracy, "id,label\n1,a\n2,a\n", "too-few-classes", 0},
		{"roc_auc with three classes", ROCAUC, "id,label\n1,a\n2,b\n3,c\n", "wrong-class-count", 0},
		{"answer not a number", RMSE, "id,label\n1,2.5\n2,tall\n", "not-a-number", 3},
		{"answer NaN", RMSE, "id,label\n1,2.5\n2,NaN\n", "out-of-range", 3},
		{"negative answer for rmsle", RMSLE, "id,label\n1,2.5\n2,-1\n", "out-of-range", 3},
		{"public rows of one class", ROCAUC, "id,label,Usage\n1,yes,Public\n2,yes,Public\n3,no,Private\n4,yes,Private\n", "unscorable-split", 0},
		{"private rows of one class", ROCAUCOvR, "id,label,Usage\n1,a,Public\n2,b,Public\n3,c,Private\n4,c,Private\n", "unscorable-split", 0},
		{"one private row for r2", R2, "id,label,Usage\n1,1,Public\n2,2,Public\n3,3,Private\n", "unscorable-split", 0},
		{"short row", Accuracy, "id,label\n1,a\n2\n", "wrong-column-count", 3},
		{"missing label", Accuracy, "id,label\n1,a\n2,\n", "missing-value", 3},
		{"not UTF-8", Accuracy, "id,label\n1,a\n2,caf\xe9\n", "encoding", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSolution(strings.NewReader(tc.file), Config{Metric: tc.metric, IDColumn: "id", TargetColumn: "label", K: 3})
			p := problemWith(t, err, tc.code)
			if p.Line != tc.line {
				t.Errorf("line %d, want %d", p.Line, tc.line)
			}
			if p.Message == "" {
				t.Error("no message")
			}
		})
	}
}

func TestParseSolutionConfig(t *testing.T) {
	file := "id,label\n1,a\n2,b\n"
	for _, tc := range []struct {
		name string
		cfg  Config
		want error
	}{
		{"unknown metric", Config{Metric: "gini", IDColumn: "id", TargetColumn: "label"}, ErrUnknownMetric},
		{"no id column named", Config{Metric: Accuracy, TargetColumn: "label"}, ErrInvalidConfig},
		{"same column twice", Config{Metric: Accuracy, IDColumn: "id", TargetColumn: "id"}, ErrInvalidConfig},
		{"fraction of one", Config{Metric: Accuracy, IDColumn: "id", TargetColumn: "label", PublicFraction: 1}, ErrInvalidConfig},
		{"map_at_k without k", Config{Metric: MAPAtK, IDColumn: "id", TargetColumn: "label"}, ErrInvalidConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseSolution(strings.NewReader(file), tc.cfg); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMetricsListed(t *testing.T) {
	want := map[string]Direction{
		Accuracy: HigherIsBetter, BalancedAccuracy: HigherIsBetter, F1Macro: HigherIsBetter, F1Micro: HigherIsBetter,
		LogLoss: LowerIsBetter, ROCAUC: HigherIsBetter, ROCAUCOvR: HigherIsBetter,
		RMSE: LowerIsBetter, MAE: LowerIsBetter, RMSLE: LowerIsBetter, R2: HigherIsBetter, MAPAtK: HigherIsBetter,
	}
	if len(Metrics()) != len(want) {
		t.Fatalf("%d metrics listed, want %d", len(Metrics()), len(want))
	}
	for name, dir := range want {
		m, err := LookupMetric(name)
		if err != nil || m.Direction != dir || m.Kind == "" {
			t.Errorf("%s: %+v, %v; want direction %s and a kind", name, m, err, dir)
		}
	}
}

// Every metric's sample submission has the expected header and scores as a
// valid submission.
func TestHeaderAndSample(t *testing.T) {
	classes := "id,label,Usage\n1,b,Public\n2,a,Private\n3,c,Public\n4,a,Private\n5,b,Private\n6,c,Public\n"
	binary := "id,label,Usage\n1,yes,Public\n2,no,Private\n3,no,Public\n4,yes,Private\n"
	numbers := "id,label,Usage\n1,2,Public\n2,10,Private\n3,1.5,Public\n4,3,Private\n"
	ranked := "id,label,Usage\n1,x y,Public\n2,z,Private\n3,y,Public\n4,x,Private\n"
	for _, tc := range []struct {
		metric string
		file   string
		header string
		first  string
	}{
		{Accuracy, classes, "id,label", "1,a"},
		{BalancedAccuracy, classes, "id,label", "1,a"},
		{F1Macro, classes, "id,label", "1,a"},
		{F1Micro, classes, "id,label", "1,a"},
		{LogLoss, classes, "id,a,b,c", "1,0.3333333333333333,0.3333333333333333,0.3333333333333333"},
		{ROCAUCOvR, classes, "id,a,b,c", "1,0.3333333333333333,0.3333333333333333,0.3333333333333333"},
		{ROCAUC, binary, "id,label", "1,0.5"},
		{RMSE, numbers, "id,label", "1,0"},
		{MAE, numbers, "id,label", "1,0"},
		{RMSLE, numbers, "id,label", "1,0"},
		{R2, numbers, "id,label", "1,0"},
		{MAPAtK, ranked, "id,label", "1,x y"},
	} {
		t.Run(tc.metric, func(t *testing.T) {
			s := parse(t, Config{Metric: tc.metric, IDColumn: "id", TargetColumn: "label", K: 2}, tc.file)
			if got := strings.Join(s.Header(), ","); got != tc.header {
				t.Fatalf("header %s, want %s", got, tc.header)
			}
			var sample bytes.Buffer
			if err := s.WriteSample(&sample); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(sample.String()), "\n")
			if len(lines) != s.Rows()+1 || lines[0] != tc.header || lines[1] != tc.first {
				t.Fatalf("sample starts %q with %d lines", lines[:2], len(lines))
			}
			if _, err := s.Score(&sample, Limits{}); err != nil {
				t.Fatalf("the sample does not score: %v", err)
			}
		})
	}
}

func TestClassesSortNumerically(t *testing.T) {
	s := parse(t, Config{Metric: LogLoss, IDColumn: "id", TargetColumn: "label"}, "id,label\n1,10\n2,2\n3,1\n")
	if got := strings.Join(s.Header(), ","); got != "id,1,2,10" {
		t.Fatalf("header %s, want id,1,2,10", got)
	}
}
