package learning

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"academy/services/catalog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Gradebook is a page of a course's learners with their standing on every item.
type Gradebook struct {
	CourseID    string            `json:"course_id"`
	CourseSlug  string            `json:"course_slug"`
	CourseTitle string            `json:"course_title"`
	Columns     []GradebookColumn `json:"columns"`
	Rows        []GradebookRow    `json:"rows"`
	NextCursor  string            `json:"next_cursor,omitempty"`
}

// GradebookColumn is an item of the course: those of the latest version
// first, then those only older versions have.
type GradebookColumn struct {
	Ref      string `json:"ref"`
	ModuleID string `json:"module_id"`
	ItemID   string `json:"item_id"`
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	Required bool   `json:"required"`
}

// GradebookRow is one learner of the course.
type GradebookRow struct {
	EnrolmentID  string `json:"enrolment_id"`
	LearnerID    string `json:"learner_id"`
	LearnerName  string `json:"learner_name"`
	LearnerEmail string `json:"learner_email"`
	Version      int    `json:"version"`
	Status       string `json:"status"`
	// Standing is awaiting_grading while an answer waits for staff, passed
	// once the course is completed, failed while a graded assessment stands
	// below its pass mark, in_progress otherwise.
	Standing        string         `json:"standing"`
	Cohort          string         `json:"cohort,omitempty"`
	EnrolledAt      time.Time      `json:"enrolled_at"`
	ProgressPercent float64        `json:"progress_percent"`
	GradePercent    float64        `json:"grade_percent"`
	Completion      *CompletionRef `json:"completion,omitempty"`
	// Cells has one entry per column, in the columns' order.
	Cells []GradebookCell `json:"cells"`
}

// GradebookCell is a learner's standing on one item; InVersion is false when
// the learner's course version lacks the item.
type GradebookCell struct {
	InVersion      bool     `json:"in_version"`
	Done           bool     `json:"done"`
	BestPercent    *float64 `json:"best_percent,omitempty"`
	GradedAttempts int      `json:"graded_attempts,omitempty"`
}

// GradebookFilter narrows a gradebook to the learners staff look for; the
// zero filter keeps every learner.
type GradebookFilter struct {
	Standing string // one of the Standing values
	Cohort   string // a cohort's name
	// Search holds words that must all appear in the learner's name or email.
	Search string
}

func (f GradebookFilter) empty() bool { return f == GradebookFilter{} }

func (f GradebookFilter) matches(r GradebookRow) bool {
	if f.Standing != "" && r.Standing != f.Standing || f.Cohort != "" && r.Cohort != f.Cohort {
		return false
	}
	text := strings.ToLower(r.LearnerName + " " + r.LearnerEmail)
	for _, w := range strings.Fields(strings.ToLower(f.Search)) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// Gradebook returns a page of the rows of a course's gradebook that match
// f, in enrolment order, to its staff. A filtered page reads the course's
// enrolments on from after until it has limit rows that match, or none are left.
func (s *Service) Gradebook(ctx context.Context, p auth.Principal, slug string, f GradebookFilter, after EnrolmentPos, limit int) (Gradebook, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return Gradebook{}, err
	}
	columns, err := s.gradebookColumns(ctx, c)
	if err != nil {
		return Gradebook{}, err
	}
	g := Gradebook{CourseID: c.ID, CourseSlug: c.Slug, CourseTitle: c.Published.Title, Columns: columns, Rows: []GradebookRow{}}
	batch := limit
	if !f.empty() {
		batch = csvPageSize
	}
	for {
		list, err := s.store.CourseEnrolments(ctx, c.ID, after, batch)
		if err != nil {
			return Gradebook{}, err
		}
		rows, err := s.gradebookRows(ctx, list, columns)
		if err != nil {
			return Gradebook{}, err
		}
		if err := s.markAwaiting(ctx, c.ID, rows); err != nil {
			return Gradebook{}, err
		}
		for _, row := range rows {
			if !f.matches(row) {
				continue
			}
			if g.Rows = append(g.Rows, row); len(g.Rows) == limit {
				return g, nil
			}
		}
		if len(list) < batch {
			return g, nil
		}
		after = posOf(list[len(list)-1])
	}
}

