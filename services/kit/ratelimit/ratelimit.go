// Package ratelimit counts requests per client in fixed windows kept in
// Redis, so that a limit holds across every process sharing that Redis.
package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
)

// Window allows each key at most Limit requests per fixed window of Period.
type Window struct {
	rdb    redis.Cmdable
	prefix string
	limit  int64
	period time.Duration
	now    func() time.Time
}

// NewWindow returns a limiter whose counters are Redis keys starting with prefix.
func NewWindow(rdb redis.Cmdable, prefix string, limit int, period time.Duration) *Window {
	return &Window{rdb: rdb, prefix: prefix, limit: int64(limit), period: period, now: time.Now}
}

// Allow counts one request for key and reports whether it is within the
// limit; when it is not, retry is the time left until the window ends.
func (w *Window) Allow(ctx context.Context, key string) (ok bool, retry time.Duration, err error) {
	now := w.now()
	start := now.Truncate(w.period)
	// The window's start is part of the key, so every counter expires on its
	// own and a crash between INCR and EXPIRE cannot leave one forever.
	k := fmt.Sprintf("%s:%s:%d", w.prefix, key, start.Unix())
	var count *redis.IntCmd
	if _, err := w.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		count = p.Incr(ctx, k)
		p.ExpireAt(ctx, k, start.Add(2*w.period))
		return nil
	}); err != nil {
		return true, 0, fmt.Errorf("count request of %s: %w", key, err)
	}
	if count.Val() <= w.limit {
		return true, 0, nil
	}
	return false, start.Add(w.period).Sub(now), nil
}

// Anonymous limits requests without a signed-in user per client address;
// signed-in users pass untouched. When Redis fails the request passes: the
// limiter protects the service and must not become the reason it is down.
func Anonymous(w *Window, log *slog.Logger) fiber.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(c *fiber.Ctx) error {
		if auth.From(c).Authenticated() {
			return c.Next()
		}
		ok, retry, err := w.Allow(c.UserContext(), httpkit.ClientIP(c))
		if err != nil {
			log.Warn("rate limiter unavailable; request let through", "request_id", httpkit.RequestID(c), "err", err)
			return c.Next()
		}
		if !ok {
			return &apperr.Error{Kind: apperr.TooMany, Code: "rate-limited", RetryAfter: retry,
				Detail: "too many requests from this address without signing in; wait or sign in"}
		}
		return c.Next()
	}
}
