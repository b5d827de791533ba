package competitions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/blob"
	"academy/services/kit/tally"
)

// SubmissionContentTypes are the media types a prediction file is accepted as.
var SubmissionContentTypes = []string{"text/csv", "application/gzip", "application/x-gzip"}

// Upload is a prediction file as it arrives.
type Upload struct {
	PhaseID     string
	Description string
	FileName    string
	ContentType string
	Body        io.Reader
}

// Submit validates a prediction file on its way into the blob store and,
// when valid, reserves a quota slot, records the submission as queued and
// enqueues its scoring. An invalid file is not kept and takes no slot.
func (s *Service) Submit(ctx context.Context, p auth.Principal, slug string, up Upload) (SubmissionView, error) {
	if !p.Authenticated() {
		return SubmissionView{}, apperr.Unauthorizedf("sign in to submit")
	}
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return SubmissionView{}, err
	}
	if c.State == StateDraft {
		return SubmissionView{}, apperr.NotFoundf("no such competition")
	}
	_, team, err := s.participant(ctx, p, c)
	if err != nil {
		return SubmissionView{}, err
	}
	now := s.clock()
	ph, err := s.submissionPhase(c, up.PhaseID, now)
	if err != nil {
		return SubmissionView{}, err
	}
	if team.Disqualified {
		return SubmissionView{}, apperr.New(apperr.Forbidden, "team-disqualified", "your team was disqualified from this competition")
	}
	if len(up.Description) > 500 {
		return SubmissionView{}, apperr.InvalidField("description", "must have at most 500 characters")
	}
	// Refusing before the upload spares a participant the wait; the
	// reservation after it decides.
	if err := quotaLeft(c, ph, team, now); err != nil {
		return SubmissionView{}, err
	}
	sol, err := s.solution(ctx, c, ph)
	if err != nil {
		return SubmissionView{}, err
	}
	sub := Submission{ID: newID(), CompetitionID: c.ID, PhaseID: ph.ID, TeamID: team.ID, SubmittedBy: p.UserID,
		Description: up.Description, FileName: up.FileName, ContentType: up.ContentType, Day: utcDay(now),
		Status: SubmissionQueued, CreatedAt: now}
	info, err := s.storeSubmission(ctx, c, ph, sol, sub.ID, up)
	if err != nil {
		return SubmissionView{}, err
	}
	sub.Size, sub.SHA256 = info.Size, info.SHA256
	// Listed as unfinished before its slot is taken and it is written: the
	// reconciler then finds every submission, and gives back the slot of
	// one whose upload stopped before it was written.
	if err := s.store.MarkUnfinished(ctx, sub.ID, Pending{EnqueuedAt: now, CompetitionID: c.ID, TeamID: team.ID, Day: sub.Day}); err != nil {
		return SubmissionView{}, err
	}
	if err := s.reserve(ctx, c, ph, team.ID, sub.ID, now); err != nil {
		s.deleteSubmissionFiles(context.WithoutCancel(ctx), c, ph, sub.ID)
		_ = s.store.MarkFinished(context.WithoutCancel(ctx), sub.ID)
		return SubmissionView{}, err
	}
	if err := s.store.InsertSubmission(ctx, sub); err != nil {
		return SubmissionView{}, err
	}
	s.tally.Count(ctx, tally.Submissions, sub.ID, p.UserID, now)
	if _, err := s.queue.Add(ctx, jobs.NewScoreTask(sub.ID, 0)); err != nil {
		s.log.Warn("enqueue scoring; the reconciler will", "submission", sub.ID, "err", err)
	}
	return s.submissionView(ctx, c, sub, false)
}

