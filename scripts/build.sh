#!/usr/bin/env bash
# Configures and builds gilbench (Release) into build/. Extra arguments go to
# CMake's configure step, e.g. -DGILBENCH_SANITIZE=ON.
# BUILD_TARGETS="gilbench" builds only those targets (scripts/run.sh: the
# main job needs the binary, not the test and benchmark binaries, which are
# most of a fresh build); unset, everything is built (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
targets=()
for t in ${BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$BUILD_DIR" -j"$(nproc)" "${targets[@]}"
