package talent

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
	"academy/services/talent/bluecard"
	"academy/services/talent/matching"
)

// Page sizes of the context's lists.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Notice is the consent notice's current version and purpose.
type Notice struct {
	Version string `json:"version"`
	Purpose string `json:"purpose"`
}

// MatchingInfo is the matching formula's figures, for the page that explains it.
type MatchingInfo struct {
	Version              string             `json:"version"`
	Weights              map[string]float64 `json:"weights"`
	MinEssentialCoverage float64            `json:"min_essential_coverage"`
	Evidence             map[string]float64 `json:"evidence"`
	Relations            map[string]float64 `json:"relations"`
	LevelShortfall       float64            `json:"level_shortfall"`
}

// matchingInfo reads the figures from the formula's own constants.
func matchingInfo() MatchingInfo {
	ev := map[string]float64{}
	for _, e := range []matching.Evidence{matching.EvidenceCredential, matching.EvidenceImported, matching.EvidenceCompetition, matching.EvidenceSelfDeclared} {
		ev[string(e)] = e.Strength()
	}
	rel := map[string]float64{}
	for _, r := range []matching.Relation{matching.RelationSame, matching.RelationNarrower, matching.RelationBroader} {
		rel[string(r)] = r.Weight()
	}
	return MatchingInfo{Version: matching.Version,
		Weights:              map[string]float64{"essential_skills": matching.WeightEssential, "optional_skills": matching.WeightOptional, "languages": matching.WeightLanguages},
		MinEssentialCoverage: matching.MinEssentialCoverage, Evidence: ev, Relations: rel, LevelShortfall: matching.LevelShortfall}
}

// Items is a list that is not paginated.
type Items[T any] struct {
	Items []T `json:"items"`
}

// Handler serves the talent pool's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the talent pool's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

const tag = "talent"

