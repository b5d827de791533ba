package catalog

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
	"academy/services/search"
)

// Occupation is an occupation of the ESCO taxonomy with the skills it needs;
// its id is the last segment of its concept URI. Labels are in English, as
// the ESCO export the seed comes from has them.
type Occupation struct {
	ID             string   `bson:"_id" json:"id"`
	URI            string   `bson:"uri" json:"uri"`
	Code           string   `bson:"code" json:"code"`             // ESCO code, e.g. 2511.4
	ISCOGroup      string   `bson:"isco_group" json:"isco_group"` // ISCO-08 unit group, e.g. 2511
	ISCOGroupLabel string   `bson:"isco_group_label" json:"isco_group_label"`
	Label          string   `bson:"label" json:"label"`
	AltLabels      []string `bson:"alt_labels" json:"alt_labels"`
	Description    string   `bson:"description" json:"description"`
	// EssentialSkills and OptionalSkills are skill ids of the taxonomy;
	// relations to skills it lacks are left out when occupations are stored.
	EssentialSkills []string `bson:"essential_skills" json:"essential_skills"`
	OptionalSkills  []string `bson:"optional_skills" json:"optional_skills"`
}

// occupationRecord is an occupation as stored.
type occupationRecord struct {
	Occupation `bson:",inline"`
	SeedHash   string `bson:"seed_hash,omitempty"`
}

// occupationEntry is an occupation in memory with what lookups match; these
// are computed when the cache loads rather than stored, which keeps the
// documents, and so the first start's writes, small.
type occupationEntry struct {
	occupationRecord
	terms   []string // folded labels and codes
	sortKey string
}

func newOccupationEntry(r occupationRecord) occupationEntry {
	e := occupationEntry{occupationRecord: r, sortKey: search.TitleSortKey(r.Label)}
	for _, l := range slices.Concat([]string{r.Label}, r.AltLabels, []string{r.Code, r.ISCOGroup}) {
		e.terms = appendNew(e.terms, search.TitleSortKey(l))
	}
	return e
}

// occupationCache holds every occupation in memory, in label order, for the
// same reason as skillCache: a few thousand at most, looked up as people
// type, and the embedded FerretDB scans the collection for any other query.
type occupationCache struct {
	mu       sync.Mutex
	table    *occupationTable
	loadedAt time.Time
}

type occupationTable struct {
	byID   map[string]occupationRecord
	sorted []occupationEntry
}

func (c *occupationCache) get(ctx context.Context, coll *mongo.Collection) (*occupationTable, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.table != nil && time.Since(c.loadedAt) < skillCacheTTL {
		return c.table, nil
	}
	list, err := mongokit.FindAll[occupationRecord](ctx, coll, bson.M{}, nil)
	if err != nil {
		return nil, err
	}
	t := &occupationTable{byID: make(map[string]occupationRecord, len(list)), sorted: make([]occupationEntry, len(list))}
	for i, r := range list {
		// Lists are never null in what the API sends.
		for _, l := range []*[]string{&r.AltLabels, &r.EssentialSkills, &r.OptionalSkills} {
			if *l == nil {
				*l = []string{}
			}
		}
		t.byID[r.ID] = r
		t.sorted[i] = newOccupationEntry(r)
	}
	slices.SortFunc(t.sorted, func(a, b occupationEntry) int {
		return cmp.Or(cmp.Compare(a.sortKey, b.sortKey), cmp.Compare(a.ID, b.ID))
	})
	c.table, c.loadedAt = t, time.Now()
	return t, nil
}

func (c *occupationCache) forget() {
	c.mu.Lock()
	c.table = nil
	c.mu.Unlock()
}

// occupationRecords returns the stored occupations with these ids.
func (s *Store) occupationRecords(ctx context.Context, ids []string) (map[string]occupationRecord, error) {
	list, err := mongokit.FindAll[occupationRecord](ctx, s.occupations, bson.M{"_id": bson.M{"$in": ids}}, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]occupationRecord, len(list))
	for _, r := range list {
		out[r.ID] = r
	}
	return out, nil
}

