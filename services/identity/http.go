package identity

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Page sizes of the lists this context serves.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// jwksMaxAge keeps caches of the public keys short-lived, so verifiers see
// a rotated key soon after it appears.
const jwksMaxAge = "public, max-age=300"

// Handler serves the identity context over HTTP.
type Handler struct {
	svc          *Service
	keys         PublicKeys
	opts         HandlerOptions
	publicOrigin string
}

// NewHandler returns the HTTP handlers over svc; keys are published at the JWKS route.
func NewHandler(svc *Service, keys PublicKeys, o HandlerOptions) *Handler {
	if o.CookiePath == "" {
		o.CookiePath = DefaultCookiePath
	}
	return &Handler{svc: svc, keys: keys, opts: o, publicOrigin: originOf(o.PublicURL)}
}

// RegisterRequest is the body of POST /auth/register.
type RegisterRequest struct {
	Email       string `json:"email"`
	Password    string `json:"password"`
	DisplayName string `json:"display_name"`
	Language    string `json:"language,omitempty" jsonschema:"enum=en,enum=fr,enum=de"`
}

// RegisterAccepted answers POST /auth/register. It is the same whether or
// not an account uses the email, so it reveals nothing: a new address gets
// a verification mail, a taken one a mail to its owner.
type RegisterAccepted struct {
	Status string `json:"status"` // always "accepted"
}

// VerifyEmailRequest is the body of POST /auth/verify-email.
type VerifyEmailRequest struct {
	Token string `json:"token"`
}

// LoginRequest is the body of POST /auth/login.
type LoginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// RefreshRequest is the body of POST /auth/refresh and POST /auth/logout.
// The web app leaves RefreshToken out and sends the refresh cookie instead.
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token,omitempty" jsonschema:"description=required unless the refresh cookie is sent with the X-Academy-Session: cookie header"`
}

// ForgotPasswordRequest is the body of POST /auth/password/forgot.
type ForgotPasswordRequest struct {
	Email string `json:"email"`
}

// ForgotPasswordAccepted answers POST /auth/password/forgot. It is the same
// whether or not an account uses the email, so it reveals nothing.
type ForgotPasswordAccepted struct {
	Status string `json:"status"` // always "accepted"
}

// ResetPasswordRequest is the body of POST /auth/password/reset.
type ResetPasswordRequest struct {
	Token    string `json:"token"`
	Password string `json:"password"`
}

// UpdateMeRequest is the body of PATCH /me; absent fields stay as they are.
type UpdateMeRequest struct {
	DisplayName *string `json:"display_name,omitempty"`
	Language    *string `json:"language,omitempty" jsonschema:"enum=en,enum=fr,enum=de"`
}

// DeleteAccountRequest is the body of POST /me/deletion: the password,
// confirming it is the account's holder who deletes it.
type DeleteAccountRequest struct {
	Password string `json:"password"`
}

// ChangePasswordRequest is the body of POST /me/password. The session of
// the access token, or the one of RefreshToken when given, stays signed in
// while every other one ends.
type ChangePasswordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
	RefreshToken    string `json:"refresh_token,omitempty"`
}

// CreateOrgRequest is the body of POST /orgs.
type CreateOrgRequest struct {
	Name        string `json:"name"`
	Kind        string `json:"kind" jsonschema:"enum=university,enum=provider,enum=company"`
	Country     string `json:"country" jsonschema:"description=ISO 3166-1 alpha-2 code"`
	Website     string `json:"website,omitempty"`
	Description string `json:"description,omitempty"`
	LogoURL     string `json:"logo_url,omitempty" jsonschema:"description=an http or https address of the logo"`
}

// EvidenceRequest is the body of PUT /orgs/:id/evidence.
type EvidenceRequest struct {
	RegistrationNumber string `json:"registration_number" jsonschema:"description=a VAT, company register or accreditation number"`
	EmailDomain        string `json:"email_domain" jsonschema:"description=the domain of the organisation's official email addresses, e.g. example.org"`
}

// RejectRequest is the body of POST /admin/orgs/:id/reject.
type RejectRequest struct {
	Reason string `json:"reason" jsonschema:"description=why the organisation is not verified, shown to its owners"`
}

