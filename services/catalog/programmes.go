package catalog

import (
	"context"

	"academy/services/kit/apperr"
	"academy/services/kit/auth"
)

// ProgrammeSummary is a programme as lists show it.
type ProgrammeSummary struct {
	ID          string   `json:"id"`
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Institution string   `json:"institution"`
	Cycle       string   `json:"cycle"`
	ECTS        float64  `json:"ects"`
	EQFLevel    int      `json:"eqf_level"`
	Country     string   `json:"country"`
	City        string   `json:"city"`
	Delivery    string   `json:"delivery"`
	StudyMode   string   `json:"study_mode"`
	Languages   []string `json:"languages"`
	Summary     string   `json:"summary"`
	Status      string   `json:"status"`
	Sample      bool     `json:"sample"`
}

func summarizeProgramme(p Programme) ProgrammeSummary {
	return ProgrammeSummary{
		ID: p.ID, Slug: p.Slug, Title: p.Title, Institution: p.Institution, Cycle: p.Cycle, ECTS: p.ECTS,
		EQFLevel: p.EQFLevel, Country: p.Country, City: p.City, Delivery: p.Delivery, StudyMode: p.StudyMode,
		Languages: nonNil(p.Languages), Summary: p.Summary, Status: p.Status, Sample: p.Sample,
	}
}