// Register adds the talent pool's routes.
func (h *Handler) Register(r *openapi.Routes) {
	op := func(method, path, id, summary string, req, resp any, status int) openapi.Operation {
		return openapi.Operation{Method: method, Path: path, ID: id, Summary: summary, Tag: tag, Auth: true, Request: req, Response: resp, Status: status}
	}
	public := func(o openapi.Operation) openapi.Operation { o.Auth = false; return o }
	r.Handle(public(op(fiber.MethodGet, "/talent/notice", "getTalentNotice", "The current version of the talent pool's consent notice", nil, Notice{}, 0)), h.notice)
	r.Handle(public(op(fiber.MethodGet, "/talent/matching", "getTalentMatching", "The matching formula's weights and factors", nil, MatchingInfo{}, 0)), h.matching)
	r.Handle(public(op(fiber.MethodGet, "/talent/bluecard", "getBlueCardThresholds", "The EU Blue Card salary thresholds, each with its year and source", nil, bluecard.Table{}, 0)), h.blueCardTable)

	r.Handle(op(fiber.MethodGet, "/me/talent", "getMyTalentProfile", "My talent profile; empty and out of the pool before I join", nil, ProfileView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (ProfileView, error) { return h.svc.MyProfile(c.UserContext(), p) }))
	r.Handle(op(fiber.MethodPut, "/me/talent", "updateMyTalentProfile", "Edit my talent profile, with the version edited", ProfileInput{}, ProfileView{}, 0), write(false, func(c *fiber.Ctx, p auth.Principal, in ProfileInput) (ProfileView, error) {
		return h.svc.UpdateProfile(c.UserContext(), p, in)
	}))
	r.Handle(op(fiber.MethodDelete, "/me/talent", "eraseMyTalentProfile", "Erase my talent profile, matches, pseudonyms, contacts and imports; the consent ledger keeps its records", nil, nil, fiber.StatusNoContent), gone(func(c *fiber.Ctx, p auth.Principal) error { return h.svc.Erase(c.UserContext(), p) }))
	r.Handle(op(fiber.MethodPost, "/me/talent/consent", "joinTalentPool", "Consent to the current notice and join the talent pool", JoinRequest{}, ProfileView{}, 0), write(false, func(c *fiber.Ctx, p auth.Principal, in JoinRequest) (ProfileView, error) {
		return h.svc.Join(c.UserContext(), p, in.NoticeVersion)
	}))
	r.Handle(op(fiber.MethodDelete, "/me/talent/consent", "leaveTalentPool", "Withdraw my consent: out of the pool, the talent search and every company's lists at once", nil, ProfileView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (ProfileView, error) { return h.svc.Withdraw(c.UserContext(), p) }))
	r.Handle(op(fiber.MethodPost, "/me/talent/imports", "importCredential", "Import an Open Badges 3.0 credential (VC-JWT) as verified evidence, once its signature and status verify", ImportRequest{}, Import{}, fiber.StatusCreated), write(true, func(c *fiber.Ctx, p auth.Principal, in ImportRequest) (Import, error) {
		return h.svc.ImportCredential(c.UserContext(), p, in.Credential)
	}))
	r.Handle(op(fiber.MethodDelete, "/me/talent/imports/:id", "deleteImportedCredential", "Remove an imported credential from my profile", nil, nil, fiber.StatusNoContent), gone(func(c *fiber.Ctx, p auth.Principal) error {
		return h.svc.DeleteImport(c.UserContext(), p, param(c, "id"))
	}))
	r.Handle(op(fiber.MethodGet, "/me/talent/matches", "listMyTalentMatches", "The open openings I match, best first, each explained with the courses that fill its gaps", nil, Items[MyMatch]{}, 0), unpaged(func(c *fiber.Ctx, p auth.Principal) ([]MyMatch, error) { return h.svc.MyMatches(c.UserContext(), p) }))
	r.Handle(op(fiber.MethodPost, "/me/talent/matches/:opening_id/contest", "contestTalentMatch", "Contest a match: the message reaches a person at the company", ContestRequest{}, ContestView{}, fiber.StatusCreated), write(true, func(c *fiber.Ctx, p auth.Principal, in ContestRequest) (ContestView, error) {
		return h.svc.ContestMatch(c.UserContext(), p, param(c, "opening_id"), in.Message)
	}))
	r.Handle(op(fiber.MethodGet, "/me/talent/contacts", "listMyTalentContacts", "The contact requests companies sent me, newest first", nil, Items[ContactView]{}, 0), unpaged(func(c *fiber.Ctx, p auth.Principal) ([]ContactView, error) {
		return h.svc.MyContacts(c.UserContext(), p)
	}))
	r.Handle(op(fiber.MethodPost, "/me/talent/contacts/:id/accept", "acceptTalentContact", "Accept a contact request: the company sees my name and email", nil, ContactView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (ContactView, error) {
		return h.svc.AnswerContact(c.UserContext(), p, param(c, "id"), true)
	}))
	r.Handle(op(fiber.MethodPost, "/me/talent/contacts/:id/decline", "declineTalentContact", "Decline a contact request", nil, ContactView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (ContactView, error) {
		return h.svc.AnswerContact(c.UserContext(), p, param(c, "id"), false)
	}))
	r.Handle(op(fiber.MethodGet, "/me/talent/access-log", "getMyTalentAccessLog", "Which companies viewed, contacted or decided on my profile, newest first", nil, Items[AccessView]{}, 0), unpaged(func(c *fiber.Ctx, p auth.Principal) ([]AccessView, error) {
		return h.svc.MyAccessLog(c.UserContext(), p)
	}))

	r.Handle(op(fiber.MethodPost, "/orgs/:org_id/openings", "createOpening", "Create a draft opening (staff of a verified company)", OpeningInput{}, OpeningView{}, fiber.StatusCreated), write(true, func(c *fiber.Ctx, p auth.Principal, in OpeningInput) (OpeningView, error) {
		return h.svc.CreateOpening(c.UserContext(), p, param(c, "org_id"), in)
	}))
	list := op(fiber.MethodGet, "/orgs/:org_id/openings", "listOpenings", "The company's openings, newest first (its staff)", nil, httpkit.Page[OpeningSummary]{}, 0)
	list.Query = append([]openapi.Param{{Name: "status", Description: "draft, open or closed"}}, openapi.PageParams...)
	r.Handle(list, h.openings)
	r.Handle(op(fiber.MethodGet, "/orgs/:org_id/openings/:opening_id", "getOpening", "An opening of the company (its staff)", nil, OpeningView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (OpeningView, error) {
		return h.svc.GetOpening(c.UserContext(), p, param(c, "org_id"), param(c, "opening_id"))
	}))
	r.Handle(op(fiber.MethodPut, "/orgs/:org_id/openings/:opening_id", "updateOpening", "Edit an opening, with the version edited (its staff)", OpeningInput{}, OpeningView{}, 0), write(false, func(c *fiber.Ctx, p auth.Principal, in OpeningInput) (OpeningView, error) {
		return h.svc.UpdateOpening(c.UserContext(), p, param(c, "org_id"), param(c, "opening_id"), in)
	}))
	r.Handle(op(fiber.MethodPost, "/orgs/:org_id/openings/:opening_id/publish", "publishOpening", "Publish a draft opening; every missing field is named at once (its staff)", nil, OpeningView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (OpeningView, error) {
		return h.svc.PublishOpening(c.UserContext(), p, param(c, "org_id"), param(c, "opening_id"))
	}))
	r.Handle(op(fiber.MethodPost, "/orgs/:org_id/openings/:opening_id/close", "closeOpening", "Close an opening (its staff)", nil, OpeningView{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (OpeningView, error) {
		return h.svc.CloseOpening(c.UserContext(), p, param(c, "org_id"), param(c, "opening_id"))
	}))
	matches := op(fiber.MethodGet, "/orgs/:org_id/openings/:opening_id/matches", "listOpeningMatches", "The opening's candidates, best first, each explained; the ranking only advises (its staff)", nil, httpkit.Page[RankedCandidate]{}, 0)
	matches.Query = openapi.PageParams
	r.Handle(matches, h.openingMatches)
	r.Handle(op(fiber.MethodPut, "/orgs/:org_id/openings/:opening_id/decisions/:pseudonym", "decideOnCandidate", "Record a person's decision on a candidate: shortlist, reject or contact (its staff)", DecisionRequest{}, Decision{}, 0), write(false, func(c *fiber.Ctx, p auth.Principal, in DecisionRequest) (Decision, error) {
		return h.svc.Decide(c.UserContext(), p, param(c, "org_id"), param(c, "opening_id"), param(c, "pseudonym"), in)
	}))
	searchOp := op(fiber.MethodGet, "/orgs/:org_id/talent/search", "searchTalent", "Search the pseudonymous cards of the talent pool (staff of a verified company)", nil, SearchResult{}, 0)
	searchOp.Query = []openapi.Param{{Name: "q", Description: "words to look for"}, {Name: "skills", Description: "skill ids, comma-separated"},
		{Name: "occupation", Description: "occupation ids, comma-separated"}, {Name: "country", Description: "ISO 3166-1 alpha-2 codes, comma-separated"},
		{Name: "language", Description: "ISO 639-1 codes, comma-separated"}, {Name: "work_authorisation", Description: "countries, or needs_permit, comma-separated"},
		{Name: "available_by", Description: "YYYY-MM-DD: available on or before"}, {Name: "offset", Type: "integer", Description: "results to skip"},
		{Name: "limit", Type: "integer", Description: "results per page, 1 to 100 (default 20)"}}
	r.Handle(searchOp, h.search)
	r.Handle(op(fiber.MethodGet, "/orgs/:org_id/talent/candidates/:pseudonym", "getCandidate", "A candidate's card and matches with the company's open openings; the view is logged for the candidate (its staff)", nil, Card{}, 0), read(func(c *fiber.Ctx, p auth.Principal) (Card, error) {
		return h.svc.Candidate(c.UserContext(), p, param(c, "org_id"), param(c, "pseudonym"))
	}))
	r.Handle(op(fiber.MethodPost, "/orgs/:org_id/talent/candidates/:pseudonym/contact", "contactCandidate", "Ask a candidate for contact; one pending request per candidate (its staff)", ContactRequest{}, CompanyContactView{}, fiber.StatusCreated), write(true, func(c *fiber.Ctx, p auth.Principal, in ContactRequest) (CompanyContactView, error) {
		return h.svc.ContactCandidate(c.UserContext(), p, param(c, "org_id"), param(c, "pseudonym"), in)
	}))
	r.Handle(op(fiber.MethodGet, "/orgs/:org_id/talent/contests", "listTalentContests", "The contests candidates sent the company, newest first (its staff)", nil, Items[ContestInboxItem]{}, 0), unpaged(func(c *fiber.Ctx, p auth.Principal) ([]ContestInboxItem, error) {
		return h.svc.Contests(c.UserContext(), p, param(c, "org_id"))
	}))
}

// param returns a path parameter that outlives the request.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// query returns a query parameter that outlives the request.
func query(c *fiber.Ctx, name string) string { return strings.Clone(c.Query(name)) }

func (h *Handler) notice(c *fiber.Ctx) error {
	return c.JSON(Notice{Version: NoticeVersion, Purpose: Purpose})
}

func (h *Handler) matching(c *fiber.Ctx) error { return c.JSON(matchingInfo()) }

func (h *Handler) blueCardTable(c *fiber.Ctx) error { return c.JSON(h.svc.bluecard) }

// read answers with what call returns for the caller, who may be anonymous:
// the service decides.
func read[Out any](call func(c *fiber.Ctx, p auth.Principal) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		v, err := call(c, auth.From(c))
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
}

// write decodes a signed-in caller's JSON body and answers with what call
// returns: 201 Created when created says the call creates, 200 OK otherwise.
func write[In, Out any](created bool, call func(c *fiber.Ctx, p auth.Principal, in In) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p, err := auth.Required(c)
		if err != nil {
			return err
		}
		var in In
		if err := httpkit.DecodeJSON(c, &in); err != nil {
			return err
		}
		v, err := call(c, p, in)
		if err != nil {
			return err
		}
		return httpkit.CreatedOrOK(c, created, v)
	}
}

