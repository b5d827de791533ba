package catalog

import (
	"context"
	"fmt"

	"academy/services/kit/apperr"
	"academy/services/kit/award"
)

// CourseAchievement describes the achievement a published course awards,
// and its institution as the issuer: what the credential of whoever completes
// it states. A non-empty orgID must own the course. It fails with a NotFound
// apperr when there is no such published course, and an Invalid one when the
// course awards no credential.
func (s *Service) CourseAchievement(ctx context.Context, courseID, orgID string) (award.Achievement, award.Issuer, error) {
	course, err := s.CourseByID(ctx, courseID)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	if course.Published == nil || (orgID != "" && course.InstitutionID != orgID) {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("no published course %s of this organisation", courseID)
	}
	return s.achievementOf(ctx, course)
}

// CourseAchievementBySlug describes the achievement of the published course
// with this slug; it fails with a NotFound apperr when no such course awards
// a credential.
func (s *Service) CourseAchievementBySlug(ctx context.Context, slug string) (award.Achievement, award.Issuer, error) {
	course, err := s.CourseBySlug(ctx, slug)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	if course.Published == nil || !course.Published.Credential {
		return award.Achievement{}, award.Issuer{}, apperr.NotFoundf("no published course %s awards a credential", slug)
	}
	return s.achievementOf(ctx, course)
}

// achievementOf describes a published course that awards a credential, and its institution.
func (s *Service) achievementOf(ctx context.Context, course Course) (award.Achievement, award.Issuer, error) {
	f := course.Published.CourseFields
	if !f.Credential {
		return award.Achievement{}, award.Issuer{}, apperr.New(apperr.Invalid, "no-credential", "course %s awards no credential", course.Slug)
	}
	// The profile alone: the institution page's lists are not needed here.
	inst, err := s.store.Institution(ctx, course.Institution)
	if err != nil {
		return award.Achievement{}, award.Issuer{}, err
	}
	skills := make([]award.Skill, 0, len(f.Skills))
	for _, ref := range f.Skills {
		sk, err := s.Skill(ctx, ref.Skill)
		if err != nil {
			return award.Achievement{}, award.Issuer{}, fmt.Errorf("skill %s of course %s: %w", ref.Skill, course.Slug, err)
		}
		skills = append(skills, award.Skill{ID: sk.ID, Label: sk.Label(f.Language), ESCOURI: sk.URI})
	}
	return award.Achievement{
			ID: course.ID, Slug: course.Slug, Name: f.Title, Description: f.Summary,
			Criteria: fmt.Sprintf("Completed every required lesson and assessment of the course and reached its pass mark of %g%%.", f.PassMark),
			Skills:   skills, ECTS: f.ECTS, WorkloadHours: float64(f.WorkloadHours), EQFLevel: f.EQFLevel, Language: f.Language,
			LearningOutcomes: f.LearningOutcomes, AssessmentType: f.AssessmentType, ParticipationForm: f.Participation,
			QualityAssurance: f.QualityAssurance,
		}, award.Issuer{OrgID: course.InstitutionID, Slug: inst.Slug, Name: inst.Name, Country: inst.Country,
			Website: inst.Website, Description: inst.Description},
		nil
}
