package catalog

import (
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Page sizes of the catalogue's lists.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// Handler serves the catalogue's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the catalogue's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

const tag = "catalog"

var (
	listParams = append([]openapi.Param{
		{Name: "institution", Description: "only items of the institution with this slug"},
		{Name: "status", Description: "published (default); draft, archived or all for staff of the institution"},
	}, openapi.PageParams...)
	draftParam = openapi.Param{Name: "draft", Description: "true: the draft, for staff of the institution", Type: "boolean"}
)

// Register adds the catalogue's routes.
func (h *Handler) Register(r *openapi.Routes) {
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/search", ID: "searchCatalog", Summary: "Search published courses, programmes and competitions", Tag: tag, Query: searchParams(), Response: SearchResponse{}}, h.search)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/courses", ID: "listCourses", Summary: "List courses", Tag: tag, Query: listParams, Response: httpkit.Page[CourseSummary]{}}, h.listCourses)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/courses/:slug", ID: "getCourse", Summary: "Get the latest published version of a course, or its draft", Tag: tag, Query: []openapi.Param{draftParam}, Response: CourseView{}}, h.getCourse)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/courses", ID: "createCourse", Summary: "Create a draft course", Tag: tag, Auth: true, Request: CourseInput{}, Response: Course{}, Status: fiber.StatusCreated}, h.createCourse)
	r.Handle(openapi.Operation{Method: fiber.MethodPatch, Path: "/courses/:slug", ID: "updateCourse", Summary: "Edit a course's draft fields; fields given replace the stored ones", Tag: tag, Auth: true, Request: CourseInput{}, Response: Course{}}, h.updateCourse)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/courses/:slug/tree", ID: "putCourseTree", Summary: "Replace a course's draft modules and items", Tag: tag, Auth: true, Request: Tree{}, Response: Course{}}, h.putCourseTree)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/courses/:slug/publish", ID: "publishCourse", Summary: "Publish a course's draft as its latest version", Tag: tag, Auth: true, Response: Course{}}, h.publishCourse)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/courses/:slug/archive", ID: "archiveCourse", Summary: "Withdraw a course from the catalogue", Tag: tag, Auth: true, Response: Course{}}, h.archiveCourse)

	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/admin/courses/:slug/unpublish", ID: "unpublishCourse", Summary: "Unpublish a course as moderation, with a reason its staff see; audited (administrators)", Tag: tag, Auth: true, Request: ModerationRequest{}, Response: Course{}}, h.unpublishCourse)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/programmes", ID: "listProgrammes", Summary: "List programmes", Tag: tag, Query: listParams, Response: httpkit.Page[ProgrammeSummary]{}}, h.listProgrammes)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/programmes/:slug", ID: "getProgramme", Summary: "Get a programme", Tag: tag, Response: Programme{}}, h.getProgramme)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/programmes", ID: "createProgramme", Summary: "Create a draft programme", Tag: tag, Auth: true, Request: ProgrammeInput{}, Response: Programme{}, Status: fiber.StatusCreated}, h.createProgramme)
	r.Handle(openapi.Operation{Method: fiber.MethodPatch, Path: "/programmes/:slug", ID: "updateProgramme", Summary: "Edit a programme; fields given replace the stored ones", Tag: tag, Auth: true, Request: ProgrammeInput{}, Response: Programme{}}, h.updateProgramme)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/programmes/:slug/publish", ID: "publishProgramme", Summary: "Publish a programme", Tag: tag, Auth: true, Response: Programme{}}, h.publishProgramme)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/programmes/:slug/duplicate", ID: "duplicateProgramme", Summary: "Copy a programme into a new draft for another intake, under a new slug", Tag: tag, Auth: true, Request: DuplicateRequest{}, Response: Programme{}, Status: fiber.StatusCreated}, h.duplicateProgramme)
	r.Handle(openapi.Operation{Method: fiber.MethodPost, Path: "/programmes/:slug/archive", ID: "archiveProgramme", Summary: "Withdraw a programme from the catalogue", Tag: tag, Auth: true, Response: Programme{}}, h.archiveProgramme)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/institutions", ID: "listInstitutions", Summary: "List institutions", Tag: tag, Query: openapi.PageParams, Response: httpkit.Page[Institution]{}}, h.listInstitutions)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/institutions/:slug", ID: "getInstitution", Summary: "Get an institution with its published programmes and courses", Tag: tag, Response: InstitutionDetail{}}, h.getInstitution)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/institutions/:slug", ID: "putInstitution", Summary: "Create or edit an institution profile", Tag: tag, Auth: true, Request: InstitutionUpdate{}, Response: Institution{}}, h.putInstitution)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/skills", ID: "findSkills", Summary: "Look skills up by the start of a label", Tag: tag, Query: append([]openapi.Param{
		{Name: "q", Description: "start of a preferred or alternative label"},
		{Name: "lang", Description: "label language: en (default), fr or de"},
	}, openapi.PageParams...), Response: httpkit.Page[SkillView]{}}, h.findSkills)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/skills/:id", ID: "getSkill", Summary: "Get a skill of the taxonomy", Tag: tag, Response: Skill{}}, h.getSkill)

	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/occupations", ID: "findOccupations", Summary: "Look ESCO occupations up by the start of a label or code", Tag: tag, Query: append([]openapi.Param{
		{Name: "q", Description: "start of a word of a preferred or alternative label, or of the ESCO or ISCO code"},
	}, openapi.PageParams...), Response: httpkit.Page[OccupationSummary]{}}, h.findOccupations)
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/occupations/:id", ID: "getOccupation", Summary: "Get an ESCO occupation with its essential and optional skills", Tag: tag, Query: []openapi.Param{
		{Name: "lang", Description: "language of the skill labels: en (default), fr or de"},
	}, Response: OccupationView{}}, h.getOccupation)
}

