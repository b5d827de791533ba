// Package seed loads the catalogue from files: the skills taxonomy and the
// occupations with their skills as CSV, institutions and programmes as YAML,
// and courses as directories of Markdown lessons and YAML assessments. Every file is parsed and validated
// before anything is written; a broken file is reported with its line and
// loads nothing, while the valid files still load. Loading is idempotent.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"academy/services/catalog"
	"academy/services/kit/apperr"
)

// Target is where the seed loads; *catalog.Service implements it.
type Target interface {
	SeedSkills(ctx context.Context, skills []catalog.Skill) (int, error)
	SeedOccupations(ctx context.Context, occs []catalog.Occupation) (catalog.OccupationLoad, error)
	SeedInstitution(ctx context.Context, slug string, profile catalog.InstitutionProfile) (catalog.SeedResult, error)
	SeedProgramme(ctx context.Context, in catalog.ProgrammeInput, status string) (catalog.SeedResult, error)
	SeedCourse(ctx context.Context, in catalog.CourseInput, tree catalog.Tree, status string) (catalog.SeedResult, error)
	KnownSkills(ctx context.Context, ids []string) (map[string]bool, error)
	KnownInstitutions(ctx context.Context, slugs []string) (map[string]bool, error)
}

// Counts says what loading did to one kind of item.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

func (c *Counts) add(r catalog.SeedResult) {
	switch r.Change {
	case catalog.SeedCreated:
		c.Created++
	case catalog.SeedUpdated:
		c.Updated++
	default:
		c.Unchanged++
	}
}

// Report says what a load did.
type Report struct {
	SkillsRead    int `json:"skills_read"`
	SkillsWritten int `json:"skills_written"`
	// OccupationsRead counts the occupations read; Occupations says what
	// storing them did, relations to skills the taxonomy lacks dropped.
	OccupationsRead int                    `json:"occupations_read"`
	Occupations     catalog.OccupationLoad `json:"occupations"`
	Institutions    Counts                 `json:"institutions"`
	Programmes      Counts                 `json:"programmes"`
	Courses         Counts                 `json:"courses"`
	// CourseVersions counts the course structures published as new versions.
	CourseVersions int `json:"course_versions"`
}

// Changes is the number of items the load created or changed.
func (r Report) Changes() int {
	return r.SkillsWritten + r.Occupations.Written + r.Institutions.Created + r.Institutions.Updated + r.Programmes.Created +
		r.Programmes.Updated + r.Courses.Created + r.Courses.Updated
}

func (r Report) String() string {
	o := r.Occupations
	return fmt.Sprintf("skills: %d read, %d written; occupations: %d read, %d written, %d essential and %d optional skill relations, %d dropped (skill not in the taxonomy); institutions: %+v; programmes: %+v; courses: %+v; new course versions: %d",
		r.SkillsRead, r.SkillsWritten, r.OccupationsRead, o.Written, o.Essential, o.Optional, o.Dropped, r.Institutions, r.Programmes, r.Courses, r.CourseVersions)
}

// FileError is one problem in one seed file.
type FileError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (e FileError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message) }

// Error lists every problem found in the seed files; the files it names
// were not loaded.
type Error struct {
	Problems []FileError
}

func (e *Error) Error() string {
	files := map[string]bool{}
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		files[p.File] = true
		lines[i] = p.Error()
	}
	return fmt.Sprintf("seed: %d broken files, not loaded:\n%s", len(files), strings.Join(lines, "\n"))
}

// Files returns the broken files, sorted.
func (e *Error) Files() []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range e.Problems {
		if !seen[p.File] {
			seen[p.File] = true
			out = append(out, p.File)
		}
	}
	sort.Strings(out)
	return out
}

// problems collects the problems of a load.
type problems struct {
	list []FileError
}

func (p *problems) add(file string, line int, format string, args ...any) {
	p.list = append(p.list, FileError{File: file, Line: max(line, 1), Message: fmt.Sprintf(format, args...)})
}

// addFields reports the field errors of err at the lines of their keys in
// src, and reports whether err was such an error.
func (p *problems) addFields(src *source, err error, rename func(string) string) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Invalid {
		return false
	}
	if len(ae.Fields) == 0 {
		p.add(src.file, src.line(""), "%s", ae.Detail)
	}
	for _, f := range ae.Fields {
		field := f.Field
		if rename != nil {
			field = rename(field)
		}
		p.add(src.file, src.line(field), "%s: %s", field, f.Message)
	}
	return true
}

// Load reads the seed files of fsys (skills/, occupations/, institutions/,
// programmes/, courses/; missing directories are skipped), validates them all, then
// loads the valid ones into target. When some files are broken it returns
// an *Error naming each, after loading the others.
func Load(ctx context.Context, fsys fs.FS, target Target) (Report, error) {
	var report Report
	var probs problems
	skills := readSkills(fsys, &probs)
	report.SkillsRead = len(skills)
	occupations := readOccupations(fsys, &probs)
	report.OccupationsRead = len(occupations)
	institutions := readInstitutions(fsys, &probs)
	programmes := readProgrammes(fsys, &probs)
	courses := readCourses(fsys, &probs)

	known, err := newReferences(ctx, target, skills, institutions, programmes, courses)
	if err != nil {
		return report, err
	}
	programmes = checkProgrammeReferences(programmes, known, &probs)
	courses = checkCourseReferences(courses, known, &probs)

	if report.SkillsWritten, err = target.SeedSkills(ctx, skills); err != nil {
		return report, fmt.Errorf("seed skills: %w", err)
	}
	if report.Occupations, err = target.SeedOccupations(ctx, occupations); err != nil {
		return report, fmt.Errorf("seed occupations: %w", err)
	}
	for _, inst := range institutions {
		res, err := target.SeedInstitution(ctx, inst.slug, inst.profile)
		if probs.addFields(inst.src, err, nil) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("seed %s: %w", inst.src.file, err)
		}
		report.Institutions.add(res)
	}
	for _, p := range programmes {
		res, err := target.SeedProgramme(ctx, p.in, p.status)
		if probs.addFields(p.src, err, nil) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("seed %s: %w", p.src.file, err)
		}
		report.Programmes.add(res)
	}
	for _, c := range courses {
		res, err := target.SeedCourse(ctx, c.in, c.tree, c.status)
		if c.addFields(&probs, err) {
			continue
		}
		if err != nil {
			return report, fmt.Errorf("seed %s: %w", c.src.file, err)
		}
		report.Courses.add(res)
		if res.NewVersion {
			report.CourseVersions++
		}
	}
	if len(probs.list) > 0 {
		sort.SliceStable(probs.list, func(i, j int) bool { return probs.list[i].File < probs.list[j].File })
		return report, &Error{Problems: probs.list}
	}
	return report, nil
}
