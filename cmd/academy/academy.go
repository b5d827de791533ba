package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/jobs"
	"academy/services/catalog"
	"academy/services/credentials"
	"academy/services/export"
	"academy/services/identity"
	"academy/services/identity/revocation"
	"academy/services/identity/token"
	"academy/services/kit/guarded"
	"academy/services/kit/openapi"
	"academy/services/learning"
	"academy/services/mailer"
	"academy/services/search"
	"academy/services/search/bleve"
	"academy/services/search/meili"
)

// accessAudience is the aud claim of access tokens: they are for this API only.
const accessAudience = "academy-api"

// academy is the wired platform: every context's service built on the stores.
type academy struct {
	cfg   *Config
	log   *slog.Logger
	p     *platform
	doc   *openapi.Document
	queue *jobs.Queue
	web   *webApp

	keys       *token.Keyring
	// endedSessions lists the sessions whose access tokens were ended early.
	endedSessions *revocation.List
	identity   *identity.Service
	identityDB *identity.Store
	index      search.Index
	catalog    *catalog.Service
	learning   *learning.Service
	credKeys   *credentials.Keyring
	creds      *credentials.Service
}

// newAcademy builds every context on the platform's stores and makes sure
// their indexes exist.
func newAcademy(ctx context.Context, cfg *Config, log *slog.Logger, p *platform) (*academy, error) {
	a := &academy{
		cfg:   cfg,
		log:   log,
		p:     p,
		doc:   openapi.New("Academy API", version),
		queue: jobs.NewQueue(p.redis),
	}
	keys, err := token.NewKeyring(ctx, p.db, token.Config{Issuer: cfg.issuer(), Audience: accessAudience, TTL: cfg.TokenTTL})
	if err != nil {
		return nil, fmt.Errorf("load signing keys: %w", err)
	}
	a.keys = keys

	ids := identity.NewStore(p.db)
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
	a.identity, err = identity.NewService(ids, keys, identity.Options{
		PublicBaseURL: cfg.publicURL(), Log: log, Sessions: a.endedSessions,
		Mailer: sender, Queue: a.queue, DevMailLog: cfg.DevMailLog,
	})
	if err != nil {
		return nil, err
	}

	if a.index, err = openIndex(cfg, log); err != nil {
		return nil, err
	}
	cs := catalog.NewStore(p.db)
	if err := cs.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("catalogue indexes: %w", err)
	}
	a.catalog = catalog.NewService(cs, a.identity, a.index, a.queue, log)

	writes, err := guarded.New(ctx, p.db)
	if err != nil {
		return nil, err
	}
	ls := learning.NewStore(p.db, writes)
	if err := ls.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("learning indexes: %w", err)
	}
	a.learning = learning.NewService(ls, a.catalog, a.identity, a.queue, learning.Options{Log: log})

	crs := credentials.NewStore(p.db)
	if err := crs.EnsureIndexes(ctx); err != nil {
		return nil, fmt.Errorf("credentials indexes: %w", err)
	}
	if a.credKeys, err = credentials.NewKeyring(ctx, crs); err != nil {
		return nil, fmt.Errorf("load credential signing keys: %w", err)
	}
	a.creds, err = credentials.NewService(crs, a.credKeys, awards{learning: a.learning, catalog: a.catalog, identity: a.identity}, a.identity,
		credentials.Options{PublicBaseURL: cfg.publicURL(), PlatformName: "Academy", Log: log})
	if err != nil {
		return nil, err
	}
	if p.embeddedDB != nil {
		// Every collection exists now that the stores made their indexes.
		if err := p.embeddedDB.IndexIDLookups(ctx, cfg.MongoDatabase); err != nil {
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
	export.NewHandler(a.exportSections()...).Register(api)
	ch := credentials.NewHandler(a.creds)
	ch.Register(api)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/.well-known/credential-jwks.json", ID: "credentialJWKS", Summary: "Public keys that verify issued credentials", Tag: "credentials", Response: map[string]any{}}, ch.JWKS)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/issuers/:slug", ID: "issuerProfileByID", Summary: "An issuer's Open Badges profile, at its id URL", Tag: "credentials", Response: map[string]any{}}, ch.IssuerProfile)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/credentials/:id", ID: "credentialByID", Summary: "A credential at its id URL: browsers go to its verification page, others get its JSON", Tag: "credentials", Response: map[string]any{}}, ch.CredentialID)
}

// handleTasks registers every context's task handlers on the worker.
func (a *academy) handleTasks(w *jobs.Worker) {
	w.Handle(catalog.TypeIndexTask, a.catalog.HandleIndexTask)
	w.Handle(identity.TypeDeliverMail, a.identity.HandleDeliverMailTask)
	w.Handle(learning.TypeGradeAttempt, a.learning.HandleGradeTask)
	w.Handle(credentials.TypeIssue, a.creds.HandleIssueTask)
}

// background runs the periodic upkeep of a process: signing-key refresh and
// rotation, and the reconcilers that re-enqueue work the queue lost.
func (a *academy) background(ctx context.Context) {
	go a.keys.RefreshEvery(ctx, time.Minute, a.log)
	// Sessions ended on another replica stop working here within a second.
	go a.endedSessions.RefreshEvery(ctx, time.Second, a.log)
	go a.credKeys.RefreshEvery(ctx, time.Minute, a.log)
	go every(ctx, 10*time.Minute, a.log, "delete expired sessions and counters", func(ctx context.Context) error {
		return a.identityDB.DeleteExpired(ctx, time.Now())
	})
	go every(ctx, time.Minute, a.log, "re-enqueue unsent mail", func(ctx context.Context) error {
		_, err := a.identity.ReconcileMail(ctx, 2*time.Minute)
		return err
	})
	go every(ctx, 30*time.Second, a.log, "re-enqueue unindexed catalogue items", func(ctx context.Context) error {
		_, err := a.catalog.ReconcileIndex(ctx)
		return err
	})
	go every(ctx, time.Minute, a.log, "re-enqueue submissions left ungraded", func(ctx context.Context) error {
		_, err := a.learning.ReconcileSubmissions(ctx, 2*time.Minute)
		return err
	})
	// Reads every attempt; a learner who comes back has theirs submitted at once.
	go every(ctx, 10*time.Minute, a.log, "submit attempts abandoned past their deadline", func(ctx context.Context) error {
		_, err := a.learning.SubmitAbandoned(ctx, 2*time.Minute)
		return err
	})
	go every(ctx, 5*time.Minute, a.log, "re-enqueue completions without a credential", func(ctx context.Context) error {
		_, err := a.learning.ReconcileCompletions(ctx, 10*time.Minute)
		return err
	})
}

// every runs f every interval until ctx ends, logging failures.
func every(ctx context.Context, interval time.Duration, log *slog.Logger, what string, f func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := f(ctx); err != nil && ctx.Err() == nil {
				log.Warn(what, "err", err)
			}
		}
	}
}

// Close releases the queue and the search index; the platform is closed by its opener.
func (a *academy) Close() {
	_ = a.queue.Close()
	if a.index != nil {
		_ = a.index.Close()
	}
}
