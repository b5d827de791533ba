package jobs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/hibiken/asynq"
)

// Queues, by who waits for their work. A worker takes critical tasks six
// times as often as default ones when both wait, and runs bulk tasks on a
// separate, smaller pool of handlers, so a flood of bulk work never holds the
// handlers a learner's grade needs.
const (
	// QueueCritical holds work a person is waiting for: a grade, a
	// credential, and the reconcilers that bring such work back.
	QueueCritical = "critical"
	// QueueDefault holds events, search sync, mail and upkeep.
	QueueDefault = "default"
	// QueueBulk holds large batches and sweeps: scoring, matching, reindexing.
	QueueBulk = "bulk"
)

// priorities weighs the queues the main pool of a worker serves.
var priorities = map[string]int{QueueCritical: 6, QueueDefault: 3}

// Task types. Each context registers the handlers of its own.
const (
	TypeGrade                 = "grading:grade"
	TypeSearchIndex           = "search:index"
	TypeReconcileGrading      = "grading:reconcile"
	TypeSubmitAbandoned       = "attempts:submit-abandoned"
	TypeDeliverEvent          = "events:deliver"
	TypeReconcileEvents       = "events:reconcile"
	TypePruneEvents           = "events:prune"
	TypeReconcileSearch       = "search:reconcile"
	TypeDeleteExpiredSessions = "identity:delete-expired"
	TypeDeliverMail           = "mail:deliver"
	TypeReconcileMail         = "mail:reconcile"
	TypeScore                 = "competitions:score"
	TypeReconcileScoring      = "competitions:reconcile"
	TypeReconcileStatus       = "competitions:reconcile-status"
	TypeIntegrity             = "competitions:integrity"
	TypeMatch                 = "talent:match"
	TypeReconcileMatching     = "talent:reconcile"
	TypeRecheckImports        = "talent:recheck-imports"
)

// Spec is how the queue treats the tasks of one type.
type Spec struct {
	Queue string
	// Timeout bounds one run; the task is retried after it.
	Timeout time.Duration
	// MaxRetry is how many times a failed task runs again before it is archived.
	MaxRetry int
	// Retention keeps a finished task, and so its id, in the queue that long.
	Retention time.Duration
	// Every, when set, makes the type periodic: a Scheduler enqueues it once
	// per cluster every so often, and once when a worker starts.
	Every time.Duration
}

// Specs is the table of every task type. The grading reconciler is
// critical, as it brings back work a person waits for; events are default,
// unless their subscriber asks for critical (services/kit/events); the sweep of abandoned
// attempts reads every attempt, so it is bulk. Periodic tasks keep their id
// for a period (Retention = Every), so a second scheduler enqueueing the same slot
// a moment late finds it taken even after the first run finished; they are
// not retried, because the next period runs them again.
var Specs = map[string]Spec{
	TypeGrade: {Queue: QueueCritical, Timeout: time.Minute, MaxRetry: 25},
	// An event delivered keeps its task id for ten minutes, so a duplicate
	// enqueue meanwhile adds nothing; the outbox stops any later one.
	TypeDeliverEvent:          {Queue: QueueDefault, Timeout: time.Minute, MaxRetry: 25, Retention: 10 * time.Minute},
	TypeSearchIndex:           {Queue: QueueDefault, Timeout: 30 * time.Second, MaxRetry: 25},
	TypeReconcileGrading:      {Queue: QueueCritical, Timeout: time.Minute, Retention: time.Minute, Every: time.Minute},
	TypeReconcileEvents:       {Queue: QueueDefault, Timeout: 5 * time.Minute, Retention: time.Minute, Every: time.Minute},
	TypePruneEvents:           {Queue: QueueDefault, Timeout: 10 * time.Minute, Retention: time.Hour, Every: time.Hour},
	TypeReconcileSearch:       {Queue: QueueDefault, Timeout: 30 * time.Second, Retention: 30 * time.Second, Every: 30 * time.Second},
	TypeSubmitAbandoned:       {Queue: QueueBulk, Timeout: 10 * time.Minute, Retention: 10 * time.Minute, Every: 10 * time.Minute},
	TypeDeleteExpiredSessions: {Queue: QueueDefault, Timeout: 10 * time.Minute, Retention: 10 * time.Minute, Every: 10 * time.Minute},
	// A mail is tried 16 times, about an hour of a mail server being down
	// with the worker's backoff, before its reconciler takes over.
	TypeDeliverMail:   {Queue: QueueDefault, Timeout: time.Minute, MaxRetry: 16},
	TypeReconcileMail: {Queue: QueueDefault, Timeout: time.Minute, Retention: time.Minute, Every: time.Minute},
	// Scoring a large submission takes seconds; the reconciler re-enqueues
	// what the queue lost and fails what keeps failing.
	TypeScore:            {Queue: QueueBulk, Timeout: 5 * time.Minute, MaxRetry: 5},
	TypeReconcileScoring: {Queue: QueueBulk, Timeout: 5 * time.Minute, Retention: time.Minute, Every: time.Minute},
	// The search documents of competitions whose status the clock moved
	// while the queue had lost their scheduled indexing.
	TypeReconcileStatus: {Queue: QueueDefault, Timeout: 30 * time.Second, Retention: 30 * time.Second, Every: 30 * time.Second},
	// The integrity check compares the best submissions of up to 200 teams
	// pairwise after scores arrive; the scoring reconciler re-enqueues it.
	TypeIntegrity: {Queue: QueueBulk, Timeout: 10 * time.Minute, MaxRetry: 5},
	// Matching one candidate or one opening against the other side; a task
	// keeps its id (derived from the event that asked for it) for a minute,
	// so a redelivered event adds nothing, and the reconciler matches what a
	// lost task left stale.
	TypeMatch:             {Queue: QueueBulk, Timeout: 10 * time.Minute, MaxRetry: 10, Retention: time.Minute},
	TypeReconcileMatching: {Queue: QueueBulk, Timeout: 10 * time.Minute, Retention: 5 * time.Minute, Every: 5 * time.Minute},
	// Imported credentials are verified again once a day each; the hourly
	// run picks those whose day is up, fetching from their issuers.
	TypeRecheckImports: {Queue: QueueBulk, Timeout: 30 * time.Minute, Retention: time.Hour, Every: time.Hour},
}

