package grading

import "strconv"

// PublicQuestion is the view of a question that may be sent to a learner
// before grading: it carries nothing that reveals the answer.
type PublicQuestion struct {
	ID     string       `json:"id"`
	Type   QuestionType `json:"type"`
	Prompt string       `json:"prompt"`
	Points float64      `json:"points"`
	// Group and Stem are the id and Markdown stem of the question's group:
	// questions of a group come one after the other, the stem shown above the first.
	Group string `json:"group,omitempty"`
	Stem  string `json:"stem,omitempty"`

	// Options of single_choice and multiple_response questions.
	Options []PublicChoice `json:"options,omitempty"`

	// Units a numeric answer may be given in.
	Units        []string `json:"units,omitempty"`
	UnitRequired bool     `json:"unit_required,omitempty"`

	// Lefts and Rights of a matching question: an answer maps a left id to a
	// right id. Right ids are opaque and the rights are shuffled.
	Lefts  []PublicChoice `json:"lefts,omitempty"`
	Rights []PublicChoice `json:"rights,omitempty"`

	// Items of an ordering question, shuffled, with opaque ids.
	Items []PublicChoice `json:"items,omitempty"`

	// Text and Gaps of a cloze question.
	Text string      `json:"text,omitempty"`
	Gaps []PublicGap `json:"gaps,omitempty"`

	// Rubric and word limits of an essay, which learners may see.
	Rubric   []Criterion `json:"rubric,omitempty"`
	MinWords int         `json:"min_words,omitempty"`
	MaxWords int         `json:"max_words,omitempty"`
}

// PublicChoice is an id and the text a learner sees for it.
type PublicChoice struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// PublicGap is a cloze gap as a learner sees it: free text when Options is empty.
type PublicGap struct {
	ID      string   `json:"id"`
	Options []string `json:"options,omitempty"`
}

// Public returns the learner's view of q, which should come from Draw: the
// ids of ordering items and matching right-hand items are derived from the
// display seed Draw assigns, and DecodeAnswer expects them back.
func Public(q Question) PublicQuestion {
	pq := PublicQuestion{
		ID:     q.ID,
		Type:   q.Type,
		Prompt: q.Prompt,
		Points: q.MaxScore(),
		Group:  q.Group,
		Stem:   q.Stem,
	}
	switch q.Type {
	case SingleChoice, MultipleResponse:
		for _, o := range q.Options {
			pq.Options = append(pq.Options, PublicChoice{ID: o.ID, Text: o.Text})
		}
	case Numeric:
		for _, u := range q.Units {
			pq.Units = append(pq.Units, u.Unit)
		}
		pq.UnitRequired = q.UnitRequired
	case Matching:
		for _, p := range q.Pairs {
			pq.Lefts = append(pq.Lefts, PublicChoice{ID: p.ID, Text: p.Left})
		}
		for _, r := range displayRights(q) {
			pq.Rights = append(pq.Rights, PublicChoice{ID: r.publicID, Text: r.text})
		}
	case Ordering:
		for _, it := range displayItems(q) {
			pq.Items = append(pq.Items, PublicChoice{ID: it.publicID, Text: it.text})
		}
	case Cloze:
		pq.Text = q.Text
		for _, g := range q.Gaps {
			pq.Gaps = append(pq.Gaps, PublicGap{ID: g.ID, Options: g.Options})
		}
	case Essay:
		pq.Rubric = q.Rubric
		pq.MinWords = q.MinWords
		pq.MaxWords = q.MaxWords
	}
	return pq
}

// displayed is an element shown to learners under an opaque id in place of
// its authored id.
type displayed struct {
	publicID string
	id       string
	text     string
}

// displayItems returns an ordering question's items in display order, with
// ids "o1", "o2", ... by display position.
func displayItems(q Question) []displayed {
	perm := displayPermutation(seededRand(q.DisplaySeed, "items"), len(q.Items), len(q.Items))
	out := make([]displayed, len(perm))
	for pos, i := range perm {
		out[pos] = displayed{publicID: "o" + strconv.Itoa(pos+1), id: q.Items[i].ID, text: q.Items[i].Text}
	}
	return out
}

// displayRights returns a matching question's right-hand items (its pairs'
// rights, then its distractors) in display order, with ids "r1", "r2", ... by
// display position; id is the pair id or distractor id an Answer uses.
func displayRights(q Question) []displayed {
	rights := make([]displayed, 0, len(q.Pairs)+len(q.Distractors))
	for _, p := range q.Pairs {
		rights = append(rights, displayed{id: p.ID, text: p.Right})
	}
	for i, d := range q.Distractors {
		rights = append(rights, displayed{id: distractorID(i), text: d})
	}
	perm := displayPermutation(seededRand(q.DisplaySeed, "rights"), len(rights), len(q.Pairs))
	out := make([]displayed, len(perm))
	for pos, i := range perm {
		out[pos] = rights[i]
		out[pos].publicID = "r" + strconv.Itoa(pos+1)
	}
	return out
}
