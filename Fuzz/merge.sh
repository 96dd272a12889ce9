#!/usr/bin/env bash
# Folds the entries fuzzing runs kept (.build/fuzz/corpus/TARGET) into the seed corpus (Fuzz/Corpus/TARGET),
# adding only those that reach coverage the seeds do not (libFuzzer's -merge=1). Review and commit the new files.
#
# Usage: Fuzz/merge.sh TARGET
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: Fuzz/merge.sh TARGET" >&2; exit 64; }
Fuzz/build.sh "$1"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/veil-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
before=$(ls "Fuzz/Corpus/$1" | wc -l)
SWIFT_BACKTRACE=enable=no VEIL_FUZZ_SCRATCH=$scratch ".build/fuzz/bin/fuzz-$1" -merge=1 -timeout=10 \
  -rss_limit_mb=2048 "Fuzz/Corpus/$1" ".build/fuzz/corpus/$1" >"$scratch/log" 2>&1 || {
  tail -20 "$scratch/log" >&2
  exit 1
}
echo "Fuzz/Corpus/$1: $before entries, now $(ls "Fuzz/Corpus/$1" | wc -l)"
