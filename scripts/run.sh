#!/usr/bin/env bash
# The README's main command: installs what is needed, builds, creates the
# store, runs experiments/quick.toml (about 4 minutes on 2 cores; rerun to
# resume if interrupted), writes the report and prints its path last.
# EXPERIMENT=experiments/full.toml bash scripts/run.sh runs another file.
# PAPER=1 also installs pdflatex (setup.sh --paper) and writes paper.pdf and
# slides.pdf; the last three lines are then report.html, paper.pdf, slides.pdf.
# TALK=1 (setup.sh --talk) also writes talk.mp4, talk.srt and talk.md; the
# last line is then talk.mp4.
set -euo pipefail
cd "$(dirname "$0")/.."
paper=()
setup=()
if [ "${PAPER:-0}" = 1 ]; then paper=(--paper); setup=(--paper); fi
# TALK=1 also makes talk.mp4 (with the paper and slides it is built from).
if [ "${TALK:-0}" = 1 ]; then paper=(--talk); setup=(--talk); fi
bash scripts/setup.sh "${setup[@]}"
# Only the binary: the test and benchmark binaries are most of a fresh
# build and the run needs none of them (docs/benchmarks.md, "Time to the
# first cell").
BUILD_TARGETS=gilbench bash scripts/build.sh
BIN=${BUILD_DIR:-build}/gilbench
"$BIN" db init --db gilbench.db
# The sweep exits 3 when it finished with failed or degraded cells: the
# report is still written (it marks them), and this script then exits 3 too.
set +e
out=$("$BIN" sweep "${EXPERIMENT:-experiments/quick.toml}")
sweep_rc=$?
set -e
dir=$(printf '%s\n' "$out" | tail -n 1)
if [ "$sweep_rc" -ne 0 ] && [ "$sweep_rc" -ne 3 ]; then
  echo "run.sh: the sweep failed (exit $sweep_rc)" >&2
  exit "$sweep_rc"
fi
"$BIN" report "$dir" "${paper[@]}"
if [ "$sweep_rc" -eq 3 ]; then
  echo "run.sh: some cells failed or were degraded; the report marks them" >&2
  exit 3
fi
