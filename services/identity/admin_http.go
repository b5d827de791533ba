package identity

import (
	"context"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// ReasonRequest is the body of the administrators' actions that take a reason.
type ReasonRequest struct {
	Reason string `json:"reason" jsonschema:"description=why, 3 to 500 characters; the audit log keeps it"`
}

// OwnerResponse is an owner of an organisation, as administrators see it.
type OwnerResponse struct {
	UserID      string `json:"user_id"`
	Email       string `json:"email"`
	DisplayName string `json:"display_name"`
}

// AdminOrgResponse is an organisation with its owners, as administrators list it.
type AdminOrgResponse struct {
	OrgResponse
	Owners []OwnerResponse `json:"owners"`
}

// AdminUserResponse is an account as administrators see it.
type AdminUserResponse struct {
	ID               string     `json:"id"`
	Email            string     `json:"email"`
	DisplayName      string     `json:"display_name"`
	Language         string     `json:"language"`
	Admin            bool       `json:"admin"`
	EmailVerified    bool       `json:"email_verified"`
	CreatedAt        time.Time  `json:"created_at"`
	Suspended        bool       `json:"suspended"`
	SuspendedAt      *time.Time `json:"suspended_at,omitempty"`
	SuspensionReason string     `json:"suspension_reason,omitempty"`
}

// AuditEntryResponse is one administrative action of the platform's audit log.
type AuditEntryResponse struct {
	ID          string    `json:"id"`
	Action      string    `json:"action"`
	ActorID     string    `json:"actor_id"`
	ActorEmail  string    `json:"actor_email"`
	TargetKind  string    `json:"target_kind" jsonschema:"enum=user,enum=organisation,enum=course,enum=competition"`
	TargetID    string    `json:"target_id"`
	TargetLabel string    `json:"target_label"`
	Reason      string    `json:"reason,omitempty"`
	At          time.Time `json:"at"`
}

// SignInResetAccepted answers POST /admin/users/:id/reset-sign-in.
type SignInResetAccepted struct {
	Status string `json:"status"` // always "accepted"
}

func adminUserResponse(u User) AdminUserResponse {
	return AdminUserResponse{
		ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Language: u.Language, Admin: u.Admin, EmailVerified: u.EmailVerified(),
		CreatedAt: u.CreatedAt, Suspended: u.Suspended(), SuspendedAt: u.SuspendedAt, SuspensionReason: u.SuspensionReason,
	}
}

func adminOrgResponse(o AdminOrg) AdminOrgResponse {
	owners := make([]OwnerResponse, len(o.Owners))
	for i, u := range o.Owners {
		owners[i] = OwnerResponse{UserID: u.ID, Email: u.Email, DisplayName: u.DisplayName}
	}
	return AdminOrgResponse{OrgResponse: orgResponse(OrgView{Organisation: o.Organisation, Full: true}), Owners: owners}
}

// boolQuery reads an optional true/false query parameter.
func boolQuery(c *fiber.Ctx, name string) (*bool, error) {
	switch c.Query(name) {
	case "":
		return nil, nil
	case "true":
		return new(true), nil
	case "false":
		return new(false), nil
	}
	return nil, apperr.InvalidField(name, "must be true or false")
}

// registerAdmin adds the administrators' console routes to r.
func (h *Handler) registerAdmin(r *openapi.Routes, tag string) {
	orgQuery := append([]openapi.Param{
		{Name: "state", Description: "pending (the verification queue), verified, rejected or suspended"},
		{Name: "kind", Description: "university, provider or company"},
		{Name: "q", Description: "the start of the organisation's name, ignoring case"},
		{Name: "verified", Type: "boolean", Description: "only verified (true) or unverified (false) organisations"},
	}, openapi.PageParams...)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/admin/orgs", ID: "listOrgs", Tag: tag, Auth: true, Query: orgQuery,
		Summary: "Organisations with their owners and evidence, filtered by state, kind and name (administrators)", Response: httpkit.Page[AdminOrgResponse]{}}, h.listOrgs)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/orgs/:id/reject", ID: "rejectOrg", Tag: tag, Auth: true,
		Summary: "Decline to verify an organisation, with a reason its owners see (administrators)", Request: RejectRequest{}, Response: OrgResponse{}}, h.rejectOrg)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/orgs/:id/verify", ID: "verifyOrg", Tag: tag, Auth: true,
		Summary: "Mark an organisation verified (administrators)", Response: OrgResponse{}}, h.verifyOrg)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/orgs/:id/unverify", ID: "unverifyOrg", Tag: tag, Auth: true,
		Summary: "Withdraw an organisation's verification, with a reason its members see: its staff lose publishing and hosting rights at once (administrators)", Request: ReasonRequest{}, Response: OrgResponse{}}, h.orgAction(h.svc.UnverifyOrg))
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/orgs/:id/suspend", ID: "suspendOrg", Tag: tag, Auth: true,
		Summary: "Suspend an organisation, with a reason its members see: its people lose every right to act for it (administrators)", Request: ReasonRequest{}, Response: OrgResponse{}}, h.orgAction(h.svc.SuspendOrg))
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/orgs/:id/reinstate", ID: "reinstateOrg", Tag: tag, Auth: true,
		Summary: "Lift an organisation's suspension (administrators)", Response: OrgResponse{}}, h.reinstateOrg)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/admin/users", ID: "listUsers", Tag: tag, Auth: true,
		Query: append([]openapi.Param{
			{Name: "q", Description: "the start of the email address or display name, ignoring case"},
			{Name: "suspended", Type: "boolean", Description: "only suspended (true) or active (false) accounts"},
			{Name: "admin", Type: "boolean", Description: "only administrators (true) or others (false)"},
		}, openapi.PageParams...),
		Summary: "Accounts, searched by the start of their email or name (administrators)", Response: httpkit.Page[AdminUserResponse]{}}, h.listUsers)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/users/:id/suspend", ID: "suspendUser", Tag: tag, Auth: true,
		Summary: "Suspend an account and end its sessions: it cannot sign in until reinstated (administrators; never an administrator)", Request: ReasonRequest{}, Response: AdminUserResponse{}}, h.suspendUser)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/users/:id/reinstate", ID: "reinstateUser", Tag: tag, Auth: true,
		Summary: "Lift an account's suspension (administrators)", Response: AdminUserResponse{}}, h.userAction(h.svc.ReinstateUser))
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/users/:id/reset-sign-in", ID: "resetUserSignIn", Tag: tag, Auth: true,
		Summary: "End every session of an account and mail its holder a password reset link (administrators)", Response: SignInResetAccepted{}, Status: fiber.StatusAccepted}, h.resetSignIn)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/admin/users/:id/administrator", ID: "grantAdmin", Tag: tag, Auth: true,
		Summary: "Make an account administrator (administrators)", Response: AdminUserResponse{}}, h.userAction(h.svc.GrantAdmin))
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/admin/users/:id/administrator", ID: "revokeAdmin", Tag: tag, Auth: true,
		Summary: "Remove the administrator role and end the account's sessions; the last administrator stays (administrators)", Response: AdminUserResponse{}}, h.userAction(h.svc.RevokeAdmin))
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/admin/audit", ID: "listAdminAudit", Tag: tag, Auth: true,
		Query: append([]openapi.Param{
			{Name: "action", Description: "one action, such as org.verify or user.suspend"},
			{Name: "actor", Description: "the id of the administrator who acted"},
			{Name: "target", Description: "the id of the user, organisation, course or competition acted on"},
		}, openapi.PageParams...),
		Summary: "The platform's audit log of administrative actions, newest first (administrators)", Response: httpkit.Page[AuditEntryResponse]{}}, h.audit)
}

