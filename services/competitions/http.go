package competitions

import (
	"context"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Page sizes of the context's lists.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Uploads are the routes whose bodies are streamed files, for httpkit.AppOptions.
var Uploads = []httpkit.Upload{
	"POST /api/v1/competitions/:slug/submissions",
	"PUT /api/v1/competitions/:slug/files/:name",
	"PUT /api/v1/competitions/:slug/phases/:phase_id/solution",
	"POST /api/v1/competitions/:slug/host/baseline",
}

// CompetitionSummary is a competition in a list.
type CompetitionSummary struct {
	ID        string     `json:"id"`
	Slug      string     `json:"slug"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Host      Host       `json:"host"`
	Level     string     `json:"level"`
	Skills    []SkillRef `json:"skills"`
	Tags      []string   `json:"tags"`
	Languages []string   `json:"languages"`
	Status    string     `json:"status"`
	StartAt   time.Time  `json:"start_at"`
	EndAt     time.Time  `json:"end_at"`
	Metric    string     `json:"metric"`
	Teams     int        `json:"teams"`
	Sample    bool       `json:"sample"`
	// Moderation says why an administrator unpublished it; only its hosts see drafts.
	Moderation *Moderation `json:"moderation,omitempty"`
}

// CompetitionView is a competition's page.
type CompetitionView struct {
	CompetitionSummary
	Overview        string     `json:"overview"`
	Rules           string     `json:"rules"`
	Prizes          string     `json:"prizes"`
	DataLicence     string     `json:"data_licence"`
	ForumURL        string     `json:"forum_url,omitempty"`
	EntryDeadline   *time.Time `json:"entry_deadline,omitempty"`
	MergerDeadline  *time.Time `json:"merger_deadline,omitempty"`
	TeamSizeLimit   int        `json:"team_size_limit"`
	DailyLimit      int        `json:"daily_limit"`
	TotalLimit      int        `json:"total_limit,omitempty"`
	FinalSelections int        `json:"final_selections"`
	// PlacementTiers are the placements awarded at the end, in the order tried.
	PlacementTiers []PlacementTier `json:"placement_tiers"`
	// Tiers are the host's own tiers (empty: the default ones), to the host only.
	Tiers       []PlacementTier `json:"tiers,omitempty"`
	Eligibility string          `json:"eligibility"`
	Phases      []PhaseView     `json:"phases"`
	Files       []FileView      `json:"files"`
	// Version is the version a PATCH edits.
	Version int     `json:"version"`
	Me      *MeView `json:"me,omitempty"`
}

// PhaseView is a phase as shown; its evaluation settings and solution only to the host.
type PhaseView struct {
	ID          string        `json:"id"`
	Title       string        `json:"title"`
	StartAt     time.Time     `json:"start_at"`
	EndAt       time.Time     `json:"end_at"`
	DailyLimit  int           `json:"daily_limit"`
	Metric      string        `json:"metric"`
	Direction   string        `json:"direction"`
	PublicRows  int           `json:"public_rows,omitempty"`
	PrivateRows int           `json:"private_rows,omitempty"`
	Evaluation  *PhaseInput   `json:"evaluation,omitempty"`
	Solution    *SolutionInfo `json:"solution,omitempty"`
}

// FileView is a data file as listed.
type FileView struct {
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	Description string `json:"description"`
}

// MeView is the caller's part in a competition.
type MeView struct {
	Joined          bool       `json:"joined"`
	AcceptedRulesAt *time.Time `json:"accepted_rules_at,omitempty"`
	TeamID          string     `json:"team_id,omitempty"`
	IsHost          bool       `json:"is_host"`
}

// EntryRequest is the body of a join.
type EntryRequest struct {
	AcceptRules bool `json:"accept_rules"`
}

// EntryView is a person's entry.
type EntryView struct {
	CompetitionID   string    `json:"competition_id"`
	AcceptedRulesAt time.Time `json:"accepted_rules_at"`
	Team            TeamView  `json:"team"`
}

// TeamView is a team with its quota.
type TeamView struct {
	ID               string    `json:"id"`
	Name             string    `json:"name"`
	Members          []Member  `json:"members"`
	SubmissionsToday int       `json:"submissions_today"`
	DailyLimit       int       `json:"daily_limit"`
	SubmissionsTotal int       `json:"submissions_total"`
	TotalLimit       int       `json:"total_limit,omitempty"`
	ResetsAt         time.Time `json:"resets_at"`
	// Selected are the submissions chosen for the private board.
	Selected           []string `json:"selected_submission_ids"`
	Disqualified       bool     `json:"disqualified"`
	DisqualifiedReason string   `json:"disqualified_reason,omitempty"`
}

// InvitationRequest is the body of an invitation to one's team: the
// invitee's user id or email address, one of the two.
type InvitationRequest struct {
	UserID string `json:"user_id,omitempty"`
	Email  string `json:"email,omitempty"`
}

// InvitationsView lists the invitations a person's team sent and those the person received.
type InvitationsView struct {
	Sent     []Invitation `json:"sent"`
	Received []Invitation `json:"received"`
}

// SelectionRequest is the body of a final selection.
type SelectionRequest struct {
	SubmissionIDs []string `json:"submission_ids"`
}

// Selection is a team's final selection.
type Selection struct {
	SubmissionIDs []string `json:"submission_ids"`
}

// DecisionRequest is the body of a host's disqualification or reinstatement.
type DecisionRequest struct {
	Reason string `json:"reason"`
}

// FlagDecisionRequest is the body of a host's decision on an integrity flag;
// TeamID picks the one team of a pair to disqualify (both when empty).
type FlagDecisionRequest struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
	TeamID   string `json:"team_id,omitempty"`
}

// TeamRename is the body of a team's renaming.
type TeamRename struct {
	Name string `json:"name"`
}

// SubmissionView is a submission as shown.
type SubmissionView struct {
	ID      string `json:"id"`
	PhaseID string `json:"phase_id"`
	TeamID  string `json:"team_id"`
	// TeamName is the name of the team the submission counts for: the team
	// it was made by, or the team that team merged into.
	TeamName      string     `json:"team_name,omitempty"`
	SubmittedBy   string     `json:"submitted_by"`
	Description   string     `json:"description"`
	FileName      string     `json:"file_name,omitempty"`
	Size          int64      `json:"size"`
	Status        string     `json:"status"`
	QueuePosition *int       `json:"queue_position,omitempty"`
	PublicScore   *float64   `json:"public_score,omitempty"`
	PrivateScore  *float64   `json:"private_score,omitempty"`
	Reason        string     `json:"reason,omitempty"`
	CreatedAt     time.Time  `json:"created_at"`
	ScoredAt      *time.Time `json:"scored_at,omitempty"`
	Selected      bool       `json:"selected"`
	Baseline      bool       `json:"baseline,omitempty"`
	BaselineName  string     `json:"baseline_name,omitempty"`
}

// Baseline is a host's reference score shown beside the ranking.
type Baseline struct {
	Name  string  `json:"name"`
	Score float64 `json:"score"`
}

// LeaderboardView is a page of a board.
type LeaderboardView struct {
	PhaseID    string     `json:"phase_id"`
	Board      string     `json:"board"`
	Frozen     bool       `json:"frozen"`
	Total      int        `json:"total"`
	Items      []Row      `json:"items"`
	Baselines  []Baseline `json:"baselines"`
	MyEntry    *Row       `json:"my_entry,omitempty"`
	NextCursor string     `json:"next_cursor,omitempty"`
	next       int
}

func summaryOf(c Competition, now time.Time) CompetitionSummary {
	metric := ""
	if len(c.Phases) > 0 {
		metric = c.FinalPhase().Evaluation.Metric
	}
	return CompetitionSummary{ID: c.ID, Slug: c.Slug, Title: c.Title, Summary: c.Summary, Host: c.Host, Level: c.Level, Skills: c.Skills,
		Tags: c.Tags, Languages: c.Languages, Status: c.Status(now), StartAt: c.StartAt, EndAt: c.EndAt, Metric: metric, Teams: c.Teams, Sample: c.Sample, Moderation: c.Moderation}
}

// view shows a competition to p; host says whether p hosts it.
func (s *Service) view(ctx context.Context, p auth.Principal, c Competition, host bool) (CompetitionView, error) {
	v := CompetitionView{CompetitionSummary: summaryOf(c, s.clock()), Overview: c.Overview, Rules: c.Rules, Prizes: c.Prizes,
		DataLicence: c.DataLicence, ForumURL: c.ForumURL, EntryDeadline: c.EntryDeadline, MergerDeadline: c.MergerDeadline,
		TeamSizeLimit: c.TeamSizeLimit, DailyLimit: c.DailyLimit, TotalLimit: c.TotalLimit, FinalSelections: c.FinalSelections,
		PlacementTiers: c.PlacementTiers(), Eligibility: c.Eligibility, Version: c.Version, Phases: []PhaseView{}, Files: []FileView{}}
	if host {
		v.Tiers = c.Tiers
	}
	for _, ph := range c.Phases {
		pv := PhaseView{ID: ph.ID, Title: ph.Title, StartAt: ph.StartAt, EndAt: ph.EndAt, DailyLimit: dailyLimit(c, ph), Metric: ph.Evaluation.Metric}
		if m, err := lookupDirection(ph.Evaluation.Metric); err == nil {
			pv.Direction = m
		}
		if ph.Solution != nil {
			pv.PublicRows, pv.PrivateRows = ph.Solution.PublicRows, ph.Solution.PrivateRows
		}
		if host {
			pv.Evaluation = &PhaseInput{ID: ph.ID, Title: ph.Title, StartAt: ph.StartAt, EndAt: ph.EndAt, DailyLimit: ph.DailyLimit, Evaluation: ph.Evaluation}
			pv.Solution = ph.Solution
		}
		v.Phases = append(v.Phases, pv)
	}
	for _, f := range c.Files {
		v.Files = append(v.Files, FileView{Name: f.Name, Size: f.Size, ContentType: f.ContentType, Description: f.Description})
	}
	if p.Authenticated() {
		me := &MeView{IsHost: host}
		e, err := s.store.Entry(ctx, entryID(c.ID, p.UserID))
		switch {
		case err == nil:
			me.Joined, me.AcceptedRulesAt, me.TeamID = true, &e.AcceptedRulesAt, e.TeamID
		case !apperr.Is(err, apperr.NotFound):
			return v, err
		}
		v.Me = me
	}
	return v, nil
}

// Handler serves the competitions context's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the competitions context's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

const tag = "competitions"

// Register adds the competitions context's routes.
func (h *Handler) Register(r *openapi.Routes) {
	op := func(method, path, id, summary string, req, resp any, status int) openapi.Operation {
		return openapi.Operation{Method: method, Path: path, ID: id, Summary: summary, Tag: tag, Auth: true, Request: req, Response: resp, Status: status}
	}
	public := func(o openapi.Operation) openapi.Operation { o.Auth = false; return o }
	paged := func(o openapi.Operation) openapi.Operation {
		o.Query = append(o.Query, openapi.PageParams...)
		return o
	}

	list := paged(public(op(fiber.MethodGet, "/competitions", "listCompetitions", "List published competitions, by start date", nil, httpkit.Page[CompetitionSummary]{}, 0)))
	list.Query = append(list.Query, openapi.Param{Name: "status", Description: "upcoming, running, finalising or finished"})
	r.Handle(list, h.list)
	r.Handle(public(op(fiber.MethodGet, "/competitions/:slug", "getCompetition", "Get a competition; signed-in callers get their part in it (me)", nil, CompetitionView{}, 0)), h.get)
	board := paged(public(op(fiber.MethodGet, "/competitions/:slug/leaderboard", "getLeaderboard", "Get a page of a phase's leaderboard; the private board is the host's until the competition is finished", nil, LeaderboardView{}, 0)))
	board.Query = append(board.Query, openapi.Param{Name: "phase", Description: "the phase id; the running phase, or the last, by default"},
		openapi.Param{Name: "board", Description: "public (default) or private"})
	r.Handle(board, h.leaderboard)

	join := op(fiber.MethodPost, "/competitions/:slug/entry", "joinCompetition", "Accept the rules and join with a team of one (201), or get the entry (200)", EntryRequest{}, EntryView{}, fiber.StatusCreated)
	join.AlsoStatus = []int{fiber.StatusOK}
	r.Handle(join, h.join)
	r.Handle(op(fiber.MethodGet, "/competitions/:slug/entry", "getEntry", "Get my entry and team", nil, EntryView{}, 0), h.entry)
	r.Handle(op(fiber.MethodPatch, "/competitions/:slug/team", "renameTeam", "Rename my team", TeamRename{}, TeamView{}, 0), h.renameTeam)
	download := op(fiber.MethodGet, "/competitions/:slug/files/:name", "downloadCompetitionFile", "Download a data file, once the rules are accepted", nil, "", 0)
	download.Produces = "application/octet-stream"
	r.Handle(download, h.download)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/files/:name/link", "linkCompetitionFile", "Make a download link to a data file, valid for a few minutes, once the rules are accepted: the browser streams it to disk", nil, Link{}, 0), h.fileLink)
	linked := public(op(fiber.MethodGet, "/competitions/:slug/files/:name/download", "downloadCompetitionFileByLink", "Download a data file through a download link, without a bearer token", nil, "", 0))
	linked.Query = []openapi.Param{{Name: "token", Description: "the token of the download link"}}
	linked.Produces = "application/octet-stream"
	r.Handle(linked, h.fileByLink)
	submit := op(fiber.MethodPost, "/competitions/:slug/submissions", "submitPredictions", "Submit a prediction file (text/csv or application/gzip, up to 50 MB) as the body; it is validated before it counts and scored in the background", nil, SubmissionView{}, fiber.StatusAccepted)
	submit.Query = []openapi.Param{{Name: "phase", Description: "the phase id; the running phase by default"}, {Name: "description", Description: "a note, at most 500 characters"},
		{Name: "file_name", Description: "the file's name, as the participant knows it"}}
	r.Handle(submit, h.submit)
	r.Handle(paged(op(fiber.MethodGet, "/competitions/:slug/submissions", "listMySubmissions", "List my team's submissions, newest first", nil, httpkit.Page[SubmissionView]{}, 0)), h.mySubmissions)
	getSub := op(fiber.MethodGet, "/competitions/:slug/submissions/:id", "getSubmission", "Get a submission; with wait=final, held until it is scored or failed, or about 25 seconds", nil, SubmissionView{}, 0)
	getSub.Query = []openapi.Param{{Name: "wait", Description: "final: hold the answer while the submission is queued or scoring"}}
	r.Handle(getSub, h.submission)

	r.Handle(op(fiber.MethodPost, "/orgs/:org_id/competitions", "createCompetition", "Create a draft competition hosted by the organisation (its staff)", CompetitionInput{}, CompetitionView{}, fiber.StatusCreated), h.create)
	r.Handle(paged(op(fiber.MethodGet, "/orgs/:org_id/competitions", "listOrgCompetitions", "List the organisation's competitions, drafts included (its staff)", nil, httpkit.Page[CompetitionSummary]{}, 0)), h.orgList)
	r.Handle(op(fiber.MethodPatch, "/competitions/:slug", "updateCompetition", "Edit a competition: any fields of CompetitionInput, with the version edited (host)", CompetitionInput{}, CompetitionView{}, 0), h.update)
	putFile := op(fiber.MethodPut, "/competitions/:slug/files/:name", "putCompetitionFile", "Upload a data file as the body, up to 200 MB (host)", nil, FileInfo{}, 0)
	putFile.Query = []openapi.Param{{Name: "description", Description: "what the file holds"}}
	r.Handle(putFile, h.putFile)
	r.Handle(op(fiber.MethodDelete, "/competitions/:slug/files/:name", "deleteCompetitionFile", "Delete a data file (host)", nil, nil, fiber.StatusNoContent), h.deleteFile)
	r.Handle(op(fiber.MethodPut, "/competitions/:slug/phases/:phase_id/solution", "putPhaseSolution", "Upload a phase's solution CSV as the body, up to 200 MB, while the competition is a draft (host)", nil, SolutionInfo{}, 0), h.putSolution)
	getSol := op(fiber.MethodGet, "/competitions/:slug/phases/:phase_id/solution", "getPhaseSolution", "Download a phase's solution (host only)", nil, "", 0)
	getSol.Produces = "text/csv"
	r.Handle(getSol, h.solution)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/phases/:phase_id/solution/link", "linkPhaseSolution", "Make a download link to a phase's solution, valid for a few minutes (host only)", nil, Link{}, 0), h.solutionLink)
	linkedSol := public(op(fiber.MethodGet, "/competitions/:slug/phases/:phase_id/solution/download", "downloadPhaseSolutionByLink", "Download a phase's solution through a host's download link, without a bearer token", nil, "", 0))
	linkedSol.Query = []openapi.Param{{Name: "token", Description: "the token of the download link"}}
	linkedSol.Produces = "text/csv"
	r.Handle(linkedSol, h.solutionByLink)
	r.Handle(op(fiber.MethodPost, "/admin/competitions/:slug/unpublish", "unpublishCompetition", "Unpublish a competition as moderation, with a reason its hosts see; audited (administrators)", DecisionRequest{}, CompetitionView{}, 0), h.unpublish)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/publish", "publishCompetition", "Publish a draft whose every phase has a solution (host)", nil, CompetitionView{}, 0), h.publish)
	r.Handle(paged(op(fiber.MethodGet, "/competitions/:slug/host/submissions", "listHostSubmissions", "List every team's submissions with both scores, newest first (host)", nil, httpkit.Page[SubmissionView]{}, 0)), h.hostSubmissions)
	invite := op(fiber.MethodPost, "/competitions/:slug/team/invitations", "inviteToTeam", "Invite a participant of the competition to my team, by user id or email address (201; 200 when invited already)", InvitationRequest{}, Invitation{}, fiber.StatusCreated)
	invite.AlsoStatus = []int{fiber.StatusOK}
	r.Handle(invite, h.invite)
	r.Handle(op(fiber.MethodGet, "/competitions/:slug/team/invitations", "listTeamInvitations", "List the invitations my team sent and those I received", nil, InvitationsView{}, 0), h.invitations)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/team/invitations/:id/accept", "acceptTeamInvitation", "Accept an invitation: join the team, or merge my team into it (before the merger deadline, within the quota)", nil, TeamView{}, 0), h.acceptInvitation)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/team/invitations/:id/decline", "declineTeamInvitation", "Decline an invitation", nil, Invitation{}, 0), h.declineInvitation)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/team/leave", "leaveTeam", "Leave my team, before its first submission, for a team of one", nil, TeamView{}, 0), h.leaveTeam)
	r.Handle(op(fiber.MethodPut, "/competitions/:slug/selection", "selectSubmissions", "Choose my team's final submissions for the private board (empty: the best public ones), before the end", SelectionRequest{}, Selection{}, 0), h.selection)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/teams/:team_id/disqualification", "disqualifyTeam", "Disqualify a team with a reason, audited: off both boards, no credential (host)", DecisionRequest{}, TeamView{}, 0), h.disqualify)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/teams/:team_id/reinstatement", "reinstateTeam", "Reinstate a disqualified team with a reason, audited (host)", DecisionRequest{}, TeamView{}, 0), h.reinstate)
	r.Handle(paged(op(fiber.MethodGet, "/competitions/:slug/host/audit", "listCompetitionAudit", "List the hosts' decisions, newest first: who, when, why (host)", nil, httpkit.Page[AuditEntry]{}, 0)), h.audit)
	r.Handle(op(fiber.MethodGet, "/competitions/:slug/host/flags", "listIntegrityFlags", "List the integrity flags computed after scoring: near-identical teams, quick top scores (host)", nil, FlagsView{}, 0), h.flags)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/host/flags/:flag_id/decision", "decideIntegrityFlag", "Decide on a flag, audited: dismiss it or disqualify its team (host)", FlagDecisionRequest{}, Flag{}, 0), h.decideFlag)
	baseline := op(fiber.MethodPost, "/competitions/:slug/host/baseline", "submitBaseline", "Submit the host's baseline prediction file as the body: scored, shown beside the ranking, never ranked, no quota (host)", nil, SubmissionView{}, fiber.StatusAccepted)
	baseline.Query = []openapi.Param{{Name: "phase", Description: "the phase id; the running phase, or the last, by default"}, {Name: "name", Description: "the name shown on the board; Baseline by default"},
		{Name: "description", Description: "a note, at most 500 characters"}, {Name: "file_name", Description: "the file's name"}}
	r.Handle(baseline, h.baseline)
	r.Handle(op(fiber.MethodPost, "/competitions/:slug/finalise", "finaliseCompetition", "Freeze the private leaderboard after the end (host)", nil, nil, fiber.StatusAccepted), h.finalise)
}

// param returns a path parameter that outlives the request.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// query returns a query parameter that outlives the request.
func query(c *fiber.Ctx, name string) string { return strings.Clone(c.Query(name)) }

func (h *Handler) list(c *fiber.Ctx) error {
	after, limit, err := httpkit.PageRequest[ListPos](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	items, next, err := h.svc.Competitions(c.UserContext(), query(c, "status"), after, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[CompetitionSummary]{Items: items}
	if next.ID != "" {
		page.NextCursor = httpkit.EncodeCursor(next)
	}
	return c.JSON(page)
}

func (h *Handler) orgList(c *fiber.Ctx) error {
	after, limit, err := httpkit.PageRequest[ListPos](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	items, err := h.svc.OrgCompetitions(c.UserContext(), auth.From(c), param(c, "org_id"), after, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[CompetitionSummary]{Items: items}
	if len(items) == limit {
		last := items[len(items)-1]
		page.NextCursor = httpkit.EncodeCursor(ListPos{StartAt: last.StartAt, ID: last.ID})
	}
	return c.JSON(page)
}

func (h *Handler) get(c *fiber.Ctx) error {
	v, err := h.svc.Competition(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, strconv.Quote(strconv.Itoa(v.Version)))
	return c.JSON(v)
}

func (h *Handler) leaderboard(c *fiber.Ctx) error {
	offset, limit, err := httpkit.PageRequest[int](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	if offset < 0 {
		return apperr.InvalidField("cursor", "is not a cursor this API returned")
	}
	v, err := h.svc.Leaderboard(c.UserContext(), auth.From(c), param(c, "slug"), query(c, "phase"), query(c, "board"), offset, limit)
	if err != nil {
		return err
	}
	if v.next > 0 {
		v.NextCursor = httpkit.EncodeCursor(v.next)
	}
	return c.JSON(v)
}

func (h *Handler) join(c *fiber.Ctx) error {
	p := auth.From(c)
	var req EntryRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, created, err := h.svc.Join(c.UserContext(), p, param(c, "slug"), req.AcceptRules)
	if err != nil {
		return err
	}
	return httpkit.CreatedOrOK(c, created, v)
}

func (h *Handler) entry(c *fiber.Ctx) error {
	v, err := h.svc.MyEntry(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) renameTeam(c *fiber.Ctx) error {
	p := auth.From(c)
	var req TeamRename
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.RenameTeam(c.UserContext(), p, param(c, "slug"), req.Name)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) download(c *fiber.Ctx) error {
	r, f, err := h.svc.File(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "name"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Attachment(f.Name)
	return c.SendStream(r, int(f.Size))
}

func (h *Handler) fileLink(c *fiber.Ctx) error {
	l, err := h.svc.FileLink(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "name"))
	if err != nil {
		return err
	}
	return c.JSON(withURL(c, l))
}

func (h *Handler) fileByLink(c *fiber.Ctx) error {
	r, f, err := h.svc.FileByLink(c.UserContext(), param(c, "slug"), param(c, "name"), query(c, "token"))
	if err != nil {
		return err
	}
	linkedDownload(c, f.ContentType, f.Name)
	return c.SendStream(r, int(f.Size))
}

func (h *Handler) solutionLink(c *fiber.Ctx) error {
	l, err := h.svc.SolutionLink(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "phase_id"))
	if err != nil {
		return err
	}
	return c.JSON(withURL(c, l))
}

func (h *Handler) solutionByLink(c *fiber.Ctx) error {
	phaseID := param(c, "phase_id")
	r, err := h.svc.SolutionByLink(c.UserContext(), param(c, "slug"), phaseID, query(c, "token"))
	if err != nil {
		return err
	}
	linkedDownload(c, "text/csv", phaseID+"-solution.csv")
	return c.SendStream(r)
}

// withURL sets the link's URL: the download route beside the link route
// the request came to, on this server.
func withURL(c *fiber.Ctx, l Link) Link {
	l.URL = strings.TrimSuffix(c.Path(), "/link") + "/download?token=" + url.QueryEscape(l.token)
	return l
}

// linkedDownload sets the headers of a download through a link: saved
// under its name, and kept by no cache, since its URL is a credential.
func linkedDownload(c *fiber.Ctx, contentType, name string) {
	c.Attachment(name)
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// contentType returns the request's media type, lowercased, without parameters.
func contentType(c *fiber.Ctx) string {
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil {
		return ""
	}
	return mt
}

func (h *Handler) submit(c *fiber.Ctx) error {
	p := auth.From(c)
	ct := contentType(c)
	if !slices.Contains(SubmissionContentTypes, ct) {
		return apperr.New(apperr.Unsupported, "unsupported-media-type", "send the prediction file as text/csv or application/gzip")
	}
	body, err := httpkit.UploadBody(c, MaxSubmissionSize)
	if err != nil {
		return err
	}
	v, err := h.svc.Submit(c.UserContext(), p, param(c, "slug"), Upload{PhaseID: query(c, "phase"), Description: query(c, "description"),
		FileName: query(c, "file_name"), ContentType: ct, Body: body})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(v)
}

func (h *Handler) mySubmissions(c *fiber.Ctx) error {
	before, limit, err := httpkit.PageRequest[string](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	items, err := h.svc.MySubmissions(c.UserContext(), auth.From(c), param(c, "slug"), before, limit)
	if err != nil {
		return err
	}
	return c.JSON(submissionPage(items, limit))
}

func (h *Handler) hostSubmissions(c *fiber.Ctx) error {
	before, limit, err := httpkit.PageRequest[string](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	items, err := h.svc.HostSubmissions(c.UserContext(), auth.From(c), param(c, "slug"), before, limit)
	if err != nil {
		return err
	}
	return c.JSON(submissionPage(items, limit))
}

func submissionPage(items []SubmissionView, limit int) httpkit.Page[SubmissionView] {
	page := httpkit.Page[SubmissionView]{Items: items}
	if len(items) == limit {
		page.NextCursor = httpkit.EncodeCursor(items[len(items)-1].ID)
	}
	return page
}

func (h *Handler) submission(c *fiber.Ctx) error {
	var v SubmissionView
	var err error
	switch w := c.Query("wait"); w {
	case "":
		v, err = h.svc.Submission(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "id"))
	case "final":
		v, err = h.svc.SubmissionWhenFinal(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "id"))
	default:
		return apperr.InvalidField("wait", "must be final")
	}
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) create(c *fiber.Ctx) error {
	p := auth.From(c)
	var in CompetitionInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	v, err := h.svc.CreateCompetition(c.UserContext(), p, param(c, "org_id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (h *Handler) update(c *fiber.Ctx) error {
	p := auth.From(c)
	// Decoded by the service over the competition as stored; the media
	// type is checked here as for every JSON body.
	if err := httpkit.DecodeJSON(c, &map[string]any{}); err != nil {
		return err
	}
	var ifMatch *int
	if raw := c.Get(fiber.HeaderIfMatch); raw != "" {
		n, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(raw, "W/"), `"`))
		if err != nil {
			return apperr.InvalidField("If-Match", "must be the competition's version, as its ETag gives it")
		}
		ifMatch = &n
	}
	v, err := h.svc.UpdateCompetition(c.UserContext(), p, param(c, "slug"), c.Body(), ifMatch)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, strconv.Quote(strconv.Itoa(v.Version)))
	return c.JSON(v)
}

