package talent

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

// dropping are the verdicts that make an import stop counting when a later
// check finds them: the issuer withdrew it, or it ran out. Any other
// failure (an issuer out of reach) is recorded and tried again next day.
var dropping = []string{ImportRevoked, ImportSuspended, ImportExpired}

// RecheckImports verifies again every counting import last checked more
// than olderThan ago (RecheckAfter in production), records when and with
// what outcome, and stops counting those revoked, suspended or expired
// meanwhile: their evidence leaves the profile and a ProfileChanged event
// has the candidate matched again. It returns how many imports stopped
// counting; a learner whose imports cannot be checked does not hold up the others.
func (s *Service) RecheckImports(ctx context.Context, olderThan time.Duration) (int, error) {
	users, err := s.store.List(ctx, importersList)
	if err != nil {
		return 0, err
	}
	dropped := 0
	var errs []error
	for _, userID := range users {
		n, err := s.recheckImportsOf(ctx, userID, olderThan)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		dropped += n
	}
	return dropped, errors.Join(errs...)
}

func (s *Service) recheckImportsOf(ctx context.Context, userID string, olderThan time.Duration) (int, error) {
	p, err := s.store.Profile(ctx, userID)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	now := s.clock()
	imports := slices.Clone(p.Imports)
	checked, dropped := 0, 0
	for i, im := range imports {
		if !im.Counts() || im.JWT == "" || now.Sub(im.CheckedAt) < olderThan {
			continue
		}
		checked++
		im.CheckedAt, im.Outcome, im.Reason = now, ImportVerified, ""
		_, err := s.creds.VerifyImport(ctx, userID, im.JWT)
		var ae *apperr.Error
		switch {
		case err == nil:
			im.VerifiedAt, im.Status = now, ImportVerified
		case errors.As(err, &ae) && ae.Kind == apperr.Unprocessable:
			im.Outcome, im.Reason = ae.Code, ae.Detail
			if slices.Contains(dropping, ae.Code) {
				im.Status = ae.Code
				dropped++
			}
		default:
			return 0, fmt.Errorf("verify import %s of %s again: %w", im.ID, userID, err)
		}
		imports[i] = im
	}
	if checked == 0 {
		return 0, nil
	}
	set := bson.M{"imports": imports}
	update := bson.M{"$set": set}
	var ev events.Event
	if dropped > 0 {
		// Evidence changed: matching sees the new revision.
		if ev, err = s.profileChanged(userID, p.InPool); err != nil {
			return 0, err
		}
		for k, v := range events.Embed(ev) {
			set[k] = v
		}
		set["updated_at"] = now
		update["$inc"] = bson.M{"rev": 1}
	}
	// At the revision read, so an import added or removed meanwhile is not
	// undone; the next run checks again.
	_, ok, err := s.store.UpdateProfile(ctx, userID, bson.M{"rev": p.Rev}, update)
	if err != nil || !ok {
		return 0, err
	}
	if dropped > 0 {
		s.publish(ctx, userID, ev)
	}
	return dropped, nil
}
