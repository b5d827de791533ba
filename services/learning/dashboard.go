package learning

import (
	"cmp"
	"context"
	"slices"
	"time"

	"academy/services/kit/apperr"
)

// CourseActivity is where a learner stands in one of their courses, as their
// home page shows it.
type CourseActivity struct {
	EnrolmentView
	Modules      []ModuleProgress `json:"modules"`
	LastActivity *Activity        `json:"last_activity,omitempty"`
	// Next is where to continue: the attempt in progress, or else the first
	// item not done from the one last worked on; absent once all are done.
	Next      *NextItem        `json:"next,omitempty"`
	Deadlines []CourseDeadline `json:"deadlines"`
}

// ModuleProgress counts the items of a module done.
type ModuleProgress struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// NextItem is the item of a course to continue with.
type NextItem struct {
	Ref         string `json:"ref"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	ModuleTitle string `json:"module_title"`
	// AttemptID is the attempt in progress at this assessment, if any.
	AttemptID string `json:"attempt_id,omitempty"`
}

// Kinds of course deadlines.
const (
	DeadlineAttemptDue       = "attempt_due"
	DeadlineAssessmentCloses = "assessment_closes"
	DeadlineCohortStarts     = "cohort_starts"
	DeadlineCohortEnds       = "cohort_ends"
)

// CourseDeadline is a date ahead in a course: an attempt in progress due,
// an assessment not yet passed closing, the learner's cohort starting or ending.
type CourseDeadline struct {
	Kind      string    `json:"kind"`
	At        time.Time `json:"at"`
	Ref       string    `json:"ref,omitempty"`
	Title     string    `json:"title"`
	AttemptID string    `json:"attempt_id,omitempty"`
}

// LearnerCourses returns the learner's current courses, the latest worked on
// first, at most limit of their most recent enrolments. It reads by _id
// only: the learner's list of enrolments, then each enrolment, its course
// version (cached), the attempt last started and the assessments' dates.
func (s *Service) LearnerCourses(ctx context.Context, userID string, limit int) ([]CourseActivity, error) {
	ids, err := s.store.LearnerEnrolmentIDs(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(ids) > limit {
		ids = ids[len(ids)-limit:]
	}
	now := s.clock()
	out := []CourseActivity{}
	for _, id := range ids {
		e, err := s.store.Enrolment(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if e.Status == EnrolmentWithdrawn {
			continue
		}
		ca, err := s.courseActivity(ctx, e, now)
		if err != nil {
			return nil, err
		}
		out = append(out, ca)
	}
	slices.SortStableFunc(out, func(a, b CourseActivity) int {
		return cmp.Or(b.lastAt().Compare(a.lastAt()), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// lastAt is when the learner last did something in the course.
func (ca CourseActivity) lastAt() time.Time {
	if ca.LastActivity != nil && ca.LastActivity.At.After(ca.EnrolledAt) {
		return ca.LastActivity.At
	}
	return ca.EnrolledAt
}

func (s *Service) courseActivity(ctx context.Context, e Enrolment, now time.Time) (CourseActivity, error) {
	v, err := s.version(ctx, e.CourseID, e.Version)
	if err != nil {
		return CourseActivity{}, err
	}
	states := map[string]ItemState{}
	for _, st := range e.Progress.Items {
		states[st.Ref] = st
	}
	ca := CourseActivity{EnrolmentView: viewEnrolment(e), Modules: []ModuleProgress{}, LastActivity: e.LastActivity, Deadlines: []CourseDeadline{}}
	var order []locatedItem
	for _, m := range v.Tree.Modules {
		mp := ModuleProgress{ID: m.ID, Title: m.Title, Total: len(m.Items)}
		for _, it := range m.Items {
			ref := itemRef(m.ID, it.ID)
			if states[ref].Done {
				mp.Done++
			}
			order = append(order, locatedItem{Module: m, Item: it, Ref: ref})
		}
		ca.Modules = append(ca.Modules, mp)
	}
	if e.Cohort != nil {
		if e.Cohort.StartsAt.After(now) {
			ca.Deadlines = append(ca.Deadlines, CourseDeadline{Kind: DeadlineCohortStarts, At: e.Cohort.StartsAt, Title: e.Cohort.Name})
		}
		if e.Cohort.EndsAt.After(now) {
			ca.Deadlines = append(ca.Deadlines, CourseDeadline{Kind: DeadlineCohortEnds, At: e.Cohort.EndsAt, Title: e.Cohort.Name})
		}
	}
	if e.Status == EnrolmentCompleted {
		return ca, nil
	}
	open, err := s.openAttempt(ctx, e, now)
	if err != nil {
		return CourseActivity{}, err
	}
	for _, li := range order {
		if li.Item.Assessment == nil || states[li.Ref].Done {
			continue
		}
		if open != nil && open.Item == li.Ref && open.Deadline != nil {
			ca.Deadlines = append(ca.Deadlines, CourseDeadline{Kind: DeadlineAttemptDue, At: *open.Deadline, Ref: li.Ref, Title: li.Item.Title, AttemptID: open.ID})
		}
		sc, err := s.store.Schedule(ctx, e.CourseID, li.Ref)
		if err != nil {
			return CourseActivity{}, err
		}
		if sc.ClosesAt != nil && sc.ClosesAt.After(now) {
			ca.Deadlines = append(ca.Deadlines, CourseDeadline{Kind: DeadlineAssessmentCloses, At: *sc.ClosesAt, Ref: li.Ref, Title: li.Item.Title})
		}
	}
	slices.SortStableFunc(ca.Deadlines, func(a, b CourseDeadline) int { return a.At.Compare(b.At) })
	ca.Next = nextItem(order, states, e.LastActivity, open)
	return ca, nil
}

// openAttempt returns the attempt the learner last started when it is still
// in progress and not past its deadline, nil otherwise.
func (s *Service) openAttempt(ctx context.Context, e Enrolment, now time.Time) (*Attempt, error) {
	last := e.LastActivity
	if last == nil || last.AttemptID == "" {
		return nil, nil
	}
	a, err := s.store.AttemptState(ctx, last.AttemptID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if a.Status != AttemptInProgress || (a.Deadline != nil && !now.Before(*a.Deadline)) {
		return nil, nil
	}
	a.Item = last.Ref
	return &a, nil
}

// nextItem is where to continue in a course: the attempt in progress, or the
// first item not done from the one last worked on, from the start again when
// every later item is done.
func nextItem(order []locatedItem, states map[string]ItemState, last *Activity, open *Attempt) *NextItem {
	next := func(li locatedItem) *NextItem {
		return &NextItem{Ref: li.Ref, Kind: li.Item.Kind, Title: li.Item.Title, ModuleTitle: li.Module.Title}
	}
	from := 0
	if last != nil {
		for i, li := range order {
			if li.Ref != last.Ref {
				continue
			}
			if open != nil {
				n := next(li)
				n.AttemptID = open.ID
				return n
			}
			// The item itself when it is not done: an assessment failed or awaiting its grade.
			from = i
		}
	}
	for i := range order {
		li := order[(from+i)%len(order)]
		if !states[li.Ref].Done {
			return next(li)
		}
	}
	return nil
}
