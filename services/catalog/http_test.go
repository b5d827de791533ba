package catalog_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"academy/services/catalog"
	"academy/services/kit/httpkit"
)

var users = []string{"", learner, staffOther, staffUnverified, staffOwner, ownerOwner, admin}

// expect maps each user of the fixture to a status; editors are the owning staff, owner and admin.
func expect(anonymous, outsider, editor int) map[string]int {
	return map[string]int{"": anonymous, learner: outsider, staffOther: outsider, staffUnverified: outsider, staffOwner: editor, ownerOwner: editor, admin: editor}
}

// TestCourseAuthorisation checks every course route for every kind of caller,
// each against fresh courses so that one call cannot change what the next sees.
func TestCourseAuthorisation(t *testing.T) {
	cases := []struct {
		name   string
		method string
		path   func(published, draft string) string
		body   func(slug string) any
		want   map[string]int
	}{
		{"read published", "GET", func(p, _ string) string { return "/api/v1/courses/" + p }, nil, expect(200, 200, 200)},
		{"read draft without published version", "GET", func(_, d string) string { return "/api/v1/courses/" + d }, nil, expect(404, 404, 404)},
		{"read draft view", "GET", func(_, d string) string { return "/api/v1/courses/" + d + "?draft=true" }, nil, expect(404, 404, 200)},
		{"create", "POST", func(_, _ string) string { return "/api/v1/courses" }, func(slug string) any { return validCourse(slug + "-new") }, expect(401, 403, 201)},
		{"edit published", "PATCH", func(p, _ string) string { return "/api/v1/courses/" + p }, func(string) any { return map[string]any{"title": "Renamed"} }, expect(401, 403, 200)},
		{"edit draft", "PATCH", func(_, d string) string { return "/api/v1/courses/" + d }, func(string) any { return map[string]any{"title": "Renamed"} }, expect(401, 404, 200)},
		{"put tree of draft", "PUT", func(_, d string) string { return "/api/v1/courses/" + d + "/tree" }, func(string) any { return validTree("Changed") }, expect(401, 404, 200)},
		{"publish draft", "POST", func(_, d string) string { return "/api/v1/courses/" + d + "/publish" }, nil, expect(401, 404, 200)},
		{"archive published", "POST", func(p, _ string) string { return "/api/v1/courses/" + p + "/archive" }, nil, expect(401, 403, 200)},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWithIndex(t, nil)
			for j, user := range users {
				published, draft := fmt.Sprintf("pub-%d-%d", i, j), fmt.Sprintf("draft-%d-%d", i, j)
				e.createPublishedCourse(t, published)
				e.mustCall(t, "POST", "/api/v1/courses", staffOwner, validCourse(draft), 201, nil)
				e.mustCall(t, "PUT", "/api/v1/courses/"+draft+"/tree", staffOwner, validTree("Introduction"), 200, nil)
				var body any
				if tc.body != nil {
					body = tc.body(draft)
				}
				status, b := e.call(t, tc.method, tc.path(published, draft), user, body)
				if status != tc.want[user] {
					t.Errorf("as %q: status %d, want %d: %s", user, status, tc.want[user], b)
				}
			}
		})
	}
}