// gradebookColumns lists the items of every published version of a course.
func (s *Service) gradebookColumns(ctx context.Context, c catalog.Course) ([]GradebookColumn, error) {
	columns := []GradebookColumn{}
	seen := map[string]bool{}
	for version := c.Published.Version; version >= 1; version-- {
		v, err := s.version(ctx, c.ID, version)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, m := range v.Tree.Modules {
			for _, it := range m.Items {
				ref := itemRef(m.ID, it.ID)
				if seen[ref] {
					continue
				}
				seen[ref] = true
				columns = append(columns, GradebookColumn{Ref: ref, ModuleID: m.ID, ItemID: it.ID, Title: it.Title, Kind: it.Kind, Required: it.Required})
			}
		}
	}
	return columns, nil
}

// markAwaiting gives the standing awaiting_grading to the rows of learners
// with an answer only staff can grade.
func (s *Service) markAwaiting(ctx context.Context, courseID string, rows []GradebookRow) error {
	list, err := s.store.Awaiting(ctx, courseID)
	if err != nil || len(list) == 0 {
		return err
	}
	waiting := map[string]bool{}
	for _, a := range list {
		waiting[a.EnrolmentID] = true
	}
	for i := range rows {
		if waiting[rows[i].EnrolmentID] {
			rows[i].Standing = StandingAwaiting
		}
	}
	return nil
}

