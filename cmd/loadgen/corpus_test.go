package main

import (
	"reflect"
	"testing"

	"academy/services/catalog"
	"academy/services/search"
)

func testCorpus(t *testing.T) *corpus {
	t.Helper()
	c, err := newCorpus(7, 50)
	if err != nil {
		t.Fatalf("newCorpus: %v", err)
	}
	return c
}

func TestCorpusIsDeterministic(t *testing.T) {
	a, b := testCorpus(t), testCorpus(t)
	for _, i := range []int{0, 1, 999, 54321} {
		if da, db := a.document(a.entry(i)), b.document(b.entry(i)); !reflect.DeepEqual(da, db) {
			t.Errorf("entry %d differs between two corpora of the same seed:\n%+v\n%+v", i, da, db)
		}
	}
	other, err := newCorpus(8, 50)
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.document(a.entry(3)), other.document(other.entry(3))) {
		t.Error("entry 3 is the same under another seed")
	}
}

func TestCorpusEntriesAreValidAndVaried(t *testing.T) {
	c := testCorpus(t)
	const n = 3000
	ids, slugs := map[string]bool{}, map[string]bool{}
	seen := map[string]map[string]bool{}
	count := func(facet, value string) {
		if seen[facet] == nil {
			seen[facet] = map[string]bool{}
		}
		seen[facet][value] = true
	}
	for i := range n {
		e := c.entry(i)
		d, err := c.document(e).Normalize()
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if ids[d.ID] || slugs[d.Slug] {
			t.Fatalf("entry %d repeats the id %s or slug %s", i, d.ID, d.Slug)
		}
		ids[d.ID], slugs[d.Slug] = true, true
		if len(d.Skills) == 0 || len(d.SkillLabels) < len(d.Skills) {
			t.Errorf("entry %d has %d skills and %d skill labels", i, len(d.Skills), len(d.SkillLabels))
		}
		count("type", d.Type)
		count("language", d.Language)
		count("country", d.Country)
		count("level", d.Level)
		count("cycle", d.Cycle)
		count("delivery", d.Delivery)
		switch e.kind {
		case search.TypeProgramme:
			if err := catalog.ValidateProgramme(e.programme().ProgrammeInput, true); err != nil {
				t.Fatalf("programme %d: %v", i, err)
			}
		case search.TypeCourse:
			co := e.course()
			if err := catalog.ValidateCourse(catalog.CourseInput{Slug: co.Slug, Institution: co.Institution, CourseFields: co.Published.CourseFields}, true); err != nil {
				t.Fatalf("course %d: %v", i, err)
			}
			if err := catalog.ValidateTree(co.Published.Tree, true); err != nil {
				t.Fatalf("course %d tree: %v", i, err)
			}
		}
	}
	want := map[string]int{"type": 2, "language": 3, "country": 15, "level": 4, "cycle": 5, "delivery": 3}
	for facet, min := range want {
		if len(seen[facet]) < min {
			t.Errorf("%d entries have %d values of %s, want at least %d: %v", n, len(seen[facet]), facet, min, seen[facet])
		}
	}
}
