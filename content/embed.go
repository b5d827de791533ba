// Package content is the seed catalogue as files: the skills taxonomy, the
// occupations, institutions, programmes, courses and competitions that a
// fresh platform is loaded with.
package content

import (
	"embed"
	"io/fs"
)

//go:embed skills occupations institutions programmes courses competitions talent
var files embed.FS

// Files returns the seed files, rooted at the content directory
// ("skills/…", "occupations/…", "institutions/…", "programmes/…", "courses/…",
// "competitions/…", "talent/…").
func Files() fs.FS { return files }
