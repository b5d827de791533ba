#!/usr/bin/env bash
# The embedded database's floor: BenchmarkFloor (services/kit/embedded) on
# FerretDB on SQLite as `academy run` starts it, through the driver. Per
# document, the time and the processor time of the whole process for a read
# by _id, an update by _id, and one document of an unordered insert of
# 1,000: what any figure on the embedded stack pays at the least for each
# round trip it makes, whatever the code above it.
#
# Usage: scripts/bench-floor.sh
#   BENCHTIME=3s SOURCE=HEAD|worktree
source "$(dirname "$0")/bench-lib.sh"
BENCHTIME=${BENCHTIME:-3s}

header "embedded database floor: read, update and insert of small documents"
src=.
if [ "$SOURCE" != worktree ]; then
  src=$work/src
  mkdir -p "$src"
  git archive "$SOURCE" | tar -x -C "$src"
fi
echo "-- before: $(load)"
(cd "$src" && go test ./services/kit/embedded -run '^$' -bench 'BenchmarkFloor$' -benchtime "$BENCHTIME") | tee "$work/bench.out"
echo "-- after: $(load)"
echo
grep '^BenchmarkFloor/' "$work/bench.out" | awk '{ sub(/-[0-9]+$/, "", $1); sub(/^BenchmarkFloor\//, "", $1); print $1, $5, $7 }' |
  (echo "operation cpu-µs/doc µs/doc"; cat) | column -t
