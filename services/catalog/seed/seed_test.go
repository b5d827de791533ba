package seed_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"academy/content"
	"academy/services/catalog"
	"academy/services/catalog/seed"
	"academy/services/kit/apperr"
	"academy/services/kit/auth"
	"academy/services/kit/guarded"
	"academy/services/kit/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// orgs is an in-memory stand-in for the identity context's organisations.
type orgs struct {
	mu      sync.Mutex
	ensured map[string]int // slug → calls to EnsureVerifiedOrg
}

func (o *orgs) IsVerifiedStaff(context.Context, string, string) (bool, error) { return false, nil }

func (o *orgs) EnsureVerifiedOrg(_ context.Context, slug, _, _, _, _, _ string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ensured[slug]++
	return "org-" + slug, nil
}

func newService(t *testing.T) (*catalog.Service, *orgs) {
	t.Helper()
	db := testenv.DB(t)
	w, err := guarded.New(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	store := catalog.NewStore(db, w)
	if err := store.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	o := &orgs{ensured: map[string]int{}}
	return catalog.NewService(store, o, nil, nil, nil, nil), o
}

var admin = auth.Principal{UserID: "admin", Admin: true}

func load(t *testing.T, svc *catalog.Service, fsys fs.FS) seed.Report {
	t.Helper()
	report, err := seed.Load(context.Background(), fsys, svc)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return report
}

func TestLoadContent(t *testing.T) {
	svc, orgs := newService(t)
	ctx := context.Background()
	first := load(t, svc, content.Files())
	if first.SkillsWritten < 1000 || first.Institutions.Created < 10 || first.Programmes.Created < 30 || first.Courses.Created < 1 || first.CourseVersions != first.Courses.Created {
		t.Errorf("first load %v, want the whole catalogue created with one version per course", first)
	}
	second := load(t, svc, content.Files())
	if second.Changes() != 0 || second.CourseVersions != 0 || second.Courses.Unchanged != first.Courses.Created {
		t.Errorf("second load %v, want no changes", second)
	}
	for slug, n := range orgs.ensured {
		if n != 1 {
			t.Errorf("organisation %s was verified %d times, want once", slug, n)
		}
	}

	ml, err := svc.Skill(ctx, "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43")
	if err != nil {
		t.Fatal(err)
	}
	if ml.Labels["en"] != "machine learning" || ml.Labels["fr"] == "" || ml.Labels["de"] == "" {
		t.Errorf("machine learning has labels %v, want English, French and German", ml.Labels)
	}
	if first.OccupationsRead != 182 || first.Occupations != (catalog.OccupationLoad{Written: 182, Essential: 1632, Optional: 3814, Dropped: 4351}) {
		t.Errorf("first load read %d occupations and stored %+v, want 182 with the 5,446 of 9,797 relations whose skill is in the taxonomy", first.OccupationsRead, first.Occupations)
	}
	if second.Occupations.Written != 0 || second.Occupations.Dropped != first.Occupations.Dropped {
		t.Errorf("second load stored occupations %+v, want none written", second.Occupations)
	}
	scientist, err := svc.Occupation(ctx, "258e46f9-0075-4a2e-adae-1ff0477e0f30", "de")
	if err != nil {
		t.Fatal(err)
	}
	if scientist.Label != "data scientist" || scientist.ISCOGroupLabel != "Systems analysts" || !slices.ContainsFunc(scientist.Essential, func(s catalog.SkillView) bool { return s.Label == "Datenbereinigung durchführen" }) {
		t.Errorf("data scientist %+v with essential skills %v, want its ISCO group and data cleansing labelled in German", scientist.Occupation, scientist.Essential)
	}
	prog, err := svc.Programme(ctx, auth.Anonymous, "msc-artificial-intelligence-belfry")
	if err != nil {
		t.Fatal(err)
	}
	if prog.Status != catalog.StatusPublished || prog.Institution != "belfry-university" || len(prog.Tuition) != 2 || prog.Intakes[0].Start != "2027-09-20" {
		t.Errorf("programme %+v, want the published Belfry master with its intakes and fees", prog)
	}
	body, err := svc.PublicCourse(ctx, "ai-literacy-for-everyone")
	if err != nil {
		t.Fatal(err)
	}
	var course catalog.CourseView
	if err := json.Unmarshal(body, &course); err != nil {
		t.Fatal(err)
	}
	if course.Version != 1 || len(course.Modules) < 3 || !course.Credential || course.Description == "" {
		t.Errorf("course has version %d, %d modules, credential %v: want version 1 of the credential course with its modules and description", course.Version, len(course.Modules), course.Credential)
	}
}

// fixture returns the files under testdata/dir as an editable file system.
func fixture(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	root := os.DirFS(filepath.Join("testdata", dir))
	out := fstest.MapFS{}
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		out[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func edit(t *testing.T, fsys fstest.MapFS, file, old, new string) {
	t.Helper()
	data := string(fsys[file].Data)
	if !strings.Contains(data, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(data, old, new, 1))}
}

func TestLoadIsIdempotentAndFollowsEdits(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	fsys := fixture(t, "good")
	first := load(t, svc, fsys)
	want := seed.Report{SkillsRead: 3, SkillsWritten: 3, Institutions: seed.Counts{Created: 1}, Programmes: seed.Counts{Created: 1}, Courses: seed.Counts{Created: 1}, CourseVersions: 1}
	if first != want {
		t.Errorf("first load %v, want %v", first, want)
	}
	ml, err := svc.Skill(ctx, "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43")
	if err != nil {
		t.Fatal(err)
	}
	if ml.Labels["fr"] != "apprentissage automatique" || ml.Labels["de"] != "maschinelles Lernen" || !slices.Equal(ml.AltLabels["en"], []string{"ML", "statistical learning"}) ||
		!slices.Equal(ml.Broader, []string{"e465a154-93f7-4973-9ce1-31659fe16dd2"}) {
		t.Errorf("skill %+v: want official French label kept over the extra one, German added, alternatives split and the broader skill", ml)
	}

	cases := []struct {
		name, file, old, new string
		want                 seed.Report
	}{
		{"nothing changed", "", "", "", seed.Report{SkillsRead: 3, Institutions: seed.Counts{Unchanged: 1}, Programmes: seed.Counts{Unchanged: 1}, Courses: seed.Counts{Unchanged: 1}}},
		{"a course field changed", "courses/acme-intro/course.md", "What AI is and how it learns.", "What AI is.",
			seed.Report{SkillsRead: 3, Institutions: seed.Counts{Unchanged: 1}, Programmes: seed.Counts{Unchanged: 1}, Courses: seed.Counts{Updated: 1}}},
		{"a lesson changed", "courses/acme-intro/01-basics/01-welcome.md", "AI systems learn from data.", "AI systems learn patterns from data.",
			seed.Report{SkillsRead: 3, Institutions: seed.Counts{Unchanged: 1}, Programmes: seed.Counts{Unchanged: 1}, Courses: seed.Counts{Updated: 1}, CourseVersions: 1}},
		{"a programme and a skill changed", "programmes/acme-msc-ai.yaml", "Two years of machine learning.", "Two years of AI.",
			seed.Report{SkillsRead: 3, Institutions: seed.Counts{Unchanged: 1}, Programmes: seed.Counts{Updated: 1}, Courses: seed.Counts{Unchanged: 1}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.file != "" {
				edit(t, fsys, tc.file, tc.old, tc.new)
			}
			if got := load(t, svc, fsys); got != tc.want {
				t.Errorf("load %v, want %v", got, tc.want)
			}
		})
	}
	body, err := svc.PublicCourse(ctx, "acme-intro")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), "AI systems learn patterns from data.") || !strings.Contains(string(body), `"version":2`) {
		t.Errorf("the published course is not version 2 with the edited lesson: %s", body)
	}
}

