package competitions

import (
	"context"
	"time"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// Audited actions of a host.
const (
	ActionDisqualify  = "disqualify"
	ActionReinstate   = "reinstate"
	ActionDismissFlag = "dismiss-flag"
)

// AuditEntry records who took a host's decision, when and why.
type AuditEntry struct {
	ID            string    `bson:"_id" json:"id"`
	CompetitionID string    `bson:"competition_id" json:"-"`
	Action        string    `bson:"action" json:"action"`
	TeamID        string    `bson:"team_id,omitempty" json:"team_id,omitempty"`
	FlagID        string    `bson:"flag_id,omitempty" json:"flag_id,omitempty"`
	By            string    `bson:"by" json:"by"`
	At            time.Time `bson:"at" json:"at"`
	Reason        string    `bson:"reason" json:"reason"`
}

// checkReason requires the reason a host gives for a decision.
func checkReason(reason string) error {
	var v apperr.Validation
	checkText(&v, "reason", reason, 3, 1000)
	return v.Err()
}

// SetDisqualified disqualifies a team of a competition p hosts, or
// reinstates it, with a reason kept in the audit log: a disqualified team
// is off both boards, cannot submit and, once the board is frozen, gets no
// credential.
func (s *Service) SetDisqualified(ctx context.Context, p auth.Principal, slug, teamID, reason string, disqualify bool) (TeamView, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return TeamView{}, err
	}
	if err := checkReason(reason); err != nil {
		return TeamView{}, err
	}
	t, err := s.store.Team(ctx, teamID)
	if err != nil || t.CompetitionID != c.ID || t.MergedInto != "" {
		return TeamView{}, apperr.NotFoundf("no such team")
	}
	return s.setDisqualified(ctx, p, c, t, reason, disqualify, "")
}

func (s *Service) setDisqualified(ctx context.Context, p auth.Principal, c Competition, t Team, reason string, disqualify bool, flagID string) (TeamView, error) {
	if c.State == StateFinished || c.State == StateFinalising {
		return TeamView{}, apperr.Conflictf("competition-finished", "the board of a finalised competition is frozen")
	}
	if t.Disqualified == disqualify {
		if disqualify {
			return TeamView{}, apperr.Conflictf("already-disqualified", "the team is disqualified already")
		}
		return TeamView{}, apperr.Conflictf("not-disqualified", "the team is not disqualified")
	}
	action := ActionDisqualify
	set := bson.M{"disqualified": true, "disqualified_reason": reason}
	if !disqualify {
		action, set = ActionReinstate, bson.M{"disqualified": false, "disqualified_reason": ""}
	}
	// Recorded before it is applied, and withdrawn when it is not, so that
	// no decision takes effect without its record.
	a := AuditEntry{ID: newID(), CompetitionID: c.ID, Action: action, TeamID: t.ID, FlagID: flagID, By: p.UserID, At: s.clock(), Reason: reason}
	if err := s.store.InsertAudit(ctx, a); err != nil {
		return TeamView{}, err
	}
	updated, ok, err := s.store.UpdateTeam(ctx, t.ID, bson.M{"disqualified": !disqualify}, bson.M{"$set": set})
	if err == nil && !ok {
		err = apperr.Conflictf("edit-conflict", "the team changed meanwhile; reload it")
	}
	if err != nil {
		_ = s.store.DeleteAudit(context.WithoutCancel(ctx), a.ID)
		return TeamView{}, err
	}
	if err := s.excludeOnBoards(ctx, c, t.ID, disqualify); err != nil {
		return TeamView{}, err
	}
	return s.teamView(c, updated), nil
}

// Audit returns a page of the host's decisions on a competition, newest first.
func (s *Service) Audit(ctx context.Context, p auth.Principal, slug, before string, limit int) ([]AuditEntry, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	return s.store.Audit(ctx, c.ID, before, limit)
}
