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
//
// What can fail at once is checked first, before any slow work: the data
// directory's lock, then the listen address (connections wait in its backlog
// until the platform is up).
func runProcess(ctx context.Context, cfg *Config, withHTTP, withWorker bool, onReady func(addr string)) error {
	start := time.Now()
	log := cfg.logger()
	release, err := claimDataDir(cfg)
	if err != nil {
		return err
	}
	defer release()
	var ln net.Listener
	if withHTTP {
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return fmt.Errorf("listen on %s (ACADEMY_ADDR): %w", cfg.Addr, err)
		}
		// Fiber closes it when it serves; this covers a failed start.
		defer ln.Close()
	}
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
	seeded := false
	if p.embedded() && withWorker {
		if seeded, err = a.seedIfEmpty(ctx); err != nil {
			return err
		}
	}
	if err := a.indexer.ApplySettings(ctx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	// Search fills in behind the platform, as it does through the queue:
	// rebuilding a new or lost index took a quarter of a first start.
	rebuilt := make(chan struct{})
	go func() {
		defer close(rebuilt)
		if err := a.indexer.RebuildEmpty(ctx); err != nil && ctx.Err() == nil {
			log.Error("rebuild the search index", "err", err)
		}
	}()
	defer func() { <-rebuilt }() // before the index closes
	if seeded {
		competitionsSeeded := make(chan struct{})
		go func() {
			defer close(competitionsSeeded)
			if err := a.seedCompetitionsBehind(ctx); err != nil && ctx.Err() == nil {
				log.Error("seed the competitions", "err", err)
			}
		}()
		defer func() { <-competitionsSeeded }()
	}
	// The insight read model is recounted once from the data written before
	// it existed, by whichever process claims the run, before this process
	// counts or serves insight: a recount beside live counting would replace
	// what was counted meanwhile. A process that skips, or whose recount
	// fails (the next start tries again), serves the read model as it
	// stands, each course's counts whole: insight is not worth not serving for.
	switch done, err := a.learning.RebuildInsightOnce(ctx); {
	case err != nil && ctx.Err() == nil:
		log.Error("rebuild the insight read model", "err", err)
	case done:
		log.Info("insight read model rebuilt")
	}
	a.background(ctx)

	if withWorker {
		worker, err := a.startWorker(ctx)
		if err != nil {
			return err
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
	mode := "production"
	if p.embedded() {
		mode = "embedded"
	}
	if !p.embedded() && cfg.MetricsAddr == "" && cfg.MetricsToken == "" {
		log.Warn("/metrics is open to anyone who reaches the HTTP address; set ACADEMY_METRICS_ADDR or ACADEMY_METRICS_TOKEN")
	}
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for metrics: %w", cfg.MetricsAddr, err)
		}
		go func() {
			if err := a.serveMetricsOn(ctx, mln); err != nil {
				log.Error("metrics server stopped", "err", err)
			}
		}()
		log.Info("metrics served on their own address", "url", "http://"+mln.Addr().String()+"/metrics")
	}
	if cfg.PprofAddr != "" {
		pln, err := net.Listen("tcp", cfg.PprofAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("listen on %s for profiles (ACADEMY_PPROF_ADDR): %w", cfg.PprofAddr, err)
		}
		go func() {
			if err := a.serveProfilesOn(ctx, pln); err != nil {
				log.Error("profile server stopped", "err", err)
			}
		}()
		log.Info("runtime profiles served on their own address", "url", "http://"+pln.Addr().String()+"/debug/pprof/")
	}
	log.Info("academy is up", "mode", mode, "url", "http://"+ln.Addr().String(), "data_dir", cfg.DataDir, "started_in", time.Since(start).Round(time.Millisecond))
	if onReady != nil {
		onReady(ln.Addr().String())
	}
	err = serveHTTP(ctx, app, ln)
	log.Info("shutting down")
	return err
}

// startWorker starts processing tasks, and the scheduler of periodic work
// until ctx ends. Every worker runs a scheduler; each period's upkeep still
// runs once per cluster. Its first round, at once, resumes the work a crash
// or an emptied queue left.
func (a *academy) startWorker(ctx context.Context) (*jobs.Worker, error) {
	w := jobs.NewWorker(a.p.redis, a.cfg.Concurrency, a.log)
	a.handleTasks(w)
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("start workers: %w", err)
	}
	go jobs.NewScheduler(a.queue, jobs.Specs, a.log).Run(ctx)
	return w, nil
}
