package main

import (
	"context"

	"academy/services/export"
	"academy/services/kit/auth"
	"academy/services/learning"
)

// exportSections gathers a learner's data from every context that holds some.
func (a *academy) exportSections() []export.Section {
	return []export.Section{
		{Name: "account", Collect: func(ctx context.Context, userID string) (any, error) {
			u, err := a.identity.Me(ctx, userID)
			if err != nil {
				return nil, err
			}
			return map[string]any{"id": u.ID, "email": u.Email, "display_name": u.DisplayName, "language": u.Language,
				"admin": u.Admin, "created_at": u.CreatedAt}, nil
		}},
		{Name: "organisations", Collect: func(ctx context.Context, userID string) (any, error) {
			ms, err := a.identity.OrgsOf(ctx, userID)
			if err != nil {
				return nil, err
			}
			out := make([]map[string]any, len(ms))
			for i, m := range ms {
				out[i] = map[string]any{"organisation_id": m.OrgID, "role": m.Role, "since": m.CreatedAt}
			}
			return out, nil
		}},
		{Name: "courses", Collect: func(ctx context.Context, userID string) (any, error) {
			p := auth.Principal{UserID: userID}
			var all []learning.EnrolmentView
			var after learning.EnrolmentPos
			for {
				page, err := a.learning.MyCourses(ctx, p, after, 100)
				if err != nil {
					return nil, err
				}
				all = append(all, page...)
				if len(page) < 100 {
					return all, nil
				}
				after = page[len(page)-1].Pos()
			}
		}},
		{Name: "credentials", Collect: func(ctx context.Context, userID string) (any, error) {
			return a.creds.ExportFor(ctx, userID)
		}},
	}
}
