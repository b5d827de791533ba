package main

import (
	"net/url"
	"strconv"
	"strings"

	"academy/services/search"
)

// searchCase is one query of the benchmark mix, as a learner's browser sends it.
type searchCase struct {
	class  string // what kind of query it is, for the per-class table
	params string // the query string of GET /api/v1/search
}

// searchMix is the benchmark's query mix: plain words, typos, prefixes as
// typed, French and German, facet filters with and without text, ranges, sort
// orders and pure browsing.
var searchMix = []searchCase{
	{"words", "q=machine+learning"},
	{"words", "q=data+science"},
	{"words", "q=cybersecurity"},
	{"words", "q=python+programming"},
	{"words", "q=responsible+ai"},
	{"words", "q=computer+vision+for+engineers"},
	{"words", "q=introduction+to+natural+language+processing+with+python"},
	{"words", "q=statistical+learning"},
	{"words", "q=cloud+computing"},
	{"words", "q=digital+transformation+smes"},
	{"typo", "q=machne+lerning"},
	{"typo", "q=artifical+inteligence"},
	{"typo", "q=cybersecurty"},
	{"typo", "q=nueral+netwroks"},
	{"typo", "q=statistcs"},
	{"typo", "q=visualisaton+of+data"},
	{"typo", "q=reinforcment+learning"},
	{"prefix", "q=mach"},
	{"prefix", "q=deep+lea"},
	{"prefix", "q=comput+vis"},
	{"prefix", "q=gen"},
	{"prefix", "q=data+eng"},
	{"prefix", "q=robo"},
	{"fr/de", "q=apprentissage+automatique&lang=fr"},
	{"fr/de", "q=intelligence+artificielle&lang=fr"},
	{"fr/de", "q=maschinelles+lernen&lang=de"},
	{"fr/de", "q=k%C3%BCnstliche+intelligenz&lang=de"},
	{"fr/de", "q=datenschutz&lang=de"},
	{"text+facets", "q=machine+learning&type=programme&cycle=master"},
	{"text+facets", "q=data&country=DE,AT"},
	{"text+facets", "q=ai&level=beginner&delivery=online"},
	{"text+facets", "q=security&type=course&language=en"},
	{"text+facets", "q=python&eqf_min=6&ects_max=10"},
	{"text+facets", "q=master&tuition_max=0"},
	{"text+facets", "q=analytics&country=FR&type=programme&study_mode=part-time"},
	{"text+sort", "q=deep+learning&sort=newest"},
	{"text+sort", "q=data&sort=tuition&type=programme"},
	{"browse", ""},
	{"browse", "type=programme"},
	{"browse", "type=course&level=advanced"},
	{"browse", "cycle=phd&sort=title"},
	{"browse", "country=IT&delivery=on-campus"},
	{"browse", "language=fr&sort=newest"},
	{"browse", "eqf_level=7&tuition_max=5000"},
}

// query returns the search.Query the catalogue's HTTP handler builds from the
// case's parameters (services/catalog/search_http.go): every facet counted,
// the default page size, EU tuition.
func (sc searchCase) query() (search.Query, error) {
	v, err := url.ParseQuery(sc.params)
	if err != nil {
		return search.Query{}, err
	}
	q := search.Query{
		Text:     v.Get("q"),
		Language: v.Get("lang"),
		Sort:     v.Get("sort"),
		Filters:  map[string][]string{},
		Facets:   search.AllFacets(),
		Limit:    search.DefaultLimit,
	}
	for _, f := range search.AllFacets() {
		for _, raw := range v[f] {
			for _, value := range strings.Split(raw, ",") {
				if value = strings.TrimSpace(value); value != "" {
					q.Filters[f] = append(q.Filters[f], value)
				}
			}
		}
	}
	ranges := map[string]func(float64){
		"ects_min":    func(x float64) { q.ECTS.Min = &x },
		"ects_max":    func(x float64) { q.ECTS.Max = &x },
		"eqf_min":     func(x float64) { q.EQFLevel.Min = &x },
		"eqf_max":     func(x float64) { q.EQFLevel.Max = &x },
		"tuition_max": func(x float64) { q.TuitionEU.Max = &x },
	}
	for name, set := range ranges {
		if raw := v.Get(name); raw != "" {
			x, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				return search.Query{}, err
			}
			set(x)
		}
	}
	return q, nil
}
