package learning_test

import (
	"context"
	"testing"
	"time"

	"academy/services/learning"
)

// courseActivity returns the learner's dashboard entry for a course.
func (e *env) courseActivity(t *testing.T, user, slug string) learning.CourseActivity {
	t.Helper()
	list, err := e.svc.LearnerCourses(context.Background(), user, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, ca := range list {
		if ca.CourseSlug == slug {
			return ca
		}
	}
	t.Fatalf("%s is not among the courses of %s: %+v", slug, user, list)
	return learning.CourseActivity{}
}

// The dashboard's "continue" follows the learner: the first item, the quiz
// after the lesson done, the attempt in progress, the same quiz again after
// failing it, nothing once the course is complete.
func TestDashboardContinuesWhereTheLearnerLeftOff(t *testing.T) {
	e := newEnv(t)
	c := e.publishML(t)
	e.enrol(t, learner, "ml")
	ctx := context.Background()
	closes := e.clock.Now().Add(72 * time.Hour)
	if err := e.store.PutSchedule(ctx, learning.Schedule{CourseID: c.ID, Item: "more.quiz", ClosesAt: &closes}); err != nil {
		t.Fatal(err)
	}
	next := func(wantRef, wantAttempt string) learning.CourseActivity {
		t.Helper()
		ca := e.courseActivity(t, learner, "ml")
		if ca.Next == nil || ca.Next.Ref != wantRef || ca.Next.AttemptID != wantAttempt {
			t.Fatalf("next = %+v, want %s (attempt %q)", ca.Next, wantRef, wantAttempt)
		}
		return ca
	}

	ca := next("basics.intro", "")
	if ca.LastActivity != nil || len(ca.Modules) != 2 || ca.Modules[0].Total != 2 || ca.Modules[0].Done != 0 {
		t.Errorf("new enrolment = %+v, want no activity and two modules with nothing done", ca)
	}
	if len(ca.Deadlines) != 1 || ca.Deadlines[0].Kind != learning.DeadlineAssessmentCloses || ca.Deadlines[0].Ref != "more.quiz" || !ca.Deadlines[0].At.Equal(closes) {
		t.Errorf("deadlines = %+v, want more.quiz closing", ca.Deadlines)
	}

	e.mustCall(t, "POST", "/api/v1/me/courses/ml/items/intro/complete", learner, nil, 200, nil)
	ca = next("basics.quiz", "")
	if ca.LastActivity == nil || ca.LastActivity.Ref != "basics.intro" || ca.Modules[0].Done != 1 {
		t.Errorf("after the lesson = %+v, want it as the last activity and done", ca)
	}

	a := e.start(t, learner, "ml", "basics.quiz")
	next("basics.quiz", a.ID)
	e.answerAll(t, learner, a, false)
	e.submit(t, learner, a.ID)
	next("basics.quiz", "")

	b := e.start(t, learner, "ml", "basics.quiz")
	e.answerAll(t, learner, b, true)
	e.submit(t, learner, b.ID)
	// Both required items are done: the course is complete, nothing is left to continue.
	ca = e.courseActivity(t, learner, "ml")
	if ca.Status != learning.EnrolmentCompleted || ca.Next != nil || ca.Modules[0].Done != 2 || len(ca.Deadlines) != 0 {
		t.Errorf("completed course = %+v, want completed with basics done and nothing to continue or due", ca)
	}

	// Another learner's courses are theirs alone.
	if list, err := e.svc.LearnerCourses(ctx, learner2, 50); err != nil || len(list) != 0 {
		t.Errorf("courses of another learner = %+v, %v; want none", list, err)
	}
}
