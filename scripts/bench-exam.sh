#!/usr/bin/env bash
# Exam-start surge on `academy run` embedded (with the seed catalogue):
# LEARNERS learners, registered, signed in and enrolled beforehand (timed
# apart), arrive spread over WINDOW, each starting an attempt at the first
# quiz of COURSE, autosaving an answer per question, submitting and looking
# for the grade on the server (wait=grade), as the web app does. Prints
# p50/p95/p99 per endpoint and the errors, the slowest endpoint, the share of
# learners told their grade within 2 s of submitting, and the load average
# and the CPU time left idle (the whole machine's) during the surge. With
# PROFILE=N (seconds) it also takes a CPU profile of academy from the surge's
# start, through ACADEMY_PPROF_ADDR, and prints its top functions
# (KEEP_PROFILE=path keeps the profile). With GODEBUG=gctrace=1 it sums up
# academy's garbage collections.
#
# Usage: scripts/bench-exam.sh
#   LEARNERS=2000 WINDOW=60s COURSE=machine-learning-foundations BIN=path/to/academy PROFILE=30 (optional)
source "$(dirname "$0")/bench-lib.sh"
LEARNERS=${LEARNERS:-2000}
WINDOW=${WINDOW:-60s}
COURSE=${COURSE:-machine-learning-foundations}

header "exam surge: $LEARNERS learners over $WINDOW on $COURSE, academy run embedded"
build
PROFILE=${PROFILE:-}
pprof_addr=127.0.0.1:$(free_port)
# Tokens must outlive the setup and the surge. Every learner signs up from
# this one address: the limit on anonymous requests per address is lifted.
start_academy "$work/data" academy.log ACADEMY_TOKEN_TTL=2h ACADEMY_PPROF_ADDR="$pprof_addr" ACADEMY_ANONYMOUS_RATE_LIMIT=0
"$LOADGEN" exam --api "$api" --course "$COURSE" --learners "$LEARNERS" --window "$WINDOW" | while IFS= read -r line; do
  # The load average and the idle CPU go next to the surge's figures: taken as the setup ends and as the surge ends.
  case $line in
  "setup: enrolled"*)
    echo "$line"
    echo "-- surge starts ($(load))"
    cpu_start=$(cpu_times)
    if [ -n "$PROFILE" ]; then
      curl -sf -o "$work/cpu.pprof" "http://$pprof_addr/debug/pprof/profile?seconds=$PROFILE" &
      profile_pid=$!
    fi
    ;;
  "exam surge:"*)
    echo "-- surge ended ($(load)); CPU idle during the surge: $(cpu_idle_since "$cpu_start")"
    echo "$line"
    ;;
  "slowest request"*)
    echo "$line"
    if [ -n "${profile_pid:-}" ]; then
      wait "$profile_pid" || true
      echo "-- CPU profile of academy over the surge's first ${PROFILE}s, top functions by cumulative time:"
      go tool pprof -top -cum -nodecount=40 "$BIN" "$work/cpu.pprof" 2>/dev/null | tail -n +5
      [ -z "${KEEP_PROFILE:-}" ] || cp "$work/cpu.pprof" "$KEEP_PROFILE"
    fi
    ;;
  *) echo "$line" ;;
  esac
done
echo "academy logged $(grep -c '"level":"ERROR"' "$work/academy.log" || true) errors"
# With GODEBUG=gctrace=1 in the environment, academy traces each collection
# to its log: enough collections near the soft heap limit would be thrashing.
if grep -q '^gc [0-9]* @' "$work/academy.log"; then
  awk '/^gc [0-9]+ @/ { n++; if (match($0, /[0-9]+->[0-9]+->[0-9]+ MB/)) { split(substr($0, RSTART, RLENGTH - 3), h, "->"); if (h[1] + 0 > peak) peak = h[1] + 0; if (h[3] + 0 > live) live = h[3] + 0 } }
    END { printf "academy garbage collections over setup and surge: %d; heap at most %d MB at a collection, at most %d MB live after one\n", n, peak, live }' "$work/academy.log"
fi
