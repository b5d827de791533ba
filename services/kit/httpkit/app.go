package httpkit

import (
	"encoding/json"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"
)

// AppOptions configures NewApp.
type AppOptions struct {
	Log       *slog.Logger
	Metrics   prometheus.Registerer // nil: a private registry
	BodyLimit int                   // bytes; 0 means 1 MiB
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies whose
	// X-Forwarded-For header names the client; without them the peer address is the client.
	TrustedProxies []string
	// Uploads are the routes whose bodies may exceed BodyLimit, streamed to
	// their handlers (see UploadBody).
	Uploads []Upload
	// Timeouts and the connection cap; zero leaves each unbounded, but a zero
	// IdleTimeout falls back to the read timeout. A request's headers must
	// arrive within ReadHeaderTimeout (counted from its first byte, or from the
	// connection's opening for the first request; it applies when shorter than
	// ReadTimeout), the whole request within ReadTimeout, and a kept-alive
	// connection is closed after IdleTimeout without a request.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// MaxConnections caps the connections served at once; more are answered 503 and closed.
	MaxConnections int
	Security       SecurityOptions
}

// NewApp returns a Fiber app with the shared conventions installed: problem+json
// errors, body size limit, request ids, access log, metrics and security headers. The server and
// every context's handler tests build their app with it.
func NewApp(o AppOptions) *fiber.App {
	if o.Metrics == nil {
		o.Metrics = prometheus.NewRegistry()
	}
	if o.BodyLimit == 0 {
		o.BodyLimit = 1 << 20
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	cfg := fiber.Config{
		AppName:               "academy",
		BodyLimit:             o.BodyLimit,
		ErrorHandler:          ErrorHandler(o.Log),
		DisableStartupMessage: true,
		JSONEncoder:           json.Marshal,
		JSONDecoder:           json.Unmarshal,
		ReadBufferSize:        16 << 10,
		ReadTimeout:           o.ReadTimeout,
		WriteTimeout:          o.WriteTimeout,
		IdleTimeout:           o.IdleTimeout,
		Concurrency:           o.MaxConnections,
		StreamRequestBody:     true,
		// Multipart bodies would be parsed into memory or temporary files
		// before the limit is checked; no route takes them.
		DisablePreParseMultipartForm: true,
	}
	// fasthttp has one read deadline for headers and body: set it to the
	// header timeout, and once the headers are in, extend it for the body.
	splitRead := o.ReadHeaderTimeout > 0 && o.ReadHeaderTimeout < o.ReadTimeout
	if splitRead {
		cfg.ReadTimeout = o.ReadHeaderTimeout
	}
	if len(o.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = o.TrustedProxies
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
	}
	app := fiber.New(cfg)
	if splitRead {
		app.Server().HeaderReceived = func(*fasthttp.RequestHeader) fasthttp.RequestConfig {
			return fasthttp.RequestConfig{ReadTimeout: o.ReadTimeout}
		}
	}
	app.Use(Observe(o.Log, o.Metrics))
	app.Use(limitBodies(o.BodyLimit, o.Uploads))
	app.Use(SecurityHeaders(o.Security))
	return app
}
