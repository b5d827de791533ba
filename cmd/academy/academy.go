package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/catalog"
	"academy/services/competitions"
	"academy/services/credentials"
	"academy/services/dashboard"
	"academy/services/export"
	"academy/services/identity"
	"academy/services/identity/revocation"
	"academy/services/identity/token"
	"academy/services/kit/events"
	"academy/services/kit/guarded"
	"academy/services/kit/openapi"
	"academy/services/learning"
	"academy/services/mailer"
	"academy/services/platformstats"
	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/indexing"
	"academy/services/search/meili"
	"academy/services/talent"
	"academy/services/teamlearning"
)

// platformName is the platform's name where it acts in its own name: the
// issuer it describes itself as, the host of its own competitions.
const platformName = "Academy"

// accessAudience is the aud claim of access tokens: they are for this API only.
const accessAudience = "academy-api"

// deliveredEventsKept is how long the outbox keeps an event every
// subscriber handled: long enough to look into a delivery, short enough
// that the reconciler's reading of the outbox stays small.
const deliveredEventsKept = 7 * 24 * time.Hour

// academy is the wired platform: every context's service built on the stores.
type academy struct {
	cfg   *Config
	log   *slog.Logger
	p     *platform
	doc   *openapi.Document
	queue *jobs.Queue
	// queues reads the queues' figures for /metrics.
	queues *jobs.Inspector
	web    *webApp
	// metrics serves the Prometheus registry, on the HTTP address or on its own.
	metrics http.Handler

	keys *token.Keyring
	// endedSessions lists the sessions whose access tokens were ended early.
	endedSessions *revocation.List
	identity      *identity.Service
	identityDB    *identity.Store
	index         search.Index
	indexer       *indexing.Registry // every context's searchable kinds
	catalog       *catalog.Service
	learning      *learning.Service
	// outbox carries the domain events between the contexts.
	outbox   *events.Outbox
	credKeys *credentials.Keyring
	creds    *credentials.Service
	comps    *competitions.Service
	// dash is the learner's home page, read from the contexts above.
	dash   *dashboard.Service
	teams  *teamlearning.Service
	talent *talent.Service
	// talentIndex is the talent pool's own search index, never the public one.
	talentIndex search.Index
	// stats is the administrators' platform dashboard, which the contexts report to.
	stats *platformstats.Service
}

