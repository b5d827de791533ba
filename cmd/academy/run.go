package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"academy/jobs"
)

// RunCmd runs the HTTP server and the workers in one process.
type RunCmd struct{}

// Run starts everything and blocks until SIGINT or SIGTERM.
func (RunCmd) Run(ctx context.Context, cfg *Config) error {
	return runProcess(ctx, cfg, true, true, nil)
}

// ServeCmd runs the HTTP server only.
type ServeCmd struct{}

// Run serves HTTP until SIGINT or SIGTERM.
func (ServeCmd) Run(ctx context.Context, cfg *Config) error {
	if err := cfg.requireExternal("serve"); err != nil {
		return err
	}
	return runProcess(ctx, cfg, true, false, nil)
}

// WorkerCmd runs the background workers only.
type WorkerCmd struct{}

// Run processes tasks until SIGINT or SIGTERM.
func (WorkerCmd) Run(ctx context.Context, cfg *Config) error {
	if err := cfg.requireExternal("worker"); err != nil {
		return err
	}
	return runProcess(ctx, cfg, false, true, nil)
}

// runProcess opens the stores, wires the platform and runs the HTTP server,
// the workers, or both, then shuts down in order: stop accepting and finish
// requests, finish running tasks, close the stores. onReady, when set, learns
// the listening address once requests are accepted.
func runProcess(ctx context.Context, cfg *Config, withHTTP, withWorker bool, onReady func(addr string)) error {
	start := time.Now()
	log := cfg.logger()
	p, err := openPlatform(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer p.Close()
	a, err := newAcademy(ctx, cfg, log, p)
	if err != nil {
		return err
	}
	defer a.Close()
	if p.embedded() && withWorker {
		if err := a.seedIfEmpty(ctx); err != nil {
			return err
		}
	}
	if err := a.indexer.Ensure(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	a.background(ctx)

	var worker *jobs.Worker
	if withWorker {
		worker = jobs.NewWorker(p.redis, cfg.Concurrency, log)
		a.handleTasks(worker)
		if err := worker.Start(); err != nil {
			return fmt.Errorf("start workers: %w", err)
		}
		defer worker.Shutdown()
		log.Info("workers started", "concurrency", cfg.Concurrency)
	}
	if !withHTTP {
		<-ctx.Done()
		log.Info("shutting down")
		return nil
	}
	app, err := newHTTP(a)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	mode := "production"
	if p.embedded() {
		mode = "embedded"
	}
	log.Info("academy is up", "mode", mode, "url", "http://"+ln.Addr().String(), "data_dir", cfg.DataDir, "started_in", time.Since(start).Round(time.Millisecond))
	if onReady != nil {
		onReady(ln.Addr().String())
	}
	err = serveHTTP(ctx, app, ln)
	log.Info("shutting down")
	return err
}
