package competitions

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Seed is a competition of the seed catalogue with its files; it is loaded
// published, through the same steps a host takes.
type Seed struct {
	Input CompetitionInput
	Host  Host
	Files []SeedFile
	// Solutions holds each phase's solution file, by phase id.
	Solutions map[string][]byte
}

// SeedFile is a public data file of a seeded competition.
type SeedFile struct {
	Name        string
	Description string
	ContentType string
	Data        []byte
}

// SampleEntry is a sample participant's submission to a seeded
// competition, made at At as if then.
type SampleEntry struct {
	UserID      string
	Description string
	Predictions []byte // a prediction CSV
	At          time.Time
}

// seeder acts for the seed: an administrator hosts every seeded competition.
var seeder = auth.Principal{UserID: "seed", Admin: true}

// SeedCompetition creates, fills and publishes a seeded competition unless
// one with its slug exists, and reports whether it did. A competition
// created but not published (a load stopped half-way) is completed.
func (s *Service) SeedCompetition(ctx context.Context, sd Seed) (bool, error) {
	c, err := s.store.CompetitionBySlug(ctx, sd.Input.Slug)
	switch {
	case err == nil && c.State != StateDraft:
		return false, nil
	case apperr.Is(err, apperr.NotFound):
		if c, err = s.create(ctx, seeder, sd.Host, sd.Input, true); err != nil {
			return false, err
		}
	case err != nil:
		return false, err
	}
	for _, f := range sd.Files {
		if _, err := s.PutFile(ctx, seeder, c.Slug, f.Name, f.Description, f.ContentType, bytes.NewReader(f.Data)); err != nil {
			return false, fmt.Errorf("seed file %s of %s: %w", f.Name, c.Slug, err)
		}
	}
	for _, ph := range c.Phases {
		if _, err := s.PutSolution(ctx, seeder, c.Slug, ph.ID, bytes.NewReader(sd.Solutions[ph.ID])); err != nil {
			return false, fmt.Errorf("seed solution of %s, phase %s: %w", c.Slug, ph.ID, err)
		}
	}
	if _, err := s.Publish(ctx, seeder, c.Slug); err != nil {
		return false, fmt.Errorf("publish %s: %w", c.Slug, err)
	}
	return true, nil
}

// StartSeed records that a load of the seed's competitions begins, so that
// a start after one stopped half-way resumes it (SeedUnfinished).
func (s *Service) StartSeed(ctx context.Context) error { return s.store.StartSeed(ctx, s.clock()) }

// FinishSeed records that the load of the seed's competitions, their
// sample participants included, completed.
func (s *Service) FinishSeed(ctx context.Context) error { return s.store.FinishSeed(ctx, s.clock()) }

// SeedUnfinished reports whether a load of the seed's competitions began
// and did not complete.
func (s *Service) SeedUnfinished(ctx context.Context) (bool, error) {
	return s.store.SeedUnfinished(ctx)
}

// SamplesPending reports whether the seeded competition with this slug is
// past its end but not finished: a load stopped before its sample
// participants were finalised.
func (s *Service) SamplesPending(ctx context.Context, slug string) (bool, error) {
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return false, err
	}
	return c.Sample && c.State != StateFinished && !s.clock().Before(c.EndAt), nil
}

// SeedSamples enters sample participants in a seeded competition and makes
// their submissions, each at its time, through the entry and submission
// path every participant takes; it returns the submissions' ids. Their
// scoring is queued as usual. A participant whose team submitted already
// (a load resumed) keeps that submission.
func (s *Service) SeedSamples(ctx context.Context, slug string, entries []SampleEntry) ([]string, error) {
	ids := make([]string, 0, len(entries))
	for _, e := range entries {
		then := s.at(e.At)
		p := auth.Principal{UserID: e.UserID}
		if _, _, err := then.Join(ctx, p, slug, true); err != nil {
			return ids, fmt.Errorf("sample entry of %s in %s: %w", e.UserID, slug, err)
		}
		if made, err := s.sampleSubmission(ctx, slug, e.UserID); err != nil || made != "" {
			if err != nil {
				return ids, err
			}
			ids = append(ids, made)
			continue
		}
		sub, err := then.Submit(ctx, p, slug, Upload{Description: e.Description, FileName: "predictions.csv", ContentType: "text/csv", Body: bytes.NewReader(e.Predictions)})
		if err != nil {
			return ids, fmt.Errorf("sample submission of %s in %s: %w", e.UserID, slug, err)
		}
		ids = append(ids, sub.ID)
	}
	return ids, nil
}

// sampleSubmission returns the id of a submission the person's team made
// to the competition, "" when none.
func (s *Service) sampleSubmission(ctx context.Context, slug, userID string) (string, error) {
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return "", err
	}
	en, err := s.store.Entry(ctx, entryID(c.ID, userID))
	if err != nil {
		return "", err
	}
	t, err := s.store.Team(ctx, en.TeamID)
	if err != nil {
		return "", err
	}
	for id := range t.Slots {
		// A slot taken by an upload that stopped before writing its submission is not one.
		_, err := s.store.Submission(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		return id, err
	}
	return "", nil
}

// FinaliseSamples scores the sample submissions (a no-op for those the
// queue scored already) and finalises the competition, as its host would
// once its end has passed.
func (s *Service) FinaliseSamples(ctx context.Context, slug string, submissionIDs []string) error {
	for _, id := range submissionIDs {
		if err := s.ScoreSubmission(ctx, id); err != nil {
			return fmt.Errorf("score sample submission %s: %w", id, err)
		}
	}
	// A scoring task of the queue may still hold a submission it scored,
	// and another process loading the seed may be finalising it too.
	for {
		err := s.Finalise(ctx, seeder, slug)
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			return err
		}
		switch ae.Code {
		case "competition-finalised":
			return nil
		case "scoring-in-progress", "finalisation-in-progress":
		default:
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// at returns the service with its clock stopped at now, sharing everything else.
func (s *Service) at(now time.Time) *Service {
	then := NewService(s.store, s.orgs, s.skills, s.files, s.queue, Options{Events: s.events, Log: s.log, Now: func() time.Time { return now },
		FinalWait: s.finalWait, FinalPoll: s.finalPoll, Stop: s.stop, MaxAttempts: s.maxAttempts})
	then.solutions = s.solutions
	return then
}
