package competitions_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/competitions"
	"academy/services/kit/blob"
	"academy/services/kit/testenv"
)

// release sends n requests at the same instant and returns their answers.
func release(n int, send func(i int) testenv.Response) []testenv.Response {
	out := make([]testenv.Response, n)
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			out[i] = send(i)
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return out
}

func statuses(rs []testenv.Response) map[int]int {
	m := map[int]int{}
	for _, r := range rs {
		m[r.Status]++
	}
	return m
}

func TestThirtySimultaneousJoinsMakeOneEntryAndOneTeam(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	rs := release(30, func(int) testenv.Response {
		return e.call(t, "POST", "/competitions/penguins/entry", learner, competitions.EntryRequest{AcceptRules: true})
	})
	if got := statuses(rs); got[http.StatusCreated] != 1 || got[http.StatusOK] != 29 {
		t.Fatalf("statuses %v", got)
	}
	if n := e.count(t, "competition_entries", bson.M{}); n != 1 {
		t.Fatalf("%d entries", n)
	}
	if n := e.count(t, "competition_teams", bson.M{}); n != 1 {
		t.Fatalf("%d teams", n)
	}
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", "", nil).Want(t, http.StatusOK, &c)
	if c.Teams != 1 {
		t.Fatalf("the competition counts %d teams", c.Teams)
	}
	var entry competitions.EntryView
	e.call(t, "GET", "/competitions/penguins/entry", learner, nil).Want(t, http.StatusOK, &entry)
	if len(entry.Team.Members) != 1 || entry.Team.Members[0].UserID != learner || entry.Team.Name != "Person "+learner || entry.Team.DailyLimit != 5 {
		t.Fatalf("entry %+v", entry)
	}
	e.call(t, "GET", "/competitions/penguins/entry", learner2, nil).WantProblem(t, http.StatusNotFound, "not-joined")
}

// endless yields n bytes of CSV-looking data without holding them.
type endless struct{ n int64 }

func (r *endless) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n)
	for i := range p[:k] {
		p[i] = "1,Adelie\n"[i%9]
	}
	r.n -= k
	return int(k), nil
}

func TestBadSubmissionsAreRefusedAndCostNothing(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.publish(t, "later", func(in *competitions.CompetitionInput) {
		in.StartAt, in.Phases[0].StartAt = end.Add(-24*time.Hour), end.Add(-24*time.Hour)
	})
	e.join(t, "penguins", learner)
	e.join(t, "later", learner)
	cases := []struct {
		name        string
		path, ctype string
		user        string
		body        io.Reader
		status      int
		code        string
	}{
		{"wrong content type", "/competitions/penguins/submissions", "application/json", learner, strings.NewReader(predictions(10)), http.StatusUnsupportedMediaType, "unsupported-media-type"},
		{"empty body", "/competitions/penguins/submissions", "text/csv", learner, strings.NewReader(""), http.StatusUnprocessableEntity, "invalid-submission"},
		{"oversized body", "/competitions/penguins/submissions", "text/csv", learner, io.MultiReader(strings.NewReader("id,species\n"), &endless{competitions.MaxSubmissionSize}), http.StatusRequestEntityTooLarge, "body-too-large"},
		{"invalid CSV", "/competitions/penguins/submissions", "text/csv", learner, strings.NewReader("id,species\n1,Adelie\n1,Adelie\n"), http.StatusUnprocessableEntity, "invalid-submission"},
		{"unknown phase", "/competitions/penguins/submissions?phase=nope", "text/csv", learner, strings.NewReader(predictions(10)), http.StatusNotFound, "not-found"},
		{"not joined", "/competitions/penguins/submissions", "text/csv", learner2, strings.NewReader(predictions(10)), http.StatusForbidden, "rules-not-accepted"},
		{"not running", "/competitions/later/submissions", "text/csv", learner, strings.NewReader(predictions(10)), http.StatusConflict, "competition-not-running"},
		{"anonymous", "/competitions/penguins/submissions", "text/csv", "", strings.NewReader(predictions(10)), http.StatusUnauthorized, "unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := e.do(t, "POST", tc.path, tc.user, tc.ctype, tc.body).WantProblem(t, tc.status, tc.code)
			if tc.code == "invalid-submission" && len(listed(p)) == 0 {
				t.Fatalf("no problems listed: %+v", p)
			}
		})
	}
	entry := e.join2(t, "penguins", learner)
	if tm := e.team(t, entry.Team.ID); tm.Today != 0 || tm.Total != 0 {
		t.Fatalf("refused files took slots: today %d, total %d", tm.Today, tm.Total)
	}
	if n := e.count(t, "competition_submissions", bson.M{}); n != 0 {
		t.Fatalf("%d submissions kept", n)
	}
	if files := e.storedSubmissionFiles(t); len(files) != 0 {
		t.Fatalf("files left behind: %v", files)
	}
}

