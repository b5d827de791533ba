#!/usr/bin/env bash
# Exam-start surge on `academy run` embedded (with the seed catalogue):
# LEARNERS learners, registered, signed in and enrolled beforehand (timed
# apart), arrive spread over WINDOW, each starting an attempt at the first
# quiz of COURSE, autosaving an answer per question, submitting and looking
# at the attempt until it is graded. Prints p50/p95/p99 per endpoint and the
# errors.
#
# Usage: scripts/bench-exam.sh
#   LEARNERS=2000 WINDOW=60s COURSE=machine-learning-foundations BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
LEARNERS=${LEARNERS:-2000}
WINDOW=${WINDOW:-60s}
COURSE=${COURSE:-machine-learning-foundations}

header "exam surge: $LEARNERS learners over $WINDOW on $COURSE, academy run embedded"
build
# Tokens must outlive the setup and the surge.
start_academy "$work/data" academy.log ACADEMY_TOKEN_TTL=2h
"$LOADGEN" exam --api "$api" --course "$COURSE" --learners "$LEARNERS" --window "$WINDOW" | while IFS= read -r line; do
  # The load average goes next to the surge's figures, taken as the setup ends and as the surge ends.
  case $line in
  "setup: enrolled"*) echo "$line"; echo "-- surge starts ($(load))" ;;
  "exam surge:"*) echo "-- surge ended ($(load))"; echo "$line" ;;
  *) echo "$line" ;;
  esac
done
echo "academy logged $(grep -c '"level":"ERROR"' "$work/academy.log" || true) errors"
