package main

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// benchLearners is how many learners the teaching benchmarks put in a
// course: 10,000, or ACADEMY_BENCH_LEARNERS for a quicker run.
func benchLearners(b *testing.B) int { return benchSize(b, "ACADEMY_BENCH_LEARNERS", 10000) }

// seedCourseLearners writes n enrolments in the public course straight into
// the database, with their owners' lists, each with a graded quiz, a third
// of them completed.
func seedCourseLearners(b *testing.B, w *world, n int) {
	b.Helper()
	ctx := context.Background()
	course, err := w.ta.catalog.CourseBySlug(ctx, "public-course")
	if err != nil {
		b.Fatal(err)
	}
	enrolments := w.ta.p.db.Collection("enrolments")
	start := time.Now().Add(-90 * 24 * time.Hour)
	batch := make([]any, 0, 1000)
	// The owners' lists the store keeps beside the enrolments, as it adds them.
	var ids []string
	learnerLists := make([]any, 0, n)
	for i := range n {
		ids = append(ids, fmt.Sprintf("bench-%05d", i))
		learnerLists = append(learnerLists, bson.M{"_id": fmt.Sprintf("bench-learner-%05d", i), "ids": []string{ids[i]}})
	}
	if _, err := w.ta.p.db.Collection("learner_enrolments").InsertMany(ctx, learnerLists); err != nil {
		b.Fatal(err)
	}
	if _, err := w.ta.p.db.Collection("course_enrolments").UpdateOne(ctx, bson.M{"_id": course.ID},
		bson.M{"$addToSet": bson.M{"ids": bson.M{"$each": ids}}}, options.Update().SetUpsert(true)); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute)
		pct := float64(i % 101)
		e := bson.M{"_id": fmt.Sprintf("bench-%05d", i), "user_id": fmt.Sprintf("bench-learner-%05d", i), "course_id": course.ID,
			"course_slug": course.Slug, "course_title": "Machine learning basics", "institution_id": course.InstitutionID, "version": 1,
			"status": "active", "enrolled_at": at, "completed_lessons": []string{"basics.intro"},
			"progress": bson.M{"items": []bson.M{{"ref": "quiz", "module_id": "basics", "item_id": "quiz", "kind": "assessment", "required": true,
				"done": pct >= 50, "best_percent": pct, "pass_mark": 50, "graded_attempts": 1}}, "percent": 50, "grade_percent": pct}}
		if i%3 == 0 {
			e["status"] = "completed"
			e["completion"] = bson.M{"id": fmt.Sprintf("bench-completion-%05d", i), "grade_percent": pct, "completed_at": at.Add(time.Hour)}
		}
		batch = append(batch, e)
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := enrolments.InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkGradebook measures the first page (50 learners) of the
// gradebook of a course with benchLearners learners, through the whole
// HTTP stack, as its staff open it.
func BenchmarkGradebook(b *testing.B) {
	w := newWorld(b, embeddedStack)
	w.setUpCatalogue(b)
	seedCourseLearners(b, w, benchLearners(b))
	owner := w.tokens[ownerStaff]
	get := func() {
		var page struct{ Rows []any }
		if resp := w.ta.call(b, "GET", "/api/v1/courses/public-course/gradebook?limit=50", owner, nil, &page); resp.StatusCode != http.StatusOK || len(page.Rows) != 50 {
			b.Fatalf("gradebook = %d with %d rows", resp.StatusCode, len(page.Rows))
		}
	}
	get()
	var took []time.Duration
	for b.Loop() {
		t := time.Now()
		get()
		took = append(took, time.Since(t))
	}
	b.ReportMetric(p95ms(took), "p95-ms")
}

// BenchmarkInsight measures a course's insight for a course with
// benchLearners learners, rebuilt from them once first, through the whole
// HTTP stack. It reads the read model by _id: the number of learners must
// not show.
func BenchmarkInsight(b *testing.B) {
	w := newWorld(b, embeddedStack)
	w.setUpCatalogue(b)
	n := benchLearners(b)
	seedCourseLearners(b, w, n)
	ctx := context.Background()
	if err := w.ta.p.db.Collection("insight_marks").Drop(ctx); err != nil {
		b.Fatal(err)
	}
	if done, err := w.ta.learning.RebuildInsightOnce(ctx); err != nil || !done {
		b.Fatalf("rebuild = %v, %v", done, err)
	}
	owner := w.tokens[ownerStaff]
	get := func() {
		var v struct{ Enrolments int }
		if resp := w.ta.call(b, "GET", "/api/v1/courses/public-course/insight", owner, nil, &v); resp.StatusCode != http.StatusOK || v.Enrolments < n {
			b.Fatalf("insight = %d with %d enrolments, want %d", resp.StatusCode, v.Enrolments, n)
		}
	}
	get()
	var took []time.Duration
	for b.Loop() {
		t := time.Now()
		get()
		took = append(took, time.Since(t))
	}
	b.ReportMetric(p95ms(took), "p95-ms")
}
