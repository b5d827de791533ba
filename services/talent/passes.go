package talent

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// A full recompute reads the whole pool first and writes for a while
// after: what matching wrote meanwhile, from newer reads (a withdrawal, an
// erasure, a credential revoked), the pass would write over. So matching
// notes what it is about to match in every pass running, and each pass
// matches what was noted again once it has written. Matching that noted
// nothing ran before the pass began, and the pass read what it wrote;
// matching that found the pass ended writes after it.

// recomputesList names the full recomputes running.
const recomputesList = "recomputes"

// passLease is how long a pass takes notes: one that stopped without ending
// (its process killed) stops collecting them then, and the next pass drops
// it. 20,000 people × 500 openings take under a minute.
const passLease = 6 * time.Hour

// passNotes are the people and openings matched while a pass ran.
type passNotes struct {
	ID       string    `bson:"_id"`
	Open     bool      `bson:"open"`
	Until    time.Time `bson:"until"`
	People   []string  `bson:"people"`
	Openings []string  `bson:"openings"`
}

func passNotesID(passID string) string { return "recompute:" + passID }

// beginPass drops the passes whose lease ended and starts taking notes for
// a new one, until its lease ends.
func (s *Store) beginPass(ctx context.Context, passID string, now time.Time) error {
	passes, err := s.List(ctx, recomputesList)
	if err != nil {
		return err
	}
	for _, p := range passes {
		n, err := mongokit.FindOne[passNotes](ctx, s.lists, bson.M{"_id": passNotesID(p)}, "pass notes")
		if err == nil && n.Until.After(now) {
			continue
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if err := s.dropPass(ctx, p); err != nil {
			return err
		}
	}
	n := passNotes{ID: passNotesID(passID), Open: true, Until: now.Add(passLease), People: []string{}, Openings: []string{}}
	if _, err := s.lists.InsertOne(ctx, n); err != nil {
		return fmt.Errorf("begin the notes of recompute %s: %w", passID, err)
	}
	return s.AddToList(ctx, recomputesList, passID)
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

// endPass closes a pass's notes and returns them: a note taken after is
// of matching that writes after the pass.
func (s *Store) endPass(ctx context.Context, passID string) (passNotes, error) {
	var n passNotes
	if _, err := s.guard.UpdateAndRead(ctx, s.lists, passNotesID(passID), bson.M{"open": true}, bson.M{"$set": bson.M{"open": false}}, &n); err != nil {
		return n, fmt.Errorf("end the notes of recompute %s: %w", passID, err)
	}
	return n, s.dropPass(ctx, passID)
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

// matchNoted matches again, after a pass has written, what matching
// matched while it ran: a person whose profile is gone (erased) is removed
// from the read models the pass may have written them into.
func (s *Service) matchNoted(ctx context.Context, n passNotes) error {
	for _, userID := range n.People {
		_, err := s.store.Profile(ctx, userID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			err = s.removeCandidate(ctx, userID)
		case err == nil:
			err = s.MatchCandidate(ctx, userID)
		}
		if err != nil {
			return err
		}
	}
	for _, id := range n.Openings {
		if err := s.MatchOpening(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
