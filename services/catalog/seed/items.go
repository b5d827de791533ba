package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"academy/services/catalog"
	"academy/services/grading"
	"academy/services/kit/apperr"
)

var statuses = []string{catalog.StatusDraft, catalog.StatusPublished, catalog.StatusArchived}

type institutionSeed struct {
	src     *source
	slug    string
	profile catalog.InstitutionProfile
}

type programmeSeed struct {
	src    *source
	in     catalog.ProgrammeInput
	status string
}

type courseSeed struct {
	src     *source     // course.md
	modules []*source   // module.yaml of each module
	items   [][]*source // the file of each item, by module
	in      catalog.CourseInput
	tree    catalog.Tree
	status  string
}

// yamlFiles lists the .yaml files of a directory, sorted; none when it is missing.
func yamlFiles(fsys fs.FS, dir string) []string {
	files, _ := fs.Glob(fsys, dir+"/*.yaml")
	return files
}

func readFile(fsys fs.FS, file string, probs *problems) ([]byte, bool) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		probs.add(file, 1, "cannot read: %v", err)
		return nil, false
	}
	return data, true
}

func readInstitutions(fsys fs.FS, probs *problems) []institutionSeed {
	var out []institutionSeed
	for _, file := range yamlFiles(fsys, "institutions") {
		data, ok := readFile(fsys, file, probs)
		if !ok {
			continue
		}
		var f struct {
			Slug                       string `yaml:"slug"`
			catalog.InstitutionProfile `yaml:",inline"`
		}
		src := decodeYAML(file, data, 0, &f, probs)
		if src == nil {
			continue
		}
		before := len(probs.list)
		if f.Slug != stem(file) {
			probs.add(file, src.line("slug"), "slug %q must match the file name %q", f.Slug, stem(file))
		}
		probs.addFields(src, catalog.ValidateInstitution(f.InstitutionProfile), nil)
		if len(probs.list) == before {
			out = append(out, institutionSeed{src: src, slug: f.Slug, profile: f.InstitutionProfile})
		}
	}
	return out
}

func checkStatus(src *source, status string, probs *problems) {
	if !slices.Contains(statuses, status) {
		probs.add(src.file, src.line("status"), "status must be one of %s", strings.Join(statuses, ", "))
	}
}

func readProgrammes(fsys fs.FS, probs *problems) []programmeSeed {
	var out []programmeSeed
	for _, file := range yamlFiles(fsys, "programmes") {
		data, ok := readFile(fsys, file, probs)
		if !ok {
			continue
		}
		var f struct {
			catalog.ProgrammeInput `yaml:",inline"`
			Status                 string `yaml:"status"`
		}
		src := decodeYAML(file, data, 0, &f, probs)
		if src == nil {
			continue
		}
		before := len(probs.list)
		if f.Slug != stem(file) {
			probs.add(file, src.line("slug"), "slug %q must match the file name %q", f.Slug, stem(file))
		}
		checkStatus(src, f.Status, probs)
		probs.addFields(src, catalog.ValidateProgramme(f.ProgrammeInput, f.Status == catalog.StatusPublished), nil)
		if len(probs.list) == before {
			out = append(out, programmeSeed{src: src, in: f.ProgrammeInput, status: f.Status})
		}
	}
	return out
}

// orderPrefix is the "NN-" that orders modules and items in their directory.
var orderPrefix = regexp.MustCompile(`^\d+-`)

func readCourses(fsys fs.FS, probs *problems) []courseSeed {
	dirs, err := fs.ReadDir(fsys, "courses")
	if err != nil {
		return nil
	}
	var out []courseSeed
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		before := len(probs.list)
		c := readCourse(fsys, path.Join("courses", d.Name()), probs)
		if c != nil && len(probs.list) == before {
			out = append(out, *c)
		}
	}
	return out
}

