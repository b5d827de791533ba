package dashboard

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/learning"
	"academy/services/search"
)

// Bounds of what the dashboard shows.
const (
	maxCourses           = 50
	maxDeadlines         = 10
	latestCredentials    = 3
	maxOccupations       = 5
	maxMissingShown      = 12
	maxRecommendations   = 6
	recommendationSearch = 50
	// maxSearchSkills bounds the skills one search filters on: occupations have some tens of essential skills each.
	maxSearchSkills = 200
)

// Service builds learners' dashboards.
type Service struct {
	store     *Store
	courses   Courses
	creds     Credentials
	comps     Competitions
	catalogue Catalogue
	now       func() time.Time
}

// NewService returns the dashboard service over the other contexts.
func NewService(store *Store, courses Courses, creds Credentials, comps Competitions, catalogue Catalogue) *Service {
	return &Service{store: store, courses: courses, creds: creds, comps: comps, catalogue: catalogue, now: time.Now}
}

// Dashboard returns p's home page, with labels in lang.
func (s *Service) Dashboard(ctx context.Context, p auth.Principal, lang string) (Dashboard, error) {
	if !p.Authenticated() {
		return Dashboard{}, apperr.Unauthorizedf("sign in to see your dashboard")
	}
	if err := checkLang(lang); err != nil {
		return Dashboard{}, err
	}
	d := Dashboard{}
	var held []credentials.HeldCredential
	var goals Goals
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { d.Courses, err = s.courses.LearnerCourses(gctx, p.UserID, maxCourses); return err })
	g.Go(func() (err error) { held, err = s.creds.Held(gctx, p.UserID); return err })
	g.Go(func() (err error) { d.Competitions, err = s.comps.Joined(gctx, p.UserID); return err })
	g.Go(func() (err error) { goals, err = s.store.Goals(gctx, p.UserID); return err })
	if err := g.Wait(); err != nil {
		return Dashboard{}, err
	}
	now := s.now()
	d.Deadlines = s.deadlines(d, now)
	d.Credentials = CredentialSummary{Total: len(held), Latest: held[:min(len(held), latestCredentials)]}
	proven := provenSkills(held, now)
	var err error
	if d.Skills, err = s.skillLabels(ctx, proven, lang); err != nil {
		return Dashboard{}, err
	}
	goalList, err := s.goals(ctx, goals, proven, lang)
	if err != nil {
		return Dashboard{}, err
	}
	d.Occupations = make([]OccupationGoal, len(goalList))
	for i, gl := range goalList {
		d.Occupations[i] = gl.OccupationGoal
	}
	if d.Recommendations, err = s.recommend(ctx, d.Courses, goalList, d.Skills); err != nil {
		return Dashboard{}, err
	}
	return d, nil
}

func checkLang(lang string) error {
	if !slices.Contains(catalog.SkillLanguages, lang) {
		return apperr.InvalidField("lang", "must be one of %v", catalog.SkillLanguages)
	}
	return nil
}

// deadlines merges the courses' and competitions' dates ahead, soonest first.
func (s *Service) deadlines(d Dashboard, now time.Time) []Deadline {
	out := []Deadline{}
	for _, c := range d.Courses {
		for _, cd := range c.Deadlines {
			out = append(out, Deadline{Kind: cd.Kind, At: cd.At, Title: cd.Title, CourseSlug: c.CourseSlug, CourseTitle: c.CourseTitle,
				Ref: cd.Ref, AttemptID: cd.AttemptID})
		}
	}
	for _, c := range d.Competitions {
		add := func(kind string, at *time.Time) {
			if at != nil && at.After(now) {
				out = append(out, Deadline{Kind: kind, At: *at, Title: c.Title, CompetitionSlug: c.Slug})
			}
		}
		add(DeadlineEntryCloses, c.EntryDeadline)
		add(DeadlineMergerCloses, c.MergerDeadline)
		add(DeadlineCompetitionEnds, &c.EndAt)
	}
	slices.SortStableFunc(out, func(a, b Deadline) int { return a.At.Compare(b.At) })
	return out[:min(len(out), maxDeadlines)]
}

