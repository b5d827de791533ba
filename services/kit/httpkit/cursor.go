package httpkit

import (
	"encoding/base64"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"academy/services/kit/apperr"
)

// EncodeCursor turns a position into an opaque cursor for the next page.
func EncodeCursor(pos any) string {
	b, _ := json.Marshal(pos)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads the cursor query parameter into pos; it reports whether one was given.
func DecodeCursor(c *fiber.Ctx, pos any) (bool, error) {
	raw := c.Query("cursor")
	if raw == "" {
		return false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err != nil || json.Unmarshal(b, pos) != nil {
		return false, apperr.InvalidField("cursor", "is not a cursor this API returned")
	}
	return true, nil
}

// PageSize reads the limit query parameter, defaulting to def and refusing more than max.
func PageSize(c *fiber.Ctx, def, max int) (int, error) {
	raw := c.Query("limit")
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > max {
		return 0, apperr.InvalidField("limit", "must be a whole number from 1 to %d", max)
	}
	return n, nil
}

// PageRequest reads what a list request asks for: the page size (PageSize)
// and the position its cursor encodes, the zero P when it has none (a nil
// pointer when P is one, so that a first page is told from a position).
func PageRequest[P any](c *fiber.Ctx, def, max int) (after P, limit int, err error) {
	limit, err = PageSize(c, def, max)
	if err != nil {
		return after, 0, err
	}
	_, err = DecodeCursor(c, &after)
	return after, limit, err
}

// CreatedOrOK answers with v as JSON: 201 Created when this request created
// it, 200 OK when it existed already, as a repeated request finds it.
func CreatedOrOK(c *fiber.Ctx, created bool, v any) error {
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(v)
}

// Page is the envelope of every paginated list.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// MarshalJSON writes an empty list as [], never null: clients iterate over
// items without checking.
func (p Page[T]) MarshalJSON() ([]byte, error) {
	type page Page[T] // the same fields without this method
	if p.Items == nil {
		p.Items = []T{}
	}
	return json.Marshal(page(p))
}
