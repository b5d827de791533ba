package catalog

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ImportESCOOccupations reads the official ESCO occupations export
// (occupations_en.csv: alternative labels one per line) and stores every
// occupation in it. An occupation already stored keeps its skills and, when
// its ISCO group is unchanged, the group's label, which the export lacks. It
// returns how many occupations it stored.
func (s *Service) ImportESCOOccupations(ctx context.Context, r io.Reader) (int, error) {
	in, err := newESCOCSV(r, "occupations", "occupations_en.csv", "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code")
	if err != nil {
		return 0, err
	}
	var occs []Occupation
	seen := map[string]bool{}
	for {
		rec, err := in.next()
		if err != nil {
			return 0, fmt.Errorf("import ESCO occupations: %w", err)
		}
		if rec == nil {
			break
		}
		if rec[in.col["conceptType"]] != "Occupation" {
			continue
		}
		id := conceptID(rec[in.col["conceptUri"]], "occupation")
		label := strings.TrimSpace(rec[in.col["preferredLabel"]])
		if id == "" || label == "" {
			return 0, fmt.Errorf("import ESCO occupations: line %d: needs an occupation concept URI and a preferred label", in.line())
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		occs = append(occs, Occupation{
			ID: id, URI: rec[in.col["conceptUri"]], Code: strings.TrimSpace(rec[in.col["code"]]),
			ISCOGroup: strings.TrimSpace(rec[in.col["iscoGroup"]]), Label: label,
			AltLabels:   splitLabels(rec[in.col["altLabels"]], "\n"),
			Description: strings.TrimSpace(rec[in.col["description"]]),
		})
	}
	ids := make([]string, len(occs))
	for i, o := range occs {
		ids[i] = o.ID
	}
	existing, err := s.store.occupationRecords(ctx, ids)
	if err != nil {
		return 0, err
	}
	records := make([]occupationRecord, len(occs))
	for i, o := range occs {
		old, ok := existing[o.ID]
		if ok {
			o.EssentialSkills, o.OptionalSkills = old.EssentialSkills, old.OptionalSkills
			if old.ISCOGroup == o.ISCOGroup {
				o.ISCOGroupLabel = old.ISCOGroupLabel
			}
		}
		// The seed hash is kept so that loading the seed again does not
		// overwrite the imported content with the seed's older copy.
		records[i] = occupationRecord{Occupation: o, SeedHash: old.SeedHash}
	}
	for batch := range slices.Chunk(records, escoBatch) {
		if err := s.store.putOccupations(ctx, batch, func(id string) bool { _, ok := existing[id]; return ok }); err != nil {
			return 0, err
		}
	}
	return len(records), nil
}

// RelationImport says what an import of occupation–skill relations did.
type RelationImport struct {
	OccupationLoad
	// UnknownOccupation counts the relations of occupations not stored: import the occupations first.
	UnknownOccupation int `json:"unknown_occupation"`
}

// ImportESCOOccupationSkills reads the official ESCO occupation–skill
// relations export (occupationSkillRelations.csv) and replaces the skills of
// every stored occupation it names with its essential and optional skills
// that the taxonomy has.
func (s *Service) ImportESCOOccupationSkills(ctx context.Context, r io.Reader) (RelationImport, error) {
	var res RelationImport
	in, err := newESCOCSV(r, "occupation skills", "occupationSkillRelations.csv", "occupationUri", "relationType", "skillUri")
	if err != nil {
		return res, err
	}
	all, err := s.store.occupationCache.get(ctx, s.store.occupations)
	if err != nil {
		return res, err
	}
	named := map[string]*Occupation{}
	var order []string
	for {
		rec, err := in.next()
		if err != nil {
			return res, fmt.Errorf("import ESCO occupation skills: %w", err)
		}
		if rec == nil {
			break
		}
		occID, skillID := conceptID(rec[in.col["occupationUri"]], "occupation"), conceptID(rec[in.col["skillUri"]], "skill")
		kind := rec[in.col["relationType"]]
		if occID == "" || skillID == "" || kind != "essential" && kind != "optional" {
			return res, fmt.Errorf("import ESCO occupation skills: line %d: needs an occupation URI, a skill URI and relationType essential or optional", in.line())
		}
		stored, ok := all.byID[occID]
		if !ok {
			res.UnknownOccupation++
			continue
		}
		o := named[occID]
		if o == nil {
			o = &Occupation{}
			*o = stored.Occupation
			o.EssentialSkills, o.OptionalSkills = nil, nil
			named[occID] = o
			order = append(order, occID)
		}
		if kind == "essential" {
			o.EssentialSkills = appendNew(o.EssentialSkills, skillID)
		} else {
			o.OptionalSkills = appendNew(o.OptionalSkills, skillID)
		}
	}
	occs := make([]Occupation, len(order))
	for i, id := range order {
		occs[i] = *named[id]
	}
	known, err := s.store.SkillsByID(ctx, relationSkills(occs))
	if err != nil {
		return res, err
	}
	records := make([]occupationRecord, len(occs))
	for i := range occs {
		keepKnownSkills(&occs[i], known, &res.OccupationLoad)
		records[i] = occupationRecord{Occupation: occs[i], SeedHash: all.byID[occs[i].ID].SeedHash}
	}
	for batch := range slices.Chunk(records, escoBatch) {
		if err := s.store.putOccupations(ctx, batch, func(string) bool { return true }); err != nil {
			return res, err
		}
	}
	res.Written = len(records)
	return res, nil
}
