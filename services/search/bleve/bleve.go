// Package bleve implements search.Index on a Bleve index stored in a directory: the embedded search
// of a one-machine installation.
package bleve

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	blevesearch "github.com/blevesearch/bleve/v2"

	"academy/services/search"
)

// ErrClosed is returned by every method of a closed Index.
var ErrClosed = errors.New("search index closed")

// layoutKey stores a digest of the mapping an index was created with: an index made by another
// version of the layout is recreated empty rather than searched wrongly.
var layoutKey = []byte("academy_layout")

// Index is a search.Index on Bleve, safe for concurrent use.
type Index struct {
	dir    string
	layout []byte

	mu    sync.RWMutex // guards index, which Reset replaces and Close clears
	index blevesearch.Index
}

var _ search.Index = (*Index)(nil)

// Open opens the index in dir, creating it if it is missing, and recreating it empty if it is
// unreadable or laid out by another version; a new index needs a full reindex.
func Open(dir string) (*Index, error) {
	layout, err := layoutDigest()
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, layout: layout}
	idx, err := blevesearch.Open(dir)
	if err == nil && !ix.sameLayout(idx) {
		idx.Close()
		err = errors.New("index laid out by another version")
	}
	if err != nil {
		if idx, err = ix.create(); err != nil {
			return nil, err
		}
	}
	ix.index = idx
	return ix, nil
}

func layoutDigest() ([]byte, error) {
	m, err := indexMapping()
	if err != nil {
		return nil, fmt.Errorf("build search index mapping: %w", err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode search index mapping: %w", err)
	}
	sum := sha256.Sum256(b)
	return []byte(hex.EncodeToString(sum[:])), nil
}

func (ix *Index) sameLayout(idx blevesearch.Index) bool {
	stored, err := idx.GetInternal(layoutKey)
	return err == nil && string(stored) == string(ix.layout)
}

// create replaces whatever is in the directory with a new, empty index.
func (ix *Index) create() (blevesearch.Index, error) {
	if err := os.RemoveAll(ix.dir); err != nil {
		return nil, fmt.Errorf("remove search index %s: %w", ix.dir, err)
	}
	m, err := indexMapping()
	if err != nil {
		return nil, fmt.Errorf("build search index mapping: %w", err)
	}
	idx, err := blevesearch.New(ix.dir, m)
	if err != nil {
		return nil, fmt.Errorf("create search index %s: %w", ix.dir, err)
	}
	if err := idx.SetInternal(layoutKey, ix.layout); err != nil {
		idx.Close()
		return nil, fmt.Errorf("create search index %s: %w", ix.dir, err)
	}
	return idx, nil
}

// use runs f on the open index, holding off Reset and Close meanwhile.
func (ix *Index) use(f func(blevesearch.Index) error) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.index == nil {
		return ErrClosed
	}
	return f(ix.index)
}

// Apply does nothing more than Open: a Bleve index gets its layout when it is created.
func (ix *Index) Apply(ctx context.Context) error {
	return ix.use(func(blevesearch.Index) error { return nil })
}

// Upsert adds docs or replaces those with the same ID, all or none.
func (ix *Index) Upsert(ctx context.Context, docs ...search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	fields := make([]map[string]any, len(docs))
	for i, d := range docs {
		n, err := d.Normalize()
		if err != nil {
			return fmt.Errorf("upsert into search index: %w", err)
		}
		if fields[i], err = toFields(n); err != nil {
			return fmt.Errorf("upsert %s into search index: %w", d.ID, err)
		}
	}
	return ix.use(func(idx blevesearch.Index) error {
		b := idx.NewBatch()
		for i, d := range docs {
			if err := b.Index(d.ID, fields[i]); err != nil {
				return fmt.Errorf("upsert %s into search index: %w", d.ID, err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("upsert %d documents into search index: %w", len(docs), err)
		}
		return nil
	})
}

// Delete removes the documents with the given ids.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	return ix.use(func(idx blevesearch.Index) error {
		b := idx.NewBatch()
		for _, id := range ids {
			b.Delete(id)
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("delete %d documents from search index: %w", len(ids), err)
		}
		return nil
	})
}

// Count returns the number of documents in the index.
func (ix *Index) Count(ctx context.Context) (int, error) {
	var n uint64
	err := ix.use(func(idx blevesearch.Index) error {
		var err error
		if n, err = idx.DocCount(); err != nil {
			return fmt.Errorf("count documents in search index: %w", err)
		}
		return nil
	})
	return int(n), err
}

// Reset replaces the index with an empty one.
func (ix *Index) Reset(ctx context.Context) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.index == nil {
		return ErrClosed
	}
	if err := ix.index.Close(); err != nil {
		return fmt.Errorf("reset search index: %w", err)
	}
	ix.index = nil
	idx, err := ix.create()
	if err != nil {
		return fmt.Errorf("reset search index: %w", err)
	}
	ix.index = idx
	return nil
}

// Close closes the index; later calls fail with ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.index == nil {
		return nil
	}
	err := ix.index.Close()
	ix.index = nil
	if err != nil {
		return fmt.Errorf("close search index: %w", err)
	}
	return nil
}

// toFields lays d out in the fields of the mapping.
func toFields(d search.Document) (map[string]any, error) {
	source, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	f := map[string]any{
		"title":            d.Title,
		"summary":          d.Summary,
		"body":             d.Body,
		"institution_name": d.InstitutionName,
		"skill_labels":     d.SkillLabels,
		fieldTitleSort:     search.TitleSortKey(d.Title),
		fieldECTS:          d.ECTS,
		fieldTuitionEU:     d.TuitionEU,
		fieldTuitionNon:    d.TuitionNonEU,
		fieldAvailableFrom: float64(d.AvailableFrom),
		fieldSource:        string(source),
	}
	lang := d.Language
	if _, ok := stemAnalyzers[lang]; !ok {
		lang = defaultStemLanguage
	}
	for _, tf := range textFields {
		if tf.stemmed {
			f[tf.name+"_"+lang] = f[tf.name]
		}
	}
	// Empty values stay out of the facets; a zero EQF level means none, outside every EQF filter.
	keywords := map[string]string{
		"type": d.Type, "level": d.Level, "cycle": d.Cycle, "country": d.Country, "delivery": d.Delivery,
		"study_mode": d.StudyMode, "institution": d.Institution, "status": d.Status, "metric_type": d.MetricType,
	}
	for name, v := range keywords {
		if v != "" {
			f[name] = v
		}
	}
	if len(d.Languages) > 0 {
		f["languages"] = d.Languages
	}
	if len(d.Skills) > 0 {
		f["skills"] = d.Skills
	}
	if len(d.Occupations) > 0 {
		f["occupations"] = d.Occupations
	}
	if len(d.WorkAuthorisation) > 0 {
		f["work_authorisation"] = d.WorkAuthorisation
	}
	if d.EQFLevel > 0 {
		f["eqf_level"] = strconv.Itoa(d.EQFLevel)
		f[fieldEQF] = float64(d.EQFLevel)
	}
	if !d.PublishedAt.IsZero() {
		f[fieldPublishedTS] = float64(d.PublishedAt.Unix())
	}
	return f, nil
}
