package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ExamCmd simulates an exam start: learners, registered and enrolled
// beforehand, arrive spread over a window, each starting an attempt at the
// same quiz, autosaving an answer per question, submitting and then
// waiting on the server for the grade, as the web app does.
type ExamCmd struct {
	API      string        `help:"Base URL of a running academy." required:""`
	Course   string        `help:"Slug of a published course with a quiz; its first quiz is sat." default:"machine-learning-foundations"`
	Learners int           `help:"Learners sitting the quiz." default:"2000"`
	Window   time.Duration `help:"Arrivals are spread evenly over this window, in a shuffled order." default:"60s"`
	Think    time.Duration `help:"Longest pause before each answer; pauses are uniform from zero." default:"1s"`
	Polls    int           `help:"Times a learner asks for the attempt after submitting, waiting on the server for the grade (wait=grade), until it is graded." default:"3"`
	Parallel int           `help:"Learners signed up and enrolled at once during the setup." default:"4"`
	SetupMax time.Duration `help:"Longest each step of the setup (sign-up, enrolment) may take." default:"30m"`
	MaxTime  time.Duration `help:"Longest the surge may take beyond its window." default:"2m"`
	Seed     uint64        `help:"Seed of arrival order, pauses and answers." default:"1"`
}

// Run sets up the learners, then runs and reports the surge.
func (c ExamCmd) Run(ctx context.Context) error {
	api := newAPIClient(c.API)
	quizzes, err := api.quizzes(ctx, c.Course)
	if err != nil {
		return err
	}
	q := quizzes[0]

	start := time.Now()
	learners, err := api.signUpMany(ctx, fmt.Sprintf("exam-%d", start.Unix()), c.Learners, c.Parallel, c.SetupMax)
	if err != nil {
		return fmt.Errorf("sign up learners: %w", err)
	}
	signUp := time.Since(start)
	fmt.Printf("setup: registered and signed in %d learners in %s (%d at a time; %.1f ms per learner)\n",
		len(learners), signUp.Round(time.Millisecond), c.Parallel, float64(signUp.Milliseconds())/float64(len(learners)))
	start = time.Now()
	enrolCtx, cancel := context.WithTimeout(ctx, c.SetupMax)
	err = forEach(enrolCtx, len(learners), c.Parallel, func(ctx context.Context, i int) error {
		return api.enrol(ctx, learners[i], c.Course)
	})
	cancel()
	if err != nil {
		return fmt.Errorf("enrol learners: %w", err)
	}
	fmt.Printf("setup: enrolled them in %s in %s\n", c.Course, time.Since(start).Round(time.Millisecond))

	rec := newRecorder()
	for _, op := range []string{"start attempt", "autosave answer", "submit", "wait for grade"} {
		rec.op(op)
	}
	// told is, per learner told their grade, the time from sending the submission to knowing the grade.
	told := &latencies{}
	var finished, graded atomic.Int64
	order := rand.New(rand.NewPCG(c.Seed, 0)).Perm(len(learners))
	surgeCtx, cancel := context.WithTimeout(ctx, c.Window+c.MaxTime)
	defer cancel()
	t0 := time.Now()
	var wg sync.WaitGroup
	for slot, i := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			arrival := time.Duration(int64(c.Window) * int64(slot) / int64(len(learners)))
			if !sleep(surgeCtx, time.Until(t0.Add(arrival))) {
				return
			}
			r := rand.New(rand.NewPCG(c.Seed, uint64(i)+1))
			ok, isGraded := c.sit(surgeCtx, api, rec, told, learners[i], q, r)
			if ok {
				finished.Add(1)
			}
			if isGraded {
				graded.Add(1)
			}
		}()
	}
	wg.Wait()
	took := time.Since(t0)

	total := 0
	for _, name := range rec.names {
		s := rec.op(name).summary()
		total += s.n + s.errors
	}
	fmt.Printf("exam surge: %d learners arriving over %s at %s/%s, think time up to %s\n",
		len(learners), c.Window, q.course, q.ref, c.Think)
	rec.latencyTable(os.Stdout)
	fmt.Printf("%d of %d learners finished (started, answered, submitted) in %s; %d saw their attempt graded; %d requests, %.0f requests/s on average\n",
		finished.Load(), len(learners), took.Round(time.Millisecond), graded.Load(), total, float64(total)/took.Seconds())
	ts := told.summary()
	within := 0
	for _, d := range told.d {
		if d <= toldGoal {
			within++
		}
	}
	fmt.Printf("told their grade within %s of submitting: %d of %d learners (%.1f %%); submit to grade known p50 %s / p95 %s / p99 %s / max %s ms\n",
		toldGoal, within, len(learners), 100*float64(within)/float64(max(len(learners), 1)), ms(ts.p50), ms(ts.p95), ms(ts.p99), ms(ts.max))
	slowest, worst := "", time.Duration(-1)
	for _, name := range rec.names {
		if s := rec.op(name).summary(); name != "wait for grade" && s.p95 > worst {
			slowest, worst = name, s.p95
		}
	}
	fmt.Printf("slowest request by p95: %s (%s ms)\n", slowest, ms(worst))
	return nil
}

// toldGoal is how soon after submitting a learner should know their grade.
const toldGoal = 2 * time.Second

// sit is one learner's exam: it reports whether the learner got through to
// a submitted attempt and whether they saw it graded.
func (c ExamCmd) sit(ctx context.Context, api *apiClient, rec *recorder, told *latencies, l learner, q quiz, r *rand.Rand) (finished, graded bool) {
	var at attempt
	if rec.time("start attempt", func() (err error) { at, err = api.startAttempt(ctx, l, q); return err }) != nil {
		return false, false
	}
	for _, qv := range at.Questions {
		answer, ok := answerFor(qv.Question, r)
		if !ok {
			continue
		}
		if !sleep(ctx, time.Duration(r.Int64N(int64(c.Think)+1))) {
			return false, false
		}
		if rec.time("autosave answer", func() error { return api.saveAnswer(ctx, l, at.ID, qv.Question.ID, answer) }) != nil {
			return false, false
		}
	}
	submitted := time.Now()
	if rec.time("submit", func() (err error) { at, err = api.submit(ctx, l, at.ID); return err }) != nil {
		return false, false
	}
	for poll := 0; poll < c.Polls && !at.graded(); poll++ {
		if rec.time("wait for grade", func() (err error) { at, err = api.waitForGrade(ctx, l, at.ID); return err }) != nil {
			break
		}
	}
	if at.graded() {
		told.add(time.Since(submitted))
	}
	return true, at.graded()
}

// sleep waits for d and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
