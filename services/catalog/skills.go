package catalog

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
	"academy/services/search"
)

// SkillLanguages are the languages skills are labelled and looked up in.
var SkillLanguages = []string{"en", "fr", "de"}

// skillRecord is a skill as stored, with the folded labels that label lookups match.
type skillRecord struct {
	Skill `bson:",inline"`
	// Terms holds, per lookup language, the folded preferred and alternative
	// labels in that language and in English, which every language also matches.
	Terms map[string][]string `bson:"terms"`
	// SortKeys holds, per lookup language, the folded label lists are sorted by.
	SortKeys map[string]string `bson:"sort_keys"`
	SeedHash string            `bson:"seed_hash,omitempty"`
}

func newSkillRecord(s Skill, seedHash string) skillRecord {
	r := skillRecord{Skill: s, Terms: map[string][]string{}, SortKeys: map[string]string{}, SeedHash: seedHash}
	for _, lang := range SkillLanguages {
		var terms []string
		for _, l := range slices.Concat([]string{s.Labels[lang]}, s.AltLabels[lang], []string{s.Labels["en"]}, s.AltLabels["en"]) {
			terms = appendNew(terms, search.TitleSortKey(l))
		}
		r.Terms[lang] = terms
		r.SortKeys[lang] = search.TitleSortKey(s.Label(lang))
	}
	return r
}

// Skill returns the skill with this id.
func (s *Store) Skill(ctx context.Context, id string) (Skill, error) {
	all, err := s.skillCache.get(ctx, s.skills)
	if err != nil {
		return Skill{}, err
	}
	sk, ok := all.byID[id]
	if !ok {
		return Skill{}, apperr.NotFoundf("no such skill")
	}
	return sk.Skill, nil
}

// SkillHierarchy returns the broader relations of the taxonomy, from the
// taxonomy cached in memory.
func (s *Store) SkillHierarchy(ctx context.Context) (SkillHierarchy, error) {
	all, err := s.skillCache.get(ctx, s.skills)
	if err != nil {
		return SkillHierarchy{}, err
	}
	return SkillHierarchy{broader: all.broader}, nil
}

// SkillsByID returns the skills with these ids; unknown ids are left out.
func (s *Store) SkillsByID(ctx context.Context, ids []string) (map[string]Skill, error) {
	all, err := s.skillCache.get(ctx, s.skills)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Skill, len(ids))
	for _, id := range ids {
		if sk, ok := all.byID[id]; ok {
			out[id] = sk.Skill
		}
	}
	return out, nil
}

// skillCacheTTL bounds how long a skills import made by another process
// stays unseen by this one.
const skillCacheTTL = 5 * time.Minute

// skillCache holds the whole taxonomy in memory: it is small, read on every
// catalogue write and index build, looked up by anyone as they type, and
// rarely changes. The embedded FerretDB scans a collection for any query but
// an _id lookup, so one read of all skills beats many queries by far.
type skillCache struct {
	mu       sync.Mutex
	skills   *skillTable
	loadedAt time.Time
}

// skillTable is the taxonomy by id and, per lookup language, in label order.
type skillTable struct {
	byID   map[string]skillRecord
	sorted map[string][]skillRecord
	// broader maps each skill with broader skills to their ids.
	broader map[string][]string
}

func (c *skillCache) get(ctx context.Context, coll *mongo.Collection) (*skillTable, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.skills != nil && time.Since(c.loadedAt) < skillCacheTTL {
		return c.skills, nil
	}
	list, err := mongokit.FindAll[skillRecord](ctx, coll, bson.M{}, nil)
	if err != nil {
		return nil, err
	}
	t := &skillTable{byID: make(map[string]skillRecord, len(list)), sorted: make(map[string][]skillRecord, len(SkillLanguages)), broader: map[string][]string{}}
	for _, r := range list {
		t.byID[r.ID] = r
		if len(r.Broader) > 0 {
			t.broader[r.ID] = r.Broader
		}
	}
	for _, lang := range SkillLanguages {
		sorted := slices.Clone(list)
		slices.SortFunc(sorted, func(a, b skillRecord) int {
			return cmp.Or(cmp.Compare(a.SortKeys[lang], b.SortKeys[lang]), cmp.Compare(a.ID, b.ID))
		})
		t.sorted[lang] = sorted
	}
	c.skills, c.loadedAt = t, time.Now()
	return t, nil
}

// forget drops the cached skills after a write.
func (c *skillCache) forget() {
	c.mu.Lock()
	c.skills = nil
	c.mu.Unlock()
}

// skillSeedHashes returns the seed hash of every stored skill.
func (s *Store) skillSeedHashes(ctx context.Context) (map[string]string, error) {
	return seedHashes(ctx, s.skills)
}

// putSkills stores skills: those in exists replace the stored ones, the
// others are inserted in one batch, much faster than upserts one by one.
func (s *Store) putSkills(ctx context.Context, records []skillRecord, exists func(id string) bool) error {
	defer s.skillCache.forget()
	return putSeeded(ctx, s.skills, records, exists, func(r skillRecord) string { return r.ID })
}

// SkillCursor is the position after the last skill of a page.
type SkillCursor struct {
	Key string `json:"k"`
	ID  string `json:"i"`
}