// occupationSeedHashes returns the seed hash of every stored occupation.
func (s *Store) occupationSeedHashes(ctx context.Context) (map[string]string, error) {
	return seedHashes(ctx, s.occupations)
}

// putOccupations stores occupations: those in exists replace the stored
// ones, the others are inserted in one batch.
func (s *Store) putOccupations(ctx context.Context, records []occupationRecord, exists func(id string) bool) error {
	defer s.occupationCache.forget()
	return putSeeded(ctx, s.occupations, records, exists, func(r occupationRecord) string { return r.ID })
}

// OccupationCursor is the position after the last occupation of a page.
type OccupationCursor struct {
	Key string `json:"k"`
	ID  string `json:"i"`
}

// findOccupations lists occupations with a label or code having a word that
// starts with prefix, in label order, after the cursor.
func (s *Store) findOccupations(ctx context.Context, prefix string, after *OccupationCursor, limit int) ([]occupationEntry, error) {
	all, err := s.occupationCache.get(ctx, s.occupations)
	if err != nil {
		return nil, err
	}
	from := 0
	if after != nil {
		from, _ = slices.BinarySearchFunc(all.sorted, *after, func(e occupationEntry, c OccupationCursor) int {
			return cmp.Or(cmp.Compare(e.sortKey, c.Key), cmp.Compare(e.ID, c.ID))
		})
		if from < len(all.sorted) && all.sorted[from].ID == after.ID {
			from++
		}
	}
	key := search.TitleSortKey(prefix)
	out := []occupationEntry{}
	for _, e := range all.sorted[from:] {
		if len(out) == limit {
			break
		}
		if key == "" || slices.ContainsFunc(e.terms, func(term string) bool { return hasWordPrefix(term, key) }) {
			out = append(out, e)
		}
	}
	return out, nil
}

// OccupationSummary is an occupation as a lookup lists it.
type OccupationSummary struct {
	ID             string   `json:"id"`
	URI            string   `json:"uri"`
	Code           string   `json:"code"`
	ISCOGroup      string   `json:"isco_group"`
	ISCOGroupLabel string   `json:"isco_group_label"`
	Label          string   `json:"label"`
	AltLabels      []string `json:"alt_labels"`
	EssentialCount int      `json:"essential_count"`
	OptionalCount  int      `json:"optional_count"`
}

// OccupationPage is one page of an occupation lookup.
type OccupationPage struct {
	Occupations []OccupationSummary
	Next        *OccupationCursor // nil on the last page
}

// maxOccupationQuery bounds the lookup text: labels are far shorter.
const maxOccupationQuery = 100

// FindOccupations looks occupations up by the start of a word of their
// preferred or alternative labels, or of their ESCO or ISCO code; an empty
// prefix lists every occupation.
func (s *Service) FindOccupations(ctx context.Context, prefix string, after *OccupationCursor, limit int) (OccupationPage, error) {
	if len(prefix) > maxOccupationQuery {
		return OccupationPage{}, apperr.InvalidField("q", "must be at most %d bytes", maxOccupationQuery)
	}
	records, err := s.store.findOccupations(ctx, prefix, after, limit+1)
	if err != nil {
		return OccupationPage{}, err
	}
	var page OccupationPage
	if len(records) > limit {
		last := records[limit-1]
		page.Next = &OccupationCursor{Key: last.sortKey, ID: last.ID}
		records = records[:limit]
	}
	page.Occupations = make([]OccupationSummary, len(records))
	for i, r := range records {
		page.Occupations[i] = OccupationSummary{
			ID: r.ID, URI: r.URI, Code: r.Code, ISCOGroup: r.ISCOGroup, ISCOGroupLabel: r.ISCOGroupLabel,
			Label: r.Label, AltLabels: r.AltLabels, EssentialCount: len(r.EssentialSkills), OptionalCount: len(r.OptionalSkills),
		}
	}
	return page, nil
}

// OccupationView is an occupation with its essential and optional skills
// labelled in the language asked for, each list in label order.
type OccupationView struct {
	Occupation
	Essential []SkillView `json:"essential"`
	Optional  []SkillView `json:"optional"`
}