// join2 reads the entry of a participant who joined already.
func (e *env) join2(t *testing.T, slug, user string) competitions.EntryView {
	t.Helper()
	var v competitions.EntryView
	e.call(t, "GET", "/competitions/"+slug+"/entry", user, nil).Want(t, http.StatusOK, &v)
	return v
}

func TestThirtySimultaneousUploadsTakeExactlyTheSlotsLeft(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.DailyLimit = 7 })
	entry := e.join(t, "penguins", learner)
	for range 2 {
		e.submit(t, "penguins", learner, predictions(5)).Want(t, http.StatusAccepted, nil)
	}
	rs := release(30, func(int) testenv.Response { return e.submit(t, "penguins", learner, predictions(7)) })
	got := statuses(rs)
	if got[http.StatusAccepted] != 5 || got[http.StatusTooManyRequests] != 25 {
		t.Fatalf("statuses %v", got)
	}
	for _, r := range rs {
		if r.Status == http.StatusTooManyRequests {
			r.WantProblem(t, http.StatusTooManyRequests, "daily-limit-reached")
			if r.Header.Get("Retry-After") == "" {
				t.Fatal("a refused upload does not say when to retry")
			}
		}
	}
	if tm := e.team(t, entry.Team.ID); tm.Today != 7 || tm.Total != 7 {
		t.Fatalf("team counters today %d, total %d; want 7 and 7", tm.Today, tm.Total)
	}
	if n := e.count(t, "competition_submissions", bson.M{}); n != 7 {
		t.Fatalf("%d submissions stored", n)
	}
	if n := len(e.scoreTasks(t)); n != 7 {
		t.Fatalf("%d scoring tasks queued", n)
	}
	// Each stored submission is a file and its parsed predictions; a refused one leaves neither.
	if n := e.submissionBlobs(t); n != 14 {
		t.Fatalf("%d blobs of submissions stored, want 14", n)
	}
	// The quota is per UTC day: the next day has its slots again.
	e.clock.Set(e.clock.Now().Add(24 * time.Hour))
	e.submit(t, "penguins", learner, predictions(7)).Want(t, http.StatusAccepted, nil)
	if tm := e.team(t, entry.Team.ID); tm.Today != 1 || tm.Total != 8 {
		t.Fatalf("the next day: today %d, total %d", tm.Today, tm.Total)
	}
}

func TestTotalLimit(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.TotalLimit = 1 })
	e.join(t, "penguins", learner)
	e.submit(t, "penguins", learner, predictions(7)).Want(t, http.StatusAccepted, nil)
	e.submit(t, "penguins", learner, predictions(7)).WantProblem(t, http.StatusTooManyRequests, "total-limit-reached")
}

func TestScoringRunTwiceScoresOnce(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	var sub competitions.SubmissionView
	e.submit(t, "penguins", learner, predictions(8)).Want(t, http.StatusAccepted, &sub)
	if sub.Status != competitions.SubmissionQueued || sub.QueuePosition == nil || *sub.QueuePosition != 1 || sub.PublicScore != nil {
		t.Fatalf("submitted %+v", sub)
	}
	if ids := e.scoreTasks(t); len(ids) != 1 || ids[0] != "competitions:score:"+sub.ID {
		t.Fatalf("scoring tasks %v", ids)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if err := e.svc.ScoreSubmission(context.Background(), sub.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var scored competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &scored)
	// Rows 1–5 public, all right; rows 6–10 private, 3 of 5 right.
	if scored.Status != competitions.SubmissionScored || scored.PublicScore == nil || *scored.PublicScore != 1 || scored.PrivateScore != nil {
		t.Fatalf("scored %+v", scored)
	}
	var hosted struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/host/submissions", host, nil).Want(t, http.StatusOK, &hosted)
	if len(hosted.Items) != 1 || hosted.Items[0].PrivateScore == nil || *hosted.Items[0].PrivateScore != 0.6 || hosted.Items[0].TeamName != "Person "+learner {
		t.Fatalf("the host sees %+v", hosted.Items)
	}
	e.call(t, "GET", "/competitions/penguins/host/submissions", learner, nil).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner2, nil).WantProblem(t, http.StatusNotFound, "not-found")
	var board competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", learner, nil).Want(t, http.StatusOK, &board)
	if board.Total != 1 || board.Items[0].Entries != 1 || board.Items[0].Score != 1 || !board.Items[0].IsMe || board.MyEntry == nil {
		t.Fatalf("board %+v", board)
	}
	unfinished, err := e.store.Unfinished(context.Background())
	if err != nil || len(unfinished) != 0 {
		t.Fatalf("unfinished %v %v", unfinished, err)
	}
}

