package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.mongodb.org/mongo-driver/mongo/readpref"

	"academy/frontend"
	"academy/services/identity/token"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// newHTTP builds the HTTP server: API, health, metrics and the web app.
func newHTTP(a *academy) (*fiber.App, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	app := httpkit.NewApp(httpkit.AppOptions{Log: a.log, Metrics: reg, BodyLimit: a.cfg.BodyLimit, TrustedProxies: a.cfg.TrustedProxies,
		Security: httpkit.SecurityOptions{
			HSTS: a.cfg.https(),
			// Anyone may show a credential's public verification page in a frame.
			EmbeddablePrefixes: []string{"/verify/"},
		}})

	// Compress what is worth it (the web app's scripts, JSON); cheap settings
	// keep the CPU for requests.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	app.Use(token.Middleware(a.keys, a.endedSessions))
	root := a.doc.Mount(app, "")
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/healthz", ID: "healthz", Summary: "Liveness: the process answers", Tag: "operations", Response: health{}}, healthz)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/readyz", ID: "readyz", Summary: "Readiness: MongoDB and Redis answer", Tag: "operations", Response: health{}}, a.readyz)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/metrics", ID: "metrics", Summary: "Prometheus metrics", Tag: "operations", Response: "", Produces: "text/plain"},
		// A collector that fails now and then under load is logged, and the
		// other metrics are still served rather than a 500.
		adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{
			ErrorHandling: promhttp.ContinueOnError,
			ErrorLog:      slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
		})))

	api := a.doc.Mount(app, "/api/v1")
	api.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/openapi.json", ID: "openapi", Summary: "This OpenAPI document", Tag: "operations", Response: map[string]any{}}, a.doc.Handler)
	a.register(root, api)

	web, err := newWebApp(frontend.Files(), a.pageMeta)
	if err != nil {
		return nil, fmt.Errorf("load the web app build (run `make web`): %w", err)
	}
	a.web = web
	app.Use(web.handle)
	return app, nil
}

type health struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks,omitempty"`
}

func healthz(c *fiber.Ctx) error { return c.JSON(health{Status: "ok"}) }

func (a *academy) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"mongodb": "ok", "redis": "ok"}
	var failed []error
	if err := a.p.mongo.Ping(ctx, readpref.Primary()); err != nil {
		checks["mongodb"] = err.Error()
		failed = append(failed, err)
	}
	if err := a.redisPing(ctx); err != nil {
		checks["redis"] = err.Error()
		failed = append(failed, err)
	}
	if len(failed) > 0 {
		c.Status(fiber.StatusServiceUnavailable)
		return c.JSON(health{Status: "unavailable", Checks: checks})
	}
	return c.JSON(health{Status: "ok", Checks: checks})
}

func (a *academy) redisPing(ctx context.Context) error {
	return a.p.redisClient.Ping(ctx).Err()
}

// serveHTTP listens until ctx ends, then stops accepting and waits for
// in-flight requests for up to 30 seconds.
func serveHTTP(ctx context.Context, app *fiber.App, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() {
		errc <- app.Listener(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if err := app.ShutdownWithTimeout(30 * time.Second); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}