// newAcademy builds every context on the platform's stores and makes sure
// their indexes exist.
func newAcademy(ctx context.Context, cfg *Config, log *slog.Logger, p *platform) (*academy, error) {
	a := &academy{
		cfg:    cfg,
		log:    log,
		p:      p,
		doc:    openapi.New("Academy API", version),
		queue:  jobs.NewQueue(p.redis),
		queues: jobs.NewInspector(p.redis),
	}
	writes, err := guarded.New(ctx, p.db)
	if err != nil {
		return nil, err
	}
	sealer, err := cfg.sealer()
	if err != nil {
		return nil, err
	}
	keys, err := token.NewKeyring(ctx, p.db, writes, sealer, token.Config{Issuer: cfg.issuer(), Audience: accessAudience, TTL: cfg.TokenTTL})
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", keyringError(err))
	}
	a.keys = keys
	// A first start generates the first credential signing key, 3072-bit
	// RSA, a few hundred milliseconds of CPU or more: on the other core while
	// the rest is wired.
	type keyring struct {
		keys *credentials.Keyring
		err  error
	}
	credKeys := make(chan keyring, 1)
	go func() {
		k, err := credentials.NewKeyring(ctx, p.db, writes, sealer)
		credKeys <- keyring{k, err}
	}()
	ids := identity.NewStore(p.db, writes)
	a.identityDB = ids
	if err := ids.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("identity indexes: %w", err)
	}
	// Entries outlive the access tokens they end, clock leeway included.
	a.endedSessions = revocation.New(p.redisClient, cfg.TokenTTL+time.Minute)
	var sender identity.MailSender
	if cfg.SMTPURL != "" {
		smtp, err := mailer.New(cfg.SMTPURL)
		if err != nil {
			return nil, fmt.Errorf("ACADEMY_SMTP_URL: %w", err)
		}
		log.Info("mail: SMTP", "server", smtp.Addr())
		sender = smtp
	} else if cfg.DevMailLog {
		log.Warn("mail: written to the log, secret links included (ACADEMY_DEV_MAIL_LOG); never use this in production")
	}
	a.outbox = events.NewOutbox(p.db, writes, a.queue, events.Options{Log: log})
	if err := a.outbox.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("events indexes: %w", err)
	}
	if err := a.newPlatformStats(ctx, writes); err != nil {
		return nil, err
	}
	a.identity, err = identity.NewService(ids, keys, identity.Options{
		PublicBaseURL: cfg.publicURL(), Log: log, PasswordHashes: cfg.passwordHashes(), Sessions: a.endedSessions,
		Mailer: sender, Queue: a.queue, DevMailLog: cfg.DevMailLog, RegistrationsPerHour: cfg.RegisterRate, Events: a.outbox, Tally: a.stats,
	})
	if err != nil {
		return nil, err
	}

	if a.index, err = openIndex(cfg, log); err != nil {
		return nil, err
	}
	cs := catalog.NewStore(p.db, writes)
	if err := cs.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("catalogue indexes: %w", err)
	}
	a.catalog = catalog.NewService(cs, a.identity, a.index, a.queue, a.identity, log)
	a.indexer = indexing.New(log)
	a.indexer.Register(a.index, a.catalog.SearchKinds()...)

	ls := learning.NewStore(p.db, writes)
	if err := ls.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("learning indexes: %w", err)
	}
	lo := learning.Options{Events: a.outbox, Tally: a.stats, Log: log, Stop: ctx.Done()}
	if p.embeddedRedis == nil {
		// Other processes on this Redis may grade what this one's learners wait for.
		lo.GradePoll = time.Second
	}
	a.learning = learning.NewService(ls, a.catalog, a.identity, a.queue, lo)

	cps := competitions.NewStore(p.db, writes)
	if err := cps.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("competitions indexes: %w", err)
	}
	co := competitions.Options{Events: a.outbox, Tally: a.stats, Log: log, Stop: ctx.Done(), AdminLog: a.identity}
	if co.LinkKey, err = cfg.linkKey(); err != nil {
		return nil, err
	}
	if p.embeddedRedis == nil {
		// Other processes on this Redis may score what this one's participants wait for.
		co.FinalPoll = time.Second
		if co.LinkKey == nil {
			log.Warn("download links work only on the process that made them: set " + keyEncryptionVar + " so every process accepts them")
		}
	}
	a.comps = competitions.NewService(cps, a.identity, a.catalog, p.files, a.queue, co)
	a.indexer.Register(a.index, a.comps.SearchKinds()...)

	crs := credentials.NewStore(p.db, writes)
	if err := crs.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("credentials indexes: %w", err)
	}
	k := <-credKeys
	if k.err != nil {
		return nil, fmt.Errorf("load credential signing keys: %w", keyringError(k.err))
	}
	a.credKeys = k.keys
	a.creds, err = credentials.NewService(crs, a.credKeys, credentials.NewAwards(a.catalog, a.comps, a.identity), a.identity,
		credentials.Options{PublicBaseURL: cfg.publicURL(), PlatformName: platformName, Events: a.outbox, Log: log})
	if err != nil {
		return nil, err
	}
	ds := dashboard.NewStore(p.db, writes)
	if err := ds.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("dashboard indexes: %w", err)
	}
	a.dash = dashboard.NewService(ds, a.learning, a.creds, a.comps, a.catalog)
	ts := teamlearning.NewStore(p.db, writes)
	if err := ts.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("team learning collections: %w", err)
	}
	a.teams = teamlearning.NewService(ts, a.identity, a.catalog, a.learning, a.creds, teamlearning.Options{PublicBaseURL: cfg.publicURL(), Log: log})
	if err := a.newTalent(ctx, writes); err != nil {
		return nil, err
	}
	// The event flows between contexts: who records what, who handles it.
	a.outbox.Watch(ls.Outbox())
	a.outbox.Watch(crs.Outbox())
	a.outbox.Watch(cps.Outbox())
	a.outbox.Watch(ids.Orgs())
	a.outbox.Watch(ids.AccountDeletions())
	// A verified university or provider gets its institution profile, to publish under.
	a.outbox.Subscribe(events.OrganisationVerified, "catalog", a.catalog.HandleOrganisationVerified)
	// A learner who completes a course waits for the credential.
	a.outbox.Subscribe(events.CourseCompleted, "credentials", a.creds.HandleCourseCompleted, asynq.Queue(jobs.QueueCritical))
	// A finalised competition awards its participants and placed teams.
	a.outbox.Subscribe(events.CompetitionFinalised, "credentials", a.creds.HandleCompetitionFinalised, asynq.Queue(jobs.QueueCritical))
	// A company sees the credentials its sharing team members hold as they stand.
	a.outbox.Subscribe(events.CredentialIssued, "teamlearning", a.teams.HandleCredential)
	a.outbox.Subscribe(events.CredentialStatusChanged, "teamlearning", a.teams.HandleCredential)
	a.outbox.Subscribe(events.AccountDeleted, "teamlearning", a.teams.HandleAccountDeleted)
	// A deletion stopped midway is finished from its tombstone.
	a.outbox.Subscribe(events.AccountDeleted, "identity", a.identity.HandleAccountDeleted)
	// The platform dashboard counts what the events say.
	a.subscribePlatformStats()
	// A course's insight counts the credentials its completions earned.
	a.outbox.Subscribe(events.CredentialIssued, "learning-insight", a.learning.HandleCredentialIssued)
	if p.embeddedDB != nil {
		// The stores made their collections with their indexes; the others
		// appear on a first write, and are indexed within seconds.
		if err := p.embeddedDB.KeepIDLookupsIndexed(ctx, cfg.MongoDatabase, 2*time.Second); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// openIndex opens Meilisearch when configured, the embedded Bleve index otherwise.
func openIndex(cfg *Config, log *slog.Logger) (search.Index, error) {
	if cfg.MeiliURL != "" {
		log.Info("search: Meilisearch", "url", redacted(cfg.MeiliURL))
		return meili.New(meili.Config{URL: cfg.MeiliURL, APIKey: cfg.MeiliKey, IndexPrefix: cfg.MeiliIndexPrefix})
	}
	dir := filepath.Join(cfg.DataDir, "search")
	log.Info("search: embedded Bleve index", "dir", dir)
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	return idx, nil
}

// register adds every context's routes.
func (a *academy) register(root, api *openapi.Routes) {
	ih := identity.NewHandler(a.identity, a.keys, identity.HandlerOptions{
		PublicURL: a.cfg.publicURL(), SecureCookie: a.cfg.https(),
	})
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/.well-known/jwks.json", ID: "jwks", Summary: "Public keys that verify access tokens", Tag: "identity", Response: map[string]any{}}, ih.JWKS)
	ih.Register(api)
	catalog.NewHandler(a.catalog).Register(api)
	learning.NewHandler(a.learning).Register(api)
	competitions.NewHandler(a.comps).Register(api)
	teamlearning.NewHandler(a.teams).Register(api)
	talent.NewHandler(a.talent).Register(api)
	export.NewHandler(a.exportSections()...).Register(api)
	dashboard.NewHandler(a.dash).Register(api)
	platformstats.NewHandler(a.stats).Register(api)
	ch := credentials.NewHandler(a.creds)
	ch.Register(api)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/.well-known/credential-jwks.json", ID: "credentialJWKS", Summary: "Public keys that verify issued credentials", Tag: "credentials", Response: map[string]any{}}, ch.JWKS)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/issuers/:slug", ID: "issuerProfileByID", Summary: "An issuer's Open Badges profile, at its id URL", Tag: "credentials", Response: map[string]any{}}, ch.IssuerProfile)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id", ID: "credentialByID", Summary: "A credential at its id URL: browsers go to its verification page, others get its JSON", Tag: "credentials", Response: map[string]any{}}, ch.CredentialID)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/competitions/:slug/awards/:tier", ID: "competitionAchievementByID", Summary: "A competition's award tier at its achievement id URL: the Open Badges Achievement as JSON for Accept: application/json or application/ld+json, a redirect to the competition's page otherwise", Tag: "credentials",
		Response: map[string]any{}, Produces: "application/ld+json"}, ch.CompetitionAchievementID)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/courses/:slug", ID: "achievementByID", Summary: "A course at its achievement id URL: the Open Badges Achievement as JSON for Accept: application/json or application/ld+json, the course page otherwise", Tag: "credentials",
		Response: map[string]any{}, Produces: "application/ld+json"}, ch.AchievementID)
}

