package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/gridfs"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/kit/mongoserver"
)

// GridFS stores blobs in MongoDB: the bytes as a GridFS file under a fresh id,
// and, as the commit point, one document per key (its _id) naming the current
// file with the blob's Info. A put whose upload fails aborts it, which removes
// its chunks; a put that dies between the upload and the commit leaves a file
// no key names, never a partial blob.
type GridFS struct {
	db   *mongo.Database
	name string
	keys *mongo.Collection
}

// NewGridFS returns the store in db, in the GridFS bucket and key collection
// named after prefix.
func NewGridFS(db *mongo.Database, prefix string) *GridFS {
	return &GridFS{db: db, name: prefix, keys: db.Collection(prefix + ".keys")}
}

// bucket returns a GridFS bucket for one operation: a Bucket keeps state
// across calls without a lock, so it is not shared between goroutines.
func (g *GridFS) bucket() (*gridfs.Bucket, error) {
	b, err := gridfs.NewBucket(g.db, options.GridFSBucket().SetName(g.name))
	if err != nil {
		return nil, fmt.Errorf("open GridFS bucket %s: %w", g.name, err)
	}
	return b, nil
}

// gridKey is the commit record of one blob.
type gridKey struct {
	Info   `bson:",inline"`
	FileID primitive.ObjectID `bson:"file_id"`
}

// Put implements Store.
func (g *GridFS) Put(ctx context.Context, key string, r io.Reader, opts PutOptions) (Info, error) {
	if err := checkPut(key, opts); err != nil {
		return Info{}, err
	}
	bucket, err := g.bucket()
	if err != nil {
		return Info{}, err
	}
	fileID := primitive.NewObjectID()
	up, err := bucket.OpenUploadStreamWithID(fileID, key)
	if err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	m := newMeter(contextReader{ctx, r}, opts.MaxSize)
	if _, err := io.Copy(up, m); err != nil {
		_ = up.Abort()
		if errors.Is(err, ErrTooLarge) {
			return Info{}, fmt.Errorf("put blob %s: %w: over %d bytes", key, ErrTooLarge, opts.MaxSize)
		}
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if err := up.Close(); err != nil {
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	rec := gridKey{
		Info:   Info{Key: key, Size: m.n, ContentType: opts.ContentType, SHA256: m.sum(), CreatedAt: time.Now().UTC().Truncate(time.Millisecond)},
		FileID: fileID,
	}
	var previous gridKey
	// Two first puts of a key race to insert its record: the loser's upsert
	// fails on the duplicate _id, and tried again it replaces the record.
	for range 3 {
		err = g.keys.FindOneAndReplace(ctx, bson.M{"_id": key}, rec, options.FindOneAndReplace().SetUpsert(true)).Decode(&previous)
		if !mongoserver.IsDuplicateKey(err) {
			break
		}
	}
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		_ = bucket.DeleteContext(ctx, fileID)
		return Info{}, fmt.Errorf("put blob %s: %w", key, err)
	}
	if err == nil && previous.FileID != fileID {
		if err := bucket.DeleteContext(ctx, previous.FileID); err != nil && !errors.Is(err, gridfs.ErrFileNotFound) {
			return rec.Info, fmt.Errorf("put blob %s: remove the version replaced: %w", key, err)
		}
	}
	return rec.Info, nil
}

func (g *GridFS) record(ctx context.Context, key string) (gridKey, error) {
	var rec gridKey
	if err := CheckKey(key); err != nil {
		return rec, err
	}
	err := g.keys.FindOne(ctx, bson.M{"_id": key}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return rec, fmt.Errorf("blob %s: %w", key, ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("read blob %s: %w", key, err)
	}
	return rec, nil
}

// Get implements Store.
func (g *GridFS) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	// A put replacing the blob may delete the file just looked up; the
	// record read again then names the new one.
	bucket, err := g.bucket()
	if err != nil {
		return nil, Info{}, err
	}
	for range 3 {
		rec, err := g.record(ctx, key)
		if err != nil {
			return nil, Info{}, err
		}
		down, err := bucket.OpenDownloadStream(rec.FileID)
		if errors.Is(err, gridfs.ErrFileNotFound) {
			continue
		}
		if err != nil {
			return nil, Info{}, fmt.Errorf("open blob %s: %w", key, err)
		}
		return down, rec.Info, nil
	}
	return nil, Info{}, fmt.Errorf("open blob %s: it kept changing while being opened", key)
}

// Stat implements Store.
func (g *GridFS) Stat(ctx context.Context, key string) (Info, error) {
	rec, err := g.record(ctx, key)
	return rec.Info, err
}

// Delete implements Store.
func (g *GridFS) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	var rec gridKey
	err := g.keys.FindOneAndDelete(ctx, bson.M{"_id": key}).Decode(&rec)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	bucket, err := g.bucket()
	if err != nil {
		return err
	}
	if err := bucket.DeleteContext(ctx, rec.FileID); err != nil && !errors.Is(err, gridfs.ErrFileNotFound) {
		return fmt.Errorf("delete blob %s: %w", key, err)
	}
	return nil
}
