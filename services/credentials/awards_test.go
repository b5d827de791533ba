package credentials

import (
	"context"
	"testing"
	"time"

	"academy/services/kit/apperr"
)

// courseTable describes the fixture's micro-credential course, of orgUni.
type courseTable struct{}

func (courseTable) CourseAchievement(_ context.Context, courseID, orgID string) (Achievement, Issuer, error) {
	ach, iss := microCourse()
	if courseID != ach.ID || (orgID != "" && orgID != iss.OrgID) {
		return Achievement{}, Issuer{}, apperr.NotFoundf("no published course %s of this organisation", courseID)
	}
	return ach, iss, nil
}

func (t courseTable) CourseAchievementBySlug(ctx context.Context, slug string) (Achievement, Issuer, error) {
	ach, _ := microCourse()
	if slug != ach.Slug {
		return Achievement{}, Issuer{}, apperr.NotFoundf("no course %s", slug)
	}
	return t.CourseAchievement(ctx, ach.ID, "")
}

type learnerTable struct{}

func (learnerTable) Contact(_ context.Context, userID string) (string, string, error) {
	if userID != "learner-1" {
		return "", "", apperr.NotFoundf("no user %s", userID)
	}
	return "Zoë Müller", "zoe@example.org", nil
}

func TestAwardsFromTheirSources(t *testing.T) {
	awards := NewAwards(courseTable{}, nil, learnerTable{})
	ctx := context.Background()
	at := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	src := AwardSource{Kind: SourceCourseCompletion, ID: "completion-1", LearnerID: "learner-1", SubjectID: "course-ml", Grade: 91, At: at}
	a, err := awards.Award(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if a.Source != src || a.Learner != (Learner{ID: "learner-1", Name: "Zoë Müller", Email: "zoe@example.org"}) || a.Grade != 91 ||
		!a.CompletedAt.Equal(at) || a.Achievement.ID != "course-ml" || a.Issuer.OrgID != orgUni {
		t.Errorf("award %+v, want the completion's learner, grade and time with the course's achievement and issuer", a)
	}
	tests := []struct {
		name string
		src  AwardSource
	}{
		{"unknown kind", AwardSource{Kind: "programme-completion", ID: "p-1", LearnerID: "learner-1", SubjectID: "course-ml"}},
		{"unknown course", AwardSource{Kind: SourceCourseCompletion, ID: "c-2", LearnerID: "learner-1", SubjectID: "course-x"}},
		{"unknown learner", AwardSource{Kind: SourceCourseCompletion, ID: "c-3", LearnerID: "nobody", SubjectID: "course-ml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := awards.Award(ctx, tt.src); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("error %v, want NotFound", err)
			}
		})
	}
	if _, err := awards.ManualAward(ctx, orgOther, "learner-1", "course-ml"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("another organisation's manual award: %v, want NotFound", err)
	}
	if m, err := awards.ManualAward(ctx, orgUni, "learner-1", "course-ml"); err != nil || m.Issuer.OrgID != orgUni || m.Source != (AwardSource{}) {
		t.Errorf("manual award %+v (err %v), want the course's, without a source", m, err)
	}
}
