package catalog

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/jobs"
	"academy/services/kit/apperr"
	"academy/services/search"
)

// TypeIndexTask is the task that brings one item's search document up to date.
const TypeIndexTask = jobs.TypeSearchIndex

// Kinds of catalogue items an index task names.
const (
	KindProgramme = search.TypeProgramme
	KindCourse    = search.TypeCourse
)

// reindexBatch is how many items Reindex reads and indexes at a time.
const reindexBatch = 1000

// IndexPayload names the item an index task updates; the handler reads the rest from MongoDB.
type IndexPayload struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// NewIndexTask returns the task that indexes revision rev of an item; its
// task id makes repeated enqueues of the same revision collapse into one.
func NewIndexTask(kind, id string, rev int) *asynq.Task {
	payload, _ := json.Marshal(IndexPayload{Kind: kind, ID: id}) // two strings always encode
	return jobs.NewTask(TypeIndexTask, payload, asynq.TaskID(fmt.Sprintf("%s:%s:%s:%d", TypeIndexTask, kind, id, rev)))
}

// HandleIndexTask indexes the item a task names: its current search document
// if it is published, no document otherwise.
func (s *Service) HandleIndexTask(ctx context.Context, t *asynq.Task) error {
	var p IndexPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.ID == "" || (p.Kind != KindCourse && p.Kind != KindProgramme) {
		return fmt.Errorf("index task payload %q is not {kind, id}: %w", t.Payload(), asynq.SkipRetry)
	}
	return s.IndexItem(ctx, p.Kind, p.ID)
}

// IndexItem brings the search document of one item up to date and records the
// revision indexed. Running it twice does no harm. Two runs for one item can
// overlap (an edit enqueues a new task while an older one runs) and the index
// applies writes in the order they arrive, so after writing, IndexItem checks
// that the item did not change meanwhile and writes again if it did: the last
// write always reflects the latest revision.
func (s *Service) IndexItem(ctx context.Context, kind, id string) error {
	const attempts = 5
	for i := 0; i < attempts; i++ {
		rev, err := s.indexRevision(ctx, kind, id)
		if err != nil {
			return err
		}
		now, err := s.revisionOf(ctx, kind, id)
		if err != nil {
			return err
		}
		if now != rev {
			continue
		}
		if rev == 0 {
			return nil // the item no longer exists
		}
		return s.store.markIndexed(ctx, kind, id, rev)
	}
	return fmt.Errorf("index %s %s: it kept changing while being indexed", kind, id)
}

// indexRevision writes the item's current search document, or deletes it
// when the item is not published, and returns the revision it wrote.
func (s *Service) indexRevision(ctx context.Context, kind, id string) (int, error) {
	var (
		rev       int
		published bool
		doc       search.Document
	)
	switch kind {
	case KindProgramme:
		p, err := s.store.ProgrammeByID(ctx, id)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return 0, err
		}
		if err == nil && p.Status == StatusPublished {
			src, err := s.documentSources(ctx, p.Skills)
			if err != nil {
				return 0, err
			}
			doc, published = src.programmeDocument(p), true
		}
		rev = p.Revision
	case KindCourse:
		c, err := s.store.CourseByID(ctx, id)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return 0, err
		}
		if err == nil && c.Status == StatusPublished && c.Published != nil {
			src, err := s.documentSources(ctx, courseSkillIDs(c))
			if err != nil {
				return 0, err
			}
			doc, published = src.courseDocument(c), true
		}
		rev = c.Revision
	default:
		return 0, fmt.Errorf("index %s: unknown kind %q", id, kind)
	}
	var err error
	if published {
		err = s.index.Upsert(ctx, doc)
	} else {
		err = s.index.Delete(ctx, search.DocumentID(kind, id))
	}
	if err != nil {
		return 0, fmt.Errorf("index %s %s: %w", kind, id, err)
	}
	return rev, nil
}

// revisionOf returns the item's current revision, 0 when it does not exist.
func (s *Service) revisionOf(ctx context.Context, kind, id string) (int, error) {
	var rev int
	var err error
	if kind == KindProgramme {
		var p Programme
		p, err = s.store.ProgrammeByID(ctx, id)
		rev = p.Revision
	} else {
		var c Course
		c, err = s.store.CourseByID(ctx, id)
		rev = c.Revision
	}
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	return rev, err
}

func courseSkillIDs(c Course) []string {
	if c.Published == nil {
		return nil
	}
	ids := make([]string, len(c.Published.Skills))
	for i, s := range c.Published.Skills {
		ids[i] = s.Skill
	}
	return ids
}

func (s *Service) documentSources(ctx context.Context, skillIDs []string) (documentSources, error) {
	insts, err := s.store.allInstitutions(ctx)
	if err != nil {
		return documentSources{}, err
	}
	skills, err := s.store.SkillsByID(ctx, skillIDs)
	if err != nil {
		return documentSources{}, err
	}
	return documentSources{institutions: insts, skills: skills}, nil
}

// enqueueIndex queues the indexing of an item's revision. The item is already
// marked stale, so a failure only delays indexing until ReconcileIndex.
func (s *Service) enqueueIndex(ctx context.Context, kind, id string, rev int) {
	if s.queue == nil {
		return
	}
	if err := s.queue.Enqueue(ctx, NewIndexTask(kind, id, rev)); err != nil {
		s.log.WarnContext(ctx, "enqueue search indexing; the reconciler will retry", "kind", kind, "id", id, "err", err)
	}
}

