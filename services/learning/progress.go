package learning

import (
	"slices"
	"strings"

	"academy/services/catalog"
	"academy/services/kit/apperr"
)

// passTolerance absorbs floating-point rounding in sums of partial scores,
// as grading.AttemptResult.Passed does.
const passTolerance = 1e-9

// ItemState is where a learner stands on one item of their course version.
type ItemState struct {
	// Ref names the item across the course: "module-id.item-id".
	Ref      string `bson:"ref" json:"ref"`
	ModuleID string `bson:"module_id" json:"module_id"`
	ItemID   string `bson:"item_id" json:"item_id"`
	Kind     string `bson:"kind" json:"kind"`
	Required bool   `bson:"required" json:"required"`
	// Done is true for a lesson marked as done and for a passed assessment.
	Done bool `bson:"done" json:"done"`
	// BestPercent is an assessment's best graded attempt, absent before one is graded.
	BestPercent    *float64 `bson:"best_percent,omitempty" json:"best_percent,omitempty"`
	PassMark       float64  `bson:"pass_mark,omitempty" json:"pass_mark,omitempty"`
	GradedAttempts int      `bson:"graded_attempts,omitempty" json:"graded_attempts,omitempty"`
}

// Progress is a learner's standing in their course version.
type Progress struct {
	Items         []ItemState `bson:"items" json:"items"`
	RequiredDone  int         `bson:"required_done" json:"required_done"`
	RequiredTotal int         `bson:"required_total" json:"required_total"`
	// Percent is the share of required items done, from 0 to 100.
	Percent float64 `bson:"percent" json:"percent"`
	// GradePercent is the grade the course would be completed with now.
	GradePercent float64 `bson:"grade_percent" json:"grade_percent"`
	Complete     bool    `bson:"complete" json:"complete"`
}

// Evaluate applies the completion rule to a course version, given the refs
// of the lessons marked as done and the percent of every graded attempt by
// assessment ref. The rule:
//
//   - The required items are those marked required; when none is, all are.
//   - A lesson is done when marked as done. An assessment is done when its
//     best graded attempt reaches the assessment's pass mark.
//   - The grade is the mean of the best percent of each required assessment
//     (0 for one not yet graded), or 100 when no assessment is required.
//   - The course is complete when every required item is done and the grade
//     reaches the course's pass mark.
//
// Attempts awaiting review do not count until staff have graded them.
func Evaluate(tree catalog.Tree, coursePassMark float64, lessonsDone []string, scores map[string][]float64) Progress {
	p := Progress{Items: []ItemState{}}
	anyRequired := false
	for _, m := range tree.Modules {
		for _, it := range m.Items {
			anyRequired = anyRequired || it.Required
		}
	}
	var gradeSum float64
	assessments := 0
	for _, m := range tree.Modules {
		for _, it := range m.Items {
			st := ItemState{Ref: itemRef(m.ID, it.ID), ModuleID: m.ID, ItemID: it.ID, Kind: it.Kind, Required: it.Required || !anyRequired}
			switch {
			case it.Kind == catalog.ItemAssessment && it.Assessment != nil:
				st.PassMark = it.Assessment.PassMark
				graded := scores[st.Ref]
				st.GradedAttempts = len(graded)
				if len(graded) > 0 {
					best := slices.Max(graded)
					st.BestPercent = &best
					st.Done = best >= st.PassMark-passTolerance
				}
				if st.Required {
					assessments++
					if st.BestPercent != nil {
						gradeSum += *st.BestPercent
					}
				}
			default:
				st.Done = slices.Contains(lessonsDone, st.Ref)
			}
			if st.Required {
				p.RequiredTotal++
				if st.Done {
					p.RequiredDone++
				}
			}
			p.Items = append(p.Items, st)
		}
	}
	p.GradePercent = 100
	if assessments > 0 {
		p.GradePercent = gradeSum / float64(assessments)
	}
	if p.RequiredTotal > 0 {
		p.Percent = 100 * float64(p.RequiredDone) / float64(p.RequiredTotal)
	}
	p.Complete = p.RequiredTotal > 0 && p.RequiredDone == p.RequiredTotal && p.GradePercent >= coursePassMark-passTolerance
	return p
}

// itemRef names an item across a course; item ids are unique only within their module.
func itemRef(moduleID, itemID string) string { return moduleID + "." + itemID }

// assessmentRefs lists the refs of a course version's assessments in course order.
func assessmentRefs(tree catalog.Tree) []string {
	var refs []string
	for _, m := range tree.Modules {
		for _, it := range m.Items {
			if it.Assessment != nil {
				refs = append(refs, itemRef(m.ID, it.ID))
			}
		}
	}
	return refs
}

// locatedItem is an item of a course version with its module and ref.
type locatedItem struct {
	Module catalog.Module
	Item   catalog.Item
	Ref    string
}

// findItem resolves a ref ("module-id.item-id", or an item id alone when no
// other module has an item with that id) in a course version.
func findItem(tree catalog.Tree, ref string) (locatedItem, error) {
	moduleID, itemID, qualified := strings.Cut(ref, ".")
	if !qualified {
		moduleID, itemID = "", ref
	}
	var found []locatedItem
	for _, m := range tree.Modules {
		if qualified && m.ID != moduleID {
			continue
		}
		for _, it := range m.Items {
			if it.ID == itemID {
				found = append(found, locatedItem{Module: m, Item: it, Ref: itemRef(m.ID, it.ID)})
			}
		}
	}
	switch len(found) {
	case 0:
		return locatedItem{}, apperr.NotFoundf("the course has no item %q", ref)
	case 1:
		return found[0], nil
	default:
		return locatedItem{}, apperr.InvalidField("item_id", "several modules have an item %q; name it as module-id.item-id", ref)
	}
}
