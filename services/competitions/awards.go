package competitions

import (
	"context"
	"fmt"
	"math"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/award"
)

// Award tiers of a finalised competition: everyone in a ranked team
// participated; the best placement tier a team's rank reaches is its placement.
const (
	TierParticipation = "participation"
	TierWinner        = "winner"
	TierTop10         = "top_10_percent"
	TierTop25         = "top_25_percent"
)

// PlatformIssuer is the issuer of the credentials of the platform's own
// competitions.
var PlatformIssuer = award.Issuer{OrgID: HostPlatform, Slug: "academy", Name: "Academy",
	Description: "The Academy platform, which hosts its own competitions."}

// placementTier is the best tier that rank of teams reaches, "" for none:
// the first is the winner; a rank within the first 10 % (25 %) of the
// teams, rounded up, is in the top 10 % (25 %).
func placementTier(rank, teams int) string {
	switch {
	case rank == 1:
		return TierWinner
	case rank <= int(math.Ceil(float64(teams)*0.10)):
		return TierTop10
	case rank <= int(math.Ceil(float64(teams)*0.25)):
		return TierTop25
	}
	return ""
}

var tierNames = map[string]string{
	TierParticipation: "Participant",
	TierWinner:        "Winner",
	TierTop10:         "Top 10 %",
	TierTop25:         "Top 25 %",
}

// CompetitionAchievement describes, for the credentials context, what a
// member of team teamID earns in the finalised competition at rank of
// teams: its participation, or (placement) the placement tier the rank
// reaches. Each tier is an achievement of its own, with the competition's
// skills; the host issues it. A disqualified team, a rank no tier reaches
// and a competition not finalised earn nothing (NotFound).
func (s *Service) CompetitionAchievement(ctx context.Context, competitionID, teamID string, placement bool, rank, teams int) (award.Achievement, award.Issuer, error) {
	c, err := s.store.Competition(ctx, competitionID)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	if c.State != StateFinished {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("competition %s is not finalised", c.Slug)
	}
	t, err := s.store.Team(ctx, teamID)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	if t.Disqualified || t.CompetitionID != c.ID {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("team %s earns no award in %s", teamID, c.Slug)
	}
	tier := TierParticipation
	if placement {
		if tier = placementTier(rank, teams); tier == "" {
			return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("rank %d of %d earns no placement", rank, teams)
		}
	}
	return s.achievement(ctx, c, tier)
}

// AwardAchievement describes the achievement of a tier of the finalised
// competition with this slug, as its id URL serves it.
func (s *Service) AwardAchievement(ctx context.Context, slug, tier string) (award.Achievement, award.Issuer, error) {
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	if _, ok := tierNames[tier]; !ok || c.State != StateFinished {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("competition %s awards no %q", slug, tier)
	}
	return s.achievement(ctx, c, tier)
}

// achievement describes a tier of competition c: each tier is an
// achievement of its own, with the competition's skills; the host issues it.
func (s *Service) achievement(ctx context.Context, c Competition, tier string) (award.Achievement, award.Issuer, error) {
	achType := "Award"
	criteria := fmt.Sprintf("Placed %s on the final private leaderboard of the competition %q.", placementCriterion(tier), c.Title)
	if tier == TierParticipation {
		achType = "Competency"
		criteria = fmt.Sprintf("Took part in the competition %q in a team with at least one scored submission, ranked on its final private leaderboard.", c.Title)
	}
	ph := c.FinalPhase()
	metric := ph.Evaluation.Metric
	if m, err := scoring.LookupMetric(metric); err == nil {
		metric = fmt.Sprintf("%s, %s is better", m.Name, m.Direction)
	}
	skills := make([]award.Skill, 0, len(c.Skills))
	for _, ref := range c.Skills {
		sk, err := s.skills.Skill(ctx, ref.ID)
		if err != nil {
			return award.Achievement{}, award.Issuer{}, fmt.Errorf("skill %s of competition %s: %w", ref.ID, c.Slug, err)
		}
		skills = append(skills, award.Skill{ID: sk.ID, Label: ref.Label, ESCOURI: sk.URI})
	}
	ach := award.Achievement{
		ID: c.ID + ":" + tier, Type: achType, Ranked: true, Metric: metric, Slug: c.Slug, Path: AwardPath(c.Slug, tier),
		Name: fmt.Sprintf("%s: %s", c.Title, tierNames[tier]), Description: c.Summary, Criteria: criteria, Skills: skills,
		Language: firstOr(c.Languages, "en"), AssessmentType: "Predictions scored against a hidden solution (" + metric + ")", ParticipationForm: "online",
	}
	iss, err := s.issuer(ctx, c.Host)
	return ach, iss, err
}

// AwardPath is the path of a competition tier's achievement id URL.
func AwardPath(slug, tier string) string { return "/competitions/" + slug + "/awards/" + tier }

func placementCriterion(tier string) string {
	switch tier {
	case TierWinner:
		return "first"
	case TierTop10:
		return "within the top 10 % of the teams"
	}
	return "within the top 25 % of the teams"
}

// issuer is the issuer of a competition's credentials: its host.
func (s *Service) issuer(ctx context.Context, h Host) (award.Issuer, error) {
	if h.Kind != HostOrg {
		return PlatformIssuer, nil
	}
	org, err := s.orgs.Org(ctx, seeder, h.OrgID)
	if err != nil {
		return award.Issuer{}, fmt.Errorf("read host %s: %w", h.OrgID, err)
	}
	return award.Issuer{OrgID: org.ID, Slug: org.Slug, Name: org.Name, Country: org.Country, Website: org.Website, Description: org.Description}, nil
}

func firstOr(list []string, def string) string {
	if len(list) == 0 {
		return def
	}
	return list[0]
}
