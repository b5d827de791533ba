package bluecard_test

import (
	"strings"
	"testing"

	"academy/content"
	"academy/services/talent/bluecard"
)

func load(t *testing.T) bluecard.Table {
	t.Helper()
	table, err := bluecard.Load(content.Files())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return table
}

func TestContentFile(t *testing.T) {
	table := load(t)
	de, ok := table.For("DE")
	if !ok || de.Year != 2025 || de.General != 48300 || de.Shortage != 43759.8 || de.Currency != "EUR" {
		t.Errorf("Germany: %+v, want 2025: €48,300 and €43,759.80", de)
	}
	countries := map[string]bool{}
	for _, th := range table.Thresholds {
		countries[th.Country] = true
		if !strings.HasPrefix(th.Source, "https://") || th.Year == 0 {
			t.Errorf("%s %s: figure without a year or source", th.Country, th.Region)
		}
	}
	for _, c := range []string{"DE", "FR", "NL", "AT", "ES", "PL", "BE", "SE"} {
		if !countries[c] {
			t.Errorf("no threshold for %s", c)
		}
	}
	if table.Participates("IE") || !table.Participates("DE") {
		t.Error("Ireland listed as issuing the Blue Card, or Germany as not")
	}
}

func TestCheck(t *testing.T) {
	table := load(t)
	tests := []struct {
		name      string
		country   string
		pay       bluecard.Pay
		shortage  bool
		checked   bool
		meets     bool
		threshold float64
	}{
		{"above the general threshold", "DE", bluecard.Pay{Min: 52000, Max: 62000, Currency: "EUR", Period: "year"}, false, true, true, 48300},
		{"on the threshold", "DE", bluecard.Pay{Min: 48300, Max: 50000, Currency: "EUR", Period: "year"}, false, true, true, 48300},
		{"the lowest pay of the range counts", "DE", bluecard.Pay{Min: 45000, Max: 70000, Currency: "EUR", Period: "year"}, false, true, false, 48300},
		{"a shortage occupation", "DE", bluecard.Pay{Min: 45000, Max: 50000, Currency: "EUR", Period: "year"}, true, true, true, 43759.8},
		{"no lower threshold: the general one", "FR", bluecard.Pay{Min: 55000, Max: 60000, Currency: "EUR", Period: "year"}, true, true, false, 59373},
		{"a monthly pay against a monthly figure", "NL", bluecard.Pay{Min: 5700, Max: 6500, Currency: "EUR", Period: "month"}, false, true, true, 68256},
		{"a yearly pay against a monthly figure", "NL", bluecard.Pay{Min: 60000, Max: 70000, Currency: "EUR", Period: "year"}, false, true, false, 68256},
		{"in the country's own currency", "PL", bluecard.Pay{Min: 28000, Max: 34000, Currency: "PLN", Period: "month"}, false, true, true, 128798.64},
		{"the strictest region", "BE", bluecard.Pay{Min: 60000, Max: 70000, Currency: "EUR", Period: "year"}, false, true, false, 63586},
		{"another currency: no check", "SE", bluecard.Pay{Min: 60000, Max: 70000, Currency: "EUR", Period: "year"}, false, false, false, 0},
		{"paid by the hour: no check", "DE", bluecard.Pay{Min: 40, Max: 50, Currency: "EUR", Period: "hour"}, false, false, false, 0},
		{"no figure for the country", "IT", bluecard.Pay{Min: 60000, Max: 70000, Currency: "EUR", Period: "year"}, false, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := table.Check(tt.country, tt.pay, tt.shortage)
			if ok != tt.checked || c.Meets != tt.meets || c.Threshold != tt.threshold {
				t.Fatalf("Check = %+v, %v; want checked %v, meets %v against %v", c, ok, tt.checked, tt.meets, tt.threshold)
			}
			if ok && (c.Source == "" || c.Year == 0 || c.Country != tt.country) {
				t.Errorf("check %+v does not say where its figure comes from", c)
			}
		})
	}
}

func TestParseRefuses(t *testing.T) {
	valid := `{"country":"DE","year":2025,"general":48300,"shortage":43759.8,"currency":"EUR","period":"year","source":"https://example.org/de"}`
	if _, err := bluecard.Parse([]byte(`{"thresholds":[` + valid + `]}`)); err != nil {
		t.Fatalf("valid file refused: %v", err)
	}
	tests := []struct{ name, file, want string }{
		{"unknown field", `{"thresholds":[` + valid + `],"colour":"blue"}`, "unknown field"},
		{"no thresholds", `{"thresholds":[]}`, "no thresholds"},
		{"no source", `{"thresholds":[{"country":"DE","year":2025,"general":48300,"currency":"EUR","period":"year"}]}`, "source"},
		{"source not https", `{"thresholds":[{"country":"DE","year":2025,"general":48300,"currency":"EUR","period":"year","source":"http://example.org"}]}`, "source"},
		{"no year", `{"thresholds":[{"country":"DE","general":48300,"currency":"EUR","period":"year","source":"https://example.org"}]}`, "year"},
		{"country name", `{"thresholds":[{"country":"Germany","year":2025,"general":48300,"currency":"EUR","period":"year","source":"https://example.org"}]}`, "country"},
		{"shortage above general", `{"thresholds":[{"country":"DE","year":2025,"general":40000,"shortage":45000,"currency":"EUR","period":"year","source":"https://example.org"}]}`, "shortage"},
		{"weekly figure", `{"thresholds":[{"country":"DE","year":2025,"general":900,"currency":"EUR","period":"week","source":"https://example.org"}]}`, "period"},
		{"twice the same year", `{"thresholds":[` + valid + `,` + valid + `]}`, "second figure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bluecard.Parse([]byte(tt.file))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse: %v, want an error about %q", err, tt.want)
			}
		})
	}
}
