package frontend

import (
	"io/fs"
	"strings"
	"testing"
)

func TestFilesServeTheBuiltApp(t *testing.T) {
	index, err := fs.ReadFile(Files(), "index.html")
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

	scripts, err := fs.Glob(Files(), "assets/*.js")
	if err != nil {
		t.Fatalf("list assets: %v", err)
	}
	if len(scripts) == 0 {
		t.Error("no JavaScript assets embedded; rebuild with npm run build")
	}
}
