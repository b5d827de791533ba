package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
	"go.mongodb.org/mongo-driver/mongo/readpref"

	"academy/services/kit/blob"
	"academy/services/kit/dirlock"
	"academy/services/kit/embedded"
)

// embeddedGCPercent is the garbage collector's target in embedded mode.
const embeddedGCPercent = 400

// embeddedMemoryLimit is the Go heap's soft limit in embedded mode: at
// GOGC=400 alone a burst of 500 sign-ins (argon2id garbage) took the process
// from 255 to 692 MiB; with this limit it peaked at 486 MiB, all else equal.
const embeddedMemoryLimit = 400 << 20

// embeddedPoolSize caps the connections to the embedded database. SQLite has
// one writer; FerretDB opens a connection per client connection, and writers
// that find the lock taken sleep in SQLite's busy handler, up to 100 ms a
// try, while the lock is free again long before: with the driver's default
// pool (100) an exam surge of 600 learners in 20 s left the CPU 73 % idle,
// with a p95 of 1.6 s per request and 10 % of learners told their grade
// within 2 s. Waiting in the driver's pool instead, with 2 connections (one
// writing while one reads), gave p95 83–255 ms and 64–100 % told within 2 s;
// 1, 3, 4 and 8 connections all did worse than 2.
const embeddedPoolSize = 2

// platform holds the connections to the stores, embedded or external.
type platform struct {
	cfg   *Config
	log   *slog.Logger
	mongo *mongo.Client
	db    *mongo.Database
	redis asynq.RedisConnOpt
	// redisClient is kept for readiness checks.
	redisClient redis.UniversalClient

	embeddedDB    *embedded.MongoDB
	embeddedRedis *embedded.Redis
	// files keeps datasets and submissions: under the data directory beside
	// the embedded database, in GridFS beside MongoDB.
	files blob.Store
}

// claimDataDir locks the data directory when the embedded database or search
// index keeps files in it, before anything opens them, so that a second
// process fails at once instead of waiting on a lock deep inside a store.
func claimDataDir(cfg *Config) (release func(), err error) {
	if cfg.MongoURI != "" && cfg.MeiliURL != "" {
		return func() {}, nil
	}
	l, err := dirlock.Acquire(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return func() { _ = l.Release() }, nil
}

// openPlatform connects to MongoDB and Redis, starting the embedded stand-ins
// for whichever is not configured.
func openPlatform(ctx context.Context, cfg *Config, log *slog.Logger) (*platform, error) {
	p := &platform{cfg: cfg, log: log}
	uri := cfg.MongoURI
	if uri == "" || cfg.MeiliURL == "" {
		if err := privateDataDir(cfg.DataDir); err != nil {
			return nil, err
		}
	}
	if uri == "" {
		dir := filepath.Join(cfg.DataDir, "db")
		db, err := embedded.StartMongoDB(dir, log)
		if err != nil {
			return nil, err
		}
		p.embeddedDB = db
		uri = db.URI
		log.Info("database: embedded FerretDB (SQLite)", "dir", dir)
		if os.Getenv("GOGC") == "" {
			// The embedded database decodes and re-encodes every document it
			// touches, so at Go's default (100) garbage collection takes much
			// of the CPU under load: at 400 an exam's p95 latency was half that
			// at 100 (600 learners) and a sixth of that at 200 (2,000), for
			// about 90 MB more memory at rest. GOGC set in the environment wins.
			debug.SetGCPercent(embeddedGCPercent)
		}
		if os.Getenv("GOMEMLIMIT") == "" {
			debug.SetMemoryLimit(embeddedMemoryLimit)
		}
	} else {
		log.Info("database: MongoDB", "uri", redacted(uri))
	}
	opts := options.Client().ApplyURI(uri).SetServerSelectionTimeout(10 * time.Second)
	if p.embeddedDB != nil {
		opts.SetMaxPoolSize(embeddedPoolSize)
	}
	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	p.mongo = client
	p.db = client.Database(cfg.MongoDatabase)
	if err := client.Ping(ctx, readpref.Primary()); err != nil {
		p.Close()
		return nil, fmt.Errorf("reach MongoDB: %w", err)
	}

	if p.embeddedDB != nil {
		dir := filepath.Join(cfg.DataDir, "files")
		if p.files, err = blob.NewDir(dir); err != nil {
			p.Close()
			return nil, fmt.Errorf("open the file store: %w", err)
		}
		log.Info("files: data directory", "dir", dir)
	} else {
		p.files = blob.NewGridFS(p.db, "files")
		log.Info("files: GridFS")
	}

	if cfg.RedisURL == "" {
		r, err := embedded.StartRedis()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.embeddedRedis = r
		p.redis = asynq.RedisClientOpt{Addr: r.Addr}
		log.Info("queue: embedded in-process Redis (miniredis); queued work is re-enqueued from the database after a restart")
	} else {
		opt, err := asynq.ParseRedisURI(cfg.RedisURL)
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("ACADEMY_REDIS_URL: %w", err)
		}
		p.redis = opt
		log.Info("queue: Redis", "url", redacted(cfg.RedisURL))
	}
	rc, ok := p.redis.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		p.Close()
		return nil, fmt.Errorf("unexpected Redis client type %T", p.redis.MakeRedisClient())
	}
	p.redisClient = rc
	return p, nil
}

// embedded reports whether any store runs in-process.
func (p *platform) embedded() bool { return p.embeddedDB != nil || p.embeddedRedis != nil }

// Close disconnects and stops the embedded stand-ins, database last.
func (p *platform) Close() {
	if p.redisClient != nil {
		_ = p.redisClient.Close()
	}
	if p.mongo != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = p.mongo.Disconnect(ctx)
		cancel()
	}
	if p.embeddedRedis != nil {
		p.embeddedRedis.Close()
	}
	if p.embeddedDB != nil {
		p.embeddedDB.Close()
	}
}