func TestLoadReportsBrokenFiles(t *testing.T) {
	svc, _ := newService(t)
	ctx := context.Background()
	report, err := seed.Load(ctx, os.DirFS("testdata/broken"), svc)
	var serr *seed.Error
	if !errors.As(err, &serr) {
		t.Fatalf("load returned %v, want a *seed.Error", err)
	}
	want := []string{
		"courses/broken-course/01-m/02-quiz.yaml:9: questions[0].prompt: is required",
		"courses/broken-course/01-m/module.yaml:1: title is required",
		"courses/broken-course/course.md:6: level: must be one of beginner, intermediate, advanced",
		"courses/credential-gap/course.md:20: quality_assurance: a micro-credential needs the type of quality assurance",
		"institutions/bad-kind.yaml:3: kind: must be one of university, provider",
		"programmes/bad-values.yaml:17: intakes[0].deadline_eu: must be a date as YYYY-MM-DD",
		"programmes/bad-values.yaml:21: tuition[1].currency: must be one of",
		`programmes/orphan.yaml:3: institution "bad-kind" is not defined (or its file is broken)`,
		"programmes/syntax.yaml:2: ",
		"programmes/unknown-field.yaml:15: unknown field colour",
		"skills/labels_extra.csv:3: skill 00000000-0000-4000-8000-000000000000 is not in skills/esco_digital_skills.csv",
	}
	var got []string
	for _, p := range serr.Problems {
		got = append(got, p.Error())
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for _, w := range want {
		// A want ending in a space or "of" is a prefix; the others are the whole problem.
		matches := func(g string) bool {
			return g == w || (strings.HasSuffix(w, " ") || strings.HasSuffix(w, "of")) && strings.HasPrefix(g, w)
		}
		if !slices.ContainsFunc(got, matches) {
			t.Errorf("no problem reads %q; got:\n%s", w, strings.Join(got, "\n"))
		}
	}

	if report.Institutions.Created != 1 || report.Programmes.Created != 1 || report.Courses.Created != 0 || report.SkillsWritten != 3 {
		t.Errorf("report %v, want the valid institution, programme and skills loaded and no course", report)
	}
	if _, err := svc.Programme(ctx, admin, "acme-msc-ai"); err != nil {
		t.Errorf("the valid programme was not loaded: %v", err)
	}
	for _, slug := range []string{"unknown-field", "bad-values", "orphan", "syntax"} {
		if _, err := svc.Programme(ctx, admin, slug); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("broken programme %s: lookup gave %v, want not found", slug, err)
		}
	}
	for _, slug := range []string{"broken-course", "credential-gap"} {
		if _, err := svc.DraftCourse(ctx, admin, slug); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("broken course %s: lookup gave %v, want not found (nothing written)", slug, err)
		}
	}
	ml, err := svc.Skill(ctx, "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43")
	if err != nil || ml.Labels["de"] != "" {
		t.Errorf("skill %+v (%v): want it loaded without the labels of the broken labels file", ml, err)
	}
}
