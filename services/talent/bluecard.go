package talent

import (
	"encoding/json"
	"fmt"
	"net/url"
)

// Threshold is the EU Blue Card gross annual salary threshold of a country
// for a year, with where the figure comes from.
type Threshold struct {
	Country string `json:"country"`
	Year    int    `json:"year"`
	// General is the threshold for most occupations; Shortage the lower one
	// for shortage occupations and recent graduates.
	General  float64 `json:"general"`
	Shortage float64 `json:"shortage"`
	Currency string  `json:"currency"`
	Source   string  `json:"source"`
}

// BlueCard is the table of thresholds (content/talent/bluecard.json).
type BlueCard struct {
	Thresholds []Threshold `json:"thresholds"`
}

// ParseBlueCard reads the table of thresholds, refusing a figure without its source or year.
func ParseBlueCard(b []byte) (BlueCard, error) {
	var bc BlueCard
	if err := json.Unmarshal(b, &bc); err != nil {
		return bc, fmt.Errorf("read the Blue Card thresholds: %w", err)
	}
	for i, t := range bc.Thresholds {
		u, err := url.Parse(t.Source)
		if t.Country == "" || t.Year < 2000 || t.General <= 0 || t.Currency == "" || err != nil || u.Scheme != "https" {
			return bc, fmt.Errorf("threshold %d of the Blue Card table (%s %d): a country, a year, a general threshold, a currency and an https source are required", i, t.Country, t.Year)
		}
	}
	if bc.Thresholds == nil {
		bc.Thresholds = []Threshold{}
	}
	return bc, nil
}

// For returns the latest threshold of a country.
func (b BlueCard) For(country string) (Threshold, bool) {
	var best Threshold
	found := false
	for _, t := range b.Thresholds {
		if t.Country == country && (!found || t.Year > best.Year) {
			best, found = t, true
		}
	}
	return best, found
}

// hoursPerYear turns an hourly rate into a yearly one: 40 hours a week, 52 weeks.
const hoursPerYear = 40 * 52

// yearly is the lower end of a pay range as a yearly amount.
func (p Pay) yearly() float64 {
	switch p.Period {
	case PeriodMonth:
		return p.Min * 12
	case PeriodHour:
		return p.Min * hoursPerYear
	}
	return p.Min
}

// BlueCardCheck says whether an opening's pay meets its country's threshold.
type BlueCardCheck struct {
	Country   string  `json:"country"`
	Year      int     `json:"year"`
	Threshold float64 `json:"threshold"`
	Meets     bool    `json:"meets"`
	Source    string  `json:"source"`
}

// check compares the lower end of a permit-supporting opening's pay with
// the general threshold of its country; nil when the opening supports no
// permit, the country has no figure, or the pay is in another currency.
func (b BlueCard) check(o Opening) *BlueCardCheck {
	if !o.PermitSupport {
		return nil
	}
	t, ok := b.For(o.Country)
	if !ok || o.Pay.Currency != t.Currency {
		return nil
	}
	return &BlueCardCheck{Country: t.Country, Year: t.Year, Threshold: t.General, Meets: o.Pay.Min > 0 && o.Pay.yearly() >= t.General, Source: t.Source}
}
