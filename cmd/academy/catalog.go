package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"academy/content"
	"academy/services/catalog/seed"
)

// SeedCmd loads the seed catalogue. In embedded mode, stop `academy run`
// first: the embedded database belongs to one process at a time.
type SeedCmd struct {
	Dir string `help:"Load this content tree instead of the embedded one." type:"existingdir"`
}

// Run loads the catalogue and reports what changed.
func (c SeedCmd) Run(ctx context.Context, cfg *Config) error {
	fsys := content.Files()
	if c.Dir != "" {
		fsys = os.DirFS(c.Dir)
	}
	return withAcademy(ctx, cfg, func(a *academy) error {
		report, err := a.seed(ctx, fsys)
		fmt.Println(report)
		if err != nil {
			return err
		}
		_, err = a.catalog.ReconcileIndex(ctx)
		return err
	})
}

// seed loads a content tree; broken files are reported and skipped.
func (a *academy) seed(ctx context.Context, fsys fs.FS) (seed.Report, error) {
	start := time.Now()
	report, err := seed.Load(ctx, fsys, a.catalog)
	var broken *seed.Error
	if errors.As(err, &broken) {
		for _, p := range broken.Problems {
			a.log.Error("seed file is broken and was not loaded", "problem", p.Error())
		}
	}
	a.log.Info("seed catalogue loaded", "changes", report.Changes(), "took", time.Since(start).Round(time.Millisecond))
	return report, err
}

// seedIfEmpty loads the embedded seed catalogue into an empty catalogue.
func (a *academy) seedIfEmpty(ctx context.Context) error {
	empty, err := a.catalog.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	a.log.Info("empty catalogue: loading the seed catalogue")
	_, err = a.seed(ctx, content.Files())
	return err
}

// ReindexCmd rebuilds every search index from the database, every kind of document.
type ReindexCmd struct{}

// Run rebuilds every index with a progress bar and reports counts.
func (ReindexCmd) Run(ctx context.Context, cfg *Config) error {
	return withAcademy(ctx, cfg, func(a *academy) error {
		var bar *progressbar.ProgressBar
		start := time.Now()
		counts, err := a.indexer.Reindex(ctx, func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetDescription("indexing"),
					progressbar.OptionShowCount(), progressbar.OptionSetWriter(os.Stderr), progressbar.OptionThrottle(100*time.Millisecond))
			}
			_ = bar.Set(done)
		})
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(os.Stderr)
		}
		if err != nil {
			return err
		}
		fmt.Printf("reindexed %v in %s\n", counts, time.Since(start).Round(time.Millisecond))
		return nil
	})
}

// SkillsCmd manages the skills taxonomy.
type SkillsCmd struct {
	Import SkillsImportCmd `cmd:"" help:"Import skills from the official ESCO CSV export (skills_en.csv)."`
}

// SkillsImportCmd imports an ESCO skills file.
type SkillsImportCmd struct {
	File string `arg:"" help:"Path to skills_en.csv from the ESCO download." type:"existingfile"`
}

// Run imports the file, keeping existing French and German labels.
func (c SkillsImportCmd) Run(ctx context.Context, cfg *Config) error {
	f, err := os.Open(c.File)
	if err != nil {
		return err
	}
	defer f.Close()
	return withAcademy(ctx, cfg, func(a *academy) error {
		n, err := a.catalog.ImportESCO(ctx, f)
		if err != nil {
			return err
		}
		fmt.Printf("imported %d skills from %s\n", n, c.File)
		return nil
	})
}

// OccupationsCmd manages the occupations.
type OccupationsCmd struct {
	Import OccupationsImportCmd `cmd:"" help:"Import occupations, and optionally their skills, from the official ESCO CSV export."`
}

// OccupationsImportCmd imports an ESCO occupations file and its relations file.
type OccupationsImportCmd struct {
	File      string `arg:"" help:"Path to occupations_en.csv from the ESCO download." type:"existingfile"`
	Relations string `help:"Path to occupationSkillRelations.csv from the ESCO download: replaces the imported occupations' skills." type:"existingfile"`
}

// Run imports the occupations, then their relations to the skills of the
// taxonomy (import the skills first), and reports what was dropped.
func (c OccupationsImportCmd) Run(ctx context.Context, cfg *Config) error {
	occs, err := os.Open(c.File)
	if err != nil {
		return err
	}
	defer occs.Close()
	var rels *os.File
	if c.Relations != "" {
		if rels, err = os.Open(c.Relations); err != nil {
			return err
		}
		defer rels.Close()
	}
	return withAcademy(ctx, cfg, func(a *academy) error {
		n, err := a.catalog.ImportESCOOccupations(ctx, occs)
		if err != nil {
			return err
		}
		fmt.Printf("imported %d occupations from %s\n", n, c.File)
		if rels == nil {
			return nil
		}
		res, err := a.catalog.ImportESCOOccupationSkills(ctx, rels)
		if err != nil {
			return err
		}
		fmt.Printf("imported the skills of %d occupations from %s: %d essential and %d optional relations; "+
			"dropped %d whose skill is not in the taxonomy and %d of occupations not stored\n",
			res.Written, c.Relations, res.Essential, res.Optional, res.Dropped, res.UnknownOccupation)
		return nil
	})
}
