package catalog

import (
	"context"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/apperr"
	"academy/services/kit/mongokit"
)

// slugMissTTL is how long a slug missing from a directory is answered as
// unknown from memory before a miss reads the directory again: the longest
// an item created or renamed by another process stays unseen here.
const slugMissTTL = 2 * time.Second

// slugDirectory maps the slugs of one collection to document ids, so that a
// lookup by slug is a read by _id (the only lookup the embedded FerretDB does
// without decoding the whole collection) and an unknown slug, which anyone
// can send, is answered from memory. Misses read the whole directory again
// at most once per slugMissTTL, however many distinct slugs are asked for.
type slugDirectory struct {
	coll *mongo.Collection

	mu       sync.RWMutex
	ids      map[string]string
	loadedAt time.Time
	// gen counts forgets: a directory read before one is not taken as fresh.
	gen uint64
	// loading lets one reader at a time read the directory.
	loading sync.Mutex
}

func newSlugDirectory(coll *mongo.Collection) *slugDirectory {
	return &slugDirectory{coll: coll}
}

// lookup returns the id of the document with this slug.
func (d *slugDirectory) lookup(ctx context.Context, slug string) (string, bool, error) {
	if id, ok, fresh := d.cached(slug); ok || fresh {
		return id, ok, nil
	}
	d.loading.Lock()
	defer d.loading.Unlock()
	if id, ok, fresh := d.cached(slug); ok || fresh {
		return id, ok, nil
	}
	if err := d.load(ctx); err != nil {
		return "", false, err
	}
	id, ok, _ := d.cached(slug)
	return id, ok, nil
}

// cached looks slug up in memory; fresh says a miss can be trusted.
func (d *slugDirectory) cached(slug string) (id string, ok, fresh bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	id, ok = d.ids[slug]
	return id, ok, d.ids != nil && time.Since(d.loadedAt) < slugMissTTL
}

func (d *slugDirectory) load(ctx context.Context) error {
	d.mu.RLock()
	gen := d.gen
	d.mu.RUnlock()
	refs, err := mongokit.FindAll[struct {
		ID   string `bson:"_id"`
		Slug string `bson:"slug"`
	}](ctx, d.coll, bson.M{}, options.Find().SetProjection(bson.M{"slug": 1}))
	if err != nil {
		return err
	}
	ids := make(map[string]string, len(refs))
	for _, r := range refs {
		ids[r.Slug] = r.ID
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ids = ids
	if gen == d.gen {
		d.loadedAt = time.Now()
	} else {
		d.loadedAt = time.Time{}
	}
	return nil
}

// forget makes the next miss read the directory again, after a write that
// may add or change a slug.
func (d *slugDirectory) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	d.loadedAt = time.Time{}
}

// wrote keeps the directory up to date after this process wrote the
// document id with this slug: on success the next lookup of the slug finds
// it without reading the whole directory again (a seed writing items one
// after another read it once per item), on failure the next miss reads it.
// A read of the directory under way when the write landed is not taken as
// fresh, since it may lack the slug.
func (d *slugDirectory) wrote(slug, id string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.gen++
	if err != nil || d.ids == nil {
		d.loadedAt = time.Time{}
		return
	}
	d.ids[slug] = id
}

// bySlug reads the item with this slug by its id. An id found for the slug
// whose document no longer has it (renamed by another process) reads the
// directory again once.
func bySlug[T any](ctx context.Context, d *slugDirectory, slug, what string, read func(id string) (T, error), slugOf func(T) string) (T, error) {
	var zero T
	for range 2 {
		id, ok, err := d.lookup(ctx, slug)
		if err != nil {
			return zero, err
		}
		if !ok {
			break
		}
		v, err := read(id)
		if err == nil && slugOf(v) == slug {
			return v, nil
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return zero, err
		}
		d.forget()
	}
	return zero, apperr.NotFoundf("no such %s", what)
}
