#!/usr/bin/env bash
# Measures the first start of `academy run` on an empty data directory: the
# time from exec to /readyz answering 200, the seed catalogue being loaded on
# the way, and how long the seed took by academy's own log. ROUNDS rounds;
# with BASE=<commit> the same for that commit too, the two alternating.
# Usage: scripts/bench-start.sh   (ROUNDS=5 BASE= SOURCE=HEAD|worktree)
source "$(dirname "$0")/bench-lib.sh"
ROUNDS=${ROUNDS:-5}
BASE=${BASE:-}

# build_at REV OUT compiles academy from REV (a commit or "worktree") into OUT.
build_at() {
  local rev=$1 out=$2 src=.
  [ -f frontend/dist/index.html ] || make web >&2
  if [ "$rev" != worktree ]; then
    src=$work/src-$rev
    mkdir -p "$src"
    git archive "$rev" | tar -x -C "$src"
    cp -r frontend/dist "$src/frontend/dist"
  fi
  (cd "$src" && go build -trimpath -o "$out" ./cmd/academy)
}

# cold BIN LABEL starts BIN on a new empty data directory and prints a row.
cold() {
  local bin=$1 label=$2 dir port t0 t1 seed
  dir=$(mktemp -d -p "$work")
  port=$(free_port)
  t0=$(date +%s%N)
  start "$label.log" env ACADEMY_DATA_DIR="$dir" ACADEMY_ADDR="127.0.0.1:$port" ACADEMY_LOG_FORMAT=json "$bin" run
  wait_http "http://127.0.0.1:$port/readyz" "$pid" "$label.log" 300
  t1=$(date +%s%N)
  seed=$(grep '"seed catalogue loaded"' "$work/$label.log" | tail -1 | python3 -c 'import json,sys; print("%.1f s" % (json.load(sys.stdin)["took"] / 1e9))')
  printf '%-8s %8d ms   seed %-10s %s\n' "$label" $(( (t1 - t0) / 1000000 )) "$seed" "$(load)"
  stop_started "$pid"
  : >"$work/$label.log"
}

header "first start to /readyz on an empty data directory"
build_at "$SOURCE" "$work/academy-source"
[ -z "$BASE" ] || build_at "$BASE" "$work/academy-base"
for round in $(seq "$ROUNDS"); do
  [ -z "$BASE" ] || cold "$work/academy-base" base
  cold "$work/academy-source" source
done