// storeSubmission validates a prediction file against the solution as it
// streams into the blob store, and stores the predictions as parsed beside
// it: scoring them and comparing them with others then reads that instead
// of parsing the file again, which cost more than the rest of scoring.
// Without it (not written, or the solution replaced since) the file is
// parsed again.
func (s *Service) storeSubmission(ctx context.Context, c Competition, ph Phase, sol *scoring.Solution, submissionID string, up Upload) (blob.Info, error) {
	var preds *scoring.Predictions
	info, err := s.storeChecked(ctx, submissionKey(c.ID, submissionID), up.Body, blob.PutOptions{ContentType: up.ContentType, MaxSize: MaxSubmissionSize},
		func(r io.Reader) error {
			var err error
			preds, err = sol.ReadPredictions(r, scoring.Limits{})
			var fe *scoring.FileError
			if errors.As(err, &fe) {
				return invalidFile("invalid-submission", "submission", fe)
			}
			return err
		})
	if err != nil {
		return info, err
	}
	data, err := preds.MarshalBinary()
	if err == nil {
		_, err = s.files.Put(ctx, parsedKey(c.ID, submissionID, ph.Solution.UploadID), bytes.NewReader(data), blob.PutOptions{ContentType: "application/octet-stream", MaxSize: int64(len(data))})
	}
	if err != nil {
		s.log.Warn("store parsed predictions; scoring parses the file", "submission", submissionID, "err", err)
	}
	return info, nil
}

// deleteSubmissionFiles deletes a submission's file and its parsed predictions.
func (s *Service) deleteSubmissionFiles(ctx context.Context, c Competition, ph Phase, submissionID string) {
	for _, key := range []string{submissionKey(c.ID, submissionID), parsedKey(c.ID, submissionID, ph.Solution.UploadID)} {
		if err := s.files.Delete(ctx, key); err != nil && !errors.Is(err, blob.ErrNotFound) {
			s.log.Warn("delete a refused submission's files", "key", key, "err", err)
		}
	}
}

// submissionPhase is the phase a submission goes to: the one named, or the
// one running; it must be running.
func (s *Service) submissionPhase(c Competition, phaseID string, now time.Time) (Phase, error) {
	var ph Phase
	if phaseID != "" {
		var ok bool
		if ph, ok = c.Phase(phaseID); !ok {
			return ph, apperr.NotFoundf("no such phase")
		}
	} else if cur, ok := currentPhase(c, now); ok {
		ph = cur
	}
	if c.Status(now) != StatusRunning || ph.ID == "" || now.Before(ph.StartAt) || !now.Before(ph.EndAt) {
		return ph, apperr.Conflictf("competition-not-running", "the competition (or this phase) is not taking submissions now")
	}
	return ph, nil
}

// quotaLeft reports, from a team as read, whether it has a slot left.
func quotaLeft(c Competition, ph Phase, t Team, now time.Time) error {
	if t.Day == utcDay(now) && t.Today >= dailyLimit(c, ph) {
		return dailyLimitReached(now)
	}
	if c.TotalLimit > 0 && t.Total >= c.TotalLimit {
		return apperr.New(apperr.TooMany, "total-limit-reached", "your team has used all %d submissions of this competition", c.TotalLimit)
	}
	return nil
}

func dailyLimitReached(now time.Time) error {
	resets := nextUTCMidnight(now)
	e := apperr.New(apperr.TooMany, "daily-limit-reached", "your team has used today's submissions; they reset at %s", resets.Format(time.RFC3339))
	e.RetryAfter = resets.Sub(now)
	return e
}

