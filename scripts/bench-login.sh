#!/usr/bin/env bash
# Simultaneous sign-ins against `academy run` (embedded): LOGINS requests
# released at once, spread over ACCOUNTS accounts and one client address each
# (academy trusts loopback as its proxy and reads X-Forwarded-For), while the
# process's resident memory and /readyz are sampled throughout.
#
# Usage: scripts/bench-login.sh
#   LOGINS=500 ACCOUNTS=50 BIN=path/to/academy (optional)
source "$(dirname "$0")/bench-lib.sh"
LOGINS=${LOGINS:-500}
ACCOUNTS=${ACCOUNTS:-50}

header "sign-in burst: $LOGINS logins at once over $ACCOUNTS accounts"
build
start_academy "$work/data" academy.log ACADEMY_TRUSTED_PROXIES=127.0.0.1
echo "-- registering $ACCOUNTS accounts ($(load))"
for i in $(seq "$ACCOUNTS"); do
  curl -sf -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench$i@example.org\",\"password\":\"correct horse battery\",\"display_name\":\"Bench $i\"}" \
    "$api/api/v1/auth/register"
done
echo "-- burst ($(load))"
python3 - "$api" "$academy_pid" "$LOGINS" "$ACCOUNTS" <<'EOF'
import http.client, json, statistics, sys, threading, time, urllib.parse

api, pid, logins, accounts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
host = urllib.parse.urlparse(api).netloc

def rss_mib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

done = threading.Event()
rss, ready = [], []

def sample_rss():
    while not done.is_set():
        rss.append(rss_mib())
        time.sleep(0.05)

def sample_ready():
    while not done.is_set():
        start = time.monotonic()
        try:
            c = http.client.HTTPConnection(host, timeout=10)
            c.request("GET", "/readyz")
            status = c.getresponse().status
            c.close()
        except OSError:
            status = 0
        ready.append((status, time.monotonic() - start))
        time.sleep(0.2)

results = [None] * logins
barrier = threading.Barrier(logins + 1)

def login(i):
    body = json.dumps({"email": f"bench{i % accounts + 1}@example.org", "password": "correct horse battery"})
    headers = {"Content-Type": "application/json", "X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256 + 1}"}
    c = http.client.HTTPConnection(host, timeout=120)
    c.connect()
    barrier.wait()
    start = time.monotonic()
    try:
        c.request("POST", "/api/v1/auth/login", body, headers)
        r = c.getresponse()
        r.read()
        results[i] = (r.status, time.monotonic() - start, r.getheader("Retry-After"))
    except OSError as e:
        results[i] = (0, time.monotonic() - start, None)
    c.close()

before = rss_mib()
samplers = [threading.Thread(target=sample_rss), threading.Thread(target=sample_ready)]
for s in samplers:
    s.start()
threads = [threading.Thread(target=login, args=(i,)) for i in range(logins)]
for t in threads:
    t.start()
barrier.wait()
began = time.monotonic()
for t in threads:
    t.join()
took = time.monotonic() - began
time.sleep(1)
done.set()
for s in samplers:
    s.join()

by_status = {}
for status, secs, retry in results:
    by_status.setdefault(status, []).append(secs)
print(f"{logins} logins answered in {took:.1f} s")
print("| status | count | p50 ms | p95 ms | max ms |")
print("|---|---|---|---|---|")
for status, times in sorted(by_status.items()):
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(f"| {status} | {len(times)} | {statistics.median(times) * 1000:.0f} | {p95 * 1000:.0f} | {times[-1] * 1000:.0f} |")
missing_retry = sum(1 for s, _, r in results if s == 503 and not r)
bad_ready = [s for s, _ in ready if s != 200]
print(f"503 without Retry-After: {missing_retry}")
print(f"RSS: {before:.0f} MiB before, peak {max(rss):.0f} MiB ({len(rss)} samples)")
print(f"/readyz: {len(ready) - len(bad_ready)} of {len(ready)} samples 200, slowest {max(t for _, t in ready) * 1000:.0f} ms")
EOF
echo "-- done ($(load))"
