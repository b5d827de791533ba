package competitions

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/award"
)

// Award tiers of a finalised competition: everyone in a ranked team
// participated; the first placement tier a team's rank reaches is its
// placement. A host may define its own tiers; these are the default.
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

// PlacementTier is a placement a final rank earns: within the first
// TopRanks teams, or within the first TopPercent % of the teams (rounded up).
type PlacementTier struct {
	ID         string  `bson:"id" json:"id" jsonschema:"description=lowercase letters, digits, '-' and '_'; names the achievement in its URL"`
	Name       string  `bson:"name" json:"name" jsonschema:"description=as the credential names it, e.g. Gold medal"`
	TopRanks   int     `bson:"top_ranks,omitempty" json:"top_ranks,omitempty" jsonschema:"description=reached by ranks 1 to top_ranks; give this or top_percent"`
	TopPercent float64 `bson:"top_percent,omitempty" json:"top_percent,omitempty" jsonschema:"description=reached by the first top_percent % of the teams, rounded up"`
}

// defaultTiers are Kaggle's usual placements: the winner, the top 10 % and the top 25 %.
var defaultTiers = []PlacementTier{
	{ID: TierWinner, Name: "Winner", TopRanks: 1},
	{ID: TierTop10, Name: "Top 10 %", TopPercent: 10},
	{ID: TierTop25, Name: "Top 25 %", TopPercent: 25},
}

// PlacementTiers are the competition's placement tiers, in the order they
// are tried: the host's, or the default ones.
func (c Competition) PlacementTiers() []PlacementTier {
	if len(c.Tiers) > 0 {
		return c.Tiers
	}
	return defaultTiers
}

// reaches reports whether rank of teams earns the tier.
func (t PlacementTier) reaches(rank, teams int) bool {
	if t.TopRanks > 0 {
		return rank <= t.TopRanks
	}
	return rank <= int(math.Ceil(float64(teams)*t.TopPercent/100))
}

// criterion says in words which ranks earn the tier.
func (t PlacementTier) criterion() string {
	switch {
	case t.TopRanks == 1:
		return "first"
	case t.TopRanks > 1:
		return fmt.Sprintf("within the first %d teams", t.TopRanks)
	}
	return fmt.Sprintf("within the top %s %% of the teams", strconv.FormatFloat(t.TopPercent, 'f', -1, 64))
}

// placementTier is the first tier of c that rank of teams reaches.
func placementTier(c Competition, rank, teams int) (PlacementTier, bool) {
	for _, t := range c.PlacementTiers() {
		if t.reaches(rank, teams) {
			return t, true
		}
	}
	return PlacementTier{}, false
}

// tier is the tier of c with this id, participation included.
func tier(c Competition, id string) (PlacementTier, bool) {
	if id == TierParticipation {
		return PlacementTier{ID: TierParticipation, Name: "Participant"}, true
	}
	i := slices.IndexFunc(c.PlacementTiers(), func(t PlacementTier) bool { return t.ID == id })
	if i < 0 {
		return PlacementTier{}, false
	}
	return c.PlacementTiers()[i], true
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
	earned, _ := tier(c, TierParticipation)
	if placement {
		var ok bool
		if earned, ok = placementTier(c, rank, teams); !ok {
			return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("rank %d of %d earns no placement", rank, teams)
		}
	}
	return s.achievement(ctx, c, earned)
}

// AwardAchievement describes the achievement of a tier of the finalised
// competition with this slug, as its id URL serves it.
func (s *Service) AwardAchievement(ctx context.Context, slug, tierID string) (award.Achievement, award.Issuer, error) {
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	t, ok := tier(c, tierID)
	if !ok || c.State != StateFinished {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("competition %s awards no %q", slug, tierID)
	}
	return s.achievement(ctx, c, t)
}

// achievement describes a tier of competition c: each tier is an
// achievement of its own, with the competition's skills; the host issues it.
func (s *Service) achievement(ctx context.Context, c Competition, t PlacementTier) (award.Achievement, award.Issuer, error) {
	achType := "Award"
	criteria := fmt.Sprintf("Placed %s on the final private leaderboard of the competition %q.", t.criterion(), c.Title)
	if t.ID == TierParticipation {
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
		ID: c.ID + ":" + t.ID, Type: achType, Ranked: true, Metric: metric, Slug: c.Slug, Path: AwardPath(c.Slug, t.ID),
		Name: fmt.Sprintf("%s: %s", c.Title, t.Name), Description: c.Summary, Criteria: criteria, Skills: skills,
		Language: firstOr(c.Languages, "en"), AssessmentType: "Predictions scored against a hidden solution (" + metric + ")", ParticipationForm: "online",
	}
	iss, err := s.issuer(ctx, c.Host)
	return ach, iss, err
}

// AwardPath is the path of a competition tier's achievement id URL.
func AwardPath(slug, tier string) string { return "/competitions/" + slug + "/awards/" + tier }

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
