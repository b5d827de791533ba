package competitions_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"academy/services/competitions"
	"academy/services/kit/httpkit"
)

func TestHostCreatesEditsAndPublishes(t *testing.T) {
	e := newEnv(t)
	in := input("penguins")
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", outsider, in).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", "", in).WantProblem(t, http.StatusUnauthorized, "unauthorized")

	var c competitions.CompetitionView
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).Want(t, http.StatusCreated, &c)
	if c.Status != competitions.StatusDraft || c.Host.Name != "Belfry University" || c.Version != 1 || c.Me == nil || !c.Me.IsHost ||
		len(c.Skills) != 1 || c.Skills[0].Label != "machine learning" {
		t.Fatalf("created %+v", c)
	}
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).WantProblem(t, http.StatusBadRequest, "validation-failed")
	// A draft is the host's alone.
	e.call(t, "GET", "/competitions/penguins", learner, nil).WantProblem(t, http.StatusNotFound, "not-found")
	e.call(t, "POST", "/competitions/penguins/entry", learner, competitions.EntryRequest{AcceptRules: true}).WantProblem(t, http.StatusNotFound, "not-found")

	var edited competitions.CompetitionView
	e.call(t, "PATCH", "/competitions/penguins", host, map[string]any{"title": "Penguin species, again", "version": 1}).Want(t, http.StatusOK, &edited)
	if edited.Title != "Penguin species, again" || edited.Summary != in.Summary || edited.Version != 2 {
		t.Fatalf("edited %+v", edited)
	}
	// The version may also come as If-Match, from the ETag.
	b, _ := json.Marshal(map[string]any{"tags": []string{"penguins"}})
	req, _ := http.NewRequest("PATCH", e.http.URL+"/competitions/penguins", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Test-User", host)
	req.Header.Set("If-Match", `"2"`)
	resp, err := e.http.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") != `"3"` {
		t.Fatalf("PATCH with If-Match = %d, ETag %s", resp.StatusCode, resp.Header.Get("ETag"))
	}
	// A second editor who read version 1 is told, and changes nothing.
	e.call(t, "PATCH", "/competitions/penguins", host, map[string]any{"title": "Lost edit", "version": 1}).WantProblem(t, http.StatusConflict, "edit-conflict")
	// To others a draft does not exist.
	e.call(t, "PATCH", "/competitions/penguins", outsider, map[string]any{"title": "Not mine", "version": 3}).WantProblem(t, http.StatusNotFound, "not-found")

	e.call(t, "POST", "/competitions/penguins/publish", host, nil).WantProblem(t, http.StatusBadRequest, "validation-failed")
	p := e.do(t, "PUT", "/competitions/penguins/phases/main/solution", host, "text/csv", strings.NewReader("id,species\n1,Adelie\n1,Gentoo\n")).
		WantProblem(t, http.StatusUnprocessableEntity, "invalid-solution")
	if len(listed(p)) == 0 {
		t.Fatalf("an invalid solution names no problem: %+v", p)
	}
	e.do(t, "PUT", "/competitions/penguins/phases/nope/solution", host, "text/csv", strings.NewReader(solutionCSV())).WantProblem(t, http.StatusNotFound, "not-found")
	var si competitions.SolutionInfo
	e.do(t, "PUT", "/competitions/penguins/phases/main/solution", host, "text/csv", strings.NewReader(solutionCSV())).Want(t, http.StatusOK, &si)
	if si.Rows != 10 || si.PublicRows != 5 || si.PrivateRows != 5 || strings.Join(si.Header, ",") != "id,species" {
		t.Fatalf("solution %+v", si)
	}
	var published competitions.CompetitionView
	e.call(t, "POST", "/competitions/penguins/publish", host, nil).Want(t, http.StatusOK, &published)
	if published.Status != competitions.StatusRunning || published.Phases[0].Direction != "higher" {
		t.Fatalf("published %+v", published)
	}
	// Submissions are scored with the published evaluation: it stays.
	changed := input("penguins")
	changed.Phases[0].Evaluation.Metric = "balanced_accuracy"
	e.call(t, "PATCH", "/competitions/penguins", host, map[string]any{"phases": changed.Phases, "version": published.Version}).
		WantProblem(t, http.StatusConflict, "evaluation-locked")
	// Nobody but the host reads the solution; the public page does not show it.
	e.call(t, "GET", "/competitions/penguins/phases/main/solution", learner, nil).WantProblem(t, http.StatusForbidden, "forbidden")
	if r := e.call(t, "GET", "/competitions/penguins/phases/main/solution", host, nil); r.Status != http.StatusOK || string(r.Body) != solutionCSV() {
		t.Fatalf("host's solution download = %d %q", r.Status, r.Body)
	}
	if r := e.call(t, "GET", "/competitions/penguins", "", nil); r.Status != http.StatusOK || strings.Contains(string(r.Body), "Chinstrap") || strings.Contains(string(r.Body), "target_column") {
		t.Fatalf("public page = %d %s", r.Status, r.Body)
	}
	var list struct {
		Items []competitions.CompetitionSummary
	}
	e.call(t, "GET", "/competitions?status=running", "", nil).Want(t, http.StatusOK, &list)
	if len(list.Items) != 1 || list.Items[0].Slug != "penguins" || list.Items[0].Metric != "accuracy" {
		t.Fatalf("running list %+v", list)
	}
	e.call(t, "GET", "/competitions?status=finished", "", nil).Want(t, http.StatusOK, &list)
	if len(list.Items) != 0 {
		t.Fatalf("finished list %+v", list)
	}
	e.call(t, "GET", "/competitions?status=someday", "", nil).WantProblem(t, http.StatusBadRequest, "validation-failed")
}