// findSkills lists skills with a label in lang (or English) with a word
// starting with prefix, in label order, after the cursor.
func (s *Store) findSkills(ctx context.Context, lang, prefix string, after *SkillCursor, limit int) ([]skillRecord, error) {
	all, err := s.skillCache.get(ctx, s.skills)
	if err != nil {
		return nil, err
	}
	sorted := all.sorted[lang]
	from := 0
	if after != nil {
		from, _ = slices.BinarySearchFunc(sorted, *after, func(r skillRecord, c SkillCursor) int {
			return cmp.Or(cmp.Compare(r.SortKeys[lang], c.Key), cmp.Compare(r.ID, c.ID))
		})
		if from < len(sorted) && sorted[from].ID == after.ID {
			from++
		}
	}
	key := search.TitleSortKey(prefix)
	out := []skillRecord{}
	for _, r := range sorted[from:] {
		if len(out) == limit {
			break
		}
		if key == "" || slices.ContainsFunc(r.Terms[lang], func(term string) bool { return hasWordPrefix(term, key) }) {
			out = append(out, r)
		}
	}
	return out, nil
}

// hasWordPrefix reports whether a word of term starts with prefix: prefix
// starts term or follows a character other than an ASCII letter, digit or
// underscore (as the regular expression (^|\W)prefix would find it).
func hasWordPrefix(term, prefix string) bool {
	for i := 0; i+len(prefix) <= len(term); {
		j := strings.Index(term[i:], prefix)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isWordByte(term[at-1]) {
			return true
		}
		i = at + 1
	}
	return false
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// SkillPage is one page of a skill lookup.
type SkillPage struct {
	Skills []SkillView
	Next   *SkillCursor // nil on the last page
}

// SkillView is a skill with its label in the language asked for.
type SkillView struct {
	Skill
	Label string `json:"label"`
}

// FindSkills looks skills up by the start of a word of a preferred or
// alternative label in lang (or in English); an empty prefix lists every skill.
func (s *Service) FindSkills(ctx context.Context, lang, prefix string, after *SkillCursor, limit int) (SkillPage, error) {
	if lang == "" {
		lang = "en"
	}
	if !slices.Contains(SkillLanguages, lang) {
		return SkillPage{}, apperr.InvalidField("lang", "must be one of %v", SkillLanguages)
	}
	records, err := s.store.findSkills(ctx, lang, prefix, after, limit+1)
	if err != nil {
		return SkillPage{}, err
	}
	var page SkillPage
	if len(records) > limit {
		last := records[limit-1]
		page.Next = &SkillCursor{Key: last.SortKeys[lang], ID: last.ID}
		records = records[:limit]
	}
	page.Skills = make([]SkillView, len(records))
	for i, r := range records {
		page.Skills[i] = SkillView{Skill: r.Skill, Label: r.Label(lang)}
	}
	return page, nil
}

// Skill returns the skill with this id.
func (s *Service) Skill(ctx context.Context, id string) (Skill, error) {
	return s.store.Skill(ctx, id)
}

// SkillHierarchy is a snapshot of how the taxonomy's skills relate, safe for
// concurrent use: the talent pool's matching reads it to credit a narrower or
// broader skill than the one an opening asks for.
type SkillHierarchy struct {
	broader map[string][]string
}

// HierarchyOf is the hierarchy of these skills alone.
func HierarchyOf(skills ...Skill) SkillHierarchy {
	h := SkillHierarchy{broader: map[string][]string{}}
	for _, sk := range skills {
		if len(sk.Broader) > 0 {
			h.broader[sk.ID] = sk.Broader
		}
	}
	return h
}

// Broader returns the ids of the skills directly broader than the skill
// with this id; the caller must not modify them.
func (h SkillHierarchy) Broader(id string) []string { return h.broader[id] }

// SkillHierarchy returns the taxonomy's broader relations. It reads the
// taxonomy once and keeps it with the cached skills, so that scoring
// thousands of matches costs no database read.
func (s *Service) SkillHierarchy(ctx context.Context) (SkillHierarchy, error) {
	return s.store.SkillHierarchy(ctx)
}

// SeedSkills stores the seed's skills, rewriting only those whose content
// changed; it returns how many it wrote.
func (s *Service) SeedSkills(ctx context.Context, skills []Skill) (int, error) {
	stored, err := s.store.skillSeedHashes(ctx)
	if err != nil {
		return 0, err
	}
	exists := func(id string) bool { _, ok := stored[id]; return ok }
	written := 0
	for batch := range slices.Chunk(skills, escoBatch) {
		var changed []skillRecord
		for _, sk := range batch {
			if h := contentHash(sk); stored[sk.ID] != h {
				changed = append(changed, newSkillRecord(sk, h))
			}
		}
		if err := s.store.putSkills(ctx, changed, exists); err != nil {
			return written, err
		}
		written += len(changed)
	}
	return written, nil
}

// KnownSkills returns which of ids are skills of the taxonomy.
func (s *Service) KnownSkills(ctx context.Context, ids []string) (map[string]bool, error) {
	found, err := s.store.SkillsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(found))
	for id := range found {
		out[id] = true
	}
	return out, nil
}

// checkSkillsExist reports every tagged skill id that the taxonomy lacks.
func (s *Service) checkSkillsExist(ctx context.Context, field string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	known, err := s.KnownSkills(ctx, ids)
	if err != nil {
		return err
	}
	var v apperr.Validation
	for i, id := range ids {
		v.Check(known[id], fmt.Sprintf(field, i), "unknown skill %q", id)
	}
	return v.Err()
}
