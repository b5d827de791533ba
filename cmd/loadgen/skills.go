package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"

	"academy/content"
	"academy/services/catalog"
)

// skill is an ESCO skill of the seed taxonomy with every label it is found by.
type skill struct {
	id     string
	label  string   // English preferred label
	labels []string // preferred and alternative labels in every language, as catalogue documents hold them
}

// loadSkills reads the ESCO skills the seed catalogue ships, with their
// French and extra labels, in file order.
func loadSkills() ([]skill, error) {
	fsys := content.Files()
	var out []skill
	byID := map[string]int{}
	err := eachRow(fsys, "skills/esco_digital_skills.csv", func(row map[string]string) {
		id := catalog.SkillID(row["conceptUri"])
		byID[id] = len(out)
		out = append(out, skill{id: id, label: row["preferredLabel"],
			labels: appendLabels(nil, row["preferredLabel"], row["altLabels"])})
	})
	if err != nil {
		return nil, err
	}
	addLabels := func(file, label, alts string) error {
		return eachRow(fsys, file, func(row map[string]string) {
			if i, ok := byID[catalog.SkillID(row["conceptUri"])]; ok {
				out[i].labels = appendLabels(out[i].labels, row[label], row[alts])
			}
		})
	}
	if err := addLabels("skills/esco_digital_skills_labels_fr.csv", "preferredLabel_fr", "altLabels_fr"); err != nil {
		return nil, err
	}
	if err := addLabels("skills/labels_extra.csv", "preferredLabel", "altLabels"); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("read skills: the seed taxonomy is empty")
	}
	return out, nil
}

// appendLabels adds a label and a "|"-separated list of labels, skipping blanks and repeats.
func appendLabels(labels []string, label, list string) []string {
	for _, l := range append([]string{label}, strings.Split(list, "|")...) {
		if l = strings.TrimSpace(l); l != "" && !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	return labels
}

// eachRow calls f with every row of a CSV file, keyed by the header.
func eachRow(fsys fs.FS, file string, f func(map[string]string)) error {
	fh, err := fsys.Open(file)
	if err != nil {
		return fmt.Errorf("read skills: %w", err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("read skills: %s: %w", file, err)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read skills: %s: %w", file, err)
		}
		row := make(map[string]string, len(header))
		for i, name := range header {
			if i < len(rec) {
				row[name] = rec[i]
			}
		}
		f(row)
	}
}

// skillsByTopic returns, for each topic, the indexes of the skills whose
// English label contains one of its keywords.
func skillsByTopic(skills []skill) [][]int {
	out := make([][]int, len(topics))
	for t, tp := range topics {
		for i, s := range skills {
			label := strings.ToLower(s.label)
			if slices.ContainsFunc(tp.keywords, func(k string) bool { return strings.Contains(label, k) }) {
				out[t] = append(out[t], i)
			}
		}
	}
	return out
}