func TestCompetitionInputNamesEveryBadField(t *testing.T) {
	e := newEnv(t)
	in := input("Bad Slug")
	in.Title, in.Level, in.DailyLimit = "", "expert", 0
	in.EndAt = in.StartAt.Add(-time.Hour)
	in.Phases[0].Evaluation.Metric = "vibes"
	in.Skills = []string{mlSkill, "no-such-skill"}
	var p httpkit.Problem
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).Want(t, http.StatusBadRequest, &p)
	fields := map[string]bool{}
	for _, f := range p.Errors {
		fields[f.Field] = true
	}
	for _, f := range []string{"title", "slug", "level", "daily_limit", "end_at", "phases[0].evaluation.metric", "skills[1]"} {
		if !fields[f] {
			t.Errorf("no error for %s in %+v", f, p.Errors)
		}
	}
	e.do(t, "POST", "/orgs/"+belfry+"/competitions", host, "text/plain", strings.NewReader("{}")).WantProblem(t, http.StatusUnsupportedMediaType, "unsupported-media-type")
}

// A host's placement tiers are checked field by field, replace the default
// ones on the competition's page, and an empty list brings the defaults back.
func TestHostDefinesPlacementTiers(t *testing.T) {
	e := newEnv(t)
	in := input("tiered")
	in.Tiers = []competitions.PlacementTier{
		{ID: "participation", Name: "Taken", TopRanks: 1},
		{ID: "gold", Name: "", TopRanks: 3, TopPercent: 10},
		{ID: "gold", Name: "Again", TopPercent: 120},
	}
	var p httpkit.Problem
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).Want(t, http.StatusBadRequest, &p)
	fields := map[string]bool{}
	for _, f := range p.Errors {
		fields[f.Field] = true
	}
	for _, f := range []string{"tiers[0].id", "tiers[1].name", "tiers[1].top_ranks", "tiers[2].id", "tiers[2].top_percent"} {
		if !fields[f] {
			t.Errorf("no error for %s in %+v", f, p.Errors)
		}
	}

	in.Tiers = []competitions.PlacementTier{{ID: "gold", Name: "Gold", TopRanks: 3}, {ID: "finalist", Name: "Finalist", TopPercent: 20}}
	var c competitions.CompetitionView
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, in).Want(t, http.StatusCreated, &c)
	if len(c.PlacementTiers) != 2 || c.PlacementTiers[0].ID != "gold" || c.PlacementTiers[1].TopPercent != 20 || len(c.Tiers) != 2 {
		t.Fatalf("created with tiers %+v (host's %+v)", c.PlacementTiers, c.Tiers)
	}
	var cleared competitions.CompetitionView
	e.call(t, "PATCH", "/competitions/tiered", host, map[string]any{"tiers": []any{}, "version": c.Version}).Want(t, http.StatusOK, &cleared)
	if len(cleared.Tiers) != 0 || len(cleared.PlacementTiers) != 3 || cleared.PlacementTiers[0].ID != competitions.TierWinner {
		t.Fatalf("after clearing the tiers: %+v (host's %+v), want the three default ones", cleared.PlacementTiers, cleared.Tiers)
	}
}

