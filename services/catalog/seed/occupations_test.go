package seed_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"academy/services/catalog"
	"academy/services/catalog/seed"
)

const (
	occupationsCSV = "occupations/esco_occupations_ict.csv"
	relationsCSV   = "occupations/esco_occupation_skill_relations_ict.csv"
	scientist      = "258e46f9-0075-4a2e-adae-1ff0477e0f30"
)

// withOccupations is the good fixture with one occupation and its relations:
// two to skills of the fixture's taxonomy and one to a skill outside it.
func withOccupations(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fixture(t, "good")
	fsys[occupationsCSV] = &fstest.MapFile{Data: []byte("esco_uri,isco_code,isco_group_label,esco_code,preferred_label,alt_labels,description,tabiya_uuid\r\n" +
		"http://data.europa.eu/esco/occupation/" + scientist + ",2511,Systems analysts,2511.4,data scientist,data science specialist|data scientists,Data scientists find and interpret rich data sources.,x\r\n")}
	fsys[relationsCSV] = &fstest.MapFile{Data: []byte("occupation_uri,skill_uri,relation_type,skill_type,occupation_label,skill_label,skill_file\r\n" +
		"http://data.europa.eu/esco/occupation/" + scientist + ",http://data.europa.eu/esco/skill/3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43,essential,knowledge,data scientist,machine learning,x\r\n" +
		"http://data.europa.eu/esco/occupation/" + scientist + ",http://data.europa.eu/esco/skill/e465a154-93f7-4973-9ce1-31659fe16dd2,optional,knowledge,data scientist,principles of artificial intelligence,x\r\n" +
		"http://data.europa.eu/esco/occupation/" + scientist + ",http://data.europa.eu/esco/skill/9e84a506-df06-4be3-874a-fa01293e3dd5,essential,knowledge,data scientist,business processes,x\r\n")}
	return fsys
}

func TestLoadOccupations(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	report := load(t, svc, withOccupations(t))
	if want := (catalog.OccupationLoad{Written: 1, Essential: 1, Optional: 1, Dropped: 1}); report.OccupationsRead != 1 || report.Occupations != want {
		t.Errorf("report %v, want 1 occupation read and %+v", report, want)
	}
	if !strings.Contains(report.String(), "1 dropped (skill not in the taxonomy)") {
		t.Errorf("report %q does not say how many relations were dropped", report)
	}
	occ, err := svc.Occupation(ctx, scientist, "en")
	if err != nil {
		t.Fatal(err)
	}
	if occ.Label != "data scientist" || occ.Code != "2511.4" || occ.ISCOGroup != "2511" || occ.ISCOGroupLabel != "Systems analysts" ||
		!slices.Equal(occ.AltLabels, []string{"data science specialist", "data scientists"}) || len(occ.Essential) != 1 || occ.Essential[0].Label != "machine learning" ||
		len(occ.Optional) != 1 {
		t.Errorf("occupation %+v, essential %v, optional %v: want every field of the row and the two relations to known skills", occ.Occupation, occ.Essential, occ.Optional)
	}
}

func TestLoadReportsBrokenOccupationFiles(t *testing.T) {
	cases := []struct {
		name, file, old, new string
		problem              string
		relations            int // relations stored
		occupations          int // occupations read
	}{
		{"a relation of an occupation not in the file", relationsCSV, "occupation/" + scientist + ",http://data.europa.eu/esco/skill/e465", "occupation/11111111-2222-4333-8444-555555555555,http://data.europa.eu/esco/skill/e465",
			relationsCSV + ":3: occupation 11111111-2222-4333-8444-555555555555 is not in " + occupationsCSV, 0, 1},
		{"a relation neither essential nor optional", relationsCSV, ",optional,", ",required,",
			relationsCSV + `:3: relation_type "required" must be essential or optional`, 0, 1},
		{"a relation given twice", relationsCSV, "e465a154-93f7-4973-9ce1-31659fe16dd2,optional", "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43,optional",
			relationsCSV + ":3: occupation " + scientist + " and skill 3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43 are related twice", 0, 1},
		{"an occupation URI of the wrong kind", occupationsCSV, "esco/occupation/" + scientist, "esco/skill/" + scientist,
			occupationsCSV + `:2: esco_uri "http://data.europa.eu/esco/skill/` + scientist + `" is not an ESCO occupation URI`, 0, 0},
		{"an occupation without a label", occupationsCSV, ",data scientist,", ",,",
			occupationsCSV + ":2: preferred_label is empty", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := newService(t)
			fsys := withOccupations(t)
			edit(t, fsys, tc.file, tc.old, tc.new)
			report, err := seed.Load(context.Background(), fsys, svc)
			var serr *seed.Error
			if !errors.As(err, &serr) {
				t.Fatalf("load returned %v, want a *seed.Error", err)
			}
			var got []string
			for _, p := range serr.Problems {
				got = append(got, p.Error())
			}
			if !slices.Contains(got, tc.problem) {
				t.Errorf("problems:\n%s\nwant %q", strings.Join(got, "\n"), tc.problem)
			}
			if report.OccupationsRead != tc.occupations || report.Occupations.Essential+report.Occupations.Optional != tc.relations || report.SkillsWritten != 3 {
				t.Errorf("report %v, want %d occupations read, %d relations and the skills loaded", report, tc.occupations, tc.relations)
			}
		})
	}
}