func TestProgrammeAuthorisation(t *testing.T) {
	cases := []struct {
		name   string
		method string
		path   func(published, draft string) string
		body   func(slug string) any
		want   map[string]int
	}{
		{"read published", "GET", func(p, _ string) string { return "/api/v1/programmes/" + p }, nil, expect(200, 200, 200)},
		{"read draft", "GET", func(_, d string) string { return "/api/v1/programmes/" + d }, nil, expect(404, 404, 200)},
		{"create", "POST", func(_, _ string) string { return "/api/v1/programmes" }, func(slug string) any { return validProgramme(slug + "-new") }, expect(401, 403, 201)},
		{"edit published", "PATCH", func(p, _ string) string { return "/api/v1/programmes/" + p }, func(string) any { return map[string]any{"title": "Renamed"} }, expect(401, 403, 200)},
		{"edit draft", "PATCH", func(_, d string) string { return "/api/v1/programmes/" + d }, func(string) any { return map[string]any{"title": "Renamed"} }, expect(401, 404, 200)},
		{"publish draft", "POST", func(_, d string) string { return "/api/v1/programmes/" + d + "/publish" }, nil, expect(401, 404, 200)},
		{"archive published", "POST", func(p, _ string) string { return "/api/v1/programmes/" + p + "/archive" }, nil, expect(401, 403, 200)},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWithIndex(t, nil)
			for j, user := range users {
				published, draft := fmt.Sprintf("pub-%d-%d", i, j), fmt.Sprintf("draft-%d-%d", i, j)
				e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme(published), 201, nil)
				e.mustCall(t, "POST", "/api/v1/programmes/"+published+"/publish", staffOwner, nil, 200, nil)
				e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme(draft), 201, nil)
				var body any
				if tc.body != nil {
					body = tc.body(draft)
				}
				status, b := e.call(t, tc.method, tc.path(published, draft), user, body)
				if status != tc.want[user] {
					t.Errorf("as %q: status %d, want %d: %s", user, status, tc.want[user], b)
				}
			}
		})
	}
}

func TestInstitutionAuthorisation(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	profile := map[string]any{"name": "Belfry University", "kind": "university", "country": "BE", "city": "Bruges", "website": "https://belfry.example.be"}
	want := expect(401, 403, 200)
	for _, user := range users {
		status, b := e.call(t, "PUT", "/api/v1/institutions/belfry", user, profile)
		if status != want[user] {
			t.Errorf("PUT as %q: status %d, want %d: %s", user, status, want[user], b)
		}
		if status, _ := e.call(t, "GET", "/api/v1/institutions/belfry", user, nil); status != 200 {
			t.Errorf("GET as %q: status %d, want 200", user, status)
		}
	}
	t.Run("a new profile needs a verified organisation", func(t *testing.T) {
		body := map[string]any{"organisation_id": "org-unverified", "name": "Unverified", "kind": "provider", "country": "DE"}
		if status, b := e.call(t, "PUT", "/api/v1/institutions/unverified", staffUnverified, body); status != 403 {
			t.Errorf("status %d, want 403: %s", status, b)
		}
		e.orgs.add("org-unverified", true, staffUnverified, "owner")
		var inst catalog.Institution
		e.mustCall(t, "PUT", "/api/v1/institutions/unverified", staffUnverified, body, 200, &inst)
		if inst.ID != "org-unverified" || inst.Slug != "unverified" {
			t.Errorf("profile %+v, want org-unverified under slug unverified", inst)
		}
	})
	t.Run("bad fields are all named", func(t *testing.T) {
		status, b := e.call(t, "PUT", "/api/v1/institutions/belfry", staffOwner, map[string]any{"name": "", "kind": "school", "country": "be", "website": "ftp://x"})
		fields := problemFields(t, b)
		slices.Sort(fields)
		if status != 400 || !slices.Equal(fields, []string{"country", "kind", "name", "website"}) {
			t.Errorf("status %d fields %v, want 400 naming country, kind, name, website", status, fields)
		}
	})
}

