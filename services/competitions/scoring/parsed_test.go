package scoring

import (
	"errors"
	"strings"
	"testing"
)

// Predictions encoded and read back score as the file they were parsed
// from, for every kind of metric, and agree with it row for row; against
// a solution split or scored otherwise, or damaged, they are refused.
func TestParsedPredictionsReadBackAsTheFile(t *testing.T) {
	const regression = "id,price,Usage\n1,10,Public\n2,20,Public\n3,30,Private\n4,40,Private\n"
	const ranking = "id,items,Usage\n1,a b,Public\n2,c,Public\n3,d e,Private\n4,f,Private\n"
	cases := []struct {
		name string
		sol  *Solution
		file string
	}{
		{"accuracy", penguinSolution(t, Accuracy), "id,species\n1,Adelie\n2,Gentoo\n3,Adelie\n4,Adelie\n5,Adelie\n6,Adelie\n7,Chinstrap\n8,Gentoo\n"},
		{"log loss", penguinSolution(t, LogLoss), "id,Adelie,Gentoo,Chinstrap\n" +
			"1,0.7,0.2,0.1\n2,0.1,0.8,0.1\n3,0.3,0.3,0.4\n4,0.6,0.2,0.2\n5,0.2,0.5,0.3\n6,0.9,0.05,0.05\n7,0.1,0.1,0.8\n8,0.2,0.7,0.1\n"},
		{"rmse", parse(t, Config{Metric: RMSE, IDColumn: "id", TargetColumn: "price"}, regression), "id,price\n1,12\n2,18\n3,33\n4,39\n"},
		{"map@k", parse(t, Config{Metric: MAPAtK, IDColumn: "id", TargetColumn: "items", K: 2}, ranking), "id,items\n1,b a\n2,x c\n3,d\n4,f g\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.sol.ReadPredictions(strings.NewReader(c.file), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := c.sol.ScorePredictions(p)
			if err != nil {
				t.Fatal(err)
			}
			data, err := p.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			back, err := c.sol.UnmarshalPredictions(data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.sol.ScorePredictions(back)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("read back, the predictions score %+v; the file scores %+v", got, want)
			}
			if a, err := Agreement(p, back); err != nil || a != 1 {
				t.Errorf("the predictions read back agree %v with the file's (%v), want 1", a, err)
			}
			if _, err := c.sol.UnmarshalPredictions(data[:len(data)/2]); err == nil {
				t.Error("half the encoding was read back")
			}
		})
	}
	acc := penguinSolution(t, Accuracy)
	p, err := acc.ReadPredictions(strings.NewReader(cases[0].file), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	resplit := strings.Replace(strings.Replace(penguins, "4,Adelie,Public", "4,Adelie,Private", 1), "5,Gentoo,Private", "5,Gentoo,Public", 1)
	for name, other := range map[string]*Solution{
		"another metric": penguinSolution(t, F1Macro),
		"another split":  parse(t, Config{Metric: Accuracy, IDColumn: "id", TargetColumn: "species"}, resplit),
		"another kind":   penguinSolution(t, LogLoss),
	} {
		if _, err := other.UnmarshalPredictions(data); !errors.Is(err, ErrParsedElsewhere) {
			t.Errorf("%s: read back with %v, want ErrParsedElsewhere", name, err)
		}
	}
}
