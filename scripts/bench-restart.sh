#!/usr/bin/env bash
# Crash recovery of the grading backlog: `academy run` (embedded database)
# acknowledges COUNT submissions, is killed with SIGKILL right after the last
# acknowledgement, and is started again on the same data directory; the
# script reports how long the restart took to answer /readyz and when the
# last submission was graded, from the graded_at academy stored.
#
# QUEUE=embedded keeps the queue in academy's process (miniredis: the restart
# finds it empty); QUEUE=redis puts it on a redis-server started here, which
# survives the kill.
#
# Usage: scripts/bench-restart.sh
#   COUNT=200 QUEUE=embedded|redis CONCURRENCY=8 BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
COUNT=${COUNT:-200}
QUEUE=${QUEUE:-embedded}
CONCURRENCY=${CONCURRENCY:-8}

header "restart: $COUNT submissions acknowledged, kill -9 of academy run, restart; queue $QUEUE"
build
# The restart listens on another port: a fixed issuer keeps the tokens valid.
env_vars=(ACADEMY_TOKEN_TTL=2h ACADEMY_TOKEN_ISSUER=http://bench.academy.test ACADEMY_WORKER_CONCURRENCY="$CONCURRENCY")
if [ "$QUEUE" = redis ]; then
  start_redis
  env_vars+=(ACADEMY_REDIS_URL="$redis_url")
fi
start_academy "$work/data" academy.log "${env_vars[@]}"
echo "-- submitting ($(load))"
"$LOADGEN" restart submit --api "$api" --count "$COUNT" --out "$work/attempts.json"
kill -KILL "$academy_pid"
killed_at=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
stop_started "$academy_pid"
echo "-- killed academy at $killed_at; restarting ($(load))"
start_academy "$work/data" academy2.log "${env_vars[@]}"
ready_at=$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)
"$LOADGEN" restart wait --api "$api" --in "$work/attempts.json" --killed-at "$killed_at" --ready-at "$ready_at"
echo "-- done ($(load))"
echo "academy logged $(cat "$work"/academy*.log | grep -c '"level":"ERROR"' || true) errors"