func TestInstitutionPageListsOnlyPublishedItems(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.createPublishedCourse(t, "visible-course")
	e.mustCall(t, "POST", "/api/v1/courses", staffOwner, validCourse("hidden-course"), 201, nil)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("visible-programme"), 201, nil)
	e.mustCall(t, "POST", "/api/v1/programmes/visible-programme/publish", staffOwner, nil, 200, nil)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("hidden-programme"), 201, nil)

	var d catalog.InstitutionDetail
	e.mustCall(t, "GET", "/api/v1/institutions/belfry", "", nil, 200, &d)
	if len(d.Courses) != 1 || d.Courses[0].Slug != "visible-course" || len(d.Programmes) != 1 || d.Programmes[0].Slug != "visible-programme" {
		t.Errorf("institution page lists courses %+v and programmes %+v, want only the published ones", d.Courses, d.Programmes)
	}
	var courses httpkit.Page[catalog.CourseSummary]
	e.mustCall(t, "GET", "/api/v1/courses", learner, nil, 200, &courses)
	if len(courses.Items) != 1 || courses.Items[0].Slug != "visible-course" {
		t.Errorf("course list %+v, want only visible-course", courses.Items)
	}
	t.Run("staff list their drafts", func(t *testing.T) {
		var drafts httpkit.Page[catalog.CourseSummary]
		e.mustCall(t, "GET", "/api/v1/courses?institution=belfry&status=draft", staffOwner, nil, 200, &drafts)
		if len(drafts.Items) != 1 || drafts.Items[0].Slug != "hidden-course" {
			t.Errorf("draft list %+v, want hidden-course", drafts.Items)
		}
		if status, _ := e.call(t, "GET", "/api/v1/courses?institution=belfry&status=draft", staffOther, nil); status != 403 {
			t.Errorf("staff of another institution listing drafts: status %d, want 403", status)
		}
	})
}

func TestListsPageWithCursor(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	for i := range 5 {
		e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme(fmt.Sprintf("p%d", i)), 201, nil)
		e.mustCall(t, "POST", fmt.Sprintf("/api/v1/programmes/p%d/publish", i), staffOwner, nil, 200, nil)
	}
	var slugs []string
	path := "/api/v1/programmes?limit=2"
	for pages := 0; path != ""; pages++ {
		if pages > 5 {
			t.Fatal("the cursor does not advance")
		}
		var p httpkit.Page[catalog.ProgrammeSummary]
		e.mustCall(t, "GET", path, "", nil, 200, &p)
		for _, it := range p.Items {
			slugs = append(slugs, it.Slug)
		}
		path = ""
		if p.NextCursor != "" {
			path = "/api/v1/programmes?limit=2&cursor=" + p.NextCursor
		}
	}
	if !slices.Equal(slugs, []string{"p0", "p1", "p2", "p3", "p4"}) {
		t.Errorf("paged through %v, want p0 to p4 once each", slugs)
	}
	if status, _ := e.call(t, "GET", "/api/v1/programmes?limit=500", "", nil); status != 400 {
		t.Errorf("limit 500: status %d, want 400", status)
	}
}

func TestCourseValidation(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	cases := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
		wantFields []string
	}{
		{"every bad field named", "POST", "/api/v1/courses", map[string]any{
			"slug": "Bad Slug", "institution": "belfry", "title": "", "language": "english", "level": "expert", "eqf_level": 9,
			"skills": []map[string]any{{"skill": "not-a-uuid", "proficiency": "guru"}},
		}, 400, []string{"eqf_level", "language", "level", "skills[0].proficiency", "skills[0].skill", "slug", "title"}},
		{"unknown field", "POST", "/api/v1/courses", map[string]any{"slug": "x", "colour": "red"}, 400, []string{"colour"}},
		{"unknown skill", "POST", "/api/v1/courses", func() any {
			c := validCourse("unknown-skill")
			c["skills"] = []map[string]any{{"skill": "00000000-0000-4000-8000-000000000000", "proficiency": "basic"}}
			return c
		}(), 400, []string{"skills[0].skill"}},
		{"unknown institution", "POST", "/api/v1/courses", func() any {
			c := validCourse("nowhere")
			c["institution"] = "nowhere"
			return c
		}(), 400, []string{"institution"}},
		{"bad tree", "PUT", "/api/v1/courses/base/tree", map[string]any{"modules": []map[string]any{{
			"id": "m1", "title": "",
			"items": []map[string]any{
				{"id": "l1", "kind": "lesson", "title": "Empty", "body": "", "video_url": "not a url"},
				{"id": "l1", "kind": "assessment", "assessment": map[string]any{"title": "Q", "kind": "assessment", "feedback": "immediate", "questions": []map[string]any{{"id": "q1", "type": "single_choice", "prompt": "?", "options": []map[string]any{{"id": "a", "text": "A"}, {"id": "b", "text": "B"}}}}}},
				{"id": "v", "kind": "video"},
			},
		}}}, 400, []string{"modules[0].items[0].body", "modules[0].items[0].video_url", "modules[0].items[1].assessment.questions[0].options", "modules[0].items[1].id", "modules[0].items[2].kind", "modules[0].title"}},
	}
	e.mustCall(t, "POST", "/api/v1/courses", staffOwner, validCourse("base"), 201, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, b := e.call(t, tc.method, tc.path, staffOwner, tc.body)
			fields := problemFields(t, b)
			slices.Sort(fields)
			if status != tc.wantStatus || !slices.Equal(fields, tc.wantFields) {
				t.Errorf("status %d fields %v, want %d %v: %s", status, fields, tc.wantStatus, tc.wantFields, b)
			}
		})
	}
	t.Run("slug taken", func(t *testing.T) {
		if status, b := e.call(t, "POST", "/api/v1/courses", staffOwner, validCourse("base")); status != http.StatusConflict {
			t.Errorf("status %d, want 409: %s", status, b)
		}
	})
}