// provenSkills returns the ids of the skills the active, unexpired
// credentials prove, in the order first proven.
func provenSkills(held []credentials.HeldCredential, now time.Time) []string {
	var out []string
	for i := len(held) - 1; i >= 0; i-- {
		c := held[i]
		if c.Status != credentials.StatusActive || (c.ValidUntil != nil && !c.ValidUntil.After(now)) {
			continue
		}
		for _, uri := range c.Skills {
			// Credentials name skills by concept URI; the catalogue by its last segment.
			id := uri[strings.LastIndex(uri, "/")+1:]
			if id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// skillLabels labels skills in lang, leaving out those the taxonomy lacks.
func (s *Service) skillLabels(ctx context.Context, ids []string, lang string) ([]SkillLabel, error) {
	out := []SkillLabel{}
	for _, id := range ids {
		sk, err := s.catalogue.Skill(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, SkillLabel{ID: id, Label: sk.Label(lang)})
	}
	return out, nil
}

// goal is an occupation aimed at, with every essential skill the learner lacks.
type goal struct {
	OccupationGoal
	missing []SkillLabel
}

// goals describes each occupation aimed at with the essential skills not
// proven; an occupation since removed from the taxonomy is left out.
func (s *Service) goals(ctx context.Context, g Goals, proven []string, lang string) ([]goal, error) {
	out := []goal{}
	for _, id := range g.Occupations {
		o, err := s.catalogue.Occupation(ctx, id, lang)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		gl := goal{OccupationGoal: OccupationGoal{ID: o.ID, Label: o.Label, Essential: len(o.Essential)}, missing: []SkillLabel{}}
		for _, sk := range o.Essential {
			if slices.Contains(proven, sk.ID) {
				gl.Proven++
			} else {
				gl.missing = append(gl.missing, SkillLabel{ID: sk.ID, Label: sk.Label})
			}
		}
		gl.Missing = gl.missing[:min(len(gl.missing), maxMissingShown)]
		out = append(out, gl)
	}
	return out, nil
}

// recommend lists published courses the learner has not taken that teach
// the essential skills their occupations need and they lack, those teaching
// the most first; with no such gap, courses on the skills they have proven.
func (s *Service) recommend(ctx context.Context, courses []learning.CourseActivity, goals []goal, proven []SkillLabel) ([]Recommendation, error) {
	reason, wanted := ReasonClosesGap, []SkillLabel{}
	serves := map[string][]string{} // skill id → labels of the occupations needing it
	for _, g := range goals {
		for _, sk := range g.missing {
			if _, ok := serves[sk.ID]; !ok {
				wanted = append(wanted, sk)
			}
			serves[sk.ID] = append(serves[sk.ID], g.Label)
		}
	}
	if len(wanted) == 0 {
		reason, wanted = ReasonBuildsOn, proven
	}
	out := []Recommendation{}
	if len(wanted) == 0 {
		return out, nil
	}
	ids := make([]string, 0, min(len(wanted), maxSearchSkills))
	for _, sk := range wanted[:min(len(wanted), maxSearchSkills)] {
		ids = append(ids, sk.ID)
	}
	res, err := s.catalogue.Search(ctx, search.Query{
		Filters: map[string][]string{search.FacetType: {search.TypeCourse}, search.FacetSkills: ids},
		Limit:   recommendationSearch,
	})
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, c := range courses {
		taken[c.CourseSlug] = true
	}
	for _, h := range res.Hits {
		doc := h.Document
		if taken[doc.Slug] {
			continue
		}
		r := Recommendation{Slug: doc.Slug, Title: doc.Title, Summary: doc.Summary, InstitutionName: doc.InstitutionName,
			Level: doc.Level, Reason: reason, Skills: []SkillLabel{}, Occupations: []string{}}
		for _, sk := range wanted {
			if !slices.Contains(doc.Skills, sk.ID) {
				continue
			}
			r.Skills = append(r.Skills, sk)
			for _, o := range serves[sk.ID] {
				if !slices.Contains(r.Occupations, o) {
					r.Occupations = append(r.Occupations, o)
				}
			}
		}
		if len(r.Skills) > 0 {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b Recommendation) int {
		return cmp.Or(cmp.Compare(len(b.Skills), len(a.Skills)), cmp.Compare(search.TitleSortKey(a.Title), search.TitleSortKey(b.Title)), cmp.Compare(a.Slug, b.Slug))
	})
	return out[:min(len(out), maxRecommendations)], nil
}

// SetGoals replaces the occupations p aims at, at most maxOccupations
// distinct ESCO occupations, and returns them.
func (s *Service) SetGoals(ctx context.Context, p auth.Principal, g Goals) (Goals, error) {
	if !p.Authenticated() {
		return Goals{}, apperr.Unauthorizedf("sign in to choose the occupations you aim at")
	}
	var v apperr.Validation
	switch {
	case g.Occupations == nil:
		v.Add("occupations", "is required: a list of ESCO occupation ids, empty to aim at none")
	case len(g.Occupations) > maxOccupations:
		v.Add("occupations", "must list at most %d occupations", maxOccupations)
	}
	for i, id := range g.Occupations {
		field := fmt.Sprintf("occupations[%d]", i)
		switch {
		case !catalog.IsSkillID(id):
			v.Add(field, "must be an ESCO occupation id (a UUID)")
		case slices.Contains(g.Occupations[:i], id):
			v.Add(field, "is listed twice")
		default:
			_, err := s.catalogue.Occupation(ctx, id, "en")
			if apperr.Is(err, apperr.NotFound) {
				v.Add(field, "is no occupation of the taxonomy")
			} else if err != nil {
				return Goals{}, err
			}
		}
	}
	if err := v.Err(); err != nil {
		return Goals{}, err
	}
	if err := s.store.PutGoals(ctx, p.UserID, g, s.now().UTC()); err != nil {
		return Goals{}, err
	}
	return g, nil
}

// ExportGoals returns the occupations a user aims at, for their data export.
func (s *Service) ExportGoals(ctx context.Context, userID string) (any, error) {
	return s.store.Goals(ctx, userID)
}
