package learning_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/grading"
	"academy/services/kit/events"
	"academy/services/learning"
)

// credentials stands in for the credentials context: it subscribes to
// CourseCompleted as that context does, and counts the events it handles.
type credentials struct {
	store *learning.Store
	mu    sync.Mutex
	got   map[string]int // completion id → events handled
}

func (c *credentials) handle(ctx context.Context, ev events.Event) error {
	var d events.CourseCompletedData
	if err := ev.Decode(&d); err != nil {
		return err
	}
	if _, err := c.store.Completion(ctx, d.CompletionID); err != nil {
		return err
	}
	c.mu.Lock()
	c.got[d.CompletionID]++
	c.mu.Unlock()
	return nil
}

func (c *credentials) handled() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.got {
		out[k] = v
	}
	return out
}

// startWorker runs a real asynq server on the test's Redis with svc's
// grading handler and the delivery of events; stop shuts it down.
func (e *env) startWorker(t *testing.T, svc *learning.Service) (stop func()) {
	t.Helper()
	srv := asynq.NewServer(e.queue.redis, asynq.Config{
		Concurrency:              4,
		ShutdownTimeout:          300 * time.Millisecond,
		TaskCheckInterval:        20 * time.Millisecond,
		DelayedTaskCheckInterval: 100 * time.Millisecond,
		RetryDelayFunc:           func(int, error, *asynq.Task) time.Duration { return 50 * time.Millisecond },
		LogLevel:                 asynq.FatalLevel,
		Queues:                   map[string]int{jobs.QueueCritical: 2, jobs.QueueDefault: 1},
	})
	mux := asynq.NewServeMux()
	mux.HandleFunc(jobs.TypeGrade, svc.HandleGradeTask)
	mux.HandleFunc(events.TypeDeliver, e.outbox.HandleTask)
	if err := srv.Start(mux); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.Shutdown
}

// eventually polls cond until it holds or ten seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// queueIdle reports whether no task waits, runs or awaits a retry.
func (e *env) queueIdle(t *testing.T) bool {
	t.Helper()
	queues, err := e.queue.inspector.Queues()
	if err != nil {
		t.Fatalf("list queues: %v", err)
	}
	for _, q := range queues {
		info, err := e.queue.inspector.GetQueueInfo(q)
		if err != nil {
			t.Fatalf("inspect queue %s: %v", q, err)
		}
		if info.Pending+info.Active+info.Scheduled+info.Retry > 0 {
			return false
		}
	}
	return true
}

// settled reports whether every attempt is graded with its progress applied.
func (e *env) settled(t *testing.T) bool {
	t.Helper()
	return e.count(t, "attempts", bson.M{"status": bson.M{"$ne": learning.AttemptGraded}}) == 0 &&
		e.count(t, "attempts", bson.M{"applied": false}) == 0
}

// gradeOnQueue serves a service that leaves every submission to the grading
// task, as one that needs staff, or whose grading in the request failed, is
// left: the tests of the task's path follow it with a quiz graded automatically.
func (e *env) gradeOnQueue() { e.serve(learning.GradeOnQueueOnly(e.newService())) }

// submitted has n learners enrol in the ml course, do its lesson and submit
// an attempt at its quiz: the even ones right, the odd ones wrong. It
// returns the attempt ids.
func (e *env) submitted(t *testing.T, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		user := fmt.Sprintf("learner-%02d", i)
		e.enrol(t, user, "ml")
		e.mustCall(t, "POST", path("/me/courses/ml/items/intro/complete"), user, nil, 200, nil)
		a := e.start(t, user, "ml", "basics.quiz")
		e.answerAll(t, user, a, i%2 == 0)
		e.submit(t, user, a.ID)
		ids[i] = a.ID
		e.clock.Advance(time.Millisecond)
	}
	return ids
}

