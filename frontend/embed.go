// Package frontend holds the built web app so the academy binary can serve it.
// Run `npm ci && npm run build` in this directory before building Go: the
// embedded files come from dist/.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the built web app rooted at dist: index.html and assets/.
func Files() fs.FS {
	files, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "dist" is valid.
		panic(err)
	}
	return files
}
