package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"academy/content"
	"academy/services/credentials"
	"academy/services/identity"
	"academy/services/talent"
	"academy/services/talent/matching"
	"academy/services/talent/sample"
)

// TalentCmd manages the talent pool: its sample data and its matches.
type TalentCmd struct {
	Recompute     TalentRecomputeCmd     `cmd:"" help:"Match every open opening against every learner in the pool again, from scratch."`
	LoadSamples   TalentLoadSamplesCmd   `cmd:"" help:"Load the sample companies, openings and learner profiles of content/talent (never loaded on its own)."`
	DeleteSamples TalentDeleteSamplesCmd `cmd:"" help:"Delete every sample company, opening and learner, with their accounts, credentials, profiles, matches and index entries."`
}

// TalentLoadSamplesCmd loads the talent pool's sample data.
type TalentLoadSamplesCmd struct{}

// Run loads the samples and reports what it loaded.
func (TalentLoadSamplesCmd) Run(ctx context.Context, cfg *Config) error {
	return withAcademy(ctx, cfg, func(a *academy) error {
		start := time.Now()
		data, err := sample.Load(content.Files())
		if err != nil {
			return err
		}
		r, err := a.loadTalentSamples(ctx, data, time.Now())
		if err != nil {
			return err
		}
		fmt.Printf("loaded %d sample companies, %d openings (%d open), %d learners with %d credentials in %s\n",
			r.companies, r.openings, r.open, r.learners, r.credentials, time.Since(start).Round(time.Millisecond))
		return nil
	})
}

// TalentRecomputeCmd recomputes every match of the talent pool.
type TalentRecomputeCmd struct{}

// Run recomputes the matches and reports how many pairs it scored.
func (TalentRecomputeCmd) Run(ctx context.Context, cfg *Config) error {
	return withAcademy(ctx, cfg, func(a *academy) error {
		start := time.Now()
		r, err := a.talent.RecomputeAll(ctx)
		if err != nil {
			return err
		}
		fmt.Printf("scored %d openings against %d learners: %d matches in %s\n", r.Openings, r.Candidates, r.Matches, time.Since(start).Round(time.Millisecond))
		return nil
	})
}

// TalentDeleteSamplesCmd deletes the talent pool's sample data.
type TalentDeleteSamplesCmd struct{}

// Run deletes the samples and reports what it deleted.
func (TalentDeleteSamplesCmd) Run(ctx context.Context, cfg *Config) error {
	return withAcademy(ctx, cfg, func(a *academy) error {
		data, err := sample.Load(content.Files())
		if err != nil {
			return err
		}
		r, err := a.deleteTalentSamples(ctx, data)
		if err != nil {
			return err
		}
		fmt.Printf("deleted %d sample companies, %d openings, %d learners with %d credentials\n", r.companies, r.openings, r.learners, r.credentials)
		return nil
	})
}

// samplesReport counts what a load or a deletion of the samples touched.
type samplesReport struct {
	companies, openings, open, learners, credentials int
}

// sampleGrade is the grade of a sample learner's completed courses.
const sampleGrade = 82