// param returns a path parameter that outlives the request.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// listFilter reads the filter and page position of a list.
func listFilter(c *fiber.Ctx) (ListFilter, string, int, error) {
	after, limit, err := httpkit.PageRequest[string](c, defaultPageSize, maxPageSize)
	if err != nil {
		return ListFilter{}, "", 0, err
	}
	f := ListFilter{Status: strings.Clone(c.Query("status")), Institution: strings.Clone(c.Query("institution"))}
	return f, after, limit, nil
}

// page builds a list page; a full page has a cursor after its last slug.
func page[T any](items []T, limit int, slug func(T) string) httpkit.Page[T] {
	p := httpkit.Page[T]{Items: items}
	if len(items) == limit && limit > 0 {
		p.NextCursor = httpkit.EncodeCursor(slug(items[len(items)-1]))
	}
	return p
}

// mergePatch applies a PATCH body to current: each field given replaces the
// stored one whole, and unknown fields are refused.
func mergePatch[T any](c *fiber.Ctx, current *T) error {
	var probe T
	if err := httpkit.DecodeJSON(c, &probe); err != nil {
		return err
	}
	var patch map[string]json.RawMessage
	if err := json.Unmarshal(c.Body(), &patch); err != nil {
		return apperr.New(apperr.Invalid, "malformed-json", "the body must be a JSON object")
	}
	base, err := json.Marshal(current)
	if err != nil {
		return err
	}
	merged := map[string]json.RawMessage{}
	if err := json.Unmarshal(base, &merged); err != nil {
		return err
	}
	for k, v := range patch {
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	var out T
	if err := httpkit.DecodeJSONBytes(b, &out); err != nil {
		return err
	}
	*current = out
	return nil
}

func (h *Handler) listCourses(c *fiber.Ctx) error {
	f, after, limit, err := listFilter(c)
	if err != nil {
		return err
	}
	list, err := h.svc.Courses(c.UserContext(), auth.From(c), f, after, limit)
	if err != nil {
		return err
	}
	return c.JSON(page(list, limit, func(s CourseSummary) string { return s.Slug }))
}

func (h *Handler) getCourse(c *fiber.Ctx) error {
	slug := param(c, "slug")
	if c.QueryBool("draft") {
		v, err := h.svc.DraftCourse(c.UserContext(), auth.From(c), slug)
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
	body, err := h.svc.PublicCourse(c.UserContext(), slug)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(body)
}

func (h *Handler) createCourse(c *fiber.Ctx) error {
	var in CourseInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	course, err := h.svc.CreateCourse(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(course)
}

func (h *Handler) updateCourse(c *fiber.Ctx) error {
	course, err := h.svc.UpdateCourse(c.UserContext(), auth.From(c), param(c, "slug"), func(in *CourseInput) error {
		return mergePatch(c, in)
	})
	if err != nil {
		return err
	}
	return c.JSON(course)
}

func (h *Handler) putCourseTree(c *fiber.Ctx) error {
	var tree Tree
	if err := httpkit.DecodeJSON(c, &tree); err != nil {
		return err
	}
	course, err := h.svc.PutCourseTree(c.UserContext(), auth.From(c), param(c, "slug"), tree)
	if err != nil {
		return err
	}
	return c.JSON(course)
}

func (h *Handler) publishCourse(c *fiber.Ctx) error {
	course, err := h.svc.PublishCourse(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(course)
}

func (h *Handler) archiveCourse(c *fiber.Ctx) error {
	course, err := h.svc.ArchiveCourse(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(course)
}

// ModerationRequest is the body of POST /admin/courses/:slug/unpublish.
type ModerationRequest struct {
	Reason string `json:"reason" jsonschema:"description=why, 3 to 500 characters, shown to the course's staff"`
}

func (h *Handler) unpublishCourse(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var req ModerationRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	course, err := h.svc.UnpublishCourse(c.UserContext(), p, param(c, "slug"), req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(course)
}

func (h *Handler) listProgrammes(c *fiber.Ctx) error {
	f, after, limit, err := listFilter(c)
	if err != nil {
		return err
	}
	list, err := h.svc.Programmes(c.UserContext(), auth.From(c), f, after, limit)
	if err != nil {
		return err
	}
	return c.JSON(page(list, limit, func(s ProgrammeSummary) string { return s.Slug }))
}

func (h *Handler) getProgramme(c *fiber.Ctx) error {
	prog, err := h.svc.Programme(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(prog)
}

func (h *Handler) createProgramme(c *fiber.Ctx) error {
	var in ProgrammeInput
	if err := httpkit.DecodeJSON(c, &in); err != nil {
		return err
	}
	prog, err := h.svc.CreateProgramme(c.UserContext(), auth.From(c), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(prog)
}

func (h *Handler) duplicateProgramme(c *fiber.Ctx) error {
	var req DuplicateRequest
	if err := httpkit.DecodeJSON(c, &req); err != nil {
		return err
	}
	prog, err := h.svc.DuplicateProgramme(c.UserContext(), auth.From(c), param(c, "slug"), req)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(prog)
}

func (h *Handler) updateProgramme(c *fiber.Ctx) error {
	prog, err := h.svc.UpdateProgramme(c.UserContext(), auth.From(c), param(c, "slug"), func(in *ProgrammeInput) error {
		return mergePatch(c, in)
	})
	if err != nil {
		return err
	}
	return c.JSON(prog)
}

func (h *Handler) publishProgramme(c *fiber.Ctx) error {
	prog, err := h.svc.PublishProgramme(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(prog)
}

func (h *Handler) archiveProgramme(c *fiber.Ctx) error {
	prog, err := h.svc.ArchiveProgramme(c.UserContext(), auth.From(c), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(prog)
}

func (h *Handler) listInstitutions(c *fiber.Ctx) error {
	_, after, limit, err := listFilter(c)
	if err != nil {
		return err
	}
	list, err := h.svc.Institutions(c.UserContext(), after, limit)
	if err != nil {
		return err
	}
	return c.JSON(page(list, limit, func(i Institution) string { return i.Slug }))
}

func (h *Handler) getInstitution(c *fiber.Ctx) error {
	d, err := h.svc.Institution(c.UserContext(), param(c, "slug"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (h *Handler) putInstitution(c *fiber.Ctx) error {
	var u InstitutionUpdate
	if err := httpkit.DecodeJSON(c, &u); err != nil {
		return err
	}
	inst, err := h.svc.PutInstitution(c.UserContext(), auth.From(c), param(c, "slug"), u)
	if err != nil {
		return err
	}
	return c.JSON(inst)
}

func (h *Handler) findSkills(c *fiber.Ctx) error {
	cursor, limit, err := httpkit.PageRequest[*SkillCursor](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	res, err := h.svc.FindSkills(c.UserContext(), c.Query("lang"), c.Query("q"), cursor, limit)
	if err != nil {
		return err
	}
	p := httpkit.Page[SkillView]{Items: res.Skills}
	if res.Next != nil {
		p.NextCursor = httpkit.EncodeCursor(res.Next)
	}
	return c.JSON(p)
}

func (h *Handler) getSkill(c *fiber.Ctx) error {
	sk, err := h.svc.Skill(c.UserContext(), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(sk)
}

func (h *Handler) findOccupations(c *fiber.Ctx) error {
	cursor, limit, err := httpkit.PageRequest[*OccupationCursor](c, defaultPageSize, maxPageSize)
	if err != nil {
		return err
	}
	res, err := h.svc.FindOccupations(c.UserContext(), c.Query("q"), cursor, limit)
	if err != nil {
		return err
	}
	p := httpkit.Page[OccupationSummary]{Items: res.Occupations}
	if res.Next != nil {
		p.NextCursor = httpkit.EncodeCursor(res.Next)
	}
	return c.JSON(p)
}

func (h *Handler) getOccupation(c *fiber.Ctx) error {
	occ, err := h.svc.Occupation(c.UserContext(), param(c, "id"), c.Query("lang"))
	if err != nil {
		return err
	}
	return c.JSON(occ)
}
