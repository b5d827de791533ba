package grading

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func shuffledAssessment() Assessment {
	a := validAssessment()
	a.ShuffleQuestions, a.ShuffleOptions = true, true
	return a
}

func questionIDs(qs []Question) []string {
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	return ids
}

func TestDrawIsDeterministic(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(a *Assessment)
	}{
		{"all shuffled", func(a *Assessment) {}},
		{"pool of four", func(a *Assessment) { a.Draw = 4 }},
		{"nothing shuffled", func(a *Assessment) { a.ShuffleQuestions, a.ShuffleOptions = false, false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := shuffledAssessment()
			tc.change(&a)
			for seed := range int64(20) {
				first, second := Draw(a, seed), Draw(a, seed)
				if !reflect.DeepEqual(first, second) {
					t.Fatalf("seed %d drew %v, then %v", seed, questionIDs(first), questionIDs(second))
				}
			}
		})
	}
}

// TestDrawIsStableAcrossReleases pins one draw. Attempts keep only their
// seed, so a change in how a seed is turned into questions would change the
// questions of attempts already under way; this test fails if it does.
func TestDrawIsStableAcrossReleases(t *testing.T) {
	a := shuffledAssessment()
	a.Draw = 5
	got := Draw(a, 7)
	wantIDs := []string{"q-match", "q-essay", "q-single", "q-num", "q-short"}
	if ids := questionIDs(got); !slices.Equal(ids, wantIDs) {
		t.Errorf("Draw(seed 7) = %v, want %v", ids, wantIDs)
	}
	// The learner-facing ids of ordering items come from the display seed too.
	a.Draw = 0
	i := slices.IndexFunc(Draw(a, 7), func(q Question) bool { return q.ID == "q-order" })
	items := Public(Draw(a, 7)[i]).Items
	wantItems := []PublicChoice{{"o1", "Evaluate"}, {"o2", "Train model"}, {"o3", "Collect data"}, {"o4", "Deploy"}}
	if !slices.Equal(items, wantItems) {
		t.Errorf("public items for seed 7 = %+v, want %+v", items, wantItems)
	}
}

func TestDrawVariesWithTheSeed(t *testing.T) {
	a := shuffledAssessment()
	orders := map[string]bool{}
	seeds := map[int64]bool{}
	for seed := range int64(20) {
		drawn := Draw(a, seed)
		orders[strings.Join(questionIDs(drawn), " ")] = true
		seeds[drawn[0].DisplaySeed] = true
	}
	if len(orders) < 15 {
		t.Errorf("20 seeds gave only %d question orders", len(orders))
	}
	if len(seeds) != 20 {
		t.Errorf("20 seeds gave %d display seeds for the first question, want 20", len(seeds))
	}
}

func TestDrawPicksNOfM(t *testing.T) {
	a := shuffledAssessment()
	a.Draw = 3
	seen := map[string]int{}
	for seed := range int64(200) {
		drawn := Draw(a, seed)
		if len(drawn) != 3 {
			t.Fatalf("seed %d drew %d questions, want 3", seed, len(drawn))
		}
		ids := questionIDs(drawn)
		slices.Sort(ids)
		if len(slices.Compact(ids)) != 3 {
			t.Fatalf("seed %d drew a question twice: %v", seed, questionIDs(drawn))
		}
		for _, id := range ids {
			seen[id]++
		}
	}
	for _, q := range a.Questions {
		// Each of 9 questions is expected about 200 × 3/9 ≈ 67 times.
		if n := seen[q.ID]; n < 30 {
			t.Errorf("question %s drawn %d times in 200 attempts, want about 67", q.ID, n)
		}
	}
}

func TestDrawWithoutShuffleKeepsAuthoredOrder(t *testing.T) {
	a := validAssessment()
	a.Draw = 4
	authored := questionIDs(a.Questions)
	for seed := range int64(20) {
		ids := questionIDs(Draw(a, seed))
		positions := make([]int, len(ids))
		for i, id := range ids {
			positions[i] = slices.Index(authored, id)
		}
		if !slices.IsSorted(positions) {
			t.Fatalf("seed %d drew %v, out of authored order", seed, ids)
		}
	}
	if ids := questionIDs(Draw(validAssessment(), 1)); !slices.Equal(ids, authored) {
		t.Errorf("Draw without draw or shuffle = %v, want %v", ids, authored)
	}
}