// ReconcileIndex enqueues an index task for every item whose latest revision
// is not yet indexed, and returns how many it enqueued. The lead process runs
// it periodically, so a lost task only delays indexing.
func (s *Service) ReconcileIndex(ctx context.Context) (int, error) {
	if s.queue == nil {
		return 0, nil
	}
	n := 0
	for _, kind := range []string{KindProgramme, KindCourse} {
		stale, err := s.store.staleItems(ctx, kind)
		if err != nil {
			return n, err
		}
		for _, it := range stale {
			// A task of its own, not the revision's: the revision's task may sit
			// in the queue's retry schedule or archive, where its id would make
			// this enqueue a no-op. Reconciles within one minute still collapse.
			id := fmt.Sprintf("%s:%s:%s:%d:reconcile:%d", TypeIndexTask, kind, it.ID, it.Revision, s.now().Unix()/60)
			if err := s.queue.Enqueue(ctx, NewIndexTask(kind, it.ID, it.Revision), asynq.TaskID(id)); err != nil {
				return n, fmt.Errorf("reconcile search index: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// ReindexCounts says how many documents a reindex wrote.
type ReindexCounts struct {
	Programmes int `json:"programmes"`
	Courses    int `json:"courses"`
}

// Reindex rebuilds idx from MongoDB: it empties it, then writes every
// published programme and course in batches, calling progress (when not nil)
// after each batch.
func (s *Service) Reindex(ctx context.Context, idx search.Index, progress func(done, total int)) (ReindexCounts, error) {
	var counts ReindexCounts
	if err := idx.Apply(ctx); err != nil {
		return counts, fmt.Errorf("reindex: apply settings: %w", err)
	}
	programmes, courses, err := s.store.countPublished(ctx)
	if err != nil {
		return counts, err
	}
	total := programmes + courses
	if err := idx.Reset(ctx); err != nil {
		return counts, fmt.Errorf("reindex: empty the index: %w", err)
	}
	insts, err := s.store.allInstitutions(ctx)
	if err != nil {
		return counts, err
	}
	report := func() {
		if progress != nil {
			progress(counts.Programmes+counts.Courses, total)
		}
	}
	report()
	type indexed struct {
		kind, id string
		rev      int
	}
	write := func(docs []search.Document, done []indexed) error {
		if len(docs) == 0 {
			return nil
		}
		// Only items whose latest revision was not yet recorded as indexed
		// are written back: on the embedded database every guarded update
		// reads the whole collection, which made a full reindex quadratic.
		if err := idx.Upsert(ctx, docs...); err != nil {
			return fmt.Errorf("reindex: write %d documents: %w", len(docs), err)
		}
		for _, d := range done {
			if err := s.store.markIndexed(ctx, d.kind, d.id, d.rev); err != nil {
				return err
			}
		}
		return nil
	}
	for after := ""; ; {
		batch, err := publishedBatch[Programme](ctx, s.store.programmes, after, reindexBatch)
		if err != nil || len(batch) == 0 {
			if err != nil {
				return counts, err
			}
			break
		}
		var ids []string
		for _, p := range batch {
			ids = append(ids, p.Skills...)
		}
		skills, err := s.store.SkillsByID(ctx, ids)
		if err != nil {
			return counts, err
		}
		src := documentSources{institutions: insts, skills: skills}
		docs := make([]search.Document, len(batch))
		var done []indexed
		for i, p := range batch {
			docs[i] = src.programmeDocument(p)
			if p.needsIndexMark() {
				done = append(done, indexed{KindProgramme, p.ID, p.Revision})
			}
		}
		if err := write(docs, done); err != nil {
			return counts, err
		}
		counts.Programmes += len(batch)
		report()
		after = batch[len(batch)-1].ID
	}
	for after := ""; ; {
		batch, err := publishedBatch[Course](ctx, s.store.courses, after, reindexBatch)
		if err != nil || len(batch) == 0 {
			if err != nil {
				return counts, err
			}
			break
		}
		var ids []string
		for _, c := range batch {
			ids = append(ids, courseSkillIDs(c)...)
		}
		skills, err := s.store.SkillsByID(ctx, ids)
		if err != nil {
			return counts, err
		}
		src := documentSources{institutions: insts, skills: skills}
		var docs []search.Document
		var done []indexed
		for _, c := range batch {
			if c.Published == nil {
				continue
			}
			docs = append(docs, src.courseDocument(c))
			if c.needsIndexMark() {
				done = append(done, indexed{KindCourse, c.ID, c.Revision})
			}
		}
		if err := write(docs, done); err != nil {
			return counts, err
		}
		counts.Courses += len(docs)
		report()
		after = batch[len(batch)-1].ID
	}
	return counts, nil
}

// EnsureIndex applies the index settings and rebuilds the service's index when
// it is empty while MongoDB has published items (a new or lost index).
func (s *Service) EnsureIndex(ctx context.Context) error {
	if err := s.ApplyIndexSettings(ctx); err != nil {
		return err
	}
	return s.RebuildEmptyIndex(ctx)
}

// ApplyIndexSettings makes the index ready for searches: what is searchable,
// filterable and sortable.
func (s *Service) ApplyIndexSettings(ctx context.Context) error {
	if err := s.index.Apply(ctx); err != nil {
		return fmt.Errorf("ensure search index: %w", err)
	}
	return nil
}

// RebuildEmptyIndex rebuilds the index when it is empty while MongoDB has
// published items (a new or lost index).
func (s *Service) RebuildEmptyIndex(ctx context.Context) error {
	n, err := s.index.Count(ctx)
	if err != nil {
		return fmt.Errorf("ensure search index: count documents: %w", err)
	}
	if n > 0 {
		return nil
	}
	programmes, courses, err := s.store.countPublished(ctx)
	if err != nil || programmes+courses == 0 {
		return err
	}
	s.log.InfoContext(ctx, "rebuilding the empty search index", "programmes", programmes, "courses", courses)
	_, err = s.Reindex(ctx, s.index, nil)
	return err
}