func TestMicroCredentialPublication(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	incomplete := validCourse("incomplete-credential")
	for _, f := range []string{"learning_outcomes", "assessment_type", "participation", "quality_assurance", "eqf_level", "ects", "workload_hours"} {
		delete(incomplete, f)
	}
	e.mustCall(t, "POST", "/api/v1/courses", staffOwner, incomplete, 201, nil)
	e.mustCall(t, "PUT", "/api/v1/courses/incomplete-credential/tree", staffOwner, validTree("Intro"), 200, nil)

	status, b := e.call(t, "POST", "/api/v1/courses/incomplete-credential/publish", staffOwner, nil)
	fields := problemFields(t, b)
	slices.Sort(fields)
	want := []string{"assessment_type", "eqf_level", "learning_outcomes", "participation", "quality_assurance", "workload"}
	if status != 400 || !slices.Equal(fields, want) || !strings.Contains(string(b), "micro-credential") {
		t.Fatalf("status %d fields %v, want 400 naming %v: %s", status, fields, want, b)
	}
	t.Run("without a credential the same course publishes", func(t *testing.T) {
		e.mustCall(t, "PATCH", "/api/v1/courses/incomplete-credential", staffOwner, map[string]any{"credential": false}, 200, nil)
		e.mustCall(t, "POST", "/api/v1/courses/incomplete-credential/publish", staffOwner, nil, 200, nil)
	})
	t.Run("the awarding body needs a country", func(t *testing.T) {
		e.mustCall(t, "PUT", "/api/v1/institutions/belfry", admin, map[string]any{"name": "Belfry University", "kind": "university", "country": "BE"}, 200, nil)
		e.createPublishedCourse(t, "complete-credential")
	})
}

