package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/content"
	"academy/jobs"
	"academy/services/catalog/seed"
	"academy/services/competitions"
	"academy/services/credentials"
	"academy/services/kit/auth"
	"academy/services/kit/events"
)

// TestSeedFinishesItsFinishedCompetition loads the seed as a first start
// does: the three competitions are published with their files, the
// finished one has a frozen private board of sample participants, and its
// CompetitionFinalised event, delivered three times, awards every sample
// participant a participation credential and the winner a placement one,
// once each, while a team disqualified before the delivery gets nothing.
// The winner's credentials are in their wallet and verify publicly.
func TestSeedFinishesItsFinishedCompetition(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	_, runs, err := ta.seed(ctx, content.Files())
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Items []struct {
			Slug   string `json:"slug"`
			Status string `json:"status"`
			Sample bool   `json:"sample"`
		} `json:"items"`
	}
	if resp := ta.call(t, "GET", "/api/v1/competitions", "", nil, &list); resp.StatusCode != 200 {
		t.Fatalf("competitions = %d", resp.StatusCode)
	}
	statuses := map[string]string{}
	for _, c := range list.Items {
		statuses[c.Slug] = c.Status
		if !c.Sample {
			t.Errorf("%s is not marked as a sample", c.Slug)
		}
	}
	want := map[string]string{"palmer-penguins-species": "running", "seattle-weather-temperature": "finalising", "iris-first-classifier": "upcoming"}
	for slug, st := range want {
		if statuses[slug] != st {
			t.Errorf("%s is %q after the load, want %q (all: %v)", slug, statuses[slug], st, statuses)
		}
	}
	var files struct {
		Files []struct{ Name string } `json:"files"`
	}
	if resp := ta.call(t, "GET", "/api/v1/competitions/palmer-penguins-species", "", nil, &files); resp.StatusCode != 200 || len(files.Files) != 4 {
		t.Fatalf("competition = %d with files %+v, want the 4 public files", resp.StatusCode, files.Files)
	}

	if again, err := ta.seedCompetitions(ctx, content.Files()); err != nil || len(again) != 0 {
		t.Fatalf("a second load = %v, %v: want nothing new", again, err)
	}
	// A first start finishes the samples behind the ready platform.
	if err := ta.finishSamples(ctx, runs); err != nil {
		t.Fatal(err)
	}
	var board struct {
		Frozen bool `json:"frozen"`
		Total  int  `json:"total"`
		Items  []struct {
			Rank     int     `json:"rank"`
			TeamID   string  `json:"team_id"`
			TeamName string  `json:"team_name"`
			Score    float64 `json:"score"`
		} `json:"items"`
	}
	if resp := ta.call(t, "GET", "/api/v1/competitions/seattle-weather-temperature/leaderboard?board=private", "", nil, &board); resp.StatusCode != 200 ||
		!board.Frozen || board.Total != 6 || !strings.HasSuffix(board.Items[0].TeamName, "(sample)") {
		t.Fatalf("private board = %d %+v, want the 6 sample participants frozen", resp.StatusCode, board)
	}
	last := board.Items[len(board.Items)-1]
	if _, err := ta.p.db.Collection("competition_teams").UpdateOne(ctx, bson.M{"_id": last.TeamID}, bson.M{"$set": bson.M{"disqualified": true}}); err != nil {
		t.Fatal(err)
	}

	var ev events.Event
	if err := ta.p.db.Collection("events").FindOne(ctx, bson.M{"type": events.CompetitionFinalised}).Decode(&ev); err != nil {
		t.Fatalf("no CompetitionFinalised event: %v", err)
	}
	for range 3 {
		if err := ta.creds.HandleCompetitionFinalised(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	var data events.CompetitionFinalisedData
	if err := ev.Decode(&data); err != nil {
		t.Fatal(err)
	}
	winner := data.Ranking[0].Members[0]
	wallet, _, err := ta.creds.Wallet(ctx, auth.Principal{UserID: winner}, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, c := range wallet {
		types[c.AchievementType]++
	}
	if len(wallet) != 2 || types[credentials.AchievementAward] != 1 || types[credentials.AchievementCompetency] != 1 {
		t.Fatalf("the winner's wallet holds %d credentials %v, want one participation and one placement", len(wallet), types)
	}
	n, err := ta.p.db.Collection("credentials").CountDocuments(ctx, bson.M{"source_kind": bson.M{"$in": []string{credentials.SourceCompetitionParticipation, credentials.SourceCompetitionPlacement}}})
	if err != nil {
		t.Fatal(err)
	}
	// 5 participations (the disqualified team's none), the winner and a top 25 % place (2nd of 6).
	if n != 7 {
		t.Errorf("%d competition credentials after three deliveries, want 7", n)
	}
	disqualified := data.Ranking[len(data.Ranking)-1].Members[0]
	if held, _, _ := ta.creds.Wallet(ctx, auth.Principal{UserID: disqualified}, "", 10); len(held) != 0 {
		t.Errorf("the disqualified participant holds %d credentials, want none", len(held))
	}

	for _, c := range wallet {
		if c.AchievementType != credentials.AchievementAward {
			continue
		}
		var doc struct {
			CredentialSubject struct {
				Achievement struct {
					ID                string                                `json:"id"`
					Alignment         []struct{ TargetFramework string }    `json:"alignment"`
					ResultDescription []struct{ ID, Name, ValueMax string } `json:"resultDescription"`
				} `json:"achievement"`
				Result []struct{ ResultDescription, Value string } `json:"result"`
			} `json:"credentialSubject"`
		}
		if err := json.Unmarshal([]byte(c.Document), &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.CredentialSubject
		if len(s.Result) != 2 || s.Result[0].Value != "1" || len(s.Achievement.Alignment) != 5 || s.Achievement.Alignment[0].TargetFramework != "ESCO" ||
			s.Achievement.ResultDescription[0].ValueMax != "6" || !strings.Contains(s.Achievement.ResultDescription[1].Name, "rmse, lower is better") {
			t.Errorf("placement credential states %+v, want place 1 of 6 and its rmse score, aligned with the 5 ESCO skills", s)
		}
		// The achievement's id is a URL that serves it, as a course's does.
		u, err := url.Parse(s.Achievement.ID)
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", u.Path, nil)
		req.Header.Set("Accept", "application/ld+json")
		resp, err := ta.app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		var served struct{ ID, Name, AchievementType string }
		if err := json.NewDecoder(resp.Body).Decode(&served); err != nil || resp.StatusCode != 200 || served.ID != s.Achievement.ID || served.AchievementType != credentials.AchievementAward {
			t.Errorf("GET %s = %d %+v (%v), want the placement achievement", u.Path, resp.StatusCode, served, err)
		}
		if resp := ta.call(t, "GET", "/competitions/no-such-competition/awards/winner", "", nil, nil); resp.StatusCode != 303 {
			t.Errorf("a browser at an achievement URL got %d, want a redirect to the competition", resp.StatusCode)
		}
		var v struct {
			Valid  bool   `json:"valid"`
			Reason string `json:"reason"`
		}
		if resp := ta.call(t, "POST", "/api/v1/credentials/verify", "", map[string]any{"jwt": c.JWT}, &v); resp.StatusCode != 200 || !v.Valid {
			t.Errorf("verify the placement credential = %d %+v, want valid", resp.StatusCode, v)
		}
	}

	// Publishing and finalising queued their indexing: the worker makes
	// them searchable, in French and German too.
	worker := jobs.NewWorker(ta.p.redis, 4, ta.log)
	ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)
	// The seed's catalogue is indexed through the same queue, ahead of them.
	deadline := time.Now().Add(90 * time.Second)
	for query, slug := range map[string]string{"penguins": "palmer-penguins-species", "pingouins": "palmer-penguins-species", "Wetter": "seattle-weather-temperature"} {
		var res struct {
			Hits []struct{ Type, Slug, Status string } `json:"hits"`
		}
		for ; ; time.Sleep(100 * time.Millisecond) {
			if resp := ta.call(t, "GET", "/api/v1/search?q="+query+"&type=competition", "", nil, &res); resp.StatusCode != 200 {
				t.Fatalf("search = %d", resp.StatusCode)
			}
			if len(res.Hits) > 0 && res.Hits[0].Slug == slug || time.Now().After(deadline) {
				break
			}
		}
		if len(res.Hits) == 0 || res.Hits[0].Slug != slug || res.Hits[0].Type != "competition" {
			t.Errorf("search %q found %+v, want the competition %s first", query, res.Hits, slug)
		} else {
			t.Logf("search %q found %s with %s to spare", query, slug, time.Until(deadline))
		}
	}
}

// TestSeedRefusesBrokenCompetitions loads competition directories with one
// mistake each: each is reported at its file and line and nothing of it is
// loaded, while the valid one loads.
func TestSeedRefusesBrokenCompetitions(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	if _, err := ta.seedCatalogue(ctx, content.Files()); err != nil {
		t.Fatal(err)
	}
	const src = "competitions/palmer-penguins-species/"
	original := map[string][]byte{}
	for _, name := range []string{"competition.md", "train.csv", "test.csv", "sample_submission.csv", "data_dictionary.md", "solution.csv"} {
		data, err := fs.ReadFile(content.Files(), src+name)
		if err != nil {
			t.Fatal(err)
		}
		original[name] = data
	}
	replace := func(name, old, new string) func(map[string][]byte) {
		return func(files map[string][]byte) {
			if !strings.Contains(string(files[name]), old) {
				t.Fatalf("%s has no %q", name, old)
			}
			files[name] = []byte(strings.Replace(string(files[name]), old, new, 1))
		}
	}
	tests := []struct {
		name   string
		edit   func(map[string][]byte)
		file   string
		line   int
		phrase string
	}{
		{"slug other than the directory", replace("competition.md", "slug: palmer-penguins-species", "slug: penguins"), "competition.md", 2, "directory name"},
		{"unknown host", replace("competition.md", "host: platform", "host: nowhere-university"), "competition.md", 5, "nowhere-university"},
		{"unknown skill", replace("competition.md", "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43", "00000000-0000-0000-0000-000000000000"), "competition.md", 10, "not a skill of the taxonomy"},
		{"state against the offsets", replace("competition.md", "state: running", "state: finished"), "competition.md", 21, "does not agree"},
		{"unknown metric", replace("competition.md", "metric: f1_macro", "metric: f2"), "competition.md", 31, "not a built-in metric"},
		{"missing rules", replace("competition.md", "rules: |", "rulez: |"), "competition.md", 44, "unknown field rulez"},
		{"usage neither public nor private", replace("solution.csv", "242,Gentoo,Private", "242,Gentoo,Secret"), "solution.csv", 2, "Usage"},
		{"test row without an answer", replace("test.csv", "243,Biscoe", "9999,Biscoe"), "test.csv", 3, "not in the solution"},
		{"broken quoting", replace("train.csv", "\n", "\n\"unclosed,"), "train.csv", 2, "quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const dir = "competitions/broken-penguins/"
			files := map[string][]byte{}
			for name, data := range original {
				files[name] = data
			}
			files["competition.md"] = []byte(strings.Replace(string(files["competition.md"]), "slug: palmer-penguins-species", "slug: broken-penguins", 1))
			if strings.HasPrefix(tt.name, "slug") {
				files["competition.md"] = original["competition.md"]
			}
			tt.edit(files)
			fsys := fstest.MapFS{}
			for name, data := range files {
				fsys[dir+name] = &fstest.MapFile{Data: data}
			}
			_, err := ta.seedCompetitions(ctx, fsys)
			var broken *seed.Error
			if !errors.As(err, &broken) {
				t.Fatalf("load = %v, want the broken file reported", err)
			}
			found := false
			for _, p := range broken.Problems {
				found = found || (p.File == dir+tt.file && p.Line == tt.line && strings.Contains(p.Message, tt.phrase))
			}
			if !found {
				t.Errorf("problems %+v, want one at %s%s:%d saying %q", broken.Problems, dir, tt.file, tt.line, tt.phrase)
			}
			if resp := ta.call(t, "GET", "/api/v1/competitions/broken-penguins", "", nil, nil); resp.StatusCode != 404 {
				t.Errorf("the broken competition = %d, want it not loaded (404)", resp.StatusCode)
			}
		})
	}
}

// TestSeedResumesAFirstStartStoppedHalfWay stops a first start after the
// catalogue and the competitions loaded and two sample participants of the
// finished competition submitted, before it was finalised. The next start
// resumes the load: the finished competition ends with its six sample
// participants ranked, those two with the one submission each they made,
// and the start after it loads nothing again.
func TestSeedResumesAFirstStartStoppedHalfWay(t *testing.T) {
	ta := newTestAcademy(t)
	ctx := context.Background()
	if seeded, err := ta.seedIfEmpty(ctx); err != nil || !seeded {
		t.Fatalf("first start seeded = %v, %v; want the catalogue loaded", seeded, err)
	}
	runs, err := ta.seedCompetitions(ctx, content.Files())
	if err != nil || len(runs) != 1 {
		t.Fatalf("competitions load = %v, %v; want the finished one to finish", runs, err)
	}
	// The stop: two sample participants submitted, nothing was finalised.
	target := competitionSeeds{a: ta.academy}
	for _, p := range runs[0].Participants[:2] {
		id, err := target.SampleAccount(ctx, p.Email, p.Name)
		if err != nil {
			t.Fatal(err)
		}
		e := p.Entry
		e.UserID = id
		if _, err := target.SeedSamples(ctx, runs[0].Slug, []competitions.SampleEntry{e}); err != nil {
			t.Fatal(err)
		}
	}

	if seeded, err := ta.seedIfEmpty(ctx); err != nil || !seeded {
		t.Fatalf("next start seeded = %v, %v; want the stopped load resumed", seeded, err)
	}
	if err := ta.seedCompetitionsBehind(ctx); err != nil {
		t.Fatal(err)
	}
	var board struct {
		Frozen bool `json:"frozen"`
		Total  int  `json:"total"`
	}
	if resp := ta.call(t, "GET", "/api/v1/competitions/"+runs[0].Slug+"/leaderboard?board=private", "", nil, &board); resp.StatusCode != 200 || !board.Frozen || board.Total != 6 {
		t.Fatalf("private board = %d %+v, want the 6 sample participants frozen", resp.StatusCode, board)
	}
	subs, err := ta.p.db.Collection("competition_submissions").CountDocuments(ctx, bson.M{"baseline": bson.M{"$ne": true}})
	if err != nil {
		t.Fatal(err)
	}
	if subs != 6 {
		t.Errorf("%d sample submissions after the resumed load, want 6: one per participant", subs)
	}
	if seeded, err := ta.seedIfEmpty(ctx); err != nil || seeded {
		t.Errorf("the start after the resumed load seeded = %v, %v; want nothing to load", seeded, err)
	}
}