// handleTasks registers every context's task handlers on the worker,
// periodic upkeep included: the reconcilers that put back on the queue
// work it lost, and the sweeps. jobs.Specs says how often each runs.
func (a *academy) handleTasks(w *jobs.Worker) {
	w.Handle(indexing.TypeTask, a.indexer.HandleTask)
	w.Handle(jobs.TypeDeliverMail, a.identity.HandleDeliverMailTask)
	w.Handle(jobs.TypeGrade, a.learning.HandleGradeTask)
	w.Handle(events.TypeDeliver, a.outbox.HandleTask)
	w.Handle(jobs.TypeScore, a.comps.HandleScoreTask)
	w.Handle(jobs.TypeIntegrity, a.comps.HandleIntegrityTask)
	a.handleTalentTasks(w)
	w.Handle(jobs.TypeReconcileScoring, a.upkeep("re-enqueue or fail submissions left unscored", func(ctx context.Context) (int, error) {
		return a.comps.ReconcileScoring(ctx, 2*time.Minute)
	}))
	w.Handle(jobs.TypeReconcileStatus, a.upkeep("re-enqueue competitions whose status the search index has not caught up with", a.comps.ReconcileStatus))
	w.Handle(jobs.TypeReconcileSearch, a.upkeep("re-enqueue unindexed catalogue items", a.catalog.ReconcileIndex))
	w.Handle(jobs.TypeReconcileGrading, a.upkeep("re-enqueue submissions left ungraded", func(ctx context.Context) (int, error) {
		return a.learning.ReconcileSubmissions(ctx, 2*time.Minute)
	}))
	// Reads every attempt; a learner who comes back has theirs submitted at once.
	w.Handle(jobs.TypeSubmitAbandoned, a.upkeep("submit attempts abandoned past their deadline", func(ctx context.Context) (int, error) {
		return a.learning.SubmitAbandoned(ctx, 2*time.Minute)
	}))
	w.Handle(jobs.TypeReconcileEvents, a.upkeep("publish and re-enqueue undelivered events", func(ctx context.Context) (int, error) {
		return a.outbox.Reconcile(ctx, 10*time.Minute)
	}))
	w.Handle(jobs.TypePruneEvents, a.upkeep("delete events delivered a week ago", func(ctx context.Context) (int, error) {
		return a.outbox.Prune(ctx, deliveredEventsKept)
	}))
	w.Handle(jobs.TypeReconcileMail, a.upkeep("re-enqueue unsent mail", func(ctx context.Context) (int, error) {
		return a.identity.ReconcileMail(ctx, 2*time.Minute)
	}))
	w.Handle(jobs.TypeDeleteExpiredSessions, a.upkeep("delete expired sessions and counters", func(ctx context.Context) (int, error) {
		return 0, a.identityDB.DeleteExpired(ctx, time.Now())
	}))
}

// upkeep is the handler of a periodic task: it logs the work it found.
func (a *academy) upkeep(what string, f func(context.Context) (int, error)) asynq.HandlerFunc {
	return func(ctx context.Context, _ *asynq.Task) error {
		n, err := f(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n > 0 {
			a.log.Info(what, "count", n)
		}
		return nil
	}
}

// background runs the upkeep every process needs, whatever it serves:
// reloading the signing keys other replicas rotate.
func (a *academy) background(ctx context.Context) {
	go a.keys.RefreshEvery(ctx, time.Minute, a.log)
	// Sessions ended on another replica stop working here within a second.
	go a.endedSessions.RefreshEvery(ctx, time.Second, a.log)
	go a.credKeys.RefreshEvery(ctx, time.Minute, a.log)
	// The first process of a deployment counts its existing data; the others find it claimed.
	go a.backfillPlatformStats(ctx)
}

// Close releases the queue and the search index; the platform is closed by its opener.
func (a *academy) Close() {
	_ = a.queue.Close()
	_ = a.queues.Close()
	if a.index != nil {
		_ = a.index.Close()
	}
	if a.talentIndex != nil {
		_ = a.talentIndex.Close()
	}
}