func TestCourseVersioning(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.createPublishedCourse(t, "versioned")
	read := func() map[string]any {
		var v map[string]any
		e.mustCall(t, "GET", "/api/v1/courses/versioned", learner, nil, 200, &v)
		return v
	}
	lessonTitle := func(v map[string]any) string {
		return v["modules"].([]any)[0].(map[string]any)["items"].([]any)[0].(map[string]any)["title"].(string)
	}
	if v := read(); v["version"] != 1.0 || lessonTitle(v) != "Introduction" {
		t.Fatalf("first read: version %v lesson %q, want 1 and Introduction", v["version"], lessonTitle(v))
	}

	e.mustCall(t, "PUT", "/api/v1/courses/versioned/tree", staffOwner, validTree("Rewritten introduction"), 200, nil)
	e.mustCall(t, "PATCH", "/api/v1/courses/versioned", staffOwner, map[string]any{"title": "Draft title"}, 200, nil)
	if v := read(); v["version"] != 1.0 || lessonTitle(v) != "Introduction" || v["title"] != "Machine learning basics" {
		t.Errorf("after editing the draft learners see version %v, lesson %q, title %q; want the published version 1 unchanged", v["version"], lessonTitle(v), v["title"])
	}
	var draft map[string]any
	e.mustCall(t, "GET", "/api/v1/courses/versioned?draft=true", staffOwner, nil, 200, &draft)
	if lessonTitle(draft) != "Rewritten introduction" || draft["draft"] != true {
		t.Errorf("staff draft view shows lesson %q, want the edit", lessonTitle(draft))
	}

	e.mustCall(t, "POST", "/api/v1/courses/versioned/publish", staffOwner, nil, 200, nil)
	if v := read(); v["version"] != 2.0 || lessonTitle(v) != "Rewritten introduction" || v["title"] != "Draft title" {
		t.Errorf("after republishing: version %v lesson %q title %q, want version 2 with the edits", v["version"], lessonTitle(v), v["title"])
	}
	t.Run("republishing the same structure keeps the version", func(t *testing.T) {
		e.mustCall(t, "PATCH", "/api/v1/courses/versioned", staffOwner, map[string]any{"summary": "New summary"}, 200, nil)
		var c catalog.Course
		e.mustCall(t, "POST", "/api/v1/courses/versioned/publish", staffOwner, nil, 200, &c)
		if c.Published.Version != 2 || c.Published.Summary != "New summary" {
			t.Errorf("published version %d summary %q, want 2 and the new summary", c.Published.Version, c.Published.Summary)
		}
	})
	t.Run("enrolled learners keep their version", func(t *testing.T) {
		c, err := e.svc.CourseByID(t.Context(), courseID(t, e, "versioned"))
		if err != nil {
			t.Fatal(err)
		}
		v1, err := e.svc.CourseVersion(t.Context(), c.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := v1.Tree.Modules[0].Items[0].Title; got != "Introduction" {
			t.Errorf("version 1 lesson %q, want the original Introduction", got)
		}
	})
}

func courseID(t *testing.T, e *env, slug string) string {
	t.Helper()
	var v catalog.CourseView
	e.mustCall(t, "GET", "/api/v1/courses/"+slug+"?draft=true", admin, nil, 200, &v)
	return v.ID
}

func TestPublicCourseHidesAnswers(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.createPublishedCourse(t, "quiz-course")
	_, public := e.call(t, "GET", "/api/v1/courses/quiz-course", learner, nil)
	if strings.Contains(string(public), `"correct"`) || strings.Contains(string(public), `"questions":[`) {
		t.Errorf("the public view reveals questions or answers: %s", public)
	}
	var v catalog.CourseView
	if err := json.Unmarshal(public, &v); err != nil {
		t.Fatal(err)
	}
	quiz := v.Modules[0].Items[1]
	if quiz.AssessmentSummary == nil || quiz.AssessmentSummary.Questions != 1 || quiz.AssessmentSummary.PassMark != 50 || quiz.Assessment != nil {
		t.Errorf("public assessment item %+v, want a summary of 1 question with pass mark 50 and no questions", quiz)
	}
	_, draft := e.call(t, "GET", "/api/v1/courses/quiz-course?draft=true", staffOwner, nil)
	if !strings.Contains(string(draft), `"correct":true`) {
		t.Errorf("the staff draft view lacks the answers: %s", draft)
	}
}

func TestCourseCacheInvalidation(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.createPublishedCourse(t, "cached")
	var before catalog.CourseView
	e.mustCall(t, "GET", "/api/v1/courses/cached", "", nil, 200, &before)
	e.mustCall(t, "PATCH", "/api/v1/courses/cached", staffOwner, map[string]any{"title": "Second title"}, 200, nil)
	var cached catalog.CourseView
	e.mustCall(t, "GET", "/api/v1/courses/cached", "", nil, 200, &cached)
	if cached.Title != before.Title {
		t.Errorf("a draft edit changed the public view to %q", cached.Title)
	}
	e.mustCall(t, "POST", "/api/v1/courses/cached/publish", staffOwner, nil, 200, nil)
	var after catalog.CourseView
	e.mustCall(t, "GET", "/api/v1/courses/cached", "", nil, 200, &after)
	if after.Title != "Second title" {
		t.Errorf("after publishing, the public view has title %q, want Second title", after.Title)
	}
	e.mustCall(t, "POST", "/api/v1/courses/cached/archive", staffOwner, nil, 200, nil)
	if status, _ := e.call(t, "GET", "/api/v1/courses/cached", "", nil); status != 404 {
		t.Errorf("after archiving, the public read has status %d, want 404", status)
	}
}

func TestPatchReplacesGivenFieldsOnly(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("patched"), 201, nil)
	var p catalog.Programme
	e.mustCall(t, "PATCH", "/api/v1/programmes/patched", staffOwner, map[string]any{"tuition": []map[string]any{{"fee_group": "eu", "amount": 500, "currency": "EUR", "period": "year"}}}, 200, &p)
	if len(p.Tuition) != 1 || p.Tuition[0].Amount != 500 || p.Title != "MSc Artificial Intelligence" || len(p.Intakes) != 1 {
		t.Errorf("after PATCH tuition %+v title %q intakes %d, want only the tuition replaced", p.Tuition, p.Title, len(p.Intakes))
	}
	status, b := e.call(t, "PATCH", "/api/v1/programmes/patched", staffOwner, map[string]any{"institution": "other"})
	if status != 400 || !slices.Contains(problemFields(t, b), "institution") {
		t.Errorf("moving a programme: status %d, want 400 naming institution: %s", status, b)
	}
}

