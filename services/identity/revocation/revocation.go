// Package revocation keeps the set of ended sessions, so that access tokens
// stop working within seconds of a logout or password change rather than
// when they expire. The set lives in Redis, shared by every replica; each
// process holds a copy in memory, refreshed every second, so checking a
// token reads neither Redis nor the database.
package revocation

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"academy/services/kit/every"
)

// key is the Redis sorted set of ended sessions: member the session id,
// score the Unix time after which no access token of it can be valid.
const key = "academy:revoked-sessions"

// List is the set of ended sessions.
type List struct {
	rdb    redis.UniversalClient
	retain time.Duration
	now    func() time.Time

	mu    sync.RWMutex
	ended map[string]time.Time // session id → when its last access token expires
}

// New returns the list kept in rdb. retain is how long an entry matters:
// the access token lifetime plus the clock leeway verifiers allow.
func New(rdb redis.UniversalClient, retain time.Duration) *List {
	return &List{rdb: rdb, retain: retain, now: time.Now, ended: map[string]time.Time{}}
}

// Revoke ends the sessions: their access tokens are refused at once by this
// process, and by the others at their next refresh of the list.
func (l *List) Revoke(ctx context.Context, sessionIDs ...string) error {
	if len(sessionIDs) == 0 {
		return nil
	}
	until := l.now().Add(l.retain)
	members := make([]redis.Z, len(sessionIDs))
	l.mu.Lock()
	for i, id := range sessionIDs {
		l.ended[id] = until
		members[i] = redis.Z{Score: float64(until.Unix()), Member: id}
	}
	l.mu.Unlock()
	if err := l.rdb.ZAdd(ctx, key, members...).Err(); err != nil {
		return fmt.Errorf("revoke sessions: %w", err)
	}
	return nil
}

// Revoked reports whether the session ended. It reads memory only.
func (l *List) Revoked(sessionID string) bool {
	if sessionID == "" {
		return false
	}
	l.mu.RLock()
	until, ok := l.ended[sessionID]
	l.mu.RUnlock()
	return ok && l.now().Before(until)
}

// Refresh replaces the copy in memory with the list in Redis, dropping
// entries no access token can outlive any more.
func (l *List) Refresh(ctx context.Context) error {
	now := l.now()
	stale := strconv.FormatInt(now.Unix(), 10)
	if err := l.rdb.ZRemRangeByScore(ctx, key, "-inf", stale).Err(); err != nil {
		return fmt.Errorf("refresh revoked sessions: %w", err)
	}
	entries, err := l.rdb.ZRangeByScoreWithScores(ctx, key, &redis.ZRangeBy{Min: "(" + stale, Max: "+inf"}).Result()
	if err != nil {
		return fmt.Errorf("refresh revoked sessions: %w", err)
	}
	ended := make(map[string]time.Time, len(entries))
	for _, e := range entries {
		if id, ok := e.Member.(string); ok {
			ended[id] = time.Unix(int64(e.Score), 0)
		}
	}
	l.mu.Lock()
	// Keep what this process revoked while the list was being read.
	for id, until := range l.ended {
		if _, ok := ended[id]; !ok && until.After(now.Add(l.retain-time.Second)) {
			ended[id] = until
		}
	}
	l.ended = ended
	l.mu.Unlock()
	return nil
}

// RefreshEvery refreshes the list every interval until ctx ends, logging failures.
func (l *List) RefreshEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	every.Run(ctx, interval, log, "refresh revoked sessions", l.Refresh)
}
