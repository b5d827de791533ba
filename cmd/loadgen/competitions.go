package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/hibiken/asynq"

	"academy/services/competitions"
	"academy/services/competitions/scoring"
	"academy/services/kit/guarded"
	"academy/services/kit/httpkit"
)

// CompetitionCmd measures the competitions context: it sets a running
// competition up through the API, then each step measures one figure of
// scripts/bench-competitions.sh.
type CompetitionCmd struct {
	Setup      CompSetupCmd      `cmd:"" help:"Create, publish and join a running competition with a large solution; write what the other steps need to --state."`
	Throughput CompThroughputCmd `cmd:"" help:"Submissions scored per second by academy's worker, beside the metric on pre-parsed data and a no-op task."`
	Surge      CompSurgeCmd      `cmd:"" help:"Every participant submits once within a window: upload latency, lost, doubled, time until all are final."`
	Board      CompBoardCmd      `cmd:"" help:"Add synthetic teams to the competition's public board in MongoDB, while academy is stopped."`
	Reads      CompReadsCmd      `cmd:"" help:"Leaderboard read latency while participants' submissions are being scored."`
	Bigfile    CompBigfileCmd    `cmd:"" help:"Upload a large data file as the host and download it as a participant, with academy's RSS growth."`
}

// compState is what setup hands to the other steps, in a JSON file.
type compState struct {
	API   string `json:"api"`
	Slug  string `json:"slug"`
	ID    string `json:"id"`
	Phase string `json:"phase"`
	Rows  int    `json:"rows"`
	Host  string `json:"host_token"`
	// Learners are the participants.
	Learners []account `json:"learners"`
}

// account is a participant as the state file keeps it.
type account struct {
	Email string `json:"email"`
	Token string `json:"token"`
}

func (s *compState) participants() []learner {
	out := make([]learner, len(s.Learners))
	for i, l := range s.Learners {
		out[i] = learner{email: l.Email, token: l.Token}
	}
	return out
}

func readState(path string) (*compState, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the state of setup: %w", err)
	}
	var s compState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decode %s: %w", path, err)
	}
	if len(s.Learners) == 0 {
		return nil, fmt.Errorf("%s holds no participant: run setup with --participants 1 or more", path)
	}
	return &s, nil
}

// compPhase is the one phase of the measured competition.
const compPhase = "main"

// solutionCSV is a regression solution of rows rows, three in ten public.
func solutionCSV(rows int) []byte {
	var b bytes.Buffer
	b.WriteString("id,target,Usage\n")
	for i := range rows {
		usage := "Private"
		if i%10 < 3 {
			usage = "Public"
		}
		fmt.Fprintf(&b, "%d,%s,%s\n", i, strconv.FormatFloat(truth(i), 'f', 4, 64), usage)
	}
	return b.Bytes()
}

func truth(i int) float64 { return float64(i%997) / 7 }

// predictionCSV is a participant's predictions, about 20 bytes a row (2 MB
// at 100,000 rows): the truth off by an amount that depends on the seed, so
// that every participant scores differently.
func predictionCSV(rows int, seed int) []byte {
	var b bytes.Buffer
	b.Grow(rows * 21)
	b.WriteString("id,target\n")
	off := float64(seed%1000+1) / 1000
	for i := range rows {
		fmt.Fprintf(&b, "%d,%s\n", i, strconv.FormatFloat(truth(i)+off*float64(i%3-1), 'f', 10, 64))
	}
	return b.Bytes()
}

// CompSetupCmd creates the measured competition.
type CompSetupCmd struct {
	API           string        `help:"Base URL of a running academy." required:""`
	State         string        `help:"File to write the state for the other steps to." required:"" type:"path"`
	AdminEmail    string        `help:"A platform administrator's email; it hosts the competition for the organisation." required:""`
	AdminPassword string        `help:"Its password." required:"" env:"LOADGEN_ADMIN_PASSWORD"`
	Org           string        `help:"Slug of the seed institution whose organisation hosts the competition." default:"formation-horizon-ia"`
	Rows          int           `help:"Rows of the solution, and of every submission." default:"100000"`
	Participants  int           `help:"Learners who sign up and join." default:"500"`
	DailyLimit    int           `help:"Submissions per team per day." default:"20"`
	Parallel      int           `help:"Learners signed up and joined at once." default:"4"`
	SetupMax      time.Duration `help:"Longest the sign-ups may take." default:"30m"`
}

