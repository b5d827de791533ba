// Package embedded starts the in-process stand-ins for MongoDB and Redis that
// let academy run as one process with nothing else installed.
package embedded

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// MongoDB is an in-process FerretDB speaking the MongoDB wire protocol on a
// loopback port, storing its data as SQLite files under a directory.
type MongoDB struct {
	URI    string
	dir    string
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
	// stopIndexing ends KeepIDLookupsIndexed's sweeps; indexing is done
	// when they have.
	stopIndexing context.CancelFunc
	indexing     chan struct{}
}

// StartMongoDB starts FerretDB with the sqlite handler, keeping its files in dir.
// FerretDB's own logging goes to log at warn level and above only.
func StartMongoDB(dir string, log *slog.Logger) (*MongoDB, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create database directory: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	quiet := slog.New(levelFloor{base: log.Handler(), min: slog.LevelWarn}).With("component", "ferretdb")
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_txlock=immediate&_pragma=synchronous(normal)",
		Logger:    quiet,
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded database: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &MongoDB{dir: abs, log: log, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(m.done)
		_ = f.Run(ctx)
	}()
	// MongoDBURI reads the listener's address, which exists once Run has bound it.
	deadline := time.Now().Add(10 * time.Second)
	for {
		uri, ok := tryURI(f)
		if ok {
			m.URI = uri
			return m, nil
		}
		if time.Now().After(deadline) {
			cancel()
			return nil, fmt.Errorf("embedded database did not start listening")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func tryURI(f *ferretdb.FerretDB) (uri string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return f.MongoDBURI(), true
}

// IndexIDLookups gives every collection of a database an SQLite index on
// the expression FerretDB's SQLite backend looks documents up by _id with
// (_ferretdb_sjson->'$._id'). The unique index FerretDB creates for _id is
// on a differently written expression (_ferretdb_sjson->"_id") that SQLite
// does not match to it, so without this every read or write by _id decodes
// the JSON of every document in the collection. FerretDB keeps its own list
// of indexes and never sees these; dropping a collection drops its table and
// them with it. A collection created later gets its index from
// KeepIDLookupsIndexed, or on the next call.
func (m *MongoDB) IndexIDLookups(ctx context.Context, database string) error {
	path := filepath.Join(m.dir, database+".sqlite")
	if _, err := os.Stat(path); err != nil {
		return nil // no collection yet
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer db.Close()
	// Only collections without the index: a pass that finds them all
	// indexed writes nothing.
	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM _ferretdb_collections c WHERE NOT EXISTS
		(SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.tbl_name = c.table_name AND i.name = c.table_name || '_academy_id_lookup')`)
	if err != nil {
		return fmt.Errorf("list the collections of %s: %w", database, err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_academy_id_lookup", t)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index _id lookups of %s: %w", t, err)
		}
	}
	return nil
}

// KeepIDLookupsIndexed indexes the _id lookups of the database's
// collections now, then again every interval until Close: FerretDB creates
// a collection on its first write, and one created while academy runs
// (the events of a first start, a context's first record of a kind) would
// otherwise decode every document on each read by _id until the next start.
// The sweeps serve one database: a later call, for academy built again on
// the same database, indexes once and leaves them running. Not for
// concurrent use with itself or Close.
func (m *MongoDB) KeepIDLookupsIndexed(ctx context.Context, database string, every time.Duration) error {
	if err := m.IndexIDLookups(ctx, database); err != nil || m.indexing != nil {
		return err
	}
	sweeps, stop := context.WithCancel(context.Background())
	m.stopIndexing, m.indexing = stop, make(chan struct{})
	go func() {
		defer close(m.indexing)
		tick := time.NewTicker(every)
		defer tick.Stop()
		// A failure that lasts (a full disk) is logged when it starts or
		// changes, not at every sweep.
		var failing string
		for {
			select {
			case <-sweeps.Done():
				return
			case <-tick.C:
			}
			err := m.IndexIDLookups(sweeps, database)
			switch {
			case err == nil:
				failing = ""
			case sweeps.Err() == nil && err.Error() != failing:
				failing = err.Error()
				m.log.Warn("index the _id lookups of new collections", "database", database, "err", err)
			}
		}
	}()
	return nil
}

// Close stops FerretDB and waits for it to release its files.
func (m *MongoDB) Close() {
	if m.stopIndexing != nil {
		m.stopIndexing()
		<-m.indexing
	}
	m.cancel()
	<-m.done
}

// levelFloor drops records below min, so a chatty library logs only what
// matters. It also drops FerretDB's dumps of error responses ("Response
// header", "Response message"): the driver hands those errors to our code,
// which reports them where they matter (a duplicate key is often expected).
//
// FerretDB derives a logger with attributes for every connection and
// request; handing those to the real handler would format attributes that
// nearly always go unused, so they are applied only to a record kept.
type levelFloor struct {
	base    slog.Handler
	min     slog.Level
	pending []func(slog.Handler) slog.Handler
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.base.Enabled(ctx, l)
}

func (h levelFloor) Handle(ctx context.Context, r slog.Record) error {
	if strings.HasPrefix(r.Message, "Response header") || strings.HasPrefix(r.Message, "Response message") {
		return nil
	}
	out := h.base
	for _, apply := range h.pending {
		out = apply(out)
	}
	return out.Handle(ctx, r)
}

func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return h.with(func(x slog.Handler) slog.Handler { return x.WithAttrs(a) })
}

func (h levelFloor) WithGroup(n string) slog.Handler {
	return h.with(func(x slog.Handler) slog.Handler { return x.WithGroup(n) })
}

func (h levelFloor) with(apply func(slog.Handler) slog.Handler) levelFloor {
	return levelFloor{base: h.base, min: h.min, pending: append(slices.Clip(h.pending), apply)}
}
