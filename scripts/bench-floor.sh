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
# The collector set as academy run sets it for the embedded database.
(cd "$src" && GOGC=${GOGC:-400} go test ./services/kit/embedded -run '^$' -bench 'BenchmarkFloor$' -benchtime "$BENCHTIME") | tee "$work/bench.out"
echo "-- after: $(load)"
echo
# Each line: the operation, then the value before each unit named.
grep '^BenchmarkFloor/' "$work/bench.out" | awk '{
  name = $1; sub(/^BenchmarkFloor\//, "", name); sub(/-[0-9]+$/, "", name)
  for (i = 3; i <= NF; i++) { if ($i == "cpu-µs/doc") cpu = $(i - 1); if ($i == "µs/doc") wall = $(i - 1) }
  print name, cpu, wall }' | (echo "operation cpu-µs/doc µs/doc"; cat) | column -t
