package competitions

import (
	"context"
	"errors"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/adminlog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// AdminLog keeps the platform's audit log of administrative actions; the
// identity service implements it.
type AdminLog interface {
	RecordAdminAction(ctx context.Context, e adminlog.Entry) error
}

// Unpublish takes a published competition back to a draft as moderation,
// with a reason its hosts read: it leaves the public pages, boards and search
// at once, its entries and submissions stay, and its hosts cannot publish it
// again; an administrator can. Only administrators may; the audit log keeps it.
func (s *Service) Unpublish(ctx context.Context, p auth.Principal, slug, reason string) (CompetitionView, error) {
	if !p.Admin {
		return CompetitionView{}, apperr.Forbiddenf("only administrators can unpublish competitions as moderation")
	}
	if s.audit == nil {
		return CompetitionView{}, errors.New("unpublish competition: no audit log configured")
	}
	reason = strings.TrimSpace(reason)
	if err := checkReason(reason); err != nil {
		return CompetitionView{}, err
	}
	c, err := s.store.CompetitionBySlug(ctx, slug)
	if err != nil {
		return CompetitionView{}, err
	}
	if c.State != StatePublished {
		return CompetitionView{}, apperr.Conflictf("not-published", "only a published competition that is not finalising or finished can be unpublished")
	}
	now := s.clock()
	m := Moderation{Reason: reason, By: p.UserID, At: now}
	updated, ok, err := s.store.UpdateCompetition(ctx, c.ID, bson.M{"state": StatePublished, "version": c.Version},
		bson.M{"$set": bson.M{"state": StateDraft, "moderation": m, "updated_at": now}, "$inc": bson.M{"version": 1}})
	if err != nil {
		return CompetitionView{}, err
	}
	if !ok {
		return CompetitionView{}, apperr.Conflictf("edit-conflict", "the competition changed while it was being unpublished; try again")
	}
	s.index(ctx, updated)
	err = s.audit.RecordAdminAction(ctx, adminlog.Entry{
		Action: adminlog.CompetitionUnpublish, ActorID: p.UserID, TargetKind: adminlog.TargetCompetition, TargetID: c.ID,
		TargetLabel: c.Title + " (" + c.Slug + ")", Reason: reason,
	})
	if err != nil {
		return CompetitionView{}, err
	}
	return s.view(ctx, p, updated, true)
}

// Moderation records that an administrator unpublished a competition, and
// why: its hosts read the reason.
type Moderation struct {
	Reason string    `bson:"reason" json:"reason"`
	By     string    `bson:"by" json:"-"`
	At     time.Time `bson:"at" json:"at"`
}
