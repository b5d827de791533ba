package identity

import (
	"context"
	"time"

	"github.com/alexedwards/argon2id"

	"academy/services/kit/apperr"
)

// PasswordHashMemory is the memory one argon2id hash or check holds while it
// runs, from PasswordParams.
const PasswordHashMemory = int64(19 << 20)

// hashing runs password hashes and checks a few at a time: each holds
// PasswordHashMemory, so a burst of sign-ins would otherwise take the
// process's memory. Callers beyond the slots queue for a moment; beyond the
// queue or the moment they are told to come back (503 with Retry-After).
type hashing struct {
	slots  chan struct{}
	queue  chan struct{}
	wait   time.Duration
	params *argon2id.Params
}

// The queue for hashing: waiting callers per slot, and how long one waits.
const (
	hashQueuePerSlot = 32
	hashQueueWait    = 2 * time.Second
)

func newHashing(slots int) *hashing {
	slots = max(slots, 1)
	return &hashing{
		slots:  make(chan struct{}, slots),
		queue:  make(chan struct{}, slots*hashQueuePerSlot),
		wait:   hashQueueWait,
		params: &PasswordParams,
	}
}

// enter takes a slot, and returns its release.
func (h *hashing) enter(ctx context.Context) (func(), error) {
	select {
	case h.queue <- struct{}{}:
	default:
		return nil, errBusy()
	}
	defer func() { <-h.queue }()
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-t.C:
		return nil, errBusy()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// create hashes a new password.
func (h *hashing) create(ctx context.Context, password string) (string, error) {
	release, err := h.enter(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	return argon2id.CreateHash(password, h.params)
}

// check reports whether password matches hash.
func (h *hashing) check(ctx context.Context, password, hash string) (bool, error) {
	release, err := h.enter(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return argon2id.ComparePasswordAndHash(password, hash)
}

func errBusy() error {
	e := apperr.New(apperr.Unavailable, "busy", "too many sign-ins at once; try again in a moment")
	e.RetryAfter = time.Second
	return e
}
