package scoring

import (
	"strings"
	"testing"
)

func read(t testing.TB, s *Solution, file string) *Predictions {
	t.Helper()
	p, err := s.ReadPredictions(strings.NewReader(file), Limits{})
	if err != nil {
		t.Fatalf("read predictions: %v", err)
	}
	return p
}

func TestAgreement(t *testing.T) {
	labels := penguinSolution(t, Accuracy)
	numbers := parse(t, Config{Metric: RMSE, IDColumn: "id", TargetColumn: "y"}, "id,y\n1,1\n2,2\n3,3\n4,4\n")
	probs := parse(t, Config{Metric: ROCAUC, IDColumn: "id", TargetColumn: "y"}, "id,y,Usage\n1,0,Public\n2,1,Public\n3,0,Private\n4,1,Private\n")
	ranked := parse(t, Config{Metric: MAPAtK, IDColumn: "id", TargetColumn: "y", K: 2}, "id,y\n1,a\n2,b\n3,c\n4,d\n")
	teamA := "id,species\n1,Adelie\n2,Gentoo\n3,Adelie\n4,Adelie\n5,Gentoo\n6,Adelie\n7,Chinstrap\n8,Adelie\n"
	for _, tc := range []struct {
		name string
		sol  *Solution
		a, b string
		want float64
	}{
		{"same labels", labels, teamA, teamA, 1},
		// Rows 3 and 8 differ: 6 of 8 alike.
		{"labels, two rows differ", labels, teamA,
			strings.NewReplacer("3,Adelie", "3,Gentoo", "8,Adelie", "8,Chinstrap").Replace(teamA), 0.75},
		// b = 2a + 1 is perfectly correlated although no value is equal.
		{"numbers, linear", numbers, "id,y\n1,1\n2,2\n3,3\n4,4\n", "id,y\n1,3\n2,5\n3,7\n4,9\n", 1},
		{"numbers, reversed", numbers, "id,y\n1,1\n2,2\n3,3\n4,4\n", "id,y\n1,4\n2,3\n3,2\n4,1\n", -1},
		// By hand: deviations from 2.5 are a: -1.5 -.5 .5 1.5, b: -1.5 .5
		// -.5 1.5; Σdadb = 2.25 - .25 - .25 + 2.25 = 4, Σda² = Σdb² = 5: 0.8.
		{"numbers, two swapped", numbers, "id,y\n1,1\n2,2\n3,3\n4,4\n", "id,y\n1,1\n2,3\n3,2\n4,4\n", 0.8},
		{"numbers, same constant", numbers, "id,y\n1,2\n2,2\n3,2\n4,2\n", "id,y\n1,2\n2,2\n3,2\n4,2\n", 1},
		{"numbers, constant against varied", numbers, "id,y\n1,2\n2,2\n3,2\n4,2\n", "id,y\n1,1\n2,2\n3,3\n4,4\n", 0},
		{"probabilities", probs, "id,y\n1,.1\n2,.9\n3,.2\n4,.8\n", "id,y\n1,.1\n2,.9\n3,.2\n4,.8\n", 1},
		// Compared on the first k = 2 labels: rows 1, 3 and 4 agree.
		{"ranked labels", ranked, "id,y\n1,a b\n2,b\n3,c\n4,d e\n", "id,y\n1,a  b\n2,b a\n3,c\n4,d e f\n", 0.75},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Agreement(read(t, tc.sol, tc.a), read(t, tc.sol, tc.b))
			if err != nil {
				t.Fatal(err)
			}
			near(t, got, tc.want, 1e-12)
		})
	}
	t.Run("different solutions", func(t *testing.T) {
		other := penguinSolution(t, Accuracy)
		if _, err := Agreement(read(t, labels, teamA), read(t, other, teamA)); err == nil {
			t.Fatal("predictions for two solutions compared")
		}
	})
}
