// Package content is the seed catalogue as files: the skills taxonomy,
// institutions, programmes and courses that a fresh platform is loaded with.
package content

import (
	"embed"
	"io/fs"
)

//go:embed skills institutions programmes courses
var files embed.FS

// Files returns the seed files, rooted at the content directory
// ("skills/…", "institutions/…", "programmes/…", "courses/…").
func Files() fs.FS { return files }
