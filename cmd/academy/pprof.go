package main

import (
	"context"
	"net"
	"net/http"
	"net/http/pprof"
)

// serveProfilesOn serves the runtime profiles (net/http/pprof) on ln until
// ctx ends. They are opt-in and never on the HTTP address: a profile shows
// the program's inner workings, and a CPU profile costs the CPU it measures.
// No write timeout: a CPU or trace profile lasts as long as its seconds ask.
func (a *academy) serveProfilesOn(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return serveUntil(ctx, ln, &http.Server{Handler: mux, ReadHeaderTimeout: a.cfg.ReadHeaderTimeout, IdleTimeout: a.cfg.IdleTimeout})
}
