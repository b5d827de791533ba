#!/usr/bin/env bash
# Grading pipeline on `academy run` (embedded database) with its queue on a
# real redis-server started here: graded attempts per second end to end (HTTP
# submit to the result stored in MongoDB) beside a no-op asynq task on the
# same Redis, then the submit-to-graded latency under a steady rate.
#
# The attempts are prepared first (learners enrolled in every seed course
# with a quiz, one attempt in progress per quiz with its answers saved);
# then loadgen runs the no-op baseline, the burst and the steady phase. When
# an attempt was graded is read from GET /attempts/:id once its phase's tasks
# are done (graded_at), so watching does not load the server meanwhile.
#
# ANSWERS=0 saves an answer to every question.
#
# Usage: scripts/bench-grading.sh
#   BURST=1000 RATE=200 DURATION=10s ANSWERS=0 NOOP=5000 BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
BURST=${BURST:-1000}
RATE=${RATE:-200}
DURATION=${DURATION:-10s}
ANSWERS=${ANSWERS:-0}
NOOP=${NOOP:-5000}
CONCURRENCY=${CONCURRENCY:-8}

header "grading: burst of $BURST, steady $RATE/s for $DURATION, $NOOP no-op tasks; academy run embedded, queue on redis-server"
build
start_redis
start_academy "$work/data" academy.log ACADEMY_REDIS_URL="$redis_url" ACADEMY_TOKEN_TTL=2h ACADEMY_WORKER_CONCURRENCY="$CONCURRENCY"
"$LOADGEN" grading --api "$api" --redis "$redis_url" --burst "$BURST" --rate "$RATE" --duration "$DURATION" \
  --answers "$ANSWERS" --noop "$NOOP" --concurrency "$CONCURRENCY" | while IFS= read -r line; do
  case $line in
  "setup:"*) echo "$line"; echo "-- measuring ($(load))" ;;
  "steady:"*) echo "-- done ($(load))"; echo "$line" ;;
  *) echo "$line" ;;
  esac
done
echo "academy logged $(grep -c '"level":"ERROR"' "$work/academy.log" || true) errors"
