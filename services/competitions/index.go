package competitions

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hibiken/asynq"
	"go.mongodb.org/mongo-driver/bson"

	"academy/jobs"
	"academy/services/competitions/scoring"
	"academy/services/kit/apperr"
	"academy/services/search"
	"academy/services/search/indexing"
)

// SearchKinds returns the competitions' kind of searchable document, for
// the indexing registry. Drafts are not searchable.
func (s *Service) SearchKinds() []indexing.Kind {
	return []indexing.Kind{{Name: search.TypeCompetition, Source: competitionSource{s}}}
}

// statusOrder numbers the statuses, for revisions.
var statusOrder = []string{StatusDraft, StatusUpcoming, StatusRunning, StatusFinalising, StatusFinished}

// indexRevision is the revision of a competition's search document at now:
// it changes with every edit and with its status, which the clock moves too.
func indexRevision(c Competition, now time.Time) int {
	return c.Version*len(statusOrder) + slices.Index(statusOrder, c.Status(now))
}

// index enqueues the indexing of c as it is now and as it will be when its
// status changes by the clock, at its start and end. The scheduled tasks
// are lost with the queue (an embedded restart), so the next change is also
// listed for ReconcileStatus.
func (s *Service) index(ctx context.Context, c Competition) {
	now := s.clock()
	if err := s.store.SetStatusChange(ctx, c.ID, nextStatusChange(c, now)); err != nil {
		s.log.Warn("list the next status change of a competition", "competition", c.ID, "err", err)
	}
	for _, at := range []time.Time{now, c.StartAt, c.EndAt} {
		if at.Before(now) {
			continue
		}
		payload, _ := json.Marshal(indexing.Payload{Kind: search.TypeCompetition, ID: c.ID}) // two strings always encode
		rev := indexRevision(c, at)
		opts := []asynq.Option{asynq.TaskID(fmt.Sprintf("%s:%s:%s:%d", indexing.TypeTask, search.TypeCompetition, c.ID, rev))}
		if at.After(now) {
			opts = append(opts, asynq.ProcessAt(at))
		}
		t := jobs.NewTask(indexing.TypeTask, payload, opts...)
		if _, err := s.queue.Add(ctx, t); err != nil {
			s.log.Warn("enqueue indexing of a competition", "competition", c.ID, "err", err)
		}
	}
}

// nextStatusChange is when c's status next changes by the clock after now,
// zero when only a person changes it (a draft, or once finalising).
func nextStatusChange(c Competition, now time.Time) time.Time {
	if c.State != StatePublished {
		return time.Time{}
	}
	for _, at := range []time.Time{c.StartAt, c.EndAt} {
		if at.After(now) {
			return at
		}
	}
	return time.Time{}
}

// ReconcileStatus re-enqueues the indexing of the competitions whose status
// changed by the clock while their search document still shows the old
// one, as when a restart lost the tasks scheduled at their start or end; it
// returns how many it enqueued. It reads the listed next changes, not the
// competitions, and moves a competition's entry on only once the index
// shows its status now.
func (s *Service) ReconcileStatus(ctx context.Context) (int, error) {
	changes, err := s.store.StatusChanges(ctx)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	n := 0
	for id, at := range changes {
		if at.After(now) {
			continue
		}
		c, err := s.store.Competition(ctx, id)
		if apperr.Is(err, apperr.NotFound) {
			if err := s.store.SetStatusChange(ctx, id, time.Time{}); err != nil {
				return n, err
			}
			continue
		}
		if err != nil {
			return n, err
		}
		if rev := indexRevision(c, now); c.IndexedRev != rev {
			// A task of its own, not the revision's, which a lost or archived
			// task may still hold; runs within one minute collapse.
			payload, _ := json.Marshal(indexing.Payload{Kind: search.TypeCompetition, ID: c.ID}) // two strings always encode
			taskID := fmt.Sprintf("%s:%s:%s:%d:reconcile:%d", indexing.TypeTask, search.TypeCompetition, c.ID, rev, now.Unix()/60)
			if _, err := s.queue.Add(ctx, jobs.NewTask(indexing.TypeTask, payload, asynq.TaskID(taskID))); err != nil {
				return n, fmt.Errorf("reconcile the status of competition %s: %w", c.ID, err)
			}
			n++
			continue
		}
		if err := s.store.SetStatusChange(ctx, id, nextStatusChange(c, now)); err != nil {
			return n, err
		}
	}
	return n, nil
}