func TestFailedScoringReleasesItsSlotOnce(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	var sub competitions.SubmissionView
	e.submit(t, "penguins", learner, predictions(8)).Want(t, http.StatusAccepted, &sub)
	e.submit(t, "penguins", learner, predictions(9)).Want(t, http.StatusAccepted, nil)
	// The stored file is lost: scoring cannot succeed.
	var c competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", host, nil).Want(t, http.StatusOK, &c)
	if err := e.files.Delete(context.Background(), "competitions/"+c.ID+"/submissions/"+sub.ID); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := e.svc.ScoreSubmission(context.Background(), sub.ID); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Set(e.clock.Now().Add(time.Hour))
	if _, err := e.svc.ReconcileScoring(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	var failed competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &failed)
	if failed.Status != competitions.SubmissionFailed || failed.Reason == "" || failed.PublicScore != nil {
		t.Fatalf("failed %+v", failed)
	}
	if tm := e.team(t, entry.Team.ID); tm.Today != 1 || tm.Total != 1 {
		t.Fatalf("team counters today %d, total %d; want the failed slot back once: 1 and 1", tm.Today, tm.Total)
	}
	var board competitions.LeaderboardView
	e.call(t, "GET", "/competitions/penguins/leaderboard", learner, nil).Want(t, http.StatusOK, &board)
	if board.Total != 0 {
		t.Fatalf("a failed submission ranks: %+v", board)
	}
}

func TestReconcilerReenqueuesThenFailsWhatNeverFinishes(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	var sub competitions.SubmissionView
	e.submit(t, "penguins", learner, predictions(8)).Want(t, http.StatusAccepted, &sub)
	// Nothing runs the tasks, as when the queue forgot them.
	if n, err := e.svc.ReconcileScoring(context.Background(), 2*time.Minute); err != nil || n != 0 {
		t.Fatalf("a fresh submission reconciled: %d %v", n, err)
	}
	for i := 1; i < competitions.DefaultMaxAttempts; i++ {
		e.clock.Set(e.clock.Now().Add(3 * time.Minute))
		if n, err := e.svc.ReconcileScoring(context.Background(), 2*time.Minute); err != nil || n != 1 {
			t.Fatalf("round %d: reconciled %d, %v", i, n, err)
		}
		if ids := e.scoreTasks(t); len(ids) != i+1 {
			t.Fatalf("round %d: tasks %v", i, ids)
		}
	}
	var still competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &still)
	if still.Status != competitions.SubmissionQueued {
		t.Fatalf("before the last round %+v", still)
	}
	e.clock.Set(e.clock.Now().Add(3 * time.Minute))
	if _, err := e.svc.ReconcileScoring(context.Background(), 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	var failed competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &failed)
	if failed.Status != competitions.SubmissionFailed || !strings.Contains(failed.Reason, "tries") {
		t.Fatalf("never scored, yet %+v", failed)
	}
	if tm := e.team(t, entry.Team.ID); tm.Today != 0 || tm.Total != 0 {
		t.Fatalf("counters today %d, total %d", tm.Today, tm.Total)
	}
	// A late task changes nothing.
	if err := e.svc.ScoreSubmission(context.Background(), sub.ID); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &failed)
	if failed.Status != competitions.SubmissionFailed {
		t.Fatalf("a late task changed %+v", failed)
	}
}