// checkOneResultEach fails unless every attempt was graded exactly once and
// every learner who passed has exactly one completion, whose event the
// credentials stand-in handled once when delivered is set.
func (e *env) checkOneResultEach(t *testing.T, ids []string, delivered bool) {
	t.Helper()
	for i, id := range ids {
		a := e.attempt(t, id)
		if a.Status != learning.AttemptGraded || a.ResultRev != 1 || !a.Applied {
			t.Errorf("attempt %d: status %s, %d results stored, applied %v; want graded once and applied", i, a.Status, a.ResultRev, a.Applied)
		}
		wantPercent := 0.0
		if i%2 == 0 {
			wantPercent = 100
		}
		if a.Result == nil || a.Result.Percent != wantPercent {
			t.Errorf("attempt %d: result %+v, want %v%%", i, a.Result, wantPercent)
		}
		completions := e.count(t, "completions", bson.M{"enrolment_id": a.EnrolmentID})
		if want := int64(1 - i%2); completions != want {
			t.Errorf("attempt %d: %d completions of its enrolment, want %d", i, completions, want)
		}
	}
	if got, want := e.count(t, "completions", bson.M{}), int64((len(ids)+1)/2); got != want {
		t.Errorf("%d completions, want %d", got, want)
	}
	if delivered {
		handled := e.creds.handled()
		for id, n := range handled {
			if n != 1 {
				t.Errorf("completion %s: its event handled %d times, want 1", id, n)
			}
		}
		if got := e.count(t, "events", bson.M{"type": events.CourseCompleted, "delivered": true}); got != int64(len(handled)) || got != int64((len(ids)+1)/2) {
			t.Errorf("%d completion events delivered, %d handled, want one per completion", got, len(handled))
		}
	}
}

func TestPipelineGradesEachSubmissionOnce(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	e.publishML(t)
	ids := e.submitted(t, 12)
	e.startWorker(t, e.svc)
	e.startWorker(t, e.newService())
	eventually(t, "every submission is graded", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, true)
	gradedAt := map[string]time.Time{}
	for _, id := range ids {
		gradedAt[id] = *e.attempt(t, id).GradedAt
	}

	t.Run("redelivered tasks change nothing", func(t *testing.T) {
		e.clock.Advance(time.Minute)
		for _, id := range ids {
			if err := e.queue.Enqueue(context.Background(), jobs.NewGradeTask(id, 0), asynq.TaskID(id+"-again")); err != nil {
				t.Fatal(err)
			}
			if err := e.queue.Enqueue(context.Background(), jobs.NewGradeTask(id, 0)); err != nil {
				t.Fatal(err)
			}
		}
		eventually(t, "the redelivered tasks are done", func() bool { return e.queueIdle(t) })
		e.checkOneResultEach(t, ids, true)
		for _, id := range ids {
			if at := *e.attempt(t, id).GradedAt; !at.Equal(gradedAt[id]) {
				t.Errorf("attempt %s was graded again at %v", id, at)
			}
		}
	})
}

func TestConcurrentHandlersStoreOneResult(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	e.publishML(t)
	ids := e.submitted(t, 1)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		svc := e.newService()
		wg.Go(func() { errs <- svc.HandleGradeTask(context.Background(), jobs.NewGradeTask(ids[0], 0)) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("handler: %v", err)
		}
	}
	e.checkOneResultEach(t, ids, false)
	if tasks := e.queue.pending(t, events.TypeDeliver); len(tasks) != 1 {
		t.Errorf("%d completion events queued, want 1", len(tasks))
	}
}