// Renaming an item onto a slug another item holds is a conflict naming the
// slug, and leaves both items as they were.
func TestRenameOntoTakenSlug(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	for _, kind := range []string{"courses", "programmes"} {
		t.Run(kind, func(t *testing.T) {
			create := func(slug string) {
				body := validCourse(slug)
				if kind == "programmes" {
					body = validProgramme(slug)
				}
				e.mustCall(t, "POST", "/api/v1/"+kind, staffOwner, body, 201, nil)
			}
			create(kind + "-one")
			create(kind + "-two")
			status, b := e.call(t, "PATCH", "/api/v1/"+kind+"/"+kind+"-two", staffOwner, map[string]any{"slug": kind + "-one", "title": "Renamed"})
			var p httpkit.Problem
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if status != http.StatusConflict || p.Type != httpkit.ProblemTypePrefix+"slug-taken" || !slices.Equal(problemFields(t, b), []string{"slug"}) {
				t.Errorf("status %d, want 409 slug-taken naming slug: %s", status, b)
			}
			for _, slug := range []string{kind + "-one", kind + "-two"} {
				var item struct{ Slug, Title string }
				query := ""
				if kind == "courses" {
					query = "?draft=true"
				}
				e.mustCall(t, "GET", "/api/v1/"+kind+"/"+slug+query, staffOwner, nil, 200, &item)
				if item.Slug != slug || item.Title == "Renamed" {
					t.Errorf("%s after the refused rename: %+v, want it unchanged", slug, item)
				}
			}
		})
	}
}

// TestAbsentListsAnswerEmpty checks that a course or programme created
// through the API without its lists answers [] for them, never null: the
// course page iterates them.
func TestAbsentListsAnswerEmpty(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	bare := validCourse("bare-course")
	for _, f := range []string{"skills", "learning_outcomes", "instructors", "prerequisites"} {
		delete(bare, f)
	}
	bare["credential"] = false
	e.mustCall(t, "POST", "/api/v1/courses", staffOwner, bare, 201, nil)
	e.mustCall(t, "PUT", "/api/v1/courses/bare-course/tree", staffOwner, validTree("Intro"), 200, nil)
	e.mustCall(t, "POST", "/api/v1/courses/bare-course/publish", staffOwner, nil, 200, nil)
	prog := validProgramme("bare-programme")
	delete(prog, "skills")
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, prog, 201, nil)

	for _, tc := range []struct {
		path  string
		user  string
		lists []string
	}{
		{"/api/v1/courses/bare-course", learner, []string{"instructors", "skills", "prerequisites", "learning_outcomes"}},
		{"/api/v1/courses/bare-course?draft=true", staffOwner, []string{"instructors", "skills", "prerequisites", "learning_outcomes"}},
		{"/api/v1/programmes/bare-programme", staffOwner, []string{"skills"}},
	} {
		var got map[string]any
		e.mustCall(t, "GET", tc.path, tc.user, nil, 200, &got)
		for _, f := range tc.lists {
			if l, ok := got[f].([]any); !ok || len(l) != 0 {
				t.Errorf("%s: %s is %#v, want []", tc.path, f, got[f])
			}
		}
	}
}