func TestDrawShufflesOptionsOnlyWhenAsked(t *testing.T) {
	a := shuffledAssessment()
	original := singleChoiceQuestion().Options
	reordered := false
	for seed := range int64(20) {
		for _, q := range Draw(a, seed) {
			switch q.ID {
			case "q-single":
				if !sameElements(q.Options, original) {
					t.Fatalf("seed %d: options %+v are not a reordering of %+v", seed, q.Options, original)
				}
				reordered = reordered || !slices.Equal(q.Options, original)
			case "q-order":
				if !slices.Equal(q.Items, orderingQuestion().Items) {
					t.Fatalf("seed %d reordered ordering items, whose order is the answer: %+v", seed, q.Items)
				}
			}
		}
	}
	if !reordered {
		t.Error("shuffle_options never reordered the options in 20 seeds")
	}
	a.ShuffleOptions = false
	for _, q := range Draw(a, 3) {
		if q.ID == "q-single" && !slices.Equal(q.Options, original) {
			t.Errorf("options reordered without shuffle_options: %+v", q.Options)
		}
	}
}

func sameElements[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func TestDrawLeavesTheAssessmentAlone(t *testing.T) {
	a := shuffledAssessment()
	before := shuffledAssessment()
	Draw(a, 99)
	if !reflect.DeepEqual(a, before) {
		t.Error("Draw changed the assessment it was given")
	}
}

// groupedAssessment has the fixture's nine questions with q-num, q-short and
// q-match as a group sharing a stem, and q-order and q-cloze as another.
func groupedAssessment() Assessment {
	a := shuffledAssessment()
	a.Groups = []Group{{ID: "latency", Stem: "A service answers in **42 ms**."}, {ID: "pipeline"}}
	for i := range a.Questions {
		switch a.Questions[i].ID {
		case "q-num", "q-short", "q-match":
			a.Questions[i].Group = "latency"
		case "q-order", "q-cloze":
			a.Questions[i].Group = "pipeline"
		}
	}
	return a
}

func TestDrawKeepsGroupsTogetherAndInOrder(t *testing.T) {
	groups := map[string][]string{
		"latency":  {"q-num", "q-short", "q-match"},
		"pipeline": {"q-order", "q-cloze"},
	}
	for _, tc := range []struct {
		name string
		draw int
	}{
		{"all questions shuffled", 0},
		{"five blocks of six drawn", 5},
		{"two blocks of six drawn", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := groupedAssessment()
			a.Draw = tc.draw
			if errs := a.Validate(); errs != nil {
				t.Fatalf("the grouped fixture is invalid: %v", errs)
			}
			orders := map[string]bool{}
			for seed := range int64(200) {
				drawn := Draw(a, seed)
				ids := questionIDs(drawn)
				orders[strings.Join(ids, " ")] = true
				for name, members := range groups {
					at := slices.Index(ids, members[0])
					if at < 0 {
						for _, id := range members[1:] {
							if slices.Contains(ids, id) {
								t.Fatalf("seed %d drew %s of group %s without %s: %v", seed, id, name, members[0], ids)
							}
						}
						continue
					}
					if at+len(members) > len(ids) || !slices.Equal(ids[at:at+len(members)], members) {
						t.Fatalf("seed %d drew %v: group %s should appear as %v, together and in order", seed, ids, name, members)
					}
					for _, q := range drawn[at : at+len(members)] {
						if q.Group != name || (name == "latency" && q.Stem != "A service answers in **42 ms**.") {
							t.Fatalf("seed %d: question %s has group %q and stem %q", seed, q.ID, q.Group, q.Stem)
						}
					}
				}
				if tc.draw > 0 && len(questionBlocks(drawn)) != tc.draw {
					t.Fatalf("seed %d drew %d blocks (%v), want %d", seed, len(questionBlocks(drawn)), ids, tc.draw)
				}
			}
			if len(orders) < 20 {
				t.Errorf("200 seeds gave only %d orders: the blocks are not shuffled", len(orders))
			}
		})
	}
}

func TestPublicShowsTheGroupStem(t *testing.T) {
	for _, q := range Draw(groupedAssessment(), 3) {
		pq := Public(q)
		switch q.ID {
		case "q-num", "q-short", "q-match":
			if pq.Group != "latency" || pq.Stem != "A service answers in **42 ms**." {
				t.Errorf("public %s has group %q and stem %q, want the latency group's", q.ID, pq.Group, pq.Stem)
			}
		case "q-single":
			if pq.Group != "" || pq.Stem != "" {
				t.Errorf("public %s, in no group, has group %q and stem %q", q.ID, pq.Group, pq.Stem)
			}
		}
	}
}
