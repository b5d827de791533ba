package platformstats

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/events"
	"academy/services/kit/tally"
)

// staleBackfill is how long a claimed backfill may run before another
// replica's start takes it over, as from a replica that stopped midway.
const staleBackfill = 15 * time.Minute

// Service counts the platform's facts and reads its dashboard.
type Service struct {
	store   *Store
	history History
	log     *slog.Logger
	now     func() time.Time
}

// Options are the optional settings of NewService.
type Options struct {
	Log *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// NewService returns the dashboard on store, filled once from history.
func NewService(store *Store, history History, o Options) *Service {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Service{store: store, history: history, log: o.Log, now: o.Now}
}

// Count counts a fact reported by a context; it implements tally.Counter.
func (s *Service) Count(ctx context.Context, metric, key, userID string, at time.Time) {
	if err := s.Record(ctx, Fact{Metric: metric, Key: key, UserID: userID, At: at}); err != nil {
		s.log.WarnContext(ctx, "platform dashboard: fact not counted", "metric", metric, "key", key, "err", err)
	}
}

// Record counts f once per metric and key, and its learner once as active
// in its week. A talent_pool fact is its learner joining the pool.
//
// The marker is written before the counter: a process stopping between the
// two loses that one count, where the other order would count it twice.
func (s *Service) Record(ctx context.Context, f Fact) error {
	if f.Metric == tally.TalentPool {
		return s.pool(ctx, f.Key, true, f.At)
	}
	id := "fact:" + f.Metric + ":" + f.Key
	first, err := s.store.mark(ctx, id, nil)
	if err != nil {
		return err
	}
	if first {
		if err := s.store.add(ctx, f.Metric, 1, f.At, false); err != nil {
			// Let the retry count it.
			if uerr := s.store.unmark(context.WithoutCancel(ctx), id); uerr != nil {
				s.log.WarnContext(ctx, "platform dashboard: marker of an uncounted fact kept", "id", id, "err", uerr)
			}
			return err
		}
	}
	if f.UserID == "" {
		return nil
	}
	active, err := s.store.mark(ctx, "active:"+WeekID(f.At)+":"+f.UserID, nil)
	if err != nil || !active {
		return err
	}
	return s.store.add(ctx, tally.ActiveLearners, 1, f.At, true)
}

// pool records a learner joining or leaving the talent pool.
func (s *Service) pool(ctx context.Context, userID string, inPool bool, at time.Time) error {
	delta, err := s.store.setPool(ctx, userID, inPool, at)
	if err != nil || delta == 0 {
		return err
	}
	return s.store.add(ctx, tally.TalentPool, delta, at, false)
}

// HandleCourseCompleted counts a completion, its learner active.
func (s *Service) HandleCourseCompleted(ctx context.Context, ev events.Event) error {
	var d events.CourseCompletedData
	if err := decode(ev, &d, "completion_id", &d.CompletionID); err != nil {
		return err
	}
	return s.Record(ctx, Fact{Metric: tally.Completions, Key: d.CompletionID, UserID: d.LearnerID, At: d.CompletedAt})
}

// HandleCredentialIssued counts an issued credential.
func (s *Service) HandleCredentialIssued(ctx context.Context, ev events.Event) error {
	var d events.CredentialData
	if err := decode(ev, &d, "credential_id", &d.CredentialID); err != nil {
		return err
	}
	return s.Record(ctx, Fact{Metric: tally.CredentialsIssued, Key: d.CredentialID, At: ev.At})
}

// credentialRevoked is the status of a revoked credential in CredentialData.
const credentialRevoked = "revoked"

// HandleCredentialStatusChanged counts a revocation; suspensions and
// reinstatements are not revocations.
func (s *Service) HandleCredentialStatusChanged(ctx context.Context, ev events.Event) error {
	var d events.CredentialData
	if err := decode(ev, &d, "credential_id", &d.CredentialID); err != nil {
		return err
	}
	if d.Status != credentialRevoked {
		return nil
	}
	return s.Record(ctx, Fact{Metric: tally.CredentialsRevoked, Key: d.CredentialID, At: ev.At})
}

// HandleProfileChanged follows a learner into or out of the talent pool.
func (s *Service) HandleProfileChanged(ctx context.Context, ev events.Event) error {
	var d events.ProfileData
	if err := decode(ev, &d, "user_id", &d.UserID); err != nil {
		return err
	}
	return s.pool(ctx, d.UserID, d.InPool, ev.At)
}

// decode reads an event's data into d and checks that the id its fact is
// counted under, *key, is set. An event that fails either fails again on
// every retry, so its error wraps asynq.SkipRetry.
func decode(ev events.Event, d any, field string, key *string) error {
	if err := ev.Decode(d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	if *key == "" {
		return fmt.Errorf("%s event %s has no %s: %w", ev.Type, ev.ID, field, asynq.SkipRetry)
	}
	return nil
}

// Backfill counts the data recorded before the dashboard, once for the
// whole deployment: of replicas starting together, the one whose claim
// lands counts and the others return false at once. Counting goes through
// the markers of live facts, so a fact both reported live and found here
// counts once, and a backfill taken over from a replica that stopped midway
// does not count twice.
func (s *Service) Backfill(ctx context.Context) (bool, error) {
	claimed, err := s.store.claimBackfill(ctx, s.now().UTC(), staleBackfill)
	if err != nil || !claimed {
		return false, err
	}
	n := 0
	err = s.history.Facts(ctx, func(f Fact) error {
		n++
		return s.Record(ctx, f)
	})
	if err != nil {
		return true, fmt.Errorf("backfill the platform dashboard: %w", err)
	}
	s.log.InfoContext(ctx, "platform dashboard backfilled", "facts", n)
	return true, s.store.finishBackfill(ctx, s.now().UTC())
}

// Dashboard returns the platform's figures to an administrator.
func (s *Service) Dashboard(ctx context.Context, p auth.Principal) (Dashboard, error) {
	if !p.Authenticated() {
		return Dashboard{}, apperr.Unauthorizedf("sign in to see the platform dashboard")
	}
	if !p.Admin {
		return Dashboard{}, apperr.Forbiddenf("only administrators see the platform dashboard")
	}
	first := weekStart(s.now()).AddDate(0, 0, -7*(Weeks-1))
	d := Dashboard{Weeks: make([]Week, Weeks), Metrics: make([]Metric, 0, len(tally.Metrics))}
	ids := make([]string, 0, Weeks+1)
	for i := range d.Weeks {
		start := first.AddDate(0, 0, 7*i)
		d.Weeks[i] = Week{ID: WeekID(start), Start: start}
		ids = append(ids, d.Weeks[i].ID)
	}
	counts, err := s.store.counts(ctx, append(ids, totalID))
	if err != nil {
		return Dashboard{}, err
	}
	for _, m := range tally.Metrics {
		v := Metric{Metric: m, Values: make([]int64, Weeks), Total: counts[totalID][m]}
		for i, id := range ids {
			v.Values[i] = counts[id][m]
		}
		switch m {
		case tally.ActiveLearners:
			v.Total = v.Values[Weeks-1]
		case tally.TalentPool:
			// The weeks hold the pool's net changes: its size at each
			// week's end is the size now less the changes since.
			size := v.Total
			for i := Weeks - 1; i >= 0; i-- {
				size, v.Values[i] = size-v.Values[i], size
			}
		}
		d.Metrics = append(d.Metrics, v)
	}
	if d.BackfilledAt, err = s.store.backfilledAt(ctx); err != nil {
		return Dashboard{}, err
	}
	return d, nil
}
