package credentials

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

// HandleCourseCompleted is the credentials context's subscriber to
// CourseCompleted: it issues the credential the completion earns. Handling
// the event again returns the credential already issued. An event that
// cannot be read, and an award that cannot be issued, are not retried.
func (s *Service) HandleCourseCompleted(ctx context.Context, ev events.Event) error {
	var d events.CourseCompletedData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	src := AwardSource{
		Kind: SourceCourseCompletion, ID: d.CompletionID, LearnerID: d.LearnerID, SubjectID: d.CourseID,
		Grade: d.GradePercent, At: d.CompletedAt,
	}
	if _, err := s.Issue(ctx, src); err != nil {
		if k := apperr.KindOf(err); k == apperr.Invalid || k == apperr.NotFound {
			return fmt.Errorf("issue credential for completion %s: %v: %w", d.CompletionID, err, asynq.SkipRetry)
		}
		return fmt.Errorf("issue credential for completion %s: %w", d.CompletionID, err)
	}
	return nil
}

// HandleCompetitionFinalised is the credentials context's subscriber to
// CompetitionFinalised: every member of every ranked team gets the
// competition's participation credential and, when the rank earns one, its
// placement credential. Handling the event again issues nothing new. An
// event that cannot be read is not retried; an award the competition does
// not describe (no placement for the rank, a disqualified team) is none.
func (s *Service) HandleCompetitionFinalised(ctx context.Context, ev events.Event) error {
	var d events.CompetitionFinalisedData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	for _, team := range d.Ranking {
		for _, learnerID := range team.Members {
			for _, kind := range []string{SourceCompetitionParticipation, SourceCompetitionPlacement} {
				src := AwardSource{
					Kind: kind, ID: d.CompetitionID + ":" + learnerID, LearnerID: learnerID, SubjectID: d.CompetitionID, TeamID: team.TeamID,
					Rank: team.Rank, Entrants: d.Teams, Score: team.Score, At: d.FinalisedAt,
				}
				_, err := s.Issue(ctx, src)
				switch k := apperr.KindOf(err); {
				case err == nil, k == apperr.NotFound:
				case k == apperr.Invalid:
					s.log.Warn("competition award not issued", "competition", d.CompetitionID, "learner", learnerID, "kind", kind, "err", err)
				default:
					return fmt.Errorf("issue %s credential of competition %s to %s: %w", kind, d.CompetitionID, learnerID, err)
				}
			}
		}
	}
	return nil
}
