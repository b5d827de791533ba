package learning_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"academy/services/learning"
)

func TestGradebook(t *testing.T) {
	e := newEnv(t)
	a := e.gradedAttempt(t)
	e.clock.Advance(time.Second)
	var cohort learning.Cohort
	e.mustCall(t, "POST", path("/courses/ml/cohorts"), staff, map[string]any{
		"name": `=HYPERLINK("http://evil.example","Open")`, "starts_at": e.clock.Now(), "ends_at": e.clock.Now().Add(30 * 24 * time.Hour),
	}, http.StatusCreated, &cohort)
	e.mustCall(t, "POST", path("/courses/ml/enrolment"), "-learner", map[string]any{"cohort_id": cohort.ID}, http.StatusCreated, nil)

	for _, user := range []string{learner, outsider} {
		for _, p := range []string{"/courses/ml/gradebook", "/courses/ml/gradebook.csv", "/courses/ml/gradebook?format=csv"} {
			status, body, _ := e.call(t, "GET", path("%s", p), user, nil)
			wantProblem(t, status, body, http.StatusForbidden, "forbidden")
		}
	}

	var g learning.Gradebook
	e.mustCall(t, "GET", path("/courses/ml/gradebook"), staff, nil, http.StatusOK, &g)
	refs := make([]string, len(g.Columns))
	for i, c := range g.Columns {
		refs[i] = c.Ref
	}
	if !slices.Equal(refs, []string{"basics.intro", "basics.quiz", "more.extra", "more.quiz"}) {
		t.Errorf("columns %v, want the four items", refs)
	}
	if len(g.Rows) != 3 {
		t.Fatalf("%d rows, want 3 learners", len(g.Rows))
	}
	row := g.Rows[0]
	if row.LearnerName != "Learner "+learner || row.LearnerEmail != learner+"@example.org" {
		t.Errorf("the learner's row names %q <%s>, want their account's name and email", row.LearnerName, row.LearnerEmail)
	}
	if row.LearnerID != learner || row.Completion == nil || !row.Cells[0].Done || row.Cells[1].BestPercent == nil || *row.Cells[1].BestPercent != 100 || row.Cells[2].Done {
		t.Errorf("the learner's row %+v, want the lesson done, the quiz at 100%% and the course completed", row)
	}
	if e.attempt(t, a.ID).EnrolmentID != row.EnrolmentID {
		t.Errorf("row enrolment %s is not the learner's", row.EnrolmentID)
	}

	t.Run("pages", func(t *testing.T) {
		var page learning.Gradebook
		e.mustCall(t, "GET", path("/courses/ml/gradebook?limit=2"), staff, nil, http.StatusOK, &page)
		e.mustCall(t, "GET", path("/courses/ml/gradebook?limit=2&cursor=%s", page.NextCursor), staff, nil, http.StatusOK, &page)
		if len(page.Rows) != 1 || page.Rows[0].LearnerID != "-learner" {
			t.Errorf("second page %+v, want the last learner", page.Rows)
		}
	})

	t.Run("CSV export", func(t *testing.T) {
		for _, p := range []string{"/courses/ml/gradebook.csv", "/courses/ml/gradebook?format=csv"} {
			status, body, headers := e.call(t, "GET", path("%s", p), staff, nil)
			if status != http.StatusOK || !strings.HasPrefix(headers.Get("Content-Type"), "text/csv") {
				t.Fatalf("GET %s: status %d, content type %q: %s", p, status, headers.Get("Content-Type"), body)
			}
			records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
			if err != nil {
				t.Fatalf("the export is not CSV: %v\n%s", err, body)
			}
			if len(records) != 4 || records[0][0] != "learner_id" || records[0][12] != "Introduction [basics.intro]" {
				t.Fatalf("records %q, want a header and 3 rows", records)
			}
			if got := records[1]; got[0] != learner || got[1] != "Learner "+learner || got[2] != learner+"@example.org" ||
				got[11] != "100.0" || got[12] != "done" || got[13] != "100.0" {
				t.Errorf("the learner's record %q, want them named, completed at 100.0 with the lesson done and the quiz at 100.0", got)
			}
			last := records[3]
			if last[0] != "'-learner" || last[5] != `'=HYPERLINK("http://evil.example","Open")` {
				t.Errorf("cells that spreadsheets would run: learner %q, cohort %q; want them quoted", last[0], last[5])
			}
		}
		status, body, _ := e.call(t, "GET", path("/courses/ml/gradebook?format=xml"), staff, nil)
		wantProblem(t, status, body, http.StatusBadRequest, "validation-failed")
	})
}
