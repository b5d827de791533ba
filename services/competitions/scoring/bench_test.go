package scoring

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// benchRows is the size of a large prediction file.
const benchRows = 100_000

// BenchmarkScore compares scoring a 100,000-row submission from its CSV
// (parse, validate, score) with the same metric on pre-parsed predictions,
// and on predictions read back from their encoding.
func BenchmarkScore(b *testing.B) {
	species := []string{"Adelie", "Chinstrap", "Gentoo"}
	for _, bc := range []struct {
		metric string
		answer func(i int) string
	}{
		{Accuracy, func(i int) string { return species[i%3] }},
		{RMSE, func(i int) string { return fmt.Sprintf("%.3f", float64(i%1000)/7) }},
		{LogLoss, func(i int) string { return species[i%3] }},
	} {
		var sol strings.Builder
		sol.WriteString("id,target\n")
		for i := range benchRows {
			fmt.Fprintf(&sol, "%d,%s\n", i, bc.answer(i))
		}
		s := parse(b, Config{Metric: bc.metric, IDColumn: "id", TargetColumn: "target", Seed: 1}, sol.String())
		sub := []byte(benchSubmission(s))
		preds, err := s.ReadPredictions(bytes.NewReader(sub), Limits{})
		if err != nil {
			b.Fatal(err)
		}

		b.Run(bc.metric+"/file", func(b *testing.B) {
			b.SetBytes(int64(len(sub)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Score(bytes.NewReader(sub), Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		encoded, err := preds.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bc.metric+"/read-back", func(b *testing.B) {
			b.SetBytes(int64(len(encoded)))
			b.ReportAllocs()
			for b.Loop() {
				p, err := s.UnmarshalPredictions(encoded)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.ScorePredictions(p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.metric+"/parsed", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.ScorePredictions(preds); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchSubmission predicts every row with values that vary, so the metric
// does real work.
func benchSubmission(s *Solution) string {
	var b strings.Builder
	b.WriteString(strings.Join(s.Header(), ",") + "\n")
	for i, id := range s.ids {
		b.WriteString(id)
		switch {
		case s.probabilityColumns():
			for c := range s.classes {
				fmt.Fprintf(&b, ",%.4f", float64((i+c)%10+1)/30)
			}
		case s.metric.Kind == KindClassification:
			b.WriteString("," + s.classes[(i/2)%len(s.classes)])
		default:
			fmt.Fprintf(&b, ",%.3f", float64(i%997)/7)
		}
		b.WriteString("\n")
	}
	return b.String()
}
