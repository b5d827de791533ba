package learning_test

import (
	"context"
	"testing"

	"academy/services/kit/apperr"
	"academy/services/learning"
)

// TestEnsureIndexesTwice checks that a restart, which finds the indexes in
// place, starts cleanly and keeps enrolments unique.
func TestEnsureIndexesTwice(t *testing.T) {
	e := newEnv(t)
	if err := learning.NewStore(e.db, writer(t, e.db)).EnsureIndexes(context.Background()); err != nil {
		t.Fatalf("ensuring the indexes again: %v", err)
	}
	e.publishML(t)
	first := e.enrol(t, learner, "ml")
	err := e.store.InsertEnrolment(context.Background(), learning.Enrolment{ID: "second", UserID: learner, CourseID: first.CourseID, Status: learning.EnrolmentActive})
	if !apperr.Is(err, apperr.Conflict) {
		t.Errorf("a second enrolment of the learner in the course: %v, want a conflict", err)
	}
}
