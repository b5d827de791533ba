// Package indexing keeps the search indexes in step with the contexts that own the documents.
// Each context registers a Source per kind of document: how to build one item's document and how
// to enumerate every searchable item. One task type, search:index, names a kind and an id, and the
// Registry hands it to that kind's source; one reindex rebuilds every index from its sources. A
// kind may live in an index of its own (a second index with its own settings and access rule).
package indexing

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/search"
)

// TypeTask is the task that brings one item's search document up to date.
const TypeTask = jobs.TypeSearchIndex

// Payload names the item a task indexes; the source reads the rest from its store.
type Payload struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// NewTask returns the task that indexes revision rev of an item; its task id makes repeated
// enqueues of the same revision collapse into one.
func NewTask(kind, id string, rev int) *asynq.Task {
	payload, _ := json.Marshal(Payload{Kind: kind, ID: id}) // two strings always encode
	return jobs.NewTask(TypeTask, payload, asynq.TaskID(fmt.Sprintf("%s:%s:%s:%d", TypeTask, kind, id, rev)))
}

// Item is one document of a full reindex.
type Item struct {
	ID       string
	Revision int
	Document search.Document
	// Recorded is true when the source already records Revision as indexed, so a reindex writes
	// nothing back for it.
	Recorded bool
}

// Source is one kind of searchable document, contributed by the context that owns it.
type Source interface {
	// Document builds the current document of item id and returns the item's revision (0 when it
	// does not exist) and whether it is searchable (a draft or an archived item is not).
	Document(ctx context.Context, id string) (doc search.Document, searchable bool, rev int, err error)
	// Revision returns the item's current revision, 0 when it does not exist.
	Revision(ctx context.Context, id string) (int, error)
	// Indexed records that the index shows revision rev of item id.
	Indexed(ctx context.Context, id string, rev int) error
	// Searchable counts the items a full reindex writes.
	Searchable(ctx context.Context) (int, error)
	// Each calls fn with every searchable item, in batches, until fn fails.
	Each(ctx context.Context, fn func(batch []Item) error) error
}

// Kind is one kind of document and its source, as a context contributes it.
type Kind struct {
	Name   string // the search document type, unique across contexts
	Source Source
}

type kind struct {
	name   string
	index  search.Index
	source Source
}

// Registry dispatches index tasks and reindexes by kind.
type Registry struct {
	kinds []kind
	log   *slog.Logger
}

// New returns an empty registry; log (nil for none) reports rebuilds of empty indexes.
func New(log *slog.Logger) *Registry {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Registry{log: log}
}

// Register adds kinds whose documents go to index. Kinds are reindexed in the order they were
// registered. Registering a kind twice is a wiring mistake and panics.
func (r *Registry) Register(index search.Index, kinds ...Kind) {
	for _, k := range kinds {
		if _, ok := r.kind(k.Name); ok {
			panic(fmt.Sprintf("indexing: kind %q registered twice", k.Name))
		}
		r.kinds = append(r.kinds, kind{name: k.Name, index: index, source: k.Source})
	}
}

func (r *Registry) kind(name string) (kind, bool) {
	i := slices.IndexFunc(r.kinds, func(k kind) bool { return k.name == name })
	if i < 0 {
		return kind{}, false
	}
	return r.kinds[i], true
}

// indexes returns each registered index once.
func (r *Registry) indexes() []search.Index {
	var out []search.Index
	for _, k := range r.kinds {
		if !slices.Contains(out, k.index) {
			out = append(out, k.index)
		}
	}
	return out
}

// HandleTask indexes the item a task names; a payload naming no registered kind is not retried.
func (r *Registry) HandleTask(ctx context.Context, t *asynq.Task) error {
	var p Payload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID == "" {
		return fmt.Errorf("index task payload %q is not {kind, id}: %w", t.Payload(), asynq.SkipRetry)
	}
	if _, ok := r.kind(p.Kind); !ok {
		return fmt.Errorf("index task names unknown kind %q: %w", p.Kind, asynq.SkipRetry)
	}
	return r.IndexItem(ctx, p.Kind, p.ID)
}

// IndexItem brings the document of one item up to date and records the revision indexed.
// Running it twice does no harm. Two runs for one item can overlap (an edit enqueues a new task
// while an older one runs) and the index applies writes in the order they arrive, so after
// writing, IndexItem checks that the item did not change meanwhile and writes again if it did:
// the last write always reflects the latest revision.
func (r *Registry) IndexItem(ctx context.Context, kindName, id string) error {
	k, ok := r.kind(kindName)
	if !ok {
		return fmt.Errorf("index %s: unknown kind %q", id, kindName)
	}
	const attempts = 5
	for range attempts {
		doc, searchable, rev, err := k.source.Document(ctx, id)
		if err != nil {
			return fmt.Errorf("index %s %s: %w", kindName, id, err)
		}
		if searchable {
			err = k.index.Upsert(ctx, doc)
		} else {
			err = k.index.Delete(ctx, search.DocumentID(kindName, id))
		}
		if err != nil {
			return fmt.Errorf("index %s %s: %w", kindName, id, err)
		}
		now, err := k.source.Revision(ctx, id)
		if err != nil {
			return fmt.Errorf("index %s %s: %w", kindName, id, err)
		}
		if now != rev {
			continue
		}
		if rev == 0 {
			return nil // the item no longer exists
		}
		return k.source.Indexed(ctx, id, rev)
	}
	return fmt.Errorf("index %s %s: it kept changing while being indexed", kindName, id)
}

