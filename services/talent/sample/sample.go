// Package sample reads the talent pool's sample data from the content files
// (talent/companies.yaml, talent/openings.yaml, talent/learners.yaml): the
// fictional companies, their openings, and the spec from which the sample
// learner profiles are generated. Everything is checked before it is
// returned, and everything is marked as sample data, so that a platform can
// load it for a demonstration and delete it again.
package sample

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// The files read, in the content files.
const (
	CompaniesFile = "talent/companies.yaml"
	OpeningsFile  = "talent/openings.yaml"
	LearnersFile  = "talent/learners.yaml"
)

// Company is a fictional company of the talent pool.
type Company struct {
	Slug        string `yaml:"slug"`
	Name        string `yaml:"name"`
	Country     string `yaml:"country"` // ISO 3166-1 alpha-2
	City        string `yaml:"city"`
	Website     string `yaml:"website"`
	Description string `yaml:"description"`
	Sample      bool   `yaml:"sample"`
}

// Pay is an opening's pay range.
type Pay struct {
	Min      float64 `yaml:"min"`
	Max      float64 `yaml:"max"`
	Currency string  `yaml:"currency"` // ISO 4217
	Period   string  `yaml:"period"`   // year, month or hour
}

// Language is a language and a CEFR level.
type Language struct {
	Code string `yaml:"code"` // ISO 639-1
	CEFR string `yaml:"cefr"` // A1 … C2
}

// Skill is a skill an opening asks for.
type Skill struct {
	Skill     string `yaml:"skill"` // ESCO skill id
	Essential bool   `yaml:"essential"`
	MinLevel  int    `yaml:"min_level"` // 0 any, 1 basic … 4 expert
}

// Opening is a sample opening of one of the companies.
type Opening struct {
	ID            string     `yaml:"id"`
	Company       string     `yaml:"company"` // a Company's slug
	Title         string     `yaml:"title"`
	Occupation    string     `yaml:"occupation"` // ESCO occupation id
	Country       string     `yaml:"country"`
	City          string     `yaml:"city"`
	RemotePolicy  string     `yaml:"remote_policy"` // on_site, hybrid or remote
	PermitSupport bool       `yaml:"permit_support"`
	Pay           Pay        `yaml:"pay"`
	StartDate     time.Time  `yaml:"start_date"`
	Languages     []Language `yaml:"languages"`
	Skills        []Skill    `yaml:"skills"`
	Description   string     `yaml:"description"` // Markdown
	Status        string     `yaml:"status"`      // draft, open or closed
	Sample        bool       `yaml:"sample"`
}

// Data is the talent pool's sample data.
type Data struct {
	Companies []Company
	Openings  []Opening
	Learners  LearnerSpec
}

// Load reads and checks the sample data of fsys (content.Files()). It
// reports every problem it finds, each with its file.
func Load(fsys fs.FS) (Data, error) {
	var d Data
	var companies struct {
		Companies []Company `yaml:"companies"`
	}
	var openings struct {
		Openings []Opening `yaml:"openings"`
	}
	var errs []error
	for _, f := range []struct {
		name string
		into any
	}{{CompaniesFile, &companies}, {OpeningsFile, &openings}, {LearnersFile, &d.Learners}} {
		if err := decodeFile(fsys, f.name, f.into); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Data{}, err
	}
	d.Companies, d.Openings = companies.Companies, openings.Openings
	if err := errors.Join(
		fileErr(CompaniesFile, checkCompanies(d.Companies)),
		fileErr(OpeningsFile, checkOpenings(d.Openings, d.Companies)),
		fileErr(LearnersFile, d.Learners.check()),
	); err != nil {
		return Data{}, err
	}
	return d, nil
}

// decodeFile decodes one YAML document, refusing unknown fields.
func decodeFile(fsys fs.FS, name string, into any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: more than one YAML document", name)
	}
	return nil
}

