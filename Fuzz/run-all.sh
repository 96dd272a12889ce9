#!/usr/bin/env bash
# Runs every fuzz target, one after another, for SECONDS each (CI: `Fuzz/run-all.sh 20`), and fails when any
# target crashes or breaks a property; the others still run, so one report names every failing target.
#
# Usage: Fuzz/run-all.sh SECONDS [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: Fuzz/run-all.sh SECONDS [TARGET...]" >&2; exit 64; }
seconds=$1
shift
Fuzz/build.sh "$@" || exit 1
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls Fuzz/Targets/*.swift | xargs -n1 basename | sed 's/\.swift$//')
failed=()
for target in "${targets[@]}"; do
  Fuzz/run.sh "$target" "$seconds" || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
