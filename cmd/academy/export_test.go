package main

import (
	"encoding/json"
	"testing"
)

// TestDataExportHoldsTheLearnersData checks that the export a learner
// downloads has their account, courses, goals and credentials, and nobody else's.
func TestDataExportHoldsTheLearnersData(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpLearning(t)
	w.setUpCredentials(t)
	if resp := w.ta.call(t, "PUT", "/api/v1/me/dashboard/occupations", w.tokens[learner], map[string]any{"occupations": []string{matrixOccupation}}, nil); resp.StatusCode != 200 {
		t.Fatalf("set occupations = %d", resp.StatusCode)
	}
	var doc struct {
		Sections map[string]json.RawMessage `json:"sections"`
	}
	resp := w.ta.call(t, "GET", "/api/v1/me/export", w.tokens[learner], nil, &doc)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Disposition") == "" {
		t.Fatalf("export = %d, disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	var account struct {
		Email string `json:"email"`
	}
	var courses []struct {
		CourseSlug string `json:"course_slug"`
	}
	var creds []struct {
		ID        string `json:"id"`
		LearnerID string `json:"learner_id"`
	}
	var goals struct {
		Occupations []string `json:"occupations"`
	}
	for name, v := range map[string]any{"account": &account, "courses": &courses, "goals": &goals, "credentials": &creds} {
		if err := json.Unmarshal(doc.Sections[name], v); err != nil {
			t.Fatalf("section %s: %v (%s)", name, err, doc.Sections[name])
		}
	}
	if account.Email != "learner@example.org" {
		t.Errorf("account email = %q", account.Email)
	}
	if len(courses) != 1 || courses[0].CourseSlug != "public-course" {
		t.Errorf("courses = %+v, want the public course", courses)
	}
	if len(goals.Occupations) != 1 || goals.Occupations[0] != matrixOccupation {
		t.Errorf("goals = %+v, want the occupation aimed at", goals)
	}
	if len(creds) != 2 {
		t.Fatalf("credentials = %+v, want the learner's two", creds)
	}
	for _, c := range creds {
		if c.LearnerID != w.ids["learner"] {
			t.Errorf("credential %s of learner %s in another learner's export", c.ID, c.LearnerID)
		}
	}
}
