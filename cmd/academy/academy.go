package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/jobs"
	"academy/services/identity"
	"academy/services/identity/token"
	"academy/services/kit/openapi"
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
	identity   *identity.Service
	identityDB *identity.Store
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
	a.identity, err = identity.NewService(ids, keys, identity.Options{PublicBaseURL: cfg.publicURL(), Log: log})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// register adds every context's routes.
func (a *academy) register(root, api *openapi.Routes) {
	ih := identity.NewHandler(a.identity, a.keys)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/.well-known/jwks.json", ID: "jwks", Summary: "Public keys that verify access tokens", Tag: "identity", Response: map[string]any{}}, ih.JWKS)
	ih.Register(api)
}

// handleTasks registers every context's task handlers on the worker.
func (a *academy) handleTasks(w *jobs.Worker) {}

// background runs the periodic upkeep of a process: signing-key refresh and
// rotation, and the reconcilers that re-enqueue work the queue lost.
func (a *academy) background(ctx context.Context) {
	go a.keys.RefreshEvery(ctx, time.Minute, a.log)
	go every(ctx, 10*time.Minute, a.log, "delete expired sessions and counters", func(ctx context.Context) error {
		return a.identityDB.DeleteExpired(ctx, time.Now())
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

// Close releases the queue; the platform is closed by its opener.
func (a *academy) Close() { _ = a.queue.Close() }