// Run creates, publishes and joins the competition.
func (c CompSetupCmd) Run(ctx context.Context) error {
	api := newAPIClient(c.API)
	start := time.Now()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := api.call(ctx, http.MethodPost, "/auth/login", "", map[string]string{"email": c.AdminEmail, "password": c.AdminPassword}, &tok); err != nil {
		return fmt.Errorf("sign the administrator in: %w", err)
	}
	var org struct {
		ID string `json:"id"`
	}
	if err := api.call(ctx, http.MethodGet, "/institutions/"+c.Org, "", nil, &org); err != nil {
		return err
	}
	slug := fmt.Sprintf("bench-%d", start.Unix())
	from, to := start.UTC().Add(-time.Hour), start.UTC().Add(30*24*time.Hour)
	input := map[string]any{"title": "Benchmark " + slug, "slug": slug, "summary": "A regression competition for measuring.", "rules": "Measure fairly.",
		"level": "advanced", "start_at": from, "end_at": to, "team_size_limit": 1, "daily_limit": c.DailyLimit, "final_selections": 1,
		"eligibility": "open", "data_licence": "CC0-1.0", "phases": []map[string]any{{"id": compPhase, "title": "Main", "start_at": from, "end_at": to,
			"evaluation": map[string]any{"metric": scoring.RMSE, "id_column": "id", "target_column": "target"}}}}
	var created struct {
		ID string `json:"id"`
	}
	if err := api.call(ctx, http.MethodPost, "/orgs/"+org.ID+"/competitions", tok.AccessToken, input, &created); err != nil {
		return fmt.Errorf("create the competition: %w", err)
	}
	sol := solutionCSV(c.Rows)
	if err := api.upload(ctx, api.http, http.MethodPut, "/competitions/"+slug+"/phases/"+compPhase+"/solution", tok.AccessToken, "text/csv", bytes.NewReader(sol), int64(len(sol)), nil); err != nil {
		return fmt.Errorf("upload the solution: %w", err)
	}
	if err := api.call(ctx, http.MethodPost, "/competitions/"+slug+"/publish", tok.AccessToken, nil, nil); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	learners, err := api.signUpMany(ctx, slug, c.Participants, c.Parallel, c.SetupMax)
	if err != nil {
		return fmt.Errorf("sign up participants: %w", err)
	}
	err = forEach(ctx, len(learners), c.Parallel, func(ctx context.Context, i int) error {
		return api.call(ctx, http.MethodPost, "/competitions/"+slug+"/entry", learners[i].token, map[string]bool{"accept_rules": true}, nil)
	})
	if err != nil {
		return fmt.Errorf("join: %w", err)
	}
	st := compState{API: c.API, Slug: slug, ID: created.ID, Phase: compPhase, Rows: c.Rows, Host: tok.AccessToken}
	for _, l := range learners {
		st.Learners = append(st.Learners, account{Email: l.email, Token: l.token})
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.State, b, 0o600); err != nil {
		return err
	}
	fmt.Printf("setup: competition %s (rmse, %d rows, %d KB solution), %d participants signed up and joined, %d at a time, in %s\n",
		slug, c.Rows, len(sol)/1000, len(learners), c.Parallel, time.Since(start).Round(time.Millisecond))
	return nil
}

// submissionView is what the API answers about a submission.
type submissionView struct {
	ID          string     `json:"id"`
	TeamID      string     `json:"team_id"`
	Status      string     `json:"status"`
	PublicScore *float64   `json:"public_score"`
	Reason      string     `json:"reason"`
	CreatedAt   time.Time  `json:"created_at"`
	ScoredAt    *time.Time `json:"scored_at"`
}

func (s submissionView) final() bool { return s.Status == "scored" || s.Status == "failed" }

// submitFile sends a prediction file as the participant.
func submitFile(ctx context.Context, api *apiClient, slug string, l learner, file []byte) (submissionView, error) {
	var v submissionView
	err := api.upload(ctx, api.http, http.MethodPost, "/competitions/"+slug+"/submissions?file_name=predictions.csv", l.token, "text/csv", bytes.NewReader(file), int64(len(file)), &v)
	return v, err
}

