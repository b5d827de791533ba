package httpkit

import (
	"encoding/json"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

// AppOptions configures NewApp.
type AppOptions struct {
	Log       *slog.Logger
	Metrics   prometheus.Registerer // nil: a private registry
	BodyLimit int                   // bytes; 0 means 1 MiB
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies whose
	// X-Forwarded-For header names the client; without them the peer address is the client.
	TrustedProxies []string
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
	}
	if len(o.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = o.TrustedProxies
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
	}
	app := fiber.New(cfg)
	app.Use(Observe(o.Log, o.Metrics))
	app.Use(SecurityHeaders(o.Security))
	return app
}
