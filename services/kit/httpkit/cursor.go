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
