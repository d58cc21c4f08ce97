#!/usr/bin/env bash
# The README's test command: installs what is needed, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# --paper --test --talk: pdflatex, chromium, poppler, espeak-ng and ffmpeg for the
# report tests; --slurm: Slurm and munge for deploy/slurm's test
bash scripts/setup.sh --paper --test --talk --slurm
bash scripts/build.sh
# The request-path fuzzer (fuzz/), on its own small NDEBUG build: Beast 1.81
# asserts on split chunk headers in a debug build (docs/api.md, "Fuzzing").
# FUZZ_SECONDS=0 skips it.
cd "$ROOT"
if [ "${FUZZ_SECONDS:-60}" -gt 0 ]; then
  cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
    -DGILBENCH_FUZZ=ON -DGILBENCH_TESTS=OFF -DGILBENCH_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target request_path_fuzz
  corpus=$(mktemp -d)
  cp fuzz/corpus/* "$corpus"/
  build-fuzz/fuzz/request_path_fuzz -max_total_time="${FUZZ_SECONDS:-60}" -dict=fuzz/http.dict \
    -max_len=4096 -print_final_stats=1 -artifact_prefix=build-fuzz/ "$corpus"
  rm -rf "$corpus"
fi

# ctest last, so its summary closes the output.
cd "$ROOT/${BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)" --timeout 600
