#!/usr/bin/env bash
# Installs the Debian 12 packages gilbench needs. Idempotent: installs only
# what is missing and runs `apt-get update` at most once per call.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-math1.81-dev
  libssl-dev libsqlite3-dev zlib1g-dev
  python3.11-dev python3
  libcli11-dev libfmt-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  gnuplot-nox curl procps
  wrk nginx-light
  python3-flask python3-aiohttp python3-aiosqlite gunicorn
  python3-uvicorn python3-uvloop python3-httptools python3-starlette python3-fastapi python3-gevent
  clang-14 libclang-rt-14-dev
)

# Optional groups, installed only when asked for:
#   --paper  pdflatex for `gilbench report --paper` (texlive-pictures holds the
#            pgf that Beamer needs; --no-install-recommends would leave it out)
#   --test   the report tests' tools: headless Chromium, pdfinfo/pdftotext
#   --talk   `gilbench report --talk`: the paper's tools, the speech
#            synthesiser (espeak-ng; docs/report.md says why not flite or
#            festival), ffmpeg/ffprobe and pdftoppm (poppler-utils)
#   --slurm  a single-node Slurm (slurmctld, slurmd, munge) for deploy/slurm/
#            and its end-to-end test; iproute2 for the network-namespace tests
for arg in "$@"; do
  case "$arg" in
    --paper) PACKAGES+=(texlive-latex-recommended texlive-pictures texlive-fonts-recommended lmodern poppler-utils) ;;
    --test) PACKAGES+=(chromium poppler-utils) ;;
    --talk) PACKAGES+=(texlive-latex-recommended texlive-pictures texlive-fonts-recommended lmodern poppler-utils
                       espeak-ng ffmpeg) ;;
    --slurm) PACKAGES+=(slurm-wlm munge iproute2) ;;
    *) echo "setup: unknown option $arg (known: --paper, --test, --talk, --slurm)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all packages present"
fi

# The python engine must embed Debian's CPython 3.11, not whatever python3
# comes first on PATH (a pyenv build may shadow it).
if ! /usr/bin/python3 -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then
  echo "setup: /usr/bin/python3 is not CPython 3.11" >&2
  exit 1
fi
if [ ! -f /usr/include/python3.11/Python.h ]; then
  echo "setup: /usr/include/python3.11/Python.h missing (python3.11-dev)" >&2
  exit 1
fi
# The library CMake links and the modules the engine imports at run time.
if [ ! -e /usr/lib/x86_64-linux-gnu/libpython3.11.so ] && [ ! -e "/usr/lib/$(gcc -dumpmachine)/libpython3.11.so" ]; then
  echo "setup: libpython3.11.so missing (libpython3.11-dev)" >&2
  exit 1
fi
if ! /usr/bin/python3 -I -c 'import hashlib, sqlite3, threading' 2>/dev/null; then
  echo "setup: /usr/bin/python3 cannot import hashlib/sqlite3 (the python engine needs them)" >&2
  exit 1
fi
if [ "$(command -v python3)" != /usr/bin/python3 ]; then
  echo "setup: note: python3 on PATH is $(command -v python3); gilbench embeds /usr/bin/python3"
fi
# nginx-light's package starts a system nginx on port 80; gilbench starts its
# own instances for anchors, so the system one is not needed.
