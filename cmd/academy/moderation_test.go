package main

import (
	"testing"
)

// An administrator unpublishes a course and a competition with a reason:
// they leave the public pages, their staff and hosts read why and cannot
// publish them again, an administrator can, and the audit log keeps both.
func TestModeration(t *testing.T) {
	w := newWorld(t)
	w.setUpCatalogue(t)
	w.setUpAdmin(t)
	owner, adm := w.tokens[ownerStaff], w.tokens[admin]
	reason := map[string]any{"reason": "Copies another provider's course word for word."}

	for _, tc := range []struct {
		name, path, body string
		token            string
		status           int
		code             string
	}{
		{"reason too short", "/api/v1/admin/courses/moderate-course/unpublish", `{"reason":"no"}`, adm, 400, "validation-failed"},
		{"reason missing", "/api/v1/admin/competitions/comp-moderate/unpublish", `{}`, adm, 400, "validation-failed"},
		{"unknown field", "/api/v1/admin/courses/moderate-course/unpublish", `{"reason":"Plagiarism.","notify":true}`, adm, 400, "validation-failed"},
		{"a draft", "/api/v1/admin/courses/draft-course/unpublish", `{"reason":"Plagiarism."}`, adm, 409, "not-published"},
		{"unknown course", "/api/v1/admin/courses/no-such-course/unpublish", `{"reason":"Plagiarism."}`, adm, 404, "not-found"},
		{"by its staff", "/api/v1/admin/courses/moderate-course/unpublish", `{"reason":"Plagiarism."}`, owner, 403, "forbidden"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p struct{ Code string }
			resp := w.ta.call(t, "POST", tc.path, tc.token, rawBody{"application/json", tc.body}, &p)
			if resp.StatusCode != tc.status || p.Code != tc.code {
				t.Errorf("= %d %s, want %d %s", resp.StatusCode, p.Code, tc.status, tc.code)
			}
		})
	}

	if resp := w.ta.call(t, "POST", "/api/v1/admin/courses/moderate-course/unpublish", adm, reason, nil); resp.StatusCode != 200 {
		t.Fatalf("unpublish course = %d", resp.StatusCode)
	}
	if resp := w.ta.call(t, "GET", "/api/v1/courses/moderate-course", "", nil, nil); resp.StatusCode != 404 {
		t.Errorf("the public reads the unpublished course: %d", resp.StatusCode)
	}
	var draft struct {
		Status     string
		Moderation *struct{ Reason string }
	}
	if resp := w.ta.call(t, "GET", "/api/v1/courses/moderate-course?draft=true", owner, nil, &draft); resp.StatusCode != 200 || draft.Moderation == nil || draft.Moderation.Reason != reason["reason"] || draft.Status != "archived" {
		t.Errorf("its staff read %d %+v", resp.StatusCode, draft)
	}
	var p struct{ Code string }
	if resp := w.ta.call(t, "POST", "/api/v1/courses/moderate-course/publish", owner, nil, &p); resp.StatusCode != 409 || p.Code != "moderated" {
		t.Errorf("its staff publish it again: %d %s", resp.StatusCode, p.Code)
	}

	if resp := w.ta.call(t, "POST", "/api/v1/admin/competitions/comp-moderate/unpublish", adm, reason, nil); resp.StatusCode != 200 {
		t.Fatalf("unpublish competition = %d", resp.StatusCode)
	}
	if resp := w.ta.call(t, "GET", "/api/v1/competitions/comp-moderate", w.tokens[learner], nil, nil); resp.StatusCode != 404 {
		t.Errorf("a learner reads the unpublished competition: %d", resp.StatusCode)
	}
	var comp struct{ Moderation *struct{ Reason string } }
	if resp := w.ta.call(t, "GET", "/api/v1/competitions/comp-moderate", owner, nil, &comp); resp.StatusCode != 200 || comp.Moderation == nil || comp.Moderation.Reason != reason["reason"] {
		t.Errorf("its hosts read %d %+v", resp.StatusCode, comp)
	}
	if resp := w.ta.call(t, "POST", "/api/v1/competitions/comp-moderate/publish", owner, nil, &p); resp.StatusCode != 409 || p.Code != "moderated" {
		t.Errorf("its hosts publish it again: %d %s", resp.StatusCode, p.Code)
	}
	if resp := w.ta.call(t, "POST", "/api/v1/admin/competitions/comp-moderate/unpublish", adm, reason, &p); resp.StatusCode != 409 || p.Code != "not-published" {
		t.Errorf("unpublishing twice: %d %s", resp.StatusCode, p.Code)
	}

	if resp := w.ta.call(t, "POST", "/api/v1/courses/moderate-course/publish", adm, nil, nil); resp.StatusCode != 200 {
		t.Errorf("an administrator publishes it again: %d", resp.StatusCode)
	}
	var republished struct{ Moderation *struct{ Reason string } }
	if resp := w.ta.call(t, "GET", "/api/v1/courses/moderate-course?draft=true", owner, nil, &republished); resp.StatusCode != 200 || republished.Moderation != nil {
		t.Errorf("after an administrator published it: %+v", republished)
	}
	var audit struct {
		Items []struct{ Action, Reason string }
	}
	w.ta.call(t, "GET", "/api/v1/admin/audit?action=course.unpublish", adm, nil, &audit)
	if len(audit.Items) != 1 || audit.Items[0].Reason != reason["reason"] {
		t.Errorf("audit of course moderation = %+v", audit.Items)
	}
	w.ta.call(t, "GET", "/api/v1/admin/audit?action=competition.unpublish", adm, nil, &audit)
	if len(audit.Items) != 1 {
		t.Errorf("audit of competition moderation = %+v", audit.Items)
	}
}