// loadTalentSamples loads the sample companies as verified companies, their
// openings, and the sample learners: an account no password opens, a
// credential for each course of their track issued as a completion's is,
// and a profile in the pool; then matches them. The catalogue is seeded
// first when empty, as the tracks name its courses.
func (a *academy) loadTalentSamples(ctx context.Context, data sample.Data, now time.Time) (samplesReport, error) {
	var r samplesReport
	if _, err := a.seedIfEmpty(ctx); err != nil {
		return r, err
	}
	orgs := map[string]string{}
	names := map[string]string{}
	for _, c := range data.Companies {
		id, err := a.identity.EnsureVerifiedOrg(ctx, c.Slug, c.Name, identity.KindCompany, c.Country, c.Website, c.Description)
		if err != nil {
			return r, err
		}
		orgs[c.Slug], names[c.Slug] = id, c.Name
		r.companies++
	}
	var openings []string
	for _, o := range data.Openings {
		id, err := a.talent.LoadSampleOpening(ctx, talent.SampleOpening{Key: o.ID, OrgID: orgs[o.Company], OrgName: names[o.Company],
			Open: o.Status == talent.OpeningOpen, Input: openingInput(o)})
		if err != nil {
			return r, err
		}
		r.openings++
		if o.Status == talent.OpeningOpen {
			openings = append(openings, id)
			r.open++
		}
	}
	learners := data.Learners.Generate()
	courses := map[string]string{}
	for _, l := range learners {
		for _, slug := range l.Courses {
			if courses[slug] != "" {
				continue
			}
			c, err := a.catalog.CourseBySlug(ctx, slug)
			if err != nil {
				return r, fmt.Errorf("course %s of track %s: %w", slug, l.Track, err)
			}
			courses[slug] = c.ID
		}
	}
	// Each learner waits on the database, one write after another: several
	// at once keep it busy.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(sampleLoaders)
	var issued atomic.Int64
	for _, l := range learners {
		g.Go(func() error {
			n, err := a.loadSampleLearner(gctx, l, courses, now)
			issued.Add(int64(n))
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return r, err
	}
	r.learners, r.credentials = len(learners), int(issued.Load())
	if err := a.talent.MatchSamples(ctx); err != nil {
		return r, err
	}
	// The openings are matched against the rest of the pool too.
	for _, id := range openings {
		if err := a.talent.MatchOpening(ctx, id); err != nil {
			return r, err
		}
	}
	return r, nil
}

// sampleLoaders is how many sample learners load at once.
const sampleLoaders = 8

// loadSampleLearner opens a sample learner's account, issues the
// credentials of their track's courses (ids by slug in courses) and puts
// their profile in the pool; it returns how many credentials it issued.
func (a *academy) loadSampleLearner(ctx context.Context, l sample.Learner, courses map[string]string, now time.Time) (int, error) {
	userID, err := a.identity.EnsureSampleAccount(ctx, l.Email, l.Name)
	if err != nil {
		return 0, err
	}
	for i, slug := range l.Courses {
		src := credentials.AwardSource{Kind: credentials.SourceCourseCompletion, ID: "sample-" + l.Key + "-" + slug, LearnerID: userID,
			SubjectID: courses[slug], Grade: sampleGrade, At: now.AddDate(0, 0, -30*(len(l.Courses)-i))}
		if _, err := a.creds.Issue(ctx, src); err != nil {
			return i, fmt.Errorf("credential of %s for %s: %w", l.Key, slug, err)
		}
	}
	return len(l.Courses), a.talent.LoadSampleProfile(ctx, userID, profileInput(l, now))
}

// deleteTalentSamples deletes what loadTalentSamples loaded.
func (a *academy) deleteTalentSamples(ctx context.Context, data sample.Data) (samplesReport, error) {
	var r samplesReport
	var err error
	if r.learners, r.openings, err = a.talent.DeleteSamples(ctx); err != nil {
		return r, err
	}
	for _, l := range data.Learners.Generate() {
		userID, err := a.identity.DeleteSampleAccount(ctx, l.Email)
		if err != nil {
			return r, err
		}
		if userID == "" {
			continue
		}
		n, err := a.creds.DeleteSampleHolder(ctx, userID)
		if err != nil {
			return r, err
		}
		r.credentials += n
	}
	for _, c := range data.Companies {
		deleted, err := a.identity.DeleteSeedOrg(ctx, c.Slug)
		if err != nil {
			return r, err
		}
		if deleted {
			r.companies++
		}
	}
	return r, nil
}

// openingInput is a sample opening as its company would write it.
func openingInput(o sample.Opening) talent.OpeningInput {
	in := talent.OpeningInput{Title: o.Title, Description: o.Description, Occupation: &talent.Ref{ID: o.Occupation}, Country: o.Country, City: o.City,
		RemotePolicy: o.RemotePolicy, PermitSupport: o.PermitSupport, StartDate: o.StartDate.Format(time.DateOnly),
		Pay: talent.Pay{Min: o.Pay.Min, Max: o.Pay.Max, Currency: o.Pay.Currency, Period: o.Pay.Period}}
	for _, l := range o.Languages {
		in.Languages = append(in.Languages, matching.Language{Code: l.Code, CEFR: l.CEFR})
	}
	for _, s := range o.Skills {
		in.Skills = append(in.Skills, talent.RequiredSkill{Skill: s.Skill, Essential: s.Essential, MinLevel: s.MinLevel})
	}
	return in
}

// profileInput is a sample learner's profile, everything visible to companies.
func profileInput(l sample.Learner, now time.Time) talent.ProfileInput {
	in := talent.ProfileInput{Headline: l.Headline, Country: l.Country, Places: l.Places, Remote: l.Remote,
		AvailableFrom:     now.AddDate(0, 0, l.AvailableIn).Format(time.DateOnly),
		WorkAuthorisation: talent.WorkAuthorisation{RightToWork: l.RightToWork, NeedsPermit: l.NeedsPermit},
		Visible:           talent.Visibility{Headline: true, Languages: true, Location: true, Availability: true, SelfDeclared: true}}
	for _, occ := range l.Occupations {
		in.Occupations = append(in.Occupations, talent.Ref{ID: occ})
	}
	for _, lang := range l.Languages {
		in.Languages = append(in.Languages, matching.Language{Code: lang.Code, CEFR: lang.CEFR})
	}
	for _, d := range l.SelfDeclared {
		in.SelfDeclared = append(in.SelfDeclared, talent.DeclaredSkill{Skill: d.Skill, Level: d.Level})
	}
	return in
}