// waitFinal asks for the submission, the server holding the answer until it is final or a while passes, until it is final or limit passes.
func waitFinal(ctx context.Context, api *apiClient, slug string, l learner, id string, limit time.Duration) (submissionView, error) {
	deadline := time.Now().Add(limit)
	for {
		var v submissionView
		if err := api.call(ctx, http.MethodGet, "/competitions/"+slug+"/submissions/"+id+"?wait=final", l.token, nil, &v); err != nil {
			return v, err
		}
		if v.final() || time.Now().After(deadline) {
			return v, nil
		}
	}
}

// inProcessRate scores the same predictions in this process, parsed once
// beforehand, and returns scorings per second; it also returns the rate
// from the CSV (parse, validate, score) in this process.
func inProcessRate(rows int, file []byte, rounds int) (parsed, fromCSV float64, err error) {
	sol, err := scoring.ParseSolution(bytes.NewReader(solutionCSV(rows)), scoring.Config{Metric: scoring.RMSE, IDColumn: "id", TargetColumn: "target"})
	if err != nil {
		return 0, 0, err
	}
	preds, err := sol.ReadPredictions(bytes.NewReader(file), scoring.Limits{})
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	for range rounds {
		if _, err := sol.ScorePredictions(preds); err != nil {
			return 0, 0, err
		}
	}
	parsed = float64(rounds) / time.Since(start).Seconds()
	start = time.Now()
	for range rounds {
		if _, err := sol.Score(bytes.NewReader(file), scoring.Limits{}); err != nil {
			return 0, 0, err
		}
	}
	return parsed, float64(rounds) / time.Since(start).Seconds(), nil
}

// CompThroughputCmd measures scoring throughput.
type CompThroughputCmd struct {
	State       string        `help:"The state setup wrote." required:"" type:"path"`
	Redis       string        `help:"URL of the Redis academy's queue uses, for the no-op baseline." required:""`
	Submissions int           `help:"Submissions sent, one per participant." default:"50"`
	Parallel    int           `help:"Submissions uploaded at once." default:"8"`
	Concurrency int           `help:"Handlers of the no-op worker; keep it equal to academy's bulk handlers." default:"1"`
	Noop        int           `help:"No-op tasks for the baseline." default:"2000"`
	Rounds      int           `help:"Scorings of the in-process baseline." default:"50"`
	DrainMax    time.Duration `help:"Longest to wait for the submissions to be final." default:"10m"`
}

