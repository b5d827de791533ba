package main

import (
	"testing"

	"academy/jobs"
)

// TestASubmissionIsScoredByTheWorker follows a prediction file from the
// upload to the public leaderboard through the real queue: the bulk
// worker's scoring task, told to the participant by the long poll.
func TestASubmissionIsScoredByTheWorker(t *testing.T) {
	w := newWorld(t)
	w.setUpCompetitions(t) // the learner submitted 3 of 4 right: 1/2 public, 2/2 private
	worker := jobs.NewWorker(w.ta.p.redis, 4, w.ta.log)
	w.ta.handleTasks(worker)
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(worker.Shutdown)

	l := w.tokens[learner]
	var sub struct {
		Status       string   `json:"status"`
		PublicScore  *float64 `json:"public_score"`
		PrivateScore *float64 `json:"private_score"`
	}
	for range 3 {
		if resp := w.ta.call(t, "GET", "/api/v1/competitions/comp-public/submissions/"+w.ids["submission"]+"?wait=final", l, nil, &sub); resp.StatusCode != 200 {
			t.Fatalf("submission = %d", resp.StatusCode)
		}
		if sub.Status == "scored" {
			break
		}
	}
	if sub.Status != "scored" || sub.PublicScore == nil || *sub.PublicScore != 0.5 || sub.PrivateScore != nil {
		t.Fatalf("submission %+v, want scored 0.5 in public and no private score shown", sub)
	}
	var board struct {
		Total int `json:"total"`
		Items []struct {
			Score float64 `json:"score"`
			IsMe  bool    `json:"is_me"`
		} `json:"items"`
	}
	if resp := w.ta.call(t, "GET", "/api/v1/competitions/comp-public/leaderboard", l, nil, &board); resp.StatusCode != 200 || board.Total != 1 || board.Items[0].Score != 0.5 || !board.Items[0].IsMe {
		t.Fatalf("leaderboard = %d %+v", resp.StatusCode, board)
	}
}
