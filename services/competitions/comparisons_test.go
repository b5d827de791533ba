package competitions

import (
	"strings"
	"testing"

	"academy/services/competitions/scoring"
)

func TestComparisonsKeepPredictionsWithinTheBudgetAndOnlyThoseStillCompared(t *testing.T) {
	sol, err := scoring.ParseSolution(strings.NewReader("id,y,Usage\n1,a,Public\n2,b,Public\n3,a,Private\n4,b,Private\n"),
		scoring.Config{Metric: "accuracy", IDColumn: "id", TargetColumn: "y"})
	if err != nil {
		t.Fatal(err)
	}
	pred, err := sol.ReadPredictions(strings.NewReader("id,y\n1,a\n2,a\n3,b\n4,b\n"), scoring.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	c := newComparisonCache(2 * pred.Size())
	p := c.phase("comp/main/upload", sol)
	for _, id := range []string{"s1", "s2", "s3"} {
		c.keep(p, id, pred)
	}
	c.setAgreement(p, "s2", "s1", 0.5)
	if _, ok := c.predictions(p, "s3"); ok {
		t.Fatal("a third submission is kept beyond the budget")
	}
	if a, ok := c.agreement(p, "s1", "s2"); !ok || a != 0.5 {
		t.Fatalf("agreement of s1 and s2 = %v, %v", a, ok)
	}

	c.retain(p, []string{"s2", "s3"})
	if _, ok := c.predictions(p, "s1"); ok {
		t.Fatal("a submission no longer compared is kept")
	}
	if _, ok := c.agreement(p, "s1", "s2"); ok {
		t.Fatal("the agreement of a submission no longer compared is kept")
	}
	c.keep(p, "s3", pred)
	if _, ok := c.predictions(p, "s3"); !ok {
		t.Fatal("the budget freed is not used again")
	}

	reparsed, err := scoring.ParseSolution(strings.NewReader("id,y,Usage\n1,a,Public\n2,b,Public\n3,a,Private\n4,b,Private\n"),
		scoring.Config{Metric: "accuracy", IDColumn: "id", TargetColumn: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.predictions(c.phase("comp/main/upload", reparsed), "s2"); ok {
		t.Fatal("predictions read against a solution parsed before are kept")
	}
}
