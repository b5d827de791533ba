package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"

	"academy/services/catalog"
	"academy/services/kit/embedded"
	"academy/services/search"
)

// CatalogCmd inserts a generated catalogue into MongoDB in the documents'
// stored shape (catalog.Institution, catalog.Programme, catalog.Course), as
// published items waiting for the search index.
type CatalogCmd struct {
	MongoURI string `help:"MongoDB URI; empty starts the embedded FerretDB on DATA-DIR/db, as academy does." name:"mongo-uri"`
	DataDir  string `help:"academy's data directory, for the embedded database." type:"path"`
	Database string `help:"Database name." default:"academy"`
	corpusFlags
	Batch int `help:"Documents per insert." default:"1000"`
}

// Run inserts the institutions, then the programmes and courses in batches.
func (c CatalogCmd) Run(ctx context.Context) error {
	db, closeDB, err := openDatabase(ctx, c.MongoURI, c.DataDir, c.Database)
	if err != nil {
		return err
	}
	defer closeDB()

	gen, err := newCorpus(c.Seed, c.Institutions)
	if err != nil {
		return err
	}
	start := time.Now()
	insts := make([]any, len(gen.institutions))
	for i, inst := range gen.institutions {
		insts[i] = inst.record()
	}
	if _, err := db.Collection("institutions").InsertMany(ctx, insts); err != nil {
		return fmt.Errorf("insert institutions: %w", err)
	}
	var programmes, courses []any
	var counts struct{ programmes, courses int }
	flush := func() error {
		if len(programmes) > 0 {
			if _, err := db.Collection("programmes").InsertMany(ctx, programmes); err != nil {
				return fmt.Errorf("insert programmes: %w", err)
			}
			counts.programmes += len(programmes)
		}
		if len(courses) > 0 {
			if _, err := db.Collection("courses").InsertMany(ctx, courses); err != nil {
				return fmt.Errorf("insert courses: %w", err)
			}
			counts.courses += len(courses)
		}
		programmes, courses = programmes[:0], courses[:0]
		fmt.Fprintf(os.Stderr, "\rinserted %d/%d", counts.programmes+counts.courses, c.Docs)
		return nil
	}
	for i := range c.Docs {
		e := gen.entry(i)
		if e.kind == search.TypeProgramme {
			programmes = append(programmes, e.programme())
		} else {
			courses = append(courses, e.course())
		}
		if len(programmes)+len(courses) == c.Batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintln(os.Stderr)
	fmt.Printf("inserted %d institutions, %d programmes and %d courses (%s) in %s (%.0f documents/s)\n",
		len(insts), counts.programmes, counts.courses, catalog.StatusPublished, took.Round(time.Millisecond),
		float64(counts.programmes+counts.courses)/took.Seconds())
	return nil
}

// openDatabase connects to MongoDB at uri or, when uri is empty, starts the
// embedded FerretDB on dataDir/db as academy does (academy must be stopped).
func openDatabase(ctx context.Context, uri, dataDir, name string) (*mongo.Database, func(), error) {
	var stopEmbedded func()
	if uri == "" {
		if dataDir == "" {
			return nil, nil, errors.New("name a database: --mongo-uri or --data-dir")
		}
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		db, err := embedded.StartMongoDB(filepath.Join(dataDir, "db"), log)
		if err != nil {
			return nil, nil, err
		}
		uri, stopEmbedded = db.URI, func() { db.Close() }
	}
	client, err := mongo.Connect(ctx, options.Client().ApplyURI(uri))
	if err != nil {
		if stopEmbedded != nil {
			stopEmbedded()
		}
		return nil, nil, fmt.Errorf("connect to MongoDB: %w", err)
	}
	return client.Database(name), func() {
		_ = client.Disconnect(context.Background())
		if stopEmbedded != nil {
			stopEmbedded()
		}
	}, nil
}
