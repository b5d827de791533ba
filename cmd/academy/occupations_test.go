package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOccupationsImport imports the official ESCO skills, occupations and
// relations files with the academy command, as an operator would, and finds
// the imported occupation with its skills through the API.
func TestOccupationsImport(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	write := func(name, data string) string {
		t.Helper()
		path := filepath.Join(files, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	const (
		director = "00030d09-2b3a-4efd-87cc-c4ea39d27c34" // technical director: not in the seed
		skill    = "http://data.europa.eu/esco/skill/"
		occ      = "http://data.europa.eu/esco/occupation/"
	)
	skills := write("skills_en.csv", "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n"+
		"KnowledgeSkillCompetence,"+skill+"fbafa41f-cd05-4109-a649-8b44d306d779,skill/competence,cross-sector,create data models,,Use techniques.\n")
	occupations := write("occupations_en.csv", "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description,code\n"+
		"Occupation,"+occ+director+",2654,technical director,\"theatre technical director\ntechnical manager\",Technical directors realise artistic visions.,2654.1.7\n")
	relations := write("occupationSkillRelations.csv", "occupationUri,relationType,skillType,skillUri\n"+
		occ+director+",essential,skill/competence,"+skill+"fbafa41f-cd05-4109-a649-8b44d306d779\n"+
		occ+director+",optional,knowledge,"+skill+"7a2c1e4e-8e7c-4c5e-9a6b-1f0a3f1b2c3d\n"+
		occ+"11111111-2222-4333-8444-555555555555,essential,knowledge,"+skill+"fbafa41f-cd05-4109-a649-8b44d306d779\n")

	for _, args := range [][]string{{"skills", "import", skills}, {"occupations", "import", occupations, "--relations", relations}} {
		p := startProcess(t, dir, nil, args...)
		if code := p.exit(t, 60*time.Second); code != 0 {
			t.Fatalf("academy %s: exit %d\n%s", strings.Join(args, " "), code, p.stderr.String())
		}
		if args[0] == "occupations" {
			out := p.stdout.String()
			for _, want := range []string{"imported 1 occupations from " + occupations, "1 essential and 0 optional relations",
				"dropped 1 whose skill is not in the taxonomy and 1 of occupations not stored"} {
				if !strings.Contains(out, want) {
					t.Errorf("output %q does not say %q", out, want)
				}
			}
		}
	}

	base, _ := runEmbedded(t, dir)
	code, body := getBody(t, base+"/api/v1/occupations/"+director)
	var got struct {
		Label     string   `json:"label"`
		AltLabels []string `json:"alt_labels"`
		Essential []struct {
			Label string `json:"label"`
		} `json:"essential"`
	}
	if err := json.Unmarshal(body, &got); code != 200 || err != nil {
		t.Fatalf("GET the imported occupation = %d %s (%v)", code, body, err)
	}
	if got.Label != "technical director" || len(got.AltLabels) != 2 || len(got.Essential) != 1 || got.Essential[0].Label != "create data models" {
		t.Errorf("imported occupation %s, want the technical director with two alternative labels and its one known essential skill", body)
	}
}
