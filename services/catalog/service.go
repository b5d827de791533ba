package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/search"
)

// Service holds the catalogue's use cases; it authorises every call per resource.
type Service struct {
	store *Store
	orgs  Organisations
	index search.Index
	queue Enqueuer
	audit AdminLog
	log   *slog.Logger
	cache courseCaches
	now   func() time.Time
}

// NewService returns the catalogue service. queue may be nil (as in a
// one-off seed run): changed items then stay marked for reindexing until
// ReconcileIndex runs where a queue exists or the index is rebuilt. audit
// keeps administrators' moderation; nil (a seed run) refuses it.
func NewService(store *Store, orgs Organisations, index search.Index, queue Enqueuer, audit AdminLog, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, orgs: orgs, index: index, queue: queue, audit: audit, log: log, cache: newCourseCaches(), now: time.Now}
}

// canManage reports whether p may edit what the organisation publishes: an
// admin, or an owner or staff member of the organisation once it is verified.
func (s *Service) canManage(ctx context.Context, p auth.Principal, orgID string) (bool, error) {
	if p.Admin {
		return true, nil
	}
	if !p.Authenticated() {
		return false, nil
	}
	staff, err := s.orgs.IsVerifiedStaff(ctx, p.UserID, orgID)
	if err != nil {
		return false, fmt.Errorf("check staff of %s: %w", orgID, err)
	}
	return staff, nil
}

// authorizeEdit lets p edit an item of orgID. A caller who may not is told the
// item does not exist unless the public can see it.
func (s *Service) authorizeEdit(ctx context.Context, p auth.Principal, orgID string, publiclyVisible bool, what string) error {
	if !p.Authenticated() {
		return apperr.Unauthorizedf("sign in to edit the catalogue")
	}
	ok, err := s.canManage(ctx, p, orgID)
	switch {
	case err != nil:
		return err
	case ok:
		return nil
	case publiclyVisible:
		return apperr.Forbiddenf("only staff of the verified institution may edit this %s", what)
	default:
		return apperr.NotFoundf("no such %s", what)
	}
}

// institutionFor returns the institution an item names, as a field error when unknown.
func (s *Service) institutionFor(ctx context.Context, slug string) (Institution, error) {
	inst, err := s.store.Institution(ctx, slug)
	if apperr.Is(err, apperr.NotFound) {
		return inst, apperr.InvalidField("institution", "no institution has the slug %q", slug)
	}
	return inst, err
}

func newID() string { return ulid.Make().String() }

// contentHash identifies content by its JSON encoding (map keys are sorted).
func contentHash(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("hash catalogue content: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// needsIndexMark reports whether indexing the current revision must be
// recorded: the item is stale, or its recorded revision is older.
func (st Sync) needsIndexMark() bool {
	return st.IndexStale || st.IndexedVersion != st.Revision
}

// touch records a change to an item: a new revision, to be indexed when the
// search index shows the item.
func (st *Sync) touch(indexed bool) {
	st.Revision++
	if indexed {
		st.IndexStale = true
	}
}

// Search answers a catalogue search; a filter the index cannot use is a field error.
func (s *Service) Search(ctx context.Context, q search.Query) (search.Result, error) {
	res, err := s.index.Search(ctx, q)
	var fe *search.FilterError
	if errors.As(err, &fe) {
		return res, apperr.InvalidField(fe.Filter, "%s", fe.Reason)
	}
	if err != nil {
		return res, fmt.Errorf("search the catalogue: %w", err)
	}
	return res, nil
}

// Empty reports whether the catalogue has nothing in it yet, so a fresh
// platform knows to load the seed catalogue.
func (s *Service) Empty(ctx context.Context) (bool, error) { return s.store.empty(ctx) }