// gone answers 204 No Content once call has deleted what it deletes.
func gone(call func(c *fiber.Ctx, p auth.Principal) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := call(c, auth.From(c)); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// unpaged answers with a list that is not paginated.
func unpaged[T any](call func(c *fiber.Ctx, p auth.Principal) ([]T, error)) fiber.Handler {
	return read(func(c *fiber.Ctx, p auth.Principal) (Items[T], error) {
		list, err := call(c, p)
		return Items[T]{Items: list}, err
	})
}

// offsetPage reads a list request whose cursor is an offset into a read model.
func offsetPage(c *fiber.Ctx) (int, int, error) {
	from, limit, err := httpkit.PageRequest[int](c, defaultPageSize, maxPageSize)
	if err == nil && from < 0 {
		err = apperr.InvalidField("cursor", "is not a cursor this API returned")
	}
	return from, limit, err
}

// page is a list's page and the cursor of the next, none on the last (next 0).
func page[T any](items []T, next int) httpkit.Page[T] {
	p := httpkit.Page[T]{Items: items}
	if next > 0 {
		p.NextCursor = httpkit.EncodeCursor(next)
	}
	return p
}

func (h *Handler) openings(c *fiber.Ctx) error {
	from, limit, err := offsetPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.svc.Openings(c.UserContext(), auth.From(c), param(c, "org_id"), query(c, "status"), from, limit)
	if err != nil {
		return err
	}
	return c.JSON(page(items, next))
}

func (h *Handler) openingMatches(c *fiber.Ctx) error {
	from, limit, err := offsetPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.svc.OpeningMatches(c.UserContext(), auth.From(c), param(c, "org_id"), param(c, "opening_id"), from, limit)
	if err != nil {
		return err
	}
	return c.JSON(page(items, next))
}

// commaList splits a comma-separated query parameter.
func commaList(c *fiber.Ctx, name string) []string {
	var out []string
	for _, v := range strings.Split(c.Query(name), ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, strings.Clone(v))
		}
	}
	return out
}

// search pages by offset into the search engine's ranking, which the query
// parameter offset names, as the public search does.
func (h *Handler) search(c *fiber.Ctx) error {
	limit, err := httpkit.PageSize(c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	from := 0
	if raw := c.Query("offset"); raw != "" {
		if from, err = strconv.Atoi(raw); err != nil || from < 0 {
			return apperr.InvalidField("offset", "must be a whole number from 0")
		}
	}
	res, err := h.svc.Search(c.UserContext(), auth.From(c), param(c, "org_id"), SearchParams{Text: query(c, "q"), Skills: commaList(c, "skills"),
		Occupation: commaList(c, "occupation"), Country: commaList(c, "country"), Language: commaList(c, "language"), WorkAuthorisation: commaList(c, "work_authorisation"),
		AvailableBy: query(c, "available_by"), Offset: from, Limit: limit})
	if err != nil {
		return err
	}
	return c.JSON(res)
}
