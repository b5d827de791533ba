package revocation

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// replicas returns two lists on one real Redis, as two academy processes have.
func replicas(t *testing.T, retain time.Duration) (*List, *List) {
	t.Helper()
	opt := testenv.Redis(t)
	a, b := redis.NewClient(opt), redis.NewClient(opt)
	t.Cleanup(func() { _ = a.Close(); _ = b.Close() })
	return New(a, retain), New(b, retain)
}

// TestRevokedEverywhereWithinSeconds ends a session on one replica and
// checks the other refuses it within a few seconds, from memory.
func TestRevokedEverywhereWithinSeconds(t *testing.T) {
	here, there := replicas(t, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go there.RefreshEvery(ctx, 100*time.Millisecond, slog.New(slog.DiscardHandler))

	if here.Revoked("s1") || there.Revoked("s1") {
		t.Fatal("a live session reads as revoked")
	}
	if err := here.Revoke(ctx, "s1", "s2"); err != nil {
		t.Fatal(err)
	}
	if !here.Revoked("s1") || !here.Revoked("s2") {
		t.Fatal("the replica that ended the sessions still accepts them")
	}
	deadline := time.Now().Add(3 * time.Second)
	for !there.Revoked("s2") {
		if time.Now().After(deadline) {
			t.Fatal("the other replica still accepts the session after 3 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if there.Revoked("s3") || there.Revoked("") {
		t.Error("sessions never ended read as revoked")
	}
}

// TestRevocationsExpire checks an entry is dropped once no access token of
// its session can be valid, so the list stays as small as the sessions
// ended within one token lifetime.
func TestRevocationsExpire(t *testing.T) {
	here, there := replicas(t, time.Minute)
	ctx := context.Background()
	if err := here.Revoke(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(2 * time.Minute)
	here.now = func() time.Time { return later }
	there.now = here.now
	if here.Revoked("old") {
		t.Error("an entry outlived the tokens it ends")
	}
	if err := there.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := there.rdb.ZCard(ctx, key).Result(); err != nil || n != 0 {
		t.Errorf("Redis keeps %d stale entries (%v), want 0", n, err)
	}
}
