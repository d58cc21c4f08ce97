#!/usr/bin/env bash
# Configures and builds gilbench (Release) into build/. Extra arguments go to
# CMake's configure step, e.g. -DGILBENCH_SANITIZE=ON.
# BUILD_TARGETS="gilbench" builds only those targets (scripts/run.sh: the
# main job needs the binary, not the test and benchmark binaries, which are
# most of a fresh build); unset, everything is built (scripts/test.sh).
#
# Adding an interpreter to the python engine: list every CPython (>= 3.11,
# built with --enable-shared, headers installed) it should run, the default
# first; each gets a module build/engines/gilbench_python_<version>.so and
# `gilbench serve --engine python --python PATH` picks it at run time:
#   scripts/build.sh -DGILBENCH_PYTHONS="/usr/bin/python3.11;$HOME/.pyenv/versions/3.13.0/bin/python3.13"
# The list is cached in build/: give it again to change it. Details and where
# interpreters come from: docs/python-engine.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
targets=()
for t in ${BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$BUILD_DIR" -j"$(nproc)" "${targets[@]}"
