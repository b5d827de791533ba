package catalog

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/guarded"
	"academy/services/kit/mongokit"
	"academy/services/kit/mongoserver"
)

// Store keeps the catalogue in MongoDB. Every write is one single-document
// operation, guarded by the item's revision where a concurrent edit could be
// lost; guarded writes go through guard.
type Store struct {
	guard        *guarded.Writer
	institutions *mongo.Collection
	programmes   *mongo.Collection
	courses      *mongo.Collection
	versions     *mongo.Collection
	skills       *mongo.Collection
	skillCache   *skillCache
	occupations  *mongo.Collection
	// occupationCache serves every occupation read.
	occupationCache *occupationCache
	// Slug lookups go through these: see slugDirectory.
	institutionSlugs, programmeSlugs, courseSlugs *slugDirectory
}

// NewStore returns the catalogue store on db, whose guarded writes go through w.
func NewStore(db *mongo.Database, w *guarded.Writer) *Store {
	s := &Store{
		guard:           w,
		institutions:    db.Collection("institutions"),
		programmes:      db.Collection("programmes"),
		courses:         db.Collection("courses"),
		versions:        db.Collection("course_versions"),
		skills:          db.Collection("skills"),
		skillCache:      &skillCache{},
		occupations:     db.Collection("occupations"),
		occupationCache: &occupationCache{},
	}
	s.institutionSlugs = newSlugDirectory(s.institutions)
	s.programmeSlugs = newSlugDirectory(s.programmes)
	s.courseSlugs = newSlugDirectory(s.courses)
	return s
}

// EnsureIndexes creates the indexes the store relies on, unique slugs among them.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	unique := options.Index().SetUnique(true)
	plan := []struct {
		coll   *mongo.Collection
		models []mongo.IndexModel
	}{
		{s.institutions, []mongo.IndexModel{{Keys: bson.D{{Key: "slug", Value: 1}}, Options: unique}}},
		{s.programmes, []mongo.IndexModel{
			{Keys: bson.D{{Key: "slug", Value: 1}}, Options: unique},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "slug", Value: 1}}},
			{Keys: bson.D{{Key: "index_stale", Value: 1}}},
		}},
		{s.courses, []mongo.IndexModel{
			{Keys: bson.D{{Key: "slug", Value: 1}}, Options: unique},
			{Keys: bson.D{{Key: "status", Value: 1}, {Key: "slug", Value: 1}}},
			{Keys: bson.D{{Key: "index_stale", Value: 1}}},
		}},
		{s.versions, []mongo.IndexModel{{Keys: bson.D{{Key: "course_id", Value: 1}, {Key: "version", Value: 1}}, Options: unique}}},
	}
	for _, p := range plan {
		if err := mongoserver.EnsureIndexes(ctx, p.coll, p.models...); err != nil {
			return err
		}
	}
	return nil
}

// errEditConflict reports a write that lost a race with another edit.
var errEditConflict = apperr.Conflictf("edit-conflict", "the item was changed at the same time; reload it and try again")

// slugPage lists documents matching filter in slug order, after the given slug.
func slugPage[T any](ctx context.Context, coll *mongo.Collection, filter bson.M, after string, limit int) ([]T, error) {
	if after != "" {
		filter["slug"] = bson.M{"$gt": after}
	}
	return mongokit.FindAll[T](ctx, coll, filter, options.Find().SetSort(bson.D{{Key: "slug", Value: 1}}).SetLimit(int64(limit)))
}

// slugTaken turns a write refused by the unique slug index into a conflict naming the field.
func slugTaken(err error, slug string) error {
	if mongoserver.IsDuplicateKey(err) {
		e := apperr.Conflictf("slug-taken", "the slug %q is already taken", slug)
		e.Fields = []apperr.FieldError{{Field: "slug", Message: "is already taken"}}
		return e
	}
	return err
}

// replaceAtRevision replaces the document id if it still has revision rev.
func (s *Store) replaceAtRevision(ctx context.Context, coll *mongo.Collection, id string, rev int, doc any, slug string) error {
	ok, err := s.guard.Replace(ctx, coll, id, bson.M{"revision": rev}, doc)
	if err != nil {
		return fmt.Errorf("replace %s in %s: %w", id, coll.Name(), slugTaken(err, slug))
	}
	if !ok {
		return errEditConflict
	}
	return nil
}

// Institution returns the institution with this slug.
func (s *Store) Institution(ctx context.Context, slug string) (Institution, error) {
	return bySlug(ctx, s.institutionSlugs, slug, "institution", func(id string) (Institution, error) { return s.InstitutionByID(ctx, id) },
		func(i Institution) string { return i.Slug })
}

// InstitutionByID returns the institution of the organisation id.
func (s *Store) InstitutionByID(ctx context.Context, id string) (Institution, error) {
	return mongokit.FindOne[Institution](ctx, s.institutions, bson.M{"_id": id}, "institution")
}

