package teamlearning

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Handler serves team learning over HTTP.
type Handler struct{ svc *Service }

// NewHandler returns the HTTP handlers over svc.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// TeamInviteRequest is the body of POST /orgs/:id/team/invitations.
type TeamInviteRequest struct {
	Email string `json:"email"`
}

// PathRequest is the body of POST /orgs/:id/team/paths.
type PathRequest struct {
	Name    string              `json:"name"`
	Courses []PathCourseRequest `json:"courses"`
}

// PathCourseRequest is one course of a path, in order.
type PathCourseRequest struct {
	Slug string `json:"slug"`
	Due  string `json:"due,omitempty" jsonschema:"description=the date the company would like it done by, YYYY-MM-DD"`
}

// SettingsRequest is the body of PUT /orgs/:id/team/settings.
type SettingsRequest struct {
	Occupations     []string `json:"occupations" jsonschema:"description=ESCO occupation ids the team's skills are measured against"`
	LiteracyCourses []string `json:"literacy_courses" jsonschema:"description=slugs of the courses the AI-literacy record counts"`
}

// SharingRequest is the body of PUT /me/teams/:org_id/sharing.
type SharingRequest struct {
	Share *bool `json:"share"`
}

// Register adds the routes: /orgs/:id/team/… for the company's owners and
// staff, /me/teams/… for its employees.
func (h *Handler) Register(r *openapi.Routes) {
	const tag = "teams"
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team", ID: "getTeam", Tag: tag, Auth: true,
		Summary: "A company's team: members, whether each shares, paths and settings (company owners and staff)", Response: Team{}}, h.team)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/orgs/:id/team/settings", ID: "putTeamSettings", Tag: tag, Auth: true,
		Summary: "Set the occupations the team's skills are measured against and the AI-literacy courses (company owners and staff)", Request: SettingsRequest{}, Response: Team{}}, h.putSettings)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/invitations", ID: "listTeamInvitations", Tag: tag, Auth: true,
		Summary: "A company's pending team invitations (company owners and staff)", Response: httpkit.Page[Invitation]{}}, h.invitations)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/orgs/:id/team/invitations", ID: "inviteTeamMember", Tag: tag, Auth: true,
		Summary: "Invite an employee's email address to the team (company owners and staff)", Request: TeamInviteRequest{}, Response: Invitation{}, Status: fiber.StatusCreated}, h.invite)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/team/invitations/:invitation_id", ID: "revokeTeamInvitation", Tag: tag, Auth: true,
		Summary: "Revoke a pending team invitation (company owners and staff)", Status: fiber.StatusNoContent}, h.revoke)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/team/members/:user_id", ID: "removeTeamMember", Tag: tag, Auth: true,
		Summary: "Take a member out of the team (company owners and staff)", Status: fiber.StatusNoContent}, h.removeMember)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/orgs/:id/team/paths", ID: "createTeamPath", Tag: tag, Auth: true,
		Summary: "Propose a learning path: courses in order, with due dates (company owners and staff)", Request: PathRequest{}, Response: Path{}, Status: fiber.StatusCreated}, h.createPath)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/orgs/:id/team/paths/:path_id", ID: "deleteTeamPath", Tag: tag, Auth: true,
		Summary: "Withdraw a learning path (company owners and staff)", Status: fiber.StatusNoContent}, h.deletePath)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/progress", ID: "getTeamProgress", Tag: tag, Auth: true,
		Summary: "Progress along each path of the members who share it with the company; the others counted (company owners and staff)", Response: TeamProgress{}}, h.progress)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/skills", ID: "getTeamSkills", Tag: tag, Auth: true,
		Query:   []openapi.Param{{Name: "lang", Description: "language of the skill labels: en, fr or de"}},
		Summary: "ESCO skills the sharing members proved against the essential skills of the team's occupations, with courses for each gap (company owners and staff)", Response: TeamSkills{}}, h.skills)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/ai-literacy", ID: "getAILiteracyRecord", Tag: tag, Auth: true,
		Summary: "The AI-literacy record (AI Act, Art. 4): sharing members with and without an AI-literacy credential; the others counted (company owners and staff)", Response: LiteracyRecord{}}, h.literacy)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/ai-literacy.csv", ID: "exportAILiteracyCSV", Tag: tag, Auth: true, Produces: "text/csv",
		Summary: "The AI-literacy record as a dated CSV file (company owners and staff)"}, h.literacyCSV)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/orgs/:id/team/ai-literacy.pdf", ID: "exportAILiteracyPDF", Tag: tag, Auth: true, Produces: "application/pdf",
		Summary: "The AI-literacy record as a dated PDF document (company owners and staff)"}, h.literacyPDF)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me/teams", ID: "listMyTeams", Tag: tag, Auth: true,
		Summary: "The company teams you are in, with their paths and your progress", Response: httpkit.Page[MyTeam]{}}, h.myTeams)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me/teams/invitations", ID: "listMyTeamInvitations", Tag: tag, Auth: true,
		Summary: "Pending team invitations to your verified address", Response: httpkit.Page[Invitation]{}}, h.myInvitations)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/teams/invitations/:id/accept", ID: "acceptTeamInvitation", Tag: tag, Auth: true,
		Summary: "Join a company's team; nothing is shared with it until you choose to", Response: MyTeam{}}, h.accept)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/me/teams/invitations/:id/decline", ID: "declineTeamInvitation", Tag: tag, Auth: true,
		Summary: "Decline a team invitation", Status: fiber.StatusNoContent}, h.decline)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/me/teams/:org_id/sharing", ID: "setTeamSharing", Tag: tag, Auth: true,
		Summary: "Share your progress and credentials with this company, or stop at once", Request: SharingRequest{}, Response: MyTeam{}}, h.setSharing)
	r.Handle(openapi.Operation{Method: fiber.MethodDelete, Path: "/me/teams/:org_id", ID: "leaveTeam", Tag: tag, Auth: true,
		Summary: "Leave a company's team", Status: fiber.StatusNoContent}, h.leave)
}