func TestDataFilesNeedTheRules(t *testing.T) {
	e := newEnv(t)
	e.publish(t, "penguins", nil)
	var f competitions.FileInfo
	e.do(t, "PUT", "/competitions/penguins/files/train.csv?description=Training+data", host, "text/csv", strings.NewReader("id,bill\n1,39.1\n")).Want(t, http.StatusOK, &f)
	if f.Size != 15 || f.Description != "Training data" {
		t.Fatalf("file %+v", f)
	}
	e.do(t, "PUT", "/competitions/penguins/files/..%2Fescape", host, "text/csv", strings.NewReader("x")).WantProblem(t, http.StatusBadRequest, "validation-failed")
	e.do(t, "PUT", "/competitions/penguins/files/train.csv", learner, "text/csv", strings.NewReader("x")).WantProblem(t, http.StatusForbidden, "forbidden")
	e.call(t, "GET", "/competitions/penguins/files/train.csv", learner, nil).WantProblem(t, http.StatusForbidden, "rules-not-accepted")
	e.call(t, "POST", "/competitions/penguins/entry", learner, map[string]any{"accept_rules": false}).WantProblem(t, http.StatusUnprocessableEntity, "rules-not-accepted")
	e.join(t, "penguins", learner)
	r := e.call(t, "GET", "/competitions/penguins/files/train.csv", learner, nil)
	if r.Status != http.StatusOK || string(r.Body) != "id,bill\n1,39.1\n" || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("download = %d %q %v", r.Status, r.Body, r.Header)
	}
	var page competitions.CompetitionView
	e.call(t, "GET", "/competitions/penguins", learner, nil).Want(t, http.StatusOK, &page)
	if len(page.Files) != 1 || page.Me == nil || !page.Me.Joined || page.Me.IsHost {
		t.Fatalf("page %+v", page)
	}
	e.call(t, "DELETE", "/competitions/penguins/files/train.csv", host, nil).Want(t, http.StatusNoContent, nil)
	e.call(t, "GET", "/competitions/penguins/files/train.csv", learner, nil).WantProblem(t, http.StatusNotFound, "not-found")
}

func TestCompetitionListPages(t *testing.T) {
	e := newEnv(t)
	for _, slug := range []string{"first", "second", "third"} {
		e.publish(t, slug, nil)
	}
	e.call(t, "POST", "/orgs/"+belfry+"/competitions", host, input("a-draft")).Want(t, http.StatusCreated, nil)
	var seen []string
	cursor := ""
	for range 3 {
		var page struct {
			Items      []competitions.CompetitionSummary
			NextCursor string `json:"next_cursor"`
		}
		e.call(t, "GET", "/competitions?status=running&limit=2&cursor="+cursor, "", nil).Want(t, http.StatusOK, &page)
		for _, c := range page.Items {
			seen = append(seen, c.Slug)
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if strings.Join(seen, ",") != "first,second,third" {
		t.Fatalf("listed %v", seen)
	}
	var mine struct {
		Items []competitions.CompetitionSummary
	}
	e.call(t, "GET", "/orgs/"+belfry+"/competitions", host, nil).Want(t, http.StatusOK, &mine)
	if len(mine.Items) != 4 {
		t.Fatalf("the host lists %d competitions, want 4 with the draft", len(mine.Items))
	}
	e.call(t, "GET", "/competitions?cursor=nonsense", "", nil).WantProblem(t, http.StatusBadRequest, "validation-failed")
}