// CreateProgramme adds a draft programme to an institution whose staff p belongs to.
func (s *Service) CreateProgramme(ctx context.Context, p auth.Principal, in ProgrammeInput) (Programme, error) {
	if !p.Authenticated() {
		return Programme{}, apperr.Unauthorizedf("sign in to add a programme")
	}
	if err := ValidateProgramme(in, false); err != nil {
		return Programme{}, err
	}
	inst, err := s.institutionFor(ctx, in.Institution)
	if err != nil {
		return Programme{}, err
	}
	if err := s.authorizeEdit(ctx, p, inst.ID, true, "institution"); err != nil {
		return Programme{}, err
	}
	if err := s.checkSkillsExist(ctx, "skills[%d]", in.Skills); err != nil {
		return Programme{}, err
	}
	now := s.now().UTC()
	prog := Programme{ID: newID(), ProgrammeInput: in.withEmptyLists(), InstitutionID: inst.ID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
	prog.Revision = 1
	if err := s.store.InsertProgramme(ctx, prog); err != nil {
		return Programme{}, err
	}
	return prog, nil
}

// Programme returns a programme: published ones to anyone, others only to its
// institution's staff and admins.
func (s *Service) Programme(ctx context.Context, p auth.Principal, slug string) (Programme, error) {
	prog, err := s.store.Programme(ctx, slug)
	if err != nil {
		return Programme{}, err
	}
	if prog.Status == StatusPublished {
		return prog, nil
	}
	if ok, err := s.canManage(ctx, p, prog.InstitutionID); err != nil {
		return Programme{}, err
	} else if !ok {
		return Programme{}, apperr.NotFoundf("no such programme")
	}
	return prog, nil
}

// Programmes lists programmes in slug order after the given slug: published
// ones, or for the staff of f.Institution those of any status.
func (s *Service) Programmes(ctx context.Context, p auth.Principal, f ListFilter, after string, limit int) ([]ProgrammeSummary, error) {
	if err := s.authorizeList(ctx, p, &f); err != nil {
		return nil, err
	}
	list, err := s.store.Programmes(ctx, f, after, limit)
	if err != nil {
		return nil, err
	}
	out := make([]ProgrammeSummary, len(list))
	for i, prog := range list {
		out[i] = summarizeProgramme(prog)
	}
	return out, nil
}

// authorizeList lets anyone list published items, and the staff of an
// institution list its items of any status ("all" for every status).
func (s *Service) authorizeList(ctx context.Context, p auth.Principal, f *ListFilter) error {
	switch f.Status {
	case "":
		f.Status = StatusPublished
		return nil
	case StatusPublished:
		return nil
	case StatusDraft, StatusArchived, "all":
	default:
		return apperr.InvalidField("status", "must be one of published, draft, archived, all")
	}
	if f.Institution == "" {
		return apperr.InvalidField("status", "listing unpublished items needs an institution")
	}
	inst, err := s.institutionFor(ctx, f.Institution)
	if err != nil {
		return err
	}
	if ok, err := s.canManage(ctx, p, inst.ID); err != nil {
		return err
	} else if !ok {
		return apperr.Forbiddenf("only staff of the institution may list its unpublished items")
	}
	if f.Status == "all" {
		f.Status = ""
	}
	return nil
}

// editableProgramme loads a programme that p may edit.
func (s *Service) editableProgramme(ctx context.Context, p auth.Principal, slug string) (Programme, error) {
	if !p.Authenticated() {
		return Programme{}, apperr.Unauthorizedf("sign in to edit a programme")
	}
	prog, err := s.store.Programme(ctx, slug)
	if err != nil {
		return Programme{}, err
	}
	return prog, s.authorizeEdit(ctx, p, prog.InstitutionID, prog.Status == StatusPublished, "programme")
}

// UpdateProgramme edits a programme: apply changes a copy of its fields. A
// published programme shows the change at once.
func (s *Service) UpdateProgramme(ctx context.Context, p auth.Principal, slug string, apply func(*ProgrammeInput) error) (Programme, error) {
	prog, err := s.editableProgramme(ctx, p, slug)
	if err != nil {
		return Programme{}, err
	}
	in := prog.ProgrammeInput
	if err := apply(&in); err != nil {
		return Programme{}, err
	}
	if in.Institution != prog.Institution {
		return Programme{}, apperr.InvalidField("institution", "cannot be changed; create the programme under the other institution")
	}
	return s.saveProgramme(ctx, prog, in, prog.Status, "", false)
}

// PublishProgramme makes a programme visible to everyone and searchable.
func (s *Service) PublishProgramme(ctx context.Context, p auth.Principal, slug string) (Programme, error) {
	prog, err := s.editableProgramme(ctx, p, slug)
	if err != nil {
		return Programme{}, err
	}
	return s.saveProgramme(ctx, prog, prog.ProgrammeInput, StatusPublished, prog.SeedHash, false)
}

// ArchiveProgramme withdraws a programme from the public catalogue.
func (s *Service) ArchiveProgramme(ctx context.Context, p auth.Principal, slug string) (Programme, error) {
	prog, err := s.editableProgramme(ctx, p, slug)
	if err != nil {
		return Programme{}, err
	}
	return s.saveProgramme(ctx, prog, prog.ProgrammeInput, StatusArchived, prog.SeedHash, false)
}

// saveProgramme validates and stores a programme's new fields and status,
// and queues its search document for updating. A new programme (isNew) is
// inserted as it stands, in one write.
func (s *Service) saveProgramme(ctx context.Context, prog Programme, in ProgrammeInput, status, seedHash string, isNew bool) (Programme, error) {
	if err := ValidateProgramme(in, status == StatusPublished); err != nil {
		return Programme{}, err
	}
	if err := s.checkSkillsExist(ctx, "skills[%d]", in.Skills); err != nil {
		return Programme{}, err
	}
	rev := prog.Revision
	wasIndexed := prog.Status == StatusPublished
	now := s.now().UTC()
	prog.ProgrammeInput = in.withEmptyLists()
	prog.Status = status
	prog.SeedHash = seedHash
	prog.UpdatedAt = now
	if status == StatusPublished && prog.PublishedAt == nil {
		prog.PublishedAt = &now
	}
	prog.touch(wasIndexed || status == StatusPublished)
	var err error
	if isNew {
		err = s.store.InsertProgramme(ctx, prog)
	} else {
		err = s.store.ReplaceProgramme(ctx, prog, rev)
	}
	if err != nil {
		return Programme{}, err
	}
	if prog.IndexStale {
		s.enqueueIndex(ctx, KindProgramme, prog.ID, prog.Revision)
	}
	return prog, nil
}

// DuplicateRequest is the body of POST /programmes/:slug/duplicate: the
// copy's slug and its one intake.
type DuplicateRequest struct {
	Slug   string `json:"slug" jsonschema:"description=the new programme's slug"`
	Intake Intake `json:"intake" jsonschema:"description=the new intake: its start is required and must not be an intake of the programme copied"`
}

// DuplicateProgramme copies a programme into a new draft for another intake
// under a new slug, so that staff prepare the next academic year without
// touching the programme applicants read now. The copy is never published
// and never a sample, whatever the original.
func (s *Service) DuplicateProgramme(ctx context.Context, p auth.Principal, slug string, req DuplicateRequest) (Programme, error) {
	src, err := s.editableProgramme(ctx, p, slug)
	if err != nil {
		return Programme{}, err
	}
	var v apperr.Validation
	checkSlug(&v, "slug", req.Slug)
	checkDate(&v, "intake.start", req.Intake.Start, true)
	checkDate(&v, "intake.deadline_eu", req.Intake.DeadlineEU, false)
	checkDate(&v, "intake.deadline_non_eu", req.Intake.DeadlineNonEU, false)
	for _, in := range src.Intakes {
		if in.Start == req.Intake.Start {
			v.Add("intake.start", "%s is an intake of %s already: give the new intake's start", in.Start, src.Slug)
		}
	}
	if err := v.Err(); err != nil {
		return Programme{}, err
	}
	in := src.ProgrammeInput
	in.Slug = req.Slug
	in.Intakes = []Intake{req.Intake}
	in.Sample = false
	now := s.now().UTC()
	prog := Programme{ID: newID(), ProgrammeInput: in.withEmptyLists(), InstitutionID: src.InstitutionID, Status: StatusDraft, CreatedAt: now, UpdatedAt: now}
	prog.Revision = 1
	if err := ValidateProgramme(prog.ProgrammeInput, false); err != nil {
		return Programme{}, err
	}
	if err := s.store.InsertProgramme(ctx, prog); err != nil {
		return Programme{}, err
	}
	return prog, nil
}