// competitionSource builds the search documents of competitions.
type competitionSource struct{ s *Service }

func (cs competitionSource) Document(ctx context.Context, id string) (search.Document, bool, int, error) {
	c, err := cs.s.store.Competition(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return search.Document{}, false, 0, nil
	}
	if err != nil {
		return search.Document{}, false, 0, err
	}
	now := cs.s.clock()
	if c.State == StateDraft {
		return search.Document{}, false, indexRevision(c, now), nil
	}
	doc, err := cs.s.document(ctx, c, now)
	return doc, err == nil, indexRevision(c, now), err
}

func (cs competitionSource) Revision(ctx context.Context, id string) (int, error) {
	c, err := cs.s.store.Competition(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return 0, nil
	}
	return indexRevision(c, cs.s.clock()), err
}

func (cs competitionSource) Indexed(ctx context.Context, id string, rev int) error {
	_, _, err := cs.s.store.UpdateCompetition(ctx, id, nil, bson.M{"$set": bson.M{"indexed_rev": rev}})
	return err
}

func (cs competitionSource) Searchable(ctx context.Context) (int, error) {
	n := 0
	err := cs.each(ctx, func(batch []Competition) error { n += len(batch); return nil })
	return n, err
}

func (cs competitionSource) Each(ctx context.Context, fn func([]indexing.Item) error) error {
	return cs.each(ctx, func(batch []Competition) error {
		now := cs.s.clock()
		items := make([]indexing.Item, len(batch))
		for i, c := range batch {
			doc, err := cs.s.document(ctx, c, now)
			if err != nil {
				return err
			}
			rev := indexRevision(c, now)
			items[i] = indexing.Item{ID: c.ID, Revision: rev, Document: doc, Recorded: c.IndexedRev == rev}
		}
		return fn(items)
	})
}

// each calls fn with every published competition, in batches.
func (cs competitionSource) each(ctx context.Context, fn func([]Competition) error) error {
	const batch = 100
	for after := (ListPos{}); ; {
		list, err := cs.s.store.Competitions(ctx, bson.M{"state": bson.M{"$ne": StateDraft}}, after, batch)
		if err != nil || len(list) == 0 {
			return err
		}
		if err := fn(list); err != nil {
			return err
		}
		last := list[len(list)-1]
		after = ListPos{StartAt: last.StartAt, ID: last.ID}
	}
}

// document is the search document of a published competition at now: its
// host is its institution facet, its skills' labels in every language and
// its tags are words it is found by.
func (s *Service) document(ctx context.Context, c Competition, now time.Time) (search.Document, error) {
	host := c.Host.Slug
	if c.Host.Kind != HostOrg {
		host = HostPlatform
	}
	doc := search.Document{
		ID: search.DocumentID(search.TypeCompetition, c.ID), Type: search.TypeCompetition, Slug: c.Slug, Title: c.Title,
		Summary: c.Summary, Body: strings.Join(append([]string{c.Overview}, c.Tags...), "\n"), Language: firstOr(c.Languages, "en"),
		Level: c.Level, Institution: host, InstitutionName: c.Host.Name, Languages: c.Languages, Status: c.Status(now),
		Skills: skillIDs(c.Skills),
	}
	if c.PublishedAt != nil {
		doc.PublishedAt = *c.PublishedAt
	}
	if m, err := scoring.LookupMetric(c.FinalPhase().Evaluation.Metric); err == nil {
		doc.MetricType = m.Kind
	}
	for _, ref := range c.Skills {
		sk, err := s.skills.Skill(ctx, ref.ID)
		if apperr.Is(err, apperr.NotFound) {
			continue
		}
		if err != nil {
			return doc, fmt.Errorf("skill %s of competition %s: %w", ref.ID, c.Slug, err)
		}
		for _, l := range sk.Labels {
			doc.SkillLabels = append(doc.SkillLabels, l)
		}
		for _, alts := range sk.AltLabels {
			doc.SkillLabels = append(doc.SkillLabels, alts...)
		}
	}
	return doc, nil
}