// Institutions lists institutions in slug order, after the given slug.
func (s *Store) Institutions(ctx context.Context, after string, limit int) ([]Institution, error) {
	return slugPage[Institution](ctx, s.institutions, bson.M{}, after, limit)
}

// PutInstitution creates or replaces an institution profile.
func (s *Store) PutInstitution(ctx context.Context, inst Institution) (err error) {
	defer func() { s.institutionSlugs.wrote(inst.Slug, inst.ID, err) }()
	_, err = s.institutions.ReplaceOne(ctx, bson.M{"_id": inst.ID}, inst, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("put institution %s: %w", inst.Slug, slugTaken(err, inst.Slug))
	}
	return nil
}

// InsertProgramme adds a new programme.
func (s *Store) InsertProgramme(ctx context.Context, p Programme) (err error) {
	defer func() { s.programmeSlugs.wrote(p.Slug, p.ID, err) }()
	if _, err := s.programmes.InsertOne(ctx, p); err != nil {
		return fmt.Errorf("insert programme %s: %w", p.Slug, slugTaken(err, p.Slug))
	}
	return nil
}

// Programme returns the programme with this slug.
func (s *Store) Programme(ctx context.Context, slug string) (Programme, error) {
	return bySlug(ctx, s.programmeSlugs, slug, "programme", func(id string) (Programme, error) { return s.ProgrammeByID(ctx, id) },
		func(p Programme) string { return p.Slug })
}

// ProgrammeByID returns the programme with this id.
func (s *Store) ProgrammeByID(ctx context.Context, id string) (Programme, error) {
	p, err := mongokit.FindOne[Programme](ctx, s.programmes, bson.M{"_id": id}, "programme")
	// Programmes stored before lists were kept empty have them as null.
	p.ProgrammeInput = p.ProgrammeInput.withEmptyLists()
	return p, err
}

// ReplaceProgramme stores p if the stored programme still has revision rev.
func (s *Store) ReplaceProgramme(ctx context.Context, p Programme, rev int) (err error) {
	defer func() { s.programmeSlugs.wrote(p.Slug, p.ID, err) }()
	return s.replaceAtRevision(ctx, s.programmes, p.ID, rev, p, p.Slug)
}

// ListFilter selects programmes or courses of a list.
type ListFilter struct {
	Status      string // empty: any
	Institution string // institution slug; empty: any
}

func (f ListFilter) bson() bson.M {
	m := bson.M{}
	if f.Status != "" {
		m["status"] = f.Status
	}
	if f.Institution != "" {
		m["institution"] = f.Institution
	}
	return m
}

// Programmes lists programmes in slug order, after the given slug.
func (s *Store) Programmes(ctx context.Context, f ListFilter, after string, limit int) ([]Programme, error) {
	return slugPage[Programme](ctx, s.programmes, f.bson(), after, limit)
}

// InsertCourse adds a new course.
func (s *Store) InsertCourse(ctx context.Context, c Course) (err error) {
	defer func() { s.courseSlugs.wrote(c.Slug, c.ID, err) }()
	if _, err := s.courses.InsertOne(ctx, c); err != nil {
		return fmt.Errorf("insert course %s: %w", c.Slug, slugTaken(err, c.Slug))
	}
	return nil
}

// Course returns the course with this slug.
func (s *Store) Course(ctx context.Context, slug string) (Course, error) {
	return bySlug(ctx, s.courseSlugs, slug, "course", func(id string) (Course, error) { return s.CourseByID(ctx, id) },
		func(c Course) string { return c.Slug })
}

// CourseByID returns the course with this id.
func (s *Store) CourseByID(ctx context.Context, id string) (Course, error) {
	return mongokit.FindOne[Course](ctx, s.courses, bson.M{"_id": id}, "course")
}

// ReplaceCourse stores c if the stored course still has revision rev.
func (s *Store) ReplaceCourse(ctx context.Context, c Course, rev int) (err error) {
	defer func() { s.courseSlugs.wrote(c.Slug, c.ID, err) }()
	return s.replaceAtRevision(ctx, s.courses, c.ID, rev, c, c.Slug)
}

// Courses lists courses in slug order, after the given slug.
func (s *Store) Courses(ctx context.Context, f ListFilter, after string, limit int) ([]Course, error) {
	return slugPage[Course](ctx, s.courses, f.bson(), after, limit)
}

