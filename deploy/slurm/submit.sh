#!/usr/bin/env bash
# Submits a sharded gilbench sweep to Slurm: an array of N shard tasks and a
# merge + report job that waits for all of them (README.md).
#   deploy/slurm/submit.sh EXPERIMENT N OUT [extra sbatch options...]
# Prints the two job ids. GILBENCH (default: gilbench on PATH) is passed on.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 EXPERIMENT N OUT [sbatch options...]" >&2
  exit 2
fi
EXPERIMENT=$(realpath "$1")
N=$2
OUT=$(realpath -m "$3")
shift 3
case "$N" in '' | *[!0-9]*) echo "submit: N must be a positive number, not '$N'" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
array=$(sbatch --parsable --array=1-"$N" --chdir="$PWD" --output="$OUT/shard-%a.log" "$@" \
  "$HERE/sweep-array.sbatch" "$EXPERIMENT" "$OUT")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$PWD" --output="$OUT/merge.log" "$@" \
  "$HERE/merge-report.sbatch" "$OUT" "$N")
echo "shards: job $array (array 1-$N); merge and report: job ${merge%%;*} -> $OUT/merged/report/"
