package frontend

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFilesServeTheBuiltApp checks the build embedded from dist/, which
// `make build` produces before compiling; without one, Files must say so.
func TestFilesServeTheBuiltApp(t *testing.T) {
	web, built := Files()
	if _, err := os.Stat("dist/index.html"); err != nil {
		if built {
			t.Fatalf("no dist/index.html on disk, yet Files reports a build")
		}
		return
	}
	if !built {
		t.Fatal("dist/index.html is on disk, yet Files reports no build")
	}
	index, err := fs.ReadFile(web, "index.html")
	if err != nil {
		t.Fatalf("read index.html: %v", err)
	}
	html := string(index)
	for _, want := range []string{"<!--academy:head-->", "<title>Academy</title>", `<meta name="description"`, `<div id="root">`} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q; rebuild with npm run build", want)
		}
	}
	head, _, _ := strings.Cut(html, "</head>")
	if !strings.Contains(head, "<!--academy:head-->") {
		t.Error("the <!--academy:head--> marker must be inside <head>")
	}

	scripts, err := fs.Glob(web, "assets/*.js")
	if err != nil {
		t.Fatalf("list assets: %v", err)
	}
	if len(scripts) == 0 {
		t.Error("no JavaScript assets embedded; rebuild with npm run build")
	}
}

// TestPickServesTheBuildOrSaysItIsMissing checks which index.html the binary
// serves: the web app's when it was built, otherwise a page telling how to
// build it, also when a build was interrupted before writing index.html.
func TestPickServesTheBuildOrSaysItIsMissing(t *testing.T) {
	notBuilt, err := os.ReadFile("dist-missing/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(notBuilt), "make build") || !strings.Contains(string(notBuilt), "npm run build --prefix frontend") {
		t.Fatalf("the page for a missing build does not say how to build it:\n%s", notBuilt)
	}
	missing := &fstest.MapFile{Data: notBuilt}
	cases := []struct {
		name  string
		files fstest.MapFS
		built bool
		want  string
	}{
		{"built", fstest.MapFS{"dist/index.html": {Data: []byte("<html>the app")}, "dist/assets/a.js": {}, "dist-missing/index.html": missing}, true, "the app"},
		{"not built", fstest.MapFS{"dist-missing/index.html": missing}, false, "The web app was not built"},
		{"interrupted build", fstest.MapFS{"dist/assets/a.js": {}, "dist-missing/index.html": missing}, false, "The web app was not built"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			web, built := pick(tc.files)
			index, err := fs.ReadFile(web, "index.html")
			if err != nil || built != tc.built || !strings.Contains(string(index), tc.want) {
				t.Fatalf("pick = built %v, index.html %q (%v); want built %v and %q", built, index, err, tc.built, tc.want)
			}
		})
	}
}

// TestPlainGoBuildWithoutTheWebAppBuild compiles and vets this package as a
// fresh clone has it, without dist/: the embed pattern must not fail.
func TestPlainGoBuildWithoutTheWebAppBuild(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to check a fresh clone's build: %v", err)
	}
	clone := t.TempDir()
	copyFile(t, "../go.mod", filepath.Join(clone, "go.mod"))
	copyFile(t, "../go.sum", filepath.Join(clone, "go.sum"))
	copyFile(t, "embed.go", filepath.Join(clone, "frontend", "embed.go"))
	copyFile(t, "dist-missing/index.html", filepath.Join(clone, "frontend", "dist-missing", "index.html"))
	for _, args := range [][]string{{"build", "./frontend"}, {"vet", "./frontend"}} {
		cmd := exec.Command(goBin, args...)
		cmd.Dir = clone
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s without frontend/dist: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