// Occupation returns the occupation with this id and its skills labelled in lang.
func (s *Service) Occupation(ctx context.Context, id, lang string) (OccupationView, error) {
	if lang == "" {
		lang = "en"
	}
	var v apperr.Validation
	v.Check(IsSkillID(id), "id", "must be an ESCO occupation id (a UUID)")
	v.Check(slices.Contains(SkillLanguages, lang), "lang", "must be one of %v", SkillLanguages)
	if err := v.Err(); err != nil {
		return OccupationView{}, err
	}
	all, err := s.store.occupationCache.get(ctx, s.store.occupations)
	if err != nil {
		return OccupationView{}, err
	}
	r, ok := all.byID[id]
	if !ok {
		return OccupationView{}, apperr.NotFoundf("no such occupation")
	}
	skills, err := s.store.SkillsByID(ctx, slices.Concat(r.EssentialSkills, r.OptionalSkills))
	if err != nil {
		return OccupationView{}, err
	}
	views := func(ids []string) []SkillView {
		out := make([]SkillView, 0, len(ids))
		for _, id := range ids {
			// A skill removed from the taxonomy since the occupation was stored is left out.
			if sk, ok := skills[id]; ok {
				out = append(out, SkillView{Skill: sk, Label: sk.Label(lang)})
			}
		}
		slices.SortFunc(out, func(a, b SkillView) int {
			return cmp.Or(cmp.Compare(search.TitleSortKey(a.Label), search.TitleSortKey(b.Label)), cmp.Compare(a.ID, b.ID))
		})
		return out
	}
	return OccupationView{Occupation: r.Occupation, Essential: views(r.EssentialSkills), Optional: views(r.OptionalSkills)}, nil
}

// OccupationLoad says what storing occupations did.
type OccupationLoad struct {
	Written   int `json:"written"` // occupations created or changed
	Essential int `json:"essential"`
	Optional  int `json:"optional"`
	// Dropped counts the skill relations left out because the taxonomy lacks their skill.
	Dropped int `json:"dropped"`
}

// keepKnownSkills removes from o the skill relations whose skill the
// taxonomy lacks, counting what it keeps and drops in load.
func keepKnownSkills(o *Occupation, known map[string]Skill, load *OccupationLoad) {
	keep := func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			if _, ok := known[id]; ok {
				out = append(out, id)
			} else {
				load.Dropped++
			}
		}
		return out
	}
	o.EssentialSkills, o.OptionalSkills = keep(o.EssentialSkills), keep(o.OptionalSkills)
	load.Essential += len(o.EssentialSkills)
	load.Optional += len(o.OptionalSkills)
}

// relationSkills returns every skill id the occupations name.
func relationSkills(occs []Occupation) []string {
	var ids []string
	for _, o := range occs {
		ids = append(ids, o.EssentialSkills...)
		ids = append(ids, o.OptionalSkills...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// SeedOccupations stores the seed's occupations with their relations to the
// skills the taxonomy has, rewriting only those whose content changed. Load
// the skills first.
func (s *Service) SeedOccupations(ctx context.Context, occs []Occupation) (OccupationLoad, error) {
	var load OccupationLoad
	known, err := s.store.SkillsByID(ctx, relationSkills(occs))
	if err != nil {
		return load, err
	}
	stored, err := s.store.occupationSeedHashes(ctx)
	if err != nil {
		return load, err
	}
	var changed []occupationRecord
	for _, o := range occs {
		o.EssentialSkills, o.OptionalSkills = slices.Clone(o.EssentialSkills), slices.Clone(o.OptionalSkills)
		keepKnownSkills(&o, known, &load)
		if h := contentHash(o); stored[o.ID] != h {
			changed = append(changed, occupationRecord{Occupation: o, SeedHash: h})
		}
	}
	exists := func(id string) bool { _, ok := stored[id]; return ok }
	if err := s.store.putOccupations(ctx, changed, exists); err != nil {
		return load, err
	}
	load.Written = len(changed)
	return load, nil
}
