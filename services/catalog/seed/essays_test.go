package seed_test

import (
	"io/fs"
	"path"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"academy/content"
	"academy/services/grading"
)

// The seed creates its institutions without staff, so no one there could
// grade an essay: a learner's attempt would wait for a teacher forever and
// the credential never come. Credential-bearing seed courses therefore ask
// no essays.
func TestSeedCredentialCoursesAskNoEssays(t *testing.T) {
	files := content.Files()
	courses, err := fs.ReadDir(files, "courses")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range courses {
		dir := path.Join("courses", c.Name())
		course, err := fs.ReadFile(files, path.Join(dir, "course.md"))
		if err != nil {
			t.Fatal(err)
		}
		var fields struct {
			Credential bool `yaml:"credential"`
		}
		frontMatter, _, _ := strings.Cut(strings.TrimPrefix(string(course), "---\n"), "\n---")
		if err := yaml.Unmarshal([]byte(frontMatter), &fields); err != nil {
			t.Fatalf("%s/course.md: %v", dir, err)
		}
		if !fields.Credential {
			continue
		}
		checked++
		err = fs.WalkDir(files, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") || path.Base(p) == "module.yaml" {
				return err
			}
			data, err := fs.ReadFile(files, p)
			if err != nil {
				return err
			}
			var a grading.Assessment
			if err := yaml.Unmarshal(data, &a); err != nil {
				return err
			}
			for _, q := range a.Questions {
				if q.Type == grading.Essay {
					t.Errorf("%s: question %s is an essay in a credential-bearing course whose institution has no one to grade it", p, q.ID)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked == 0 {
		t.Fatal("no credential-bearing seed course found: the test reads the wrong files")
	}
}
