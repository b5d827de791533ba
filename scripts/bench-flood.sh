#!/usr/bin/env bash
# Anonymous flood on `academy run` embedded (with the seed catalogue):
# REQUESTS anonymous skill lookups and lookups of unknown course and
# programme slugs, sent over CONNECTIONS connections released at once, while
# one signed-in learner keeps reading a course, looking up skills and
# searching, and /readyz is checked every 20 ms. The learner and /readyz are
# measured for QUIET before the flood too, for comparison.
#
# Usage: scripts/bench-flood.sh
#   REQUESTS=1000 CONNECTIONS=200 QUIET=5s RATE_LIMIT=300 (ACADEMY_ANONYMOUS_RATE_LIMIT; 0: none) BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
REQUESTS=${REQUESTS:-1000}
CONNECTIONS=${CONNECTIONS:-200}
QUIET=${QUIET:-5s}
RATE_LIMIT=${RATE_LIMIT:-300}

header "anonymous flood: $REQUESTS requests over $CONNECTIONS connections, anonymous limit $RATE_LIMIT/min, academy run embedded"
build
start_academy "$work/data" academy.log ACADEMY_ANONYMOUS_RATE_LIMIT="$RATE_LIMIT"
echo "-- measuring ($(load))"
"$LOADGEN" flood --api "$api" --requests "$REQUESTS" --connections "$CONNECTIONS" --quiet "$QUIET"
echo "-- done ($(load))"
echo "academy logged $(grep -c '"level":"ERROR"' "$work/academy.log" || true) errors"
