package competitions

import (
	"context"

	"academy/jobs"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// DefaultBaselineName names a baseline sent without a name.
const DefaultBaselineName = "Baseline"

// SubmitBaseline takes the host's baseline prediction file for a phase:
// validated and scored like any submission, shown beside the ranking under
// its name, never ranked, outside any quota.
func (s *Service) SubmitBaseline(ctx context.Context, p auth.Principal, slug, name string, up Upload) (SubmissionView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return SubmissionView{}, err
	}
	if c.State == StateFinished || c.State == StateFinalising {
		return SubmissionView{}, apperr.Conflictf("competition-finished", "the boards of a finalised competition are frozen")
	}
	ph := c.FinalPhase()
	if up.PhaseID != "" {
		var ok bool
		if ph, ok = c.Phase(up.PhaseID); !ok {
			return SubmissionView{}, apperr.NotFoundf("no such phase")
		}
	} else if cur, ok := currentPhase(c, s.clock()); ok {
		ph = cur
	}
	if name == "" {
		name = DefaultBaselineName
	}
	var v apperr.Validation
	checkText(&v, "name", name, 1, 60)
	v.Check(len(up.Description) <= 500, "description", "must have at most 500 characters")
	if err := v.Err(); err != nil {
		return SubmissionView{}, err
	}
	if ph.Solution == nil {
		return SubmissionView{}, apperr.Conflictf("no-solution", "phase %q has no solution yet: upload it first", ph.ID)
	}
	sol, err := s.solution(ctx, c, ph)
	if err != nil {
		return SubmissionView{}, err
	}
	now := s.clock()
	sub := Submission{ID: newID(), CompetitionID: c.ID, PhaseID: ph.ID, SubmittedBy: p.UserID, Description: up.Description, FileName: up.FileName,
		ContentType: up.ContentType, Day: utcDay(now), Status: SubmissionQueued, Baseline: true, BaselineName: name, CreatedAt: now}
	info, err := s.storeSubmission(ctx, c, ph, sol, sub.ID, up)
	if err != nil {
		return SubmissionView{}, err
	}
	sub.Size, sub.SHA256 = info.Size, info.SHA256
	if err := s.store.MarkUnfinished(ctx, sub.ID, Pending{EnqueuedAt: now, CompetitionID: c.ID, Day: sub.Day}); err != nil {
		return SubmissionView{}, err
	}
	if err := s.store.InsertSubmission(ctx, sub); err != nil {
		return SubmissionView{}, err
	}
	if _, err := s.queue.Add(ctx, jobs.NewScoreTask(sub.ID, 0)); err != nil {
		s.log.Warn("enqueue scoring; the reconciler will", "submission", sub.ID, "err", err)
	}
	return s.submissionView(ctx, c, sub, true)
}