// Reindex rebuilds every index from MongoDB: it applies each index's settings and empties it,
// then writes every searchable item of each kind in batches, calling progress (when not nil)
// after each batch. It returns how many documents of each kind it wrote.
func (r *Registry) Reindex(ctx context.Context, progress func(done, total int)) (map[string]int, error) {
	return r.rebuild(ctx, r.kinds, progress)
}

// rebuild empties the indexes of kinds and writes every searchable item of kinds into them.
func (r *Registry) rebuild(ctx context.Context, kinds []kind, progress func(done, total int)) (map[string]int, error) {
	counts := make(map[string]int, len(kinds))
	total := 0
	var indexes []search.Index
	for _, k := range kinds {
		if !slices.Contains(indexes, k.index) {
			indexes = append(indexes, k.index)
		}
		n, err := k.source.Searchable(ctx)
		if err != nil {
			return counts, fmt.Errorf("reindex: count %s documents: %w", k.name, err)
		}
		total += n
	}
	for _, idx := range indexes {
		if err := idx.Apply(ctx); err != nil {
			return counts, fmt.Errorf("reindex: apply settings: %w", err)
		}
		if err := idx.Reset(ctx); err != nil {
			return counts, fmt.Errorf("reindex: empty the index: %w", err)
		}
	}
	done := 0
	report := func() {
		if progress != nil {
			progress(done, total)
		}
	}
	report()
	for _, k := range kinds {
		counts[k.name] = 0
		err := k.source.Each(ctx, func(batch []Item) error {
			if err := r.write(ctx, k, batch); err != nil {
				return err
			}
			counts[k.name] += len(batch)
			done += len(batch)
			report()
			return nil
		})
		if err != nil {
			return counts, fmt.Errorf("reindex %s: %w", k.name, err)
		}
	}
	return counts, nil
}

func (r *Registry) write(ctx context.Context, k kind, batch []Item) error {
	if len(batch) == 0 {
		return nil
	}
	docs := make([]search.Document, len(batch))
	for i, it := range batch {
		docs[i] = it.Document
	}
	if err := k.index.Upsert(ctx, docs...); err != nil {
		return fmt.Errorf("write %d documents: %w", len(docs), err)
	}
	// Only revisions not yet recorded are written back: on the embedded database every guarded
	// update reads the whole collection, which made a full reindex quadratic.
	for _, it := range batch {
		if !it.Recorded {
			if err := k.source.Indexed(ctx, it.ID, it.Revision); err != nil {
				return err
			}
		}
	}
	return nil
}

// Ensure applies the settings of every index and rebuilds each one that is empty while its
// sources have searchable items (a new or lost index).
func (r *Registry) Ensure(ctx context.Context) error {
	if err := r.ApplySettings(ctx); err != nil {
		return err
	}
	return r.RebuildEmpty(ctx)
}

// ApplySettings makes every index ready for searches: what is searchable,
// filterable and sortable.
func (r *Registry) ApplySettings(ctx context.Context) error {
	for _, idx := range r.indexes() {
		if err := idx.Apply(ctx); err != nil {
			return fmt.Errorf("ensure search index: %w", err)
		}
	}
	return nil
}

// RebuildEmpty rebuilds each index that is empty while its sources have
// searchable items (a new or lost index).
func (r *Registry) RebuildEmpty(ctx context.Context) error {
	for _, idx := range r.indexes() {
		n, err := idx.Count(ctx)
		if err != nil {
			return fmt.Errorf("ensure search index: count documents: %w", err)
		}
		if n > 0 {
			continue
		}
		var kinds []kind
		items := 0
		for _, k := range r.kinds {
			if k.index != idx {
				continue
			}
			kinds = append(kinds, k)
			c, err := k.source.Searchable(ctx)
			if err != nil {
				return fmt.Errorf("ensure search index: count %s documents: %w", k.name, err)
			}
			items += c
		}
		if items == 0 {
			continue
		}
		r.log.InfoContext(ctx, "rebuilding an empty search index", "items", items)
		if _, err := r.rebuild(ctx, kinds, nil); err != nil {
			return fmt.Errorf("ensure search index: %w", err)
		}
	}
	return nil
}