// gradebookRows makes the rows of a page.
func (s *Service) gradebookRows(ctx context.Context, list []Enrolment, columns []GradebookColumn) ([]GradebookRow, error) {
	rows := make([]GradebookRow, len(list))
	for i, e := range list {
		var err error
		if rows[i], err = s.gradebookRow(ctx, e, columns); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// gradebookRow is a learner's row, named as they name themselves on their account.
func (s *Service) gradebookRow(ctx context.Context, e Enrolment, columns []GradebookColumn) (GradebookRow, error) {
	name, email, err := s.orgs.Contact(ctx, e.UserID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return GradebookRow{}, err
	}
	row := GradebookRow{
		LearnerName: name, LearnerEmail: email,
		EnrolmentID: e.ID, LearnerID: e.UserID, Version: e.Version, Status: e.Status, EnrolledAt: e.EnrolledAt,
		ProgressPercent: e.Progress.Percent, GradePercent: e.Progress.GradePercent, Completion: e.Completion,
		Cells: make([]GradebookCell, len(columns)),
	}
	if e.Cohort != nil {
		row.Cohort = e.Cohort.Name
	}
	row.Standing = standing(e)
	states := make(map[string]ItemState, len(e.Progress.Items))
	for _, st := range e.Progress.Items {
		states[st.Ref] = st
	}
	for i, col := range columns {
		if st, ok := states[col.Ref]; ok {
			row.Cells[i] = GradebookCell{InVersion: true, Done: st.Done, BestPercent: st.BestPercent, GradedAttempts: st.GradedAttempts}
		}
	}
	return row, nil
}

// Standings of a gradebook row.
const (
	StandingPassed     = "passed"
	StandingFailed     = "failed"
	StandingInProgress = "in_progress"
	// StandingAwaiting: an answer of the learner waits for staff to grade it.
	StandingAwaiting = "awaiting_grading"
)

func standing(e Enrolment) string {
	if e.Completion != nil {
		return StandingPassed
	}
	for _, st := range e.Progress.Items {
		if st.Kind == catalog.ItemAssessment && st.GradedAttempts > 0 && !st.Done {
			return StandingFailed
		}
	}
	return StandingInProgress
}

// csvPageSize is how many enrolments the CSV export reads at a time.
const csvPageSize = 500

// WriteGradebookCSV writes a course's whole gradebook as CSV to w, for its
// staff. Cells are guarded against formula injection in spreadsheets.
func (s *Service) WriteGradebookCSV(ctx context.Context, p auth.Principal, slug string, w io.Writer) error {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return err
	}
	columns, err := s.gradebookColumns(ctx, c)
	if err != nil {
		return err
	}
	out := csv.NewWriter(w)
	header := []string{"learner_id", "learner_name", "learner_email", "enrolment_id", "status", "cohort", "version", "enrolled_at", "progress_percent", "grade_percent", "completed_at", "final_grade_percent"}
	for _, col := range columns {
		header = append(header, fmt.Sprintf("%s [%s]", col.Title, col.Ref))
	}
	if err := writeCSVRow(out, header); err != nil {
		return err
	}
	var after EnrolmentPos
	for {
		list, err := s.store.CourseEnrolments(ctx, c.ID, after, csvPageSize)
		if err != nil {
			return err
		}
		rows, err := s.gradebookRows(ctx, list, columns)
		if err != nil {
			return err
		}
		for _, row := range rows {
			if err := writeCSVRow(out, csvRecord(row, columns)); err != nil {
				return err
			}
		}
		if len(list) < csvPageSize {
			break
		}
		after = posOf(list[len(list)-1])
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return fmt.Errorf("write gradebook of %s: %w", slug, err)
	}
	return nil
}

func csvRecord(row GradebookRow, columns []GradebookColumn) []string {
	rec := []string{row.LearnerID, row.LearnerName, row.LearnerEmail, row.EnrolmentID, row.Status, row.Cohort, strconv.Itoa(row.Version),
		row.EnrolledAt.Format(time.RFC3339), formatPercent(row.ProgressPercent), formatPercent(row.GradePercent), "", ""}
	if row.Completion != nil {
		rec[10], rec[11] = row.Completion.CompletedAt.Format(time.RFC3339), formatPercent(row.Completion.GradePercent)
	}
	for i, cell := range row.Cells {
		switch {
		case !cell.InVersion:
			rec = append(rec, "")
		case columns[i].Kind == catalog.ItemLesson && cell.Done:
			rec = append(rec, "done")
		case cell.BestPercent != nil:
			rec = append(rec, formatPercent(*cell.BestPercent))
		default:
			rec = append(rec, "")
		}
	}
	return rec
}

func formatPercent(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func writeCSVRow(w *csv.Writer, rec []string) error {
	for i, cell := range rec {
		rec[i] = neutralizeFormula(cell)
	}
	if err := w.Write(rec); err != nil {
		return fmt.Errorf("write gradebook row: %w", err)
	}
	return nil
}

// neutralizeFormula prefixes a quote to a cell a spreadsheet would run as a
// formula (OWASP CSV injection): one starting with = + - @, a tab or a carriage return.
func neutralizeFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// LearnerRecord is a learner's row of a course's gradebook with their
// attempts at its assessments, for staff.
type LearnerRecord struct {
	CourseSlug  string            `json:"course_slug"`
	CourseTitle string            `json:"course_title"`
	Columns     []GradebookColumn `json:"columns"`
	Learner     GradebookRow      `json:"learner"`
	Attempts    []StaffAttempt    `json:"attempts"`
}

// StaffAttempt is an attempt as the gradebook lists it.
type StaffAttempt struct {
	AttemptSummary
	Title      string `json:"title"`
	ReviewOpen bool   `json:"review_open"`
}

// LearnerRecord returns a learner's standing and attempts in a course to its
// staff. Attempts are read by their derived ids, assessment by assessment.
func (s *Service) LearnerRecord(ctx context.Context, p auth.Principal, slug, learnerID string) (LearnerRecord, error) {
	c, err := s.staffCourse(ctx, p, slug)
	if err != nil {
		return LearnerRecord{}, err
	}
	e, err := s.store.Enrolment(ctx, EnrolmentID(learnerID, c.ID))
	if apperr.Is(err, apperr.NotFound) {
		return LearnerRecord{}, apperr.NotFoundf("no such learner in this course")
	}
	if err != nil {
		return LearnerRecord{}, err
	}
	columns, err := s.gradebookColumns(ctx, c)
	if err != nil {
		return LearnerRecord{}, err
	}
	row, err := s.gradebookRow(ctx, e, columns)
	if err != nil {
		return LearnerRecord{}, err
	}
	rows := []GradebookRow{row}
	if err := s.markAwaiting(ctx, c.ID, rows); err != nil {
		return LearnerRecord{}, err
	}
	rec := LearnerRecord{CourseSlug: c.Slug, CourseTitle: c.Published.Title, Columns: columns, Learner: rows[0], Attempts: []StaffAttempt{}}
	for _, col := range columns {
		if col.Kind != catalog.ItemAssessment {
			continue
		}
		list, err := s.store.AttemptsAt(ctx, e.ID, col.Ref)
		if err != nil {
			return LearnerRecord{}, err
		}
		for _, a := range list {
			rec.Attempts = append(rec.Attempts, StaffAttempt{AttemptSummary: summarizeAttempt(a), Title: col.Title, ReviewOpen: a.ReviewOpen})
		}
	}
	return rec, nil
}
