package talent

import (
	"context"
	"fmt"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// The lists of what was loaded as sample data, so that it can all be deleted.
const (
	sampleUsersList    = "samples:users"
	sampleOpeningsList = "samples:openings"
)

// SampleOpening is a sample opening to load for a company.
type SampleOpening struct {
	Key     string // stable across loads: the opening's id derives from it
	OrgID   string
	OrgName string
	Open    bool // published, or left a draft
	Input   OpeningInput
}

func sampleOpeningID(key string) string { return "sample-" + key }

// LoadSampleOpening stores a sample opening as its company would have
// written and published it, checked the same way; loading it again changes
// nothing. Matching it is left to MatchOpening.
func (s *Service) LoadSampleOpening(ctx context.Context, so SampleOpening) (string, error) {
	id := sampleOpeningID(so.Key)
	if err := s.store.AddToList(ctx, sampleOpeningsList, id); err != nil {
		return "", err
	}
	if _, err := s.store.Opening(ctx, id); err == nil || !apperr.Is(err, apperr.NotFound) {
		return id, err
	}
	in := so.Input
	if err := s.checkOpening(ctx, &in); err != nil {
		return "", fmt.Errorf("sample opening %s: %w", so.Key, err)
	}
	now := s.clock()
	o := Opening{ID: id, OrgID: so.OrgID, OrgName: so.OrgName, Status: OpeningDraft, Version: 1, CreatedBy: "sample", CreatedAt: now, UpdatedAt: now}
	in.apply(&o)
	if so.Open {
		if err := checkPublishable(o); err != nil {
			return "", fmt.Errorf("sample opening %s: %w", so.Key, err)
		}
		o.Status, o.Version = OpeningOpen, 2
	}
	if err := s.store.InsertOpening(ctx, o); err != nil {
		return "", err
	}
	if so.Open {
		return id, s.store.AddToList(ctx, openList, id)
	}
	return id, nil
}

// LoadSampleProfile puts a sample learner in the pool with profile in,
// through the same consent and edit as a person's own; MatchSamples then
// matches them. A profile loaded before is left as it is.
func (s *Service) LoadSampleProfile(ctx context.Context, userID string, in ProfileInput) error {
	if err := s.store.AddToList(ctx, sampleUsersList, userID); err != nil {
		return err
	}
	pr := auth.Principal{UserID: userID}
	v, err := s.Join(ctx, pr, NoticeVersion)
	if err != nil {
		return fmt.Errorf("sample learner %s joins: %w", userID, err)
	}
	if v.Version == 0 {
		in.Version = &v.Version
		if _, err := s.UpdateProfile(ctx, pr, in); err != nil {
			return fmt.Errorf("sample learner %s's profile: %w", userID, err)
		}
	}
	return nil
}

// sampleBatch is how many sample learners are indexed in one write.
const sampleBatch = 500

// MatchSamples matches every sample learner, as MatchCandidate does, and
// indexes them a batch at a time: a search server takes one write of many
// documents far faster than many writes of one.
func (s *Service) MatchSamples(ctx context.Context) error {
	ids, err := s.store.List(ctx, sampleUsersList)
	if err != nil {
		return err
	}
	for from := 0; from < len(ids); from += sampleBatch {
		if err := s.matchCandidates(ctx, ids[from:min(from+sampleBatch, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

// DeleteSamples erases every sample learner's talent data (their ledger
// too: they were never people) and every sample opening with its matches,
// and returns how many of each it deleted.
func (s *Service) DeleteSamples(ctx context.Context) (users, openings int, err error) {
	ids, err := s.store.List(ctx, sampleUsersList)
	if err != nil {
		return 0, 0, err
	}
	docs := make([]string, len(ids))
	for i, userID := range ids {
		docs[i] = talentDocID(userID)
	}
	if len(docs) > 0 {
		if err := s.index.Delete(ctx, docs...); err != nil {
			return 0, 0, fmt.Errorf("remove the sample learners from the talent index: %w", err)
		}
	}
	for _, userID := range ids {
		p, err := s.profile(ctx, userID)
		if err != nil {
			return users, 0, err
		}
		if err := s.eraseUnindexed(ctx, userID); err != nil {
			return users, 0, err
		}
		if err := s.store.DeleteConsents(ctx, userID, p.ConsentSeq+1); err != nil {
			return users, 0, err
		}
		if err := s.store.RemoveFromList(ctx, sampleUsersList, userID); err != nil {
			return users, 0, err
		}
		users++
	}
	ids, err = s.store.List(ctx, sampleOpeningsList)
	if err != nil {
		return users, 0, err
	}
	for _, id := range ids {
		if err := s.deleteOpening(ctx, id); err != nil {
			return users, openings, err
		}
		if err := s.store.RemoveFromList(ctx, sampleOpeningsList, id); err != nil {
			return users, openings, err
		}
		openings++
	}
	return users, openings, nil
}

// deleteOpening removes an opening, its matches and the decisions on them.
// The opening goes first, so that a full recompute beginning meanwhile does
// not score it, and one running has it noted.
func (s *Service) deleteOpening(ctx context.Context, id string) error {
	if err := s.store.RemoveFromList(ctx, openList, id); err != nil {
		return err
	}
	o, err := s.store.Opening(ctx, id)
	if err == nil {
		err = s.store.DeleteOpening(ctx, o)
	}
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return err
	}
	if err := s.noteMatching(ctx, nil, []string{id}); err != nil {
		return err
	}
	if err := s.unrankOpening(ctx, id); err != nil {
		return err
	}
	decided, err := s.store.List(ctx, openingDecisionsList(id))
	if err != nil {
		return err
	}
	for _, userID := range decided {
		if err := s.store.DeleteDecision(ctx, id, userID); err != nil {
			return err
		}
	}
	return s.store.DeleteList(ctx, openingDecisionsList(id))
}

// unrankOpening takes an opening out of its candidates' rankings and
// deletes its own.
func (s *Service) unrankOpening(ctx context.Context, id string) error {
	ranked, err := s.store.Ranking(ctx, openingRanking(id))
	if err != nil {
		return err
	}
	for _, r := range ranked {
		if err := s.dropMatch(ctx, id, r.ID); err != nil {
			return err
		}
	}
	return s.store.DeleteRanking(ctx, openingRanking(id))
}
