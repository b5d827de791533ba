#!/usr/bin/env bash
# Talent pool: BenchmarkTalent (cmd/academy/talent_bench_test.go) at the
# sizes of the talent pool's goals, on the embedded stack as `academy run`
# runs it (FerretDB on SQLite, Bleve, miniredis): full recompute time and
# pairs/s beside the same formula in memory, then again over the rankings
# it wrote; credential issued to the company's match list p95, match list
# and talent search p95.
#
# Usage: scripts/bench-talent.sh
#   PROFILES=20000 OPENINGS=500 TIMEOUT=6h SOURCE=HEAD|worktree
source "$(dirname "$0")/bench-lib.sh"
PROFILES=${PROFILES:-20000}
OPENINGS=${OPENINGS:-500}
TIMEOUT=${TIMEOUT:-6h}

header "talent: $PROFILES learners, $OPENINGS openings, embedded stack"
src=.
if [ "$SOURCE" != worktree ]; then
  [ -f frontend/dist/index.html ] || make web >&2
  src=$work/src
  mkdir -p "$src"
  git archive "$SOURCE" | tar -x -C "$src"
  cp -r frontend/dist "$src/frontend/dist"
fi
echo "-- before: $(load)"
(cd "$src" && ACADEMY_BENCH_PROFILES=$PROFILES ACADEMY_BENCH_OPENINGS=$OPENINGS \
  go test ./cmd/academy -run '^$' -bench 'BenchmarkTalent$' -benchtime 1x -timeout "$TIMEOUT") | tee "$work/bench.out"
echo "-- after: $(load)"
echo
grep '^BenchmarkTalent' "$work/bench.out" | tr '\t' '\n' | sed -n 's/^ *\([0-9.e+-]*\) \([a-z][a-z0-9/-]*\)$/\2 \1/p' | sort | column -t
