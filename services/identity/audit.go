package identity

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/adminlog"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// AuditEntry is one administrative action as the platform's audit log keeps it.
type AuditEntry struct {
	ID          string    `bson:"_id"`
	Action      string    `bson:"action"`
	ActorID     string    `bson:"actor_id"`
	TargetKind  string    `bson:"target_kind"`
	TargetID    string    `bson:"target_id"`
	TargetLabel string    `bson:"target_label"`
	Reason      string    `bson:"reason,omitempty"`
	At          time.Time `bson:"at"`
}

// AuditView is an audit entry with its actor's email, as administrators read it.
type AuditView struct {
	AuditEntry
	ActorEmail string
}

// AuditFilter narrows the audit log; empty fields match every entry.
type AuditFilter struct {
	Action   string
	ActorID  string
	TargetID string
}

// RecordAdminAction adds an entry to the platform's audit log. Every context
// calls it after an administrator changed something, so that the log lists
// what was done, never what was only attempted.
func (s *Service) RecordAdminAction(ctx context.Context, e adminlog.Entry) error {
	entry := AuditEntry{
		ID: ulid.Make().String(), Action: e.Action, ActorID: e.ActorID, TargetKind: e.TargetKind,
		TargetID: e.TargetID, TargetLabel: e.TargetLabel, Reason: e.Reason, At: s.clock(),
	}
	if _, err := s.store.audit.InsertOne(ctx, entry); err != nil {
		s.log.ErrorContext(ctx, "administrative action done but not audited", "action", e.Action, "actor", e.ActorID, "target", e.TargetID, "err", err)
		return fmt.Errorf("audit %s of %s: %w", e.Action, e.TargetID, err)
	}
	return nil
}

// AdminAudit returns a page of the audit log, newest first, to administrators,
// and the id to continue before ("" on the last page). The filters scan the
// log on the embedded database; the page size bounds what one call returns.
func (s *Service) AdminAudit(ctx context.Context, p auth.Principal, f AuditFilter, before string, limit int) ([]AuditView, string, error) {
	if !p.Admin {
		return nil, "", apperr.Forbiddenf("only administrators can read the audit log")
	}
	if f.Action != "" && !slices.Contains(adminlog.Actions, f.Action) {
		return nil, "", apperr.InvalidField("action", "must be one of %v", adminlog.Actions)
	}
	filter := bson.M{}
	if f.Action != "" {
		filter["action"] = f.Action
	}
	if f.ActorID != "" {
		filter["actor_id"] = f.ActorID
	}
	if f.TargetID != "" {
		filter["target_id"] = f.TargetID
	}
	if before != "" {
		filter["_id"] = bson.M{"$lt": before}
	}
	cur, err := s.store.audit.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(limit+1)))
	if err != nil {
		return nil, "", fmt.Errorf("list audit log: %w", err)
	}
	entries := []AuditEntry{}
	if err := cur.All(ctx, &entries); err != nil {
		return nil, "", fmt.Errorf("read audit log: %w", err)
	}
	entries, next := page(entries, limit, func(e AuditEntry) string { return e.ID })
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ActorID
	}
	actors, err := s.store.usersByID(ctx, ids)
	if err != nil {
		return nil, "", err
	}
	views := make([]AuditView, len(entries))
	for i, e := range entries {
		views[i] = AuditView{AuditEntry: e, ActorEmail: actors[e.ActorID].Email}
	}
	return views, next, nil
}

// audited records in the audit log the action p took on the target.
func (s *Service) audited(ctx context.Context, p auth.Principal, action, kind, id, label, reason string) error {
	return s.RecordAdminAction(ctx, adminlog.Entry{Action: action, ActorID: p.UserID, TargetKind: kind, TargetID: id, TargetLabel: label, Reason: reason})
}
