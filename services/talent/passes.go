package talent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// A full recompute reads the whole pool first and writes for a while
// after: what matching wrote meanwhile, from newer reads (a withdrawal, an
// erasure, a credential revoked), the pass would write over. So matching
// notes what it is about to match in every pass running, after the change
// that calls for it and before it writes; each pass matches what was noted
// again once it has written. A pass that begins after a note reads the
// change before it; one running then has the note; matching that finds the
// pass ended writes after it.

// recomputesList names the full recomputes running.
const recomputesList = "recomputes"

// passLease is how long a pass takes notes without writing: each batch it
// writes renews it. A pass that stopped without ending (its process
// killed) stops collecting notes then, and the next pass or the matching
// reconciler matches what it noted and drops it.
const passLease = 10 * time.Minute

// passNotes are the people and openings matched while a pass ran.
type passNotes struct {
	ID       string    `bson:"_id"`
	Open     bool      `bson:"open"`
	Until    time.Time `bson:"until"`
	People   []string  `bson:"people"`
	Openings []string  `bson:"openings"`
}

func passNotesID(passID string) string { return "recompute:" + passID }

// openPass starts taking notes for a pass.
func (s *Store) openPass(ctx context.Context, passID string, now time.Time) error {
	n := passNotes{ID: passNotesID(passID), Open: true, Until: now.Add(passLease), People: []string{}, Openings: []string{}}
	if _, err := s.lists.InsertOne(ctx, n); err != nil {
		return fmt.Errorf("begin the notes of recompute %s: %w", passID, err)
	}
	return s.AddToList(ctx, recomputesList, passID)
}

// renewPass extends a pass's lease from now.
func (s *Store) renewPass(ctx context.Context, passID string, now time.Time) error {
	ok, err := s.guard.Update(ctx, s.lists, passNotesID(passID), bson.M{"open": true, "until": bson.M{"$gt": now}}, bson.M{"$set": bson.M{"until": now.Add(passLease)}})
	if err == nil && !ok {
		err = fmt.Errorf("recompute %s outlived its lease of %v: run it again", passID, passLease)
	}
	return err
}

// deadPasses lists the passes listed that no longer take notes: closed
// (ending, or failed to) or out of lease.
func (s *Store) deadPasses(ctx context.Context, now time.Time) ([]string, error) {
	passes, err := s.List(ctx, recomputesList)
	if err != nil {
		return nil, err
	}
	var dead []string
	for _, p := range passes {
		n, err := mongokit.FindOne[passNotes](ctx, s.lists, bson.M{"_id": passNotesID(p)}, "pass notes")
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, err
		}
		if err != nil || !n.Open || !n.Until.After(now) {
			dead = append(dead, p)
		}
	}
	return dead, nil
}

// notePasses notes people and openings in every pass running.
func (s *Store) notePasses(ctx context.Context, now time.Time, people, openings []string) error {
	passes, err := s.List(ctx, recomputesList)
	if err != nil || len(passes) == 0 {
		return err
	}
	add := bson.M{}
	if len(people) > 0 {
		add["people"] = bson.M{"$each": people}
	}
	if len(openings) > 0 {
		add["openings"] = bson.M{"$each": openings}
	}
	for _, p := range passes {
		// A pass closed or out of lease takes no more notes.
		if _, err := s.guard.Update(ctx, s.lists, passNotesID(p), bson.M{"open": true, "until": bson.M{"$gt": now}}, bson.M{"$addToSet": add}); err != nil {
			return fmt.Errorf("note matching in recompute %s: %w", p, err)
		}
	}
	return nil
}

// closePass stops a pass's notes and returns them: a note taken after is
// of matching that writes after the pass. Notes gone are none.
func (s *Store) closePass(ctx context.Context, passID string) (passNotes, error) {
	var n passNotes
	if _, err := s.guard.UpdateAndRead(ctx, s.lists, passNotesID(passID), nil, bson.M{"$set": bson.M{"open": false}}, &n); err != nil {
		return n, fmt.Errorf("end the notes of recompute %s: %w", passID, err)
	}
	return n, nil
}

func (s *Store) dropPass(ctx context.Context, passID string) error {
	if err := s.RemoveFromList(ctx, recomputesList, passID); err != nil {
		return err
	}
	if _, err := s.lists.DeleteOne(ctx, bson.M{"_id": passNotesID(passID)}); err != nil {
		return fmt.Errorf("drop the notes of recompute %s: %w", passID, err)
	}
	return nil
}

// noteMatching tells the passes running that matching is about to match
// these people and openings.
func (s *Service) noteMatching(ctx context.Context, people, openings []string) error {
	return s.store.notePasses(ctx, s.clock(), people, openings)
}

// beginPass ends the passes that stopped without ending, and starts taking
// notes for a new one.
func (s *Service) beginPass(ctx context.Context, passID string) error {
	if err := s.endDeadPasses(ctx); err != nil {
		return err
	}
	return s.store.openPass(ctx, passID, s.clock())
}

// endDeadPasses ends the passes that stopped without ending.
func (s *Service) endDeadPasses(ctx context.Context) error {
	dead, err := s.store.deadPasses(ctx, s.clock())
	if err != nil {
		return err
	}
	for _, p := range dead {
		if err := s.endPass(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// endPass closes a pass's notes, matches what they name again and drops
// the pass; a pass whose matching failed stays listed, closed, and the next
// pass or the reconciler ends it again.
func (s *Service) endPass(ctx context.Context, passID string) error {
	n, err := s.store.closePass(ctx, passID)
	if err != nil {
		return err
	}
	if err := s.matchNoted(ctx, n); err != nil {
		return err
	}
	return s.store.dropPass(ctx, passID)
}

// matchNoted matches again what matching matched while a pass ran, after
// the pass has written: a person whose profile is gone (erased), or an
// opening gone, is taken out of the read models the pass may have written
// them into. One failure does not stop the others.
func (s *Service) matchNoted(ctx context.Context, n passNotes) error {
	var errs []error
	for _, userID := range n.People {
		_, err := s.store.Profile(ctx, userID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			err = s.removeCandidate(ctx, userID)
		case err == nil:
			err = s.MatchCandidate(ctx, userID)
		}
		errs = append(errs, err)
	}
	for _, id := range n.Openings {
		_, err := s.store.Opening(ctx, id)
		switch {
		case apperr.Is(err, apperr.NotFound):
			err = s.unrankOpening(ctx, id)
		case err == nil:
			err = s.MatchOpening(ctx, id)
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
