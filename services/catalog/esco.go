package catalog

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/mongokit"
)

// escoBatch is how many skills ImportESCO stores per write.
const escoBatch = 1000

// SkillID returns the id of an ESCO concept: the last segment of its URI.
func SkillID(conceptURI string) string {
	return conceptURI[strings.LastIndexByte(conceptURI, '/')+1:]
}

// SkillType maps an ESCO skillType ("skill/competence", "knowledge") to the catalogue's.
func SkillType(escoType string) string {
	if escoType == SkillTypeKnowledge {
		return SkillTypeKnowledge
	}
	return SkillTypeSkill
}

// escoCSV reads an official ESCO CSV export, finding columns by header name.
type escoCSV struct {
	rows *csv.Reader
	col  map[string]int
}

func newESCOCSV(r io.Reader, what, file string, required ...string) (*escoCSV, error) {
	rows := csv.NewReader(r)
	rows.ReuseRecord = true
	header, err := rows.Read()
	if err != nil {
		return nil, fmt.Errorf("import ESCO %s: read header: %w", what, err)
	}
	col := make(map[string]int, len(header))
	for i, name := range header {
		col[strings.TrimPrefix(name, "\ufeff")] = i
	}
	for _, name := range required {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("import ESCO %s: the header has no %s column; expected the official %s export", what, name, file)
		}
	}
	return &escoCSV{rows: rows, col: col}, nil
}

// next returns the next record, or nil at the end.
func (e *escoCSV) next() ([]string, error) {
	rec, err := e.rows.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	return rec, err
}

func (e *escoCSV) line() int {
	line, _ := e.rows.FieldPos(0)
	return line
}

// conceptID returns the id of an ESCO concept URI of the given kind
// ("occupation", "skill"), or "" when uri is not one.
func conceptID(uri, kind string) string {
	id, ok := strings.CutPrefix(uri, "http://data.europa.eu/esco/"+kind+"/")
	if !ok || !IsSkillID(id) {
		return ""
	}
	return id
}

// ImportESCO reads the official ESCO skills export (skills_en.csv: columns
// found by header name, alternative labels one per line) and stores every
// skill concept in it, keeping the labels other languages already have. It
// returns how many skills it stored.
func (s *Service) ImportESCO(ctx context.Context, r io.Reader) (int, error) {
	in, err := newESCOCSV(r, "skills", "skills_en.csv", "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description")
	if err != nil {
		return 0, err
	}
	col := in.col
	stored := 0
	var batch []Skill
	for {
		rec, err := in.next()
		if err != nil {
			return stored, fmt.Errorf("import ESCO skills: %w", err)
		}
		if rec == nil {
			break
		}
		if rec[col["conceptType"]] != "KnowledgeSkillCompetence" {
			continue
		}
		uri := rec[col["conceptUri"]]
		label := strings.TrimSpace(rec[col["preferredLabel"]])
		if !strings.HasPrefix(uri, "http") || !skillIDPattern.MatchString(SkillID(uri)) || label == "" {
			return stored, fmt.Errorf("import ESCO skills: line %d: needs a skill concept URI and a preferred label", in.line())
		}
		batch = append(batch, Skill{
			ID:          SkillID(uri),
			URI:         uri,
			Type:        SkillType(rec[col["skillType"]]),
			ReuseLevel:  rec[col["reuseLevel"]],
			Labels:      map[string]string{"en": label},
			AltLabels:   map[string][]string{"en": splitLabels(rec[col["altLabels"]], "\n")},
			Description: strings.TrimSpace(rec[col["description"]]),
		})
		if len(batch) == escoBatch {
			if err := s.mergeSkills(ctx, batch); err != nil {
				return stored, err
			}
			stored += len(batch)
			batch = batch[:0]
		}
	}
	if err := s.mergeSkills(ctx, batch); err != nil {
		return stored, err
	}
	return stored + len(batch), nil
}

// splitLabels splits a list of labels, dropping blanks and repeats.
func splitLabels(list, sep string) []string {
	var out []string
	for _, l := range strings.Split(list, sep) {
		out = appendNew(out, strings.TrimSpace(l))
	}
	return out
}

// mergeSkills stores skills whose English fields come from an import, keeping
// what stored skills have in other languages and their broader skills.
func (s *Service) mergeSkills(ctx context.Context, skills []Skill) error {
	ids := make([]string, len(skills))
	for i, sk := range skills {
		ids[i] = sk.ID
	}
	existing, err := mongokit.FindAll[skillRecord](ctx, s.store.skills, bson.M{"_id": bson.M{"$in": ids}}, nil)
	if err != nil {
		return err
	}
	byID := make(map[string]skillRecord, len(existing))
	for _, r := range existing {
		byID[r.ID] = r
	}
	records := make([]skillRecord, len(skills))
	for i, sk := range skills {
		old, ok := byID[sk.ID]
		if ok {
			for lang, l := range old.Labels {
				if lang != "en" {
					sk.Labels[lang] = l
				}
			}
			for lang, l := range old.AltLabels {
				if lang != "en" {
					sk.AltLabels[lang] = slices.Clone(l)
				}
			}
			sk.Broader = old.Broader
		}
		records[i] = newSkillRecord(sk, old.SeedHash)
	}
	return s.store.putSkills(ctx, records, func(id string) bool { _, ok := byID[id]; return ok })
}
