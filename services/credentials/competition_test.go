package credentials

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

// competitionTable describes the awards of one finalised competition as
// the competitions context would: a participation for every team but the
// disqualified one, and a placement for the winner only.
type competitionTable struct{}

const disqualifiedTeam = "team-3"

func (competitionTable) CompetitionAchievement(_ context.Context, competitionID, teamID string, placement bool, rank, teams int) (Achievement, Issuer, error) {
	if competitionID != "comp-penguins" || teamID == disqualifiedTeam || (placement && rank != 1) {
		return Achievement{}, Issuer{}, apperr.NotFoundf("no award")
	}
	ach, iss := microCourse()
	tier, achType := "participation", AchievementCompetency
	if placement {
		tier, achType = "winner", AchievementAward
	}
	return Achievement{
		ID: competitionID + ":" + tier, Type: achType, Ranked: true, Metric: "f1_macro, higher is better", Slug: "palmer-penguins-species",
		Path: "/competitions/palmer-penguins-species/awards/" + tier, Name: "Palmer Penguins: " + tier, Description: "Tell the species apart.",
		Criteria: "Ranked on the final private leaderboard.", Skills: ach.Skills, Language: "en",
	}, iss, nil
}

func (c competitionTable) AwardAchievement(ctx context.Context, slug, tier string) (Achievement, Issuer, error) {
	if slug != "palmer-penguins-species" {
		return Achievement{}, Issuer{}, apperr.NotFoundf("no competition %s", slug)
	}
	return c.CompetitionAchievement(ctx, "comp-penguins", "team-1", tier == "winner", 1, 3)
}

type competitorTable struct{}

func (competitorTable) Contact(_ context.Context, userID string) (string, string, error) {
	return "Competitor " + userID, userID + "@example.org", nil
}

// TestCompetitionFinalisedAwardsOnce delivers a CompetitionFinalised event
// three times: every member of a ranked team holds one participation
// credential, the winners one placement credential too, the disqualified
// team nothing, and every credential is a valid Open Badges 3.0
// AchievementCredential stating the place among the teams and the score.
func TestCompetitionFinalisedAwardsOnce(t *testing.T) {
	f := newFixture(t)
	svc, err := NewService(f.store, f.keys, NewAwards(nil, competitionTable{}, competitorTable{}), f.orgs,
		Options{PublicBaseURL: testBaseURL + "/", Events: f.outbox, Now: f.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	at := time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC)
	ev, err := events.New(events.CompetitionFinalised, events.CompetitionFinalisedData{
		CompetitionID: "comp-penguins", PhaseID: "main", Metric: "f1_macro", Direction: "higher", Teams: 3, FinalisedAt: at,
		Ranking: []events.RankedTeam{
			{Rank: 1, TeamID: "team-1", Name: "Gentoo Gang", Members: []string{"ana", "ben"}, Score: 0.9871},
			{Rank: 2, TeamID: "team-2", Name: "Solo", Members: []string{"cleo"}, Score: 0.91},
			{Rank: 3, TeamID: disqualifiedTeam, Name: "Copycats", Members: []string{"dan"}, Score: 0.99},
		},
	}, at)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := svc.HandleCompetitionFinalised(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	var held []StoredCredential
	cur, err := f.db.Collection("credentials").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cur.All(ctx, &held); err != nil {
		t.Fatal(err)
	}
	for i := range held {
		if err := f.store.withDocuments(ctx, &held[i]); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string][]string{}
	for _, c := range held {
		got[c.LearnerID] = append(got[c.LearnerID], c.AchievementType)
	}
	if len(held) != 5 || len(got["ana"]) != 2 || len(got["ben"]) != 2 || len(got["cleo"]) != 1 || len(got["dan"]) != 0 {
		t.Fatalf("credentials by learner %v, want a participation for ana, ben and cleo, a placement for ana and ben, nothing for dan", got)
	}
	schema := achievementCredentialSchema(t)
	for _, c := range held {
		if err := schema.Validate(jsonValue(t, []byte(c.Document))); err != nil {
			t.Errorf("%s credential of %s does not validate: %v", c.AchievementType, c.LearnerID, err)
		}
		if err := schema.Validate(jsonValue(t, payloadOf(t, c.JWT))); err != nil {
			t.Errorf("the VC-JWT payload of %s does not validate: %v", c.LearnerID, err)
		}
		var doc struct {
			CredentialSubject struct {
				Achievement struct {
					ID                string `json:"id"`
					ResultDescription []struct {
						ID, ResultType, ValueMax string
					} `json:"resultDescription"`
				} `json:"achievement"`
				Result []struct{ ResultDescription, Value string } `json:"result"`
			} `json:"credentialSubject"`
		}
		if err := json.Unmarshal([]byte(c.Document), &doc); err != nil {
			t.Fatal(err)
		}
		s := doc.CredentialSubject
		wantPlace, wantScore := "1", "0.9871"
		if c.LearnerID == "cleo" {
			wantPlace, wantScore = "2", "0.91"
		}
		if len(s.Result) != 2 || s.Result[0].Value != wantPlace || s.Result[1].Value != wantScore ||
			s.Result[0].ResultDescription != s.Achievement.ID+"#place" || s.Achievement.ResultDescription[0].ValueMax != "3" ||
			s.Achievement.ResultDescription[1].ResultType != "RawScore" || s.Achievement.ID != testBaseURL+"/competitions/palmer-penguins-species/awards/"+map[string]string{AchievementAward: "winner", AchievementCompetency: "participation"}[c.AchievementType] {
			t.Errorf("%s credential of %s states %+v, want place %s of 3 and score %s", c.AchievementType, c.LearnerID, s, wantPlace, wantScore)
		}
	}
}
