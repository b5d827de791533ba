package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
	"academy/services/kit/events"
)

// HandleOrganisationVerified makes the institution profile of a newly
// verified university or provider from the organisation's description, under
// the organisation's slug, so that its staff can publish at once. A profile
// the organisation already has is kept as its staff wrote it; companies get
// none.
func (s *Service) HandleOrganisationVerified(ctx context.Context, ev events.Event) error {
	var d events.OrganisationData
	if err := ev.Decode(&d); err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	if !slices.Contains(kinds, d.Kind) {
		return nil
	}
	_, err := s.store.InstitutionByID(ctx, d.OrgID)
	if err == nil {
		return nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	profile := InstitutionProfile{Name: d.Name, Kind: d.Kind, Country: d.Country, Website: d.Website, LogoURL: d.LogoURL, Description: d.Description}
	if err := ValidateInstitution(profile); err != nil {
		return fmt.Errorf("institution profile of organisation %s: %v: %w", d.OrgID, err, asynq.SkipRetry)
	}
	if _, err := s.saveInstitution(ctx, Institution{ID: d.OrgID, Slug: d.Slug}, profile, ""); err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return fmt.Errorf("institution profile of organisation %s: %v: %w", d.OrgID, err, asynq.SkipRetry)
		}
		return err
	}
	return nil
}
