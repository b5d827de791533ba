package platformstats

import (
	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
	"academy/services/kit/openapi"
)

// Handler serves the platform dashboard's HTTP API.
type Handler struct {
	svc *Service
}

// NewHandler returns the platform dashboard's HTTP handlers.
func NewHandler(svc *Service) *Handler { return &Handler{svc: svc} }

// Register adds the platform dashboard's route.
func (h *Handler) Register(r *openapi.Routes) {
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/admin/platform-stats", ID: "getPlatformStats", Tag: "identity", Auth: true,
		Summary:  "The platform dashboard: learners, active learners, enrolments, completions, credentials, competitions, submissions and the talent pool, week by week over the last 26 ISO weeks, with current totals (administrators)",
		Response: Dashboard{}}, h.dashboard)
}

func (h *Handler) dashboard(c *fiber.Ctx) error {
	d, err := h.svc.Dashboard(c.UserContext(), auth.From(c))
	if err != nil {
		return err
	}
	return c.JSON(d)
}