func fileErr(name string, errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w", name, errors.Join(errs...))
}

func checkCompanies(companies []Company) []error {
	var errs []error
	seen := map[string]bool{}
	for i, c := range companies {
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("company %d (%s): %s", i, c.Slug, fmt.Sprintf(format, args...)))
		}
		if !isSlug(c.Slug) || seen[c.Slug] {
			fail("slug missing, malformed or taken")
		}
		seen[c.Slug] = true
		if c.Name == "" || c.City == "" || c.Description == "" {
			fail("name, city and description are required")
		}
		if !isCountry(c.Country) {
			fail("country %q is not an ISO 3166-1 alpha-2 code", c.Country)
		}
		if u, err := url.Parse(c.Website); err != nil || u.Scheme != "https" || u.Host == "" {
			fail("website %q is not an https URL", c.Website)
		}
		if !c.Sample {
			fail("not marked as sample data")
		}
	}
	if len(companies) == 0 {
		errs = append(errs, errors.New("no companies"))
	}
	return errs
}

var (
	remotePolicies = []string{"on_site", "hybrid", "remote"}
	payPeriods     = []string{"year", "month", "hour"}
	statuses       = []string{"draft", "open", "closed"}
	cefrLevels     = []string{"A1", "A2", "B1", "B2", "C1", "C2"}
)

func checkOpenings(openings []Opening, companies []Company) []error {
	var errs []error
	seen := map[string]bool{}
	for i, o := range openings {
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("opening %d (%s): %s", i, o.ID, fmt.Sprintf(format, args...)))
		}
		if !isSlug(o.ID) || seen[o.ID] {
			fail("id missing, malformed or taken")
		}
		seen[o.ID] = true
		if !slices.ContainsFunc(companies, func(c Company) bool { return c.Slug == o.Company }) {
			fail("unknown company %q", o.Company)
		}
		if o.Title == "" || o.Description == "" || o.Occupation == "" {
			fail("title, occupation and description are required")
		}
		if !isCountry(o.Country) {
			fail("country %q is not an ISO 3166-1 alpha-2 code", o.Country)
		}
		if !slices.Contains(remotePolicies, o.RemotePolicy) {
			fail("remote policy %q is not one of %v", o.RemotePolicy, remotePolicies)
		}
		if o.City == "" && o.RemotePolicy != "remote" {
			fail("a city is required unless the work is remote")
		}
		// The Pay Transparency Directive: a published opening states its pay range.
		if o.Pay.Min <= 0 || o.Pay.Min > o.Pay.Max || len(o.Pay.Currency) != 3 || !slices.Contains(payPeriods, o.Pay.Period) {
			fail("pay %+v needs 0 < min ≤ max, a currency and a period (%v)", o.Pay, payPeriods)
		}
		if o.StartDate.IsZero() {
			fail("start date required")
		}
		for _, l := range o.Languages {
			if !isLanguage(l.Code) || !slices.Contains(cefrLevels, l.CEFR) {
				fail("language %+v needs an ISO 639-1 code and a CEFR level", l)
			}
		}
		essential := 0
		skills := map[string]bool{}
		for _, s := range o.Skills {
			if s.Skill == "" || skills[s.Skill] || s.MinLevel < 0 || s.MinLevel > 4 {
				fail("skill %+v missing, repeated or with a level outside 0–4", s)
			}
			skills[s.Skill] = true
			if s.Essential {
				essential++
			}
		}
		if essential == 0 {
			fail("at least one essential skill is required")
		}
		if !slices.Contains(statuses, o.Status) {
			fail("status %q is not one of %v", o.Status, statuses)
		}
		if !o.Sample {
			fail("not marked as sample data")
		}
	}
	if len(openings) == 0 {
		errs = append(errs, errors.New("no openings"))
	}
	return errs
}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

func isCountry(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

func isLanguage(c string) bool {
	return len(c) == 2 && c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z'
}
