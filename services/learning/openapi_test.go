package learning_test

import (
	"encoding/json"
	"strings"
	"testing"

	"academy/services/kit/openapi"
	"academy/services/learning"
)

// TestOpenAPIDocument checks that every route renders into the OpenAPI
// document with its request and response schemas.
func TestOpenAPIDocument(t *testing.T) {
	e := newEnv(t)
	doc := openapi.New("learning test", "1")
	learning.NewHandler(e.svc).Register(doc.Mount(e.app, "/api/v1"))
	var rendered struct {
		Paths map[string]map[string]struct {
			OperationID string         `json:"operationId"`
			Responses   map[string]any `json:"responses"`
			RequestBody struct {
				Required bool `json:"required"`
			} `json:"requestBody"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc.JSON(), &rendered); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	routes := doc.Routes()
	if len(routes) != 24 {
		t.Errorf("%d routes documented, want 24", len(routes))
	}
	for _, r := range routes {
		op, ok := rendered.Paths[openapi.OpenAPIPath(r.Path)][strings.ToLower(r.Method)]
		if !ok || op.OperationID == "" || len(op.Responses) == 0 {
			t.Errorf("%s %s is missing from the document or has no operation id and responses", r.Method, r.Path)
		}
	}
	// Enrolment takes no body and answers 200 when the learner is already enrolled.
	enrol := rendered.Paths["/api/v1/courses/{slug}/enrolment"]["post"]
	if enrol.RequestBody.Required || enrol.Responses["201"] == nil || enrol.Responses["200"] == nil {
		t.Errorf("enrolment documented with a required body %v and responses %v, want an optional body, 201 and 200",
			enrol.RequestBody.Required, enrol.Responses)
	}
}