// reserve takes one quota slot on the team's document: a guarded write
// that holds however many submissions arrive at once.
func (s *Service) reserve(ctx context.Context, c Competition, ph Phase, teamID, submissionID string, now time.Time) error {
	day := utcDay(now)
	for range 5 {
		t, err := s.store.Team(ctx, teamID)
		if err != nil {
			return err
		}
		if t.Day != day {
			// A new day: its counter starts from nothing, once.
			if _, _, err := s.store.UpdateTeam(ctx, teamID, bson.M{"day": t.Day}, bson.M{"$set": bson.M{"day": day, "today": 0}}); err != nil {
				return err
			}
			continue
		}
		if err := quotaLeft(c, ph, t, now); err != nil {
			return err
		}
		guard := bson.M{"day": day, "today": bson.M{"$lt": dailyLimit(c, ph)}}
		if c.TotalLimit > 0 {
			guard["total"] = bson.M{"$lt": c.TotalLimit}
		}
		_, ok, err := s.store.UpdateTeam(ctx, teamID, guard, bson.M{"$inc": bson.M{"today": 1, "total": 1}, "$set": bson.M{"slots." + submissionID: slotHeld, "submitted": true}})
		if err != nil || ok {
			return err
		}
	}
	return apperr.New(apperr.Unavailable, "busy", "your team's quota is changing too fast; try again")
}

// States of a quota slot in Team.Slots.
const (
	slotHeld     = "held"
	slotReleased = "released"
)

// release gives back the slot of a failed submission, once: the team
// records the slot's state in the same write as its counters.
func (s *Service) release(ctx context.Context, sub Submission) error {
	slot := "slots." + sub.ID
	set := bson.M{slot: slotReleased}
	_, ok, err := s.store.UpdateTeam(ctx, sub.TeamID, bson.M{slot: slotHeld, "day": sub.Day},
		bson.M{"$set": set, "$inc": bson.M{"today": -1, "total": -1}})
	if err != nil || ok {
		return err
	}
	// Another day's slot: only the total gives it back.
	_, _, err = s.store.UpdateTeam(ctx, sub.TeamID, bson.M{slot: slotHeld}, bson.M{"$set": set, "$inc": bson.M{"total": -1}})
	return err
}

// Submission returns a submission of p's team, or any to the host.
func (s *Service) Submission(ctx context.Context, p auth.Principal, slug, id string) (SubmissionView, error) {
	c, sub, host, err := s.readableSubmission(ctx, p, slug, id)
	if err != nil {
		return SubmissionView{}, err
	}
	return s.submissionView(ctx, c, sub, host)
}

func (s *Service) readableSubmission(ctx context.Context, p auth.Principal, slug, id string) (Competition, Submission, bool, error) {
	if !p.Authenticated() {
		return Competition{}, Submission{}, false, apperr.Unauthorizedf("sign in to see submissions")
	}
	c, host, err := s.visible(ctx, p, slug)
	if err != nil {
		return c, Submission{}, false, err
	}
	sub, err := s.store.Submission(ctx, id)
	if err != nil || sub.CompetitionID != c.ID {
		return c, sub, false, apperr.NotFoundf("no such submission")
	}
	if host {
		return c, sub, true, nil
	}
	e, err := s.store.Entry(ctx, entryID(c.ID, p.UserID))
	if err != nil {
		return c, sub, false, apperr.NotFoundf("no such submission")
	}
	t, err := s.currentTeam(ctx, e)
	if err != nil {
		return c, sub, false, err
	}
	if !t.owns(sub.TeamID) {
		return c, sub, false, apperr.NotFoundf("no such submission")
	}
	return c, sub, false, nil
}

