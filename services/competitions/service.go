package competitions

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"golang.org/x/sync/singleflight"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/tally"
	"academy/services/kit/wakeup"
)

// Service holds the competitions context's use cases; it authorises every
// call per resource: staff of the hosting organisation (administrators for
// the platform's competitions) host, participants reach their own team.
type Service struct {
	tally     tally.Counter
	store     *Store
	orgs      Orgs
	skills    Skills
	files     Files
	queue     Enqueuer
	events    Publisher
	audit     AdminLog
	log       *slog.Logger
	now       func() time.Time
	solutions *solutionCache
	// comparisons and checks make an integrity check cost what changed since the last one.
	comparisons *comparisonCache
	checks      *integrityRuns
	quick       *quickChecks
	// catchUps shares the ranking of a board behind among its readers, who
	// wait for it up to catchUpWait.
	catchUps    singleflight.Group
	catchUpWait time.Duration
	links       *linkSigner
	final       wakeup.Waiters // requests waiting for a submission to be final
	// finalWait, finalPoll and stop are Options.FinalWait, FinalPoll and Stop.
	finalWait, finalPoll time.Duration
	stop                 <-chan struct{}
	maxAttempts          int
}

// Options are the optional settings of NewService.
type Options struct {
	// Events publishes the facts the context records; required.
	Events Publisher
	// Tally counts the facts of the platform dashboard no event carries; nil counts nothing.
	Tally tally.Counter
	Log   *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// FinalWait is the longest a request waiting for a score is held;
	// DefaultFinalWait when 0.
	FinalWait time.Duration
	// FinalPoll is how often a waiting request reads the submission again,
	// for scores stored by other processes; 0 when this process scores all.
	FinalPoll time.Duration
	// Stop, closed when the process shuts down, answers waiting requests at once.
	Stop <-chan struct{}
	// MaxAttempts is how many scoring runs a submission gets before it is
	// failed; DefaultMaxAttempts when 0.
	MaxAttempts int
	// LinkKey signs download links: at least LinkKeySize bytes, the same in
	// every process that serves them. When empty, a random key is drawn for
	// this process, and its links work on this process only.
	LinkKey []byte
	// AdminLog keeps administrators' moderation in the platform's audit
	// log; nil refuses moderation.
	AdminLog AdminLog
}

// DefaultMaxAttempts is how many scoring runs a submission gets.
const DefaultMaxAttempts = 5