// options returns the asynq options of a spec.
func (s Spec) options() []asynq.Option {
	opts := []asynq.Option{asynq.Queue(s.Queue), asynq.MaxRetry(s.MaxRetry)}
	if s.Timeout > 0 {
		opts = append(opts, asynq.Timeout(s.Timeout))
	}
	if s.Retention > 0 {
		opts = append(opts, asynq.Retention(s.Retention))
	}
	return opts
}

// NewTask returns a task of a type in Specs with the type's options, then opts.
func NewTask(taskType string, payload []byte, opts ...asynq.Option) *asynq.Task {
	spec, ok := Specs[taskType]
	if !ok {
		panic("jobs: task type " + taskType + " is not in jobs.Specs")
	}
	return asynq.NewTask(taskType, payload, append(spec.options(), opts...)...)
}

// TaskID is the asynq task id of the n-th enqueue of a piece of work of a
// type. The first uses the bare id, so that duplicate requests collapse into
// one task; re-enqueues by a reconciler get fresh ids, because a task that
// failed for good keeps its id in the queue's archive.
func TaskID(taskType, id string, n int) string {
	if n == 0 {
		return taskType + ":" + id
	}
	return taskType + ":" + id + "#" + strconv.Itoa(n)
}

type gradePayload struct {
	AttemptID string `json:"attempt_id"`
}

// NewGradeTask returns the n-th task that grades a submitted attempt.
func NewGradeTask(attemptID string, n int) *asynq.Task {
	b, _ := json.Marshal(gradePayload{AttemptID: attemptID})
	return NewTask(TypeGrade, b, asynq.TaskID(TaskID(TypeGrade, attemptID, n)))
}

// AttemptIDOf returns the attempt a grading task names; an undecodable
// payload gives an error wrapping asynq.SkipRetry.
func AttemptIDOf(t *asynq.Task) (string, error) {
	var p gradePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.AttemptID == "" {
		return "", fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	return p.AttemptID, nil
}

type scorePayload struct {
	SubmissionID string `json:"submission_id"`
}

// NewScoreTask returns the n-th task that scores a competition submission.
func NewScoreTask(submissionID string, n int) *asynq.Task {
	b, _ := json.Marshal(scorePayload{SubmissionID: submissionID})
	return NewTask(TypeScore, b, asynq.TaskID(TaskID(TypeScore, submissionID, n)))
}

// SubmissionIDOf returns the submission a scoring task names; an
// undecodable payload gives an error wrapping asynq.SkipRetry.
func SubmissionIDOf(t *asynq.Task) (string, error) {
	var p scorePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.SubmissionID == "" {
		return "", fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	return p.SubmissionID, nil
}

type competitionPayload struct {
	CompetitionID string `json:"competition_id"`
}

// NewIntegrityTask returns the n-th task that computes a competition's integrity flags.
func NewIntegrityTask(competitionID string, n int) *asynq.Task {
	b, _ := json.Marshal(competitionPayload{CompetitionID: competitionID})
	return NewTask(TypeIntegrity, b, asynq.TaskID(TaskID(TypeIntegrity, competitionID, n)))
}

// CompetitionIDOf returns the competition an integrity task names; an
// undecodable payload gives an error wrapping asynq.SkipRetry.
func CompetitionIDOf(t *asynq.Task) (string, error) {
	var p competitionPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.CompetitionID == "" {
		return "", fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	return p.CompetitionID, nil
}

// Sides of the talent pool a matching task recomputes.
const (
	MatchCandidate = "candidate"
	MatchOpening   = "opening"
)

type matchPayload struct {
	Side string `json:"side"`
	ID   string `json:"id"`
}

// NewMatchTask returns the task that matches a candidate against the open
// openings, or an opening against the pool; key (an event id, or a
// reconciler's period) makes its task id, so asking twice for one reason
// runs once.
func NewMatchTask(side, id, key string) *asynq.Task {
	b, _ := json.Marshal(matchPayload{Side: side, ID: id})
	return NewTask(TypeMatch, b, asynq.TaskID(TaskID(TypeMatch, side+":"+id+"@"+key, 0)))
}

// MatchOf returns the side and id a matching task names; an undecodable
// payload gives an error wrapping asynq.SkipRetry.
func MatchOf(t *asynq.Task) (side, id string, err error) {
	var p matchPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID == "" || (p.Side != MatchCandidate && p.Side != MatchOpening) {
		return "", "", fmt.Errorf("decode %s payload %q: %w", t.Type(), t.Payload(), asynq.SkipRetry)
	}
	return p.Side, p.ID, nil
}
