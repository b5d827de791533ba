package httpkit

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
)

const requestIDKey = "academy.request_id"

// RequestID returns the id of the current request.
func RequestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey).(string)
	return id
}

// Observe gives each request an id (kept from a well-formed X-Request-ID
// header), logs one line per request and records Prometheus metrics.
func Observe(log *slog.Logger, reg prometheus.Registerer) fiber.Handler {
	requests := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "academy_http_request_duration_seconds",
		Help:    "HTTP request latency by route and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"method", "route", "status"})
	reg.MustRegister(requests)
	return func(c *fiber.Ctx) error {
		start := time.Now()
		id := c.Get(fiber.HeaderXRequestID)
		if !validRequestID(id) {
			id = newRequestID()
		}
		c.Locals(requestIDKey, id)
		c.Set(fiber.HeaderXRequestID, id)
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		route := c.Route().Path
		elapsed := time.Since(start)
		// Fiber's strings point into buffers it reuses for the next request,
		// and the metric keeps its label values: copy them.
		requests.WithLabelValues(methodLabel(c.Method()), strings.Clone(route), strconv.Itoa(status)).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		switch {
		case status == fiber.StatusInternalServerError:
			level = slog.LevelError
		case status >= 500:
			level = slog.LevelWarn
		}
		// A streamed body (a data file of 200 MB) is sent as it is read: its
		// length is the header's, as reading it here would hold it in memory.
		size := c.Response().Header.ContentLength()
		if !c.Response().IsBodyStream() {
			size = len(c.Response().Body())
		}
		log.Log(c.UserContext(), level, "request",
			"request_id", id, "method", c.Method(), "path", c.Path(), "route", route,
			"status", status, "duration_ms", float64(elapsed.Microseconds())/1000, "bytes", size)
		return nil
	}
}

// methods are the label values of the request methods Fiber routes.
var methods = []string{fiber.MethodGet, fiber.MethodHead, fiber.MethodPost, fiber.MethodPut, fiber.MethodPatch,
	fiber.MethodDelete, fiber.MethodConnect, fiber.MethodOptions, fiber.MethodTrace}

// methodLabel returns the constant naming method, so the label neither
// aliases a request buffer nor grows with made-up methods.
func methodLabel(method string) string {
	for _, m := range methods {
		if m == method {
			return m
		}
	}
	return "other"
}

func validRequestID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
