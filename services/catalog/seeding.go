package catalog

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// SeedChange says what loading one seed item did.
type SeedChange int

// What loading a seed item can do.
const (
	SeedUnchanged SeedChange = iota // the item already holds this content
	SeedCreated
	SeedUpdated
)

// SeedResult is the outcome of loading one seed item.
type SeedResult struct {
	Change SeedChange
	// NewVersion is set when a course's structure was published as a new version.
	NewVersion bool
}

func seedResult(existed bool) SeedResult {
	if existed {
		return SeedResult{Change: SeedUpdated}
	}
	return SeedResult{Change: SeedCreated}
}

// SeedInstitution loads an institution from the seed: its organisation becomes
// verified in the identity context and its profile is stored. Unchanged
// content is not written again.
func (s *Service) SeedInstitution(ctx context.Context, slug string, profile InstitutionProfile) (SeedResult, error) {
	if err := ValidateInstitution(profile); err != nil {
		return SeedResult{}, err
	}
	hash := contentHash(struct {
		Slug    string
		Profile InstitutionProfile
	}{slug, profile})
	current, err := s.store.Institution(ctx, slug)
	existed := err == nil
	switch {
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return SeedResult{}, err
	case existed && current.SeedHash == hash:
		return SeedResult{}, nil
	}
	orgID, err := s.orgs.EnsureVerifiedOrg(ctx, slug, profile.Name, profile.Kind, profile.Country, profile.Website, profile.Description)
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed institution %s: verify its organisation: %w", slug, err)
	}
	if existed && current.ID != orgID {
		return SeedResult{}, fmt.Errorf("seed institution %s: its profile belongs to organisation %s, not %s", slug, current.ID, orgID)
	}
	if !existed {
		current = Institution{ID: orgID, Slug: slug}
	}
	if _, err := s.saveInstitution(ctx, current, profile, hash); err != nil {
		return SeedResult{}, fmt.Errorf("seed institution %s: %w", slug, err)
	}
	return seedResult(existed), nil
}

// SeedProgramme loads a programme from the seed with the given status.
// Unchanged content is not written again.
func (s *Service) SeedProgramme(ctx context.Context, in ProgrammeInput, status string) (SeedResult, error) {
	hash := contentHash(struct {
		In     ProgrammeInput
		Status string
	}{in, status})
	prog, err := s.store.Programme(ctx, in.Slug)
	existed := err == nil
	switch {
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return SeedResult{}, err
	case existed && prog.SeedHash == hash:
		return SeedResult{}, nil
	}
	inst, err := s.institutionFor(ctx, in.Institution)
	if err != nil {
		return SeedResult{}, err
	}
	if err := ValidateProgramme(in, status == StatusPublished); err != nil {
		return SeedResult{}, err
	}
	if err := s.checkSkillsExist(ctx, "skills[%d]", in.Skills); err != nil {
		return SeedResult{}, err
	}
	if !existed {
		now := s.now().UTC()
		prog = Programme{ID: newID(), ProgrammeInput: in, InstitutionID: inst.ID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
	}
	prog.InstitutionID = inst.ID
	if _, err := s.saveProgramme(ctx, prog, in, status, hash, !existed); err != nil {
		return SeedResult{}, fmt.Errorf("seed programme %s: %w", in.Slug, err)
	}
	return seedResult(existed), nil
}

// SeedCourse loads a course and its structure from the seed with the given
// status. Unchanged content is not written again, and a published course gets
// a new version only when its structure changed.
func (s *Service) SeedCourse(ctx context.Context, in CourseInput, tree Tree, status string) (SeedResult, error) {
	normalizeTree(&tree)
	hash := contentHash(struct {
		In     CourseInput
		Tree   Tree
		Status string
	}{in, tree, status})
	c, err := s.store.Course(ctx, in.Slug)
	existed := err == nil
	switch {
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return SeedResult{}, err
	case existed && c.SeedHash == hash:
		return SeedResult{}, nil
	}
	inst, err := s.institutionFor(ctx, in.Institution)
	if err != nil {
		return SeedResult{}, err
	}
	if !existed {
		now := s.now().UTC()
		c = Course{ID: newID(), Slug: in.Slug, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
		c.Revision = 1
	}
	c.Institution, c.InstitutionID = in.Institution, inst.ID
	c.Draft = CourseContent{CourseFields: in.CourseFields, Tree: tree}
	// Everything is checked before the first write, so a bad course leaves no trace.
	if status == StatusPublished {
		err = s.checkPublishable(ctx, c)
	} else {
		err = errors.Join(ValidateCourse(in, false), ValidateTree(tree, false), s.checkCourseSkills(ctx, in.CourseFields))
	}
	if err != nil {
		return SeedResult{}, err
	}
	if !existed {
		if err := s.store.InsertCourse(ctx, c); err != nil {
			return SeedResult{}, err
		}
	}
	previous := 0
	if c.Published != nil {
		previous = c.Published.Version
	}
	switch status {
	case StatusPublished:
		c, err = s.publishCourse(ctx, c, hash)
	case StatusArchived:
		c, err = s.archiveCourse(ctx, c, hash)
	default:
		rev := c.Revision
		c.SeedHash = hash
		c.UpdatedAt = s.now().UTC()
		c.touch(false)
		err = s.store.ReplaceCourse(ctx, c, rev)
	}
	if err != nil {
		return SeedResult{}, fmt.Errorf("seed course %s: %w", in.Slug, err)
	}
	res := seedResult(existed)
	res.NewVersion = c.Published != nil && c.Published.Version != previous
	return res, nil
}

// KnownInstitutions returns which of the slugs name institutions.
func (s *Service) KnownInstitutions(ctx context.Context, slugs []string) (map[string]bool, error) {
	list, err := mongokit.FindAll[Institution](ctx, s.store.institutions, bson.M{"slug": bson.M{"$in": slugs}}, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(list))
	for _, inst := range list {
		out[inst.Slug] = true
	}
	return out, nil
}
