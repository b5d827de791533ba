// Package bluecard reads the EU Blue Card salary thresholds of the content
// files (talent/bluecard.json) and tells whether the pay an opening offers
// meets the threshold of its country. Every figure carries its year and the
// source it was read from, so that a person can check it.
package bluecard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"slices"
	"strings"
)

// File is the thresholds' path in the content files.
const File = "talent/bluecard.json"

// Periods a figure or a pay is stated in.
const (
	PeriodYear  = "year"
	PeriodMonth = "month"
	PeriodHour  = "hour"
)

// Threshold is one country's (or region's) Blue Card minimum gross salary
// for one year, as its source states it.
type Threshold struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2
	// Region is set where the threshold differs by region (Belgium).
	Region  string  `json:"region,omitempty"`
	Year    int     `json:"year"`
	General float64 `json:"general"`
	// Shortage is the lower threshold of shortage occupations and recent
	// graduates; 0 where the country has none.
	Shortage float64 `json:"shortage,omitempty"`
	Currency string  `json:"currency"` // ISO 4217
	Period   string  `json:"period"`   // PeriodYear or PeriodMonth
	Source   string  `json:"source"`   // the page the figures were read from
	// LegalBasis names the act the source cites.
	LegalBasis string `json:"legal_basis,omitempty"`
	Note       string `json:"note,omitempty"`
}

// Annual returns the yearly threshold: the shortage one when shortage is
// true and the country has one, the general one otherwise.
func (t Threshold) Annual(shortage bool) float64 {
	v := t.General
	if shortage && t.Shortage > 0 {
		v = t.Shortage
	}
	if t.Period == PeriodMonth {
		v *= 12
	}
	return math.Round(v*100) / 100
}

// Absent is a member state that issues no Blue Card.
type Absent struct {
	Country string `json:"country"`
	Source  string `json:"source"`
	Note    string `json:"note,omitempty"`
}

// Table is the content of the thresholds file.
type Table struct {
	About            string      `json:"about"`
	Thresholds       []Threshold `json:"thresholds"`
	NotParticipating []Absent    `json:"not_participating"`
}

// Load reads and checks the thresholds file of fsys (content.Files()).
func Load(fsys fs.FS) (Table, error) {
	data, err := fs.ReadFile(fsys, File)
	if err != nil {
		return Table{}, fmt.Errorf("read Blue Card thresholds: %w", err)
	}
	t, err := Parse(data)
	if err != nil {
		return Table{}, fmt.Errorf("%s: %w", File, err)
	}
	return t, nil
}

// Parse decodes and checks a thresholds file: every figure positive with a
// year, a currency, a period and an https source; one figure per country,
// region and year.
func Parse(data []byte) (Table, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t Table
	if err := dec.Decode(&t); err != nil {
		return Table{}, fmt.Errorf("decode: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, th := range t.Thresholds {
		fail := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("threshold %d (%s %s %d): %s", i, th.Country, th.Region, th.Year, fmt.Sprintf(format, args...)))
		}
		key := fmt.Sprintf("%s/%s/%d", th.Country, th.Region, th.Year)
		switch {
		case !isCountry(th.Country):
			fail("country is not an ISO 3166-1 alpha-2 code")
		case seen[key]:
			fail("a second figure for the same country, region and year")
		case th.Year < 2021 || th.Year > 2100:
			fail("year out of range")
		case th.General <= 0:
			fail("general threshold must be positive")
		case th.Shortage < 0 || th.Shortage != 0 && th.Shortage >= th.General:
			fail("shortage threshold must be below the general one")
		case len(th.Currency) != 3 || strings.ToUpper(th.Currency) != th.Currency:
			fail("currency is not an ISO 4217 code")
		case th.Period != PeriodYear && th.Period != PeriodMonth:
			fail("period must be %s or %s", PeriodYear, PeriodMonth)
		case !isHTTPS(th.Source):
			fail("source must be an https URL")
		}
		seen[key] = true
	}
	for i, a := range t.NotParticipating {
		if !isCountry(a.Country) || !isHTTPS(a.Source) {
			errs = append(errs, fmt.Errorf("not participating %d (%s): needs a country code and an https source", i, a.Country))
		}
	}
	if len(t.Thresholds) == 0 {
		errs = append(errs, errors.New("no thresholds"))
	}
	if err := errors.Join(errs...); err != nil {
		return Table{}, err
	}
	return t, nil
}

func isCountry(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

func isHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

// For returns the threshold of a country: its latest year and, where it
// differs by region, the highest of that year's regions, since an opening
// states its country and city but not its region.
func (t Table) For(country string) (Threshold, bool) {
	var best Threshold
	found := false
	for _, th := range t.Thresholds {
		if th.Country != country {
			continue
		}
		if !found || th.Year > best.Year || th.Year == best.Year && th.Annual(false) > best.Annual(false) {
			best, found = th, true
		}
	}
	return best, found
}

// Participates reports whether a country issues the Blue Card, as far as
// the file knows: false only for the countries it lists as not taking part.
func (t Table) Participates(country string) bool {
	return !slices.ContainsFunc(t.NotParticipating, func(a Absent) bool { return a.Country == country })
}

// Pay is what an opening offers.
type Pay struct {
	Min, Max float64
	Currency string // ISO 4217
	Period   string // PeriodYear, PeriodMonth or PeriodHour
}

// Check is how an opening's pay compares with its country's threshold.
type Check struct {
	Country   string  `json:"country"`
	Region    string  `json:"region,omitempty"`
	Year      int     `json:"year"`
	Threshold float64 `json:"threshold"` // per year
	Currency  string  `json:"currency"`
	// Meets is true when the lowest pay offered, over a year, reaches the threshold.
	Meets  bool   `json:"meets"`
	Source string `json:"source"`
}

// Check compares the lowest pay of the range with the yearly threshold of
// the country (the shortage one when shortage is true). There is no check
// (false) when the file has no figure for the country, when the pay is in
// another currency, or when it is paid by the hour, for want of the hours
// worked.
func (t Table) Check(country string, pay Pay, shortage bool) (Check, bool) {
	th, ok := t.For(country)
	if !ok || pay.Currency != th.Currency {
		return Check{}, false
	}
	var annual float64
	switch pay.Period {
	case PeriodYear:
		annual = pay.Min
	case PeriodMonth:
		annual = pay.Min * 12
	default:
		return Check{}, false
	}
	threshold := th.Annual(shortage)
	return Check{
		Country: th.Country, Region: th.Region, Year: th.Year, Threshold: threshold, Currency: th.Currency,
		Meets: annual >= threshold, Source: th.Source,
	}, true
}
