package catalog_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"academy/services/catalog"
	"academy/services/kit/httpkit"
)

// Occupations of the fixture, with their ESCO ids.
const (
	occDataScientist = "258e46f9-0075-4a2e-adae-1ff0477e0f30"
	occDeveloper     = "f2b15a0e-e65a-438a-affb-29b9d50b77d1"
	occTechDirector  = "00030d09-2b3a-4efd-87cc-c4ea39d27c34"
	skillUnknown     = "7a2c1e4e-8e7c-4c5e-9a6b-1f0a3f1b2c3d"
)

func occupation(id, code, label string, alt []string, essential, optional []string) catalog.Occupation {
	return catalog.Occupation{
		ID: id, URI: "http://data.europa.eu/esco/occupation/" + id, Code: code, ISCOGroup: code[:4], ISCOGroupLabel: "group " + code[:4],
		Label: label, AltLabels: alt, Description: label + "s do things.", EssentialSkills: essential, OptionalSkills: optional,
	}
}

// seedOccupations loads three occupations, one of them relating to a skill the taxonomy lacks.
func (e *env) seedOccupations(t testing.TB) catalog.OccupationLoad {
	t.Helper()
	load, err := e.svc.SeedOccupations(context.Background(), []catalog.Occupation{
		occupation(occDataScientist, "2511.4", "data scientist", []string{"data science specialist"}, []string{skillML, skillPython, skillUnknown}, []string{skillEthics}),
		occupation(occDeveloper, "2512.4", "software developer", []string{"programmer", "software engineer"}, []string{skillPython}, nil),
		occupation(occTechDirector, "2654.1.7", "technical director", nil, nil, nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	return load
}

func TestSeedOccupationsDropsRelationsToUnknownSkills(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	first := e.seedOccupations(t)
	if want := (catalog.OccupationLoad{Written: 3, Essential: 3, Optional: 1, Dropped: 1}); first != want {
		t.Errorf("first seed %+v, want %+v", first, want)
	}
	if again := e.seedOccupations(t); again.Written != 0 || again.Dropped != 1 {
		t.Errorf("second seed %+v, want nothing written and the same relation dropped", again)
	}
	var v catalog.OccupationView
	e.mustCall(t, "GET", "/api/v1/occupations/"+occDataScientist, "", nil, 200, &v)
	if !slices.Equal(v.EssentialSkills, []string{skillML, skillPython}) {
		t.Errorf("essential skills %v, want machine learning and Python without the unknown skill", v.EssentialSkills)
	}
}

func TestOccupationLookup(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.seedOccupations(t)
	lookup := func(query string) []string {
		t.Helper()
		var p httpkit.Page[catalog.OccupationSummary]
		e.mustCall(t, "GET", "/api/v1/occupations?"+query, "", nil, 200, &p)
		labels := []string{}
		for _, o := range p.Items {
			labels = append(labels, o.Label)
		}
		return labels
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"q=data", []string{"data scientist"}},
		{"q=SCIEN", []string{"data scientist"}},
		{"q=engineer", []string{"software developer"}}, // an alternative label
		{"q=tech", []string{"technical director"}},     // a word's start, in label order
		{"q=2512", []string{"software developer"}},     // the ISCO group
		{"q=2511.4", []string{"data scientist"}},       // the ESCO code
		{"q=ientist", []string{}},                      // not the start of a word
		{"", []string{"data scientist", "software developer", "technical director"}},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			if got := lookup(tc.query); !slices.Equal(got, tc.want) {
				t.Errorf("GET /occupations?%s = %q, want %q", tc.query, got, tc.want)
			}
		})
	}

	t.Run("pages follow the cursor to the end", func(t *testing.T) {
		var labels []string
		path := "/api/v1/occupations?limit=2"
		for range 3 {
			var p httpkit.Page[catalog.OccupationSummary]
			e.mustCall(t, "GET", path, "", nil, 200, &p)
			for _, o := range p.Items {
				labels = append(labels, o.Label)
			}
			if p.NextCursor == "" {
				break
			}
			path = "/api/v1/occupations?limit=2&cursor=" + p.NextCursor
		}
		if !slices.Equal(labels, []string{"data scientist", "software developer", "technical director"}) {
			t.Errorf("pages gave %q, want every occupation once, in label order", labels)
		}
	})

	t.Run("a summary counts the skills", func(t *testing.T) {
		var p httpkit.Page[catalog.OccupationSummary]
		e.mustCall(t, "GET", "/api/v1/occupations?q=data", "", nil, 200, &p)
		if o := p.Items[0]; o.EssentialCount != 2 || o.OptionalCount != 1 || o.Code != "2511.4" || o.ISCOGroup != "2511" {
			t.Errorf("summary %+v, want 2 essential and 1 optional skill, code 2511.4 in group 2511", o)
		}
	})
}

func TestGetOccupation(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.seedOccupations(t)
	labels := func(skills []catalog.SkillView) []string {
		out := []string{}
		for _, s := range skills {
			out = append(out, s.Label)
		}
		return out
	}
	var v catalog.OccupationView
	e.mustCall(t, "GET", "/api/v1/occupations/"+occDataScientist, "", nil, 200, &v)
	if v.Label != "data scientist" || v.Description == "" || v.URI != "http://data.europa.eu/esco/occupation/"+occDataScientist {
		t.Errorf("occupation %+v, want the data scientist with its URI and description", v.Occupation)
	}
	if got := labels(v.Essential); !slices.Equal(got, []string{"machine learning", "Python (computer programming)"}) {
		t.Errorf("essential skills %q, want machine learning and Python in label order", got)
	}
	if got := labels(v.Optional); !slices.Equal(got, []string{"apply knowledge of philosophy, ethics and religion"}) {
		t.Errorf("optional skills %q, want the ethics skill", got)
	}
	e.mustCall(t, "GET", "/api/v1/occupations/"+occDataScientist+"?lang=fr", "", nil, 200, &v)
	if got := labels(v.Essential); !slices.Equal(got, []string{"apprentissage automatique", "Python (computer programming)"}) {
		t.Errorf("French essential skills %q, want the French label and the English one where there is no French", got)
	}
	status, body := e.call(t, "GET", "/api/v1/occupations/"+occTechDirector, "", nil)
	if status != 200 || !strings.Contains(string(body), `"essential":[]`) || !strings.Contains(string(body), `"optional_skills":[]`) || strings.Contains(string(body), "null") {
		t.Errorf("an occupation without skills = %d %s, want empty lists, never null", status, body)
	}
}

