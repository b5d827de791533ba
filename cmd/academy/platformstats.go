package main

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/tally"
	"academy/services/platformstats"
)

// newPlatformStats builds the administrators' platform dashboard, before
// the contexts that report their facts to it.
func (a *academy) newPlatformStats(ctx context.Context, writes *guarded.Writer) error {
	s := platformstats.NewStore(a.p.db, writes)
	if err := s.EnsureIndexes(ctx); err != nil {
		return fmt.Errorf("platform dashboard collections: %w", err)
	}
	a.stats = platformstats.NewService(s, platformHistory{db: a.p.db}, platformstats.Options{Log: a.log})
	return nil
}

// subscribePlatformStats counts the facts that domain events carry.
func (a *academy) subscribePlatformStats() {
	a.outbox.Subscribe(events.CourseCompleted, "platformstats", a.stats.HandleCourseCompleted)
	a.outbox.Subscribe(events.CredentialIssued, "platformstats", a.stats.HandleCredentialIssued)
	a.outbox.Subscribe(events.CredentialStatusChanged, "platformstats", a.stats.HandleCredentialStatusChanged)
	a.outbox.Subscribe(events.ProfileChanged, "platformstats", a.stats.HandleProfileChanged)
}

// backfillPlatformStats counts the existing data into the dashboard, once
// for the whole deployment whichever replica starts first.
func (a *academy) backfillPlatformStats(ctx context.Context) {
	if _, err := a.stats.Backfill(ctx); err != nil && ctx.Err() == nil {
		a.log.Error("backfill the platform dashboard", "err", err)
	}
}

// platformHistory reads the facts recorded before the dashboard counted
// them from the contexts' collections, once per deployment: a read of
// whole collections no request path makes. The keys are those the live
// counting uses, so that a fact found both ways counts once.
type platformHistory struct{ db *mongo.Database }

// historySource is one collection's facts: which documents, and how one
// becomes a fact.
type historySource struct {
	coll   string
	filter bson.M
	fields bson.M
	fact   func(bson.Raw) (platformstats.Fact, bool)
}

func (h platformHistory) Facts(ctx context.Context, yield func(platformstats.Fact) error) error {
	str := func(d bson.Raw, k string) string { s, _ := d.Lookup(k).StringValueOK(); return s }
	at := func(d bson.Raw, k string) time.Time { t, _ := d.Lookup(k).TimeOK(); return t }
	keyed := func(metric, userField, timeField string) func(bson.Raw) (platformstats.Fact, bool) {
		return func(d bson.Raw) (platformstats.Fact, bool) {
			f := platformstats.Fact{Metric: metric, Key: str(d, "_id"), At: at(d, timeField)}
			if userField != "" {
				f.UserID = str(d, userField)
			}
			return f, !f.At.IsZero()
		}
	}
	sources := []historySource{
		{"users", bson.M{}, bson.M{"created_at": 1}, keyed(tally.Learners, "", "created_at")},
		{"enrolments", bson.M{}, bson.M{"user_id": 1, "enrolled_at": 1}, keyed(tally.Enrolments, "user_id", "enrolled_at")},
		{"completions", bson.M{}, bson.M{"user_id": 1, "completed_at": 1}, keyed(tally.Completions, "user_id", "completed_at")},
		{"credentials", bson.M{}, bson.M{"issued_at": 1}, keyed(tally.CredentialsIssued, "", "issued_at")},
		{"credentials", bson.M{"status": "revoked"}, bson.M{"history": 1}, func(d bson.Raw) (platformstats.Fact, bool) {
			f := platformstats.Fact{Metric: tally.CredentialsRevoked, Key: str(d, "_id")}
			hist, _ := d.Lookup("history").ArrayOK()
			vals, _ := hist.Values()
			for _, v := range vals {
				if e, ok := v.DocumentOK(); ok && str(e, "action") == "revoke" {
					f.At = at(e, "at")
				}
			}
			return f, !f.At.IsZero()
		}},
		{"competitions", bson.M{"published_at": bson.M{"$exists": true}}, bson.M{"published_at": 1}, keyed(tally.Competitions, "", "published_at")},
		{"competition_submissions", bson.M{"baseline": bson.M{"$ne": true}}, bson.M{"submitted_by": 1, "created_at": 1}, keyed(tally.Submissions, "submitted_by", "created_at")},
		// A talent_pool fact is a learner joining the pool.
		{"talent_profiles", bson.M{"in_pool": true}, bson.M{"consent_at": 1}, keyed(tally.TalentPool, "", "consent_at")},
		{"talent_contacts", bson.M{}, bson.M{"created_at": 1}, keyed(tally.TalentContacts, "", "created_at")},
	}
	for _, src := range sources {
		cur, err := h.db.Collection(src.coll).Find(ctx, src.filter, options.Find().SetProjection(src.fields))
		if err != nil {
			return fmt.Errorf("read %s: %w", src.coll, err)
		}
		for cur.Next(ctx) {
			f, ok := src.fact(cur.Current)
			if !ok {
				continue
			}
			if err := yield(f); err != nil {
				_ = cur.Close(ctx)
				return err
			}
		}
		err = cur.Err()
		_ = cur.Close(ctx)
		if err != nil {
			return fmt.Errorf("read %s: %w", src.coll, err)
		}
	}
	return nil
}
