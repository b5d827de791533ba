package seed

import (
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"

	"academy/services/catalog"
)

// The skills files of the seed.
const (
	skillsFile  = "skills/esco_digital_skills.csv"
	broaderFile = "skills/esco_digital_skills_broader.csv"
	frenchFile  = "skills/esco_digital_skills_labels_fr.csv"
	extraFile   = "skills/labels_extra.csv"
)

// csvRow is a record of a CSV file by column name, with its line.
type csvRow struct {
	line   int
	fields map[string]string
}

// readCSV reads a seed CSV file whose header must hold the given columns. It
// reports the file's problems and returns nil rows when it is broken; ok is
// false when it does not exist.
func readCSV(fsys fs.FS, file string, columns []string, probs *problems) (rows []csvRow, ok bool) {
	f, err := fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		probs.add(file, 1, "cannot open: %v", err)
		return nil, true
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		probs.add(file, 1, "cannot read the header: %v", err)
		return nil, true
	}
	for _, c := range columns {
		if !slices.Contains(header, c) {
			probs.add(file, 1, "the header lacks the column %s (expected %s)", c, strings.Join(columns, ","))
			return nil, true
		}
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, true
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			probs.add(file, pe.Line, "%v", pe.Err)
			return nil, true
		}
		if err != nil {
			probs.add(file, 1, "%v", err)
			return nil, true
		}
		line, _ := r.FieldPos(0)
		row := csvRow{line: line, fields: make(map[string]string, len(header))}
		for i, name := range header {
			row.fields[name] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, row)
	}
}

// skillIDOf returns the skill id of a concept URI, reporting a malformed one.
func skillIDOf(file string, row csvRow, column string, probs *problems) (string, bool) {
	uri := row.fields[column]
	id := catalog.SkillID(uri)
	if !strings.HasPrefix(uri, "http://data.europa.eu/esco/skill/") || !catalog.IsSkillID(id) {
		probs.add(file, row.line, "%s %q is not an ESCO skill URI", column, uri)
		return "", false
	}
	return id, true
}

// readSkills reads the taxonomy: the skills file, then French labels, extra
// labels and broader relations, each applied only when its file is sound.
func readSkills(fsys fs.FS, probs *problems) []catalog.Skill {
	rows, ok := readCSV(fsys, skillsFile, []string{"conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"}, probs)
	if !ok || rows == nil {
		return nil
	}
	before := len(probs.list)
	skills := make([]catalog.Skill, 0, len(rows))
	index := make(map[string]int, len(rows))
	for _, row := range rows {
		id, ok := skillIDOf(skillsFile, row, "conceptUri", probs)
		if !ok {
			continue
		}
		if _, dup := index[id]; dup {
			probs.add(skillsFile, row.line, "skill %s is listed twice", id)
			continue
		}
		f := row.fields
		if t := f["skillType"]; t != "knowledge" && t != "skill/competence" {
			probs.add(skillsFile, row.line, "skillType %q must be knowledge or skill/competence", t)
		}
		if f["preferredLabel"] == "" {
			probs.add(skillsFile, row.line, "preferredLabel is empty")
		}
		index[id] = len(skills)
		skills = append(skills, catalog.Skill{
			ID: id, URI: f["conceptUri"], Type: catalog.SkillType(f["skillType"]), ReuseLevel: f["reuseLevel"],
			Labels:      map[string]string{"en": f["preferredLabel"]},
			AltLabels:   map[string][]string{"en": splitList(f["altLabels"])},
			Description: f["description"],
		})
	}
	if len(probs.list) > before {
		return nil
	}
	find := func(file string, row csvRow, column string) *catalog.Skill {
		id, ok := skillIDOf(file, row, column, probs)
		if !ok {
			return nil
		}
		i, known := index[id]
		if !known {
			probs.add(file, row.line, "skill %s is not in %s", id, skillsFile)
			return nil
		}
		return &skills[i]
	}
	type change struct {
		skill *catalog.Skill
		apply func(*catalog.Skill)
	}
	// applyFile applies a file's changes only when all its rows are sound.
	applyFile := func(file string, columns []string, parse func(csvRow) func(*catalog.Skill)) {
		rows, ok := readCSV(fsys, file, columns, probs)
		if !ok {
			return
		}
		before := len(probs.list)
		var changes []change
		for _, row := range rows {
			if s := find(file, row, "conceptUri"); s != nil {
				if apply := parse(row); apply != nil {
					changes = append(changes, change{s, apply})
				}
			}
		}
		if len(probs.list) > before {
			return
		}
		for _, c := range changes {
			c.apply(c.skill)
		}
	}
	applyFile(frenchFile, []string{"conceptUri", "preferredLabel_fr", "altLabels_fr"}, func(row csvRow) func(*catalog.Skill) {
		label, alts := row.fields["preferredLabel_fr"], splitList(row.fields["altLabels_fr"])
		if label == "" {
			probs.add(frenchFile, row.line, "preferredLabel_fr is empty")
			return nil
		}
		return func(s *catalog.Skill) { s.Labels["fr"], s.AltLabels["fr"] = label, alts }
	})
	applyFile(extraFile, []string{"conceptUri", "language", "preferredLabel", "altLabels"}, func(row csvRow) func(*catalog.Skill) {
		lang, label, alts := row.fields["language"], row.fields["preferredLabel"], splitList(row.fields["altLabels"])
		if len(lang) != 2 || strings.ToLower(lang) != lang || label == "" {
			probs.add(extraFile, row.line, "needs a lower-case two-letter language and a preferredLabel")
			return nil
		}
		// Official ESCO labels take precedence over the added ones.
		return func(s *catalog.Skill) {
			if s.Labels[lang] == "" {
				s.Labels[lang], s.AltLabels[lang] = label, alts
			}
		}
	})
	applyFile(broaderFile, []string{"conceptUri", "broaderUri", "broaderType"}, func(row csvRow) func(*catalog.Skill) {
		if row.fields["broaderType"] != "KnowledgeSkillCompetence" {
			return nil // a skill group, not a skill
		}
		broader, ok := skillIDOf(broaderFile, row, "broaderUri", probs)
		if !ok {
			return nil
		}
		return func(s *catalog.Skill) {
			if !slices.Contains(s.Broader, broader) {
				s.Broader = append(s.Broader, broader)
			}
		}
	})
	for i := range skills {
		for lang, alts := range skills[i].AltLabels {
			if len(alts) == 0 {
				delete(skills[i].AltLabels, lang)
			}
		}
	}
	return skills
}

// splitList splits a "|"-separated list, dropping blanks.
func splitList(list string) []string {
	var out []string
	for _, s := range strings.Split(list, "|") {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// stem returns a file's name without directory and extension.
func stem(file string) string {
	base := path.Base(file)
	return strings.TrimSuffix(base, path.Ext(base))
}