func TestOccupationRoutesRefuseBadInput(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.seedOccupations(t)
	cases := []struct {
		name, path string
		status     int
		field      string
	}{
		{"an id that is no UUID", "/api/v1/occupations/data-scientist", 400, "id"},
		{"an id in capitals", "/api/v1/occupations/" + strings.ToUpper(occDataScientist), 400, "id"},
		{"an unknown language", "/api/v1/occupations/" + occDataScientist + "?lang=xx", 400, "lang"},
		{"an unknown occupation", "/api/v1/occupations/11111111-2222-4333-8444-555555555555", 404, ""},
		{"a page size of 0", "/api/v1/occupations?limit=0", 400, "limit"},
		{"a page size over the maximum", "/api/v1/occupations?limit=101", 400, "limit"},
		{"a page size that is no number", "/api/v1/occupations?limit=ten", 400, "limit"},
		{"a cursor that is not ours", "/api/v1/occupations?cursor=%25%25", 400, "cursor"},
		{"a query longer than any label", "/api/v1/occupations?q=" + strings.Repeat("a", 101), 400, "q"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.call(t, "GET", tc.path, "", nil)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if tc.field != "" && !slices.Contains(problemFields(t, body), tc.field) {
				t.Errorf("problem %s does not name the field %s", body, tc.field)
			}
		})
	}
}

func TestImportESCOOccupations(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	ctx := context.Background()
	e.seedOccupations(t)
	open := func(name string) *os.File {
		t.Helper()
		f, err := os.Open("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	n, err := e.svc.ImportESCOOccupations(ctx, open("occupations_en.csv"))
	if err != nil || n != 3 {
		t.Fatalf("imported %d occupations (%v), want 3", n, err)
	}
	var v catalog.OccupationView
	e.mustCall(t, "GET", "/api/v1/occupations/"+occDataScientist, "", nil, 200, &v)
	if !slices.Equal(v.AltLabels, []string{"data science specialist", "data scientists"}) || !strings.HasPrefix(v.Description, "Data scientists find") ||
		v.Code != "2511.4" || v.ISCOGroupLabel != "group 2511" || len(v.Essential) != 2 {
		t.Errorf("imported %+v: want the alternative labels one per line without repeats, the ESCO description and code, and the stored group label and skills kept", v.Occupation)
	}

	res, err := e.svc.ImportESCOOccupationSkills(ctx, open("occupationSkillRelations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := catalog.RelationImport{OccupationLoad: catalog.OccupationLoad{Written: 2, Essential: 3, Optional: 1, Dropped: 1}, UnknownOccupation: 1}
	if res != want {
		t.Errorf("relations import %+v, want %+v", res, want)
	}
	e.mustCall(t, "GET", "/api/v1/occupations/"+occDeveloper, "", nil, 200, &v)
	if !slices.Equal(v.EssentialSkills, []string{skillPython}) || len(v.OptionalSkills) != 0 {
		t.Errorf("developer skills %v / %v, want Python only", v.EssentialSkills, v.OptionalSkills)
	}

	t.Run("the seed does not overwrite an import", func(t *testing.T) {
		e.seedOccupations(t)
		e.mustCall(t, "GET", "/api/v1/occupations/"+occDataScientist, "", nil, 200, &v)
		if !strings.HasPrefix(v.Description, "Data scientists find") {
			t.Errorf("description %q, want the imported one", v.Description)
		}
	})

	t.Run("files without the official columns are refused", func(t *testing.T) {
		if _, err := e.svc.ImportESCOOccupations(ctx, strings.NewReader("conceptUri,preferredLabel\n")); err == nil || !strings.Contains(err.Error(), "conceptType") {
			t.Errorf("error %v, want one naming the missing conceptType column", err)
		}
		if _, err := e.svc.ImportESCOOccupationSkills(ctx, strings.NewReader("occupationUri,skillUri\n")); err == nil || !strings.Contains(err.Error(), "relationType") {
			t.Errorf("error %v, want one naming the missing relationType column", err)
		}
	})

	t.Run("a malformed row names its line and stores nothing", func(t *testing.T) {
		bad := "occupationUri,relationType,skillType,skillUri\n" +
			"http://data.europa.eu/esco/occupation/" + occDeveloper + ",optional,knowledge,http://data.europa.eu/esco/skill/" + skillML + "\n" +
			"http://data.europa.eu/esco/occupation/" + occDeveloper + ",required,knowledge,http://data.europa.eu/esco/skill/" + skillML + "\n"
		if _, err := e.svc.ImportESCOOccupationSkills(ctx, strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 3") {
			t.Errorf("error %v, want one naming line 3", err)
		}
		e.mustCall(t, "GET", "/api/v1/occupations/"+occDeveloper, "", nil, 200, &v)
		if len(v.OptionalSkills) != 0 {
			t.Errorf("optional skills %v after a refused file, want none", v.OptionalSkills)
		}
	})
}
