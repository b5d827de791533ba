package learning_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/grading"
	"academy/services/learning"
)

// credentials stands in for the credentials context: it handles
// credentials:issue tasks as that context will, and counts them.
type credentials struct {
	svc *learning.Service
	mu  sync.Mutex
	got map[string]int // completion id → tasks handled
}

func (c *credentials) handle(ctx context.Context, t *asynq.Task) error {
	id, err := jobs.CompletionIDOf(t)
	if err != nil {
		return err
	}
	if _, err := c.svc.Completion(ctx, id); err != nil {
		return err
	}
	c.mu.Lock()
	c.got[id]++
	c.mu.Unlock()
	return c.svc.MarkCredentialIssued(ctx, id)
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
// grading handler and the credentials stand-in; stop shuts it down.
func (e *env) startWorker(t *testing.T, svc *learning.Service, creds *credentials) (stop func()) {
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
	mux.HandleFunc(jobs.TypeIssueCredential, creds.handle)
	if err := srv.Start(mux); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(srv.Shutdown)
	return srv.Shutdown
}

func (e *env) newCredentials() *credentials {
	return &credentials{svc: e.svc, got: map[string]int{}}
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
		e.clock.advance(time.Millisecond)
	}
	return ids
}

// checkOneResultEach fails unless every attempt was graded exactly once and
// every learner who passed has exactly one completion with one credential.
func (e *env) checkOneResultEach(t *testing.T, ids []string, creds *credentials) {
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
	if creds != nil {
		for id, n := range creds.handled() {
			if n != 1 {
				t.Errorf("completion %s: %d credential tasks handled, want 1", id, n)
			}
		}
		if got := e.count(t, "completions", bson.M{"credential_issued": true}); got != int64(len(creds.handled())) || got != int64((len(ids)+1)/2) {
			t.Errorf("%d credentials issued after %d tasks, want one per completion", got, len(creds.handled()))
		}
	}
}

func TestPipelineGradesEachSubmissionOnce(t *testing.T) {
	e := newEnv(t)
	e.publishML(t)
	ids := e.submitted(t, 12)
	creds := e.newCredentials()
	e.startWorker(t, e.svc, creds)
	e.startWorker(t, e.newService(), creds)
	eventually(t, "every submission is graded", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, creds)
	gradedAt := map[string]time.Time{}
	for _, id := range ids {
		gradedAt[id] = *e.attempt(t, id).GradedAt
	}

	t.Run("redelivered tasks change nothing", func(t *testing.T) {
		e.clock.advance(time.Minute)
		for _, id := range ids {
			if err := e.queue.Enqueue(context.Background(), jobs.NewGradeTask(id, 0), asynq.TaskID(id+"-again")); err != nil {
				t.Fatal(err)
			}
			if err := e.queue.Enqueue(context.Background(), jobs.NewGradeTask(id, 0)); err != nil {
				t.Fatal(err)
			}
		}
		eventually(t, "the redelivered tasks are done", func() bool { return e.queueIdle(t) })
		e.checkOneResultEach(t, ids, creds)
		for _, id := range ids {
			if at := *e.attempt(t, id).GradedAt; !at.Equal(gradedAt[id]) {
				t.Errorf("attempt %s was graded again at %v", id, at)
			}
		}
	})
}

func TestConcurrentHandlersStoreOneResult(t *testing.T) {
	e := newEnv(t)
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
	e.checkOneResultEach(t, ids, nil)
	if tasks := e.queue.pending(t, jobs.TypeIssueCredential); len(tasks) != 1 {
		t.Errorf("%d credential tasks queued, want 1", len(tasks))
	}
}

func TestWorkerCrashBetweenGradingAndStoring(t *testing.T) {
	e := newEnv(t)
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
	creds := e.newCredentials()
	stop := e.startWorker(t, crashing, creds)
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

	e.startWorker(t, e.newService(), creds)
	eventually(t, "a fresh worker grades the submission", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, creds)
}

