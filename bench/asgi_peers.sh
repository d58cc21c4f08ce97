#!/usr/bin/env bash
# The ASGI/gevent peers (issue 12) against the gilbench model each imitates:
# experiments/peers.toml (cpu 80k and io 10 ms at c = 1, 8, 32), run by the
# sweep, whose rounds shuffle the cells so machine drift hits every target
# alike; then bench/asgi_peers_summary.py prints the ratio table.
#   bench/asgi_peers.sh [BUILD_DIR] [OUT]
# Env: REPS (rounds, default the file's 1), DURATION (window s, default 4).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build}/gilbench")
OUT=${2:-$(mktemp -d /tmp/gilbench-asgi-peers.XXXX)}
mkdir -p "$OUT"
sed -e "s/^repetitions = .*/repetitions = ${REPS:-1}/" -e "s/^duration_s = .*/duration_s = ${DURATION:-4}/" \
    -e "s|^db = .*|db = \"$OUT/kv.db\"|" -e "s|^name = .*|name = \"peers\"\npeers_dir = \"$PWD/peers/python\"|" \
    experiments/peers.toml >"$OUT/peers.toml"
"$BIN" db init --db "$OUT/kv.db" >/dev/null
start=$(date +%s)
"$BIN" sweep "$OUT/peers.toml" --out "$OUT/results" | tee "$OUT/sweep.log" || true
echo "sweep took $(( $(date +%s) - start )) s" | tee -a "$OUT/sweep.log"
bench/asgi_peers_summary.py "$(ls -d "$OUT"/results/peers-* | tail -n 1)" | tee "$OUT/summary.md"