// Run prints the three rates and their ratios.
func (c CompThroughputCmd) Run(ctx context.Context) error {
	st, err := readState(c.State)
	if err != nil {
		return err
	}
	learners := st.participants()
	if c.Submissions > len(learners) {
		return fmt.Errorf("%d submissions need as many participants; setup made %d", c.Submissions, len(learners))
	}
	redisOpt, err := asynq.ParseRedisURI(c.Redis)
	if err != nil {
		return fmt.Errorf("redis URL: %w", err)
	}
	noop, err := noopThroughput(ctx, redisOpt, noopRun{tasks: c.Noop, parallel: c.Parallel, concurrency: c.Concurrency, drainMax: c.DrainMax})
	if err != nil {
		return err
	}
	file := predictionCSV(st.Rows, 0)
	parsed, fromCSV, err := inProcessRate(st.Rows, file, c.Rounds)
	if err != nil {
		return err
	}

	api := newAPIClient(st.API)
	files := make([][]byte, c.Submissions)
	for i := range files {
		files[i] = predictionCSV(st.Rows, i+1)
	}
	rec := newRecorder()
	subs := make([]submissionView, c.Submissions)
	start := time.Now()
	err = forEach(ctx, c.Submissions, c.Parallel, func(ctx context.Context, i int) error {
		return rec.time("upload", func() (err error) { subs[i], err = submitFile(ctx, api, st.Slug, learners[i], files[i]); return err })
	})
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	uploaded := time.Since(start)
	var last time.Time
	scored, failed := 0, 0
	err = forEach(ctx, c.Submissions, c.Parallel, func(ctx context.Context, i int) error {
		v, err := waitFinal(ctx, api, st.Slug, learners[i], subs[i].ID, c.DrainMax)
		subs[i] = v
		return err
	})
	if err != nil {
		return fmt.Errorf("wait for the scores: %w", err)
	}
	for _, s := range subs {
		switch {
		case s.Status == "scored" && s.ScoredAt != nil:
			scored++
			if s.ScoredAt.After(last) {
				last = *s.ScoredAt
			}
		case s.Status == "failed":
			failed++
		}
	}
	if scored == 0 {
		return fmt.Errorf("none of the %d submissions was scored: %d failed, the first reason: %q", c.Submissions, failed, subs[0].Reason)
	}
	rate := float64(scored) / last.Sub(start).Seconds()
	fmt.Printf("throughput: %d submissions of %d rows (%d KB) uploaded %d at a time in %s; %d scored, %d failed, %d not final; the last scored %s after the first upload\n",
		c.Submissions, st.Rows, len(file)/1000, c.Parallel, uploaded.Round(time.Millisecond), scored, failed, c.Submissions-scored-failed, last.Sub(start).Round(time.Millisecond))
	rec.latencyTable(os.Stdout)
	var t table
	t.row("path", "per second", "academy ÷ path")
	t.row("academy: upload, queue, parse, validate, score, store", fmt.Sprintf("%.2f", rate), "1.00")
	t.row("in-process: metric on pre-parsed predictions", fmt.Sprintf("%.2f", parsed), ratio(rate, parsed))
	t.row("in-process: parse, validate and score the CSV", fmt.Sprintf("%.2f", fromCSV), ratio(rate, fromCSV))
	t.row(fmt.Sprintf("no-op asynq task, %d handler(s)", c.Concurrency), fmt.Sprintf("%.0f", noop), ratio(rate, noop))
	t.print(os.Stdout)
	return nil
}

// CompSurgeCmd has every participant submit once within a window.
type CompSurgeCmd struct {
	State   string        `help:"The state setup wrote." required:"" type:"path"`
	Window  time.Duration `help:"Submissions are spread evenly over this window, in a shuffled order." default:"60s"`
	Final   time.Duration `help:"How long after the window every submission should be final." default:"2m"`
	Seed    uint64        `help:"Seed of the arrival order." default:"1"`
	Workers int           `help:"Requests in flight at once when checking the results." default:"8"`
}

// Run sends the surge, waits for the scores and checks each team's submissions.
func (c CompSurgeCmd) Run(ctx context.Context) error {
	st, err := readState(c.State)
	if err != nil {
		return err
	}
	learners := st.participants()
	api := newAPIClient(st.API)
	files := make([][]byte, len(learners))
	for i := range files {
		files[i] = predictionCSV(st.Rows, 1000+i)
	}
	rec := newRecorder()
	rec.op("upload")
	accepted := make([]submissionView, len(learners))
	t0 := time.Now()
	spread(ctx, len(learners), c.Window, c.Seed, func(ctx context.Context, i int) {
		_ = rec.time("upload", func() (err error) {
			accepted[i], err = submitFile(ctx, api, st.Slug, learners[i], files[i])
			return err
		})
	})
	sent := time.Since(t0)

	// Every accepted submission is waited for, up to the goal.
	deadline := t0.Add(c.Window + c.Final)
	finalIn := &latencies{}
	_ = forEach(ctx, len(learners), c.Workers, func(ctx context.Context, i int) error {
		if accepted[i].ID == "" {
			return nil
		}
		v, err := waitFinal(ctx, api, st.Slug, learners[i], accepted[i].ID, max(time.Until(deadline), 0))
		if err == nil && v.final() && v.ScoredAt != nil {
			finalIn.add(v.ScoredAt.Sub(accepted[i].CreatedAt))
		}
		return nil
	})
	allFinal := time.Since(t0)

	// Each team's list holds what it sent in the surge exactly once.
	var lost, doubled, notFinal, failed int
	var lastFinal time.Time
	for i := range learners {
		if accepted[i].ID == "" {
			continue
		}
		var page struct {
			Items []submissionView `json:"items"`
		}
		if err := api.call(ctx, http.MethodGet, "/competitions/"+st.Slug+"/submissions?limit=100", learners[i].token, nil, &page); err != nil {
			return fmt.Errorf("list submissions: %w", err)
		}
		found := 0
		for _, s := range page.Items {
			if s.CreatedAt.Before(t0) {
				continue
			}
			if s.ID != accepted[i].ID {
				doubled++
				continue
			}
			found++
			switch {
			case !s.final():
				notFinal++
			case s.Status == "failed":
				failed++
			case s.ScoredAt != nil && s.ScoredAt.After(lastFinal):
				lastFinal = *s.ScoredAt
			}
		}
		if found == 0 {
			lost++
		}
	}
	up := rec.op("upload").summary()
	fmt.Printf("surge: %d participants, one %d KB submission each, spread over %s (sent in %s): %d accepted, %d refused\n",
		len(learners), len(files[0])/1000, c.Window, sent.Round(time.Millisecond), up.n, up.errors)
	rec.latencyTable(os.Stdout)
	fin := finalIn.summary()
	fmt.Printf("lost: %d, doubled: %d, failed: %d, not final %s after the window: %d\n", lost, doubled, failed, c.Final, notFinal)
	if !lastFinal.IsZero() {
		fmt.Printf("the last scored %s after the window ended (negative: before; goal ≤ %s); upload to scored p50 %s / p95 %s / max %s ms; waited %s in all\n",
			lastFinal.Sub(t0.Add(c.Window)).Round(time.Millisecond), c.Final, ms(fin.p50), ms(fin.p95), ms(fin.max), allFinal.Round(time.Millisecond))
	}
	return nil
}

