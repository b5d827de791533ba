package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hibiken/asynq"

	"academy/jobs"
)

// GradingCmd measures the grading pipeline end to end: HTTP submit, the
// grading task on Redis, the result stored in MongoDB. It compares its
// throughput with a no-op asynq task on the same Redis, then offers
// submissions at a steady rate and reports how long each took to be graded.
type GradingCmd struct {
	API           string        `help:"Base URL of a running academy." required:""`
	Redis         string        `help:"URL of the Redis academy's queue uses (redis://host:port)." required:""`
	Burst         int           `help:"Submissions sent as fast as possible for the throughput figure." default:"1000"`
	Noop          int           `help:"No-op tasks for the baseline throughput." default:"5000"`
	Rate          int           `help:"Submissions per second in the steady phase." default:"200"`
	Duration      time.Duration `help:"Length of the steady phase." default:"10s"`
	Parallel      int           `help:"Submissions in flight at once during the burst; no-op tasks are enqueued as many at a time." default:"16"`
	SetupParallel int           `help:"Requests in flight at once while preparing the attempts." default:"4"`
	Answers       int           `help:"Answers saved per attempt while preparing it; 0 answers every question." default:"0"`
	Concurrency   int           `help:"Handlers of the no-op worker; keep it equal to ACADEMY_WORKER_CONCURRENCY." default:"8"`
	SetupMax      time.Duration `help:"Longest the setup may take." default:"10m"`
	DrainMax      time.Duration `help:"Longest to wait for each phase's tasks to finish." default:"5m"`
	Seed          uint64        `help:"Seed of the answers." default:"1"`
}

// noopQueue is the queue of the baseline tasks; academy's worker does not listen to it.
const noopQueue = "loadgen_noop"

// pending is an attempt in progress with its answers saved, ready to submit.
type pending struct {
	l  learner
	id string
}

