#!/usr/bin/env bash
# Open-loop send delay of gilbench load, before and after (issue 9): each
# configuration loads one `gilbench serve --model async` noop server at 1k,
# 10k and 50k req/s, configurations interleaved within each repetition so
# drift hits all alike; prints every run, then medians per (config, rate).
#   bench/send_delay.sh [RUNS] [DURATION] CONFIG...
# CONFIG is label=/path/to/gilbench[:extra load args, comma-separated], e.g.
#   bench/send_delay.sh 3 3s before=../old-checkout/build/gilbench after=build/gilbench \
#       after-nospin=build/gilbench:--spin-us,0
# Env: RATES (default "1000 10000 50000"), CONNS (default 32), THREADS (1).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DUR=${2:-3s}
shift 2
RATES=${RATES:-1000 10000 50000}
CONNS=${CONNS:-32}
THREADS=${THREADS:-1}
WORK=$(mktemp -d /tmp/gilbench-send-delay.XXXXXX)
SERVE_BIN=${SERVE_BIN:-build/gilbench}
"$SERVE_BIN" db init --db "$WORK/kv.db" >/dev/null
"$SERVE_BIN" serve --model async --port 0 --db "$WORK/kv.db" >"$WORK/serve.out" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" && break; sleep 0.05; done
URL=http://127.0.0.1:$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.out" | cut -d: -f2)/score

echo "config rate rep send_p50_us send_p99_us lat_p50_us lat_p99_us achieved_rps"
for rep in $(seq "$RUNS"); do
  for rate in $RATES; do
    for cfg in "$@"; do
      label=${cfg%%=*}
      rest=${cfg#*=}
      bin=${rest%%:*}
      extra=""
      [ "$rest" != "$bin" ] && extra=$(echo "${rest#*:}" | tr ',' ' ')
      # shellcheck disable=SC2086
      "$bin" load "$URL" --rate "$rate" -t "$THREADS" -c "$CONNS" -d "$DUR" --warmup 0.5s --json $extra \
        >"$WORK/run.json"
      python3 - "$WORK/run.json" "$label" "$rate" "$rep" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def q(h, p):
    return next(x["value_us"] for x in d[h]["percentiles"] if x["percentile"] == p)
sent = d["issued"] / d["duration_s"] if d["duration_s"] else 0
print(sys.argv[2], sys.argv[3], sys.argv[4], q("send_delay", 50), q("send_delay", 99),
      q("latency", 50), q("latency", 99), round(d.get("generator", {}).get("achieved_rps", sent)))
PY
    done
  done
done | tee "$WORK/runs.txt"
echo
echo "medians over $RUNS runs"
python3 - "$WORK/runs.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
keys = []
for r in rows:
    if (r[0], r[1]) not in keys:
        keys.append((r[0], r[1]))
print("| config | rate | send p50 µs | send p99 µs | lat p50 µs | lat p99 µs | sent req/s |")
print("|---|---|---|---|---|---|---|")
for k in keys:
    sel = [r for r in rows if (r[0], r[1]) == k]
    med = [statistics.median(float(r[i]) for r in sel) for i in range(3, 8)]
    print(f"| {k[0]} | {k[1]} | " + " | ".join(f"{m:.0f}" for m in med) + " |")
PY
