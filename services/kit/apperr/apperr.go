// Package apperr is the one error type every context returns: a kind that the
// HTTP layer maps to a status, a stable code, and per-field details.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an error by what the caller can do about it.
type Kind int

// The kinds, each mapped to one HTTP status by the HTTP layer.
const (
	Internal      Kind = iota // a bug or an unreachable dependency
	Invalid                   // the request is malformed or fails validation
	Unauthorized              // no or bad credentials
	Forbidden                 // authenticated but not allowed
	NotFound                  // no such resource, or not visible to the caller
	Conflict                  // the request clashes with the current state
	TooLarge                  // the request body is over its limit
	TooMany                   // throttled; RetryAfter says for how long
	Unavailable               // a dependency is down; try again later
	Unsupported               // wrong content type
	Unprocessable             // well-formed, but its content cannot be used (an invalid uploaded file)
)

// FieldError names one bad field and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a classified error with a stable code (the last segment of the
// problem type) and a human-readable detail.
type Error struct {
	Kind       Kind
	Code       string
	Detail     string
	Fields     []FieldError
	RetryAfter time.Duration
	// Problems lists what is wrong inside an uploaded file, line by line,
	// for the person who sent it.
	Problems any
	Err      error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Detail, e.Err)
	}
	return e.Detail
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of the given kind and code.
func New(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Detail: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a missing resource; code is "not-found".
func NotFoundf(format string, args ...any) *Error {
	return New(NotFound, "not-found", format, args...)
}

// Conflictf reports a clash with current state under a specific code.
func Conflictf(code, format string, args ...any) *Error {
	return New(Conflict, code, format, args...)
}

// Forbiddenf reports an authenticated caller lacking permission.
func Forbiddenf(format string, args ...any) *Error {
	return New(Forbidden, "forbidden", format, args...)
}

// Unauthorizedf reports missing or bad credentials.
func Unauthorizedf(format string, args ...any) *Error {
	return New(Unauthorized, "unauthorized", format, args...)
}

// Validation collects field errors; its Err returns nil while none were added.
type Validation struct {
	fields []FieldError
}

// Add records that field is bad.
func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records message for field when ok is false.
func (v *Validation) Check(ok bool, field, format string, args ...any) {
	if !ok {
		v.Add(field, format, args...)
	}
}

// Err returns the collected errors as one Invalid error, or nil.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Code: "validation-failed", Detail: "the request has invalid fields", Fields: v.fields}
}

// InvalidField is a one-field validation error.
func InvalidField(field, format string, args ...any) *Error {
	var v Validation
	v.Add(field, format, args...)
	return v.Err().(*Error)
}

// KindOf returns the kind of err, Internal when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}
