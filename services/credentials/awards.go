package credentials

import (
	"context"

	"academy/services/kit/apperr"
)

// Courses describes what a course awards; the catalogue context implements it.
type Courses interface {
	// CourseAchievement describes the achievement of a published course
	// that awards a credential, and its issuer; a non-empty orgID must own it.
	CourseAchievement(ctx context.Context, courseID, orgID string) (Achievement, Issuer, error)
	// CourseAchievementBySlug is CourseAchievement by the course's slug.
	CourseAchievementBySlug(ctx context.Context, slug string) (Achievement, Issuer, error)
}

// Competitions describes what a finalised competition awards; the
// competitions context implements it.
type Competitions interface {
	// CompetitionAchievement describes the achievement a member of team
	// teamID earns at rank of teams: the competition's participation, or
	// (placement) the placement tier the rank earns, and its issuer, the
	// host. It fails with a NotFound apperr when there is none: no tier for
	// that rank, a disqualified team, a competition not finalised.
	CompetitionAchievement(ctx context.Context, competitionID, teamID string, placement bool, rank, teams int) (Achievement, Issuer, error)
	// AwardAchievement describes the achievement of an award tier
	// ("participation", "winner", ...) of the finalised competition with
	// this slug; NotFound when there is none.
	AwardAchievement(ctx context.Context, slug, tier string) (Achievement, Issuer, error)
}

// Learners names the people credentials are awarded to; the identity context implements it.
type Learners interface {
	// Contact returns a user's display name and email address.
	Contact(ctx context.Context, userID string) (name, email string, err error)
}

// sourcedAwards describes awards from the contexts that own what is awarded,
// by the kind of the award source.
type sourcedAwards struct {
	courses      Courses
	competitions Competitions
	learners     Learners
}

// NewAwards returns the Awards of the sources this platform knows: course
// completions, described by courses, and competition results, described by
// competitions, awarded to learners.
func NewAwards(courses Courses, competitions Competitions, learners Learners) Awards {
	return sourcedAwards{courses: courses, competitions: competitions, learners: learners}
}

// Award describes the credential an award source earns.
func (a sourcedAwards) Award(ctx context.Context, src AwardSource) (Award, error) {
	switch src.Kind {
	case SourceCourseCompletion:
		award, err := a.course(ctx, src.LearnerID, src.SubjectID, "")
		if err != nil {
			return Award{}, err
		}
		award.Source, award.Grade, award.CompletedAt = src, src.Grade, src.At
		return award, nil
	case SourceCompetitionParticipation, SourceCompetitionPlacement:
		name, email, err := a.learners.Contact(ctx, src.LearnerID)
		if err != nil {
			return Award{}, err
		}
		ach, iss, err := a.competitions.CompetitionAchievement(ctx, src.SubjectID, src.TeamID, src.Kind == SourceCompetitionPlacement, src.Rank, src.Entrants)
		if err != nil {
			return Award{}, err
		}
		return Award{Source: src, Learner: Learner{ID: src.LearnerID, Name: name, Email: email}, Achievement: ach, Issuer: iss,
			Rank: src.Rank, Entrants: src.Entrants, Score: src.Score, CompletedAt: src.At}, nil
	default:
		return Award{}, apperr.NotFoundf("no award for a %s", src.Kind)
	}
}

// ManualAward describes a credential staff of orgID award for one of its
// courses without a recorded completion.
func (a sourcedAwards) ManualAward(ctx context.Context, orgID, learnerID, courseID string) (Award, error) {
	return a.course(ctx, learnerID, courseID, orgID)
}

// Achievement describes the achievement of the published course with this slug.
func (a sourcedAwards) Achievement(ctx context.Context, slug string) (Achievement, Issuer, error) {
	return a.courses.CourseAchievementBySlug(ctx, slug)
}

// CompetitionAchievement describes the achievement of an award tier of the
// finalised competition with this slug.
func (a sourcedAwards) CompetitionAchievement(ctx context.Context, slug, tier string) (Achievement, Issuer, error) {
	return a.competitions.AwardAchievement(ctx, slug, tier)
}

// course describes the award of a course to a learner; a non-empty orgID must own the course.
func (a sourcedAwards) course(ctx context.Context, learnerID, courseID, orgID string) (Award, error) {
	name, email, err := a.learners.Contact(ctx, learnerID)
	if err != nil {
		return Award{}, err
	}
	ach, iss, err := a.courses.CourseAchievement(ctx, courseID, orgID)
	if err != nil {
		return Award{}, err
	}
	return Award{Learner: Learner{ID: learnerID, Name: name, Email: email}, Achievement: ach, Issuer: iss}, nil
}