// NewService returns the competitions service.
func NewService(store *Store, orgs Orgs, skills Skills, files Files, queue Enqueuer, o Options) *Service {
	if o.Tally == nil {
		o.Tally = tally.None{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FinalWait <= 0 {
		o.FinalWait = DefaultFinalWait
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	return &Service{tally: o.Tally, store: store, orgs: orgs, skills: skills, files: files, queue: queue, events: o.Events, audit: o.AdminLog, log: o.Log, now: o.Now,
		solutions: newSolutionCache(solutionCacheSize), comparisons: newComparisonCache(comparisonBytes), checks: newIntegrityRuns(), quick: newQuickChecks(), catchUpWait: catchUpWait, links: newLinkSigner(o.LinkKey, o.Now), finalWait: o.FinalWait, finalPoll: o.FinalPoll, stop: o.Stop,
		maxAttempts: o.MaxAttempts}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func newID() string { return ulid.Make().String() }

// isHost reports whether p hosts competitions of the organisation: an
// administrator, or staff of the organisation once it is verified; the
// platform's competitions are hosted by administrators.
func (s *Service) isHost(ctx context.Context, p auth.Principal, h Host) (bool, error) {
	if p.Admin {
		return true, nil
	}
	if !p.Authenticated() || h.Kind != HostOrg {
		return false, nil
	}
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, h.OrgID)
	if err != nil {
		return false, fmt.Errorf("check staff of %s: %w", h.OrgID, err)
	}
	return staff, nil
}

// visible returns the competition with this slug if p may see it: anyone
// once published, its host while a draft; it also reports whether p hosts it.
func (s *Service) visible(ctx context.Context, p auth.Principal, slug string) (Competition, bool, error) {
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return c, false, err
	}
	host, err := s.isHost(ctx, p, c.Host)
	if err != nil {
		return c, false, err
	}
	if c.State == StateDraft && !host {
		return c, false, apperr.NotFoundf("no such competition")
	}
	return c, host, nil
}

// hosted returns the competition with this slug if p hosts it.
func (s *Service) hosted(ctx context.Context, p auth.Principal, slug string) (Competition, error) {
	if !p.Authenticated() {
		return Competition{}, apperr.Unauthorizedf("sign in to host competitions")
	}
	c, host, err := s.visible(ctx, p, slug)
	if err != nil {
		return c, err
	}
	if !host {
		return c, apperr.Forbiddenf("only the competition's hosts may do this")
	}
	return c, nil
}

// CreateCompetition creates a draft competition hosted by the organisation.
func (s *Service) CreateCompetition(ctx context.Context, p auth.Principal, orgID string, in CompetitionInput) (CompetitionView, error) {
	h := Host{Kind: HostOrg, OrgID: orgID}
	if ok, err := s.isHost(ctx, p, h); err != nil || !ok {
		if err != nil {
			return CompetitionView{}, err
		}
		return CompetitionView{}, apperr.Forbiddenf("only staff of the verified organisation may host its competitions")
	}
	org, err := s.orgs.Org(ctx, p, orgID)
	if err != nil {
		return CompetitionView{}, fmt.Errorf("read organisation %s: %w", orgID, err)
	}
	h.Name, h.Slug = org.Name, org.Slug
	c, err := s.create(ctx, p, h, in, false)
	if err != nil {
		return CompetitionView{}, err
	}
	return s.view(ctx, p, c, true)
}

// create stores a draft competition hosted by h.
func (s *Service) create(ctx context.Context, p auth.Principal, h Host, in CompetitionInput, sample bool) (Competition, error) {
	skills, err := s.checkInput(ctx, in)
	if err != nil {
		return Competition{}, err
	}
	now := s.clock()
	c := Competition{ID: newID(), Host: h, State: StateDraft, Version: 1, Sample: sample, CreatedBy: p.UserID, CreatedAt: now, UpdatedAt: now, Files: []FileInfo{}}
	in.apply(&c, skills, nil)
	if err := s.store.CreateCompetition(ctx, c); err != nil {
		return Competition{}, err
	}
	return c, nil
}

// OrgCompetitions returns a page of the organisation's competitions, drafts
// included, to its staff.
func (s *Service) OrgCompetitions(ctx context.Context, p auth.Principal, orgID string, after ListPos, limit int) ([]CompetitionSummary, error) {
	if !p.Authenticated() {
		return nil, apperr.Unauthorizedf("sign in to list an organisation's competitions")
	}
	if ok, err := s.isHost(ctx, p, Host{Kind: HostOrg, OrgID: orgID}); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return nil, apperr.Forbiddenf("only staff of the verified organisation may list its competitions")
	}
	list, err := s.store.Competitions(ctx, bson.M{"host.org_id": orgID}, after, limit)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	out := make([]CompetitionSummary, len(list))
	for i, c := range list {
		out[i] = summaryOf(c, now)
	}
	return out, nil
}

// Competitions returns a page of the published competitions, those with
// the given status only when status is not empty.
func (s *Service) Competitions(ctx context.Context, status string, after ListPos, limit int) ([]CompetitionSummary, ListPos, error) {
	if status != "" && !slices.Contains([]string{StatusUpcoming, StatusRunning, StatusFinalising, StatusFinished}, status) {
		return nil, ListPos{}, apperr.InvalidField("status", "must be upcoming, running, finalising or finished")
	}
	now := s.clock()
	var out []CompetitionSummary
	// The status depends on the clock, so it filters after the read; pages
	// are read until one is full.
	for len(out) < limit {
		list, err := s.store.Competitions(ctx, bson.M{"state": bson.M{"$ne": StateDraft}}, after, limit)
		if err != nil {
			return nil, after, err
		}
		for _, c := range list {
			after = ListPos{StartAt: c.StartAt, ID: c.ID}
			if status == "" || c.Status(now) == status {
				out = append(out, summaryOf(c, now))
				if len(out) == limit {
					return out, after, nil
				}
			}
		}
		if len(list) < limit {
			return out, ListPos{}, nil
		}
	}
	return out, after, nil
}

// Competition returns the competition with this slug as p may see it.
func (s *Service) Competition(ctx context.Context, p auth.Principal, slug string) (CompetitionView, error) {
	c, host, err := s.visible(ctx, p, slug)
	if err != nil {
		return CompetitionView{}, err
	}
	return s.view(ctx, p, c, host)
}

// UpdateCompetition applies a partial edit to the version of the
// competition the editor read. The evaluation of a published competition's
// phases is fixed: submissions were scored with it.
// The version may come as the body's version or, when the body has none,
// as ifMatch (the If-Match header).
func (s *Service) UpdateCompetition(ctx context.Context, p auth.Principal, slug string, body []byte, ifMatch *int) (CompetitionView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return CompetitionView{}, err
	}
	if c.State == StateFinished || c.State == StateFinalising {
		return CompetitionView{}, apperr.Conflictf("competition-finished", "a finalised competition can no longer be edited")
	}
	in := inputOf(c)
	in.Version = nil
	if err := decodeInput(body, &in); err != nil {
		return CompetitionView{}, err
	}
	if in.Version == nil {
		in.Version = ifMatch
	}
	if in.Version == nil {
		return CompetitionView{}, apperr.InvalidField("version", "is required: send the version of the competition you edited (or If-Match)")
	}
	if *in.Version != c.Version {
		return CompetitionView{}, apperr.Conflictf("edit-conflict", "the competition is at version %d, not %d; reload it and edit again", c.Version, *in.Version)
	}
	skills, err := s.checkInput(ctx, in)
	if err != nil {
		return CompetitionView{}, err
	}
	if c.State != StateDraft {
		for _, ph := range in.Phases {
			old, ok := c.Phase(ph.ID)
			if !ok || old.Evaluation != ph.Evaluation {
				return CompetitionView{}, apperr.Conflictf("evaluation-locked", "the phases and evaluation of a published competition cannot change")
			}
		}
	}
	oldSlug := c.Slug
	in.apply(&c, skills, c.Phases)
	c.Version++
	c.UpdatedAt = s.clock()
	if err := s.store.ReplaceCompetition(ctx, c, oldSlug); err != nil {
		return CompetitionView{}, err
	}
	if c.State != StateDraft {
		s.index(ctx, c)
	}
	return s.view(ctx, p, c, true)
}

