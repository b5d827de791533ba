package main

import (
	"context"
	"testing"

	"academy/services/catalog"
)

const (
	matrixSkill      = "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43" // ESCO: machine learning
	matrixOccupation = "258e46f9-0075-4a2e-adae-1ff0477e0f30" // ESCO: data scientist
)

func matrixCourse(slug, institution string) map[string]any {
	return map[string]any{
		"slug": slug, "institution": institution, "title": "Machine learning basics", "summary": "Learn to train models.",
		"description": "A practical course.", "language": "en", "level": "beginner", "eqf_level": 5,
		"workload_hours": 30, "ects": 1, "skills": []map[string]any{{"skill": matrixSkill, "proficiency": "basic"}},
		"pass_mark": 60, "learning_outcomes": []string{"Train a classifier"}, "assessment_type": "Online quiz",
		"participation": "online", "quality_assurance": "Internal review", "credential": true,
	}
}

func matrixTree() map[string]any {
	return map[string]any{"modules": []map[string]any{{
		"id": "basics", "title": "Basics", "summary": "First steps",
		"items": []map[string]any{
			{"id": "intro", "kind": "lesson", "title": "Introduction", "required": true, "body": "Models learn from data.", "reading_minutes": 5},
			{"id": "quiz", "kind": "assessment", "required": true, "assessment": map[string]any{
				"title": "Check", "kind": "assessment", "pass_mark": 50, "feedback": "immediate",
				"questions": []map[string]any{{"id": "q1", "type": "true_false", "prompt": "Models learn from data.", "correct": true}},
			}},
		},
	}}}
}

func matrixProgramme(slug, institution string) map[string]any {
	return map[string]any{
		"slug": slug, "title": "MSc Artificial Intelligence", "institution": institution, "cycle": "master",
		"field_of_study": "Computer science", "ects": 120, "eqf_level": 7, "duration_semesters": 4,
		"study_mode": "full-time", "delivery": "on-campus", "languages": []string{"en"}, "country": "FR", "city": "Lyon",
		"intakes":              []map[string]any{{"start": "2027-09-20", "deadline_eu": "2027-06-01", "deadline_non_eu": "2027-03-01"}},
		"tuition":              []map[string]any{{"fee_group": "eu", "amount": 1000, "currency": "EUR", "period": "year"}},
		"skills":               []string{matrixSkill},
		"url":                  "https://owning.example.edu/msc-ai",
		"summary":              "A sample programme.",
		"language_requirement": "English B2",
	}
}