func TestWaitFinalAnswersOnceScored(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	var sub competitions.SubmissionView
	e.submit(t, "penguins", learner, predictions(10)).Want(t, http.StatusAccepted, &sub)
	go func() {
		time.Sleep(200 * time.Millisecond)
		_ = e.svc.ScoreSubmission(context.Background(), sub.ID)
	}()
	began := time.Now()
	var got competitions.SubmissionView
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID+"?wait=final", learner, nil).Want(t, http.StatusOK, &got)
	if got.Status != competitions.SubmissionScored || time.Since(began) > 1500*time.Millisecond {
		t.Fatalf("after %v: %+v", time.Since(began), got)
	}
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID+"?wait=soon", learner, nil).WantProblem(t, http.StatusBadRequest, "validation-failed")
	var mine struct{ Items []competitions.SubmissionView }
	e.call(t, "GET", "/competitions/penguins/submissions", learner, nil).Want(t, http.StatusOK, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != sub.ID {
		t.Fatalf("my submissions %+v", mine)
	}
}

// storedSubmissionFiles lists the files of submissions in the file store,
// visible or partial.
func (e *env) storedSubmissionFiles(t *testing.T) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(e.filesDir, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(e.filesDir, path)
		if err == nil && !d.IsDir() && (strings.Contains(rel, "submissions") || strings.HasPrefix(rel, "tmp")) {
			found = append(found, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestGzipSubmissionIsAccepted(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	e.join(t, "penguins", learner)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(predictions(10))); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var sub competitions.SubmissionView
	e.do(t, "POST", "/competitions/penguins/submissions?file_name=preds.csv.gz", learner, "application/gzip", &buf).Want(t, http.StatusAccepted, &sub)
	if err := e.svc.ScoreSubmission(context.Background(), sub.ID); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", "/competitions/penguins/submissions/"+sub.ID, learner, nil).Want(t, http.StatusOK, &sub)
	if sub.Status != competitions.SubmissionScored || *sub.PublicScore != 1 || sub.FileName != "preds.csv.gz" {
		t.Fatalf("gzip submission %+v", sub)
	}
}

func TestMembersOnlyCompetition(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", func(in *competitions.CompetitionInput) { in.Eligibility = competitions.EligibilityOrgMembers })
	e.call(t, "POST", "/competitions/penguins/entry", learner, competitions.EntryRequest{AcceptRules: true}).WantProblem(t, http.StatusForbidden, "not-eligible")
	e.join(t, "penguins", host)
}

func TestReconcilerGivesBackTheSlotOfAnUploadThatStoppedHalfway(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	e.submit(t, "penguins", learner, predictions(8)).Want(t, http.StatusAccepted, nil)
	ctx := context.Background()
	now, day := e.clock.Now(), e.clock.Now().UTC().Format(time.DateOnly)
	// One upload stopped after taking its slot, another before: neither
	// wrote its submission.
	for _, id := range []string{"took-a-slot", "took-none"} {
		if err := e.store.MarkUnfinished(ctx, id, competitions.Pending{EnqueuedAt: now, TeamID: entry.Team.ID, Day: day}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := e.store.UpdateTeam(ctx, entry.Team.ID, nil, bson.M{"$inc": bson.M{"today": 1, "total": 1}, "$set": bson.M{"slots.took-a-slot": "held"}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(now.Add(3 * time.Minute))
	for range 2 {
		if _, err := e.svc.ReconcileScoring(ctx, 2*time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	if tm := e.team(t, entry.Team.ID); tm.Today != 1 || tm.Total != 1 {
		t.Fatalf("counters today %d, total %d; want the real submission's slot only", tm.Today, tm.Total)
	}
	set, err := e.store.Unfinished(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := set["took-a-slot"]; ok || len(set) != 1 {
		t.Fatalf("unfinished %v, want the real submission only", set)
	}
}

// TestMySubmissionsArePagedFromTheTeamsOwnList checks the participant's
// list, which is read from the ids the team's quota slots name rather than
// by a scan of every team's submissions.
func TestMySubmissionsArePagedFromTheTeamsOwnList(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	entry := e.join(t, "penguins", learner)
	e.join(t, "penguins", learner2)
	var mine []string
	for _, right := range []int{5, 6, 7} {
		var v competitions.SubmissionView
		e.submit(t, "penguins", learner, predictions(right)).Want(t, http.StatusAccepted, &v)
		mine = append(mine, v.ID)
		e.submit(t, "penguins", learner2, predictions(right)).Want(t, http.StatusAccepted, nil)
	}
	// A slot whose upload stopped before its submission was written.
	if _, err := e.db.Collection("competition_teams").UpdateOne(context.Background(), bson.M{"_id": entry.Team.ID},
		bson.M{"$set": bson.M{"slots.ZZZZZZZZZZZZZZZZZZZZZZZZZZ": "released"}}); err != nil {
		t.Fatal(err)
	}

	var first, second struct {
		Items      []competitions.SubmissionView
		NextCursor string `json:"next_cursor"`
	}
	e.call(t, "GET", "/competitions/penguins/submissions?limit=2", learner, nil).Want(t, http.StatusOK, &first)
	if len(first.Items) != 2 || first.Items[0].ID != mine[2] || first.Items[1].ID != mine[1] || first.NextCursor == "" {
		t.Fatalf("first page %+v, want %v newest first", first, mine)
	}
	e.call(t, "GET", "/competitions/penguins/submissions?limit=2&cursor="+first.NextCursor, learner, nil).Want(t, http.StatusOK, &second)
	if len(second.Items) != 1 || second.Items[0].ID != mine[0] || second.NextCursor != "" {
		t.Fatalf("second page %+v", second)
	}
	for _, s := range append(first.Items, second.Items...) {
		if s.TeamID != entry.Team.ID {
			t.Fatalf("another team's submission is listed: %+v", s)
		}
	}
}

// Scoring reads the predictions as parsed on their way in, not the file
// again; parsed predictions missing or damaged are read from the file, to
// the same score.
func TestScoringReadsThePredictionsParsedOnTheWayIn(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	const learner3 = "learner-3"
	subs := map[string]competitions.SubmissionView{}
	for user, right := range map[string]int{learner: 8, learner2: 3, learner3: 10} {
		e.join(t, "penguins", user)
		var sub competitions.SubmissionView
		e.submit(t, "penguins", user, predictions(right)).Want(t, http.StatusAccepted, &sub)
		subs[user] = sub
	}
	// The blob key of a submission's parsed predictions, from the store's metadata files.
	parsedKey := func(user string) string {
		t.Helper()
		var keys []string
		meta := filepath.Join(e.filesDir, "meta")
		err := filepath.WalkDir(meta, func(path string, d fs.DirEntry, err error) error {
			if err == nil && strings.Contains(d.Name(), subs[user].ID+".parsed-") {
				rel, _ := filepath.Rel(meta, path)
				keys = append(keys, strings.TrimSuffix(filepath.ToSlash(rel), ".json"))
			}
			return err
		})
		if err != nil || len(keys) != 1 {
			t.Fatalf("the parsed predictions of %s's submission are stored as %v (%v), want one blob", user, keys, err)
		}
		return keys[0]
	}
	// learner's parsed predictions are replaced by learner-2's: learner's
	// submission then scores as learner-2's, though its file is better.
	r, _, err := e.files.Get(ctx, parsedKey(learner2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.files.Put(ctx, parsedKey(learner), r, blob.PutOptions{MaxSize: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := e.files.Put(ctx, parsedKey(learner2), strings.NewReader("not predictions"), blob.PutOptions{MaxSize: 1 << 20}); err != nil {
		t.Fatal(err)
	}
	if err := e.files.Delete(ctx, parsedKey(learner3)); err != nil {
		t.Fatal(err)
	}
	// Rows 1–5 are public: learner-2's file has 3 of them right, the others all.
	for user, want := range map[string]float64{learner: 0.6, learner2: 0.6, learner3: 1} {
		if err := e.svc.ScoreSubmission(ctx, subs[user].ID); err != nil {
			t.Fatal(err)
		}
		var scored competitions.SubmissionView
		e.call(t, "GET", "/competitions/penguins/submissions/"+subs[user].ID, user, nil).Want(t, http.StatusOK, &scored)
		if scored.Status != competitions.SubmissionScored || scored.PublicScore == nil || *scored.PublicScore != want {
			t.Errorf("%s's submission: %s, public score %v, want scored %v", user, scored.Status, scored.PublicScore, want)
		}
	}
}
