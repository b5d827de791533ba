#!/usr/bin/env bash
# Throughput of GET /api/v1/courses/{slug} on `academy run` (embedded, with the
# seed catalogue) beside a bare Fiber handler sending the same bytes, measured
# with wrk in alternating rounds in one run.
#
# Usage: scripts/bench-course.sh
#   SLUG=machine-learning-foundations ROUNDS=3 SECONDS_PER_ROUND=10 CONNECTIONS=32 BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
SLUG=${SLUG:-machine-learning-foundations}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-10}
CONNECTIONS=${CONNECTIONS:-32}

if ! command -v wrk >/dev/null; then
  sudo=$([ "$(id -u)" = 0 ] || echo sudo)
  $sudo apt-get install -y -q wrk >&2 || { $sudo apt-get update -q >&2 && $sudo apt-get install -y -q wrk >&2; }
fi

header "course page: GET /api/v1/courses/$SLUG, wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_ROUND}s, $ROUNDS rounds each"
build
start_academy "$work/data" academy.log
course_url=$api/api/v1/courses/$SLUG
bare_port=$(free_port)
start bare.log "$LOADGEN" bare --addr "127.0.0.1:$bare_port" --from "$course_url"
bare_pid=$pid
bare_url=http://127.0.0.1:$bare_port/api/v1/courses/$SLUG
wait_http "$bare_url" "$bare_pid" bare.log 30
if cmp -s <(curl -sf "$course_url") <(curl -sf "$bare_url"); then
  echo "both send the same $(curl -sf "$bare_url" | wc -c) bytes"
else
  echo "the two servers send different bodies" >&2
  exit 1
fi

# run_wrk NAME URL appends "NAME requests/s p50_ms p99_ms non2xx [socket errors]" to
# $work/results; wrk counts a request unanswered after 2 s as a timeout.
run_wrk() {
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency "$2" | python3 -c '
import re, sys
out = sys.stdin.read()
def ms(v):
    n, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
errors = re.search(r"Socket errors: (.*)", out)
print(sys.argv[1], f"{rps:.0f}", f"{p50:.2f}", f"{p99:.2f}", bad.group(1) if bad else 0, "socket errors: " + errors.group(1) if errors else "")
' "$1" >>"$work/results"
}

echo "-- warming up both for 2 s ($(load))"
wrk -t1 -c"$CONNECTIONS" -d2s "$bare_url" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d2s "$course_url" >/dev/null
for round in $(seq "$ROUNDS"); do
  # Alternate which goes first, so that neither always meets the machine as the other left it.
  if [ $((round % 2)) = 1 ]; then
    run_wrk bare "$bare_url"
    run_wrk academy "$course_url"
  else
    run_wrk academy "$course_url"
    run_wrk bare "$bare_url"
  fi
done
echo "-- done ($(load))"
python3 - "$work/results" <<'EOF'
import sys
rows = [line.split() for line in open(sys.argv[1])]
print(f"{'server':>8} {'round':>5} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7}")
rounds = {}
for name, rps, p50, p99, bad, *rest in rows:
    rounds.setdefault(name, []).append(float(rps))
    print(f"{name:>8} {len(rounds[name]):>5} {rps:>8} {p50:>7} {p99:>7} {bad:>7} {' '.join(rest)}")
mean = {k: sum(v) / len(v) for k, v in rounds.items()}
print(f"mean req/s: academy {mean['academy']:.0f}, bare {mean['bare']:.0f}; academy/bare = {mean['academy'] / mean['bare']:.2f}")
EOF