func TestWorkerCrashBetweenGradingAndStoring(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	e.publishML(t)
	ids := e.submitted(t, 1)

	crashing := e.newService()
	reached := make(chan string, 1)
	release := make(chan struct{})
	learning.SetAfterGrade(crashing, func(ctx context.Context, attemptID string) error {
		reached <- attemptID
		select {
		case <-release:
		case <-ctx.Done():
		}
		return errors.New("worker crashed")
	})
	stop := e.startWorker(t, crashing)
	select {
	case id := <-reached:
		if id != ids[0] {
			t.Fatalf("the worker graded %s, want %s", id, ids[0])
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker never graded the submission")
	}
	stop()
	close(release)
	if a := e.attempt(t, ids[0]); a.Status != learning.AttemptSubmitted || a.ResultRev != 0 {
		t.Fatalf("after the crash the attempt is %s with %d results, want submitted without one", a.Status, a.ResultRev)
	}

	e.startWorker(t, e.newService())
	eventually(t, "a fresh worker grades the submission", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, true)
}

func TestReconcileAfterLosingRedis(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	quiz := assessment(50, 0, grading.FeedbackOnSubmit, choiceQuestion(), trueFalseQuestion())
	e.courses.publish(t, "ml", belfry, 60, mlTree(quiz))
	ids := e.submitted(t, 6)
	timed := *quiz
	timed.TimeLimitMinutes = 5
	e.courses.publish(t, "timed", belfry, 60, mlTree(&timed))
	e.enrol(t, learner, "timed")
	abandoned := e.start(t, learner, "timed", "basics.quiz")
	e.answer(t, learner, abandoned.ID, "q1", map[string]any{"choice": "a"})

	rdb := redis.NewClient(&redis.Options{Addr: e.queue.redis.Addr, Password: e.queue.redis.Password, DB: e.queue.redis.DB})
	defer rdb.Close()
	flush := func() {
		t.Helper()
		if err := rdb.FlushDB(context.Background()).Err(); err != nil {
			t.Fatal(err)
		}
	}
	flush()

	// Before the threshold, as a worker starting after a crash runs it: the
	// lost tasks are back at once under their first ids.
	n, err := e.svc.ReconcileSubmissions(context.Background(), 10*time.Minute)
	if err != nil || n != len(ids) {
		t.Fatalf("reconciling before the threshold: %d enqueued, err %v; want the %d submissions", n, err, len(ids))
	}
	if n, err := e.newService().ReconcileSubmissions(context.Background(), 10*time.Minute); err != nil || n != 0 {
		t.Errorf("a second reconciler at the same moment enqueued %d (err %v), want 0", n, err)
	}
	for _, id := range ids {
		if added, err := e.queue.Add(context.Background(), jobs.NewGradeTask(id, 0)); err != nil || added {
			t.Errorf("the grading task of %s is not back in the queue under its first id (err %v)", id, err)
		}
	}

	// Lost again, and past the threshold: fresh ids, as the first ones may
	// have failed for good.
	flush()
	e.clock.Advance(20 * time.Minute)
	n, err = e.svc.SubmitAbandoned(context.Background(), 10*time.Minute)
	if err != nil || n != 1 {
		t.Fatalf("submitting abandoned attempts: %d, err %v; want the abandoned attempt", n, err)
	}
	if n, err := e.newService().SubmitAbandoned(context.Background(), 10*time.Minute); err != nil || n != 0 {
		t.Errorf("a second sweep at the same moment submitted %d (err %v), want 0", n, err)
	}
	n, err = e.svc.ReconcileSubmissions(context.Background(), 10*time.Minute)
	if err != nil || n != len(ids) {
		t.Fatalf("reconciling: %d enqueued, err %v; want the %d submissions", n, err, len(ids))
	}
	if n, err := e.newService().ReconcileSubmissions(context.Background(), 10*time.Minute); err != nil || n != 0 {
		t.Errorf("a second reconciler at the same moment enqueued %d (err %v), want 0", n, err)
	}
	e.startWorker(t, e.svc)
	eventually(t, "every submission is graded", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, true)
	a := e.attempt(t, abandoned.ID)
	if a.Status != learning.AttemptGraded || !a.SubmittedAt.Equal(*abandoned.Deadline) || a.Result.Percent != 50 {
		t.Errorf("the abandoned attempt is %s, submitted at %v with %v%%; want graded as of its deadline with its saved answer (50%%)",
			a.Status, a.SubmittedAt, a.Result.Percent)
	}
}

func TestCompletionEvent(t *testing.T) {
	e := newEnv(t)
	e.gradeOnQueue()
	course := e.publishML(t)
	ids := e.submitted(t, 1)
	if err := e.svc.GradeSubmission(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	var recorded []events.Event
	cur, err := e.db.Collection("events").Find(context.Background(), bson.M{"type": events.CourseCompleted})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(context.Background(), &recorded); err != nil {
		t.Fatal(err)
	}
	if len(recorded) != 1 {
		t.Fatalf("%d completion events recorded, want 1", len(recorded))
	}
	ev := recorded[0]
	var d events.CourseCompletedData
	if err := ev.Decode(&d); err != nil {
		t.Fatal(err)
	}
	tasks := e.queue.pending(t, events.TypeDeliver)
	if len(tasks) != 1 || tasks[0].ID != events.TaskID(ev.ID, "credentials", 0) {
		t.Fatalf("queued %+v, want the event's delivery to the credentials context", tasks)
	}
	c, err := e.svc.Completion(context.Background(), d.CompletionID)
	if err != nil {
		t.Fatal(err)
	}
	a := e.attempt(t, ids[0])
	now := e.clock.Now().Truncate(time.Millisecond)
	if c.UserID != "learner-00" || c.CourseID != course.ID || c.CourseSlug != "ml" || c.Version != 1 || c.GradePercent != 100 ||
		!c.CompletedAt.Equal(now) || c.EnrolmentID != a.EnrolmentID || len(c.Outbox) != 0 {
		t.Errorf("completion %+v, want learner-00 in ml version 1 at 100%% now, its event published", c)
	}
	if d.LearnerID != "learner-00" || d.CourseID != course.ID || d.GradePercent != 100 || !d.CompletedAt.Equal(now) {
		t.Errorf("event data %+v, want the completion's learner, course, grade and time", d)
	}
	var progress learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ml"), "learner-00", nil, 200, &progress)
	if progress.Status != learning.EnrolmentCompleted || progress.Completion == nil || progress.Completion.ID != c.ID {
		t.Errorf("the learner's course is %s with completion %+v, want completed with %s", progress.Status, progress.Completion, c.ID)
	}

	t.Run("a lost delivery is put back until the event is handled", func(t *testing.T) {
		if _, err := e.queue.inspector.DeleteAllPendingTasks(jobs.QueueDefault); err != nil {
			t.Fatal(err)
		}
		if n, err := e.outbox.Reconcile(context.Background(), time.Hour); err != nil || n != 1 {
			t.Fatalf("reconciling: %d put back (err %v), want the lost delivery", n, err)
		}
		e.startWorker(t, e.svc)
		eventually(t, "the event is handled", func() bool { return e.queueIdle(t) && len(e.creds.handled()) == 1 })
		e.clock.Advance(2 * time.Hour)
		if n, err := e.outbox.Reconcile(context.Background(), time.Hour); err != nil || n != 0 {
			t.Errorf("once handled: %d put back (err %v), want 0", n, err)
		}
		e.checkOneResultEach(t, ids, true)
	})
}

// A submission whose grading in the request fails stays submitted on the
// grading waitlist: its grading task grades it, and when the process stops
// there (the embedded queue forgets the task), the reconciler run as a
// worker starts brings the task back.
func TestGradingInTheRequestFallsBackToTheTask(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	learning.SetAfterGrade(e.svc, func(context.Context, string) error { return errors.New("the process stopped") })
	ids := e.submitted(t, 2)
	for _, id := range ids {
		if a := e.attempt(t, id); a.Status != learning.AttemptSubmitted || a.ResultRev != 0 {
			t.Fatalf("after the failure attempt %s is %s with %d results, want submitted without one", id, a.Status, a.ResultRev)
		}
	}
	if tasks := e.queue.pending(t, jobs.TypeGrade); len(tasks) != len(ids) {
		t.Fatalf("%d grading tasks queued, want one per submission (%d)", len(tasks), len(ids))
	}
	if _, err := e.queue.inspector.DeleteAllPendingTasks(jobs.Specs[jobs.TypeGrade].Queue); err != nil {
		t.Fatal(err)
	}
	n, err := e.newService().ReconcileSubmissions(context.Background(), 10*time.Minute)
	if err != nil || n != len(ids) {
		t.Fatalf("reconciling: %d enqueued, err %v; want the %d submissions", n, err, len(ids))
	}
	e.startWorker(t, e.newService())
	eventually(t, "every submission is graded", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, true)
}

// Submissions of one attempt released at the same instant through the HTTP
// API, while its grading task also runs, store one result and one completion.
func TestConcurrentSubmitsGradeOnce(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	e.enrol(t, learner, "ml")
	e.mustCall(t, "POST", path("/me/courses/ml/items/intro/complete"), learner, nil, 200, nil)
	a := e.start(t, learner, "ml", "basics.quiz")
	e.answerAll(t, learner, a, true)

	const n = 40
	release := make(chan struct{})
	var wg sync.WaitGroup
	views := make(chan learning.AttemptView, n)
	for i := range n {
		wg.Go(func() {
			<-release
			if i == 0 {
				if err := e.newService().GradeSubmission(context.Background(), a.ID); err != nil {
					t.Errorf("grading task: %v", err)
				}
				return
			}
			views <- e.submit(t, learner, a.ID)
		})
	}
	close(release)
	wg.Wait()
	close(views)
	for v := range views {
		if v.Status != learning.AttemptGraded && v.Status != learning.AttemptSubmitted {
			t.Errorf("a submit answered %s", v.Status)
		}
	}
	var v learning.AttemptView
	e.mustCall(t, "GET", path("/attempts/%s", a.ID), learner, nil, http.StatusOK, &v)
	if v.Status != learning.AttemptGraded || v.Score == nil || v.Score.Percent != 100 {
		t.Errorf("the attempt is %+v, want graded at 100%%", v)
	}
	e.checkOneResultEach(t, []string{a.ID}, false)
	if n := e.count(t, "grading_waitlist", bson.M{}); n != 0 {
		t.Errorf("%d submissions left on the grading waitlist, want none", n)
	}
}
