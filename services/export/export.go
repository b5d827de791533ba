// Package export gives learners a copy of everything the platform holds about
// them (GDPR Art. 15 and 20), gathered from each context through the sections
// the composition root registers, so this package depends on none of them.
package export

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/auth"
	"academy/services/kit/openapi"
)

// Section is one part of the export: a name and how to collect it for a user.
type Section struct {
	Name    string
	Collect func(ctx context.Context, userID string) (any, error)
}

// Handler serves GET /me/export.
type Handler struct {
	sections []Section
	now      func() time.Time
}

// NewHandler returns the export handler over the given sections, in order.
func NewHandler(sections ...Section) *Handler {
	return &Handler{sections: sections, now: time.Now}
}

// Document is the export: when it was made and one entry per section.
type Document struct {
	ExportedAt time.Time                  `json:"exported_at"`
	Format     string                     `json:"format"`
	Sections   map[string]json.RawMessage `json:"sections"`
}

// Register adds the export route.
func (h *Handler) Register(r *openapi.Routes) {
	r.Handle(openapi.Operation{Method: fiber.MethodGet, Path: "/me/export", ID: "exportMyData", Tag: "identity", Auth: true,
		Summary: "Download everything the platform holds about you, as JSON", Response: Document{}}, h.export)
}

// Collect gathers every section for userID.
func (h *Handler) Collect(ctx context.Context, userID string) (Document, error) {
	doc := Document{ExportedAt: h.now().UTC(), Format: "academy-export/1", Sections: map[string]json.RawMessage{}}
	for _, s := range h.sections {
		v, err := s.Collect(ctx, userID)
		if err != nil {
			return Document{}, fmt.Errorf("export %s: %w", s.Name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return Document{}, fmt.Errorf("export %s: %w", s.Name, err)
		}
		doc.Sections[s.Name] = b
	}
	return doc, nil
}

func (h *Handler) export(c *fiber.Ctx) error {
	p, err := auth.Required(c)
	if err != nil {
		return err
	}
	doc, err := h.Collect(c.UserContext(), p.UserID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="academy-export.json"`)
	return c.JSON(doc)
}