// spread calls f for 0..n-1, each at its own moment, evenly over window in
// a shuffled order whatever the answers to the ones before, and returns
// once every call has.
func spread(ctx context.Context, n int, window time.Duration, seed uint64, f func(ctx context.Context, i int)) {
	order := rand.New(rand.NewPCG(seed, 0)).Perm(n)
	t0 := time.Now()
	done := make(chan struct{}, n)
	for slot, i := range order {
		go func() {
			defer func() { done <- struct{}{} }()
			if sleep(ctx, time.Until(t0.Add(time.Duration(int64(window)*int64(slot)/int64(n))))) {
				f(ctx, i)
			}
		}()
	}
	for range n {
		<-done
	}
}

// CompReadsCmd reads the leaderboard while submissions are scored.
type CompReadsCmd struct {
	State       string        `help:"The state setup wrote." required:"" type:"path"`
	Duration    time.Duration `help:"How long to read and submit." default:"30s"`
	Readers     int           `help:"Readers asking for pages one after another." default:"4"`
	Submissions int           `help:"Submissions spread over the duration, one per participant, so that scoring goes on while reading." default:"40"`
	Seed        uint64        `help:"Seed of the pages read." default:"1"`
}

// Run reads pages of the public board, as visitors and as participants.
func (c CompReadsCmd) Run(ctx context.Context) error {
	st, err := readState(c.State)
	if err != nil {
		return err
	}
	learners := st.participants()
	api := newAPIClient(st.API)
	var board struct {
		Total int `json:"total"`
	}
	if err := api.call(ctx, http.MethodGet, "/competitions/"+st.Slug+"/leaderboard?limit=1", "", nil, &board); err != nil {
		return err
	}
	files := make([][]byte, min(c.Submissions, len(learners)))
	for i := range files {
		files[i] = predictionCSV(st.Rows, 5000+i)
	}
	rec := newRecorder()
	for _, op := range []string{"first page, visitor", "first page, participant", "a later page, visitor", "submit"} {
		rec.op(op)
	}
	ctx, cancel := context.WithTimeout(ctx, c.Duration)
	defer cancel()
	scoredBefore := board.Total
	// Spread over most of the run, so that the last are scored while reading goes on.
	go spread(ctx, len(files), c.Duration*3/4, c.Seed, func(ctx context.Context, i int) {
		_ = rec.time("submit", func() error { _, err := submitFile(ctx, api, st.Slug, learners[i], files[i]); return err })
	})
	pages := max(board.Total/50, 1)
	_ = forEach(ctx, c.Readers, c.Readers, func(ctx context.Context, r int) error {
		for n := 0; ctx.Err() == nil; n++ {
			l := learners[(r*7919+n)%len(learners)]
			var op, path, token string
			switch n % 3 {
			case 0:
				op, path = "first page, visitor", "/competitions/"+st.Slug+"/leaderboard?limit=50"
			case 1:
				op, path, token = "first page, participant", "/competitions/"+st.Slug+"/leaderboard?limit=50", l.token
			default:
				cursor := httpkit.EncodeCursor((int(c.Seed) + r*31 + n) % pages * 50)
				op, path = "a later page, visitor", "/competitions/"+st.Slug+"/leaderboard?limit=50&cursor="+cursor
			}
			start := time.Now()
			err := api.call(ctx, http.MethodGet, path, token, nil, nil)
			switch {
			case ctx.Err() != nil:
				// The request the end of the run cut short is no figure.
			case err != nil:
				rec.op(op).fail(err)
			default:
				rec.op(op).add(time.Since(start))
			}
		}
		return nil
	})
	if err := api.call(context.Background(), http.MethodGet, "/competitions/"+st.Slug+"/leaderboard?limit=1", "", nil, &board); err != nil {
		return err
	}
	fmt.Printf("leaderboard reads: %d teams on the public board at the start, %d at the end; %d readers for %s while %d submissions were sent\n",
		scoredBefore, board.Total, c.Readers, c.Duration, len(files))
	rec.latencyTable(os.Stdout)
	return nil
}

