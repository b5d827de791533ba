package teamlearning

import (
	"cmp"
	"context"
	"fmt"
	"path"
	"slices"

	"github.com/hibiken/asynq"

	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/search"
)

// coursesPerGap bounds the courses suggested for one missing skill.
const coursesPerGap = 3

// HandleCredential is the team context's subscriber to CredentialIssued and
// CredentialStatusChanged: it records the credential, as it stands now, in
// its holder's wallet. Handling an event twice writes the same thing.
func (s *Service) HandleCredential(ctx context.Context, ev events.Event) error {
	var d events.CredentialData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	c, err := s.creds.Credential(ctx, d.CredentialID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.store.putCredential(ctx, c.LearnerID, held(c))
}

// loadWallet records every credential the learner holds now.
func (s *Service) loadWallet(ctx context.Context, userID string) error {
	list, err := s.creds.ExportFor(ctx, userID)
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := s.store.putCredential(ctx, userID, held(c)); err != nil {
			return err
		}
	}
	return nil
}

func held(c credentials.StoredCredential) heldCredential {
	h := heldCredential{ID: c.ID, AchievementID: c.AchievementID, Name: c.Certificate.AchievementName, Status: c.Status,
		IssuedAt: c.IssuedAt, ValidUntil: c.ValidUntil, Skills: []string{}}
	for _, uri := range c.Skills {
		h.Skills = append(h.Skills, path.Base(uri))
	}
	return h
}

// active lists the learner's credentials valid now.
func (s *Service) active(ctx context.Context, userID string) ([]heldCredential, error) {
	w, err := s.store.wallet(ctx, userID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := []heldCredential{}
	for _, c := range w.Credentials {
		if c.Status == credentials.StatusActive && (c.ValidUntil == nil || c.ValidUntil.After(now)) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b heldCredential) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// TeamSkills is what the sharing members have proven against the skills of
// the occupations the company picked.
type TeamSkills struct {
	Sharing     int                `json:"sharing"`
	NotSharing  int                `json:"not_sharing"`
	Proven      []SkillCount       `json:"proven"`
	Occupations []OccupationSkills `json:"occupations"`
}

// SkillCount is a skill and how many sharing members proved it.
type SkillCount struct {
	ID      string `json:"id"`
	Label   string `json:"label"`
	Members int    `json:"members"`
}

// OccupationSkills is an occupation's essential skills, each with how many
// sharing members proved it and, when none did, courses that teach it.
type OccupationSkills struct {
	ID      string      `json:"id"`
	Label   string      `json:"label"`
	Covered int         `json:"covered"`
	Skills  []SkillNeed `json:"skills"`
}

// SkillNeed is one essential skill of an occupation.
type SkillNeed struct {
	ID      string      `json:"id"`
	Label   string      `json:"label"`
	Members int         `json:"members"`
	Courses []CourseRef `json:"courses"`
}

// CourseRef names a course.
type CourseRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// Skills returns the team's skills view, its labels in lang.
func (s *Service) Skills(ctx context.Context, p auth.Principal, orgID, lang string) (TeamSkills, error) {
	if lang == "" {
		lang = "en"
	}
	if !slices.Contains(catalog.SkillLanguages, lang) {
		return TeamSkills{}, apperr.InvalidField("lang", "must be one of %v", catalog.SkillLanguages)
	}
	if _, err := s.company(ctx, p, orgID); err != nil {
		return TeamSkills{}, err
	}
	r, err := s.store.roster(ctx, orgID)
	if err != nil {
		return TeamSkills{}, err
	}
	members, err := s.members(ctx, r)
	if err != nil {
		return TeamSkills{}, err
	}
	sharing, notSharing := split(members)
	holders := map[string]int{}
	for _, m := range sharing {
		creds, err := s.active(ctx, m.UserID)
		if err != nil {
			return TeamSkills{}, err
		}
		proven := map[string]bool{}
		for _, c := range creds {
			for _, id := range c.Skills {
				proven[id] = true
			}
		}
		for id := range proven {
			holders[id]++
		}
	}
	out := TeamSkills{Sharing: len(sharing), NotSharing: notSharing, Proven: []SkillCount{}, Occupations: []OccupationSkills{}}
	for id, n := range holders {
		label := id
		if sk, err := s.catalogue.Skill(ctx, id); err == nil {
			label = sk.Label(lang)
		} else if !apperr.Is(err, apperr.NotFound) {
			return TeamSkills{}, err
		}
		out.Proven = append(out.Proven, SkillCount{ID: id, Label: label, Members: n})
	}
	slices.SortFunc(out.Proven, func(a, b SkillCount) int {
		return cmp.Or(cmp.Compare(b.Members, a.Members), cmp.Compare(a.Label, b.Label))
	})
	for _, occID := range r.Occupations {
		o, err := s.catalogue.Occupation(ctx, occID, lang)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return TeamSkills{}, err
		}
		occ := OccupationSkills{ID: o.ID, Label: o.Label, Skills: []SkillNeed{}}
		var gaps []string
		for _, sk := range o.Essential {
			need := SkillNeed{ID: sk.ID, Label: sk.Label, Members: holders[sk.ID], Courses: []CourseRef{}}
			if need.Members > 0 {
				occ.Covered++
			} else {
				gaps = append(gaps, sk.ID)
			}
			occ.Skills = append(occ.Skills, need)
		}
		teaching, err := s.coursesTeaching(ctx, gaps)
		if err != nil {
			return TeamSkills{}, err
		}
		for i := range occ.Skills {
			occ.Skills[i].Courses = append(occ.Skills[i].Courses, teaching[occ.Skills[i].ID]...)
		}
		out.Occupations = append(out.Occupations, occ)
	}
	return out, nil
}

// coursesTeaching finds, in one search, published courses that teach each
// of the skills, a few per skill.
func (s *Service) coursesTeaching(ctx context.Context, skills []string) (map[string][]CourseRef, error) {
	out := map[string][]CourseRef{}
	if len(skills) == 0 {
		return out, nil
	}
	res, err := s.catalogue.Search(ctx, search.Query{
		Filters: map[string][]string{search.FacetType: {search.TypeCourse}, search.FacetSkills: skills},
		Limit:   search.MaxLimit,
	})
	if err != nil {
		return nil, fmt.Errorf("courses teaching the missing skills: %w", err)
	}
	for _, h := range res.Hits {
		for _, id := range h.Document.Skills {
			if slices.Contains(skills, id) && len(out[id]) < coursesPerGap {
				out[id] = append(out[id], CourseRef{Slug: h.Document.Slug, Title: h.Document.Title})
			}
		}
	}
	return out, nil
}
