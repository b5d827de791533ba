package scoring

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzScore feeds arbitrary bytes as a submission to solutions of every
// kind: each either scores, finitely, or answers with a *FileError.
func FuzzScore(f *testing.F) {
	solutions := []*Solution{
		parse(f, Config{Metric: F1Macro, IDColumn: "id", TargetColumn: "species"}, penguins),
		parse(f, Config{Metric: LogLoss, IDColumn: "id", TargetColumn: "species"}, penguins),
		parse(f, Config{Metric: R2, IDColumn: "id", TargetColumn: "y"}, "id,y,Usage\n1,1,Public\n2,2,Public\n3,3,Private\n4,5,Private\n"),
		parse(f, Config{Metric: RMSLE, IDColumn: "id", TargetColumn: "y"}, "id,y,Usage\n1,1,Public\n2,2,Public\n3,3,Private\n4,5,Private\n"),
		parse(f, Config{Metric: MAPAtK, IDColumn: "id", TargetColumn: "y", K: 3}, "id,y,Usage\n1,a b,Public\n2,c,Private\n"),
	}
	var zipped bytes.Buffer
	w := gzip.NewWriter(&zipped)
	w.Write([]byte("id,y\n1,1\n2,2\n3,3\n4,4\n"))
	w.Close()
	for _, seed := range []string{
		"id,species\n1,Adelie\n2,Gentoo\n3,Chinstrap\n4,Adelie\n5,Gentoo\n6,Adelie\n7,Chinstrap\n8,Gentoo\n",
		"id,y\n1,1\n2,2\n3,3\n4,4\n",
		"id,y\r\n1,1\r\n2,NaN\r\n3,+Inf\r\n4,-1\r\n",
		"\xef\xbb\xbfid,y\n1,1e308\n2,-1e308\n3,0x1p-2\n4,1_000\n",
		"id,Adelie,Chinstrap,Gentoo\n1,0,0,0\n2,1,1,1\n3,\"0.5\n\",0,0\n",
		"id,y\n1,\"a b\"\n2,\"c\nd\"\n",
		"id,y\n1,\"unclosed\n",
		"id,y\n1,a\"b\n",
		"\xff\xfei\x00d\x00",
		"id,y\n1,caf\xe9\n",
		"\x1f\x8b\x08\x00garbage",
		zipped.String(),
		strings.Repeat(",", 5000),
		"id,id\n1,1\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	limits := Limits{MaxBytes: 1 << 16, MaxColumns: 64}
	f.Fuzz(func(t *testing.T, file []byte) {
		for _, s := range solutions {
			got, err := s.Score(bytes.NewReader(file), limits)
			var fe *FileError
			switch {
			case err == nil:
				if math.IsNaN(got.Public) || math.IsInf(got.Public, 0) || math.IsNaN(got.Private) || math.IsInf(got.Private, 0) {
					t.Fatalf("%s: scores %+v", s.cfg.Metric, got)
				}
			case errors.As(err, &fe):
				if len(fe.Problems) == 0 || fe.Problems[0].Message == "" {
					t.Fatalf("%s: a FileError without a problem", s.cfg.Metric)
				}
			default:
				t.Fatalf("%s: %v is neither a score nor a FileError", s.cfg.Metric, err)
			}
		}
	})
}