func (h *Handler) putFile(c *fiber.Ctx) error {
	p := auth.From(c)
	body, err := httpkit.UploadBody(c, MaxDataFileSize)
	if err != nil {
		return err
	}
	f, err := h.svc.PutFile(c.UserContext(), p, param(c, "slug"), param(c, "name"), query(c, "description"), contentType(c), body)
	if err != nil {
		return err
	}
	return c.JSON(f)
}

func (h *Handler) deleteFile(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.DeleteFile(c.UserContext(), p, param(c, "slug"), param(c, "name")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) putSolution(c *fiber.Ctx) error {
	p := auth.From(c)
	if ct := contentType(c); ct != "text/csv" {
		return apperr.New(apperr.Unsupported, "unsupported-media-type", "send the solution as text/csv")
	}
	body, err := httpkit.UploadBody(c, MaxSolutionSize)
	if err != nil {
		return err
	}
	si, err := h.svc.PutSolution(c.UserContext(), p, param(c, "slug"), param(c, "phase_id"), body)
	if err != nil {
		return err
	}
	return c.JSON(si)
}

func (h *Handler) solution(c *fiber.Ctx) error {
	r, err := h.svc.Solution(c.UserContext(), auth.From(c), param(c, "slug"), param(c, "phase_id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv")
	c.Attachment("solution.csv")
	return c.SendStream(r)
}

func (h *Handler) publish(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.Publish(c.UserContext(), p, param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) finalise(c *fiber.Ctx) error {
	p := auth.From(c)
	if err := h.svc.Finalise(c.UserContext(), p, param(c, "slug")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusAccepted)
}

func (h *Handler) invite(c *fiber.Ctx) error {
	p := auth.From(c)
	var req InvitationRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	inv, created, err := h.svc.Invite(c.UserContext(), p, param(c, "slug"), req)
	if err != nil {
		return err
	}
	return httpkit.CreatedOrOK(c, created, inv)
}

func (h *Handler) invitations(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.Invitations(c.UserContext(), p, param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) acceptInvitation(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.AcceptInvitation(c.UserContext(), p, param(c, "slug"), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) declineInvitation(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.DeclineInvitation(c.UserContext(), p, param(c, "slug"), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) leaveTeam(c *fiber.Ctx) error {
	p := auth.From(c)
	v, err := h.svc.LeaveTeam(c.UserContext(), p, param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) selection(c *fiber.Ctx) error {
	p := auth.From(c)
	var req SelectionRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.SelectSubmissions(c.UserContext(), p, param(c, "slug"), req.SubmissionIDs)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) disqualify(c *fiber.Ctx) error { return h.setDisqualified(c, true) }

func (h *Handler) reinstate(c *fiber.Ctx) error { return h.setDisqualified(c, false) }

func (h *Handler) unpublish(c *fiber.Ctx) error {
	p := auth.From(c)
	var req DecisionRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.Unpublish(c.UserContext(), p, param(c, "slug"), req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) setDisqualified(c *fiber.Ctx, disqualify bool) error {
	p := auth.From(c)
	var req DecisionRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.SetDisqualified(c.UserContext(), p, param(c, "slug"), param(c, "team_id"), req.Reason, disqualify)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) audit(c *fiber.Ctx) error {
	before, limit, err := httpkit.PageRequest[string](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	items, err := h.svc.Audit(c.UserContext(), auth.From(c), param(c, "slug"), before, limit)
	if err != nil {
		return err
	}
	page := httpkit.Page[AuditEntry]{Items: items}
	if len(items) == limit {
		page.NextCursor = httpkit.EncodeCursor(items[len(items)-1].ID)
	}
	return c.JSON(page)
}

func (h *Handler) flags(c *fiber.Ctx) error {
	v, err := h.svc.Flags(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) decideFlag(c *fiber.Ctx) error {
	p := auth.From(c)
	var req FlagDecisionRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	v, err := h.svc.DecideFlag(c.UserContext(), p, param(c, "slug"), param(c, "flag_id"), req)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

func (h *Handler) baseline(c *fiber.Ctx) error {
	p := auth.From(c)
	ct := contentType(c)
	if !slices.Contains(SubmissionContentTypes, ct) {
		return apperr.New(apperr.Unsupported, "unsupported-media-type", "send the baseline file as text/csv or application/gzip")
	}
	body, err := httpkit.UploadBody(c, MaxSubmissionSize)
	if err != nil {
		return err
	}
	v, err := h.svc.SubmitBaseline(c.UserContext(), p, param(c, "slug"), query(c, "name"), Upload{PhaseID: query(c, "phase"),
		Description: query(c, "description"), FileName: query(c, "file_name"), ContentType: ct, Body: body})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(v)
}

// lookupDirection is the direction of a metric's improvement.
func lookupDirection(metric string) (string, error) {
	m, err := scoring.LookupMetric(metric)
	return string(m.Direction), err
}
