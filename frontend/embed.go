// Package frontend holds the built web app so the academy binary can serve it.
// `make web` (npm ci && npm run build in this directory) writes the build to
// dist/. A plain `go build` without it still works: the binary then serves
// dist-missing/, a page saying the web app was not built and how to build it.
package frontend

import (
	"embed"
	"io/fs"
)

// The pattern matches dist/ once built and dist-missing/ always, so that it
// never fails for want of a build.
//
//go:embed all:dist*
var files embed.FS

// Files returns the built web app rooted at its index.html and assets/, and
// built true; or, when the binary was compiled without the build, the page
// saying so as index.html, and built false.
func Files() (web fs.FS, built bool) {
	return pick(files)
}

// pick chooses dist/ when it holds a build, dist-missing/ otherwise.
func pick(files fs.FS) (fs.FS, bool) {
	if _, err := fs.Stat(files, "dist/index.html"); err == nil {
		return sub(files, "dist"), true
	}
	return sub(files, "dist-missing"), false
}

func sub(files fs.FS, dir string) fs.FS {
	web, err := fs.Sub(files, dir)
	if err != nil {
		// fs.Sub fails only for an invalid path, and dir is valid.
		panic(err)
	}
	return web
}