// InsertVersion stores a published course structure. Storing the same
// version with the same structure again succeeds, so a publish that stopped
// half-way can be repeated; a different structure under that version conflicts.
func (s *Store) InsertVersion(ctx context.Context, v CourseVersion) error {
	v.ID = fmt.Sprintf("%s:%d", v.CourseID, v.Version)
	_, err := s.versions.InsertOne(ctx, v)
	if !mongo.IsDuplicateKeyError(err) {
		if err != nil {
			return fmt.Errorf("insert version %d of course %s: %w", v.Version, v.CourseID, err)
		}
		return nil
	}
	existing, err := s.Version(ctx, v.CourseID, v.Version)
	if err != nil {
		return err
	}
	if existing.TreeHash != v.TreeHash {
		return errEditConflict
	}
	return nil
}

// Version returns one published version of a course's structure.
func (s *Store) Version(ctx context.Context, courseID string, version int) (CourseVersion, error) {
	return mongokit.FindOne[CourseVersion](ctx, s.versions, bson.M{"course_id": courseID, "version": version}, "course version")
}

// markIndexed records that revision rev of the item is in the search index,
// unless the item changed since.
func (s *Store) markIndexed(ctx context.Context, kind, id string, rev int) error {
	coll, err := s.itemCollection(kind)
	if err != nil {
		return err
	}
	_, err = s.guard.Update(ctx, coll, id, bson.M{"revision": rev},
		bson.M{"$set": bson.M{"indexed_version": rev, "index_stale": false}})
	if err != nil {
		return fmt.Errorf("mark %s %s indexed: %w", kind, id, err)
	}
	return nil
}

func (s *Store) itemCollection(kind string) (*mongo.Collection, error) {
	switch kind {
	case KindCourse:
		return s.courses, nil
	case KindProgramme:
		return s.programmes, nil
	}
	return nil, fmt.Errorf("unknown catalogue item kind %q", kind)
}

// itemRef names a programme or course and its current revision.
type itemRef struct {
	ID       string `bson:"_id"`
	Revision int    `bson:"revision"`
}

// staleItems lists the items of kind whose latest revision is not indexed.
func (s *Store) staleItems(ctx context.Context, kind string) ([]itemRef, error) {
	coll, err := s.itemCollection(kind)
	if err != nil {
		return nil, err
	}
	return mongokit.FindAll[itemRef](ctx, coll, bson.M{"index_stale": true}, options.Find().SetProjection(bson.M{"_id": 1, "revision": 1}))
}

// markStale flags every item of an institution for reindexing, for a change
// the items' documents show (the institution's name or place). Each item is
// written on its own through the guard, so that no concurrent edit of it is lost.
func (s *Store) markStale(ctx context.Context, institution string) error {
	for _, coll := range []*mongo.Collection{s.programmes, s.courses} {
		items, err := mongokit.FindAll[itemRef](ctx, coll, bson.M{"institution": institution}, options.Find().SetProjection(bson.M{"_id": 1}))
		if err != nil {
			return err
		}
		for _, it := range items {
			_, err := s.guard.Update(ctx, coll, it.ID, nil, bson.M{"$set": bson.M{"index_stale": true}, "$inc": bson.M{"revision": 1}})
			if err != nil {
				return fmt.Errorf("mark %s %s for reindexing: %w", coll.Name(), it.ID, err)
			}
		}
	}
	return nil
}

// publishedBatch returns up to limit published items of kind after id, in id order.
func publishedBatch[T any](ctx context.Context, coll *mongo.Collection, after string, limit int) ([]T, error) {
	filter := bson.M{"status": StatusPublished}
	if after != "" {
		filter["_id"] = bson.M{"$gt": after}
	}
	return mongokit.FindAll[T](ctx, coll, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
}

func (s *Store) countPublished(ctx context.Context) (programmes, courses int, err error) {
	p, err := s.programmes.CountDocuments(ctx, bson.M{"status": StatusPublished})
	if err != nil {
		return 0, 0, fmt.Errorf("count published programmes: %w", err)
	}
	c, err := s.courses.CountDocuments(ctx, bson.M{"status": StatusPublished})
	if err != nil {
		return 0, 0, fmt.Errorf("count published courses: %w", err)
	}
	return int(p), int(c), nil
}

// allInstitutions returns every institution by slug.
func (s *Store) allInstitutions(ctx context.Context) (map[string]Institution, error) {
	list, err := mongokit.FindAll[Institution](ctx, s.institutions, bson.M{}, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Institution, len(list))
	for _, inst := range list {
		out[inst.Slug] = inst
	}
	return out, nil
}

// empty reports whether the catalogue holds no institution, programme or course.
func (s *Store) empty(ctx context.Context) (bool, error) {
	for _, coll := range []*mongo.Collection{s.institutions, s.programmes, s.courses} {
		err := coll.FindOne(ctx, bson.M{}, options.FindOne().SetProjection(bson.M{"_id": 1})).Err()
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, mongo.ErrNoDocuments) {
			return false, fmt.Errorf("look for catalogue items: %w", err)
		}
	}
	return true, nil
}