// RoleRequest is the body of PUT /orgs/:id/members/:user_id/role.
type RoleRequest struct {
	Role string `json:"role" jsonschema:"enum=owner,enum=staff"`
}

// EvidenceResponse is what an organisation's owners submitted to be verified.
type EvidenceResponse struct {
	RegistrationNumber string    `json:"registration_number"`
	EmailDomain        string    `json:"email_domain"`
	SubmittedAt        time.Time `json:"submitted_at"`
}

// InviteRequest is the body of POST /orgs/:id/invitations.
type InviteRequest struct {
	Email string `json:"email"`
	Role  string `json:"role" jsonschema:"enum=owner,enum=staff"`
}

// InvitationResponse is an invitation as the organisation's owners see it.
// It names the address invited, never an account.
type InvitationResponse struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Status    string    `json:"status" jsonschema:"enum=pending,enum=accepted,enum=declined,enum=revoked"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// MyInvitationResponse is an invitation as the person invited sees it.
type MyInvitationResponse struct {
	ID        string    `json:"id"`
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Role      string    `json:"role"`
	ExpiresAt time.Time `json:"expires_at"`
}

// UserResponse is a user as the user sees their own account.
type UserResponse struct {
	ID          string    `json:"id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Language    string    `json:"language"`
	Admin       bool      `json:"admin"`
	CreatedAt   time.Time `json:"created_at"`
	// EmailVerified says whether the person confirmed the address; some
	// actions (answering invitations) need it.
	EmailVerified bool `json:"email_verified"`
}

// TokenResponse is the answer to a login or a refresh.
type TokenResponse struct {
	AccessToken  string       `json:"access_token"`
	TokenType    string       `json:"token_type"`
	ExpiresIn    int          `json:"expires_in" jsonschema:"description=seconds until the access token expires"`
	RefreshToken string       `json:"refresh_token,omitempty" jsonschema:"description=absent when the request asked for the refresh cookie (X-Academy-Session: cookie)"`
	User         UserResponse `json:"user"`
}

// OrgResponse is an organisation. Role, CreatedBy and CreatedAt are shown
// to its members and administrators only.
type OrgResponse struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind"`
	Name        string     `json:"name"`
	Slug        string     `json:"slug"`
	Country     string     `json:"country"`
	Website     string     `json:"website,omitempty"`
	Description string     `json:"description,omitempty"`
	LogoURL     string     `json:"logo_url,omitempty"`
	Verified    bool       `json:"verified"`
	VerifiedAt  *time.Time `json:"verified_at"`
	Role        string     `json:"role,omitempty" jsonschema:"description=the caller's role in the organisation"`
	CreatedBy   string     `json:"created_by,omitempty"`
	CreatedAt   *time.Time `json:"created_at,omitempty"`
	// Evidence and RejectionReason are shown to members and administrators only.
	Evidence        *EvidenceResponse `json:"evidence,omitempty"`
	RejectionReason string            `json:"rejection_reason,omitempty"`
	// State, SuspendedAt and SuspensionReason are shown to members and administrators only.
	State            string     `json:"state,omitempty" jsonschema:"enum=pending,enum=verified,enum=rejected,enum=suspended"`
	SuspendedAt      *time.Time `json:"suspended_at,omitempty"`
	SuspensionReason string     `json:"suspension_reason,omitempty"`
}