// TestDuplicateProgrammeAsNewIntake copies a published programme into a
// draft for the next intake, and refuses what would make a bad copy.
func TestDuplicateProgrammeAsNewIntake(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("msc-ai-2027"), 201, nil)
	e.mustCall(t, "POST", "/api/v1/programmes/msc-ai-2027/publish", staffOwner, nil, 200, nil)
	next := map[string]any{"slug": "msc-ai-2028", "intake": map[string]any{"start": "2028-09-18", "deadline_eu": "2028-06-01"}}

	var copied catalog.Programme
	e.mustCall(t, "POST", "/api/v1/programmes/msc-ai-2027/duplicate", staffOwner, next, 201, &copied)
	if copied.Status != catalog.StatusDraft || copied.PublishedAt != nil || copied.Slug != "msc-ai-2028" || copied.Title != "MSc Artificial Intelligence" ||
		len(copied.Intakes) != 1 || copied.Intakes[0].Start != "2028-09-18" || len(copied.Tuition) != 2 {
		t.Errorf("copy %+v, want an unpublished draft of the same programme with only the 2028 intake", copied)
	}
	e.mustCall(t, "GET", "/api/v1/programmes/msc-ai-2028", learner, nil, 404, nil)
	var original catalog.Programme
	e.mustCall(t, "GET", "/api/v1/programmes/msc-ai-2027", learner, nil, 200, &original)
	if original.Status != catalog.StatusPublished || original.Intakes[0].Start != "2027-09-20" {
		t.Errorf("the original changed: %+v", original)
	}

	for _, tc := range []struct {
		name   string
		user   string
		body   map[string]any
		status int
		fields []string
	}{
		{"anonymous", "", next, 401, nil},
		{"a learner", learner, next, 403, nil},
		{"another institution's staff", staffOther, next, 403, nil},
		{"no slug nor start", staffOwner, map[string]any{"intake": map[string]any{"deadline_eu": "June"}}, 400, []string{"intake.deadline_eu", "intake.start", "slug"}},
		{"an intake it has", staffOwner, map[string]any{"slug": "msc-ai-again", "intake": map[string]any{"start": "2027-09-20"}}, 400, []string{"intake.start"}},
		{"a taken slug", staffOwner, map[string]any{"slug": "msc-ai-2027", "intake": map[string]any{"start": "2029-09-17"}}, 409, []string{"slug"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, b := e.call(t, "POST", "/api/v1/programmes/msc-ai-2027/duplicate", tc.user, tc.body)
			fields := problemFields(t, b)
			slices.Sort(fields)
			if status != tc.status || (tc.fields != nil && !slices.Equal(fields, tc.fields)) {
				t.Errorf("status %d fields %v, want %d naming %v: %s", status, fields, tc.status, tc.fields, b)
			}
		})
	}
}

// TestDuplicateProgrammeConcurrently sends the same duplication 30 times at
// once, as a double-clicking editor on a slow line would: one copy is made.
func TestDuplicateProgrammeConcurrently(t *testing.T) {
	e := newEnvWithIndex(t, nil)
	e.mustCall(t, "POST", "/api/v1/programmes", staffOwner, validProgramme("msc-ds-2027"), 201, nil)
	next := map[string]any{"slug": "msc-ds-2028", "intake": map[string]any{"start": "2028-09-18"}}
	start := make(chan struct{})
	var wg sync.WaitGroup
	statuses := make(chan int, 30)
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			status, _ := e.call(t, "POST", "/api/v1/programmes/msc-ds-2027/duplicate", staffOwner, next)
			statuses <- status
		}()
	}
	close(start)
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[201] != 1 || count[409] != 29 {
		t.Errorf("statuses %v, want one 201 and 29 409", count)
	}
}
