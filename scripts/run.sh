#!/usr/bin/env bash
# The README's main command: installs what is needed, builds, creates the
# store, runs experiments/quick.toml (about 4 minutes on 2 cores; rerun to
# resume if interrupted), writes the report and prints its path last.
# EXPERIMENT=experiments/full.toml bash scripts/run.sh runs another file.
# PAPER=1 also installs pdflatex (setup.sh --paper) and writes paper.pdf and
# slides.pdf; the last three lines are then report.html, paper.pdf, slides.pdf.
set -euo pipefail
cd "$(dirname "$0")/.."
paper=()
if [ "${PAPER:-0}" = 1 ]; then paper=(--paper); fi
bash scripts/setup.sh "${paper[@]}"
bash scripts/build.sh
BIN=${BUILD_DIR:-build}/gilbench
"$BIN" db init --db gilbench.db
dir=$("$BIN" sweep "${EXPERIMENT:-experiments/quick.toml}" | tail -n 1)
"$BIN" report "$dir" "${paper[@]}"