// Publish publishes a draft competition whose every phase has a solution.
func (s *Service) Publish(ctx context.Context, p auth.Principal, slug string) (CompetitionView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return CompetitionView{}, err
	}
	if c.State != StateDraft {
		return s.view(ctx, p, c, true)
	}
	if c.Moderation != nil && !p.Admin {
		return CompetitionView{}, apperr.Conflictf("moderated", "an administrator unpublished this competition (%s); ask the platform's administrators to publish it again", c.Moderation.Reason)
	}
	var v apperr.Validation
	for i, ph := range c.Phases {
		v.Check(ph.Solution != nil, fmt.Sprintf("phases[%d].solution", i), "phase %q has no solution yet: upload it first", ph.ID)
	}
	if err := v.Err(); err != nil {
		return CompetitionView{}, err
	}
	now := s.clock()
	updated, ok, err := s.store.UpdateCompetition(ctx, c.ID, bson.M{"state": StateDraft, "version": c.Version},
		bson.M{"$set": bson.M{"state": StatePublished, "published_at": now, "updated_at": now}, "$unset": bson.M{"moderation": ""}, "$inc": bson.M{"version": 1}})
	if err != nil {
		return CompetitionView{}, err
	}
	if !ok {
		return CompetitionView{}, apperr.Conflictf("edit-conflict", "the competition changed while it was being published; try again")
	}
	// Keyed by the competition: publishing it again after moderation counts once.
	s.tally.Count(ctx, tally.Competitions, c.ID, "", now)
	s.index(ctx, updated)
	return s.view(ctx, p, updated, true)
}