// MySubmissions returns a page of p's team's submissions, newest first.
func (s *Service) MySubmissions(ctx context.Context, p auth.Principal, slug, before string, limit int) ([]SubmissionView, error) {
	if !p.Authenticated() {
		return nil, apperr.Unauthorizedf("sign in to see your submissions")
	}
	c, _, err := s.visible(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	e, err := s.entryOf(ctx, p, c)
	if err != nil {
		return nil, err
	}
	t, err := s.currentTeam(ctx, e)
	if err != nil {
		return nil, err
	}
	ids, err := s.submissionIDs(ctx, t)
	if err != nil {
		return nil, err
	}
	list, err := s.store.SubmissionsAmong(ctx, ids, before, limit)
	if err != nil {
		return nil, err
	}
	return s.submissionViews(ctx, c, list, false)
}

// submissionIDs returns the ids of a team's submissions: those its quota
// slots name, its own and those of the teams it absorbed.
func (s *Service) submissionIDs(ctx context.Context, t Team) ([]string, error) {
	teams := []Team{t}
	for _, id := range t.Absorbed {
		absorbed, err := s.store.Team(ctx, id)
		if err != nil {
			return nil, err
		}
		teams = append(teams, absorbed)
	}
	var ids []string
	for _, tm := range teams {
		for id := range tm.Slots {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// HostSubmissions returns a page of every team's submissions with both scores, to the host.
func (s *Service) HostSubmissions(ctx context.Context, p auth.Principal, slug, before string, limit int) ([]SubmissionView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	list, err := s.store.CompetitionSubmissions(ctx, c.ID, before, limit)
	if err != nil {
		return nil, err
	}
	return s.submissionViews(ctx, c, list, true)
}

func (s *Service) submissionViews(ctx context.Context, c Competition, list []Submission, host bool) ([]SubmissionView, error) {
	teams, err := s.teamsOf(ctx, list)
	if err != nil {
		return nil, err
	}
	out := make([]SubmissionView, len(list))
	for i, sub := range list {
		v, err := s.viewOf(ctx, c, sub, host, teams)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// submissionView shows a submission; its private score only to the host,
// or to anyone once the competition is finished.
func (s *Service) submissionView(ctx context.Context, c Competition, sub Submission, host bool) (SubmissionView, error) {
	teams, err := s.teamsOf(ctx, []Submission{sub})
	if err != nil {
		return SubmissionView{}, err
	}
	return s.viewOf(ctx, c, sub, host, teams)
}

// viewOf shows a submission with the team it counts for, from teams (teamsOf).
func (s *Service) viewOf(ctx context.Context, c Competition, sub Submission, host bool, teams map[string]Team) (SubmissionView, error) {
	team := teams[sub.TeamID]
	v := SubmissionView{ID: sub.ID, PhaseID: sub.PhaseID, TeamID: sub.TeamID, TeamName: team.Name, SubmittedBy: sub.SubmittedBy, Description: sub.Description,
		FileName: sub.FileName, Size: sub.Size, Status: sub.Status, PublicScore: sub.PublicScore, Reason: sub.Reason,
		CreatedAt: sub.CreatedAt, ScoredAt: sub.ScoredAt, Selected: slices.Contains(team.Selected, sub.ID), Baseline: sub.Baseline, BaselineName: sub.BaselineName}
	if host || c.State == StateFinished {
		v.PrivateScore = sub.PrivateScore
	}
	if sub.Status == SubmissionQueued {
		ids, err := s.store.QueuePositions(ctx)
		if err != nil {
			return v, err
		}
		n, _ := slices.BinarySearch(ids, sub.ID)
		n++
		v.QueuePosition = &n
	}
	return v, nil
}

// ScoreSubmission scores a submission once, however often it is called:
// queued → scoring → scored, or failed with a reason. A run that stops
// halfway leaves it scoring, and the next run scores it again; only one
// result is stored. Errors worth a retry are returned.
func (s *Service) ScoreSubmission(ctx context.Context, id string) error {
	sub, err := s.store.Submission(ctx, id)
	if err != nil {
		return err
	}
	if sub.final() {
		return s.settle(ctx, nil, sub)
	}
	c, err := s.store.Competition(ctx, sub.CompetitionID)
	if err != nil {
		return err
	}
	ph, ok := c.Phase(sub.PhaseID)
	if !ok {
		return s.fail(ctx, sub, "the phase was removed from the competition")
	}
	started, ok, err := s.store.UpdateSubmission(ctx, id, bson.M{"status": bson.M{"$in": []string{SubmissionQueued, SubmissionScoring}}},
		bson.M{"$set": bson.M{"status": SubmissionScoring}, "$inc": bson.M{"attempts": 1}})
	if err != nil {
		return err
	}
	if !ok {
		if sub, err = s.store.Submission(ctx, id); err != nil {
			return err
		}
		return s.settle(ctx, nil, sub)
	}
	if started.Attempts > s.maxAttempts {
		return s.fail(ctx, started, fmt.Sprintf("scoring did not finish after %d tries", s.maxAttempts))
	}
	sol, err := s.solution(ctx, c, ph)
	if err != nil {
		return err
	}
	preds, err := s.predictions(ctx, c, ph, sol, id)
	if errors.Is(err, blob.ErrNotFound) {
		return s.fail(ctx, started, "the submitted file is no longer stored")
	}
	var scores scoring.Scores
	if err == nil {
		scores, err = sol.ScorePredictions(preds)
	}
	var fe *scoring.FileError
	switch {
	case errors.As(err, &fe):
		msgs := make([]string, len(fe.Problems))
		for i, p := range fe.Problems {
			msgs[i] = p.Message
		}
		return s.fail(ctx, started, "the file does not match the solution: "+strings.Join(msgs, "; "))
	case errors.Is(err, scoring.ErrUndefined):
		return s.fail(ctx, started, "the metric is undefined for this file: "+err.Error())
	case err != nil:
		return fmt.Errorf("score submission %s: %w", id, err)
	}
	// The integrity check that follows compares the predictions just read
	// without reading the file again.
	s.comparisons.keep(s.comparisons.phase(solutionCacheKey(c.ID, ph.ID, ph.Solution.UploadID), sol), id, preds)
	scored, ok, err := s.store.UpdateSubmission(ctx, id, bson.M{"status": SubmissionScoring},
		bson.M{"$set": bson.M{"status": SubmissionScored, "public_score": scores.Public, "private_score": scores.Private, "scored_at": s.clock()}})
	if err != nil {
		return err
	}
	if !ok {
		if scored, err = s.store.Submission(ctx, id); err != nil {
			return err
		}
	}
	return s.settle(ctx, &c, scored)
}

// predictions reads a stored submission against the solution: as parsed
// on its way in when stored so against this solution, else from its file.
// A file no longer stored is blob.ErrNotFound, parsed or not: the parsed
// form stands for the file, never in its place. An invalid file (the
// solution changed) is a *scoring.FileError.
func (s *Service) predictions(ctx context.Context, c Competition, ph Phase, sol *scoring.Solution, submissionID string) (*scoring.Predictions, error) {
	if _, err := s.files.Stat(ctx, submissionKey(c.ID, submissionID)); err != nil {
		return nil, err
	}
	p, err := s.parsedPredictions(ctx, c, ph, sol, submissionID)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, blob.ErrNotFound) {
		s.log.Warn("read parsed predictions; parsing the file", "submission", submissionID, "err", err)
	}
	r, _, err := s.files.Get(ctx, submissionKey(c.ID, submissionID))
	if errors.Is(err, blob.ErrNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("open submission %s: %w", submissionID, err)
	}
	defer r.Close()
	return sol.ReadPredictions(r, scoring.Limits{})
}

// parsedPredictions reads a submission's predictions as parsed on its way
// in against this solution; none stored is blob.ErrNotFound.
func (s *Service) parsedPredictions(ctx context.Context, c Competition, ph Phase, sol *scoring.Solution, submissionID string) (*scoring.Predictions, error) {
	r, _, err := s.files.Get(ctx, parsedKey(c.ID, submissionID, ph.Solution.UploadID))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return sol.UnmarshalPredictions(data)
}

// competitionOf is the submission's competition: known if not nil, else read.
func (s *Service) competitionOf(ctx context.Context, known *Competition, sub Submission) (Competition, error) {
	if known != nil && known.ID == sub.CompetitionID {
		return *known, nil
	}
	return s.store.Competition(ctx, sub.CompetitionID)
}

// fail marks a submission failed with a reason, unless it is final already, and settles it.
func (s *Service) fail(ctx context.Context, sub Submission, reason string) error {
	failed, ok, err := s.store.UpdateSubmission(ctx, sub.ID, bson.M{"status": bson.M{"$in": []string{SubmissionQueued, SubmissionScoring}}},
		bson.M{"$set": bson.M{"status": SubmissionFailed, "reason": reason}})
	if err != nil {
		return err
	}
	if !ok {
		if failed, err = s.store.Submission(ctx, sub.ID); err != nil {
			return err
		}
	}
	return s.settle(ctx, nil, failed)
}

// settle finishes what follows a final status, idempotently: a scored
// submission goes on the leaderboard, a failed one gives its slot back;
// then it leaves the unfinished set and its waiters are told. known is the
// submission's competition if the caller read it (nil: it is read).
func (s *Service) settle(ctx context.Context, known *Competition, sub Submission) error {
	switch sub.Status {
	case SubmissionScored:
		if err := s.placeOnBoard(ctx, known, sub); err != nil {
			return err
		}
		if !sub.Baseline {
			if err := s.requestIntegrityCheck(ctx, sub.CompetitionID); err != nil {
				return err
			}
		}
	case SubmissionFailed:
		if sub.Baseline {
			break
		}
		if err := s.release(ctx, sub); err != nil {
			return err
		}
	default:
		return nil
	}
	if err := s.store.MarkFinished(ctx, sub.ID); err != nil {
		return err
	}
	s.final.Wake(sub.ID)
	return nil
}

// ReconcileScoring re-enqueues the unfinished submissions whose scoring was
// enqueued longer than olderThan ago, fails those enqueued too often, and
// settles those that are final; it returns how many it acted on. It also
// re-enqueues the integrity checks that are due.
func (s *Service) ReconcileScoring(ctx context.Context, olderThan time.Duration) (int, error) {
	set, err := s.store.Unfinished(ctx)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	if err := s.reconcileIntegrity(ctx); err != nil {
		return 0, err
	}
	n := 0
	for id, p := range set {
		if now.Sub(p.EnqueuedAt) < olderThan {
			continue
		}
		n++
		sub, err := s.store.Submission(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			// Listed by an upload that stopped before writing it: its slot,
			// if it took one, is given back.
			if err := s.release(ctx, Submission{ID: id, TeamID: p.TeamID, Day: p.Day}); err != nil {
				return n, err
			}
			if err := s.store.MarkFinished(ctx, id); err != nil {
				return n, err
			}
			continue
		}
		if err != nil {
			return n, err
		}
		if sub.final() {
			if err := s.settle(ctx, nil, sub); err != nil {
				return n, err
			}
			continue
		}
		if p.Enqueues+1 >= s.maxAttempts || sub.Attempts >= s.maxAttempts {
			if err := s.fail(ctx, sub, fmt.Sprintf("scoring did not finish after %d tries", p.Enqueues+1)); err != nil {
				return n, err
			}
			continue
		}
		p.EnqueuedAt, p.Enqueues = now, p.Enqueues+1
		if err := s.store.MarkUnfinished(ctx, id, p); err != nil {
			return n, err
		}
		if _, err := s.queue.Add(ctx, jobs.NewScoreTask(id, p.Enqueues)); err != nil {
			return n, fmt.Errorf("re-enqueue scoring of %s: %w", id, err)
		}
	}
	return n, nil
}

// reconcileIntegrity enqueues again the integrity checks that are due, with
// fresh task ids, as a check that failed for good keeps its id.
func (s *Service) reconcileIntegrity(ctx context.Context) error {
	due, err := s.store.PendingFlags(ctx)
	if err != nil {
		return err
	}
	for _, fs := range due {
		if _, err := s.queue.Add(ctx, jobs.NewIntegrityTask(fs.ID, fs.Seq)); err != nil {
			return fmt.Errorf("re-enqueue the integrity check of %s: %w", fs.ID, err)
		}
	}
	return nil
}
