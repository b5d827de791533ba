package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
)

// otherLearners is how many other learners the benchmark enrols in the
// learner's course, as in a course of 10,000 learners.
const otherLearners = 10000

// BenchmarkDashboard measures GET /me/dashboard through the whole HTTP stack
// for a learner with two courses (one with an attempt in progress, one with
// an assessment closing), a competition with a scored board, a target
// occupation and its recommendations, while their course has 10,000 other
// learners: every read is by _id, so their number must not show. It reports
// the 95th percentile of the requests in "p95-ms".
func BenchmarkDashboard(b *testing.B) {
	w := newWorld(b, embeddedStack)
	w.setUpCatalogue(b)
	w.setUpLearning(b)
	w.setUpCompetitions(b)
	ctx := context.Background()
	l, owner := w.tokens[learner], w.tokens[ownerStaff]
	if resp := w.ta.call(b, "POST", "/api/v1/courses/enrol-course/enrolment", l, nil, nil); resp.StatusCode != 201 {
		b.Fatalf("enrol = %d", resp.StatusCode)
	}
	if resp := w.ta.call(b, "PUT", "/api/v1/courses/enrol-course/items/quiz/schedule", owner, map[string]any{"closes_at": time.Now().Add(240 * time.Hour)}, nil); resp.StatusCode != 200 {
		b.Fatalf("schedule = %d", resp.StatusCode)
	}
	if resp := w.ta.call(b, "PUT", "/api/v1/me/dashboard/occupations", l, map[string]any{"occupations": []string{matrixOccupation}}, nil); resp.StatusCode != 200 {
		b.Fatalf("occupations = %d", resp.StatusCode)
	}
	course, err := w.ta.catalog.CourseBySlug(ctx, "public-course")
	if err != nil {
		b.Fatal(err)
	}
	enrolments := w.ta.p.db.Collection("enrolments")
	batch := make([]any, 0, 1000)
	for i := range otherLearners {
		batch = append(batch, bson.M{"_id": fmt.Sprintf("bench-%05d", i), "user_id": fmt.Sprintf("bench-learner-%05d", i), "course_id": course.ID,
			"course_slug": course.Slug, "course_title": "Machine learning basics", "version": 1, "status": "active", "enrolled_at": time.Now(),
			"completed_lessons": []string{}})
		if len(batch) == cap(batch) {
			if _, err := enrolments.InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if d := w.dashboard(b, l); len(d.Courses) != 2 || len(d.Competitions) != 1 || len(d.Occupations) != 1 {
		b.Fatalf("dashboard = %+v, want two courses, a competition and an occupation", d)
	}
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		w.dashboard(b, l)
		took = append(took, time.Since(start))
	}
	b.ReportMetric(p95ms(took), "p95-ms")
}
