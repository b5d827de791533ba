package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.mongodb.org/mongo-driver/mongo/readpref"

	"academy/frontend"
	"academy/jobs"
	"academy/services/competitions"
	"academy/services/identity/token"
	"academy/services/kit/apperr"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/kit/ratelimit"
)

// newHTTP builds the HTTP server: API, health, metrics and the web app.
func newHTTP(a *academy) (*fiber.App, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		jobs.NewCollector(a.queues, a.log))
	cfg := a.cfg
	app := httpkit.NewApp(httpkit.AppOptions{Log: a.log, Metrics: reg, BodyLimit: cfg.BodyLimit, TrustedProxies: cfg.TrustedProxies,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout, ReadTimeout: cfg.ReadTimeout, WriteTimeout: cfg.WriteTimeout,
		IdleTimeout: cfg.IdleTimeout, MaxConnections: cfg.MaxConnections, Uploads: competitions.Uploads,
		Security: httpkit.SecurityOptions{
			HSTS: cfg.https(),
			// Anyone may show a credential's public verification page in a frame.
			EmbeddablePrefixes: []string{"/verify/"},
		}})
	// A collector that fails now and then under load is logged, and the
	// other metrics are still served rather than a 500.
	a.metrics = promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	})

	// Compress what is worth it (the web app's scripts, JSON); cheap settings
	// keep the CPU for requests.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	root := a.doc.Mount(app, "")
	// Before the access-token check: the metrics token is not an access token.
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/metrics", ID: "metrics", Tag: "operations", Response: "", Produces: "text/plain",
		Summary: "Prometheus metrics; with ACADEMY_METRICS_TOKEN set, only with that bearer token; with ACADEMY_METRICS_ADDR set, only on that address"},
		a.serveMetrics)
	app.Use(token.Middleware(a.keys, a.endedSessions))
	if cfg.AnonymousRate > 0 {
		limit := ratelimit.NewWindow(a.p.redisClient, "academy:ratelimit:anonymous", cfg.AnonymousRate, time.Minute)
		app.Use("/api/v1", ratelimit.Anonymous(limit, a.log))
	}
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/healthz", ID: "healthz", Summary: "Liveness: the process answers", Tag: "operations", Response: health{}}, healthz)
	root.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/readyz", ID: "readyz", Summary: "Readiness: MongoDB and Redis answer", Tag: "operations", Response: health{}}, a.readyz)

	api := a.doc.Mount(app, "/api/v1")
	api.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/openapi.json", ID: "openapi", Summary: "This OpenAPI document", Tag: "operations", Response: map[string]any{}}, a.doc.Handler)
	a.register(root, api)

	files, built := frontend.Files()
	if !built {
		a.log.Warn("this binary was built without the web app: its pages say so; `make build` builds both")
	}
	web, err := newWebApp(files, a.pageMeta)
	if err != nil {
		return nil, fmt.Errorf("load the web app build: %w", err)
	}
	a.web = web
	app.Use(web.handle)
	return app, nil
}

// serveMetrics answers /metrics on the HTTP address, unless they are served
// on an address of their own or the request lacks the metrics token.
func (a *academy) serveMetrics(c *fiber.Ctx) error {
	if a.cfg.MetricsAddr != "" {
		return apperr.NotFoundf("metrics are served on another address")
	}
	if want := a.cfg.MetricsToken; want != "" {
		scheme, got, _ := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
		if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
			return apperr.Unauthorizedf("metrics need the metrics bearer token")
		}
	}
	return adaptor.HTTPHandler(a.metrics)(c)
}

// serveMetricsOn serves /metrics alone on addr until ctx ends.
func (a *academy) serveMetricsOn(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metrics)
	return serveUntil(ctx, ln, &http.Server{Handler: mux, ReadHeaderTimeout: a.cfg.ReadHeaderTimeout, ReadTimeout: a.cfg.ReadTimeout,
		WriteTimeout: a.cfg.WriteTimeout, IdleTimeout: a.cfg.IdleTimeout})
}

// serveUntil serves srv on ln until ctx ends; closing it then is no error.
func serveUntil(ctx context.Context, ln net.Listener, srv *http.Server) error {
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
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