// CompBigfileCmd uploads and downloads a large data file.
type CompBigfileCmd struct {
	State string `help:"The state setup wrote." required:"" type:"path"`
	Size  int64  `help:"Bytes of the data file." default:"209715200"`
	PID   int    `help:"academy's process id, whose resident memory is sampled." required:"" name:"pid"`
}

// Run streams the file up and down, never holding it in this process
// either: a download without compression, then one that accepts gzip as
// browsers do. Each transfer gets its own peak of academy's memory.
func (c CompBigfileCmd) Run(ctx context.Context) error {
	st, err := readState(c.State)
	if err != nil {
		return err
	}
	api := newAPIClient(st.API)
	// The transfers take as long as they take.
	client := &http.Client{Transport: api.http.Transport}
	mb := float64(c.Size) / (1 << 20)
	var t table
	t.row("transfer", "bytes sent", "seconds", "MB/s", "RSS before MB", "RSS peak MB", "growth MB")
	measure := func(name string, transfer func() (int64, error)) error {
		before, err := rss(c.PID)
		if err != nil {
			return err
		}
		peak := &peakRSS{pid: c.PID, peak: before}
		stop := peak.sample(50 * time.Millisecond)
		start := time.Now()
		n, err := transfer()
		took := time.Since(start)
		stop()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		t.row(name, fmt.Sprint(n), fmt.Sprintf("%.2f", took.Seconds()), fmt.Sprintf("%.0f", mb/took.Seconds()),
			fmt.Sprint(before>>20), fmt.Sprint(peak.max()>>20), fmt.Sprint((peak.max()-before)>>20))
		return nil
	}
	err = measure("upload (host)", func() (int64, error) {
		return c.Size, api.upload(ctx, client, http.MethodPut, "/competitions/"+st.Slug+"/files/large.csv?description=large", st.Host, "text/csv", &rows{left: c.Size}, c.Size, nil)
	})
	if err != nil {
		return err
	}
	participant := st.participants()[0]
	for _, enc := range []struct{ name, accept string }{{"download, identity", "identity"}, {"download, gzip accepted", "gzip"}} {
		err := measure(enc.name, func() (int64, error) { return c.download(ctx, client, st, participant, enc.accept) })
		if err != nil {
			return err
		}
	}
	fmt.Printf("large file: %.0f MB data file (goal: growth ≤ 64 MB in each transfer)\n", mb)
	t.print(os.Stdout)
	return nil
}

// download reads the data file as the participant, accepting the encoding,
// and returns the bytes that came over the wire.
func (c CompBigfileCmd) download(ctx context.Context, client *http.Client, st *compState, l learner, accept string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.API+"/api/v1/competitions/"+st.Slug+"/files/large.csv", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+l.token)
	// Set by hand, the transport leaves the body as sent.
	req.Header.Set("Accept-Encoding", accept)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	got, err := io.Copy(io.Discard, resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return got, fmt.Errorf("status %d after %d bytes: %v", resp.StatusCode, got, err)
	}
	if resp.Header.Get("Content-Encoding") == "" && got != c.Size {
		return got, fmt.Errorf("%d of %d bytes", got, c.Size)
	}
	return got, nil
}

