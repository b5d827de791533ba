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
		return TeamView{}, errStanding(disqualify)
	}
	action := ActionDisqualify
	set := bson.M{"disqualified": true, "disqualified_reason": reason}
	if !disqualify {
		action, set = ActionReinstate, bson.M{"disqualified": false, "disqualified_reason": ""}
	}
	// Recorded before it is applied, and withdrawn when it is not, so that
	// no decision takes effect without its record. The record's id, which
	// orders the log, is drawn after the team was read, and the write
	// applies only to the team as read (its count of decisions): the log
	// lists the decisions that applied in the order they applied.
	a := AuditEntry{ID: newID(), CompetitionID: c.ID, Action: action, TeamID: t.ID, FlagID: flagID, By: p.UserID, At: s.clock(), Reason: reason}
	if err := s.store.InsertAudit(ctx, a); err != nil {
		return TeamView{}, err
	}
	var decisions any // none yet: the field is absent
	if t.Decisions > 0 {
		decisions = t.Decisions
	}
	updated, ok, err := s.store.UpdateTeam(ctx, t.ID, bson.M{"disqualified": !disqualify, "decisions": decisions},
		bson.M{"$set": set, "$inc": bson.M{"decisions": 1}})
	if err == nil && !ok {
		err = s.decisionConflict(ctx, t.ID, disqualify)
	}
	if err != nil {
		_ = s.store.DeleteAudit(context.WithoutCancel(ctx), a.ID)
		return TeamView{}, err
	}
	if err := s.excludeOnBoards(ctx, c, t.ID); err != nil {
		return TeamView{}, err
	}
	return s.teamView(c, updated), nil
}

// decisionConflict says why a decision on a team did not apply: the team
// is in the state asked for already, or another decision changed it meanwhile.
func (s *Service) decisionConflict(ctx context.Context, teamID string, disqualify bool) error {
	t, err := s.store.Team(ctx, teamID)
	if err != nil {
		return err
	}
	if t.Disqualified == disqualify {
		return errStanding(disqualify)
	}
	return apperr.Conflictf("edit-conflict", "another decision on the team was taken meanwhile; reload it")
}

// errStanding refuses to disqualify a disqualified team, or to reinstate one in good standing.
func errStanding(disqualified bool) error {
	if disqualified {
		return apperr.Conflictf("already-disqualified", "the team is disqualified already")
	}
	return apperr.Conflictf("not-disqualified", "the team is not disqualified")
}

// Audit returns a page of the host's decisions on a competition, newest first.
func (s *Service) Audit(ctx context.Context, p auth.Principal, slug, before string, limit int) ([]AuditEntry, error) {
	c, err := s.hosted(ctx, p, slug)
	if err != nil {
		return nil, err
	}
	return s.store.Audit(ctx, c.ID, before, limit)
}
