// Package httpkit holds the HTTP conventions every context shares: problem+json
// errors, strict JSON decoding, cursors, request ids, logging and metrics.
package httpkit

import (
	"errors"
	"log/slog"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"academy/services/kit/apperr"
)

// ProblemTypePrefix starts every problem type URI; the code follows it.
const ProblemTypePrefix = "urn:academy:problem:"

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type string `json:"type"`
	// Code is the last segment of Type, for clients that switch on it.
	Code      string              `json:"code"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
	Problems  any                 `json:"problems,omitempty"`
}

var statusOf = map[apperr.Kind]int{
	apperr.Internal:      fiber.StatusInternalServerError,
	apperr.Invalid:       fiber.StatusBadRequest,
	apperr.Unauthorized:  fiber.StatusUnauthorized,
	apperr.Forbidden:     fiber.StatusForbidden,
	apperr.NotFound:      fiber.StatusNotFound,
	apperr.Conflict:      fiber.StatusConflict,
	apperr.TooLarge:      fiber.StatusRequestEntityTooLarge,
	apperr.TooMany:       fiber.StatusTooManyRequests,
	apperr.Unavailable:   fiber.StatusServiceUnavailable,
	apperr.Unsupported:   fiber.StatusUnsupportedMediaType,
	apperr.Unprocessable: fiber.StatusUnprocessableEntity,
}

// codeOfStatus names the problems Fiber itself raises (unknown route, wrong method, body too large).
var codeOfStatus = map[int]string{
	fiber.StatusNotFound:              "not-found",
	fiber.StatusMethodNotAllowed:      "method-not-allowed",
	fiber.StatusRequestEntityTooLarge: "body-too-large",
	fiber.StatusBadRequest:            "bad-request",
	fiber.StatusUnsupportedMediaType:  "unsupported-media-type",
}

// ErrorHandler turns any error into a problem+json answer; unexpected
// errors are logged with their cause and their detail withheld. Answers the
// code chose on purpose (503 busy with Retry-After) are only in the request log.
func ErrorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		p := ProblemFor(err)
		if p.Status == fiber.StatusInternalServerError {
			log.Error("request failed", "request_id", RequestID(c), "method", c.Method(), "path", c.Path(), "err", err)
		}
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(ae.RetryAfter.Seconds()))))
		}
		p.Instance = c.OriginalURL()
		p.RequestID = RequestID(c)
		return WriteProblem(c, p)
	}
}

// ProblemFor builds the problem body for err.
func ProblemFor(err error) Problem {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		status := statusOf[ae.Kind]
		p := Problem{Type: ProblemTypePrefix + ae.Code, Code: ae.Code, Title: titleOf(status), Status: status, Detail: ae.Detail, Errors: ae.Fields, Problems: ae.Problems}
		if ae.Kind == apperr.Internal {
			p.Detail = "an unexpected error occurred"
		}
		return p
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code, ok := codeOfStatus[fe.Code]
		if !ok {
			code = "http-" + strconv.Itoa(fe.Code)
		}
		return Problem{Type: ProblemTypePrefix + code, Code: code, Title: titleOf(fe.Code), Status: fe.Code, Detail: fe.Message}
	}
	return Problem{Type: ProblemTypePrefix + "internal", Code: "internal", Title: titleOf(500), Status: 500, Detail: "an unexpected error occurred"}
}

// WriteProblem writes p with the problem+json media type.
func WriteProblem(c *fiber.Ctx, p Problem) error {
	body, err := c.App().Config().JSONEncoder(p)
	if err != nil {
		return err
	}
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return c.Send(body)
}

func titleOf(status int) string {
	if t := utils.StatusMessage(status); t != "" {
		return t
	}
	return "Error"
}