// Run prepares the attempts, then runs the three phases and prints the table.
func (c GradingCmd) Run(ctx context.Context) error {
	redisOpt, err := asynq.ParseRedisURI(c.Redis)
	if err != nil {
		return fmt.Errorf("redis URL: %w", err)
	}
	api := newAPIClient(c.API)
	attempts, err := c.prepare(ctx, api, c.Burst+int(float64(c.Rate)*c.Duration.Seconds()))
	if err != nil {
		return err
	}

	noopRate, err := c.noopThroughput(ctx, redisOpt)
	if err != nil {
		return err
	}
	fmt.Printf("no-op asynq tasks: %d enqueued %d at a time and run by %d handlers: %.0f tasks/s\n", c.Noop, c.Parallel, c.Concurrency, noopRate)

	burst, steady := attempts[:c.Burst], attempts[c.Burst:]
	rec := newRecorder()
	sent := make([]time.Time, len(burst))
	start := time.Now()
	err = forEach(ctx, len(burst), c.Parallel, func(ctx context.Context, i int) error {
		sent[i] = time.Now()
		err := rec.time("submit (burst)", func() error { _, err := api.submit(ctx, burst[i].l, burst[i].id); return err })
		if err != nil && rec.op("submit (burst)").summary().errors > len(burst)/10 {
			return fmt.Errorf("more than a tenth of the submissions failed: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	submitted := time.Since(start)
	if err := waitIdle(ctx, redisOpt, c.DrainMax); err != nil {
		// What was graded by then still counts; the rest is reported as not graded.
		fmt.Println("warning:", err)
	}
	burstResults, err := results(ctx, api, burst, sent, c.Parallel)
	if err != nil {
		return err
	}
	lastGraded := start
	for _, r := range burstResults.gradedAt {
		if r.After(lastGraded) {
			lastGraded = r
		}
	}
	gradedRate := float64(len(burstResults.gradedAt)) / lastGraded.Sub(start).Seconds()
	fmt.Printf("burst: %d submissions sent %d at a time in %s (%.1f/s); %d graded, the last %s after the first submission: %.2f graded attempts/s\n",
		len(burst), c.Parallel, submitted.Round(time.Millisecond), float64(len(burst))/submitted.Seconds(),
		len(burstResults.gradedAt), lastGraded.Sub(start).Round(time.Millisecond), gradedRate)
	fmt.Printf("graded attempts/s ÷ no-op tasks/s: %.5f\n\n", gradedRate/noopRate)

	sentSteady, offered := c.steady(ctx, api, rec, steady)
	if err := waitIdle(ctx, redisOpt, c.DrainMax); err != nil {
		// What was graded by then still counts; the rest is reported as not graded.
		fmt.Println("warning:", err)
	}
	steadyResults, err := results(ctx, api, steady, sentSteady, c.Parallel)
	if err != nil {
		return err
	}
	lat := rec.op("submit → graded (steady)")
	for _, d := range steadyResults.latency {
		lat.add(d)
	}
	fmt.Printf("steady: %d submissions offered at %d/s for %s (achieved %.0f/s); %d graded, %d not graded\n",
		len(steady), c.Rate, c.Duration, offered, len(steadyResults.gradedAt), len(steady)-len(steadyResults.gradedAt))
	rec.latencyTable(os.Stdout)
	return nil
}

// prepare signs up as many learners as needed to hold n attempts in
// progress at once (one per quiz per learner), enrols them in every course
// with a quiz, starts the attempts and saves an answer to each question.
func (c GradingCmd) prepare(ctx context.Context, api *apiClient, n int) ([]pending, error) {
	ctx, cancel := context.WithTimeout(ctx, c.SetupMax)
	defer cancel()
	start := time.Now()
	var list struct {
		Items []struct{ Slug string }
	}
	if err := api.call(ctx, "GET", "/courses?limit=100", "", nil, &list); err != nil {
		return nil, err
	}
	var quizzes []quiz
	var slugs []string
	for _, course := range list.Items {
		qs, err := api.quizzes(ctx, course.Slug)
		if err != nil {
			continue // a course without a quiz
		}
		quizzes = append(quizzes, qs...)
		slugs = append(slugs, course.Slug)
	}
	if len(quizzes) == 0 {
		return nil, errors.New("no published course has a quiz")
	}
	learnersNeeded := (n + len(quizzes) - 1) / len(quizzes)
	learners, err := api.signUpMany(ctx, fmt.Sprintf("grading-%d", start.Unix()), learnersNeeded, c.SetupParallel, c.SetupMax)
	if err != nil {
		return nil, fmt.Errorf("sign up learners: %w", err)
	}
	err = forEach(ctx, len(learners)*len(slugs), c.SetupParallel, func(ctx context.Context, i int) error {
		return api.enrol(ctx, learners[i/len(slugs)], slugs[i%len(slugs)])
	})
	if err != nil {
		return nil, fmt.Errorf("enrol learners: %w", err)
	}
	out := make([]pending, n)
	err = forEach(ctx, n, c.SetupParallel, func(ctx context.Context, i int) error {
		l, q := learners[i/len(quizzes)], quizzes[i%len(quizzes)]
		return c.startAnswered(ctx, api, l, q, rand.New(rand.NewPCG(c.Seed, uint64(i))), &out[i])
	})
	if err != nil {
		return nil, fmt.Errorf("prepare attempts: %w", err)
	}
	// Submissions reach the queue from many learners at once, not one
	// learner's quizzes in a row (which would have the workers contend for
	// that learner's enrolments).
	rand.New(rand.NewPCG(c.Seed, 0)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	answers := "an answer to every question"
	if c.Answers > 0 {
		answers = fmt.Sprintf("answers to at most %d questions", c.Answers)
	}
	fmt.Printf("setup: %d attempts in progress with %s saved, %d learners x %d quizzes of %d courses, %d requests at a time, in %s\n",
		n, answers, learnersNeeded, len(quizzes), len(slugs), c.SetupParallel, time.Since(start).Round(time.Millisecond))
	return out, nil
}

// startAnswered starts an attempt and saves an answer to each question, or to the first c.Answers.
func (c GradingCmd) startAnswered(ctx context.Context, api *apiClient, l learner, q quiz, r *rand.Rand, out *pending) error {
	at, err := api.startAttempt(ctx, l, q)
	if err != nil {
		return err
	}
	saved := 0
	for _, qv := range at.Questions {
		if c.Answers > 0 && saved == c.Answers {
			break
		}
		if answer, ok := answerFor(qv.Question, r); ok {
			if err := api.saveAnswer(ctx, l, at.ID, qv.Question.ID, answer); err != nil {
				return err
			}
			saved++
		}
	}
	*out = pending{l: l, id: at.ID}
	return nil
}

// noopThroughput enqueues c.Noop no-op tasks while a worker of c.Concurrency
// handlers runs them, and returns tasks per second from the first enqueue
// to the last task done.
func (c GradingCmd) noopThroughput(ctx context.Context, redisOpt asynq.RedisConnOpt) (float64, error) {
	return noopThroughput(ctx, redisOpt, noopRun{tasks: c.Noop, parallel: c.Parallel, concurrency: c.Concurrency, drainMax: c.DrainMax})
}

// noopRun is a baseline of no-op asynq tasks: how many, enqueued how many
// at a time, run by how many handlers, waited for how long at most.
type noopRun struct {
	tasks, parallel, concurrency int
	drainMax                     time.Duration
}

// noopThroughput enqueues n.tasks no-op tasks while a worker of
// n.concurrency handlers runs them, and returns tasks per second from the
// first enqueue to the last task done.
func noopThroughput(ctx context.Context, redisOpt asynq.RedisConnOpt, n noopRun) (float64, error) {
	var done atomic.Int64
	finished := make(chan time.Time, 1)
	srv := asynq.NewServer(redisOpt, asynq.Config{
		Concurrency: n.concurrency,
		// As academy's worker polls.
		TaskCheckInterval: 100 * time.Millisecond,
		Queues:            map[string]int{noopQueue: 1},
		LogLevel:          asynq.ErrorLevel,
	})
	mux := asynq.NewServeMux()
	mux.HandleFunc("loadgen:noop", func(context.Context, *asynq.Task) error {
		if done.Add(1) == int64(n.tasks) {
			finished <- time.Now()
		}
		return nil
	})
	if err := srv.Start(mux); err != nil {
		return 0, fmt.Errorf("start no-op worker: %w", err)
	}
	defer srv.Shutdown()
	client := asynq.NewClient(redisOpt)
	defer client.Close()
	start := time.Now()
	err := forEach(ctx, n.tasks, n.parallel, func(ctx context.Context, i int) error {
		_, err := client.EnqueueContext(ctx, asynq.NewTask("loadgen:noop", nil), asynq.Queue(noopQueue))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueue no-op tasks: %w", err)
	}
	select {
	case end := <-finished:
		return float64(n.tasks) / end.Sub(start).Seconds(), nil
	case <-time.After(n.drainMax):
		return 0, fmt.Errorf("no-op tasks: %d of %d done after %s", done.Load(), n.tasks, n.drainMax)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// steady submits the attempts at c.Rate per second, each on its own
// schedule whatever the answers to the ones before (an open loop), and
// returns when each was sent and the rate achieved.
func (c GradingCmd) steady(ctx context.Context, api *apiClient, rec *recorder, attempts []pending) ([]time.Time, float64) {
	sent := make([]time.Time, len(attempts))
	start := time.Now()
	var wg sync.WaitGroup
	for i := range attempts {
		if !sleep(ctx, time.Until(start.Add(time.Duration(int64(time.Second)*int64(i)/int64(c.Rate))))) {
			break
		}
		sent[i] = time.Now()
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec.time("submit (steady)", func() error { _, err := api.submit(ctx, attempts[i].l, attempts[i].id); return err })
		}()
	}
	last := time.Since(start)
	wg.Wait()
	return sent, float64(len(attempts)) / max(last.Seconds(), c.Duration.Seconds()-1/float64(c.Rate))
}

// waitIdle waits until academy's queues have no task waiting or running.
func waitIdle(ctx context.Context, redisOpt asynq.RedisConnOpt, limit time.Duration) error {
	insp := jobs.NewInspector(redisOpt)
	defer insp.Close()
	deadline := time.Now().Add(limit)
	for {
		stats, err := insp.Stats()
		if err != nil {
			return fmt.Errorf("inspect academy's queues: %w", err)
		}
		var pending, active, scheduled, retry int
		for _, s := range stats {
			if s.Queue != noopQueue {
				pending, active, scheduled, retry = pending+s.Pending, active+s.Active, scheduled+s.Scheduled, retry+s.Retry
			}
		}
		if pending+active+scheduled+retry == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("academy's queues still hold %d pending, %d active, %d scheduled, %d retrying tasks after %s",
				pending, active, scheduled, retry, limit)
		}
		if !sleep(ctx, 200*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// gradedResults are the graded attempts of a phase.
type gradedResults struct {
	gradedAt []time.Time
	// latency runs from the client sending the submission to the server storing its result.
	latency []time.Duration
}

// results reads each attempt once, after the queue is idle, and collects when it was graded.
func results(ctx context.Context, api *apiClient, attempts []pending, sent []time.Time, parallel int) (gradedResults, error) {
	var mu sync.Mutex
	var out gradedResults
	err := forEach(ctx, len(attempts), parallel, func(ctx context.Context, i int) error {
		if sent[i].IsZero() {
			return nil
		}
		at, err := api.attempt(ctx, attempts[i].l, attempts[i].id)
		if err != nil || !at.graded() {
			return err
		}
		mu.Lock()
		out.gradedAt = append(out.gradedAt, *at.GradedAt)
		out.latency = append(out.latency, at.GradedAt.Sub(sent[i]))
		mu.Unlock()
		return nil
	})
	return out, err
}
