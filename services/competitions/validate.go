package competitions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
)

// CompetitionInput is what a host writes; PATCH sends any part of it with
// the version it edited.
type CompetitionInput struct {
	Title           string     `json:"title"`
	Slug            string     `json:"slug"`
	Summary         string     `json:"summary"`
	Overview        string     `json:"overview"`
	Rules           string     `json:"rules"`
	Prizes          string     `json:"prizes"`
	Skills          []string   `json:"skills"`
	Level           string     `json:"level"`
	Languages       []string   `json:"languages"`
	Tags            []string   `json:"tags"`
	StartAt         time.Time  `json:"start_at"`
	EndAt           time.Time  `json:"end_at"`
	EntryDeadline   *time.Time `json:"entry_deadline,omitempty"`
	MergerDeadline  *time.Time `json:"merger_deadline,omitempty"`
	TeamSizeLimit   int        `json:"team_size_limit"`
	DailyLimit      int        `json:"daily_limit"`
	TotalLimit      int        `json:"total_limit,omitempty"`
	FinalSelections int        `json:"final_selections"`
	// Tiers are the placements awarded, tried in order; none means winner, top 10 % and top 25 %.
	Tiers       []PlacementTier `json:"tiers,omitempty"`
	Eligibility string          `json:"eligibility"`
	DataLicence string          `json:"data_licence"`
	ForumURL    string          `json:"forum_url,omitempty"`
	Phases      []PhaseInput    `json:"phases"`
	// Version is the version edited; PATCH requires it.
	Version *int `json:"version,omitempty"`
}

// PhaseInput is a phase as a host writes it.
type PhaseInput struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	StartAt    time.Time      `json:"start_at"`
	EndAt      time.Time      `json:"end_at"`
	DailyLimit int            `json:"daily_limit,omitempty"`
	Evaluation scoring.Config `json:"evaluation"`
}

// Levels of a competition.
var levels = []string{"beginner", "intermediate", "advanced"}

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)
)

// decodeInput decodes a JSON body strictly over in, so that fields absent
// from a partial edit keep their value.
func decodeInput(body []byte, in *CompetitionInput) error {
	// Decoding an array into a slice reuses its elements, so that a phase
	// (a tier) would keep fields of the one that was at its index: phases
	// and tiers sent are decoded afresh.
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil {
		if _, ok := fields["phases"]; ok {
			in.Phases = nil
		}
		if _, ok := fields["tiers"]; ok {
			in.Tiers = nil
		}
	}
	return httpkit.DecodeJSONBytes(body, in)
}

func checkText(v *apperr.Validation, field, s string, minLen, maxLen int) {
	n := utf8.RuneCountInString(s)
	v.Check(n >= minLen && n <= maxLen, field, "must have %d to %d characters", minLen, maxLen)
}

func checkList(v *apperr.Validation, field string, list []string, maxItems, maxLen int) {
	v.Check(len(list) <= maxItems, field, "must have at most %d items", maxItems)
	for i, s := range list {
		checkText(v, fmt.Sprintf("%s[%d]", field, i), s, 1, maxLen)
	}
}

