package competitions

import (
	"testing"
	"time"

	"academy/services/competitions/scoring"
)

func TestBoardRanksBestScoreByDirectionAndTiesByEarlierSubmission(t *testing.T) {
	t0 := time.Date(2030, 3, 2, 9, 0, 0, 0, time.UTC)
	score := func(team, id string, public, private float64, at time.Duration) (Team, Submission) {
		return Team{ID: team, Name: "Team " + team, Total: 1},
			Submission{ID: id, TeamID: team, PublicScore: &public, PrivateScore: &private, CreatedAt: t0.Add(at)}
	}
	cases := []struct {
		name        string
		dir         scoring.Direction
		subs        [][5]any // team, id, public, private, minutes after t0
		wantPublic  []string
		wantPrivate []string
	}{
		{"higher is better, best of each team", scoring.HigherIsBetter,
			[][5]any{{"a", "1", 0.5, 0.9, 0}, {"b", "2", 0.8, 0.1, 1}, {"a", "3", 0.7, 0.2, 2}},
			[]string{"b", "a"}, []string{"a", "b"}},
		{"lower is better", scoring.LowerIsBetter,
			[][5]any{{"a", "1", 3.0, 3.0, 0}, {"b", "2", 1.0, 1.0, 1}, {"c", "3", 2.0, 2.0, 2}},
			[]string{"b", "c", "a"}, []string{"b", "c", "a"}},
		{"a tie goes to the earlier submission", scoring.HigherIsBetter,
			[][5]any{{"late", "2", 0.9, 0.9, 5}, {"early", "1", 0.9, 0.9, 1}},
			[]string{"early", "late"}, []string{"early", "late"}},
		{"the same submission twice counts once", scoring.HigherIsBetter,
			[][5]any{{"a", "1", 0.9, 0.9, 0}, {"a", "1", 0.9, 0.9, 0}},
			[]string{"a"}, []string{"a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := Board{Direction: string(tc.dir)}
			for _, s := range tc.subs {
				team, sub := score(s[0].(string), s[1].(string), s[2].(float64), s[3].(float64), time.Duration(s[4].(int))*time.Minute)
				b.add(team, sub, 2)
			}
			for board, want := range map[string][]string{BoardPublic: tc.wantPublic, BoardPrivate: tc.wantPrivate} {
				rows := b.rows(board)
				if len(rows) != len(want) {
					t.Fatalf("%s board %+v, want teams %v", board, rows, want)
				}
				for i, r := range rows {
					if r.TeamID != want[i] || r.Rank != i+1 {
						t.Fatalf("%s board %+v, want teams %v", board, rows, want)
					}
				}
			}
		})
	}
}