// readCourse reads one course directory; problems in any of its files leave
// the whole course out, so that no partial structure is published.
func readCourse(fsys fs.FS, dir string, probs *problems) *courseSeed {
	file := dir + "/course.md"
	data, ok := readFile(fsys, file, probs)
	if !ok {
		return nil
	}
	fm, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		probs.add(file, 1, "must start with YAML front matter between two --- lines")
		return nil
	}
	var f struct {
		catalog.CourseInput `yaml:",inline"`
		Status              string `yaml:"status"`
	}
	src := decodeYAML(file, fm, 1, &f, probs)
	if src == nil {
		return nil
	}
	src.bodyLine = bodyLine
	f.Description = strings.TrimSpace(body)
	c := &courseSeed{src: src, in: f.CourseInput, status: f.Status}
	if f.Slug != path.Base(dir) {
		probs.add(file, src.line("slug"), "slug %q must match the directory name %q", f.Slug, path.Base(dir))
	}
	checkStatus(src, f.Status, probs)
	probs.addFields(src, catalog.ValidateCourse(f.CourseInput, f.Status == catalog.StatusPublished), nil)

	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		switch {
		case e.Name() == "course.md":
		case !e.IsDir() || !orderPrefix.MatchString(e.Name()):
			probs.add(path.Join(dir, e.Name()), 1, "a course directory holds course.md and NN-module directories only")
		default:
			c.readModule(fsys, path.Join(dir, e.Name()), probs)
		}
	}
	if f.Status == catalog.StatusPublished && len(c.tree.Modules) == 0 {
		probs.add(file, 1, "a published course needs at least one module directory")
	}
	return c
}

func (c *courseSeed) readModule(fsys fs.FS, dir string, probs *problems) {
	file := dir + "/module.yaml"
	m := catalog.Module{ID: orderPrefix.ReplaceAllString(path.Base(dir), ""), Items: []catalog.Item{}}
	var mf struct {
		Title   string `yaml:"title"`
		Summary string `yaml:"summary"`
	}
	var src *source
	if data, ok := readFile(fsys, file, probs); ok {
		if src = decodeYAML(file, data, 0, &mf, probs); src != nil && strings.TrimSpace(mf.Title) == "" {
			probs.add(file, src.line("title"), "title is required")
		}
	}
	if src == nil {
		src = &source{file: file}
	}
	m.Title, m.Summary = mf.Title, mf.Summary
	var sources []*source
	entries, _ := fs.ReadDir(fsys, dir)
	for _, e := range entries {
		name := e.Name()
		itemFile := path.Join(dir, name)
		if name == "module.yaml" {
			continue
		}
		ext := path.Ext(name)
		if e.IsDir() || !orderPrefix.MatchString(name) || (ext != ".md" && ext != ".yaml") {
			probs.add(itemFile, 1, "a module directory holds module.yaml and NN-item.md or NN-item.yaml files only")
			continue
		}
		it, itemSrc := readItem(fsys, itemFile, probs)
		if itemSrc == nil {
			continue
		}
		if slices.ContainsFunc(m.Items, func(o catalog.Item) bool { return o.ID == it.ID }) {
			probs.add(itemFile, 1, "another item of the module has the id %q", it.ID)
			continue
		}
		m.Items = append(m.Items, it)
		sources = append(sources, itemSrc)
	}
	if c.status == catalog.StatusPublished && len(m.Items) == 0 {
		probs.add(file, 1, "a published module needs at least one item")
	}
	c.tree.Modules = append(c.tree.Modules, m)
	c.modules = append(c.modules, src)
	c.items = append(c.items, sources)
}

// readItem reads a lesson (.md) or an assessment (.yaml); its id is the file
// name without the order prefix and extension.
func readItem(fsys fs.FS, file string, probs *problems) (catalog.Item, *source) {
	data, ok := readFile(fsys, file, probs)
	if !ok {
		return catalog.Item{}, nil
	}
	it := catalog.Item{ID: orderPrefix.ReplaceAllString(stem(file), "")}
	var src *source
	if path.Ext(file) == ".md" {
		fm, body, bodyLine, ok := splitFrontMatter(data)
		if !ok {
			probs.add(file, 1, "must start with YAML front matter between two --- lines")
			return it, nil
		}
		var f struct {
			Title          string `yaml:"title"`
			Kind           string `yaml:"kind"`
			ReadingMinutes int    `yaml:"reading_minutes"`
			VideoURL       string `yaml:"video_url"`
			Required       bool   `yaml:"required"`
		}
		if src = decodeYAML(file, fm, 1, &f, probs); src == nil {
			return it, nil
		}
		src.bodyLine = bodyLine
		if f.Kind != catalog.ItemLesson {
			probs.add(file, src.line("kind"), "kind must be %s in a .md file", catalog.ItemLesson)
			return it, nil
		}
		it.Kind, it.Title, it.ReadingMinutes, it.VideoURL, it.Required = f.Kind, f.Title, f.ReadingMinutes, f.VideoURL, f.Required
		it.Body = strings.TrimSpace(body)
	} else {
		var f struct {
			grading.Assessment `yaml:",inline"`
			Required           bool `yaml:"required"`
		}
		if src = decodeYAML(file, data, 0, &f, probs); src == nil {
			return it, nil
		}
		a := f.Assessment
		it.Kind, it.Title, it.Required, it.Assessment = catalog.ItemAssessment, a.Title, f.Required, &a
	}
	if probs.addFields(src, catalog.ValidateItem(it), func(field string) string { return strings.TrimPrefix(field, "assessment.") }) {
		return it, nil
	}
	return it, src
}

