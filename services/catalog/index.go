package catalog

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"

	"academy/services/kit/apperr"
	"academy/services/search"
	"academy/services/search/indexing"
)

// Kinds of catalogue items, the search document types they are indexed as.
const (
	KindProgramme = search.TypeProgramme
	KindCourse    = search.TypeCourse
)

// reindexBatch is how many items a reindex reads and indexes at a time.
const reindexBatch = 1000

// SearchKinds returns the catalogue's kinds of searchable documents, for the indexing registry.
func (s *Service) SearchKinds() []indexing.Kind {
	return []indexing.Kind{{Name: KindProgramme, Source: programmeSource{s}}, {Name: KindCourse, Source: courseSource{s}}}
}

// programmeSource builds the search documents of programmes.
type programmeSource struct{ s *Service }

func (ps programmeSource) Document(ctx context.Context, id string) (search.Document, bool, int, error) {
	p, err := ps.s.store.ProgrammeByID(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return search.Document{}, false, 0, nil
	}
	if err != nil || p.Status != StatusPublished {
		return search.Document{}, false, p.Revision, err
	}
	src, err := ps.s.documentSources(ctx, p.Skills)
	if err != nil {
		return search.Document{}, false, 0, err
	}
	return src.programmeDocument(p), true, p.Revision, nil
}

func (ps programmeSource) Revision(ctx context.Context, id string) (int, error) {
	p, err := ps.s.store.ProgrammeByID(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	return p.Revision, err
}

func (ps programmeSource) Indexed(ctx context.Context, id string, rev int) error {
	return ps.s.store.markIndexed(ctx, KindProgramme, id, rev)
}

func (ps programmeSource) Searchable(ctx context.Context) (int, error) {
	programmes, _, err := ps.s.store.countPublished(ctx)
	return programmes, err
}

func (ps programmeSource) Each(ctx context.Context, fn func([]indexing.Item) error) error {
	insts, err := ps.s.store.allInstitutions(ctx)
	if err != nil {
		return err
	}
	for after := ""; ; {
		batch, err := publishedBatch[Programme](ctx, ps.s.store.programmes, after, reindexBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		var ids []string
		for _, p := range batch {
			ids = append(ids, p.Skills...)
		}
		skills, err := ps.s.store.SkillsByID(ctx, ids)
		if err != nil {
			return err
		}
		src := documentSources{institutions: insts, skills: skills}
		items := make([]indexing.Item, len(batch))
		for i, p := range batch {
			items[i] = indexing.Item{ID: p.ID, Revision: p.Revision, Document: src.programmeDocument(p), Recorded: !p.needsIndexMark()}
		}
		if err := fn(items); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}

// courseSource builds the search documents of courses, from their published version.
type courseSource struct{ s *Service }

func (cs courseSource) Document(ctx context.Context, id string) (search.Document, bool, int, error) {
	c, err := cs.s.store.CourseByID(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return search.Document{}, false, 0, nil
	}
	if err != nil || c.Status != StatusPublished || c.Published == nil {
		return search.Document{}, false, c.Revision, err
	}
	src, err := cs.s.documentSources(ctx, courseSkillIDs(c))
	if err != nil {
		return search.Document{}, false, 0, err
	}
	return src.courseDocument(c), true, c.Revision, nil
}

func (cs courseSource) Revision(ctx context.Context, id string) (int, error) {
	c, err := cs.s.store.CourseByID(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	return c.Revision, err
}

func (cs courseSource) Indexed(ctx context.Context, id string, rev int) error {
	return cs.s.store.markIndexed(ctx, KindCourse, id, rev)
}

func (cs courseSource) Searchable(ctx context.Context) (int, error) {
	_, courses, err := cs.s.store.countPublished(ctx)
	return courses, err
}

func (cs courseSource) Each(ctx context.Context, fn func([]indexing.Item) error) error {
	insts, err := cs.s.store.allInstitutions(ctx)
	if err != nil {
		return err
	}
	for after := ""; ; {
		batch, err := publishedBatch[Course](ctx, cs.s.store.courses, after, reindexBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		var ids []string
		for _, c := range batch {
			ids = append(ids, courseSkillIDs(c)...)
		}
		skills, err := cs.s.store.SkillsByID(ctx, ids)
		if err != nil {
			return err
		}
		src := documentSources{institutions: insts, skills: skills}
		var items []indexing.Item
		for _, c := range batch {
			if c.Published != nil {
				items = append(items, indexing.Item{ID: c.ID, Revision: c.Revision, Document: src.courseDocument(c), Recorded: !c.needsIndexMark()})
			}
		}
		if err := fn(items); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
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
	if err := s.queue.Enqueue(ctx, indexing.NewTask(kind, id, rev)); err != nil {
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
			id := fmt.Sprintf("%s:%s:%s:%d:reconcile:%d", indexing.TypeTask, kind, it.ID, it.Revision, s.now().Unix()/60)
			if err := s.queue.Enqueue(ctx, indexing.NewTask(kind, it.ID, it.Revision), asynq.TaskID(id)); err != nil {
				return n, fmt.Errorf("reconcile search index: %w", err)
			}
			n++
		}
	}
	return n, nil
}
