#!/usr/bin/env bash
# Domain event delivery on the embedded stack, wired as `academy run` wires
# it (FerretDB on SQLite, the in-process miniredis, the outbox, a worker with
# the platform's settings): COUNT events, one at a time with the queue idle
# in between, each timed from the producer's write (its state and the event
# in one document, then Publish) to the moment its subscriber handles it.
# Goal: p95 ≤ 250 ms.
#
# Usage: scripts/bench-events.sh
#   COUNT=200 GAP=50ms CONCURRENCY=8 (optional)
source "$(dirname "$0")/bench-lib.sh"
COUNT=${COUNT:-200}
GAP=${GAP:-50ms}
CONCURRENCY=${CONCURRENCY:-8}

header "events: $COUNT events one at a time, producer write to subscriber handled; embedded database and queue, queue idle"
build_loadgen
echo "-- measuring ($(load))"
"$LOADGEN" events --dir "$work/data" --count "$COUNT" --gap "$GAP" --concurrency "$CONCURRENCY"
echo "-- done ($(load))"
