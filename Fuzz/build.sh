#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets with `swiftc -sanitize=fuzzer,address`, straight from the
# sources: only the modules the targets parse with are compiled (VeilCore, VeilCrypto, the dump and CSV readers of
# VeilConnectors without its drivers, VeilMasking, VeilProfile with Yams), each once and with `-enable-testing`
# so a target reaches the internal entry points the readers themselves call (`@testable import`). Nothing of
# NIO, Hummingbird, libpq or SQLite is built. Each target file defines `LLVMFuzzerTestOneInput` and traps when a
# property breaks. Binaries land in .build/fuzz/bin/fuzz-NAME; a module or target is rebuilt when a source
# changed.
#
# Usage: Fuzz/build.sh [TARGET...]   (default: every file in Fuzz/Targets)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swiftc >/dev/null || export PATH=/opt/swift/usr/bin:$PATH

out=.build/fuzz
mkdir -p "$out/obj" "$out/bin"
flags=(-sanitize=fuzzer,address -O -g -wmo -swift-version 6 -package-name Veil -I "$out/obj" -I Sources/COpenSSL -I Sources/CLibC)

# fresh OUTPUT INPUTS...: true when OUTPUT exists and no input is newer.
fresh() {
  local output=$1
  shift
  [ -f "$output" ] && [ -z "$(find "$@" -newer "$output" 2>/dev/null | head -1)" ]
}

# module NAME FILES... [-- SWIFTC-OPTIONS...]: a library module (swiftmodule + one object).
module() {
  local name=$1 files=() options=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do files+=("$1"); shift; done
  [ $# -gt 0 ] && shift && options=("$@")
  fresh "$out/obj/$name.o" "${files[@]}" && return
  echo "compiling $name" >&2
  swiftc "${flags[@]}" -parse-as-library -enable-testing -module-name "$name" -emit-module \
    -emit-module-path "$out/obj/$name.swiftmodule" -emit-object -o "$out/obj/$name.o" "${options[@]}" "${files[@]}"
}

# Yams and its C half (libyaml), checked out by SwiftPM as for a normal build.
yams() {
  local root=.build/checkouts/Yams
  [ -d "$root" ] || swift package resolve >/dev/null
  local include="$root/Sources/CYaml/include"
  for source in "$root"/Sources/CYaml/src/*.c; do
    local object="$out/obj/cyaml-$(basename "$source" .c).o"
    fresh "$object" "$source" \
      || clang -c -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$include" -o "$object" "$source"
  done
  module Yams "$root"/Sources/Yams/*.swift -- -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC -Xcc -I"$include"
  yams_objects=("$out/obj/Yams.o" "$out"/obj/cyaml-*.o)
  yams_include=(-Xcc -I"$include")
}

# The modules a target parses with, and the objects it links.
modules_for() {
  module VeilCore Sources/VeilCore/*.swift
  case "$1" in
    dump | archive | copy-row | insert | csv)
      # The dump and CSV readers of VeilConnectors, without the drivers (so without libpq and SQLite).
      module VeilFiles Sources/VeilFiles/*.swift
      module VeilConnectors Sources/VeilConnectors/PgDump/*.swift Sources/VeilConnectors/CopyText/*.swift \
        Sources/VeilConnectors/Files/*.swift \
        Sources/VeilConnectors/CSV/{CSVFieldEncoder,CSVFileScanner,CSVReader,CSVRecordScanner}.swift \
        Sources/VeilConnectors/Postgres/PostgresClientTools.swift
      objects=("$out/obj/VeilConnectors.o" "$out/obj/VeilFiles.o")
      ;;
    scrub | scrub-* | json-path | json-leaves | packed-paths)
      module VeilCrypto $(find Sources/VeilCrypto -name '*.swift')
      # SwiftPM would generate `Bundle.module` for the word lists; Fuzz/Support/Masking stands in.
      module VeilMasking $(find Sources/VeilMasking -name '*.swift') Fuzz/Support/Masking/*.swift
      objects=("$out/obj/VeilMasking.o" "$out/obj/VeilCrypto.o" -lcrypto)
      ;;
    profile)
      yams
      module VeilProfile $(find Sources/VeilProfile -name '*.swift') -- "${yams_include[@]}"
      objects=("$out/obj/VeilProfile.o" "${yams_objects[@]}" "${yams_include[@]}")
      ;;
    *)
      echo "unknown fuzz target: $1" >&2
      exit 64
      ;;
  esac
  objects+=("$out/obj/VeilCore.o")
}

build() {
  local target=$1 objects=()
  modules_for "$target"
  local binary="$out/bin/fuzz-$target" sources=("Fuzz/Targets/$target.swift" Fuzz/Support/*.swift)
  # The scrub targets share their properties (they need VeilMasking, which the others do not link).
  case "$target" in
    scrub | scrub-*) sources+=(Fuzz/Support/Scrub/*.swift) ;;
    dump | archive) sources+=(Fuzz/Support/Dump/*.swift) ;;
  esac
  fresh "$binary" "${sources[@]}" "$out"/obj/*.o && return
  echo "linking fuzz-$target" >&2
  swiftc "${flags[@]}" -parse-as-library -module-name "FuzzTarget" "${sources[@]}" "${objects[@]}" -o "$binary" \
    2> >(grep -v 'ld.gold: warning: Cannot export local symbol' >&2)
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls Fuzz/Targets/*.swift | xargs -n1 basename | sed 's/\.swift$//')
# VeilCore first; then the three independent families (readers, masking, profile) side by side, one target of
# each, which builds their modules; then the rest, which only link.
module VeilCore Sources/VeilCore/*.swift
pids=()
for family in dump scrub profile; do
  for target in "${targets[@]}"; do
    if [ "$target" = "$family" ]; then
      build "$target" &
      pids+=($!)
    fi
  done
done
for pid in "${pids[@]}"; do wait "$pid"; done
for target in "${targets[@]}"; do build "$target"; done
