#!/usr/bin/env bash
# Measures `academy run` embedded: cold start to /readyz OK on an empty data
# directory (seed catalogue loaded on the way), warm start on existing data,
# and idle resident memory. Then the access-token and login benchmarks.
# Usage: scripts/measure.sh   (after `make build`; BIN overrides the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/academy}
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# start_academy starts academy run and sets pid and took_ms once /readyz answers.
start_academy() {
  local t0 t1
  t0=$(date +%s%N)
  ACADEMY_DATA_DIR="$dir" ACADEMY_ADDR="127.0.0.1:$port" ACADEMY_LOG_LEVEL=warn "$BIN" run >>"$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log"; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  took_ms=$(( (t1 - t0) / 1000000 ))
}

stop_academy() {
  kill -TERM "$pid"
  wait "$pid" || true
  pid=
}

start_academy
echo "cold start to /readyz (empty data dir, seed loaded): ${took_ms} ms"
sleep 10
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "idle resident memory after 10 s: $((rss / 1024)) MiB"
courses=$(curl -s "http://127.0.0.1:$port/api/v1/courses?limit=100" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("items", [])))' 2>/dev/null || echo "?")
echo "published courses served after the cold start: $courses"
stop_academy
start_academy
echo "warm start to /readyz (existing data): ${took_ms} ms"
stop_academy

echo
echo "access tokens and login (go test -bench):"
go test -run '^$' -bench 'BenchmarkVerify|BenchmarkIssue' -benchmem ./services/identity/token/ | grep -E '^Benchmark'
go test -run '^$' -bench 'BenchmarkLogin' -benchmem -benchtime 20x ./services/identity/ | grep -E '^Benchmark'