// rows reads as a CSV data file of left bytes, generated as it is read.
type rows struct {
	left int64
	n    int
	line []byte
}

func (r *rows) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	written := 0
	for written < len(p) && r.left > 0 {
		if len(r.line) == 0 {
			r.line = fmt.Appendf(r.line[:0], "%d,%.6f,%.6f\n", r.n, math.Sin(float64(r.n)), math.Cos(float64(r.n)))
			r.n++
		}
		k := copy(p[written:], r.line[:min(int64(len(r.line)), r.left)])
		r.line = r.line[k:]
		written += k
		r.left -= int64(k)
	}
	return written, nil
}

// rss returns the resident set size of the process, in bytes.
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0, fmt.Errorf("read the memory of process %d: %w", pid, err)
	}
	var size, resident int64
	if _, err := fmt.Sscan(string(b), &size, &resident); err != nil {
		return 0, err
	}
	return resident * int64(os.Getpagesize()), nil
}

// peakRSS samples a process's resident set size and keeps the largest.
type peakRSS struct {
	pid  int
	mu   sync.Mutex
	peak int64
}

func (p *peakRSS) sample(every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if n, err := rss(p.pid); err == nil {
				p.mu.Lock()
				p.peak = max(p.peak, n)
				p.mu.Unlock()
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (p *peakRSS) max() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// CompBoardCmd adds synthetic teams to the competition's public board, the
// read model the leaderboard is served from, while academy is stopped: 10,000
// teams through the API would take 20,000 password hashes.
type CompBoardCmd struct {
	State    string `help:"The state setup wrote." required:"" type:"path"`
	MongoURI string `help:"MongoDB URI; empty starts the embedded FerretDB on DATA-DIR/db, as academy does." name:"mongo-uri"`
	DataDir  string `help:"academy's data directory, for the embedded database." type:"path"`
	Database string `help:"Database name." default:"academy"`
	Teams    int    `help:"Synthetic teams to add." default:"10000"`
}

// Run reads the board, adds the teams with scores spread around the real
// ones, and writes it back as its next revision.
func (c CompBoardCmd) Run(ctx context.Context) error {
	st, err := readState(c.State)
	if err != nil {
		return err
	}
	db, closeDB, err := openDatabase(ctx, c.MongoURI, c.DataDir, c.Database)
	if err != nil {
		return err
	}
	defer closeDB()
	w, err := guarded.New(ctx, db)
	if err != nil {
		return err
	}
	store := competitions.NewStore(db, w)
	// The board's _id as the competitions store derives it: competition id and phase id.
	id := st.ID + ":" + st.Phase
	b, err := store.Board(ctx, id)
	if err != nil {
		return err
	}
	if b.Direction == "" {
		b.Direction = string(scoring.LowerIsBetter)
	}
	before := len(b.Teams)
	now := time.Now().UTC()
	for i := range c.Teams {
		at := now.Add(-time.Duration(i) * time.Second)
		b.Teams = append(b.Teams, competitions.BoardTeam{TeamID: fmt.Sprintf("synthetic-%d", i), Name: fmt.Sprintf("Synthetic team %d", i),
			Top:     []competitions.Candidate{{SubmissionID: fmt.Sprintf("synthetic-%d", i), Public: float64(i%5000) / 1000, Private: float64(i%4000) / 1000, At: at}},
			Entries: 1 + i%7, LastAt: at})
	}
	b.Rev++
	// Written as a scorer writes it; the next read of the leaderboard ranks it.
	start := time.Now()
	if ok, err := store.PutBoardState(ctx, b); err != nil || !ok {
		return fmt.Errorf("write board %s (written: %v): %w", id, ok, err)
	}
	fmt.Printf("board: %d teams added to the %d on the public board of %s, written in %s\n", c.Teams, before, st.Slug, time.Since(start).Round(time.Millisecond))
	return nil
}