// param copies a path parameter: Fiber reuses its buffers.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

func (h *Handler) team(c *fiber.Ctx) error {
	t, err := h.svc.Team(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (h *Handler) putSettings(c *fiber.Ctx) error {
	var req SettingsRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	t, err := h.svc.PutSettings(c.UserContext(), auth.From(c), param(c, "id"), Settings{Occupations: req.Occupations, LiteracyCourses: req.LiteracyCourses})
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (h *Handler) invitations(c *fiber.Ctx) error {
	list, err := h.svc.Invitations(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(httpkit.Page[Invitation]{Items: list})
}

func (h *Handler) invite(c *fiber.Ctx) error {
	var req TeamInviteRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	inv, err := h.svc.Invite(c.UserContext(), auth.From(c), param(c, "id"), req.Email)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(inv)
}

func (h *Handler) revoke(c *fiber.Ctx) error {
	if err := h.svc.RevokeInvitation(c.UserContext(), auth.From(c), param(c, "id"), param(c, "invitation_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) removeMember(c *fiber.Ctx) error {
	if err := h.svc.RemoveMember(c.UserContext(), auth.From(c), param(c, "id"), param(c, "user_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) createPath(c *fiber.Ctx) error {
	var req PathRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	in := PathInput{Name: req.Name}
	for _, pc := range req.Courses {
		in.Courses = append(in.Courses, PathCourseInput{Slug: pc.Slug, Due: pc.Due})
	}
	path, err := h.svc.CreatePath(c.UserContext(), auth.From(c), param(c, "id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(path)
}

func (h *Handler) deletePath(c *fiber.Ctx) error {
	if err := h.svc.DeletePath(c.UserContext(), auth.From(c), param(c, "id"), param(c, "path_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) progress(c *fiber.Ctx) error {
	p, err := h.svc.Progress(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	httpkit.NoStore(c)
	return c.JSON(p)
}

func (h *Handler) skills(c *fiber.Ctx) error {
	sk, err := h.svc.Skills(c.UserContext(), auth.From(c), param(c, "id"), strings.Clone(c.Query("lang")))
	if err != nil {
		return err
	}
	httpkit.NoStore(c)
	return c.JSON(sk)
}

func (h *Handler) literacy(c *fiber.Ctx) error {
	rec, err := h.svc.Literacy(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	httpkit.NoStore(c)
	return c.JSON(rec)
}

func (h *Handler) literacyCSV(c *fiber.Ctx) error {
	rec, err := h.svc.Literacy(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rec.WriteCSV(&buf); err != nil {
		return err
	}
	httpkit.NoStore(c)
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+rec.FileName("csv")+`"`)
	return c.Send(buf.Bytes())
}

func (h *Handler) literacyPDF(c *fiber.Ctx) error {
	rec, err := h.svc.Literacy(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := rec.WritePDF(&buf); err != nil {
		return err
	}
	httpkit.NoStore(c)
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+rec.FileName("pdf")+`"`)
	return c.Send(buf.Bytes())
}

func (h *Handler) myTeams(c *fiber.Ctx) error {
	teams, err := h.svc.MyTeams(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	httpkit.NoStore(c)
	return c.JSON(httpkit.Page[MyTeam]{Items: teams})
}

func (h *Handler) myInvitations(c *fiber.Ctx) error {
	list, err := h.svc.MyInvitations(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(httpkit.Page[Invitation]{Items: list})
}

func (h *Handler) accept(c *fiber.Ctx) error {
	t, err := h.svc.AcceptInvitation(c.UserContext(), auth.From(c), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (h *Handler) decline(c *fiber.Ctx) error {
	if err := h.svc.DeclineInvitation(c.UserContext(), auth.From(c), param(c, "id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) setSharing(c *fiber.Ctx) error {
	var req SharingRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	if req.Share == nil {
		return apperr.InvalidField("share", "is required: true to share your progress with this company, false to stop")
	}
	t, err := h.svc.SetSharing(c.UserContext(), auth.From(c), param(c, "org_id"), *req.Share)
	if err != nil {
		return err
	}
	return c.JSON(t)
}

func (h *Handler) leave(c *fiber.Ctx) error {
	if err := h.svc.LeaveTeam(c.UserContext(), auth.From(c), param(c, "org_id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
