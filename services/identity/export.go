package identity

import "context"

// ExportAccount returns the fields of a user's account their data export
// holds: every one but the password hash.
func (s *Service) ExportAccount(ctx context.Context, userID string) (any, error) {
	u, err := s.Me(ctx, userID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"id": u.ID, "email": u.Email, "display_name": u.DisplayName, "language": u.Language,
		"admin": u.Admin, "created_at": u.CreatedAt}, nil
}

// ExportOrganisations returns a user's memberships, for their data export.
func (s *Service) ExportOrganisations(ctx context.Context, userID string) (any, error) {
	ms, err := s.OrgsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(ms))
	for i, m := range ms {
		out[i] = map[string]any{"organisation_id": m.OrgID, "role": m.Role, "since": m.CreatedAt}
	}
	return out, nil
}