// MemberResponse is a member of an organisation.
type MemberResponse struct {
	UserID      string    `json:"user_id"`
	Email       string    `json:"email"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	JoinedAt    time.Time `json:"joined_at"`
}

func userResponse(u User) UserResponse {
	return UserResponse{
		ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Language: u.Language, Admin: u.Admin, CreatedAt: u.CreatedAt,
		EmailVerified: u.EmailVerified(),
	}
}

func invitationResponse(i Invitation) InvitationResponse {
	return InvitationResponse{ID: i.ID, Email: i.Email, Role: i.Role, Status: i.Status, CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt}
}

func tokenResponse(s Session) TokenResponse {
	return TokenResponse{
		AccessToken:  s.AccessToken,
		TokenType:    "Bearer",
		ExpiresIn:    int(s.AccessExpiresIn.Seconds()),
		RefreshToken: s.RefreshToken,
		User:         userResponse(s.User),
	}
}

func orgResponse(v OrgView) OrgResponse {
	o := v.Organisation
	r := OrgResponse{
		ID: o.ID, Kind: o.Kind, Name: o.Name, Slug: o.Slug, Country: o.Country, Website: o.Website,
		Description: o.Description, LogoURL: o.LogoURL, Verified: o.Verified(), VerifiedAt: o.VerifiedAt,
	}
	if v.Full {
		created := o.CreatedAt
		r.Role, r.CreatedBy, r.CreatedAt, r.RejectionReason = v.Role, o.CreatedBy, &created, o.RejectionReason
		r.State, r.SuspendedAt, r.SuspensionReason = o.State(), o.SuspendedAt, o.SuspensionReason
		if e := o.Evidence; e != nil {
			r.Evidence = &EvidenceResponse{RegistrationNumber: e.RegistrationNumber, EmailDomain: e.EmailDomain, SubmittedAt: e.SubmittedAt}
		}
	}
	return r
}

func memberResponse(m Member) MemberResponse {
	return MemberResponse{UserID: m.UserID, Email: m.Email, DisplayName: m.DisplayName, Role: m.Role, JoinedAt: m.CreatedAt}
}

// cursor is the position a list page continues after.
type cursor struct {
	After string `json:"after"`
}

// pageRequest reads the cursor and limit query parameters.
func pageRequest(c *fiber.Ctx) (after string, limit int, err error) {
	pos, limit, err := httpkit.PageRequest[cursor](c, defaultPageSize, maxPageSize)
	return pos.After, limit, err
}

func nextCursor(next string) string {
	if next == "" {
		return ""
	}
	return httpkit.EncodeCursor(cursor{After: next})
}

// Register adds the identity routes to r.
func (h *Handler) Register(r *openapi.Routes) {
	const tag = "identity"
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/register", ID: "register", Tag: tag,
		Summary: "Ask to open a learner account: a verification mail follows (the answer never tells whether the email is taken)", Request: RegisterRequest{}, Response: RegisterAccepted{}, Status: fiber.StatusAccepted}, h.register)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/verify-email", ID: "verifyEmail", Tag: tag,
		Summary: "Confirm an email address with the token of the verification mail", Request: VerifyEmailRequest{}, Status: fiber.StatusNoContent}, h.verifyEmail)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/login", ID: "login", Tag: tag,
		Summary: "Sign in with email and password", Request: LoginRequest{}, Response: TokenResponse{}}, h.login)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/refresh", ID: "refreshSession", Tag: tag,
		Summary: "Trade a refresh token for new tokens", Request: RefreshRequest{}, Response: TokenResponse{}}, h.refresh)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/logout", ID: "logout", Tag: tag,
		Summary: "End the session of a refresh token", Request: RefreshRequest{}, Status: fiber.StatusNoContent}, h.logout)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/password/forgot", ID: "forgotPassword", Tag: tag,
		Summary: "Mail a password reset link if an account uses the email", Request: ForgotPasswordRequest{}, Response: ForgotPasswordAccepted{}, Status: fiber.StatusAccepted}, h.forgotPassword)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/auth/password/reset", ID: "resetPassword", Tag: tag,
		Summary: "Set a new password with a reset token", Request: ResetPasswordRequest{}, Status: fiber.StatusNoContent}, h.resetPassword)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me", ID: "getMe", Tag: tag, Auth: true,
		Summary: "Your account", Response: UserResponse{}}, h.me)
	r.Handle(openapi.Operation{Method: fiber.MethodPatch, Path: "/me", ID: "updateMe", Tag: tag, Auth: true,
		Summary: "Change your display name or language", Request: UpdateMeRequest{}, Response: UserResponse{}}, h.updateMe)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/password", ID: "changePassword", Tag: tag, Auth: true,
		Summary: "Change your password, ending your other sessions", Request: ChangePasswordRequest{}, Status: fiber.StatusNoContent}, h.changePassword)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/deletion", ID: "deleteMyAccount", Tag: tag, Auth: true,
		Summary: "Delete your account, confirmed with your password: your address, name and sessions end, and every part of the platform erases what it holds of you (not the last owner of an organisation, nor an administrator)",
		Request: DeleteAccountRequest{}, Status: fiber.StatusNoContent}, h.deleteAccount)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/email/verification", ID: "resendVerification", Tag: tag, Auth: true,
		Summary: "Mail yourself a new email verification link", Response: ForgotPasswordAccepted{}, Status: fiber.StatusAccepted}, h.resendVerification)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me/invitations", ID: "listMyInvitations", Tag: tag, Auth: true,
		Summary: "Pending invitations to your verified address", Response: httpkit.Page[MyInvitationResponse]{}}, h.myInvitations)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/invitations/:id/accept", ID: "acceptInvitation", Tag: tag, Auth: true,
		Summary: "Accept an invitation and join its organisation", Response: OrgResponse{}}, h.acceptInvitation)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/invitations/:id/decline", ID: "declineInvitation", Tag: tag, Auth: true,
		Summary: "Decline an invitation", Status: fiber.StatusNoContent}, h.declineInvitation)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs", ID: "listMyOrgs", Tag: tag, Auth: true, Query: openapi.PageParams,
		Summary: "The organisations you belong to", Response: httpkit.Page[OrgResponse]{}}, h.myOrgs)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/orgs", ID: "createOrg", Tag: tag, Auth: true,
		Summary: "Create an organisation you own", Request: CreateOrgRequest{}, Response: OrgResponse{}, Status: fiber.StatusCreated}, h.createOrg)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id", ID: "getOrg", Tag: tag,
		Summary: "An organisation: all of it for members, its public fields for others once verified", Response: OrgResponse{}}, h.org)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/members", ID: "listOrgMembers", Tag: tag, Auth: true, Query: openapi.PageParams,
		Summary: "An organisation's members, for its members", Response: httpkit.Page[MemberResponse]{}}, h.members)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/members/me", ID: "leaveOrg", Tag: tag, Auth: true,
		Summary: "Leave an organisation (any member but its last owner)", Status: fiber.StatusNoContent}, h.leaveOrg)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/orgs/:id/invitations", ID: "inviteOrgMember", Tag: tag, Auth: true,
		Summary: "Invite an email address to join an organisation (owners); the answer never tells whether an account uses it", Request: InviteRequest{}, Response: InvitationResponse{}, Status: fiber.StatusCreated}, h.invite)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/invitations", ID: "listOrgInvitations", Tag: tag, Auth: true, Query: openapi.PageParams,
		Summary: "An organisation's pending invitations (owners)", Response: httpkit.Page[InvitationResponse]{}}, h.orgInvitations)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/invitations/:invitation_id", ID: "revokeInvitation", Tag: tag, Auth: true,
		Summary: "Revoke a pending invitation (owners)", Status: fiber.StatusNoContent}, h.revokeInvitation)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/members/:user_id", ID: "removeOrgMember", Tag: tag, Auth: true,
		Summary: "Remove a member from an organisation (owners; never the last owner)", Status: fiber.StatusNoContent}, h.removeMember)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/orgs/:id/evidence", ID: "submitOrgEvidence", Tag: tag, Auth: true,
		Summary: "Submit or update the evidence an administrator checks to verify an organisation (owners, until verified)", Request: EvidenceRequest{}, Response: OrgResponse{}}, h.submitEvidence)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/orgs/:id/members/:user_id/role", ID: "setOrgMemberRole", Tag: tag, Auth: true,
		Summary: "Make a member owner or staff (owners; the last owner stays owner)", Request: RoleRequest{}, Response: MemberResponse{}}, h.setMemberRole)
	h.registerAdmin(r, tag)
}

// JWKS serves the public keys that verify access tokens. The server mounts
// it outside the API, at the well-known address.
func (h *Handler) JWKS(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	c.Set(fiber.HeaderCacheControl, jwksMaxAge)
	return c.Send(h.keys.JWKS())
}

func (h *Handler) register(c *fiber.Ctx) error {
	var req RegisterRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	err := h.svc.Register(c.UserContext(), Registration{Email: req.Email, Password: req.Password, DisplayName: req.DisplayName, Language: req.Language}, httpkit.ClientIP(c))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(RegisterAccepted{Status: "accepted"})
}

func (h *Handler) verifyEmail(c *fiber.Ctx) error {
	var req VerifyEmailRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	if _, err := h.svc.VerifyEmail(c.UserContext(), req.Token); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) resendVerification(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.ResendVerification(c.UserContext(), p.UserID); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(ForgotPasswordAccepted{Status: "accepted"})
}

func (h *Handler) login(c *fiber.Ctx) error {
	var req LoginRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	s, err := h.svc.Login(c.UserContext(), req.Email, req.Password, httpkit.ClientIP(c))
	if err != nil {
		return err
	}
	return h.sendSession(c, s)
}

// sendSession answers a login or refresh with the tokens: the refresh token
// in the cookie when the client asked for it, in the body otherwise.
func (h *Handler) sendSession(c *fiber.Ctx, s Session) error {
	httpkit.NoStore(c)
	if wantsCookie(c) {
		h.setRefreshCookie(c, s.RefreshToken)
		s.RefreshToken = ""
	}
	return c.JSON(tokenResponse(s))
}

func (h *Handler) refresh(c *fiber.Ctx) error {
	var req RefreshRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	refresh, err := refreshTokenOf(c, req.RefreshToken, h.publicOrigin)
	if err != nil {
		return err
	}
	s, err := h.svc.Refresh(c.UserContext(), refresh)
	if apperr.Is(err, apperr.Unauthorized) && wantsCookie(c) {
		h.clearRefreshCookie(c)
	}
	if err != nil {
		return err
	}
	return h.sendSession(c, s)
}

func (h *Handler) logout(c *fiber.Ctx) error {
	var req RefreshRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	refresh, err := refreshTokenOf(c, req.RefreshToken, h.publicOrigin)
	if err != nil {
		return err
	}
	if wantsCookie(c) {
		h.clearRefreshCookie(c)
	}
	if err := h.svc.Logout(c.UserContext(), refresh); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) forgotPassword(c *fiber.Ctx) error {
	var req ForgotPasswordRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.svc.ForgotPassword(c.UserContext(), req.Email); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(ForgotPasswordAccepted{Status: "accepted"})
}

func (h *Handler) resetPassword(c *fiber.Ctx) error {
	var req ResetPasswordRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.svc.ResetPassword(c.UserContext(), req.Token, req.Password); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) me(c *fiber.Ctx) error {
	p := auth.From(c)
	u, err := h.svc.Me(c.UserContext(), p.UserID)
	if err != nil {
		return err
	}
	return c.JSON(userResponse(u))
}

func (h *Handler) updateMe(c *fiber.Ctx) error {
	p := auth.From(c)
	var req UpdateMeRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	u, err := h.svc.UpdateProfile(c.UserContext(), p.UserID, ProfileChange{DisplayName: req.DisplayName, Language: req.Language})
	if err != nil {
		return err
	}
	return c.JSON(userResponse(u))
}

func (h *Handler) deleteAccount(c *fiber.Ctx) error {
	var req DeleteAccountRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.svc.DeleteAccount(c.UserContext(), auth.From(c), req.Password); err != nil {
		return err
	}
	h.clearRefreshCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) changePassword(c *fiber.Ctx) error {
	p := auth.From(c)
	var req ChangePasswordRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	err := h.svc.ChangePassword(c.UserContext(), p.UserID, PasswordChange{
		Current: req.CurrentPassword, New: req.NewPassword, KeepSession: p.SessionID, KeepRefreshToken: req.RefreshToken,
	})
	if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) myOrgs(c *fiber.Ctx) error {
	p := auth.From(c)
	after, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	views, next, err := h.svc.MyOrgs(c.UserContext(), p.UserID, after, limit)
	if err != nil {
		return err
	}
	items := make([]OrgResponse, len(views))
	for i, v := range views {
		items[i] = orgResponse(v)
	}
	return c.JSON(httpkit.Page[OrgResponse]{Items: items, NextCursor: nextCursor(next)})
}

func (h *Handler) createOrg(c *fiber.Ctx) error {
	p := auth.From(c)
	var req CreateOrgRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.CreateOrg(c.UserContext(), p, NewOrganisation{
		Name: req.Name, Kind: req.Kind, Country: req.Country, Website: req.Website, Description: req.Description, LogoURL: req.LogoURL,
	})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(orgResponse(v))
}

func (h *Handler) org(c *fiber.Ctx) error {
	v, err := h.svc.Org(c.UserContext(), auth.From(c), strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(v))
}

func (h *Handler) members(c *fiber.Ctx) error {
	p := auth.From(c)
	after, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	members, next, err := h.svc.Members(c.UserContext(), p, strings.Clone(c.Params("id")), after, limit)
	if err != nil {
		return err
	}
	items := make([]MemberResponse, len(members))
	for i, m := range members {
		items[i] = memberResponse(m)
	}
	return c.JSON(httpkit.Page[MemberResponse]{Items: items, NextCursor: nextCursor(next)})
}

func (h *Handler) leaveOrg(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.LeaveOrg(c.UserContext(), p, strings.Clone(c.Params("id"))); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) invite(c *fiber.Ctx) error {
	p := auth.From(c)
	var req InviteRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	inv, err := h.svc.Invite(c.UserContext(), p, strings.Clone(c.Params("id")), req.Email, req.Role)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(invitationResponse(inv))
}

func (h *Handler) orgInvitations(c *fiber.Ctx) error {
	p := auth.From(c)
	after, limit, err := pageRequest(c)
	if err != nil {
		return err
	}
	invs, next, err := h.svc.OrgInvitations(c.UserContext(), p, strings.Clone(c.Params("id")), after, limit)
	if err != nil {
		return err
	}
	items := make([]InvitationResponse, len(invs))
	for i, inv := range invs {
		items[i] = invitationResponse(inv)
	}
	return c.JSON(httpkit.Page[InvitationResponse]{Items: items, NextCursor: nextCursor(next)})
}

func (h *Handler) revokeInvitation(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.RevokeInvitation(c.UserContext(), p, strings.Clone(c.Params("id")), strings.Clone(c.Params("invitation_id"))); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) myInvitations(c *fiber.Ctx) error {
	p := auth.From(c)
	invs, err := h.svc.MyInvitations(c.UserContext(), p.UserID)
	if err != nil {
		return err
	}
	items := make([]MyInvitationResponse, len(invs))
	for i, inv := range invs {
		items[i] = MyInvitationResponse{ID: inv.ID, OrgID: inv.OrgID, OrgName: inv.OrgName, Role: inv.Role, ExpiresAt: inv.ExpiresAt}
	}
	return c.JSON(httpkit.Page[MyInvitationResponse]{Items: items})
}

func (h *Handler) acceptInvitation(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.AcceptInvitation(c.UserContext(), p.UserID, strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(v))
}

func (h *Handler) declineInvitation(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.DeclineInvitation(c.UserContext(), p.UserID, strings.Clone(c.Params("id"))); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) removeMember(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.RemoveMember(c.UserContext(), p, strings.Clone(c.Params("id")), strings.Clone(c.Params("user_id"))); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) verifyOrg(c *fiber.Ctx) error {
	p := auth.From(c)
	o, err := h.svc.VerifyOrg(c.UserContext(), p, strings.Clone(c.Params("id")))
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(OrgView{Organisation: o, Full: true}))
}

func (h *Handler) submitEvidence(c *fiber.Ctx) error {
	p := auth.From(c)
	var req EvidenceRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.SubmitEvidence(c.UserContext(), p, strings.Clone(c.Params("id")), EvidenceInput{
		RegistrationNumber: req.RegistrationNumber, EmailDomain: req.EmailDomain,
	})
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(v))
}

func (h *Handler) setMemberRole(c *fiber.Ctx) error {
	p := auth.From(c)
	var req RoleRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	m, err := h.svc.SetMemberRole(c.UserContext(), p, strings.Clone(c.Params("id")), strings.Clone(c.Params("user_id")), req.Role)
	if err != nil {
		return err
	}
	return c.JSON(memberResponse(m))
}

func (h *Handler) rejectOrg(c *fiber.Ctx) error {
	p := auth.From(c)
	var req RejectRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	o, err := h.svc.RejectOrg(c.UserContext(), p, strings.Clone(c.Params("id")), req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(orgResponse(OrgView{Organisation: o, Full: true}))
}
