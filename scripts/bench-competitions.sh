#!/usr/bin/env bash
# Competitions on `academy run` embedded (its queue on a redis-server started
# here, so that the no-op baseline shares it). `loadgen competition setup`
# has an administrator host a running regression competition (RMSE) for a
# seed organisation with a ROWS-row solution, and PARTICIPANTS learners sign
# up and join. Then:
#   (a) throughput: SUBMISSIONS participants each submit a ROWS-row file
#       (about 2 MB at 100,000 rows); submissions scored per second by
#       academy's bulk worker, beside the same metric on pre-parsed
#       predictions in loadgen's process and beside a no-op asynq task run
#       by as many handlers as the bulk worker has;
#   (b) surge: every participant submits once, spread over WINDOW: upload
#       latency, lost and doubled submissions, time until all are final;
#   (c) reads: academy is stopped, TEAMS synthetic teams are added to the
#       public board in the database, academy restarts; READERS read board
#       pages for READ_DURATION while READ_SUBMISSIONS are sent and scored;
#   (d) a FILE_MB MB data file uploaded by the host and downloaded by a
#       participant, with academy's resident memory sampled throughout.
# The load average is printed around each part.
#
# Usage: scripts/bench-competitions.sh
#   PARTICIPANTS=500 WINDOW=60s SUBMISSIONS=50 ROWS=100000 TEAMS=10000 READERS=4
#   READ_DURATION=30s READ_SUBMISSIONS=40 FILE_MB=200 WORKER_CONCURRENCY=4 BIN=path/to/academy (optional)
#   PROFILE=20 (optional: a CPU profile of academy over the first 20 s of (a), top functions printed)
source "$(dirname "$0")/bench-lib.sh"
PARTICIPANTS=${PARTICIPANTS:-500}
WINDOW=${WINDOW:-60s}
SUBMISSIONS=${SUBMISSIONS:-50}
ROWS=${ROWS:-100000}
TEAMS=${TEAMS:-10000}
READERS=${READERS:-4}
READ_DURATION=${READ_DURATION:-30s}
READ_SUBMISSIONS=${READ_SUBMISSIONS:-40}
FILE_MB=${FILE_MB:-200}
# academy's bulk queue, which scores, gets a quarter of the handlers: 4 gives it one.
WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-4}
bulk_handlers=$((WORKER_CONCURRENCY / 4 > 1 ? WORKER_CONCURRENCY / 4 : 1))

header "competitions: $PARTICIPANTS participants, $ROWS-row submissions, $TEAMS extra teams, a $FILE_MB MB file; academy run embedded, queue on redis-server"
build
start_redis
data=$work/data
admin_email=bench-admin@example.org
admin_password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
# The embedded database belongs to one process at a time: the administrator is created before `run`.
ACADEMY_DATA_DIR="$data" "$BIN" admin create-admin --email "$admin_email" --name "Bench Administrator" --password-stdin <<<"$admin_password" >>"$work/admin.log" 2>&1 ||
  { cat "$work/admin.log" >&2; exit 1; }
# The tokens handed out before the restart in (c) must still hold after it,
# on another port: the issuer does not follow the address.
PROFILE=${PROFILE:-}
pprof_addr=127.0.0.1:$(free_port)
academy_env=(ACADEMY_PPROF_ADDR="$pprof_addr" ACADEMY_TOKEN_ISSUER=http://academy.bench ACADEMY_REDIS_URL="$redis_url" ACADEMY_WORKER_CONCURRENCY="$WORKER_CONCURRENCY" ACADEMY_TOKEN_TTL=4h ACADEMY_ANONYMOUS_RATE_LIMIT=0)
start_academy "$data" academy.log "${academy_env[@]}"

state=$work/state.json
echo "-- setup ($(load))"
LOADGEN_ADMIN_PASSWORD=$admin_password "$LOADGEN" competition setup --api "$api" --state "$state" --admin-email "$admin_email" \
  --rows "$ROWS" --participants "$PARTICIPANTS"

echo
echo "-- (a) scoring throughput, $bulk_handlers bulk handler(s) ($(load))"
cpu_start=$(cpu_times)
if [ -n "$PROFILE" ]; then
  curl -sf -o "$work/cpu.pprof" "http://$pprof_addr/debug/pprof/profile?seconds=$PROFILE" &
  profile_pid=$!
fi
"$LOADGEN" competition throughput --state "$state" --redis "$redis_url" --submissions "$SUBMISSIONS" --concurrency "$bulk_handlers"
echo "-- (a) ended ($(load)); CPU idle: $(cpu_idle_since "$cpu_start")"
if [ -n "$PROFILE" ]; then
  wait "$profile_pid" || true
  echo "-- CPU profile of academy over the first ${PROFILE}s of (a), top functions by cumulative time:"
  go tool pprof -top -cum -nodecount=60 "$BIN" "$work/cpu.pprof" 2>/dev/null | tail -n +5
  [ -z "${KEEP_PROFILE:-}" ] || cp "$work/cpu.pprof" "$KEEP_PROFILE"
fi

echo
echo "-- (b) surge: $PARTICIPANTS participants over $WINDOW ($(load))"
cpu_start=$(cpu_times)
"$LOADGEN" competition surge --state "$state" --window "$WINDOW"
echo "-- (b) ended ($(load)); CPU idle: $(cpu_idle_since "$cpu_start")"

echo
echo "-- (c) leaderboard reads at $TEAMS more teams: stopping academy to add them ($(load))"
stop_started "$academy_pid"
"$LOADGEN" competition board --state "$state" --data-dir "$data" --teams "$TEAMS"
start_academy "$data" academy.log "${academy_env[@]}"
# The state holds the first address; the restarted academy listens on another.
python3 -c 'import json,sys; p=sys.argv[1]; s=json.load(open(p)); s["api"]=sys.argv[2]; json.dump(s, open(p, "w"))' "$state" "$api"
echo "-- (c) reading while scoring ($(load))"
cpu_start=$(cpu_times)
"$LOADGEN" competition reads --state "$state" --duration "$READ_DURATION" --readers "$READERS" --submissions "$READ_SUBMISSIONS"
echo "-- (c) ended ($(load)); CPU idle: $(cpu_idle_since "$cpu_start")"

echo
echo "-- (d) a $FILE_MB MB data file ($(load))"
"$LOADGEN" competition bigfile --state "$state" --size $((FILE_MB * 1024 * 1024)) --pid "$academy_pid"
echo "-- (d) ended ($(load))"

echo
echo "academy logged $(grep -c '"level":"ERROR"' "$work/academy.log" || true) errors"
