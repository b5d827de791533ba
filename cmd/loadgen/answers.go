package main

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"

	"academy/services/grading"
)

// answerFor returns a plausible answer to a question as a learner sees it:
// right or wrong at random, always well formed. Essays are left unanswered
// (ok is false), since an answered essay waits for staff instead of being graded.
func answerFor(q grading.PublicQuestion, r *rand.Rand) (answer json.RawMessage, ok bool) {
	var a map[string]any
	switch q.Type {
	case grading.SingleChoice:
		a = map[string]any{"choice": pick(r, q.Options).ID}
	case grading.MultipleResponse:
		var ids []string
		for _, i := range r.Perm(len(q.Options))[:1+r.IntN(len(q.Options))] {
			ids = append(ids, q.Options[i].ID)
		}
		a = map[string]any{"choices": ids}
	case grading.TrueFalse:
		a = map[string]any{"value": r.IntN(2) == 0}
	case grading.Numeric:
		a = map[string]any{"number": strconv.Itoa(r.IntN(500))}
		if len(q.Units) > 0 {
			a["unit"] = pick(r, q.Units)
		}
	case grading.ShortAnswer:
		a = map[string]any{"text": "overfitting"}
	case grading.Matching:
		matches := map[string]string{}
		for _, l := range q.Lefts {
			matches[l.ID] = pick(r, q.Rights).ID
		}
		a = map[string]any{"matches": matches}
	case grading.Ordering:
		order := make([]string, len(q.Items))
		for i, j := range r.Perm(len(q.Items)) {
			order[i] = q.Items[j].ID
		}
		a = map[string]any{"order": order}
	case grading.Cloze:
		gaps := map[string]string{}
		for _, g := range q.Gaps {
			if len(g.Options) > 0 {
				gaps[g.ID] = pick(r, g.Options)
			} else {
				gaps[g.ID] = "test"
			}
		}
		a = map[string]any{"gaps": gaps}
	default:
		return nil, false
	}
	b, err := json.Marshal(a)
	if err != nil {
		panic(err) // maps of strings, numbers and booleans always encode
	}
	return b, true
}
