package grading

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func publicJSON(t *testing.T, q Question) string {
	t.Helper()
	raw, err := json.Marshal(Public(q))
	if err != nil {
		t.Fatalf("marshal public view: %v", err)
	}
	return string(raw)
}

func TestPublicDoesNotLeakAnswers(t *testing.T) {
	numeric := numericQuestion()
	numeric.Answer, numeric.Tolerance = ptr(42.125), 0.0625
	tests := []struct {
		name     string
		q        Question
		secrets  []string // text that would reveal the answer
		keepText []string // text the learner needs
	}{
		{"single choice", singleChoiceQuestion(),
			[]string{`"correct"`, "Yes, it learns from labels.", "Clustering has no labels.", "Labels make it supervised."},
			[]string{`"id":"a"`, "Classification", "Clustering", "Dimensionality reduction"}},
		{"multiple response", multipleResponseQuestion(),
			[]string{`"correct"`, "That is a hyperparameter.", `"penalty"`},
			[]string{"Precision", "Recall", "Learning rate", "Batch size"}},
		{"true false", trueFalseQuestion(), []string{`"correct"`, `:true`}, []string{"Overfitting lowers training error."}},
		{"numeric", numeric, []string{"42.125", "0.0625", `"answer"`, `"tolerance"`, `"multiplier"`, "1000"},
			[]string{`"units":["ms","s"]`}},
		{"short answer", shortAnswerQuestion(), []string{"neural", `"answers"`, `"pattern"`}, []string{"Name the model family."}},
		{"matching", matchingQuestion(), []string{`"pairs"`, `"distractors"`, `"id":"d1"`, `"id":"p1","text":"Share`},
			[]string{`{"id":"p1","text":"Precision"}`, "Share of negatives predicted", "Share of actual positives found"}},
		{"ordering", orderingQuestion(), []string{`"id":"i1"`, `"id":"i2"`, `"partial"`}, []string{"Collect data", "Deploy"}},
		{"cloze", clozeQuestion(), []string{"labelled", "labeled", `"answer"`, `"answers"`},
			[]string{"{{g1}}", `"options":["supervised","unsupervised"]`}},
		{"essay", essayQuestion(), nil, []string{"Names the risk category", `"max_words":10`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range int64(10) {
				q := tc.q
				q.DisplaySeed = seed
				got := publicJSON(t, q)
				for _, secret := range tc.secrets {
					if strings.Contains(got, secret) {
						t.Fatalf("public view reveals %s: %s", secret, got)
					}
				}
				for _, needed := range tc.keepText {
					if !strings.Contains(got, needed) {
						t.Fatalf("public view lacks %s: %s", needed, got)
					}
				}
			}
		})
	}
}

func TestPublicNeverShowsOrderingItemsInTheirOrder(t *testing.T) {
	for _, n := range []int{2, 3, 4} {
		q := orderingQuestion()
		q.Items = q.Items[:n]
		orders := map[string]bool{}
		for seed := range int64(200) {
			q.DisplaySeed = seed
			texts := make([]string, 0, n)
			for _, it := range Public(q).Items {
				texts = append(texts, it.Text)
			}
			shown := strings.Join(texts, "|")
			if correct := strings.Join(itemTexts(q), "|"); shown == correct {
				t.Fatalf("%d items, seed %d: shown in the correct order %s", n, seed, shown)
			}
			orders[shown] = true
		}
		if want := factorial(n) - 1; len(orders) != want {
			t.Errorf("%d items: %d display orders in 200 seeds, want all %d wrong orders", n, len(orders), want)
		}
	}
}

func itemTexts(q Question) []string {
	texts := make([]string, len(q.Items))
	for i, it := range q.Items {
		texts[i] = it.Text
	}
	return texts
}

func factorial(n int) int {
	if n <= 1 {
		return 1
	}
	return n * factorial(n-1)
}

func TestPublicNeverAlignsMatchingRightsWithTheirLefts(t *testing.T) {
	for _, distractors := range [][]string{nil, {"Share of negatives predicted"}} {
		q := matchingQuestion()
		q.Pairs, q.Distractors = q.Pairs[:2], distractors
		for seed := range int64(200) {
			q.DisplaySeed = seed
			pq := Public(q)
			if len(pq.Rights) != len(q.Pairs)+len(distractors) {
				t.Fatalf("rights = %+v, want every pair's right and the distractors", pq.Rights)
			}
			aligned := true
			for i, p := range q.Pairs {
				aligned = aligned && pq.Rights[i].Text == p.Right
			}
			if aligned {
				t.Fatalf("seed %d: rights %+v shown beside their lefts %+v", seed, pq.Rights, pq.Lefts)
			}
			for _, r := range pq.Rights {
				if slices.ContainsFunc(q.Pairs, func(p Pair) bool { return p.ID == r.ID }) {
					t.Fatalf("seed %d: right %+v is shown under its pair id", seed, r)
				}
			}
		}
	}
}

func TestPublicKeepsPointsAndPrompt(t *testing.T) {
	pq := Public(essayQuestion())
	if pq.ID != "q-essay" || pq.Type != Essay || pq.Prompt != "Discuss the risk." || pq.Points != 5 {
		t.Errorf("Public(essay) = %+v, want id, type, prompt and the rubric total as points", pq)
	}
}
