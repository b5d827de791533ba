package seed

import (
	"io/fs"
	"strings"

	"academy/services/catalog"
)

// The occupations files of the seed.
const (
	occupationsFile = "occupations/esco_occupations_ict.csv"
	relationsFile   = "occupations/esco_occupation_skill_relations_ict.csv"
)

// conceptID returns the id of an ESCO concept URI of the given kind, reporting a malformed one.
func conceptID(file string, row csvRow, column, kind string, probs *problems) (string, bool) {
	uri := row.fields[column]
	id, ok := strings.CutPrefix(uri, "http://data.europa.eu/esco/"+kind+"/")
	if !ok || !catalog.IsSkillID(id) {
		probs.add(file, row.line, "%s %q is not an ESCO %s URI", column, uri, kind)
		return "", false
	}
	return id, true
}

// readOccupations reads the occupations and, when its file is sound, their
// skill relations. Which relations name a skill of the taxonomy is left to
// the catalogue, which counts the others.
func readOccupations(fsys fs.FS, probs *problems) []catalog.Occupation {
	rows, ok := readCSV(fsys, occupationsFile, []string{"esco_uri", "isco_code", "isco_group_label", "esco_code", "preferred_label", "alt_labels", "description"}, probs)
	if !ok || rows == nil {
		return nil
	}
	before := len(probs.list)
	occs := make([]catalog.Occupation, 0, len(rows))
	index := make(map[string]int, len(rows))
	for _, row := range rows {
		id, ok := conceptID(occupationsFile, row, "esco_uri", "occupation", probs)
		if !ok {
			continue
		}
		if _, dup := index[id]; dup {
			probs.add(occupationsFile, row.line, "occupation %s is listed twice", id)
			continue
		}
		f := row.fields
		if f["preferred_label"] == "" {
			probs.add(occupationsFile, row.line, "preferred_label is empty")
		}
		index[id] = len(occs)
		occs = append(occs, catalog.Occupation{
			ID: id, URI: f["esco_uri"], Code: f["esco_code"], ISCOGroup: f["isco_code"], ISCOGroupLabel: f["isco_group_label"],
			Label: f["preferred_label"], AltLabels: splitList(f["alt_labels"]), Description: f["description"],
			EssentialSkills: []string{}, OptionalSkills: []string{},
		})
	}
	if len(probs.list) > before {
		return nil
	}
	rels, ok := readCSV(fsys, relationsFile, []string{"occupation_uri", "skill_uri", "relation_type"}, probs)
	if !ok || rels == nil {
		return occs
	}
	type relation struct {
		occ       int
		skill     string
		essential bool
	}
	list := make([]relation, 0, len(rels))
	seen := make(map[[2]string]bool, len(rels))
	for _, row := range rels {
		occID, okOcc := conceptID(relationsFile, row, "occupation_uri", "occupation", probs)
		skillID, okSkill := conceptID(relationsFile, row, "skill_uri", "skill", probs)
		if !okOcc || !okSkill {
			continue
		}
		i, known := index[occID]
		if !known {
			probs.add(relationsFile, row.line, "occupation %s is not in %s", occID, occupationsFile)
			continue
		}
		kind := row.fields["relation_type"]
		if kind != "essential" && kind != "optional" {
			probs.add(relationsFile, row.line, "relation_type %q must be essential or optional", kind)
			continue
		}
		if seen[[2]string{occID, skillID}] {
			probs.add(relationsFile, row.line, "occupation %s and skill %s are related twice", occID, skillID)
			continue
		}
		seen[[2]string{occID, skillID}] = true
		list = append(list, relation{i, skillID, kind == "essential"})
	}
	// The relations load only when every row is sound.
	if len(probs.list) > before {
		return occs
	}
	for _, r := range list {
		o := &occs[r.occ]
		if r.essential {
			o.EssentialSkills = append(o.EssentialSkills, r.skill)
		} else {
			o.OptionalSkills = append(o.OptionalSkills, r.skill)
		}
	}
	return occs
}