var itemField = regexp.MustCompile(`^modules\[(\d+)\](?:\.items\[(\d+)\])?\.?(.*)$`)

// addFields reports the field errors of err in the file each field comes
// from: course.md, a module.yaml or an item's file.
func (c *courseSeed) addFields(probs *problems, err error) bool {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Invalid {
		return false
	}
	for _, f := range ae.Fields {
		m := itemField.FindStringSubmatch(f.Field)
		src, field := c.src, f.Field
		if m != nil {
			var mi, ii int
			fmt.Sscan(m[1], &mi)
			if mi < len(c.modules) {
				src, field = c.modules[mi], m[3]
				if m[2] != "" {
					fmt.Sscan(m[2], &ii)
					if ii < len(c.items[mi]) {
						src, field = c.items[mi][ii], strings.TrimPrefix(m[3], "assessment.")
					}
				}
			}
		}
		probs.add(src.file, src.line(field), "%s: %s", f.Field, f.Message)
	}
	if len(ae.Fields) == 0 {
		probs.add(c.src.file, 1, "%s", ae.Detail)
	}
	return true
}

// references are the skills and institutions the seed may refer to.
type references struct {
	skills       map[string]bool
	institutions map[string]bool
}

// newReferences gathers what the seed defines and asks target about the rest.
func newReferences(ctx context.Context, target Target, skills []catalog.Skill, insts []institutionSeed, programmes []programmeSeed, courses []courseSeed) (references, error) {
	ref := references{skills: map[string]bool{}, institutions: map[string]bool{}}
	for _, s := range skills {
		ref.skills[s.ID] = true
	}
	for _, i := range insts {
		ref.institutions[i.slug] = true
	}
	var askSkills, askInsts []string
	wantSkill := func(id string) {
		if !ref.skills[id] && !slices.Contains(askSkills, id) {
			askSkills = append(askSkills, id)
		}
	}
	wantInst := func(slug string) {
		if !ref.institutions[slug] && !slices.Contains(askInsts, slug) {
			askInsts = append(askInsts, slug)
		}
	}
	for _, p := range programmes {
		wantInst(p.in.Institution)
		for _, id := range p.in.Skills {
			wantSkill(id)
		}
	}
	for _, c := range courses {
		wantInst(c.in.Institution)
		for _, s := range c.in.Skills {
			wantSkill(s.Skill)
		}
	}
	if len(askSkills) > 0 {
		known, err := target.KnownSkills(ctx, askSkills)
		if err != nil {
			return ref, fmt.Errorf("seed: look skills up: %w", err)
		}
		for id := range known {
			ref.skills[id] = true
		}
	}
	if len(askInsts) > 0 {
		known, err := target.KnownInstitutions(ctx, askInsts)
		if err != nil {
			return ref, fmt.Errorf("seed: look institutions up: %w", err)
		}
		for slug := range known {
			ref.institutions[slug] = true
		}
	}
	return ref, nil
}

func checkProgrammeReferences(programmes []programmeSeed, ref references, probs *problems) []programmeSeed {
	return slices.DeleteFunc(programmes, func(p programmeSeed) bool {
		before := len(probs.list)
		if !ref.institutions[p.in.Institution] {
			probs.add(p.src.file, p.src.line("institution"), "institution %q is not defined (or its file is broken)", p.in.Institution)
		}
		for i, id := range p.in.Skills {
			if !ref.skills[id] {
				probs.add(p.src.file, p.src.line(fmt.Sprintf("skills[%d]", i)), "skill %s is not in the taxonomy", id)
			}
		}
		return len(probs.list) > before
	})
}

func checkCourseReferences(courses []courseSeed, ref references, probs *problems) []courseSeed {
	return slices.DeleteFunc(courses, func(c courseSeed) bool {
		before := len(probs.list)
		if !ref.institutions[c.in.Institution] {
			probs.add(c.src.file, c.src.line("institution"), "institution %q is not defined (or its file is broken)", c.in.Institution)
		}
		for i, s := range c.in.Skills {
			if !ref.skills[s.Skill] {
				probs.add(c.src.file, c.src.line(fmt.Sprintf("skills[%d].skill", i)), "skill %s is not in the taxonomy", s.Skill)
			}
		}
		return len(probs.list) > before
	})
}
