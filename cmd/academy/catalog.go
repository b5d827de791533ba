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
	"academy/services/competitions"
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
		report, samples, err := a.seed(ctx, fsys)
		fmt.Println(report)
		if err != nil {
			return err
		}
		if err := a.finishSamples(ctx, samples); err != nil {
			return err
		}
		_, err = a.catalog.ReconcileIndex(ctx)
		return err
	})
}

// seed loads a content tree, the catalogue then the competitions; broken
// files are reported and skipped. It returns the seeded finished
// competitions whose sample participants finishSamples enters.
func (a *academy) seed(ctx context.Context, fsys fs.FS) (seed.Report, []seed.SampleRun, error) {
	report, err := a.seedCatalogue(ctx, fsys)
	var broken *seed.Error
	if err != nil && !errors.As(err, &broken) {
		return report, nil, err
	}
	samples, cerr := a.seedCompetitions(ctx, fsys)
	return report, samples, errors.Join(err, cerr)
}

func (a *academy) seedCatalogue(ctx context.Context, fsys fs.FS) (seed.Report, error) {
	start := time.Now()
	report, err := seed.Load(ctx, fsys, a.catalog)
	a.logBroken(err)
	a.log.Info("seed catalogue loaded", "changes", report.Changes(), "took", time.Since(start).Round(time.Millisecond))
	return report, err
}

func (a *academy) seedCompetitions(ctx context.Context, fsys fs.FS) ([]seed.SampleRun, error) {
	return a.loadCompetitions(ctx, fsys, false)
}

// loadCompetitions loads the competitions of a content tree; resuming a
// load that stopped, it also returns the seeded competitions whose samples
// were not finalised.
func (a *academy) loadCompetitions(ctx context.Context, fsys fs.FS, resume bool) ([]seed.SampleRun, error) {
	start := time.Now()
	report, err := seed.LoadCompetitions(ctx, fsys, competitionSeeds{a: a, resume: resume}, time.Now())
	a.logBroken(err)
	a.log.Info("seed competitions loaded", "competitions", report.Competitions, "took", time.Since(start).Round(time.Millisecond))
	return report.Finish, err
}

func (a *academy) logBroken(err error) {
	var broken *seed.Error
	if errors.As(err, &broken) {
		for _, p := range broken.Problems {
			a.log.Error("seed file is broken and was not loaded", "problem", p.Error())
		}
	}
}

// finishSamples enters the sample participants of seeded finished
// competitions, scores their submissions and finalises them, which awards
// their credentials.
func (a *academy) finishSamples(ctx context.Context, runs []seed.SampleRun) error {
	return seed.FinishSamples(ctx, competitionSeeds{a: a}, runs)
}

// seedIfEmpty loads the embedded seed catalogue into an empty catalogue,
// or again when a first start stopped before its seed was loaded whole,
// and reports whether it did: the competitions are then to load
// (seedCompetitionsBehind). The load is recorded first, so that a stop
// anywhere before it completes is resumed at the next start.
func (a *academy) seedIfEmpty(ctx context.Context) (bool, error) {
	empty, err := a.catalog.Empty(ctx)
	if err != nil {
		return false, err
	}
	unfinished, err := a.comps.SeedUnfinished(ctx)
	if err != nil || !empty && !unfinished {
		return false, err
	}
	if unfinished {
		a.log.Info("resuming the load of the seed catalogue a previous start did not complete")
	} else {
		a.log.Info("empty catalogue: loading the seed catalogue")
	}
	if err := a.comps.StartSeed(ctx); err != nil {
		return false, err
	}
	_, err = a.seedCatalogue(ctx, content.Files())
	return true, err
}

// seedCompetitionsBehind loads the embedded seed's competitions and their
// sample participants: after a first start's catalogue, behind the ready
// platform, as its files, scores and finalisation take a while. It records
// the seed loaded once the samples are finalised.
func (a *academy) seedCompetitionsBehind(ctx context.Context) error {
	samples, err := a.loadCompetitions(ctx, content.Files(), true)
	if err != nil {
		return err
	}
	if err := a.finishSamples(ctx, samples); err != nil {
		return err
	}
	return a.comps.FinishSeed(ctx)
}

// competitionSeeds is where the seed's competitions load (seed.CompetitionTarget
// and seed.SampleTarget): the competitions context, with their hosts from
// the catalogue and their sample participants' accounts from identity.
type competitionSeeds struct {
	a *academy
	// resume also reports as to finish the seeded competitions a load that
	// stopped left unfinalised.
	resume bool
}

func (t competitionSeeds) Host(ctx context.Context, slug string) (competitions.Host, error) {
	if slug == competitions.HostPlatform {
		return competitions.Host{Kind: competitions.HostPlatform, Name: platformName}, nil
	}
	inst, err := t.a.catalog.Institution(ctx, slug)
	if err != nil {
		return competitions.Host{}, err
	}
	return competitions.Host{Kind: competitions.HostOrg, OrgID: inst.ID, Name: inst.Name, Slug: inst.Slug}, nil
}

func (t competitionSeeds) SeedCompetition(ctx context.Context, sd competitions.Seed) (bool, error) {
	created, err := t.a.comps.SeedCompetition(ctx, sd)
	if err != nil || created || !t.resume {
		return created, err
	}
	return t.a.comps.SamplesPending(ctx, sd.Input.Slug)
}

func (t competitionSeeds) SampleAccount(ctx context.Context, email, name string) (string, error) {
	return t.a.identity.EnsureSampleAccount(ctx, email, name)
}

func (t competitionSeeds) SeedSamples(ctx context.Context, slug string, entries []competitions.SampleEntry) ([]string, error) {
	return t.a.comps.SeedSamples(ctx, slug, entries)
}

func (t competitionSeeds) FinaliseSamples(ctx context.Context, slug string, submissionIDs []string) error {
	return t.a.comps.FinaliseSamples(ctx, slug, submissionIDs)
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
