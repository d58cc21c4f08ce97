#!/usr/bin/env bash
# An open loop at 2x capacity, checked against a per-request reference
# (issue 9): `gilbench serve --model threads --workers 1` with a fixed 10 ms
# io wait holds 100 req/s; `gilbench load --rate 200` writes its per-request
# log and JSON, and bench/request_log_check.py recomputes the percentiles
# from the log. With BEFORE=path/to/old/gilbench the same run by the old
# generator (no drain, no log) is printed beside it, run right after.
#   bench/overload_check.sh [GILBENCH] [DURATION]   (env: BEFORE, RATE, DRAIN)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/gilbench}
DUR=${2:-5s}
RATE=${RATE:-200}
DRAIN=${DRAIN:-2s}
WORK=$(mktemp -d /tmp/gilbench-overload.XXXXXX)
"$BIN" db init --db "$WORK/kv.db" >/dev/null
"$BIN" serve --model threads --workers 1 --port 0 --db "$WORK/kv.db" >"$WORK/serve.out" 2>&1 &
SPID=$!
trap 'kill $SPID 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" && break; sleep 0.05; done
URL=http://127.0.0.1:$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.out" | cut -d: -f2)/score
ARGS=(--rate "$RATE" -c 64 -d "$DUR" --mode io --wait-ms 10 --wait-dist fixed --json)

"$BIN" load "$URL" "${ARGS[@]}" --drain "$DRAIN" --log-requests "$WORK/requests.log" >"$WORK/after.json"
echo "after ($BIN, --drain $DRAIN): histogram vs per-request log"
python3 bench/request_log_check.py "$WORK/requests.log" "$WORK/after.json"
python3 - "$WORK/after.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"scheduled {d['scheduled']} ok {d['ok']} censored {d['censored']} "
      f"(in flight {d['in_flight_end']}, never sent {d['not_issued_end']}) "
      f"failure share {d['failure_share']:.3f} server service mean {d['service']['mean_us']:.0f} us")
PY
if [ -n "${BEFORE:-}" ]; then
  sleep 1
  "$BEFORE" load "$URL" "${ARGS[@]}" >"$WORK/before.json"
  python3 - "$WORK/before.json" "$WORK/after.json" <<'PY'
import json, sys
b, a = (json.load(open(p)) for p in sys.argv[1:3])
def q(d, p):
    return next(x["value_us"] for x in d["latency"]["percentiles"] if x["percentile"] == p)
print("before (old generator, same command without the drain):")
for p in (50, 99):
    print(f"p{p}: before {q(b, p)} us, after {q(a, p)} us, after/before {q(a, p) / q(b, p):.2f}")
print(f"before: requests {b['requests']} in_flight_end {b['in_flight_end']} "
      f"not_issued_end {b['not_issued_end']} (left out of its percentiles)")
PY
fi