// setUpCatalogue gives the owning organisation an institution profile, a
// skill to tag with, and the courses and programmes the matrix acts on.
func (w *world) setUpCatalogue(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.ta.catalog.SeedSkills(ctx, []catalog.Skill{{ID: matrixSkill, URI: "http://data.europa.eu/esco/skill/" + matrixSkill,
		Type: catalog.SkillTypeKnowledge, Labels: map[string]string{"en": "machine learning"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.ta.catalog.SeedOccupations(ctx, []catalog.Occupation{{ID: matrixOccupation, URI: "http://data.europa.eu/esco/occupation/" + matrixOccupation,
		Code: "2511.4", ISCOGroup: "2511", Label: "data scientist", EssentialSkills: []string{matrixSkill}}}); err != nil {
		t.Fatal(err)
	}
	owner := w.tokens[ownerStaff]
	for slug, org := range map[string]string{"owning-university": w.ids["org"], "other-university": w.ids["other_org"]} {
		token := owner
		if slug == "other-university" {
			token = w.tokens[otherStaff]
		}
		body := map[string]any{"organisation_id": org, "name": slug, "kind": "university", "country": "FR", "city": "Lyon",
			"website": "https://" + slug + ".example.edu", "description": "Sample."}
		if resp := w.ta.call(t, "PUT", "/api/v1/institutions/"+slug, token, body, nil); resp.StatusCode != 200 {
			t.Fatalf("institution profile %s = %d", slug, resp.StatusCode)
		}
	}
	must := func(method, path string, body any, want int) {
		t.Helper()
		if resp := w.ta.call(t, method, path, owner, body, nil); resp.StatusCode != want {
			t.Fatalf("%s %s = %d, want %d", method, path, resp.StatusCode, want)
		}
	}
	for _, c := range []struct {
		slug    string
		publish bool
	}{{"draft-course", false}, {"publish-by-owner", false}, {"publish-by-admin", false}, {"public-course", true}, {"enrol-course", true}, {"archive-by-owner", true}, {"archive-by-admin", true}} {
		must("POST", "/api/v1/courses", matrixCourse(c.slug, "owning-university"), 201)
		must("PUT", "/api/v1/courses/"+c.slug+"/tree", matrixTree(), 200)
		if c.publish {
			must("POST", "/api/v1/courses/"+c.slug+"/publish", nil, 200)
		}
	}
	for _, p := range []struct {
		slug    string
		publish bool
	}{{"draft-programme", false}, {"programme-publish-by-owner", false}, {"programme-publish-by-admin", false}, {"public-programme", true}, {"programme-archive-by-owner", true}, {"programme-archive-by-admin", true}} {
		must("POST", "/api/v1/programmes", matrixProgramme(p.slug, "owning-university"), 201)
		if p.publish {
			must("POST", "/api/v1/programmes/"+p.slug+"/publish", nil, 200)
		}
	}
}

// slugFor picks the item a caller acts on: the owner and the admin each get
// their own, so that both can succeed; the others try the owner's.
func slugFor(ownerSlug, adminSlug string) func(*world, role) map[string]string {
	return func(_ *world, r role) map[string]string {
		if r == admin {
			return map[string]string{"slug": adminSlug}
		}
		return map[string]string{"slug": ownerSlug}
	}
}

func fixedSlug(slug string) func(*world, role) map[string]string {
	return func(*world, role) map[string]string { return map[string]string{"slug": slug} }
}

// catalogMatrix covers the catalogue and search routes.
func catalogMatrix() []authzCase {
	newCourse := func(w *world, _ role) any { return matrixCourse(w.unique("new-course-"), "owning-university") }
	newProgramme := func(w *world, _ role) any { return matrixProgramme(w.unique("new-programme-"), "owning-university") }
	staffOnly := [5]int{401, 403, 403, 200, 200}
	draftOnly := [5]int{401, 404, 404, 200, 200}
	return []authzCase{
		{method: "GET", path: "/api/v1/search", want: same(200)},
		{method: "GET", path: "/api/v1/courses", want: same(200)},
		{method: "GET", path: "/api/v1/courses/:slug", params: fixedSlug("public-course"), want: same(200)},
		{method: "POST", path: "/api/v1/courses", body: newCourse, want: [5]int{401, 403, 403, 201, 201}},
		{method: "PATCH", path: "/api/v1/courses/:slug", params: fixedSlug("draft-course"), body: func(*world, role) any {
			return map[string]any{"summary": "Updated summary."}
		}, want: draftOnly},
		{method: "PUT", path: "/api/v1/courses/:slug/tree", params: fixedSlug("draft-course"), body: func(*world, role) any { return matrixTree() }, want: draftOnly},
		{method: "POST", path: "/api/v1/courses/:slug/publish", params: slugFor("publish-by-owner", "publish-by-admin"), want: draftOnly},
		{method: "POST", path: "/api/v1/courses/:slug/archive", params: slugFor("archive-by-owner", "archive-by-admin"), want: staffOnly},
		{method: "GET", path: "/api/v1/programmes", want: same(200)},
		{method: "GET", path: "/api/v1/programmes/:slug", params: fixedSlug("public-programme"), want: same(200)},
		{method: "POST", path: "/api/v1/programmes", body: newProgramme, want: [5]int{401, 403, 403, 201, 201}},
		{method: "PATCH", path: "/api/v1/programmes/:slug", params: fixedSlug("draft-programme"), body: func(*world, role) any {
			return map[string]any{"summary": "Updated summary."}
		}, want: draftOnly},
		{method: "POST", path: "/api/v1/programmes/:slug/publish", params: slugFor("programme-publish-by-owner", "programme-publish-by-admin"), want: draftOnly},
		{method: "POST", path: "/api/v1/programmes/:slug/archive", params: slugFor("programme-archive-by-owner", "programme-archive-by-admin"), want: staffOnly},
		{method: "POST", path: "/api/v1/programmes/:slug/duplicate", params: fixedSlug("public-programme"), body: func(w *world, _ role) any {
			return map[string]any{"slug": w.unique("next-intake-"), "intake": map[string]any{"start": "2031-09-15"}}
		}, want: [5]int{401, 403, 403, 201, 201}},
		{method: "GET", path: "/api/v1/institutions", want: same(200)},
		{method: "GET", path: "/api/v1/institutions/:slug", params: fixedSlug("owning-university"), want: same(200)},
		{method: "PUT", path: "/api/v1/institutions/:slug", params: fixedSlug("owning-university"), body: func(*world, role) any {
			return map[string]any{"name": "Owning University", "kind": "university", "country": "FR", "city": "Paris",
				"website": "https://owning.example.edu", "description": "Updated."}
		}, want: staffOnly},
		{method: "GET", path: "/api/v1/skills", want: same(200)},
		{method: "GET", path: "/api/v1/skills/:id", params: func(*world, role) map[string]string { return map[string]string{"id": matrixSkill} }, want: same(200)},
		{method: "GET", path: "/api/v1/occupations", want: same(200)},
		{method: "GET", path: "/api/v1/occupations/:id", params: func(*world, role) map[string]string { return map[string]string{"id": matrixOccupation} }, want: same(200)},
	}
}