// check records every invalid field in v.
func (in CompetitionInput) check(v *apperr.Validation) {
	checkText(v, "title", in.Title, 3, 200)
	v.Check(slugPattern.MatchString(in.Slug) && len(in.Slug) >= 3 && len(in.Slug) <= 80, "slug", "must be 3 to 80 lowercase letters, digits and single dashes")
	checkText(v, "summary", in.Summary, 1, 500)
	checkText(v, "overview", in.Overview, 0, 100_000)
	checkText(v, "rules", in.Rules, 1, 100_000)
	checkText(v, "prizes", in.Prizes, 0, 20_000)
	checkList(v, "skills", in.Skills, 30, 300)
	v.Check(slices.Contains(levels, in.Level), "level", "must be beginner, intermediate or advanced")
	checkList(v, "languages", in.Languages, 10, 10)
	checkList(v, "tags", in.Tags, 20, 50)
	window := !in.StartAt.IsZero() && in.EndAt.After(in.StartAt)
	v.Check(!in.StartAt.IsZero(), "start_at", "is required")
	v.Check(window, "end_at", "must be after start_at")
	if in.EntryDeadline != nil {
		v.Check(window && in.EntryDeadline.After(in.StartAt) && !in.EntryDeadline.After(in.EndAt), "entry_deadline", "must be between start_at and end_at")
	}
	if in.MergerDeadline != nil {
		v.Check(window && in.MergerDeadline.After(in.StartAt) && !in.MergerDeadline.After(in.EndAt), "merger_deadline", "must be between start_at and end_at")
	}
	v.Check(in.TeamSizeLimit >= 1 && in.TeamSizeLimit <= 50, "team_size_limit", "must be from 1 to 50")
	v.Check(in.DailyLimit >= 1 && in.DailyLimit <= 1000, "daily_limit", "must be from 1 to 1000")
	v.Check(in.TotalLimit >= 0 && in.TotalLimit <= 100_000, "total_limit", "must be from 0 (no limit) to 100000")
	v.Check(in.FinalSelections >= 1 && in.FinalSelections <= 10, "final_selections", "must be from 1 to 10")
	checkTiers(v, in.Tiers)
	v.Check(in.Eligibility == EligibilityOpen || in.Eligibility == EligibilityOrgMembers, "eligibility", "must be open or org_members")
	checkText(v, "data_licence", in.DataLicence, 1, 200)
	if in.ForumURL != "" {
		u, err := url.Parse(in.ForumURL)
		v.Check(err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", "forum_url", "must be an http or https address")
	}
	v.Check(len(in.Phases) >= 1 && len(in.Phases) <= 10, "phases", "must have 1 to 10 phases")
	seen := map[string]bool{}
	for i, ph := range in.Phases {
		f := func(name string) string { return fmt.Sprintf("phases[%d].%s", i, name) }
		v.Check(idPattern.MatchString(ph.ID) && !seen[ph.ID], f("id"), "must be a unique id of lowercase letters, digits, '-' and '_', at most 40")
		seen[ph.ID] = true
		checkText(v, f("title"), ph.Title, 1, 100)
		v.Check(!ph.StartAt.IsZero() && ph.EndAt.After(ph.StartAt), f("end_at"), "must be after start_at")
		v.Check(window && !ph.StartAt.Before(in.StartAt) && !ph.EndAt.After(in.EndAt), f("start_at"), "the phase must lie between the competition's start_at and end_at")
		if i > 0 {
			v.Check(!ph.StartAt.Before(in.Phases[i-1].EndAt), f("start_at"), "must not be before the previous phase's end_at")
		}
		v.Check(ph.DailyLimit >= 0 && ph.DailyLimit <= 1000, f("daily_limit"), "must be from 0 (the competition's) to 1000")
		e := ph.Evaluation
		m, err := scoring.LookupMetric(e.Metric)
		v.Check(err == nil, f("evaluation.metric"), "must be one of the built-in metrics")
		checkText(v, f("evaluation.id_column"), e.IDColumn, 1, 100)
		checkText(v, f("evaluation.target_column"), e.TargetColumn, 1, 100)
		v.Check(e.IDColumn != e.TargetColumn, f("evaluation.target_column"), "must differ from id_column")
		if err == nil && m.Name == scoring.MAPAtK {
			v.Check(e.K >= 1 && e.K <= 100, f("evaluation.k"), "must be from 1 to 100 for map_at_k")
		}
		v.Check(e.PublicFraction >= 0 && e.PublicFraction < 1, f("evaluation.public_fraction"), "must be from 0 to less than 1")
	}
}

// checkTiers checks the host's placement tiers: each names its achievement
// and is reached by either the first ranks or a share of the teams.
func checkTiers(v *apperr.Validation, tiers []PlacementTier) {
	v.Check(len(tiers) <= 5, "tiers", "must have at most 5 tiers")
	seen := map[string]bool{TierParticipation: true}
	for i, t := range tiers {
		f := func(name string) string { return fmt.Sprintf("tiers[%d].%s", i, name) }
		v.Check(idPattern.MatchString(t.ID) && !seen[t.ID], f("id"), "must be a unique id of lowercase letters, digits, '-' and '_', at most 40, other than participation")
		seen[t.ID] = true
		checkText(v, f("name"), t.Name, 1, 60)
		ranks, percent := t.TopRanks != 0, t.TopPercent != 0
		v.Check(ranks != percent, f("top_ranks"), "give either top_ranks or top_percent")
		if ranks {
			v.Check(t.TopRanks >= 1 && t.TopRanks <= 1000, f("top_ranks"), "must be from 1 to 1000")
		}
		if percent {
			v.Check(t.TopPercent > 0 && t.TopPercent <= 100, f("top_percent"), "must be more than 0 and at most 100")
		}
	}
}

// checkInput validates the input and looks its skills up in the taxonomy,
// reporting every invalid field at once.
func (s *Service) checkInput(ctx context.Context, in CompetitionInput) ([]SkillRef, error) {
	var v apperr.Validation
	in.check(&v)
	refs, err := s.skillRefs(ctx, in.Skills, &v)
	if err != nil {
		return nil, err
	}
	return refs, v.Err()
}

// skillRefs looks skills up in the taxonomy, naming every unknown one in v.
func (s *Service) skillRefs(ctx context.Context, ids []string, v *apperr.Validation) ([]SkillRef, error) {
	refs := make([]SkillRef, 0, len(ids))
	for i, id := range ids {
		sk, err := s.skills.Skill(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			v.Add(fmt.Sprintf("skills[%d]", i), "%q is not a skill of the taxonomy", id)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("look up skill %s: %w", id, err)
		}
		refs = append(refs, SkillRef{ID: sk.ID, Label: sk.Label("en")})
	}
	return refs, nil
}

// apply writes the input into c with its skills looked up; a phase whose
// evaluation is unchanged keeps the solution it had among old.
func (in CompetitionInput) apply(c *Competition, skills []SkillRef, old []Phase) {
	c.Title, c.Slug, c.Summary, c.Overview, c.Rules, c.Prizes = in.Title, in.Slug, in.Summary, in.Overview, in.Rules, in.Prizes
	c.Skills, c.Level, c.Languages, c.Tags = skills, in.Level, nonNil(in.Languages), nonNil(in.Tags)
	c.StartAt, c.EndAt = in.StartAt.UTC(), in.EndAt.UTC()
	c.EntryDeadline, c.MergerDeadline = utc(in.EntryDeadline), utc(in.MergerDeadline)
	c.TeamSizeLimit, c.DailyLimit, c.TotalLimit, c.FinalSelections = in.TeamSizeLimit, in.DailyLimit, in.TotalLimit, in.FinalSelections
	c.Eligibility, c.DataLicence, c.ForumURL = in.Eligibility, in.DataLicence, in.ForumURL
	c.Tiers = in.Tiers
	c.Phases = make([]Phase, len(in.Phases))
	for i, ph := range in.Phases {
		p := Phase{ID: ph.ID, Title: ph.Title, StartAt: ph.StartAt.UTC(), EndAt: ph.EndAt.UTC(), DailyLimit: ph.DailyLimit, Evaluation: ph.Evaluation}
		for _, o := range old {
			if o.ID == ph.ID && o.Evaluation == ph.Evaluation {
				p.Solution = o.Solution
			}
		}
		c.Phases[i] = p
	}
}

// inputOf is the input that writes c as it is.
func inputOf(c Competition) CompetitionInput {
	in := CompetitionInput{Title: c.Title, Slug: c.Slug, Summary: c.Summary, Overview: c.Overview, Rules: c.Rules, Prizes: c.Prizes,
		Skills: skillIDs(c.Skills), Level: c.Level, Languages: c.Languages, Tags: c.Tags, StartAt: c.StartAt, EndAt: c.EndAt,
		EntryDeadline: c.EntryDeadline, MergerDeadline: c.MergerDeadline, TeamSizeLimit: c.TeamSizeLimit, DailyLimit: c.DailyLimit,
		TotalLimit: c.TotalLimit, FinalSelections: c.FinalSelections, Tiers: c.Tiers, Eligibility: c.Eligibility, DataLicence: c.DataLicence,
		ForumURL: c.ForumURL, Version: &c.Version}
	for _, ph := range c.Phases {
		in.Phases = append(in.Phases, PhaseInput{ID: ph.ID, Title: ph.Title, StartAt: ph.StartAt, EndAt: ph.EndAt, DailyLimit: ph.DailyLimit, Evaluation: ph.Evaluation})
	}
	return in
}

func skillIDs(refs []SkillRef) []string {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	return ids
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