func TestReconcileAfterLosingRedis(t *testing.T) {
	e := newEnv(t)
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
	e.clock.advance(20 * time.Minute)
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
	creds := e.newCredentials()
	e.startWorker(t, e.svc, creds)
	eventually(t, "every submission is graded", func() bool { return e.settled(t) && e.queueIdle(t) })
	e.checkOneResultEach(t, ids, creds)
	a := e.attempt(t, abandoned.ID)
	if a.Status != learning.AttemptGraded || !a.SubmittedAt.Equal(*abandoned.Deadline) || a.Result.Percent != 50 {
		t.Errorf("the abandoned attempt is %s, submitted at %v with %v%%; want graded as of its deadline with its saved answer (50%%)",
			a.Status, a.SubmittedAt, a.Result.Percent)
	}
}

func TestCompletionEvent(t *testing.T) {
	e := newEnv(t)
	course := e.publishML(t)
	ids := e.submitted(t, 1)
	if err := e.svc.GradeSubmission(context.Background(), ids[0]); err != nil {
		t.Fatal(err)
	}
	tasks := e.queue.pending(t, jobs.TypeIssueCredential)
	if len(tasks) != 1 {
		t.Fatalf("%d credential tasks queued, want 1", len(tasks))
	}
	id, err := jobs.CompletionIDOf(asynq.NewTask(tasks[0].Type, tasks[0].Payload))
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.svc.Completion(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	a := e.attempt(t, ids[0])
	if c.UserID != "learner-00" || c.CourseID != course.ID || c.CourseSlug != "ml" || c.Version != 1 || c.GradePercent != 100 ||
		!c.CompletedAt.Equal(e.clock.Now().Truncate(time.Millisecond)) || c.EnrolmentID != a.EnrolmentID || c.CredentialIssued {
		t.Errorf("completion %+v, want learner-00 in ml version 1 at 100%% now, credential pending", c)
	}
	var progress learning.CourseProgressView
	e.mustCall(t, "GET", path("/me/courses/ml"), "learner-00", nil, 200, &progress)
	if progress.Status != learning.EnrolmentCompleted || progress.Completion == nil || progress.Completion.ID != id {
		t.Errorf("the learner's course is %s with completion %+v, want completed with %s", progress.Status, progress.Completion, id)
	}
	if _, err := jobs.CompletionIDOf(asynq.NewTask(jobs.TypeIssueCredential, []byte("{"))); !errors.Is(err, asynq.SkipRetry) {
		t.Errorf("an undecodable payload gives %v, want an error wrapping SkipRetry", err)
	}

	t.Run("a lost credential task is enqueued again until the credential is issued", func(t *testing.T) {
		lose := func() {
			t.Helper()
			if _, err := e.queue.inspector.DeleteAllPendingTasks(jobs.QueueCritical); err != nil {
				t.Fatal(err)
			}
		}
		lose()
		if n, err := e.svc.ReconcileCompletions(context.Background(), time.Hour); err != nil || n != 1 {
			t.Fatalf("before the threshold: %d enqueued (err %v), want the lost task back", n, err)
		}
		if tasks := e.queue.pending(t, jobs.TypeIssueCredential); len(tasks) != 1 || tasks[0].ID != jobs.TaskID(jobs.TypeIssueCredential, id, 0) {
			t.Errorf("queued %+v, want the completion's first task again", tasks)
		}
		if n, err := e.svc.ReconcileCompletions(context.Background(), time.Hour); err != nil || n != 0 {
			t.Fatalf("with the task queued: %d enqueued (err %v), want 0", n, err)
		}
		lose()
		e.clock.advance(2 * time.Hour)
		if n, err := e.svc.ReconcileCompletions(context.Background(), time.Hour); err != nil || n != 1 {
			t.Fatalf("after the threshold: %d enqueued (err %v), want 1", n, err)
		}
		if tasks := e.queue.pending(t, jobs.TypeIssueCredential); len(tasks) != 1 || tasks[0].ID != jobs.TaskID(jobs.TypeIssueCredential, id, 1) {
			t.Errorf("queued %+v, want the completion's task again", tasks)
		}
		if err := e.svc.MarkCredentialIssued(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.MarkCredentialIssued(context.Background(), id); err != nil {
			t.Errorf("marking twice: %v", err)
		}
		e.clock.advance(2 * time.Hour)
		if n, err := e.svc.ReconcileCompletions(context.Background(), time.Hour); err != nil || n != 0 {
			t.Errorf("once issued: %d enqueued (err %v), want 0", n, err)
		}
		if err := e.svc.MarkCredentialIssued(context.Background(), "nope"); err == nil {
			t.Error("marking an unknown completion succeeded")
		}
	})
}
