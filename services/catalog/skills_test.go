package catalog_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"academy/services/catalog"
	"academy/services/kit/httpkit"
	"academy/services/talent/matching"
)

func TestImportESCO(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	ctx := context.Background()
	f, err := os.Open("testdata/skills_en.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := e.svc.ImportESCO(ctx, f)
	if err != nil || n != 3 {
		t.Fatalf("imported %d skills (%v), want 3", n, err)
	}
	ml, err := e.svc.Skill(ctx, skillML)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ml.AltLabels["en"], []string{"ML", "statistical learning", "machine-learning techniques"}) {
		t.Errorf("English alternative labels %q, want the three lines of altLabels", ml.AltLabels["en"])
	}
	if ml.Labels["fr"] != "apprentissage automatique" || ml.Labels["de"] != "maschinelles Lernen" || !slices.Equal(ml.AltLabels["de"], []string{"ML-Verfahren"}) {
		t.Errorf("labels %v alt %v: the import dropped the French or German labels it does not carry", ml.Labels, ml.AltLabels)
	}
	if !strings.HasPrefix(ml.Description, "The principles, methods") || ml.Type != catalog.SkillTypeKnowledge {
		t.Errorf("description %q type %q, want the ESCO description and knowledge", ml.Description, ml.Type)
	}
	staff, err := e.svc.Skill(ctx, "0005c151-5b5a-4a66-8aac-60e734beb1ab")
	if err != nil {
		t.Fatal(err)
	}
	if staff.Type != catalog.SkillTypeSkill || staff.ReuseLevel != "sector-specific" || staff.Label("en") != "manage musical staff" ||
		staff.URI != "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab" {
		t.Errorf("imported skill %+v, want a sector-specific skill/competence with its label and URI", staff)
	}

	t.Run("a file without the official columns is refused", func(t *testing.T) {
		f, err := os.Open("testdata/skills_en_no_label_column.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := e.svc.ImportESCO(ctx, f); err == nil || !strings.Contains(err.Error(), "preferredLabel") {
			t.Errorf("error %v, want one naming the missing preferredLabel column", err)
		}
	})
}

func TestSkillLookup(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	lookup := func(query string) []string {
		t.Helper()
		var p httpkit.Page[catalog.SkillView]
		e.mustCall(t, "GET", "/api/v1/skills?"+query, "", nil, 200, &p)
		var labels []string
		for _, s := range p.Items {
			labels = append(labels, s.Label)
		}
		return labels
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"q=mach", []string{"machine learning"}},
		{"q=MACH", []string{"machine learning"}},
		{"q=ml", []string{"machine learning"}},
		{"q=maschi&lang=de", []string{"maschinelles Lernen"}},
		{"q=ethique&lang=fr", []string{"appliquer des connaissances en éthique"}},
		{"q=python&lang=fr", []string{"Python (computer programming)"}},
		{"q=app&lang=fr", []string{"apprentissage automatique", "appliquer des connaissances en éthique"}},
		{"q=learn", []string{"machine learning"}},
		{"q=earning", nil},
		{"q=zzz", nil},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got := lookup(tc.query)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("found %q, want %q", got, want)
			}
		})
	}
	t.Run("pages in label order", func(t *testing.T) {
		var labels []string
		path := "/api/v1/skills?limit=2"
		for path != "" {
			var p httpkit.Page[catalog.SkillView]
			e.mustCall(t, "GET", path, "", nil, 200, &p)
			for _, s := range p.Items {
				labels = append(labels, s.Label)
			}
			path = ""
			if p.NextCursor != "" {
				path = "/api/v1/skills?limit=2&cursor=" + p.NextCursor
			}
		}
		want := []string{"apply knowledge of philosophy, ethics and religion", "machine learning", "Python (computer programming)"}
		if !slices.Equal(labels, want) {
			t.Errorf("paged through %q, want %q", labels, want)
		}
	})
	t.Run("one skill and errors", func(t *testing.T) {
		var s catalog.Skill
		e.mustCall(t, "GET", "/api/v1/skills/"+skillML, "", nil, 200, &s)
		if s.Labels["de"] != "maschinelles Lernen" {
			t.Errorf("skill %+v lacks its German label", s)
		}
		if status, _ := e.call(t, "GET", "/api/v1/skills/00000000-0000-4000-8000-000000000000", "", nil); status != 404 {
			t.Errorf("unknown skill: status %d, want 404", status)
		}
		if status, b := e.call(t, "GET", "/api/v1/skills?lang=xx", "", nil); status != 400 || !slices.Contains(problemFields(t, b), "lang") {
			t.Errorf("unknown language: status %d, want 400 naming lang: %s", status, b)
		}
	})
}

func TestSkillHierarchy(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	ctx := context.Background()
	const deepLearning = "d4f0c6e6-0000-4000-8000-000000000001"
	h, err := e.svc.SkillHierarchy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := h.Broader(skillML); len(got) != 0 {
		t.Errorf("machine learning has broader skills %v before any relation is seeded", got)
	}
	_, err = e.svc.SeedSkills(ctx, []catalog.Skill{{
		ID: deepLearning, URI: "http://data.europa.eu/esco/skill/" + deepLearning, Type: catalog.SkillTypeKnowledge,
		Labels: map[string]string{"en": "deep learning"}, Broader: []string{skillML, skillPython},
	}})
	if err != nil {
		t.Fatal(err)
	}
	after, err := e.svc.SkillHierarchy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var hierarchy matching.Hierarchy = after
	if got := hierarchy.Broader(deepLearning); !slices.Equal(got, []string{skillML, skillPython}) {
		t.Errorf("deep learning is narrower than %v, want machine learning and Python as seeded", got)
	}
	if got := hierarchy.Broader("no-such-skill"); got != nil {
		t.Errorf("an unknown skill has broader skills %v", got)
	}
	if got := h.Broader(deepLearning); got != nil {
		t.Errorf("the hierarchy read before the seed changed under its reader: %v", got)
	}
	o := matching.Opening{Skills: []matching.Requirement{{Skill: skillML, Essential: true}}}
	c := matching.Candidate{Claims: []matching.Claim{{Skill: deepLearning, Evidence: matching.EvidenceCredential}}}
	if m := matching.Score(o, c, after); m.Skills[0].Relation != matching.RelationNarrower || !m.Eligible {
		t.Errorf("a credential in deep learning for an opening asking for machine learning: %+v, want it counted as narrower", m.Skills[0])
	}
}