func (h *Handler) listOrgs(c *fiber.Ctx) error {
	p := auth.From(c)
	verified, err := boolQuery(c, "verified")
	if err != nil {
		return err
	}
	after, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := OrgFilter{Verified: verified, State: c.Query("state"), Kind: c.Query("kind"), Name: c.Query("q")}
	orgs, next, err := h.svc.ListOrgs(c.UserContext(), p, f, after, limit)
	if err != nil {
		return err
	}
	items := make([]AdminOrgResponse, len(orgs))
	for i, o := range orgs {
		items[i] = adminOrgResponse(o)
	}
	return c.JSON(httpkit.Page[AdminOrgResponse]{Items: items, NextCursor: nextCursor(next)})
}

// orgAction serves an administrator's action on an organisation that takes a reason.
func (h *Handler) orgAction(act func(ctx context.Context, p auth.Principal, orgID, reason string) (Organisation, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := auth.From(c)
		var req ReasonRequest
		if err := httpkit.DecodeJSON(c, &req); err != nil {
			return err
		}
		o, err := act(c.UserContext(), p, strings.Clone(c.Params("id")), req.Reason)
		if err != nil {
			return err
		}
		return c.JSON(orgResponse(OrgView{Organisation: o, Full: true}))
	}
}

func (h *Handler) reinstateOrg(c *fiber.Ctx) error {
	p := auth.From(c)
	o, err := h.svc.ReinstateOrg(c.UserContext(), p, strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(OrgView{Organisation: o, Full: true}))
}

