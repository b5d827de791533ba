package main

import (
	"context"
	"fmt"
	"time"

	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/identity"
	"academy/services/kit/apperr"
)

// awards describes credentials from the catalogue and identity contexts, so
// the credentials context depends on neither.
type awards struct {
	catalog  *catalog.Service
	identity *identity.Service
}

// Award describes the credential an award source earns.
func (a awards) Award(ctx context.Context, src credentials.AwardSource) (credentials.Award, error) {
	if src.Kind != credentials.SourceCourseCompletion {
		return credentials.Award{}, apperr.NotFoundf("no award for a %s", src.Kind)
	}
	award, err := a.describe(ctx, src.LearnerID, src.SubjectID, "")
	if err != nil {
		return credentials.Award{}, err
	}
	award.Grade = src.Grade
	award.CompletedAt = src.At
	return award, nil
}

// ManualAward describes a credential staff of orgID award without a completion.
func (a awards) ManualAward(ctx context.Context, orgID, learnerID, courseID string) (credentials.Award, error) {
	award, err := a.describe(ctx, learnerID, courseID, orgID)
	if err != nil {
		return credentials.Award{}, err
	}
	award.CompletedAt = time.Now()
	return award, nil
}

// describe fills learner, achievement and issuer; a non-empty orgID must own the course.
func (a awards) describe(ctx context.Context, userID, courseID, orgID string) (credentials.Award, error) {
	u, err := a.identity.Me(ctx, userID)
	if err != nil {
		return credentials.Award{}, err
	}
	course, err := a.catalog.CourseByID(ctx, courseID)
	if err != nil {
		return credentials.Award{}, err
	}
	if course.Published == nil || (orgID != "" && course.InstitutionID != orgID) {
		return credentials.Award{}, apperr.NotFoundf("no published course %s of this organisation", courseID)
	}
	ach, iss, err := a.achievementOf(ctx, course)
	if err != nil {
		return credentials.Award{}, err
	}
	return credentials.Award{
		Learner:     credentials.Learner{ID: u.ID, Name: u.DisplayName, Email: u.Email},
		Achievement: ach, Issuer: iss,
	}, nil
}

// Achievement describes the achievement a published course awards, by slug.
func (a awards) Achievement(ctx context.Context, slug string) (credentials.Achievement, credentials.Issuer, error) {
	course, err := a.catalog.CourseBySlug(ctx, slug)
	if err != nil {
		return credentials.Achievement{}, credentials.Issuer{}, err
	}
	if course.Published == nil || !course.Published.Credential {
		return credentials.Achievement{}, credentials.Issuer{}, apperr.NotFoundf("no published course %s awards a credential", slug)
	}
	return a.achievementOf(ctx, course)
}

// achievementOf describes a published course that awards a credential, and its institution.
func (a awards) achievementOf(ctx context.Context, course catalog.Course) (credentials.Achievement, credentials.Issuer, error) {
	f := course.Published.CourseFields
	if !f.Credential {
		return credentials.Achievement{}, credentials.Issuer{}, apperr.New(apperr.Invalid, "no-credential", "course %s awards no credential", course.Slug)
	}
	inst, err := a.catalog.Institution(ctx, course.Institution)
	if err != nil {
		return credentials.Achievement{}, credentials.Issuer{}, err
	}
	skills := make([]credentials.Skill, 0, len(f.Skills))
	for _, ref := range f.Skills {
		sk, err := a.catalog.Skill(ctx, ref.Skill)
		if err != nil {
			return credentials.Achievement{}, credentials.Issuer{}, fmt.Errorf("skill %s of course %s: %w", ref.Skill, course.Slug, err)
		}
		skills = append(skills, credentials.Skill{ID: sk.ID, Label: sk.Label(f.Language), ESCOURI: sk.URI})
	}
	return credentials.Achievement{
			ID: course.ID, Slug: course.Slug, Name: f.Title, Description: f.Summary,
			Criteria: fmt.Sprintf("Completed every required lesson and assessment of the course and reached its pass mark of %g%%.", f.PassMark),
			Skills:   skills, ECTS: f.ECTS, WorkloadHours: float64(f.WorkloadHours), EQFLevel: f.EQFLevel, Language: f.Language,
			LearningOutcomes: f.LearningOutcomes, AssessmentType: f.AssessmentType, ParticipationForm: f.Participation,
			QualityAssurance: f.QualityAssurance,
		}, credentials.Issuer{OrgID: course.InstitutionID, Slug: inst.Slug, Name: inst.Name, Country: inst.Country,
			Website: inst.Website, Description: inst.Description},
		nil
}
