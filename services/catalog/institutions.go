package catalog

import (
	"context"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// institutionListLimit bounds the programmes and courses an institution page lists.
const institutionListLimit = 100

// InstitutionDetail is an institution's profile with what it has published.
type InstitutionDetail struct {
	Institution
	Programmes []ProgrammeSummary `json:"programmes"`
	Courses    []CourseSummary    `json:"courses"`
}

// InstitutionUpdate is what staff send to create or edit their institution's profile.
type InstitutionUpdate struct {
	// OrganisationID names the organisation when its profile does not exist yet.
	OrganisationID string `json:"organisation_id,omitempty"`
	InstitutionProfile
}

// Institution returns an institution's profile with its published programmes and courses.
func (s *Service) Institution(ctx context.Context, slug string) (InstitutionDetail, error) {
	inst, err := s.store.Institution(ctx, slug)
	if err != nil {
		return InstitutionDetail{}, err
	}
	f := ListFilter{Status: StatusPublished, Institution: slug}
	programmes, err := s.store.Programmes(ctx, f, "", institutionListLimit)
	if err != nil {
		return InstitutionDetail{}, err
	}
	courses, err := s.store.Courses(ctx, f, "", institutionListLimit)
	if err != nil {
		return InstitutionDetail{}, err
	}
	d := InstitutionDetail{Institution: inst, Programmes: make([]ProgrammeSummary, len(programmes)), Courses: make([]CourseSummary, len(courses))}
	for i, p := range programmes {
		d.Programmes[i] = summarizeProgramme(p)
	}
	for i, c := range courses {
		d.Courses[i] = summarizeCourse(c)
	}
	return d, nil
}

// Institutions lists institutions in slug order, after the given slug.
func (s *Service) Institutions(ctx context.Context, after string, limit int) ([]Institution, error) {
	return s.store.Institutions(ctx, after, limit)
}

// PutInstitution creates or edits the profile of the institution with this
// slug; staff of its verified organisation (or an admin) may. A new profile
// names its organisation; an existing one keeps it.
func (s *Service) PutInstitution(ctx context.Context, p auth.Principal, slug string, u InstitutionUpdate) (Institution, error) {
	if !p.Authenticated() {
		return Institution{}, apperr.Unauthorizedf("sign in to edit an institution")
	}
	current, err := s.store.Institution(ctx, slug)
	exists := err == nil
	switch {
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return Institution{}, err
	case exists && u.OrganisationID != "" && u.OrganisationID != current.ID:
		return Institution{}, apperr.InvalidField("organisation_id", "the institution %q belongs to another organisation", slug)
	case !exists:
		if err := ValidateSlug("slug", slug); err != nil {
			return Institution{}, err
		}
		if u.OrganisationID == "" {
			return Institution{}, apperr.InvalidField("organisation_id", "is required to create an institution profile")
		}
		current = Institution{ID: u.OrganisationID, Slug: slug}
	}
	if ok, err := s.canManage(ctx, p, current.ID); err != nil {
		return Institution{}, err
	} else if !ok {
		return Institution{}, apperr.Forbiddenf("only staff of the verified organisation may edit its institution profile")
	}
	if !exists {
		if other, err := s.store.InstitutionByID(ctx, current.ID); err == nil {
			return Institution{}, apperr.Conflictf("institution-exists", "the organisation already has the institution profile %q", other.Slug)
		}
	}
	if err := ValidateInstitution(u.InstitutionProfile); err != nil {
		return Institution{}, err
	}
	return s.saveInstitution(ctx, current, u.InstitutionProfile, "")
}

// saveInstitution stores a profile and reindexes the institution's items
// when something their search documents show changed.
func (s *Service) saveInstitution(ctx context.Context, current Institution, profile InstitutionProfile, seedHash string) (Institution, error) {
	shown := current.Name != profile.Name || current.Country != profile.Country || current.City != profile.City
	next := current
	next.InstitutionProfile = profile
	next.SeedHash = seedHash
	next.UpdatedAt = s.now().UTC()
	if err := s.store.PutInstitution(ctx, next); err != nil {
		return Institution{}, err
	}
	if shown {
		if err := s.store.markStale(ctx, next.Slug); err != nil {
			return Institution{}, err
		}
		s.cache.clear()
		if _, err := s.ReconcileIndex(ctx); err != nil {
			s.log.WarnContext(ctx, "enqueue reindexing of an institution's items", "institution", next.Slug, "err", err)
		}
	}
	return next, nil
}
