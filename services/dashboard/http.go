package dashboard

import (
	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
	"academy/services/kit/httpkit"
	"academy/services/kit/openapi"
)

// Handler serves the dashboard's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the dashboard's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the dashboard's routes.
func (h *Handler) Register(r *openapi.Routes) {
	get := openapi.Operation{Method: fiber.MethodGet, Path: "/me/dashboard", ID: "getMyDashboard", Tag: "learning", Auth: true,
		Summary:  "My home page: where to continue in each course, deadlines, progress per course and module, credentials, competitions joined, and courses for the occupations I aim at",
		Response: Dashboard{}}
	get.Query = []openapi.Param{{Name: "lang", Description: "language of the skill labels: en (default), fr or de"}}
	r.Handle(get, h.dashboard)
	r.Handle(openapi.Operation{Method: fiber.MethodPut, Path: "/me/dashboard/occupations", ID: "putMyTargetOccupations", Tag: "learning", Auth: true,
		Summary: "Choose the ESCO occupations I aim at (at most 5), whose missing skills my dashboard recommends courses for",
		Request: Goals{}, Response: Goals{}}, h.putGoals)
}

func (h *Handler) dashboard(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	d, err := h.svc.Dashboard(c.UserContext(), p, c.Query("lang", "en"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (h *Handler) putGoals(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	var g Goals
	if err := httpkit.DecodeJSON(c, &g); err != nil {
		return err
	}
	g, err = h.svc.SetGoals(c.UserContext(), p, g)
	if err != nil {
		return err
	}
	return c.JSON(g)
}
