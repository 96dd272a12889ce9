#!/usr/bin/env bash
# Builds one fuzz target and runs it for SECONDS on its seed corpus (Fuzz/Corpus/TARGET, and for `dump` and
# `profile` the test dumps and Profiles/) plus the entries earlier runs kept (.build/fuzz/corpus/TARGET, where new
# ones go; `Fuzz/merge.sh TARGET` folds them into the seeds).
# A crash or a broken property stops the run with exit status 1 and leaves the input in
# .build/fuzz/crashes/TARGET/; the last lines printed are libFuzzer's coverage (cov:, ft:) and speed.
#
# Usage: Fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTIONS...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: Fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTIONS...]" >&2; exit 64; }
target=$1 seconds=$2
shift 2
Fuzz/build.sh "$target"

found=.build/fuzz/corpus/$target crashes=.build/fuzz/crashes/$target
mkdir -p "$found" "$crashes" "Fuzz/Corpus/$target"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/veil-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Seeds kept elsewhere in the repository: the reader's test dumps, the profiles.
seeds=("Fuzz/Corpus/$target")
case "$target" in
  dump) seeds+=(Tests/VeilConnectorsTests/Fixtures) ;;
  profile) seeds+=(Profiles) ;;
  scrub-*) seeds+=(Fuzz/Corpus/scrub) ;;
esac

# Inputs per target: a dump may be a few kilobytes, a line or a statement less.
case "$target" in
  dump) max_len=16384 ;;
  archive) max_len=24576 ;;
  csv | profile) max_len=8192 ;;
  *) max_len=4096 ;;
esac

# `archive` spawns pg_restore through Foundation's Process, whose `run()` leaves a 32-byte weak-reference side table
# that LeakSanitizer reports (after an input, and again at exit); leaks are not what that target looks for.
target_options=() leak_detection=1
[ "$target" = archive ] && target_options=(-detect_leaks=0) && leak_detection=0

# VEIL_FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so that its short run explores the same inputs on every
# machine; unset, each run explores new ones).
seed_option=()
[ -n "${VEIL_FUZZ_SEED:-}" ] && seed_option=(-seed="$VEIL_FUZZ_SEED")

# A crash must not hang in Swift's backtracer; libFuzzer prints its own stack.
status=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=$leak_detection} SWIFT_BACKTRACE=enable=no VEIL_FUZZ_SCRATCH=$scratch ".build/fuzz/bin/fuzz-$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1 \
  -artifact_prefix="$crashes/" "${seed_option[@]}" "${target_options[@]}" "$@" \
  "$found" "${seeds[@]}" >"$scratch/log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
  grep -v '^INFO:' "$scratch/log" | tail -40 >&2
  echo "fuzz-$target: FAILED (exit $status); the input is in $crashes/" >&2
  exit 1
fi
stats=$(grep -E '^#[0-9]+' "$scratch/log" | tail -1)
execs=$(grep -E '^stat::number_of_executed_units' "$scratch/log" | awk '{print $2}')
echo "fuzz-$target: ${seconds}s, ${execs:-?} runs, $(ls "$found" | wc -l) kept entries; last: $stats"