func (h *Handler) listUsers(c *fiber.Ctx) error {
	p := auth.From(c)
	suspended, err := boolQuery(c, "suspended")
	if err != nil {
		return err
	}
	admin, err := boolQuery(c, "admin")
	if err != nil {
		return err
	}
	after, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	users, next, err := h.svc.ListUsers(c.UserContext(), p, UserFilter{Query: c.Query("q"), Suspended: suspended, Admin: admin}, after, limit)
	if err != nil {
		return err
	}
	items := make([]AdminUserResponse, len(users))
	for i, u := range users {
		items[i] = adminUserResponse(u)
	}
	return c.JSON(httpkit.Page[AdminUserResponse]{Items: items, NextCursor: nextCursor(next)})
}

func (h *Handler) suspendUser(c *fiber.Ctx) error {
	p := auth.From(c)
	var req ReasonRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	u, err := h.svc.SuspendUser(c.UserContext(), p, strings.Clone(c.Params("id")), req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(adminUserResponse(u))
}

// userAction serves an administrator's action on an account that takes no body.
func (h *Handler) userAction(act func(ctx context.Context, p auth.Principal, userID string) (User, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := auth.From(c)
		u, err := act(c.UserContext(), p, strings.Clone(c.Params("id")))
		if err != nil {
			return err
		}
		return c.JSON(adminUserResponse(u))
	}
}

func (h *Handler) resetSignIn(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.ResetSignIn(c.UserContext(), p, strings.Clone(c.Params("id"))); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(SignInResetAccepted{Status: "accepted"})
}

func (h *Handler) audit(c *fiber.Ctx) error {
	p := auth.From(c)
	before, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	f := AuditFilter{Action: c.Query("action"), ActorID: c.Query("actor"), TargetID: c.Query("target")}
	entries, next, err := h.svc.AdminAudit(c.UserContext(), p, f, before, limit)
	if err != nil {
		return err
	}
	items := make([]AuditEntryResponse, len(entries))
	for i, e := range entries {
		items[i] = AuditEntryResponse{
			ID: e.ID, Action: e.Action, ActorID: e.ActorID, ActorEmail: e.ActorEmail, TargetKind: e.TargetKind,
			TargetID: e.TargetID, TargetLabel: e.TargetLabel, Reason: e.Reason, At: e.At,
		}
	}
	return c.JSON(httpkit.Page[AuditEntryResponse]{Items: items, NextCursor: nextCursor(next)})
}
